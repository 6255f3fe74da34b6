//! The host's networks as the connection module describes them: one network per interface
//! that is up, not loopback, and has an address other than an IPv6 link-local one; its
//! `netId` is the interface index. Capabilities, properties and the default network come
//! from the kernel's tables ([`super::netlink`]) and the resolver configuration
//! (`/etc/resolv.conf`).

use super::netlink::{self, Kernel, Link};
use super::{ERR_INTERNAL, ERR_INVALID_VALUE};
use crate::core::error::Error;
use parking_lot::Mutex;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::net::IpAddr;

/// `NetBearType`.
pub const BEARER_CELLULAR: i32 = 0;
pub const BEARER_WIFI: i32 = 1;
pub const BEARER_BLUETOOTH: i32 = 2;
pub const BEARER_ETHERNET: i32 = 3;
pub const BEARER_VPN: i32 = 4;

/// `NetCap`.
pub const CAP_NOT_METERED: i32 = 11;
pub const CAP_INTERNET: i32 = 12;
pub const CAP_NOT_VPN: i32 = 15;
pub const CAP_VALIDATED: i32 = 16;

/// The resolver configuration file.
pub const RESOLV_CONF: &str = "/etc/resolv.conf";

/// A route as `RouteInfo` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub dest: IpAddr,
    pub prefix: u8,
    pub gateway: Option<IpAddr>,
    pub is_default: bool,
}

/// `NetCapabilities`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Caps {
    /// Mbit/s from the driver (sysfs `speed`) in kbit/s, 0 when unknown.
    pub bandwidth_kbps: u32,
    /// Sorted.
    pub caps: Vec<i32>,
    pub bearers: Vec<i32>,
}

/// `ConnectionProperties`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Props {
    pub interface: String,
    pub domains: Vec<String>,
    pub addrs: Vec<(IpAddr, u8)>,
    pub dns: Vec<IpAddr>,
    pub routes: Vec<RouteInfo>,
    pub mtu: u32,
    pub v4_valid: bool,
    pub v6_valid: bool,
}

/// One network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Net {
    pub id: i32,
    pub caps: Caps,
    pub props: Props,
}

/// Every network and which one is the default.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    pub nets: Vec<Net>,
    pub default: Option<i32>,
}

impl State {
    pub fn get(&self, id: i32) -> Option<&Net> {
        self.nets.iter().find(|n| n.id == id)
    }

    /// The network `id`, or 2100001 when there is none.
    pub fn net(&self, id: i32) -> Result<&Net, Error> {
        self.get(id).ok_or_else(|| no_such_net(id))
    }
}

pub fn no_such_net(id: i32) -> Error {
    Error::new(
        ERR_INVALID_VALUE,
        format!("netId {id}: no such network (not up, or without an address)"),
    )
}

/// Networks the application reported validated (`reportNetConnected`), by netId.
static VALIDATED: Mutex<BTreeSet<i32>> = Mutex::new(BTreeSet::new());

/// `reportNetConnected` / `reportNetDisconnected`: VALIDATED on or off for network `id`.
/// Returns whether it changed.
pub fn report(id: i32, connected: bool) -> Result<bool, Error> {
    read()?.net(id)?;
    let mut v = VALIDATED.lock();
    Ok(if connected {
        v.insert(id)
    } else {
        v.remove(&id)
    })
}

/// The resolver configuration: name servers and the search list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Resolv {
    pub servers: Vec<IpAddr>,
    pub domains: Vec<String>,
}

pub fn parse_resolv(text: &str) -> Resolv {
    let mut r = Resolv::default();
    for line in text.lines() {
        let line = line.split(['#', ';']).next().unwrap_or("");
        let mut words = line.split_whitespace();
        match words.next() {
            Some("nameserver") => {
                // An IPv6 server may carry a zone ("fe80::1%eth0"): the address is kept.
                if let Some(ip) = words
                    .next()
                    .and_then(|w| w.split('%').next())
                    .and_then(|w| w.parse::<IpAddr>().ok())
                {
                    if !r.servers.contains(&ip) {
                        r.servers.push(ip);
                    }
                }
            }
            // The last `search` or `domain` line wins, as in the system resolver.
            Some("search") | Some("domain") => {
                r.domains = words.map(|w| w.trim_end_matches('.').to_string()).collect();
            }
            _ => {}
        }
    }
    r
}

