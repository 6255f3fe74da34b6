//! Process-wide choices of the application: its network (`setAppNet`), which HTTP
//! requests, WebSockets and sockets without a network of their own go through, its HTTP
//! proxy (`setAppHttpProxy`), which stands for the system proxy, and its custom DNS rules
//! (`addCustomDnsRule`: a host's addresses, ahead of any resolver, for lookups, socket
//! connects, HTTP requests and WebSockets); and `getDefaultHttpProxy`.

use super::ERR_INVALID_VALUE;
use crate::core::error::Error;
use crate::http::netopts::HttpProxy;
use parking_lot::RwLock;
use serde_json::Value;
use std::net::IpAddr;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};

static APP_NET: AtomicI32 = AtomicI32::new(0);
/// Bumped by every change of the application's network or proxy (a pooled easy handle
/// configured before it is configured again).
static GENERATION: AtomicU64 = AtomicU64::new(0);
static APP_PROXY: RwLock<Option<HttpProxy>> = RwLock::new(None);
/// Custom DNS rules: host (lowercase, ASCII, no trailing dot) and its addresses, in the order
/// they were added.
static RULES: RwLock<Vec<(String, Vec<IpAddr>)>> = RwLock::new(Vec::new());
/// Whether any rule exists (the lookups' fast path).
static HAS_RULES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The application's network (0: none).
pub fn app_net() -> i32 {
    APP_NET.load(Ordering::Acquire)
}

/// `setAppNet`: 0 clears it; otherwise the network must exist now (2100001).
pub fn set_app_net(id: i32) -> Result<(), Error> {
    if id != 0 {
        super::netinfo::read()?.net(id)?;
    }
    APP_NET.store(id, Ordering::Release);
    GENERATION.fetch_add(1, Ordering::AcqRel);
    Ok(())
}

