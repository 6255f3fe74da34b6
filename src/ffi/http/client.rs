//! `http_client`: the poll-driven client with Godot `HTTPClient` semantics.

use crate::core::error::{self, Error, UNKNOWN};
use crate::ffi::{arg_bytes, arg_mut, arg_opt_str as opt_str, arg_ref, arg_str, boundary, code};
use crate::http::client::{query, Client, Status, TlsOptions};
use crate::http::options::Method;
use std::ffi::CString;
use std::os::raw::c_char;

/// `HTTPClient.Status`: what `http_client_get_status` returns (Godot's numbers).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_client_status {
    /// Not connected: before `http_client_connect_to_host`, after `http_client_close`.
    HTTP_CLIENT_STATUS_DISCONNECTED = 0,
    /// Resolving the host name (or the proxy's).
    HTTP_CLIENT_STATUS_RESOLVING = 1,
    /// The host name could not be resolved. Terminal until close/connect.
    HTTP_CLIENT_STATUS_CANT_RESOLVE = 2,
    /// Connecting (TCP) to the host, or to the proxy.
    HTTP_CLIENT_STATUS_CONNECTING = 3,
    /// The connection could not be made. Terminal until close/connect.
    HTTP_CLIENT_STATUS_CANT_CONNECT = 4,
    /// Connected and idle: ready for `http_client_request`.
    HTTP_CLIENT_STATUS_CONNECTED = 5,
    /// A request was sent (for https: with the TLS handshake first); waiting for the
    /// response head.
    HTTP_CLIENT_STATUS_REQUESTING = 6,
    /// The response head is here; the body is being received and read.
    HTTP_CLIENT_STATUS_BODY = 7,
    /// The connection broke (for example in the middle of the body). Terminal until
    /// close/connect.
    HTTP_CLIENT_STATUS_CONNECTION_ERROR = 8,
    /// The TLS handshake failed: certificate not trusted, name mismatch, pin mismatch.
    /// Terminal until close/connect.
    HTTP_CLIENT_STATUS_TLS_HANDSHAKE_ERROR = 9,
}

fn with_client(c: *mut Client, f: impl FnOnce(&mut Client) -> Result<(), Error>) -> i32 {
    boundary!(UNKNOWN, { code(arg_mut(c, "client").and_then(f)) })
}

fn set_out<T>(out: *mut T, v: T) {
    if !out.is_null() {
        // SAFETY: a caller-provided out-param, checked non-NULL.
        unsafe { out.write(v) };
    }
}

/// Creates a client (Godot's `HTTPClient.new()`): DISCONNECTED, read_chunk_size 65536,
/// blocking mode off, no proxies. Free it with `http_client_free`. Returns NULL only if
/// memory is exhausted.
///
/// Threads: a client is used by one thread at a time (any thread, but not two at once).
/// It runs on the calling thread: `http_client_poll` and the read function drive its own
/// libcurl multi handle there, without blocking (name resolution runs on libcurl's
/// resolver thread). No callbacks are involved.
#[no_mangle]
pub extern "C" fn http_client_new() -> *mut Client {
    boundary!(std::ptr::null_mut(), {
        Box::into_raw(Box::new(Client::new()))
    })
}

/// Frees a client, closing its connection and abandoning any transfer. NULL is a no-op.
/// Every pointer obtained from the client becomes invalid.
#[no_mangle]
pub extern "C" fn http_client_free(client: *mut Client) {
    boundary!((), {
        if !client.is_null() {
            // SAFETY: clients are handed out as Box::into_raw.
            drop(unsafe { Box::from_raw(client) });
        }
    })
}

/// Godot's `TLSOptions.client(trusted_chain, common_name_override)`: TLS with
/// verification. `trusted_ca`: NULL or "" for the system's CAs, PEM text (it contains
/// `-----BEGIN`), or the path of a PEM file or of a directory of hashed certificates (it
/// must exist: 401 otherwise). `common_name`: NULL or "" to verify the certificate for
/// the host given to `http_client_connect_to_host`; otherwise the certificate is verified
/// for (and SNI names) this name, while the Host header still names the host. Writes a
/// new object to `*out` (free it with `http_client_tls_free`). Errors: 401.
#[no_mangle]
pub extern "C" fn http_client_tls_client(
    trusted_ca: *const c_char,
    common_name: *const c_char,
    out: *mut *mut TlsOptions,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let ca = opt_str(trusted_ca, "trusted_ca")?;
            let cn = opt_str(common_name, "common_name")?;
            let tls = TlsOptions::client(ca, cn)?;
            set_out(out, Box::into_raw(Box::new(tls)));
            Ok(())
        })())
    })
}

