//! `http_options`: the spec's `HttpRequestOptions`, built with typed setters or JSON.

use crate::core::error::{Error, UNKNOWN};
use crate::ffi::{arg_bytes, arg_mut, arg_str, boundary, code};
use crate::http::options::{DataType, ExtraData, Method, Protocol, RequestOptions};
use std::sync::Arc;

/// Request methods, for `http_options_set_method`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_method {
    HTTP_METHOD_GET = 0,
    HTTP_METHOD_HEAD = 1,
    HTTP_METHOD_POST = 2,
    HTTP_METHOD_PUT = 3,
    HTTP_METHOD_DELETE = 4,
    HTTP_METHOD_OPTIONS = 5,
    HTTP_METHOD_TRACE = 6,
    HTTP_METHOD_CONNECT = 7,
    HTTP_METHOD_PATCH = 8,
}

/// `HttpDataType`: the type of `result` (values as in the spec).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_data_type {
    HTTP_DATA_TYPE_STRING = 0,
    HTTP_DATA_TYPE_OBJECT = 1,
    HTTP_DATA_TYPE_ARRAY_BUFFER = 2,
}

/// `HttpProtocol` (values as in the spec).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_protocol {
    HTTP_PROTOCOL_HTTP1_1 = 0,
    HTTP_PROTOCOL_HTTP2 = 1,
    HTTP_PROTOCOL_HTTP3 = 2,
}

/// Request options (the spec's `HttpRequestOptions`). Created by `http_options_new` or
/// `http_options_from_json`, released by `http_options_free`.
//
// Shared, not copied, with the requests started with them: a setter changing options that
// a started request still holds changes a copy of its own (`Arc::make_mut` in `with_opts`),
// so the request keeps the values it was started with.
pub struct RequestOptionsHandle(pub(crate) Arc<RequestOptions>);

impl RequestOptionsHandle {
    fn new(o: RequestOptions) -> *mut RequestOptionsHandle {
        Box::into_raw(Box::new(RequestOptionsHandle(Arc::new(o))))
    }
}

/// Runs a setter on the options, copying them first if a started request shares them.
pub(crate) fn with_opts(
    o: *mut RequestOptionsHandle,
    f: impl FnOnce(&mut RequestOptions) -> Result<(), Error>,
) -> i32 {
    boundary!(UNKNOWN, {
        code(arg_mut(o, "options").and_then(|h| f(Arc::make_mut(&mut h.0))))
    })
}

/// Creates request options with every field at the spec's default (GET, no extraData,
/// usingCache true, priority 1, readTimeout and connectTimeout 60000 ms, maxLimit
/// 5 MiB, up to 30 redirects followed). Free with `http_options_free`. One options object
/// may be used for any number of requests (each request copies it), but must not be
/// changed by two threads at once. Returns NULL only if memory is exhausted.
#[no_mangle]
pub extern "C" fn http_options_new() -> *mut RequestOptionsHandle {
    boundary!(std::ptr::null_mut(), {
        crate::core::error::test_panic("ffi");
        RequestOptionsHandle::new(RequestOptions::default())
    })
}

/// Frees options. NULL is a no-op. Requests already started keep their own copy.
#[no_mangle]
pub extern "C" fn http_options_free(options: *mut RequestOptionsHandle) {
    boundary!((), {
        if !options.is_null() {
            // SAFETY: created by http_options_new / http_options_from_json.
            drop(unsafe { Box::from_raw(options) });
        }
    })
}

