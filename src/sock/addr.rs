//! NetAddress: the spec's `{address, family, port}` where `family` is 1 for IPv4 and 2 for
//! IPv6 (not AF_*), plus nethttp's 3 for a Unix-domain path (the spec's LocalAddress).

#![allow(non_camel_case_types)]

use crate::core::error::Error;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, SocketAddrV6};
use std::os::raw::c_char;
use std::path::PathBuf;

pub const FAMILY_ANY: i32 = 0;
pub const FAMILY_IPV4: i32 = 1;
pub const FAMILY_IPV6: i32 = 2;
pub const FAMILY_LOCAL: i32 = 3;

/// Room for the longest address text: a Unix socket path (sun_path, 108 bytes with its
/// NUL) or an IPv6 address with a zone.
pub const ADDRESS_CAP: usize = 108;

/// An address (`nethttp_net_address`), filled by nethttp: `address` is NUL-terminated text
/// (an IPv4 or IPv6 address without brackets, or a path), `family` 1 IPv4 / 2 IPv6 /
/// 3 local path, `port` 0 for a path.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct nethttp_net_address {
    pub address: [c_char; 108],
    pub family: i32,
    pub port: u16,
}

impl nethttp_net_address {
    pub fn empty() -> Self {
        nethttp_net_address {
            address: [0; ADDRESS_CAP],
            family: 0,
            port: 0,
        }
    }

    pub fn from_addr(a: &Addr) -> Self {
        match a {
            Addr::Ip(sa) => Self::from_ip(sa),
            Addr::Local(p) => {
                let mut out = Self::empty();
                out.fill(p.as_os_str().as_encoded_bytes());
                out.family = FAMILY_LOCAL;
                out
            }
        }
    }

    /// Without allocating (once per received datagram): the text as [`ip_text`] gives it.
    /// IPv4 is formatted by hand (the formatting machinery cost about 1,000 instructions a
    /// datagram).
    pub fn from_ip(sa: &SocketAddr) -> Self {
        use std::io::Write;
        let mut out = Self::empty();
        let v4 = match sa {
            SocketAddr::V4(a) => Some(*a.ip()),
            SocketAddr::V6(a) => a.ip().to_ipv4_mapped(),
        };
        if let Some(ip) = v4 {
            let mut i = 0;
            for (k, o) in ip.octets().into_iter().enumerate() {
                if k > 0 {
                    out.address[i] = b'.' as c_char;
                    i += 1;
                }
                if o >= 100 {
                    out.address[i] = (b'0' + o / 100) as c_char;
                    i += 1;
                }
                if o >= 10 {
                    out.address[i] = (b'0' + o / 10 % 10) as c_char;
                    i += 1;
                }
                out.address[i] = (b'0' + o % 10) as c_char;
                i += 1;
            }
            out.family = FAMILY_IPV4;
            out.port = sa.port();
            return out;
        }
        let mut buf = [0u8; ADDRESS_CAP];
        let mut w = &mut buf[..ADDRESS_CAP - 1];
        let room = w.len();
        let _ = match sa {
            SocketAddr::V6(a) if a.scope_id() != 0 => {
                write!(w, "{}%{}", a.ip(), a.scope_id())
            }
            _ => write!(w, "{}", sa.ip()),
        };
        let n = room - w.len();
        out.fill(&buf[..n]);
        out.family = FAMILY_IPV6;
        out.port = sa.port();
        out
    }

    /// The address text up to its NUL (all of it when there is none).
    pub fn text(&self) -> &[u8] {
        // SAFETY: c_char and u8 have the same size and alignment.
        let b: &[u8; ADDRESS_CAP] =
            unsafe { &*(&self.address as *const _ as *const [u8; ADDRESS_CAP]) };
        let n = b.iter().position(|&c| c == 0).unwrap_or(ADDRESS_CAP);
        &b[..n]
    }

    fn fill(&mut self, text: &[u8]) {
        for (d, s) in self
            .address
            .iter_mut()
            .zip(text.iter().take(ADDRESS_CAP - 1))
        {
            *d = *s as c_char;
        }
    }
}

/// The address text of `sa`, IPv4-mapped IPv6 addresses as IPv4, with the zone of a
/// link-local IPv6 address.
pub fn ip_text(sa: &SocketAddr) -> String {
    match sa {
        SocketAddr::V4(a) => a.ip().to_string(),
        SocketAddr::V6(a) => match a.ip().to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None if a.scope_id() != 0 => format!("{}%{}", a.ip(), a.scope_id()),
            None => a.ip().to_string(),
        },
    }
}

/// "IPv4" / "IPv6" (SocketRemoteInfo.family).
pub fn family_name(sa: &SocketAddr) -> &'static str {
    match sa {
        SocketAddr::V4(_) => "IPv4",
        SocketAddr::V6(a) if a.ip().to_ipv4_mapped().is_some() => "IPv4",
        SocketAddr::V6(_) => "IPv6",
    }
}

/// A socket address: IP and port, or a Unix-domain path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addr {
    Ip(SocketAddr),
    Local(PathBuf),
}

/// `family` as given: 0 (from the text), 1 or 2.
pub fn check_family(family: i32) -> Result<i32, Error> {
    match family {
        FAMILY_ANY | FAMILY_IPV4 | FAMILY_IPV6 => Ok(family),
        _ => Err(Error::param(format!(
            "family: {family} is not 0 (from the address), 1 (IPv4) or 2 (IPv6)"
        ))),
    }
}

