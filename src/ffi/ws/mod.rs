//! `nethttp_ws`: the WebSocket client (`@ohos.net.webSocket`), and its options.

pub mod options;

use crate::core::delivery::Queue;
use crate::core::engine::Engine;
use crate::core::error::{Error, UNKNOWN};
use crate::core::handle::UserData;
use crate::ffi::{arc_ref, arg_bytes, arg_ref, arg_str, boundary, code};
use crate::ws::options::WsOptions;
use crate::ws::shared::{
    nethttp_ws_event_cb, nethttp_ws_event_type, nethttp_ws_message_type, nethttp_ws_result_cb,
    WsShared, STATE_CLOSED, STATE_CLOSING, STATE_CONNECTING, STATE_NEW, STATE_OPEN,
};
use crate::ws::worker::{Close, Connect, Destroy, Send};
use crate::ws::*;
use options::WsOptionsHandle;
use std::ffi::c_void;
use std::os::raw::c_char;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Creates a WebSocket (the spec's `createWebSocket()`): one connection, made with
/// `nethttp_ws_connect`. Release it with `nethttp_ws_destroy`. Returns NULL only if memory
/// is exhausted. There is no limit on how many a process creates.
#[no_mangle]
pub extern "C" fn nethttp_ws_create() -> *mut WsShared {
    boundary!(std::ptr::null_mut(), {
        Arc::into_raw(Arc::new(WsShared::default())) as *mut WsShared
    })
}

/// Destroys a WebSocket from any thread, including from inside any of its callbacks. An
/// open connection is ended at once: a close frame with 1001 (going away) is written if
/// the socket takes it, nothing is waited for, and neither the CLOSE event nor the results
/// of pending sends are delivered. The contract is `http_destroy`'s: once it returns, no
/// callback of this WebSocket starts (one running on another thread is waited for; called
/// inside one, it returns at once and nothing follows). NULL is a no-op.
#[no_mangle]
pub extern "C" fn nethttp_ws_destroy(ws: *mut WsShared) {
    boundary!((), {
        if ws.is_null() {
            return;
        }
        // SAFETY: the pointer came from nethttp_ws_create; destroy consumes it.
        let shared = unsafe { Arc::from_raw(ws as *const WsShared) };
        shared.life.cancel_and_quiesce();
        if shared.life.is_started() {
            Engine::get().send(Box::new(Destroy(shared)));
        }
    })
}

fn event_kind(t: i32) -> Result<u8, Error> {
    use nethttp_ws_event_type::*;
    let all = [
        NETHTTP_WS_EVENT_OPEN,
        NETHTTP_WS_EVENT_MESSAGE,
        NETHTTP_WS_EVENT_CLOSE,
        NETHTTP_WS_EVENT_ERROR,
        NETHTTP_WS_EVENT_DATA_END,
        NETHTTP_WS_EVENT_HEADER_RECEIVE,
    ];
    all.iter()
        .find(|k| **k as i32 == t)
        .map(|k| *k as u8)
        .ok_or_else(|| Error::param(format!("type: {t} is not a nethttp_ws_event_type")))
}

fn listen(ws: *mut WsShared, t: i32, cb: nethttp_ws_event_cb, ud: *mut c_void, once: bool) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = arg_ref(ws, "ws")?;
            let kind = event_kind(t)?;
            if cb.is_none() {
                return Err(Error::param("cb: NULL"));
            }
            s.listeners.add(kind, cb, UserData(ud), once);
            Ok(())
        })())
    })
}