/// Parses a `HttpRequestOptions` JSON object (the spec's camelCase keys: method,
/// extraData, expectDataType, usingCache, priority, header, readTimeout,
/// connectTimeout, usingProtocol, usingProxy, caPath, caData, remoteValidation,
/// resumeFrom, resumeTo, clientCert, certificatePinning, tlsOptions,
/// serverAuthentication, addressFamily, dnsOverHttps, dnsServers, maxLimit,
/// multiFormDataList, and maxRedirects). Each field is described with its typed setter
/// (`http_options_set_*`, `http_options_add_*`), whose documentation gives its JSON form
/// too. Enumerations take their numeric value or their name ("HTTP2", "ARRAY_BUFFER",
/// "P12", "TLS_V_1_2", "ONLY_V4"); `method` is case-insensitive. On success writes a new
/// options object to `*out` (free with `http_options_free`) and returns 0. On failure
/// returns 401 and `http_last_error_detail()` names the offending field: an unknown key
/// (also inside an object field), a wrong type, or an out-of-range value.
#[no_mangle]
pub extern "C" fn http_options_from_json(
    json: *const libc::c_char,
    out: *mut *mut RequestOptionsHandle,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let text = arg_str(json, "json")?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let o = RequestOptions::from_json(text)?;
            // SAFETY: out checked non-NULL; written only on success.
            unsafe { *out = RequestOptionsHandle::new(o) };
            Ok(())
        })())
    })
}

/// Applies the fields of a `HttpRequestOptions` JSON object onto existing options
/// (fields not in the JSON keep their values). Same rules and errors as
/// `http_options_from_json`; on error `options` is unchanged.
#[no_mangle]
pub extern "C" fn http_options_apply_json(
    options: *mut RequestOptionsHandle,
    json: *const libc::c_char,
) -> i32 {
    with_opts(options, |o| o.apply_json(arg_str(json, "json")?))
}

/// Sets the method, one of `http_method`. Other values: 401.
#[no_mangle]
pub extern "C" fn http_options_set_method(options: *mut RequestOptionsHandle, method: i32) -> i32 {
    with_opts(options, |o| {
        let m = usize::try_from(method)
            .ok()
            .and_then(|i| Method::ALL.get(i).copied())
            .ok_or_else(|| Error::param(format!("method: invalid value {method}")))?;
        o.method = m;
        Ok(())
    })
}

/// Sets `extraData` to a UTF-8 string (copied). GET-like methods (GET, HEAD, DELETE,
/// OPTIONS, TRACE, CONNECT) append it to the URL verbatim after `?` (or `&`), so it must
/// already be URL-encoded; POST, PUT and PATCH send it as the body.
#[no_mangle]
pub extern "C" fn http_options_set_extra_data_string(
    options: *mut RequestOptionsHandle,
    data: *const libc::c_char,
) -> i32 {
    with_opts(options, |o| {
        o.extra_data = Some(ExtraData::Text(arg_str(data, "data")?.to_string()));
        Ok(())
    })
}

/// Sets `extraData` to bytes (copied; binary-safe). Only POST, PUT and PATCH can send
/// bytes; with another method the request fails with 401.
#[no_mangle]
pub extern "C" fn http_options_set_extra_data_bytes(
    options: *mut RequestOptionsHandle,
    data: *const u8,
    len: usize,
) -> i32 {
    with_opts(options, |o| {
        o.extra_data = Some(ExtraData::Bytes(arg_bytes(data, len, "data")?.to_vec()));
        Ok(())
    })
}

/// Sets `extraData` to a JSON object (given as text; validated and copied). GET-like
/// methods append it to the URL as URL-encoded `key=value` pairs (string values as they
/// are, other values as JSON text); POST, PUT and PATCH send it as a JSON body.
#[no_mangle]
pub extern "C" fn http_options_set_extra_data_json(
    options: *mut RequestOptionsHandle,
    json: *const libc::c_char,
) -> i32 {
    with_opts(options, |o| {
        let v: serde_json::Value = serde_json::from_str(arg_str(json, "json")?)
            .map_err(|e| Error::param(format!("extraData: invalid JSON: {e}")))?;
        if !v.is_object() {
            return Err(Error::param("extraData: JSON must be an object"));
        }
        o.extra_data = Some(ExtraData::Json(v));
        Ok(())
    })
}

/// Sets `expectDataType`, one of `http_data_type`. Without it the result type follows
/// the Content-Type (application/octet-stream and image/... give ARRAY_BUFFER, anything
/// else STRING). OBJECT gives OBJECT only when the body is valid JSON, else STRING.
#[no_mangle]
pub extern "C" fn http_options_set_expect_data_type(
    options: *mut RequestOptionsHandle,
    data_type: i32,
) -> i32 {
    with_opts(options, |o| {
        o.expect_data_type =
            Some(DataType::from_i64(data_type.into()).ok_or_else(|| {
                Error::param(format!("expectDataType: invalid value {data_type}"))
            })?);
        Ok(())
    })
}