/// An IP literal (IPv6 with or without brackets, with an optional `%zone` of digits or an
/// interface name) and a port; `family` 1 or 2 must agree with the text.
pub fn parse_ip(address: &str, port: u16, family: i32) -> Result<SocketAddr, Error> {
    let family = check_family(family)?;
    let ip = ip_literal(address).ok_or_else(|| {
        Error::param(format!(
            "address: {address:?} is not an IPv4 or IPv6 address"
        ))
    })?;
    let sa = match ip {
        (IpAddr::V4(v4), _) => SocketAddr::new(IpAddr::V4(v4), port),
        (IpAddr::V6(v6), scope) => SocketAddr::V6(SocketAddrV6::new(v6, port, 0, scope)),
    };
    match (family, sa.is_ipv4()) {
        (FAMILY_IPV4, false) => Err(Error::param(format!(
            "address: {address:?} is IPv6 but family is 1 (IPv4)"
        ))),
        (FAMILY_IPV6, true) => Err(Error::param(format!(
            "address: {address:?} is IPv4 but family is 2 (IPv6)"
        ))),
        _ => Ok(sa),
    }
}

/// An IP literal and its IPv6 zone (0 for none), or None.
pub fn ip_literal(address: &str) -> Option<(IpAddr, u32)> {
    let bare = address
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or(address);
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Some((ip, 0));
    }
    let (ip, zone) = bare.split_once('%')?;
    let v6: Ipv6Addr = ip.parse().ok()?;
    let scope = match zone.parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            let c = std::ffi::CString::new(zone).ok()?;
            // SAFETY: a NUL-terminated interface name.
            let n = unsafe { libc::if_nametoindex(c.as_ptr()) };
            if n == 0 {
                return None;
            }
            n
        }
    };
    Some((IpAddr::V6(v6), scope))
}

/// A Unix-domain socket path: not empty, no NUL, short enough for sun_path.
pub fn parse_local(path: &str) -> Result<PathBuf, Error> {
    if path.is_empty() {
        return Err(Error::param("address: an empty path"));
    }
    if path.len() >= ADDRESS_CAP {
        return Err(Error::param(format!(
            "address: the path is {} bytes; a local socket path has at most {}",
            path.len(),
            ADDRESS_CAP - 1
        )));
    }
    Ok(PathBuf::from(path))
}

/// The wildcard address of `sa`'s family with port 0 (what an unbound socket binds to).
pub fn unspecified_like(sa: &SocketAddr) -> SocketAddr {
    match sa {
        SocketAddr::V4(_) => SocketAddr::new(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), 0),
        SocketAddr::V6(_) => SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), 0),
    }
}

/// A socket2 address as ours (None for an unnamed Unix socket).
pub fn from_sockaddr(sa: &socket2::SockAddr) -> Option<Addr> {
    if let Some(ip) = sa.as_socket() {
        return Some(Addr::Ip(ip));
    }
    sa.as_pathname().map(|p| Addr::Local(p.to_path_buf()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_families() {
        assert_eq!(
            parse_ip("127.0.0.1", 80, 0).unwrap(),
            "127.0.0.1:80".parse().unwrap()
        );
        assert_eq!(
            parse_ip("[::1]", 81, 2).unwrap(),
            "[::1]:81".parse().unwrap()
        );
        assert_eq!(parse_ip("::1", 1, 1).unwrap_err().code, 401);
        assert_eq!(parse_ip("10.0.0.1", 1, 2).unwrap_err().code, 401);
        assert_eq!(parse_ip("example.com", 1, 0).unwrap_err().code, 401);
        assert_eq!(parse_ip("1.2.3.4", 1, 7).unwrap_err().code, 401);
        let sa = parse_ip("fe80::1%1", 5, 0).unwrap();
        assert_eq!(ip_text(&sa), "fe80::1%1");
        for text in ["0.0.0.0", "1.20.255.9", "127.0.0.1", "10.100.99.200"] {
            let sa: SocketAddr = format!("{text}:7").parse().unwrap();
            let a = nethttp_net_address::from_ip(&sa);
            assert_eq!(a.text(), text.as_bytes());
            assert_eq!((a.family, a.port), (FAMILY_IPV4, 7));
        }
        let a = nethttp_net_address::from_ip(&"[fe80::1%3]:5".parse().unwrap());
        assert_eq!((a.text(), a.family), (&b"fe80::1%3"[..], FAMILY_IPV6));
        let a = nethttp_net_address::from_ip(&"[::ffff:10.1.2.3]:9".parse().unwrap());
        assert_eq!((a.text(), a.family), (&b"10.1.2.3"[..], FAMILY_IPV4));
        let mapped: SocketAddr = "[::ffff:10.1.2.3]:9".parse().unwrap();
        assert_eq!(ip_text(&mapped), "10.1.2.3");
        assert_eq!(family_name(&mapped), "IPv4");
        assert!(parse_local(&"x".repeat(200)).is_err());
        assert!(parse_local("").is_err());
        let a = nethttp_net_address::from_addr(&Addr::Local("/tmp/s".into()));
        assert_eq!(a.family, FAMILY_LOCAL);
        assert_eq!(
            a.address[..6].iter().map(|&c| c as u8).collect::<Vec<_>>(),
            b"/tmp/s"
        );
        assert_eq!(a.address[6], 0);
    }
}