/// Godot's `TLSOptions.client_unsafe()`: TLS without any certificate or host name
/// verification (for tests and development only). Free with `http_client_tls_free`.
/// Returns NULL only if memory is exhausted.
#[no_mangle]
pub extern "C" fn http_client_tls_client_unsafe() -> *mut TlsOptions {
    boundary!(std::ptr::null_mut(), {
        Box::into_raw(Box::new(TlsOptions::client_unsafe()))
    })
}

/// Pins the server's public key (libcurl's CURLOPT_PINNEDPUBLICKEY): `sha256//<base64>`
/// hashes separated by `;`, or the path of a PEM/DER public key. A certificate whose key
/// does not match fails the handshake (TLS_HANDSHAKE_ERROR, error 2300090). "" removes the
/// pin. Errors: 401.
#[no_mangle]
pub extern "C" fn http_client_tls_set_pinned_public_key(
    tls: *mut TlsOptions,
    pin: *const c_char,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let tls = arg_mut(tls, "tls")?;
            tls.set_pinned_public_key(arg_str(pin, "pin")?)
        })())
    })
}

/// Frees TLS options. NULL is a no-op. Clients connected with them keep their own copy.
#[no_mangle]
pub extern "C" fn http_client_tls_free(tls: *mut TlsOptions) {
    boundary!((), {
        if !tls.is_null() {
            // SAFETY: handed out as Box::into_raw.
            drop(unsafe { Box::from_raw(tls) });
        }
    })
}

/// Starts connecting to `host` (Godot's `connect_to_host`); closes any previous
/// connection first. `host` is a name or IP address (IPv6 with or without brackets),
/// optionally prefixed with `http://` or `https://`. TLS is used when `tls` is non-NULL
/// or the prefix is `https://` (then NULL `tls` means verification against the system's
/// CAs); an `http://` prefix turns TLS off whatever `tls` says. `port` -1 means 443 with
/// TLS, 80 without. `tls` is copied.
///
/// The status becomes RESOLVING (CONNECTING for an IP address); call `http_client_poll`
/// until it is CONNECTED, CANT_RESOLVE or CANT_CONNECT. With a proxy set for the scheme
/// (`http_client_set_http_proxy` / `_set_https_proxy`) the connection is made to the
/// proxy. The TCP connection made here is the one the requests use (if the server closes
/// it before the first request, that request connects again); for https the TLS
/// handshake and verification run with the first request (a failure then shows as
/// TLS_HANDSHAKE_ERROR). Never blocks.
///
/// Errors: 401 (bad host or port), 2300001 (another scheme prefix, e.g. `ws://` or
/// `file://`: the client speaks HTTP and HTTPS only), 2300997 / 2300998 (process-wide
/// policy); the client is then DISCONNECTED.
#[no_mangle]
pub extern "C" fn http_client_connect_to_host(
    client: *mut Client,
    host: *const c_char,
    port: i32,
    tls: *const TlsOptions,
) -> i32 {
    with_client(client, |c| {
        let host = arg_str(host, "host")?;
        // SAFETY: NULL or a live object from http_client_tls_client*.
        let tls = unsafe { tls.as_ref() };
        c.connect_to_host(host, port, tls)
    })
}

/// Godot 3's `connect_to_host(host, port, use_ssl, verify_host)`: like
/// `http_client_connect_to_host` with TLS when `use_tls` (against the system's CAs when
/// `verify_host`, without any verification otherwise).
#[no_mangle]
pub extern "C" fn http_client_connect_to_host_godot3(
    client: *mut Client,
    host: *const c_char,
    port: i32,
    use_tls: bool,
    verify_host: bool,
) -> i32 {
    with_client(client, |c| {
        let host = arg_str(host, "host")?;
        let tls = match (use_tls, verify_host) {
            (false, _) => None,
            (true, true) => Some(TlsOptions::default()),
            (true, false) => Some(TlsOptions::client_unsafe()),
        };
        c.connect_to_host(host, port, tls.as_ref())
    })
}

/// Advances the client (Godot's `poll`): runs libcurl once on the calling thread without
/// blocking, and updates the status (RESOLVING → CONNECTING → CONNECTED; REQUESTING →
/// BODY → CONNECTED once the body is read). Call it every frame while connecting or
/// waiting for a response. Returns 0, or in an error status (CANT_RESOLVE, CANT_CONNECT,
/// CONNECTION_ERROR, TLS_HANDSHAKE_ERROR) the error behind it (2300000 + CURLcode, e.g.
/// 2300006, 2300007, 2300060); 401 for NULL.
#[no_mangle]
pub extern "C" fn http_client_poll(client: *mut Client) -> i32 {
    with_client(client, |c| c.poll())
}