/// Sets `usingCache` (default true). It has effect only while a response cache exists.
#[no_mangle]
pub extern "C" fn http_options_set_using_cache(
    options: *mut RequestOptionsHandle,
    using_cache: bool,
) -> i32 {
    with_opts(options, |o| {
        o.using_cache = using_cache;
        Ok(())
    })
}

/// Sets `priority`, 1..1000 (default 1; larger starts first when requests wait for a
/// slot, see `http_engine_set_max_concurrent`). Other values: 401.
#[no_mangle]
pub extern "C" fn http_options_set_priority(
    options: *mut RequestOptionsHandle,
    priority: u32,
) -> i32 {
    with_opts(options, |o| o.set_priority(priority))
}

/// Adds a request header (copied), replacing one of the same name (case-insensitive).
/// The name must be an RFC 9110 token; the value must not contain CR, LF or NUL (401).
/// An empty value sends the header with no value. Without a Content-Type header, POST,
/// PUT, PATCH and DELETE send `application/json` and other methods
/// `application/x-www-form-urlencoded` (the spec's defaults).
///
/// Compression: without an Accept-Encoding header a request advertises exactly the
/// encodings nethttp decodes, `gzip, deflate, br, zstd` (whatever the linked libcurl was
/// built with: what it lacks, nethttp decodes itself), and the body arrives decoded. With
/// your own Accept-Encoding header, that is sent instead and a response in one of those
/// encodings is still decoded; any other Content-Encoding fails with 2300061. The
/// response's headers keep Content-Encoding and Content-Length as the server sent them.
#[no_mangle]
pub extern "C" fn http_options_add_header(
    options: *mut RequestOptionsHandle,
    name: *const libc::c_char,
    value: *const libc::c_char,
) -> i32 {
    with_opts(options, |o| {
        o.add_header(arg_str(name, "name")?, arg_str(value, "value")?)
    })
}

/// Sets `readTimeout` in ms: the limit for the whole transfer, as in OpenHarmony
/// (default 60000; 0 = no limit). Expiry fails the request with 2300028.
#[no_mangle]
pub extern "C" fn http_options_set_read_timeout(
    options: *mut RequestOptionsHandle,
    ms: u32,
) -> i32 {
    with_opts(options, |o| {
        o.read_timeout_ms = ms;
        Ok(())
    })
}

/// Sets `connectTimeout` in ms (default 60000; 0 = libcurl's own connect limit of 300 s).
#[no_mangle]
pub extern "C" fn http_options_set_connect_timeout(
    options: *mut RequestOptionsHandle,
    ms: u32,
) -> i32 {
    with_opts(options, |o| {
        o.connect_timeout_ms = ms;
        Ok(())
    })
}

/// Sets `usingProtocol`, one of `http_protocol`. HTTP1_1 forces HTTP/1.1. HTTP2 uses h2
/// over TLS (ALPN, falling back to 1.1 if the server lacks h2) and h2 with prior
/// knowledge for http:// URLs. HTTP3 needs an https:// URL (else the request fails with
/// 2300001); where the linked libcurl has no HTTP/3 the best available version is used.
/// The version actually used is `http_response_http_version`. Without it: h2 over TLS
/// when offered, HTTP/1.1 otherwise.
#[no_mangle]
pub extern "C" fn http_options_set_using_protocol(
    options: *mut RequestOptionsHandle,
    protocol: i32,
) -> i32 {
    with_opts(options, |o| {
        o.using_protocol = Some(
            Protocol::from_i64(protocol.into())
                .ok_or_else(|| Error::param(format!("usingProtocol: invalid value {protocol}")))?,
        );
        Ok(())
    })
}

