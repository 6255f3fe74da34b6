//! Hosts, ports and proxies as `connect_to_host` and the proxy setters take them, and what a
//! connection was made to.

use super::TlsOptions;
use crate::core::error::Error;
use std::net::IpAddr;

/// A proxy's host and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Proxy {
    pub(super) host: String,
    pub(super) port: u16,
}

/// What `connect_to_host` connected to.
pub(super) struct Target {
    /// Without brackets for IPv6 literals.
    pub(super) host: String,
    pub(super) port: u16,
    pub(super) tls: Option<TlsOptions>,
    /// The proxy in effect for this connection (the one for the scheme).
    pub(super) proxy: Option<Proxy>,
    /// The address the connect phase reached: the server's, or the proxy's.
    pub(super) ip: Option<IpAddr>,
}

impl Target {
    pub(super) fn scheme(&self) -> &'static str {
        if self.tls.is_some() {
            "https"
        } else {
            "http"
        }
    }

    /// The host the URL (and so SNI and certificate verification) names.
    pub(super) fn url_host(&self) -> &str {
        self.tls
            .as_ref()
            .and_then(|t| t.common_name.as_deref())
            .unwrap_or(&self.host)
    }

    pub(super) fn default_port(&self) -> u16 {
        if self.tls.is_some() {
            443
        } else {
            80
        }
    }
}

/// A host name or IP literal as accepted by `connect_to_host` (brackets stripped).
pub(super) fn check_host<'a>(what: &str, host: &'a str) -> Result<&'a str, Error> {
    let h = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    if h.is_empty() {
        return Err(Error::param(format!("{what}: empty host")));
    }
    if h.bytes()
        .any(|b| b.is_ascii_control() || b" /?#@[]\\".contains(&b))
        || (h.contains(':') && h.parse::<IpAddr>().is_err())
    {
        return Err(Error::param(format!(
            "{what}: {host:?} is not a host name or IP address"
        )));
    }
    Ok(h)
}

/// `[v6]` for URLs; names and IPv4 as they are.
pub(super) fn bracket(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_string()
    }
}

pub(super) fn check_port(what: &str, port: i32, default: u16) -> Result<u16, Error> {
    match port {
        -1 => Ok(default),
        1..=65535 => Ok(port as u16),
        _ => Err(Error::param(format!(
            "{what}: {port} is not a port (1..65535, or -1 for the default)"
        ))),
    }
}

/// `s` without `prefix` (ASCII, compared ignoring case), if it starts with it.
pub(super) fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.len();
    (s.len() >= n && s.as_bytes()[..n].eq_ignore_ascii_case(prefix.as_bytes())).then(|| &s[n..])
}

/// The explicit port of a URL, if any (`CurlUrl` normalises the rest).
pub(super) fn url_port(url: &str) -> Option<u16> {
    let rest = &url[url.find("://")? + 3..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let after_host = match authority.rfind(']') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    after_host.rsplit_once(':')?.1.parse().ok()
}