fn resolv() -> Resolv {
    std::fs::read_to_string(RESOLV_CONF)
        .map(|t| parse_resolv(&t))
        .unwrap_or_default()
}

/// Reads the networks now.
pub fn read() -> Result<State, Error> {
    let k = netlink::dump().map_err(|e| {
        Error::new(
            ERR_INTERNAL,
            format!("reading the interfaces over rtnetlink: {e}"),
        )
    })?;
    Ok(build(&k, &resolv(), &VALIDATED.lock()))
}

fn is_link_local(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(_) => false,
        IpAddr::V6(v6) => (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

fn in_prefix(ip: &IpAddr, net: &IpAddr, prefix: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let bits = u32::from(prefix.min(32));
            let mask = if bits == 0 {
                0
            } else {
                u32::MAX << (32 - bits)
            };
            u32::from(*a) & mask == u32::from(*n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let bits = u32::from(prefix.min(128));
            let mask = if bits == 0 {
                0
            } else {
                u128::MAX << (128 - bits)
            };
            u128::from(*a) & mask == u128::from(*n) & mask
        }
        _ => false,
    }
}

fn bearer(l: &Link) -> i32 {
    let sys = std::path::Path::new("/sys/class/net").join(&l.name);
    let name = l.name.as_str();
    if sys.join("wireless").exists() || sys.join("phy80211").exists() {
        BEARER_WIFI
    } else if name.starts_with("wwan") || l.kind == "wwan" {
        BEARER_CELLULAR
    } else if name.starts_with("bnep") || name.starts_with("bt") {
        BEARER_BLUETOOTH
    } else if l.point_to_point
        || matches!(l.kind.as_str(), "tun" | "wireguard" | "ppp")
        || ["tun", "tap", "wg", "ppp"]
            .iter()
            .any(|p| name.starts_with(p))
    {
        BEARER_VPN
    } else {
        BEARER_ETHERNET
    }
}

fn speed_kbps(name: &str) -> u32 {
    std::fs::read_to_string(format!("/sys/class/net/{name}/speed"))
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|&mbps| mbps > 0)
        .map_or(0, |mbps| {
            (mbps.min(i64::from(u32::MAX) / 1000) * 1000) as u32
        })
}

/// The networks of a kernel reading. Default network: the interface of the main table's
/// IPv4 default route with the lowest metric, else the IPv6 one's. The resolver's servers
/// belong to the default network and to any network with a server inside one of its
/// subnets; the search list to every network that has a server.
pub fn build(k: &Kernel, r: &Resolv, validated: &BTreeSet<i32>) -> State {
    let mut nets = Vec::new();
    for l in k.links.iter().filter(|l| l.up && !l.loopback) {
        let addrs: Vec<(IpAddr, u8)> = k
            .addrs
            .iter()
            .filter(|a| a.index == l.index)
            .map(|a| (a.addr, a.prefix))
            .collect();
        if addrs.iter().all(|(ip, _)| is_link_local(ip)) {
            continue;
        }
        let routes: Vec<RouteInfo> = k
            .routes
            .iter()
            .filter(|r| r.index == l.index)
            .map(|r| RouteInfo {
                dest: r.dest,
                prefix: r.prefix,
                gateway: r.gateway,
                is_default: r.prefix == 0,
            })
            .collect();
        let global = |v4: bool| {
            addrs
                .iter()
                .any(|(ip, _)| ip.is_ipv4() == v4 && !is_link_local(ip))
        };
        let b = bearer(l);
        let mut caps = vec![CAP_NOT_METERED];
        if routes.iter().any(|r| r.is_default) {
            caps.push(CAP_INTERNET);
        }
        if b != BEARER_VPN {
            caps.push(CAP_NOT_VPN);
        }
        if validated.contains(&(l.index as i32)) {
            caps.push(CAP_VALIDATED);
        }
        nets.push(Net {
            id: l.index as i32,
            caps: Caps {
                bandwidth_kbps: speed_kbps(&l.name),
                caps,
                bearers: vec![b],
            },
            props: Props {
                interface: l.name.clone(),
                domains: Vec::new(),
                v4_valid: global(true),
                v6_valid: global(false),
                addrs,
                dns: Vec::new(),
                routes,
                mtu: l.mtu,
            },
        });
    }
    let is_net = |i: u32| nets.iter().any(|n| n.id == i as i32);
    let best = |v4: bool| {
        k.routes
            .iter()
            .filter(|r| r.prefix == 0 && r.dest.is_ipv4() == v4 && is_net(r.index))
            .min_by_key(|r| r.metric)
            .map(|r| r.index as i32)
    };
    let default = best(true).or_else(|| best(false));
    for n in &mut nets {
        let mine: Vec<IpAddr> = r
            .servers
            .iter()
            .filter(|s| {
                Some(n.id) == default
                    || n.props.addrs.iter().any(|(a, p)| in_prefix(s, a, *p))
                    || n.props.routes.iter().any(|rt| {
                        rt.gateway.is_none() && rt.prefix > 0 && in_prefix(s, &rt.dest, rt.prefix)
                    })
            })
            .copied()
            .collect();
        if !mine.is_empty() {
            n.props.domains = r.domains.clone();
        }
        n.props.dns = mine;
    }
    State { nets, default }
}