/// Sets `maxLimit`, the largest response body kept in memory, 1..104857600 bytes
/// (default 5 MiB). A larger body aborts the transfer as soon as the limit is crossed
/// (or at once when Content-Length says so, a Content-Length too large for 64 bits
/// included) with 2300063. Decoded bytes are counted: a compressed body (gzip, deflate, br,
/// zstd) that inflates past the limit stops there, a few KiB of output later at most; its
/// Content-Length (the compressed size) is not compared. `http_request_in_stream` has no
/// limit (there a Content-Length too large for 64 bits fails with 2300008).
#[no_mangle]
pub extern "C" fn http_options_set_max_limit(
    options: *mut RequestOptionsHandle,
    bytes: u64,
) -> i32 {
    with_opts(options, |o| o.set_max_limit(bytes))
}

/// Sets `resumeFrom`: the first byte offset to download (a Range request), 0..4294967296.
#[no_mangle]
pub extern "C" fn http_options_set_resume_from(
    options: *mut RequestOptionsHandle,
    offset: u64,
) -> i32 {
    with_opts(options, |o| o.set_resume_from(offset))
}

/// Sets `resumeTo`: the last byte offset to download (inclusive), 0..4294967296. Alone
/// it requests bytes 0..resumeTo; a `resumeTo` before `resumeFrom` fails the request (401).
#[no_mangle]
pub extern "C" fn http_options_set_resume_to(
    options: *mut RequestOptionsHandle,
    offset: u64,
) -> i32 {
    with_opts(options, |o| o.set_resume_to(offset))
}

/// Sets `caPath`: a PEM file or a directory of hashed PEM files (`openssl rehash`
/// layout). The request then trusts exactly those CAs (plus `caData`, when set). Without
/// either: the system store. A server whose chain does not lead to a trusted CA fails
/// with 2300060; an unreadable file with 2300077.
#[no_mangle]
pub extern "C" fn http_options_set_ca_path(
    options: *mut RequestOptionsHandle,
    path: *const libc::c_char,
) -> i32 {
    with_opts(options, |o| o.set_ca_path(arg_str(path, "path")?))
}

/// Sets the number of redirects followed (default 30; 0 = none followed, the 3xx is the
/// response). More redirects than this fail with 2300047.
#[no_mangle]
pub extern "C" fn http_options_set_max_redirects(
    options: *mut RequestOptionsHandle,
    max: u32,
) -> i32 {
    with_opts(options, |o| {
        o.set_max_redirects(max);
        Ok(())
    })
}

/// nethttp extension (JSON: `"nethttp": {"stallTimeout": ms}`): fails the request with
/// 2300028 when no byte moves in either direction (waiting for the response included) for
/// `ms` milliseconds, rounded up to whole seconds (libcurl's granularity), independently of
/// `readTimeout`, which bounds the whole transfer: a long download on a slow link stays
/// alive as long as bytes flow. 0 (the default) turns it off. Returns 0; 401 for NULL.
#[no_mangle]
pub extern "C" fn http_options_set_stall_timeout(
    options: *mut RequestOptionsHandle,
    ms: u32,
) -> i32 {
    with_opts(options, |o| {
        o.ext.stall_timeout_ms = ms;
        Ok(())
    })
}

/// nethttp extension (JSON: `"nethttp": {"maxRecvSpeed": n}`): receive at most `bytes_per_s`
/// bytes per second on average (libcurl paces its reads; the body and its events slow down
/// accordingly). 0 (the default) is unlimited. Returns 0; 401 for NULL.
#[no_mangle]
pub extern "C" fn http_options_set_max_recv_speed(
    options: *mut RequestOptionsHandle,
    bytes_per_s: u64,
) -> i32 {
    with_opts(options, |o| {
        o.ext.max_recv_speed = bytes_per_s;
        Ok(())
    })
}

/// nethttp extension (JSON: `"nethttp": {"maxSendSpeed": n}`): send the request body at most
/// at `bytes_per_s` bytes per second on average. 0 (the default) is unlimited. Returns 0;
/// 401 for NULL.
#[no_mangle]
pub extern "C" fn http_options_set_max_send_speed(
    options: *mut RequestOptionsHandle,
    bytes_per_s: u64,
) -> i32 {
    with_opts(options, |o| {
        o.ext.max_send_speed = bytes_per_s;
        Ok(())
    })
}