/// Adds a listener for events of `type` (a `nethttp_ws_event_type`); any number per type,
/// called in registration order with their own userdata. 401 for NULL or an unknown type.
#[no_mangle]
pub extern "C" fn nethttp_ws_on(
    ws: *mut WsShared,
    r#type: i32,
    cb: nethttp_ws_event_cb,
    userdata: *mut c_void,
) -> i32 {
    listen(ws, r#type, cb, userdata, false)
}

/// Like `nethttp_ws_on`, removed after its first call.
#[no_mangle]
pub extern "C" fn nethttp_ws_once(
    ws: *mut WsShared,
    r#type: i32,
    cb: nethttp_ws_event_cb,
    userdata: *mut c_void,
) -> i32 {
    listen(ws, r#type, cb, userdata, true)
}

/// Removes the listeners of `type` registered with `cb` and `userdata`, or, with `cb` NULL,
/// every listener of `type`. 0 even when none matched.
#[no_mangle]
pub extern "C" fn nethttp_ws_off(
    ws: *mut WsShared,
    r#type: i32,
    cb: nethttp_ws_event_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = arg_ref(ws, "ws")?;
            let kind = event_kind(r#type)?;
            let ud = UserData(userdata);
            match cb {
                None => s.listeners.remove(kind, None),
                Some(f) => s.listeners.remove(
                    kind,
                    Some(&|c: nethttp_ws_event_cb, u: UserData| {
                        c.is_some_and(|c| std::ptr::fn_addr_eq(c, f)) && u == ud
                    }),
                ),
            };
            Ok(())
        })())
    })
}

/// Delivers this WebSocket's events and results through `queue` (see `http_queue_new`)
/// instead of on nethttp's worker thread. Only before `nethttp_ws_connect` (401 after).
#[no_mangle]
pub extern "C" fn nethttp_ws_set_queue(ws: *mut WsShared, queue: *mut Queue) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = arg_ref(ws, "ws")?;
            if s.state() != STATE_NEW {
                return Err(Error::param("nethttp_ws_set_queue: already connecting"));
            }
            *s.queue.lock() = if queue.is_null() {
                None
            } else {
                // SAFETY: a live queue from http_queue_new; a new strong reference.
                Some(unsafe { arc_ref(queue as *const Queue) })
            };
            Ok(())
        })())
    })
}

/// Connects to `url` (ws:// or wss://) with `options` (NULL for the defaults; copied). The
/// upgrade runs on the worker; 0 means it started. Its outcome comes once, through `cb`
/// (may be NULL): 0 after the OPEN event, or the failure after an ERROR event (no CLOSE
/// event then):
/// 2300000 + CURLcode for the transport (2300006 name not resolved, 2300007 refused,
/// 2300028 timeout, 2300035 TLS handshake, 2300060 certificate, 2300097 proxy refused the
/// tunnel), 2302102 when the server answered without a valid upgrade (a status other than
/// 101, a wrong Sec-WebSocket-Accept, no Upgrade/Connection header, an extension or
/// subprotocol that was not offered; the detail has the status line and the start of the
/// body), 2300100 for headers over 256 KiB.
/// Returned at once: 401 (NULL, bad options), 2302001 (not a ws:// or wss:// URL, or one
/// libcurl cannot parse), 2302002 (caPath or a clientCert file does not exist), 2302003
/// (this handle connected already: one connection per handle), 2302998 (domain not
/// allowed by `http_policy_set_allowed_domains`), 2300997 (ws:// while cleartext is
/// forbidden by `http_policy_set_cleartext_permitted`).
/// The URL reaches only WebSocket: redirects are not followed (a 3xx is a refused
/// upgrade). Through a proxy the upgrade always tunnels with CONNECT.
#[no_mangle]
pub extern "C" fn nethttp_ws_connect(
    ws: *mut WsShared,
    url: *const c_char,
    options: *const WsOptionsHandle,
    cb: nethttp_ws_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = arg_ref(ws, "ws")?;
            let url = arg_str(url, "url")?;
            let opts: Arc<WsOptions> = if options.is_null() {
                Arc::new(WsOptions::default())
            } else {
                arg_ref(options, "options")?.0.clone()
            };
            check_url(url)?;
            check_files(&opts)?;
            if !s.life.start() {
                return Err(Error::new(
                    ERR_ALREADY_CONNECTED,
                    "this WebSocket connected already (create a new one to connect again)",
                ));
            }
            s.set_state(STATE_CONNECTING);
            // SAFETY: `ws` is the caller's live handle (checked non-NULL above).
            let shared = unsafe { arc_ref(ws as *const WsShared) };
            let job = Connect {
                shared,
                url: url.to_string(),
                opts: opts.clone(),
                cb,
                userdata: UserData(userdata),
                connect_to: None,
                pre_error: None,
            };
            if opts.net.dns_servers.is_empty() {
                Engine::get().send(Box::new(job));
            } else {
                resolve_then_connect(job);
            }
            Ok(())
        })())
    })
}