/// The status, one of `http_client_status` (DISCONNECTED for NULL). Does not advance
/// anything: call `http_client_poll` for that.
#[no_mangle]
pub extern "C" fn http_client_get_status(client: *const Client) -> i32 {
    boundary!(Status::Disconnected as i32, {
        arg_ref(client, "client").map_or(Status::Disconnected as i32, |c| c.status() as i32)
    })
}

/// The failure behind the current error status: 2300000 + CURLcode (or 2300999), and
/// in `*detail` (may be NULL) libcurl's description of it, valid until the client's
/// status changes or the client is freed. 0 (and "") when the status is not an error;
/// 401 for NULL.
#[no_mangle]
pub extern "C" fn http_client_get_error(client: *const Client, detail: *mut *const c_char) -> i32 {
    boundary!(UNKNOWN, {
        match arg_ref(client, "client") {
            Ok(c) => {
                set_out(detail, c.error_detail().as_ptr());
                c.error().map_or(error::OK, |e| e.code)
            }
            Err(e) => {
                set_out(detail, c"".as_ptr());
                code(Err(e))
            }
        }
    })
}

fn method_of(m: i32) -> Result<Method, Error> {
    usize::try_from(m)
        .ok()
        .and_then(|i| Method::ALL.get(i).copied())
        .ok_or_else(|| Error::param(format!("method: invalid value {m} (http_method 0..8)")))
}

fn header_args<'a>(headers: *const *const c_char, count: usize) -> Result<Vec<&'a str>, Error> {
    if count > 0 && headers.is_null() {
        return Err(Error::param("headers: NULL with a non-zero count"));
    }
    (0..count)
        .map(|i| {
            // SAFETY: the caller passes `count` readable pointers.
            let p = unsafe { *headers.add(i) };
            arg_str(p, "headers")
        })
        .collect()
}

/// Sends a request on the connection (Godot's `request`). Only when CONNECTED (401
/// otherwise, for instance while a body is unread). `method`: an `http_method` (GET=0 …
/// PATCH=8). `url`: the path after the host (`/index.html?x=1`); `*` for OPTIONS;
/// `host:port` for CONNECT; or an absolute URL on the connected host (with a proxy
/// set, requests go to it in absolute form either way). `headers`: `count` strings
/// `"Name: value"` (NULL when 0), sent as given; nethttp adds only Host, Accept (any type),
/// User-Agent (unless given) and Content-Length for a body, and no Content-Type or
/// Expect of its own. `body`: NUL-terminated text, NULL for none; ignored for GET.
/// Everything is copied. The status becomes REQUESTING; poll until BODY (or an error).
/// If the server closed the idle connection since the last response, the request opens a
/// new one to the same address (while REQUESTING).
/// Errors: 401 (arguments, CR/LF in a header, state), 2300000 + CURLcode.
#[no_mangle]
pub extern "C" fn http_client_request(
    client: *mut Client,
    method: i32,
    url: *const c_char,
    headers: *const *const c_char,
    count: usize,
    body: *const c_char,
) -> i32 {
    with_client(client, |c| {
        let method = method_of(method)?;
        let url = arg_str(url, "url")?;
        let headers = header_args(headers, count)?;
        let body = opt_str(body, "body")?.unwrap_or("");
        c.request(method, url, &headers, body.as_bytes())
    })
}

/// `http_client_request` with a binary body of `len` bytes (Godot's `request_raw`);
/// `body` may be NULL when `len` is 0. Ignored for GET.
#[no_mangle]
pub extern "C" fn http_client_request_raw(
    client: *mut Client,
    method: i32,
    url: *const c_char,
    headers: *const *const c_char,
    count: usize,
    body: *const u8,
    len: usize,
) -> i32 {
    with_client(client, |c| {
        let method = method_of(method)?;
        let url = arg_str(url, "url")?;
        let headers = header_args(headers, count)?;
        let body = arg_bytes(body, len, "body")?;
        c.request(method, url, &headers, body)
    })
}

/// Request-body bytes handed to the connection so far (`*sent`) and the body's size
/// (`*total`), for the request in progress or the last one (upload progress, which
/// Godot lacks). Either pointer may be NULL. Errors: 401.
#[no_mangle]
pub extern "C" fn http_client_get_upload_progress(
    client: *const Client,
    sent: *mut u64,
    total: *mut u64,
) -> i32 {
    boundary!(UNKNOWN, {
        code(arg_ref(client, "client").map(|c| {
            let (s, t) = c.upload_progress();
            set_out(sent, s);
            set_out(total, t);
        }))
    })
}