/// nethttp extension (JSON: `"nethttp": {"netId": N}`): the request goes through network
/// `net_id` (a `netId` of the connection module: the interface of that index), whatever the
/// routing table prefers: libcurl binds its sockets to the interface (CURLOPT_INTERFACE
/// "if!name", SO_BINDTODEVICE), so a host not reachable through it fails (2300028 at the
/// connect timeout, or 2300007); an interface gone by then fails the request with 2300045.
/// 0 (the default): the application's network (`nethttp_net_set_app_net`), else the
/// system's choice. 401 for NULL or a negative id.
#[no_mangle]
pub extern "C" fn http_options_set_net_id(options: *mut RequestOptionsHandle, net_id: i32) -> i32 {
    with_opts(options, |o| {
        if net_id < 0 {
            return Err(Error::param(format!("netId: {net_id} is negative")));
        }
        o.net.net_id = net_id;
        Ok(())
    })
}

/// Cache modes for `http_options_set_cache_mode` (the fetch standard's `RequestCache`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_cache_mode {
    /// RFC 9111: a fresh stored response answers, a stale one is revalidated (the default).
    HTTP_CACHE_MODE_DEFAULT = 0,
    /// As if there were no cache: nothing read from it, nothing stored.
    HTTP_CACHE_MODE_NO_STORE = 1,
    /// Always the network; the response is stored.
    HTTP_CACHE_MODE_RELOAD = 2,
    /// A stored response is always revalidated with a conditional request, even when fresh.
    HTTP_CACHE_MODE_NO_CACHE = 3,
    /// Any stored response that matches, fresh or stale, without the network
    /// (HTTP_CACHE_STALE when stale); else the network, and the response stored.
    HTTP_CACHE_MODE_FORCE_CACHE = 4,
    /// Any stored response that matches, never the network: a miss fails the request with
    /// 2300996 (NETHTTP_ERR_CACHE_MISS), as does a request the cache cannot serve at all
    /// (usingCache false, no cache set up, not a GET, a range or conditional request).
    HTTP_CACHE_MODE_ONLY_IF_CACHED = 5,
}

/// nethttp extension (JSON: `"nethttp": {"cacheMode": "default" | "no-store" | "reload" |
/// "no-cache" | "force-cache" | "only-if-cached"}`): how the response cache (see
/// `http_cache_create`) takes part in the request, an `http_cache_mode`. It applies when the
/// cache is set up and `usingCache` is true; the request's own Cache-Control directives
/// still apply in the default mode. Returns 0; 401 for NULL or an unknown mode.
#[no_mangle]
pub extern "C" fn http_options_set_cache_mode(
    options: *mut RequestOptionsHandle,
    mode: i32,
) -> i32 {
    with_opts(options, |o| {
        o.ext.cache_mode = crate::http::options::CacheMode::from_i32(mode)?;
        Ok(())
    })
}

/// nethttp extension (JSON: `"nethttp": {"retry": {"maxRetries": N, "baseDelay": ms,
/// "maxDelay": ms}}`): a failed attempt is made again, up to `max_retries` more times
/// (0 turns retries off: the default), when it is safe:
/// - any method when the request provably never reached the server: the name did not
///   resolve, no connection or no TLS session came up, or the connect timed out;
/// - idempotent methods (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) also after a transport
///   failure later on (timeout, empty reply, send/receive error, HTTP/2 stream error) and
///   on the statuses 429, 502, 503 and 504 — whose response is then discarded, never
///   delivered;
/// - never once any of the response reached the application (headers event, body data):
///   a stream that delivered data is not retried.
///
/// The wait before retry n is `base_delay_ms` × 2^(n-1), capped at `max_delay_ms`, half of
/// it random (jitter); a Retry-After (seconds or an HTTP-date) on 429/503 is waited instead,
/// and when it asks for longer than `max_delay_ms` the response is delivered as it is. The
/// body (bytes or a file's) is sent whole again; redirects and policy checks run again for
/// each attempt (the response cache's part, decided once, goes with the request);
/// `http_response_retry_count` tells how many retries it took, and the debug hook reports
/// each. A request destroyed while waiting is dropped at once (no callback).
/// Returns 0; 401 for NULL, more than 100 retries, or `base_delay_ms` above `max_delay_ms`
/// or `max_delay_ms` above 3,600,000.
#[no_mangle]
pub extern "C" fn http_options_set_retry(
    options: *mut RequestOptionsHandle,
    max_retries: u32,
    base_delay_ms: u32,
    max_delay_ms: u32,
) -> i32 {
    with_opts(options, |o| {
        o.ext.retry =
            crate::http::options::RetryPolicy::new(max_retries, base_delay_ms, max_delay_ms)?;
        Ok(())
    })
}