fn address_json(ip: &IpAddr, port: u16) -> Value {
    json!({"address": ip.to_string(), "family": if ip.is_ipv4() { 1 } else { 2 }, "port": port})
}

pub fn caps_json(c: &Caps) -> Value {
    let mut v = json!({"networkCap": c.caps, "bearerTypes": c.bearers});
    if c.bandwidth_kbps > 0 {
        v["linkUpBandwidthKbps"] = json!(c.bandwidth_kbps);
        v["linkDownBandwidthKbps"] = json!(c.bandwidth_kbps);
    }
    v
}

pub fn props_json(p: &Props) -> Value {
    json!({
        "interfaceName": p.interface,
        "domains": p.domains.join(" "),
        "linkAddresses": p.addrs.iter()
            .map(|(ip, len)| json!({"address": address_json(ip, 0), "prefixLength": len}))
            .collect::<Vec<_>>(),
        "dnses": p.dns.iter().map(|ip| address_json(ip, 53)).collect::<Vec<_>>(),
        "routes": p.routes.iter().map(|r| json!({
            "interface": p.interface,
            "destination": {"address": address_json(&r.dest, 0), "prefixLength": r.prefix},
            "gateway": address_json(&r.gateway.unwrap_or(if r.dest.is_ipv4() {
                IpAddr::from([0u8; 4])
            } else {
                IpAddr::from([0u8; 16])
            }), 0),
            "hasGateway": r.gateway.is_some(),
            "isDefaultRoute": r.is_default,
        })).collect::<Vec<_>>(),
        "mtu": p.mtu,
        "isIPv4LinkValid": p.v4_valid,
        "isIPv6LinkValid": p.v6_valid,
    })
}

