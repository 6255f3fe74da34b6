//! `nethttp_ws_options`: `WebSocketRequestOptions`, typed setters and JSON.

use crate::core::error::{Error, UNKNOWN};
use crate::ffi::{arg_mut, arg_opt_str, arg_str, boundary, code};
use crate::http::netopts::{CertType, ClientCert, ProxyMode};
use crate::ws::options::WsOptions;
use std::os::raw::c_char;
use std::sync::Arc;

/// The options object (copied by each connect).
pub struct WsOptionsHandle(pub(crate) Arc<WsOptions>);

fn with(o: *mut WsOptionsHandle, f: impl FnOnce(&mut WsOptions) -> Result<(), Error>) -> i32 {
    boundary!(UNKNOWN, {
        code(arg_mut(o, "options").and_then(|h| f(Arc::make_mut(&mut h.0))))
    })
}

/// Creates WebSocket options at their defaults: no extra headers, the system's CAs, proxy
/// 'system' (the proxy environment variables), no subprotocol, pingInterval 30 s and
/// pongTimeout 30 s (the spec's defaults), connect timeout 60000 ms, close timeout
/// 5000 ms, maximum message size 64 MiB, permessage-deflate offered. Free with
/// `nethttp_ws_options_free`.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_new() -> *mut WsOptionsHandle {
    boundary!(std::ptr::null_mut(), {
        Box::into_raw(Box::new(WsOptionsHandle(Arc::new(WsOptions::default()))))
    })
}

/// Frees options. NULL is a no-op.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_free(options: *mut WsOptionsHandle) {
    boundary!((), {
        if !options.is_null() {
            // SAFETY: from nethttp_ws_options_new / _from_json; freed once.
            drop(unsafe { Box::from_raw(options) });
        }
    })
}

/// Parses a `WebSocketRequestOptions` JSON object into new options (`*out`, free with
/// `nethttp_ws_options_free`). Fields: `header` (object), `caPath`, `clientCert`
/// (`{certPath, keyPath, keyPassword}`), `proxy` (`"system"`, `"no-proxy"` or
/// `{host, port, exclusionList, username, password}`), `protocol`,
/// `skipServerCertVerification`, `pingInterval`, `pongTimeout` (seconds),
/// `minSupportTlsProtocol` (0..3 = TLS 1.0..1.3); from nethttp's HTTP options, where they
/// apply: `caData`, `certificatePinning`, `tlsOptions`, `addressFamily`, `dnsOverHttps`,
/// `dnsServers`, `connectTimeout` (ms); nethttp's own under `"nethttp"`:
/// `{maxMessageSize, permessageDeflate, closeTimeout}`. An unknown field, a wrong type or
/// an invalid value is 401 with the field named in the detail; `supportOriginPort` is
/// refused (401) as not supported.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_from_json(
    json: *const c_char,
    out: *mut *mut WsOptionsHandle,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let text = arg_str(json, "json")?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let o = WsOptions::from_json(text)?;
            // SAFETY: a caller-provided out-param, checked non-NULL.
            unsafe { *out = Box::into_raw(Box::new(WsOptionsHandle(Arc::new(o)))) };
            Ok(())
        })())
    })
}

/// Applies the fields of a JSON object (as in `nethttp_ws_options_from_json`) onto
/// `options`; on error they are unchanged.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_apply_json(
    options: *mut WsOptionsHandle,
    json: *const c_char,
) -> i32 {
    with(options, |o| o.apply_json(arg_str(json, "json")?))
}

/// Adds a request header to the upgrade (replacing one of the same name). The handshake's
/// own headers (Upgrade, Connection, Sec-WebSocket-*) are refused with 401.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_add_header(
    options: *mut WsOptionsHandle,
    name: *const c_char,
    value: *const c_char,
) -> i32 {
    with(options, |o| {
        o.add_header(arg_str(name, "name")?, arg_str(value, "value")?)
    })
}

/// `caPath`: trust only the CAs in this PEM file or hashed-certificate directory.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_ca_path(
    options: *mut WsOptionsHandle,
    path: *const c_char,
) -> i32 {
    with(options, |o| o.set_ca_path(arg_str(path, "path")?))
}

/// `clientCert`: PEM certificate and key files (key may be NULL when the certificate file
/// holds it), and the key's password (may be NULL).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_client_cert(
    options: *mut WsOptionsHandle,
    cert_path: *const c_char,
    key_path: *const c_char,
    key_password: *const c_char,
) -> i32 {
    with(options, |o| {
        o.net.client_cert = Some(ClientCert::new(
            arg_str(cert_path, "cert_path")?,
            CertType::Pem,
            arg_opt_str(key_path, "key_path")?,
            arg_opt_str(key_password, "key_password")?,
        )?);
        Ok(())
    })
}