/// Whether a response head has arrived for the last request (Godot's `has_response`);
/// true from BODY on until the next request, close or connect. false for NULL.
#[no_mangle]
pub extern "C" fn http_client_has_response(client: *const Client) -> bool {
    boundary!(false, {
        arg_ref(client, "client").is_ok_and(|c| c.response().is_some())
    })
}

/// The response's status code (e.g. 200); 0 without a response or for NULL.
#[no_mangle]
pub extern "C" fn http_client_get_response_code(client: *const Client) -> i32 {
    boundary!(0, {
        arg_ref(client, "client")
            .ok()
            .and_then(|c| c.response())
            .map_or(0, |r| r.code as i32)
    })
}

/// The response headers (Godot's `get_response_headers`): `*lines` gets an array of
/// `*count` NUL-terminated `"Name: value"` strings, names as received, in order. Valid
/// until the next request, connect, close or free of this client (`"Name:"` for an empty
/// value). Without a response:
/// `*lines` NULL and `*count` 0. Errors: 401 (NULL client or out-param).
#[no_mangle]
pub extern "C" fn http_client_get_response_headers(
    client: *const Client,
    lines: *mut *const *const c_char,
    count: *mut usize,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let c = arg_ref(client, "client")?;
            if lines.is_null() || count.is_null() {
                return Err(Error::param("lines, count: NULL"));
            }
            match c.response() {
                Some(r) => {
                    let ptrs = r.header_lines_c();
                    set_out(lines, ptrs.as_ptr());
                    set_out(count, ptrs.len());
                }
                None => {
                    set_out(lines, std::ptr::null());
                    set_out(count, 0);
                }
            }
            Ok(())
        })())
    })
}

/// The response headers as a JSON object (Godot's
/// `get_response_headers_as_dictionary`): names as received; values of a name repeated
/// exactly are joined with "; ". NULL without a response (or for NULL). Valid until the
/// next request, connect, close or free of this client.
#[no_mangle]
pub extern "C" fn http_client_get_response_headers_as_dictionary(
    client: *const Client,
) -> *const c_char {
    boundary!(std::ptr::null(), {
        arg_ref(client, "client")
            .ok()
            .and_then(|c| c.response())
            .map_or(std::ptr::null(), |r| r.dictionary_json().as_ptr())
    })
}

/// The body's length from Content-Length (Godot's `get_response_body_length`); -1 when
/// unknown or chunked (and without a response); 0 for HEAD, 204 and 304 responses.
#[no_mangle]
pub extern "C" fn http_client_get_response_body_length(client: *const Client) -> i64 {
    boundary!(-1, {
        arg_ref(client, "client")
            .ok()
            .and_then(|c| c.response())
            .map_or(-1, |r| r.body_length())
    })
}

/// Whether the response uses chunked transfer coding (Godot's `is_response_chunked`).
#[no_mangle]
pub extern "C" fn http_client_is_response_chunked(client: *const Client) -> bool {
    boundary!(false, {
        arg_ref(client, "client")
            .ok()
            .and_then(|c| c.response())
            .is_some_and(|r| r.chunked)
    })
}

/// The HTTP version of the response: "1.0", "1.1", "2" (HTTPS servers that offer h2 get
/// HTTP/2 through ALPN); "" without a response. Static string.
#[no_mangle]
pub extern "C" fn http_client_get_response_http_version(client: *const Client) -> *const c_char {
    boundary!(c"".as_ptr(), {
        arg_ref(client, "client")
            .ok()
            .and_then(|c| c.response())
            .map_or(c"".as_ptr(), |r| r.http_version.as_ptr())
    })
}

/// Reads the next piece of the body (Godot's `read_response_body_chunk`) into `buf`:
/// at most `min(cap, read_chunk_size)` bytes, their number in `*len`. Without blocking
/// mode it copies what has arrived (running libcurl once if nothing has), possibly
/// nothing; in blocking mode it waits until it can fill that many bytes or the body
/// ends. Once the whole body is read the status returns to CONNECTED. Outside BODY it
/// reads nothing (`*len` 0, returns 0).
///
/// Flow control: the client holds at most about read_chunk_size + 16 KiB of unread body;
/// beyond that libcurl pauses the transfer (nothing more is read from the socket, so the
/// server waits) until the application reads. Errors: 401, or the transfer's error when
/// the connection fails during the read (the status then says which).
#[no_mangle]
pub extern "C" fn http_client_read_response_body_chunk(
    client: *mut Client,
    buf: *mut u8,
    cap: usize,
    len: *mut usize,
) -> i32 {
    with_client(client, |c| {
        if len.is_null() {
            return Err(Error::param("len: NULL"));
        }
        if buf.is_null() && cap > 0 {
            return Err(Error::param("buf: NULL with a non-zero cap"));
        }
        let out: &mut [u8] = if cap == 0 {
            &mut []
        } else {
            // SAFETY: the caller passes `cap` writable bytes.
            unsafe { std::slice::from_raw_parts_mut(buf, cap) }
        };
        let n = c.read_body_chunk(out)?;
        set_out(len, n);
        Ok(())
    })
}

