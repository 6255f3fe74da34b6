//! Process-wide choices of the application: its network (`setAppNet`), which HTTP
//! requests, WebSockets and sockets without a network of their own go through, and its HTTP
//! proxy (`setAppHttpProxy`), which stands for the system proxy; and `getDefaultHttpProxy`.

use super::ERR_INVALID_VALUE;
use crate::core::error::Error;
use crate::http::netopts::HttpProxy;
use parking_lot::RwLock;
use serde_json::Value;
use std::sync::atomic::{AtomicI32, AtomicU64, Ordering};

static APP_NET: AtomicI32 = AtomicI32::new(0);
/// Bumped by every change of the application's network or proxy (a pooled easy handle
/// configured before it is configured again).
static GENERATION: AtomicU64 = AtomicU64::new(0);
static APP_PROXY: RwLock<Option<HttpProxy>> = RwLock::new(None);

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