/// `proxy: 'system'` (`use_system` true: the proxy environment variables, the default) or
/// `'no-proxy'` (false).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_system_proxy(
    options: *mut WsOptionsHandle,
    use_system: bool,
) -> i32 {
    with(options, |o| {
        o.net.proxy = crate::ffi::proxy_mode(use_system);
        Ok(())
    })
}

/// `proxy: HttpProxy`: the upgrade tunnels through this HTTP proxy with CONNECT (as
/// `http_options_set_proxy`, whose rules for `exclusions`, `username` and `password` apply).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_proxy(
    options: *mut WsOptionsHandle,
    host: *const c_char,
    port: u32,
    exclusions: *const *const c_char,
    count: usize,
    username: *const c_char,
    password: *const c_char,
) -> i32 {
    with(options, |o| {
        let p = crate::ffi::arg_proxy(host, port, exclusions, count, username, password)?;
        o.net.proxy = ProxyMode::Custom(p);
        Ok(())
    })
}

/// `protocol`: the subprotocol(s) to offer (`"chat"` or `"chat, superchat"`; NULL or ""
/// for none). The server's choice is the OPEN event's `protocol`; a choice that was not
/// offered fails the connection (2302102).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_protocol(
    options: *mut WsOptionsHandle,
    protocol: *const c_char,
) -> i32 {
    with(options, |o| {
        o.set_protocol(arg_opt_str(protocol, "protocol")?.unwrap_or(""))
    })
}

/// `skipServerCertVerification`: accept any server certificate (testing only).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_skip_server_cert_verification(
    options: *mut WsOptionsHandle,
    skip: bool,
) -> i32 {
    with(options, |o| {
        o.set_skip_verification(skip);
        Ok(())
    })
}

/// `pingInterval` and `pongTimeout` (seconds): after `interval` seconds without a frame
/// from the server a ping is sent, and without its pong within `pong_timeout` the
/// connection is dropped (ERROR 2302106, CLOSE 1006). `interval` 0 turns pings off;
/// otherwise 1 <= pong_timeout <= interval <= 30000 (401 else).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_ping(
    options: *mut WsOptionsHandle,
    interval_s: u32,
    pong_timeout_s: u32,
) -> i32 {
    with(options, |o| o.set_ping(interval_s, pong_timeout_s))
}

/// `minSupportTlsProtocol`: 0..3 for TLS 1.0..1.3 (OpenSSL 3 refuses 1.0 and 1.1 at its
/// default security level, so 0 and 1 act as 1.2).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_min_tls_protocol(
    options: *mut WsOptionsHandle,
    version: i32,
) -> i32 {
    with(options, |o| o.set_min_tls(version.into()))
}

/// The largest message accepted from the server, in bytes after inflating (default
/// 64 MiB; 1 .. 2^40). A larger one is refused as its frames arrive, before it is
/// buffered: the connection is closed with 1009 (ERROR 2302105).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_max_message_size(
    options: *mut WsOptionsHandle,
    bytes: u64,
) -> i32 {
    with(options, |o| o.set_max_message(bytes))
}

/// Whether to offer permessage-deflate (RFC 7692; default true). When the server accepts,
/// messages both ways are compressed, with the context takeover and window sizes it chose.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_permessage_deflate(
    options: *mut WsOptionsHandle,
    enabled: bool,
) -> i32 {
    with(options, |o| {
        o.deflate = enabled;
        Ok(())
    })
}

/// How long the closing handshake may take, in ms (default 5000; 0 waits forever).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_close_timeout(
    options: *mut WsOptionsHandle,
    ms: u32,
) -> i32 {
    with(options, |o| {
        o.close_timeout_ms = ms;
        Ok(())
    })
}

/// How long the connection and upgrade may take, in ms (default 60000; 0 = libcurl's
/// default connect timeout and no limit on the upgrade).
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_connect_timeout(
    options: *mut WsOptionsHandle,
    ms: u32,
) -> i32 {
    with(options, |o| {
        o.connect_timeout_ms = ms;
        Ok(())
    })
}

/// The WebSocket goes through network `net_id` (JSON: `"nethttp": {"netId": N}`), as
/// `http_options_set_net_id` describes; 0 (the default): the application's network, else
/// the system's choice. 401 for a negative id.
#[no_mangle]
pub extern "C" fn nethttp_ws_options_set_net_id(options: *mut WsOptionsHandle, net_id: i32) -> i32 {
    with(options, |o| {
        if net_id < 0 {
            return Err(Error::param(format!("netId: {net_id} is negative")));
        }
        o.net.net_id = net_id;
        Ok(())
    })
}
