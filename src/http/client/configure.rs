//! One request's easy handle, configured for the connected target: URL and request target,
//! method and body, headers, TLS, proxy, and the hand-over of the connected socket.

use super::address::{bracket, strip_prefix_ci, url_port};
use super::handler::Body;
use super::{Client, TrustedCa, CURLOPT_REQUEST_TARGET};
use crate::core::curl::{curl_err, setopt_str};
use crate::core::error::Error;
use crate::http::options::Method;
use crate::http::setup;
use curl::easy::{Easy2, List, SslVersion};
use std::ffi::CString;

impl Client {
    pub(super) fn configure(
        &self,
        easy: &mut Easy2<Body>,
        method: Method,
        url: &str,
        headers: &[(&str, &str)],
        body_len: usize,
    ) -> Result<(), Error> {
        let t = self
            .target
            .as_ref()
            .ok_or_else(|| Error::param("request: not connected"))?;
        let scheme = t.scheme();
        let authority = format!("{}:{}", bracket(t.url_host()), t.port);
        let base = format!("{scheme}://{authority}/");
        let absolute = strip_prefix_ci(url, "http://").or_else(|| strip_prefix_ci(url, "https://"));
        let (full, request_target) = if let Some(rest) = absolute {
            let u = crate::core::curl::url::CurlUrl::parse(url)?;
            let default = if u.scheme() == "https" { 443 } else { 80 };
            let port = url_port(url).unwrap_or(default);
            if u.scheme() != scheme || !u.host().eq_ignore_ascii_case(&t.host) || port != t.port {
                return Err(Error::param(format!(
                    "url: {url:?} is not on the connected host {scheme}://{}:{}",
                    bracket(&t.host),
                    t.port
                )));
            }
            // Rebuilt on the URL host used for every request (the common-name override
            // may name the connected host differently).
            let path = rest.find(['/', '?', '#']).map_or("/", |i| &rest[i..]);
            let sep = if path.starts_with('/') { "" } else { "/" };
            (format!("{scheme}://{authority}{sep}{path}"), None)
        } else if url == "*" || method == Method::Connect {
            (base, Some(url))
        } else if url.starts_with('/') {
            (format!("{scheme}://{authority}{url}"), None)
        } else {
            return Err(Error::param(format!(
                "url: {url:?} must be a path starting with '/', '*', host:port for CONNECT, \
                 or an absolute URL"
            )));
        };
        easy.url(&full).map_err(curl_err)?;
        setup::restrict_protocols(easy)?;
        crate::core::debug::install(easy)?;
        if let Some(target) = request_target {
            let target =
                CString::new(target).map_err(|_| Error::param("url: NUL in the target"))?;
            setopt_str(easy, CURLOPT_REQUEST_TARGET, Some(&target))?;
        }

        match method {
            Method::Get => {}
            Method::Head => easy.nobody(true).map_err(curl_err)?,
            m => {
                if body_len > 0 || matches!(m, Method::Post | Method::Put | Method::Patch) {
                    easy.post(true).map_err(curl_err)?;
                    easy.post_field_size(body_len as u64).map_err(curl_err)?;
                }
                if m != Method::Post {
                    easy.custom_request(m.as_str()).map_err(curl_err)?;
                }
            }
        }

        let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
        let mut list = List::new();
        for (n, v) in headers {
            // libcurl sends "Name;" as an empty header; "Name:" would remove it.
            let line = if v.is_empty() {
                format!("{n};")
            } else {
                format!("{n}: {v}")
            };
            list.append(&line).map_err(curl_err)?;
        }
        if !has("user-agent") {
            list.append(concat!("User-Agent: nethttp/", env!("CARGO_PKG_VERSION")))
                .map_err(curl_err)?;
        }
        // Only what the application asks for: no form Content-Type, no Expect.
        if !has("content-type") {
            list.append("Content-Type:").map_err(curl_err)?;
        }
        if !has("expect") {
            list.append("Expect:").map_err(curl_err)?;
        }
        if t.url_host() != t.host && !has("host") {
            let host = if t.port == t.default_port() {
                bracket(&t.host)
            } else {
                format!("{}:{}", bracket(&t.host), t.port)
            };
            list.append(&format!("Host: {host}")).map_err(curl_err)?;
        }
        easy.http_headers(list).map_err(curl_err)?;

        if let Some(o) = &t.tls {
            easy.ssl_min_max_version(SslVersion::Tlsv12, SslVersion::Default)
                .map_err(curl_err)?;
            if o.unsafe_no_verify {
                easy.ssl_verify_peer(false).map_err(curl_err)?;
                easy.ssl_verify_host(false).map_err(curl_err)?;
            }
            match &o.trusted_ca {
                Some(TrustedCa::Path(p)) => setup::set_ca_path(easy, p)?,
                Some(TrustedCa::Pem(pem)) => easy.ssl_cainfo_blob(pem).map_err(curl_err)?,
                None => {}
            }
            if let Some(pin) = &o.pinned_public_key {
                easy.pinned_public_key(pin).map_err(curl_err)?;
            }
        }

        // Connect where the connect phase connected (so its socket is found and
        // reused), with the URL's name kept for Host, SNI and verification.
        let mut connect_to = List::new();
        match &t.proxy {
            Some(p) => {
                let addr = t.ip.map_or_else(|| p.host.clone(), |ip| ip.to_string());
                easy.proxy(&format!("http://{}:{}", bracket(&addr), p.port))
                    .map_err(curl_err)?;
                crate::core::curl::setopt_long(easy, setup::CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)?;
                if t.url_host() != t.host {
                    connect_to
                        .append(&format!(
                            "{}:{}:{}:{}",
                            bracket(t.url_host()),
                            t.port,
                            bracket(&t.host),
                            t.port
                        ))
                        .map_err(curl_err)?;
                }
            }
            None => {
                easy.proxy("").map_err(curl_err)?;
                let addr = t.ip.map_or_else(|| t.host.clone(), |ip| ip.to_string());
                connect_to
                    .append(&format!(
                        "{}:{}:{}:{}",
                        bracket(t.url_host()),
                        t.port,
                        bracket(&addr),
                        t.port
                    ))
                    .map_err(curl_err)?;
            }
        }
        easy.connect_to(connect_to).map_err(curl_err)?;
        self.slot.install(easy)?;
        Ok(())
    }
}