/// The settings' generation (see [`GENERATION`]).
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// The name of interface `index`, if there is one.
pub fn interface_name(index: i32) -> Option<String> {
    if index <= 0 {
        return None;
    }
    let mut buf = [0 as libc::c_char; libc::IF_NAMESIZE];
    // SAFETY: a buffer of IF_NAMESIZE bytes, as if_indextoname requires.
    let p = unsafe { libc::if_indextoname(index as u32, buf.as_mut_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: if_indextoname wrote a NUL-terminated name into buf.
    let name = unsafe { std::ffi::CStr::from_ptr(buf.as_ptr()) };
    Some(name.to_string_lossy().into_owned())
}

/// A `netId` option's JSON value: a positive integer.
pub fn want_net_id(key: &str, v: &Value) -> Result<i32, Error> {
    v.as_i64()
        .filter(|n| (1..=i64::from(i32::MAX)).contains(n))
        .map(|n| n as i32)
        .ok_or_else(|| Error::param(format!("{key}: expected a netId (a positive integer)")))
}

/// `setAppHttpProxy` (None clears it).
pub fn set_app_proxy(p: Option<HttpProxy>) {
    *APP_PROXY.write() = p;
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

pub fn app_proxy() -> Option<HttpProxy> {
    APP_PROXY.read().clone()
}

/// `getDefaultHttpProxy`: the application's proxy if it set one, else the environment's
/// (`https_proxy`, `http_proxy`, `all_proxy`, either case, in that order; `no_proxy` as the
/// exclusion list), else None.
pub fn default_proxy() -> Result<Option<HttpProxy>, Error> {
    if let Some(p) = app_proxy() {
        return Ok(Some(p));
    }
    let env = |k: &str| {
        std::env::var(k)
            .ok()
            .or_else(|| std::env::var(k.to_ascii_uppercase()).ok())
            .filter(|v| !v.trim().is_empty())
    };
    let Some(url) = ["https_proxy", "http_proxy", "all_proxy"]
        .iter()
        .find_map(|k| env(k))
    else {
        return Ok(None);
    };
    let exclusions: Vec<String> = env("no_proxy")
        .map(|v| {
            v.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    parse_proxy_url(&url, exclusions).map(Some)
}

/// A proxy variable's value ("http://user:pw@host:port/", "host:port", "host"; libcurl's
/// default port 1080 when none is given).
pub fn parse_proxy_url(url: &str, exclusions: Vec<String>) -> Result<HttpProxy, Error> {
    let bad = || {
        Error::new(
            ERR_INVALID_VALUE,
            format!("the proxy variable's value {url:?} is not a proxy URL"),
        )
    };
    let rest = url.trim().split_once("://").map_or(url.trim(), |(_, r)| r);
    let rest = rest.split('/').next().unwrap_or("");
    let (userinfo, hostport) = match rest.rsplit_once('@') {
        Some((u, h)) => (Some(u), h),
        None => (None, rest),
    };
    let (host, port) = if let Some(h) = hostport.strip_prefix('[') {
        let (h, after) = h.split_once(']').ok_or_else(bad)?;
        (h, after.strip_prefix(':'))
    } else {
        match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (hostport, None),
        }
    };
    let port = match port {
        Some(p) => p.parse::<u32>().map_err(|_| bad())?,
        None => 1080,
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let (user, pass) = match userinfo {
        Some(u) => match u.split_once(':') {
            Some((a, b)) => (Some(decode(a)), Some(decode(b))),
            None => (Some(decode(u)), None),
        },
        None => (None, None),
    };
    HttpProxy::new(host, port, exclusions, user, pass)
        .map_err(|e| Error::new(ERR_INVALID_VALUE, e.message))
}

fn rule_key(host: &str) -> String {
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// `addCustomDnsRule`: `host` resolves to `ips` (replacing an earlier rule for it). The host
/// is a name (IDNA applied), not an IP literal; at least one address, at most 64.
pub fn add_rule(host: &str, ips: &[&str]) -> Result<(), Error> {
    let key = rule_key(&super::lookup::ascii_name(host)?);
    if key.is_empty() || key.parse::<IpAddr>().is_ok() {
        return Err(Error::param(format!("host: {host:?} is not a host name")));
    }
    if ips.is_empty() || ips.len() > 64 {
        return Err(Error::param("ips: one to 64 addresses"));
    }
    let mut list = Vec::with_capacity(ips.len());
    for ip in ips {
        let a = ip
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .map_err(|_| Error::param(format!("ips: {ip:?} is not an IPv4 or IPv6 address")))?;
        if !list.contains(&a) {
            list.push(a);
        }
    }
    let mut r = RULES.write();
    r.retain(|(h, _)| *h != key);
    r.push((key, list));
    HAS_RULES.store(true, Ordering::Release);
    GENERATION.fetch_add(1, Ordering::AcqRel);
    Ok(())
}

/// `removeCustomDnsRule`: 0 also when there was none for the host.
pub fn remove_rule(host: &str) -> Result<(), Error> {
    let key = rule_key(&super::lookup::ascii_name(host)?);
    let mut r = RULES.write();
    r.retain(|(h, _)| *h != key);
    HAS_RULES.store(!r.is_empty(), Ordering::Release);
    GENERATION.fetch_add(1, Ordering::AcqRel);
    Ok(())
}

/// `clearCustomDnsRules`.
pub fn clear_rules() {
    RULES.write().clear();
    HAS_RULES.store(false, Ordering::Release);
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

/// The rule's addresses for an ASCII host name, if it has one.
pub fn rule_for(ascii_host: &str) -> Option<Vec<IpAddr>> {
    if !HAS_RULES.load(Ordering::Acquire) {
        return None;
    }
    let key = rule_key(ascii_host);
    RULES
        .read()
        .iter()
        .find(|(h, _)| *h == key)
        .map(|(_, ips)| ips.clone())
}

/// CURLOPT_CONNECT_TO entries for every rule ("host::address:": any port, the port kept),
/// so a request to a ruled host, also after a redirect, connects to the rule's first address
/// with the name kept for Host, SNI and certificate checks.
pub fn rule_connect_to() -> Vec<String> {
    if !HAS_RULES.load(Ordering::Acquire) {
        return Vec::new();
    }
    RULES
        .read()
        .iter()
        .map(|(h, ips)| match ips[0] {
            IpAddr::V4(a) => format!("{h}::{a}:"),
            IpAddr::V6(a) => format!("{h}::[{a}]:"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proxy_urls() {
        let p = parse_proxy_url("http://u:p%40w@proxy.example:3128/", vec!["a".into()]).unwrap();
        assert_eq!((p.host.as_str(), p.port), ("proxy.example", 3128));
        assert_eq!(p.username.as_deref(), Some("u"));
        assert_eq!(p.password.as_deref(), Some("p@w"));
        assert_eq!(p.exclusion_list, vec!["a"]);
        let p = parse_proxy_url("[::1]:8080", vec![]).unwrap();
        assert_eq!((p.host.as_str(), p.port), ("::1", 8080));
        assert_eq!(parse_proxy_url("proxy", vec![]).unwrap().port, 1080);
        assert!(parse_proxy_url("http://h:x/", vec![]).is_err());
        assert_eq!(interface_name(1).as_deref(), Some("lo"));
        assert_eq!(interface_name(0), None);
    }
}