/// `dnsServers`: the host is looked up on the resolver thread first.
fn resolve_then_connect(mut job: Connect) {
    let url = job.url.clone();
    let servers = job.opts.net.dns_servers.clone();
    let family = job.opts.net.address_family;
    let fallback = Connect {
        shared: job.shared.clone(),
        url: job.url.clone(),
        opts: job.opts.clone(),
        cb: job.cb,
        userdata: job.userdata,
        connect_to: None,
        pre_error: Some(Error::new(
            UNKNOWN,
            "dnsServers: the resolver thread is not running",
        )),
    };
    let started = crate::http::resolver::spawn(async move {
        match crate::http::resolver::connect_to_entry(&url, &servers, family).await {
            Ok(entry) => job.connect_to = entry,
            Err(e) => job.pre_error = Some(e),
        }
        Engine::get().send(Box::new(job));
    });
    if !started {
        Engine::get().send(Box::new(fallback));
    }
}

/// The URL: ws:// or wss://, parsed by libcurl, allowed by the policies.
fn check_url(url: &str) -> Result<(), Error> {
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Error::new(
            ERR_URL,
            "url: control characters or spaces in the URL",
        ));
    }
    let scheme = crate::core::curl::url::scheme_of(url).unwrap_or("");
    if !scheme.eq_ignore_ascii_case("ws") && !scheme.eq_ignore_ascii_case("wss") {
        return Err(Error::new(
            ERR_URL,
            format!("url: {url:?} is not a ws:// or wss:// URL"),
        ));
    }
    let u = crate::core::curl::url::CurlUrl::parse(url)
        .map_err(|e| Error::new(ERR_URL, format!("url: {}", e.message)))?;
    if u.host().is_empty() {
        return Err(Error::new(ERR_URL, "url: no host"));
    }
    crate::core::curl::url::check_policy(&u).map_err(|mut e| {
        if e.code == crate::core::error::DOMAIN_NOT_ALLOWED {
            e.code = ERR_DOMAIN_NOT_ALLOWED;
        }
        e
    })
}

/// caPath and the client certificate files must exist (the spec's 2302002).
fn check_files(o: &WsOptions) -> Result<(), Error> {
    let mut files: Vec<(&str, &str)> = Vec::new();
    if let Some(p) = &o.ca_path {
        files.push(("caPath", p));
    }
    if let Some(c) = &o.net.client_cert {
        files.push(("clientCert certPath", &c.cert_path));
        if let Some(k) = &c.key_path {
            files.push(("clientCert keyPath", k));
        }
    }
    for (what, path) in files {
        if !std::path::Path::new(path).exists() {
            return Err(Error::new(
                ERR_CERT_FILE,
                format!("{what}: {path:?} does not exist"),
            ));
        }
    }
    Ok(())
}

