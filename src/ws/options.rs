//! `WebSocketRequestOptions` as a typed model (and its JSON form), plus nethttp's own
//! fields under `"nethttp"`.

use crate::core::error::Error;
use crate::http::netopts::json::{only_keys, want_obj, want_str};
use crate::http::netopts::{NetOptions, ProxyMode, TlsConfig, TlsVersion};
use crate::http::options::validate_header;
use serde_json::Value;

/// Defaults (seconds, as in the spec).
pub const DEFAULT_PING_INTERVAL_S: u32 = 30;
pub const DEFAULT_PONG_TIMEOUT_S: u32 = 30;
pub const MAX_PING_INTERVAL_S: u32 = 30_000;
/// The default largest message accepted from the server (bytes, after inflating).
pub const DEFAULT_MAX_MESSAGE: u64 = 64 * 1024 * 1024;
/// The largest settable (the frame length field's range is larger; memory is not).
pub const MAX_MAX_MESSAGE: u64 = 1 << 40;
pub const DEFAULT_CLOSE_TIMEOUT_MS: u32 = 5_000;
pub const DEFAULT_CONNECT_TIMEOUT_MS: u32 = 60_000;

/// The options of one connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WsOptions {
    /// Extra request headers, in order, names unique case-insensitively.
    pub headers: Vec<(String, String)>,
    /// `caPath`: a PEM file or a directory of hashed certificates.
    pub ca_path: Option<String>,
    /// `protocol`: the Sec-WebSocket-Protocol offer (one name or a comma-separated list).
    pub protocol: Option<String>,
    pub ping_interval_s: u32,
    pub pong_timeout_s: u32,
    pub connect_timeout_ms: u32,
    pub close_timeout_ms: u32,
    pub max_message: u64,
    pub deflate: bool,
    /// Proxy, TLS and DNS: the HTTP module's model (`proxy` maps to its proxy mode,
    /// `skipServerCertVerification` to remote validation, `minSupportTlsProtocol` to its
    /// TLS versions).
    pub net: NetOptions,
}

impl Default for WsOptions {
    fn default() -> Self {
        WsOptions {
            headers: Vec::new(),
            ca_path: None,
            protocol: None,
            ping_interval_s: DEFAULT_PING_INTERVAL_S,
            pong_timeout_s: DEFAULT_PONG_TIMEOUT_S,
            connect_timeout_ms: DEFAULT_CONNECT_TIMEOUT_MS,
            close_timeout_ms: DEFAULT_CLOSE_TIMEOUT_MS,
            max_message: DEFAULT_MAX_MESSAGE,
            deflate: true,
            // The spec's default proxy is 'system' (HTTP's usingProxy defaults to none).
            net: NetOptions {
                proxy: ProxyMode::System,
                ..NetOptions::default()
            },
        }
    }
}

/// Headers the library writes itself (the handshake's own).
const RESERVED_HEADERS: &[&str] = &[
    "upgrade",
    "connection",
    "sec-websocket-key",
    "sec-websocket-version",
    "sec-websocket-extensions",
    "sec-websocket-protocol",
];

