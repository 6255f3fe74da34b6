//! What the kernel says about the host's links, addresses and routes, read over rtnetlink
//! (netlink-packet-route for the messages, netlink-sys for the socket), and the socket that
//! hears about their changes (the rtnetlink multicast groups).

use netlink_packet_core::{
    NetlinkHeader, NetlinkMessage, NetlinkPayload, NLM_F_DUMP, NLM_F_REQUEST,
};
use netlink_packet_route::address::{AddressAttribute, AddressMessage};
use netlink_packet_route::link::{InfoKind, LinkAttribute, LinkFlags, LinkInfo, LinkMessage};
use netlink_packet_route::route::{RouteAddress, RouteAttribute, RouteMessage, RouteType};
use netlink_packet_route::RouteNetlinkMessage;
use netlink_sys::{protocols::NETLINK_ROUTE, Socket, SocketAddr};
use std::io;
use std::net::IpAddr;
use std::os::fd::AsRawFd;

/// A network interface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub index: u32,
    pub name: String,
    pub up: bool,
    pub loopback: bool,
    pub point_to_point: bool,
    pub mtu: u32,
    /// The link's kind as the kernel names it (IFLA_INFO_KIND: "veth", "wireguard", "tun"…).
    pub kind: String,
}

/// An address of an interface with its prefix length.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LinkAddr {
    pub index: u32,
    pub addr: IpAddr,
    pub prefix: u8,
}

/// A unicast route of the main table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Route {
    /// The outgoing interface.
    pub index: u32,
    pub dest: IpAddr,
    pub prefix: u8,
    pub gateway: Option<IpAddr>,
    pub metric: u32,
}

/// One reading of the kernel's tables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kernel {
    pub links: Vec<Link>,
    pub addrs: Vec<LinkAddr>,
    pub routes: Vec<Route>,
}

/// The multicast groups the monitor joins (RTMGRP_*: links, IPv4 and IPv6 addresses and
/// routes).
const GROUPS: u32 = 0x1 | 0x10 | 0x100 | 0x40 | 0x400;

/// The main routing table (RT_TABLE_MAIN).
const MAIN_TABLE: u32 = 254;

fn socket(groups: u32) -> io::Result<Socket> {
    let mut s = Socket::new(NETLINK_ROUTE)?;
    s.bind(&SocketAddr::new(0, groups))?;
    Ok(s)
}

/// Reads links, addresses and routes (three dumps on a socket of its own).
pub fn dump() -> io::Result<Kernel> {
    let s = socket(0)?;
    let mut k = Kernel::default();
    let mut buf = Vec::with_capacity(64 * 1024);
    for req in [
        RouteNetlinkMessage::GetLink(LinkMessage::default()),
        RouteNetlinkMessage::GetAddress(AddressMessage::default()),
        RouteNetlinkMessage::GetRoute(RouteMessage::default()),
    ] {
        let mut hdr = NetlinkHeader::default();
        hdr.flags = NLM_F_REQUEST | NLM_F_DUMP;
        hdr.sequence_number = 1;
        let mut packet = NetlinkMessage::new(hdr, NetlinkPayload::from(req));
        packet.finalize();
        let mut out = vec![0; packet.buffer_len()];
        packet.serialize(&mut out);
        s.send(&out, 0)?;
        'dump: loop {
            buf.clear();
            let n = s.recv(&mut buf, 0)?;
            let mut at = 0;
            while at < n.min(buf.len()) {
                let msg = NetlinkMessage::<RouteNetlinkMessage>::deserialize(&buf[at..])
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.to_string()))?;
                let len = msg.header.length as usize;
                match msg.payload {
                    NetlinkPayload::Done(_) => break 'dump,
                    NetlinkPayload::Error(e) => {
                        return Err(e.to_io());
                    }
                    NetlinkPayload::InnerMessage(m) => k.add(m),
                    _ => {}
                }
                if len == 0 {
                    break;
                }
                at += (len + 3) & !3;
            }
        }
    }
    k.links.sort_by_key(|l| l.index);
    k.addrs.sort();
    k.routes.sort();
    Ok(k)
}