/// Sets `read_chunk_size` (Godot's property, default 65536): the most bytes one read
/// returns, and the body buffer's size before flow control pauses the transfer.
/// 256 .. 16777216, 401 otherwise. The buffer bound applies from the next request.
#[no_mangle]
pub extern "C" fn http_client_set_read_chunk_size(client: *mut Client, size: usize) -> i32 {
    with_client(client, |c| c.set_read_chunk_size(size))
}

/// The current `read_chunk_size` (0 for NULL).
#[no_mangle]
pub extern "C" fn http_client_get_read_chunk_size(client: *const Client) -> usize {
    boundary!(0, {
        arg_ref(client, "client").map_or(0, |c| c.read_chunk_size())
    })
}

/// Turns blocking mode on or off (Godot's `blocking_mode_enabled`, default off): when
/// on, `http_client_read_response_body_chunk` waits for data. Nothing else blocks.
#[no_mangle]
pub extern "C" fn http_client_set_blocking_mode(client: *mut Client, enabled: bool) -> i32 {
    with_client(client, |c| {
        c.set_blocking_mode(enabled);
        Ok(())
    })
}

/// Whether blocking mode is on (false for NULL).
#[no_mangle]
pub extern "C" fn http_client_is_blocking_mode_enabled(client: *const Client) -> bool {
    boundary!(false, {
        arg_ref(client, "client").is_ok_and(|c| c.blocking_mode())
    })
}

/// Sets the proxy for http:// connections (Godot's `set_http_proxy`); unset with an empty
/// `host` or `port` -1. Requests then go to the proxy with absolute URLs. Takes effect at
/// the next `http_client_connect_to_host`. Errors: 401.
#[no_mangle]
pub extern "C" fn http_client_set_http_proxy(
    client: *mut Client,
    host: *const c_char,
    port: i32,
) -> i32 {
    with_client(client, |c| c.set_http_proxy(arg_str(host, "host")?, port))
}

/// Sets the proxy for https:// connections (Godot's `set_https_proxy`), tunnelled with
/// CONNECT; unset with an empty `host` or `port` -1. Takes effect at the next
/// `http_client_connect_to_host`. Errors: 401.
#[no_mangle]
pub extern "C" fn http_client_set_https_proxy(
    client: *mut Client,
    host: *const c_char,
    port: i32,
) -> i32 {
    with_client(client, |c| c.set_https_proxy(arg_str(host, "host")?, port))
}

/// Closes the connection and abandons any transfer (Godot's `close`); the status becomes
/// DISCONNECTED and the response is forgotten. The client can connect again. Errors: 401.
#[no_mangle]
pub extern "C" fn http_client_close(client: *mut Client) -> i32 {
    with_client(client, |c| {
        c.close();
        Ok(())
    })
}

/// Godot's `HTTPClient.query_string_from_dict` for a JSON object: `{"a":"x y","n":null,
/// "m":[1,2]}` gives `a=x%20y&n&m=1&m=2` — pairs in the object's order, a null value
/// gives the bare key, an array repeats the key, keys and values URL-encoded (RFC 3986
/// unreserved characters kept). Writes a new NUL-terminated string to `*out`, freed with
/// `http_string_free`. Errors: 401 (NULL, not a JSON object).
#[no_mangle]
pub extern "C" fn http_query_string_from_dict(json: *const c_char, out: *mut *mut c_char) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let q = query::query_string_from_json(arg_str(json, "json")?)?;
            let c = CString::new(q).map_err(|_| Error::param("json: NUL in a key or value"))?;
            set_out(out, c.into_raw());
            Ok(())
        })())
    })
}

/// Frees a string returned by nethttp (`http_query_string_from_dict`). NULL is a no-op.
#[no_mangle]
pub extern "C" fn http_string_free(s: *mut c_char) {
    boundary!((), {
        if !s.is_null() {
            // SAFETY: handed out as CString::into_raw.
            drop(unsafe { CString::from_raw(s) });
        }
    })
}