/// Every network as JSON: `{"defaultNetId": N|null, "nets": [{"netId", "isDefault",
/// "netCapabilities", "connectionProperties"}, …]}`.
pub fn state_json(s: &State) -> Value {
    json!({
        "defaultNetId": s.default,
        "nets": s.nets.iter().map(|n| json!({
            "netId": n.id,
            "isDefault": Some(n.id) == s.default,
            "netCapabilities": caps_json(&n.caps),
            "connectionProperties": props_json(&n.props),
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::net::netlink::{LinkAddr, Route};

    fn link(index: u32, name: &str, kind: &str, ptp: bool) -> Link {
        Link {
            index,
            name: name.into(),
            up: true,
            loopback: index == 1,
            point_to_point: ptp,
            mtu: 1500,
            kind: kind.into(),
        }
    }

    #[test]
    fn resolv_conf() {
        let r = parse_resolv(
            "# c\nnameserver 10.0.0.53\nnameserver fe80::1%eth0 \nnameserver bad\n\
             domain a.example\nsearch b.example c.example. ; x\nnameserver 10.0.0.53\n",
        );
        assert_eq!(
            r.servers,
            vec![
                "10.0.0.53".parse::<IpAddr>().unwrap(),
                "fe80::1".parse().unwrap()
            ]
        );
        assert_eq!(r.domains, vec!["b.example", "c.example"]);
    }

    #[test]
    fn nets_default_bearers_and_dns() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let k = Kernel {
            links: vec![
                link(1, "lo", "", false),
                link(2, "eth0", "veth", false),
                link(3, "wg0", "wireguard", true),
                link(4, "eth1", "dummy", false),
                Link {
                    up: false,
                    ..link(5, "eth2", "", false)
                },
            ],
            addrs: vec![
                LinkAddr {
                    index: 1,
                    addr: ip("127.0.0.1"),
                    prefix: 8,
                },
                LinkAddr {
                    index: 2,
                    addr: ip("10.1.0.2"),
                    prefix: 24,
                },
                LinkAddr {
                    index: 2,
                    addr: ip("fe80::2"),
                    prefix: 64,
                },
                LinkAddr {
                    index: 3,
                    addr: ip("10.9.0.2"),
                    prefix: 32,
                },
                LinkAddr {
                    index: 4,
                    addr: ip("fe80::4"),
                    prefix: 64,
                },
                LinkAddr {
                    index: 5,
                    addr: ip("10.5.0.2"),
                    prefix: 24,
                },
            ],
            routes: vec![
                Route {
                    index: 2,
                    dest: ip("0.0.0.0"),
                    prefix: 0,
                    gateway: Some(ip("10.1.0.1")),
                    metric: 100,
                },
                Route {
                    index: 3,
                    dest: ip("0.0.0.0"),
                    prefix: 0,
                    gateway: None,
                    metric: 50,
                },
                Route {
                    index: 3,
                    dest: ip("10.9.0.0"),
                    prefix: 24,
                    gateway: None,
                    metric: 0,
                },
            ],
        };
        let r = Resolv {
            servers: vec![ip("10.9.0.53"), ip("192.0.2.1")],
            domains: vec!["corp".into()],
        };
        let s = build(&k, &r, &BTreeSet::from([2]));
        // eth1 has only a link-local address, eth2 is down, lo is loopback.
        assert_eq!(s.nets.iter().map(|n| n.id).collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(s.default, Some(3), "lowest metric");
        let eth0 = s.net(2).unwrap();
        assert_eq!(eth0.caps.bearers, vec![BEARER_ETHERNET]);
        assert_eq!(
            eth0.caps.caps,
            vec![CAP_NOT_METERED, CAP_INTERNET, CAP_NOT_VPN, CAP_VALIDATED]
        );
        assert!(eth0.props.dns.is_empty() && eth0.props.domains.is_empty());
        assert!(eth0.props.v4_valid && !eth0.props.v6_valid);
        let wg = s.net(3).unwrap();
        assert_eq!(wg.caps.bearers, vec![BEARER_VPN]);
        assert_eq!(wg.caps.caps, vec![CAP_NOT_METERED, CAP_INTERNET]);
        assert_eq!(
            wg.props.dns, r.servers,
            "the default network has every server"
        );
        assert_eq!(wg.props.domains, vec!["corp"]);
        assert_eq!(s.net(4).unwrap_err().code, ERR_INVALID_VALUE);
        let j = state_json(&s);
        assert_eq!(j["defaultNetId"], 3);
        assert_eq!(
            j["nets"][0]["connectionProperties"]["routes"][0]["hasGateway"],
            true
        );
        assert!(in_prefix(&ip("10.9.0.53"), &ip("10.9.0.0"), 24));
        assert!(!in_prefix(&ip("10.9.1.53"), &ip("10.9.0.0"), 24));
        assert!(in_prefix(&ip("2001:db8::1"), &ip("2001:db8::"), 32));
    }
}