impl WsOptions {
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        validate_header(name, value)?;
        if RESERVED_HEADERS
            .iter()
            .any(|r| r.eq_ignore_ascii_case(name))
        {
            return Err(Error::param(format!(
                "header: {name} is part of the WebSocket handshake (use protocol for Sec-WebSocket-Protocol)"
            )));
        }
        match self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            Some(slot) => slot.1 = value.to_string(),
            None => self.headers.push((name.to_string(), value.to_string())),
        }
        Ok(())
    }

    pub fn set_ca_path(&mut self, path: &str) -> Result<(), Error> {
        if path.is_empty() {
            return Err(Error::param("caPath: empty path"));
        }
        self.ca_path = Some(path.to_string());
        Ok(())
    }

    /// Sets the subprotocol offer: RFC 6455 tokens, comma-separated.
    pub fn set_protocol(&mut self, p: &str) -> Result<(), Error> {
        let names: Vec<&str> = p.split(',').map(str::trim).collect();
        if p.trim().is_empty() {
            self.protocol = None;
            return Ok(());
        }
        for n in &names {
            if n.is_empty() || !n.bytes().all(is_tchar) {
                return Err(Error::param(format!(
                    "protocol: {n:?} is not a subprotocol name (an HTTP token)"
                )));
            }
        }
        self.protocol = Some(names.join(", "));
        Ok(())
    }

    pub fn set_ping(&mut self, interval_s: u32, pong_timeout_s: u32) -> Result<(), Error> {
        if interval_s > MAX_PING_INTERVAL_S {
            return Err(Error::param(format!(
                "pingInterval: {interval_s} s is over the maximum {MAX_PING_INTERVAL_S} s"
            )));
        }
        if interval_s > 0 && (pong_timeout_s == 0 || pong_timeout_s > interval_s) {
            return Err(Error::param(format!(
                "pongTimeout: {pong_timeout_s} s must be from 1 to pingInterval ({interval_s} s)"
            )));
        }
        self.ping_interval_s = interval_s;
        self.pong_timeout_s = pong_timeout_s;
        Ok(())
    }

    pub fn set_skip_verification(&mut self, skip: bool) {
        self.net.skip_validation = skip;
    }

    /// `minSupportTlsProtocol`: 0..3 for TLS 1.0..1.3 (the spec's `TlsProtocol`).
    pub fn set_min_tls(&mut self, v: i64) -> Result<(), Error> {
        let min = match v {
            0 => TlsVersion::V1_0,
            1 => TlsVersion::V1_1,
            2 => TlsVersion::V1_2,
            3 => TlsVersion::V1_3,
            _ => {
                return Err(Error::param(format!(
                    "minSupportTlsProtocol: {v} is not 0..3 (TLS_V_1_0..TLS_V_1_3)"
                )))
            }
        };
        self.net.tls = Some(TlsConfig::new(min, TlsVersion::V1_3, Vec::new())?);
        Ok(())
    }

    pub fn set_max_message(&mut self, v: u64) -> Result<(), Error> {
        if v == 0 || v > MAX_MAX_MESSAGE {
            return Err(Error::param(format!(
                "maxMessageSize: {v} is not 1..{MAX_MAX_MESSAGE}"
            )));
        }
        self.max_message = v;
        Ok(())
    }

    pub fn from_json(text: &str) -> Result<WsOptions, Error> {
        let mut o = WsOptions::default();
        o.apply_json(text)?;
        Ok(o)
    }

    /// Applies the fields of a `WebSocketRequestOptions` JSON object; on error the options
    /// are left unchanged.
    pub fn apply_json(&mut self, text: &str) -> Result<(), Error> {
        let map = crate::http::netopts::json::object_of(text)?;
        let mut o = self.clone();
        // pingInterval and pongTimeout are checked together, whichever comes first.
        let mut ping = (self.ping_interval_s, self.pong_timeout_s);
        for (key, v) in &map {
            match key.as_str() {
                "header" => {
                    for (n, val) in want_obj(key, v)? {
                        let s = match val {
                            Value::String(s) => s.clone(),
                            Value::Number(_) | Value::Bool(_) => val.to_string(),
                            _ => {
                                return Err(Error::param(format!(
                                    "header: the value of {n:?} is not a string"
                                )))
                            }
                        };
                        o.add_header(n, &s)?;
                    }
                }
                "caPath" => o.set_ca_path(want_str(key, v)?)?,
                "clientCert" => {
                    let c = want_obj(key, v)?;
                    only_keys(key, c, &["certPath", "keyPath", "keyPassword"])?;
                    o.net.apply_field("clientCert", v)?;
                }
                "proxy" => {
                    o.net.proxy = match v {
                        Value::String(s) if s == "system" => ProxyMode::System,
                        Value::String(s) if s == "no-proxy" => ProxyMode::None,
                        Value::Object(_) => {
                            let mut n = NetOptions::default();
                            n.apply_field("usingProxy", v)
                                .map_err(|e| Error::param(e.message.replace("usingProxy", "proxy")))?;
                            n.proxy
                        }
                        _ => {
                            return Err(Error::param(
                                "proxy: expected 'system', 'no-proxy' or an HttpProxy object",
                            ))
                        }
                    }
                }
                "protocol" => o.set_protocol(want_str(key, v)?)?,
                "skipServerCertVerification" => o.set_skip_verification(want_bool(key, v)?),
                "pingInterval" => ping.0 = want_u32(key, v)?,
                "pongTimeout" => ping.1 = want_u32(key, v)?,
                "minSupportTlsProtocol" => o.set_min_tls(
                    v.as_i64()
                        .ok_or_else(|| Error::param("minSupportTlsProtocol: expected 0..3"))?,
                )?,
                "caData" | "certificatePinning" | "addressFamily" | "dnsOverHttps"
                | "dnsServers" | "tlsOptions" => o.net.apply_field(key, v)?,
                "connectTimeout" => o.connect_timeout_ms = want_u32(key, v)?,
                "nethttp" => {
                    let e = want_obj(key, v)?;
                    only_keys(
                        key,
                        e,
                        &["maxMessageSize", "permessageDeflate", "closeTimeout", "netId"],
                    )?;
                    for (k, ev) in e {
                        match k.as_str() {
                            "maxMessageSize" => o.set_max_message(
                                ev.as_u64()
                                    .ok_or_else(|| Error::param("maxMessageSize: expected a number"))?,
                            )?,
                            "permessageDeflate" => o.deflate = want_bool(k, ev)?,
                            "netId" => o.net.net_id = crate::net::app::want_net_id(k, ev)?,
                            _ => o.close_timeout_ms = want_u32(k, ev)?,
                        }
                    }
                }
                "supportOriginPort" => {
                    return Err(Error::param(
                        "supportOriginPort: not supported (the Host header always carries a non-default port)",
                    ))
                }
                _ => return Err(Error::param(format!("options JSON: unknown field {key:?}"))),
            }
        }
        o.set_ping(ping.0, ping.1)?;
        *self = o;
        Ok(())
    }
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn want_bool(key: &str, v: &Value) -> Result<bool, Error> {
    v.as_bool()
        .ok_or_else(|| Error::param(format!("{key}: expected a boolean")))
}