/// nethttp extension, server-sent events (JSON: `"nethttp": {"sse": {"maxReconnects": N,
/// "retry": ms, "maxEventSize": bytes}}`, or `"sse": true` for the defaults): the response
/// is read as a `text/event-stream` (the HTML living standard's EventSource), parsed as it
/// arrives, and each event is delivered to the request's HTTP_EVENT_SSE_MESSAGE listeners
/// (`http_on`), on the thread where its other callbacks run (the worker, or
/// `http_queue_dispatch` with a queue), with its type (`event` field, "message" when it has
/// none), its data (its `data` lines joined with LF) and the last event ID (`id`; an ID
/// containing NUL is ignored). Comments, unknown fields, `retry` values that are not ASCII
/// digits, and events without data are not delivered; a line without a colon is a field
/// with an empty value; CR, LF and CRLF end lines (split anywhere between chunks); a UTF-8
/// BOM is dropped at the start of a stream; invalid UTF-8 becomes U+FFFD.
///
/// The request sends `Accept: text/event-stream` and `Cache-Control: no-cache` unless the
/// options set those headers, is never answered from or stored in the response cache, and
/// is not cut by `readTimeout` (a stream lasts as long as the server keeps it open; use
/// `stallTimeout` to notice a dead connection). The body goes to the parser only: no
/// DATA_RECEIVE or DATA_END events, and the response's body is empty; HEADERS_RECEIVE
/// fires for each connection, DATA_RECEIVE_PROGRESS counts the stream's bytes. Works with
/// `http_request`, `http_request_in_stream` and `http_request_sync` (maxLimit does not
/// apply; `max_event_size` does).
///
/// A final response other than a 200 with Content-Type `text/event-stream` (after
/// redirects) fails the request with 2300995 (NETHTTP_ERR_SSE_NOT_EVENT_STREAM) and is not
/// reconnected. A line, or one event's data, above `max_event_size` bytes fails it with
/// 2300994 (NETHTTP_ERR_SSE_TOO_LARGE): memory stays bounded whatever the server sends.
///
/// Reconnection (`max_reconnects` > 0): when the stream ends or breaks after it opened, or
/// a connection attempt fails on the network (name, connect, timeout, reset, TLS
/// handshake), the request connects again after the reconnection time — the stream's last
/// valid `retry` field (at most 3,600,000 ms), else `retry_ms` — sending `Last-Event-ID`
/// with the last event ID when there is one; a partly received event is discarded first.
/// Each reconnection fires HTTP_EVENT_SSE_RECONNECT (`current`: its number from 1,
/// `total`: the wait in ms) before the wait; the wait is on the worker and `http_destroy`
/// ends it at once, with no callback after it returns. After `max_reconnects`
/// reconnections the request completes as the last connection ended: success (the 200's
/// response, empty body) when the stream ended, else its error. Without reconnection the
/// request completes when the stream ends. A `retry` policy (`http_options_set_retry`)
/// still applies to each connection before its stream opens.
///
/// `enabled` false turns SSE mode off (the default). `retry_ms`: 0 to 3,600,000 (3000 is
/// what browsers start with); `max_event_size`: 64 to 1 GiB, 0 for the default 1 MiB.
/// Returns 0; 401 for NULL or a value out of range.
#[no_mangle]
pub extern "C" fn http_options_set_sse(
    options: *mut RequestOptionsHandle,
    enabled: bool,
    max_reconnects: u32,
    retry_ms: u32,
    max_event_size: u32,
) -> i32 {
    with_opts(options, |o| {
        o.ext.sse = if enabled {
            Some(crate::http::options::SseOptions::new(
                max_reconnects,
                retry_ms,
                max_event_size,
            )?)
        } else {
            None
        };
        Ok(())
    })
}