impl Kernel {
    fn add(&mut self, m: RouteNetlinkMessage) {
        match m {
            RouteNetlinkMessage::NewLink(l) => self.links.push(link(&l)),
            RouteNetlinkMessage::NewAddress(a) => {
                // IFA_LOCAL is the interface's own address (on a point-to-point link
                // IFA_ADDRESS is the peer's); IFA_ADDRESS otherwise.
                let mut addr = None;
                for attr in &a.attributes {
                    match attr {
                        AddressAttribute::Local(ip) => addr = Some(*ip),
                        AddressAttribute::Address(ip) if addr.is_none() => addr = Some(*ip),
                        _ => {}
                    }
                }
                if let Some(addr) = addr {
                    self.addrs.push(LinkAddr {
                        index: a.header.index,
                        addr,
                        prefix: a.header.prefix_len,
                    });
                }
            }
            RouteNetlinkMessage::NewRoute(r) => {
                if let Some(r) = route(&r) {
                    self.routes.push(r);
                }
            }
            _ => {}
        }
    }
}

fn link(l: &LinkMessage) -> Link {
    let f = l.header.flags;
    let mut out = Link {
        index: l.header.index,
        name: String::new(),
        up: f.contains(LinkFlags::Up),
        loopback: f.contains(LinkFlags::Loopback),
        point_to_point: f.contains(LinkFlags::Pointopoint),
        mtu: 0,
        kind: String::new(),
    };
    for a in &l.attributes {
        match a {
            LinkAttribute::IfName(n) => out.name = n.clone(),
            LinkAttribute::Mtu(m) => out.mtu = *m,
            LinkAttribute::LinkInfo(infos) => {
                for i in infos {
                    if let LinkInfo::Kind(k) = i {
                        out.kind = kind_name(k);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

fn kind_name(k: &InfoKind) -> String {
    match k {
        InfoKind::Tun => "tun".into(),
        InfoKind::Wireguard => "wireguard".into(),
        InfoKind::Veth => "veth".into(),
        InfoKind::Dummy => "dummy".into(),
        InfoKind::Other(s) => s.clone(),
        other => format!("{other:?}").to_ascii_lowercase(),
    }
}

fn ip_of(a: &RouteAddress) -> Option<IpAddr> {
    match a {
        RouteAddress::Inet(v4) => Some(IpAddr::V4(*v4)),
        RouteAddress::Inet6(v6) => Some(IpAddr::V6(*v6)),
        _ => None,
    }
}

fn route(r: &RouteMessage) -> Option<Route> {
    if r.header.kind != RouteType::Unicast {
        return None;
    }
    let v4 = match u8::from(r.header.address_family) as i32 {
        libc::AF_INET => true,
        libc::AF_INET6 => false,
        _ => return None,
    };
    let mut table = u32::from(r.header.table);
    let mut out = Route {
        index: 0,
        dest: if v4 {
            IpAddr::from([0u8; 4])
        } else {
            IpAddr::from([0u8; 16])
        },
        prefix: r.header.destination_prefix_length,
        gateway: None,
        metric: 0,
    };
    for a in &r.attributes {
        match a {
            RouteAttribute::Table(t) => table = *t,
            RouteAttribute::Oif(i) => out.index = *i,
            RouteAttribute::Destination(d) => out.dest = ip_of(d)?,
            RouteAttribute::Gateway(g) => out.gateway = ip_of(g),
            RouteAttribute::Priority(p) => out.metric = *p,
            _ => {}
        }
    }
    (table == MAIN_TABLE && out.index != 0).then_some(out)
}

/// The socket that hears the kernel's change notifications (links, addresses, routes).
/// Non-blocking; [`Monitor::drain`] reads what is there.
pub struct Monitor {
    sock: Socket,
    buf: Vec<u8>,
}

impl Monitor {
    pub fn open() -> io::Result<Monitor> {
        let s = socket(GROUPS)?;
        s.set_non_blocking(true)?;
        // A burst larger than the buffer is an overflow (ENOBUFS), read as "changed".
        let _ = s.set_rx_buf_sz(1 << 20);
        Ok(Monitor {
            sock: s,
            buf: Vec::with_capacity(64 * 1024),
        })
    }

    pub fn fd(&self) -> i32 {
        self.sock.as_raw_fd()
    }

    /// Reads every pending notification; true when at least one came (or some were lost).
    pub fn drain(&mut self) -> bool {
        let mut any = false;
        for _ in 0..10_000 {
            self.buf.clear();
            match self.sock.recv(&mut self.buf, 0) {
                Ok(_) => any = true,
                Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => any = true,
                Err(e) if e.raw_os_error() == Some(libc::EINTR) => {}
                Err(_) => break,
            }
        }
        any
    }
}