/// Sends one message: `type` NETHTTP_WS_TEXT (`data` must be UTF-8, 401 otherwise) or
/// NETHTTP_WS_BINARY; `len` bytes are copied (NULL is fine for 0). From any thread,
/// including inside callbacks; messages go out in the order of the calls, split into
/// frames of at most 64 KiB (so pings and a close get through between them), compressed
/// when permessage-deflate was negotiated. No size limit but memory: the bytes queued and
/// not yet written are `nethttp_ws_buffered_amount`, for backpressure. `cb` (may be NULL)
/// gets 0 once the whole message is written to the socket, or 2302101 when it will not be
/// (the connection closed first). Returns 0, 401, or 2302101 when not open (before OPEN,
/// after `nethttp_ws_close`, after the CLOSE event).
#[no_mangle]
pub extern "C" fn nethttp_ws_send(
    ws: *mut WsShared,
    r#type: i32,
    data: *const u8,
    len: usize,
    cb: nethttp_ws_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = arg_ref(ws, "ws")?;
            let bytes = arg_bytes(data, len, "data")?;
            let text = match r#type {
                t if t == nethttp_ws_message_type::NETHTTP_WS_TEXT as i32 => true,
                t if t == nethttp_ws_message_type::NETHTTP_WS_BINARY as i32 => false,
                t => {
                    return Err(Error::param(format!(
                        "type: {t} is neither NETHTTP_WS_TEXT nor NETHTTP_WS_BINARY"
                    )))
                }
            };
            if text && std::str::from_utf8(bytes).is_err() {
                return Err(Error::param("data: a text message must be UTF-8"));
            }
            if s.state() != STATE_OPEN {
                return Err(Error::new(ERR_NOT_OPEN, "the WebSocket is not open"));
            }
            s.buffered.fetch_add(len as u64, Ordering::AcqRel);
            // SAFETY: the caller's live handle.
            let shared = unsafe { arc_ref(ws as *const WsShared) };
            Engine::get().send(Box::new(Send {
                shared,
                text,
                data: bytes.to_vec(),
                cb,
                userdata: UserData(userdata),
            }));
            Ok(())
        })())
    })
}

/// Starts the closing handshake: messages already sent go first, then a close frame with
/// `code` (1000, or an application code 3000..4999, sent as given) and `reason` (UTF-8, at
/// most 123 bytes; NULL for none). `cb` (may be NULL) gets 0 when the close frame is
/// written. Messages still arrive until the server's close frame; then the CLOSE event
/// reports the server's code and reason. Without an answer within the close timeout
/// (default 5000 ms, `nethttp_ws_options_set_close_timeout`) the connection is dropped:
/// ERROR 2302107, then CLOSE with 1006. Returns 0, 401 (bad code or reason), or 2302101
/// (not open, or closing already).
#[no_mangle]
pub extern "C" fn nethttp_ws_close(
    ws: *mut WsShared,
    close_code: u32,
    reason: *const c_char,
    cb: nethttp_ws_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = arg_ref(ws, "ws")?;
            if close_code != 1000 && !(3000..=4999).contains(&close_code) {
                return Err(Error::param(format!(
                    "code: {close_code} may not be sent (1000 or 3000..4999)"
                )));
            }
            let reason = if reason.is_null() {
                ""
            } else {
                arg_str(reason, "reason")?
            };
            if reason.len() > 123 {
                return Err(Error::param(format!(
                    "reason: {} bytes (at most 123 fit a close frame)",
                    reason.len()
                )));
            }
            // One close: OPEN -> CLOSING here, so a second close (or a send) is refused at
            // once, whichever thread it comes from.
            if s.state
                .compare_exchange(
                    STATE_OPEN,
                    STATE_CLOSING,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_err()
            {
                return Err(Error::new(
                    ERR_NOT_OPEN,
                    "the WebSocket is not open (or is closing already)",
                ));
            }
            // SAFETY: the caller's live handle.
            let shared = unsafe { arc_ref(ws as *const WsShared) };
            Engine::get().send(Box::new(Close {
                shared,
                code: close_code as u16,
                reason: reason.to_string(),
                cb,
                userdata: UserData(userdata),
            }));
            Ok(())
        })())
    })
}

/// Bytes of messages passed to `nethttp_ws_send` and not yet written to the socket (the
/// browser's `bufferedAmount`). 0 for NULL.
#[no_mangle]
pub extern "C" fn nethttp_ws_buffered_amount(ws: *const WsShared) -> u64 {
    boundary!(0, {
        arg_ref(ws, "ws").map_or(0, |s| s.buffered.load(Ordering::Acquire))
    })
}

/// The ready state: 0 new (not connected yet), 1 connecting, 2 open, 3 closing, 4 closed;
/// -1 for NULL.
#[no_mangle]
pub extern "C" fn nethttp_ws_ready_state(ws: *const WsShared) -> i32 {
    boundary!(-1, {
        arg_ref(ws, "ws").map_or(-1, |s| {
            let st = s.state();
            debug_assert!(st <= STATE_CLOSED);
            i32::from(st)
        })
    })
}