fn want_u32(key: &str, v: &Value) -> Result<u32, Error> {
    v.as_u64()
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| Error::param(format!("{key}: expected a number from 0 to 4294967295")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_fields() {
        let o = WsOptions::from_json(
            r#"{"header":{"X-A":"1","X-N":2},"caPath":"/tmp/ca.pem","protocol":"chat, superchat",
                "proxy":"no-proxy","skipServerCertVerification":true,"pingInterval":10,
                "pongTimeout":5,"minSupportTlsProtocol":2,
                "nethttp":{"maxMessageSize":1000,"permessageDeflate":false,"closeTimeout":100}}"#,
        )
        .unwrap();
        assert_eq!(o.headers.len(), 2);
        assert_eq!(o.protocol.as_deref(), Some("chat, superchat"));
        assert_eq!(o.net.proxy, ProxyMode::None);
        assert!(o.net.skip_validation);
        assert_eq!((o.ping_interval_s, o.pong_timeout_s), (10, 5));
        assert_eq!(o.net.tls.as_ref().unwrap().min, TlsVersion::V1_2);
        assert_eq!(
            (o.max_message, o.deflate, o.close_timeout_ms),
            (1000, false, 100)
        );
    }

    #[test]
    fn bad_values() {
        for bad in [
            r#"{"pingInterval":10,"pongTimeout":11}"#,
            r#"{"pingInterval":30001}"#,
            r#"{"minSupportTlsProtocol":4}"#,
            r#"{"protocol":"a b"}"#,
            r#"{"header":{"Upgrade":"x"}}"#,
            r#"{"header":{"X":"a\r\nb"}}"#,
            r#"{"proxy":true}"#,
            r#"{"clientCert":{"certPath":"/a","certType":"PEM"}}"#,
            r#"{"nethttp":{"maxMessageSize":0}}"#,
            r#"{"nethttp":{"other":1}}"#,
            r#"{"method":"GET"}"#,
            r#"[]"#,
        ] {
            let e = WsOptions::from_json(bad).unwrap_err();
            assert_eq!(e.code, 401, "{bad}");
        }
        // Ping off: any pong timeout.
        assert!(WsOptions::from_json(r#"{"pingInterval":0,"pongTimeout":0}"#).is_ok());
        assert_eq!(WsOptions::default().net.proxy, ProxyMode::System);
    }
}
