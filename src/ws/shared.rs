//! The WebSocket handle shared by the application and the worker: lifecycle, listeners,
//! delivery (on the worker or through a queue), ready state and buffered amount.

#![allow(non_camel_case_types)]

use crate::core::delivery::{Payload, Queue, Target};
use crate::core::handle::{Lifecycle, Listeners, UserData};
use parking_lot::Mutex;
use std::ffi::{c_void, CString};
use std::os::raw::c_char;
use std::sync::atomic::{AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::Arc;

/// Event types for `nethttp_ws_on` / `_once` / `_off` (`nethttp_ws_event.type`).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum nethttp_ws_event_type {
    /// The upgrade succeeded: `status` (101), `status_message`, `protocol` (the
    /// subprotocol the server chose, "" for none), `headers_json`.
    NETHTTP_WS_EVENT_OPEN = 0,
    /// A whole message: `message_type`, `data`, `data_len`.
    NETHTTP_WS_EVENT_MESSAGE = 1,
    /// The connection ended: `close_code`, `close_reason`. The last event of a connection.
    NETHTTP_WS_EVENT_CLOSE = 2,
    /// A failure after `nethttp_ws_connect` returned 0: `error_code`, `error_message`.
    NETHTTP_WS_EVENT_ERROR = 3,
    /// After every MESSAGE event (OpenHarmony's `dataEnd`), no data.
    NETHTTP_WS_EVENT_DATA_END = 4,
    /// The upgrade response's headers (`headers_json`), before OPEN (`headerReceive`).
    NETHTTP_WS_EVENT_HEADER_RECEIVE = 5,
}

/// Message types (`nethttp_ws_send`'s `type`, `nethttp_ws_event.message_type`).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum nethttp_ws_message_type {
    /// UTF-8 text (checked on send and on receipt).
    NETHTTP_WS_TEXT = 1,
    /// Bytes.
    NETHTTP_WS_BINARY = 2,
}

/// Ready states (`nethttp_ws_ready_state`), as in the browser API.
pub const STATE_NEW: u8 = 0;
pub const STATE_CONNECTING: u8 = 1;
pub const STATE_OPEN: u8 = 2;
pub const STATE_CLOSING: u8 = 3;
pub const STATE_CLOSED: u8 = 4;

/// One WebSocket event, valid only during the callback. Fields not listed for an event
/// type are 0 / NULL.
#[repr(C)]
pub struct nethttp_ws_event {
    /// A `nethttp_ws_event_type`.
    pub r#type: i32,
    /// OPEN: the upgrade response's status code (101).
    pub status: u32,
    /// OPEN: its reason phrase ("Switching Protocols"), NUL-terminated.
    pub status_message: *const c_char,
    /// OPEN: the negotiated subprotocol, "" when none.
    pub protocol: *const c_char,
    /// OPEN, HEADER_RECEIVE: the response headers as a JSON object (lowercase names; a
    /// repeated header's values joined by ", "), NUL-terminated.
    pub headers_json: *const c_char,
    pub headers_json_len: usize,
    /// MESSAGE: a `nethttp_ws_message_type`.
    pub message_type: i32,
    /// MESSAGE: the whole message (binary-safe; a NUL follows the last byte, so text can be
    /// used as a C string when it has no NUL of its own).
    pub data: *const u8,
    pub data_len: usize,
    /// CLOSE: the close code: the server's (or ours echoed), 1005 for a close frame without
    /// a code, 1006 when the connection ended without a closing handshake, or the code we
    /// sent when we failed the connection (1002, 1007, 1009).
    pub close_code: u32,
    /// CLOSE: the reason, NUL-terminated ("" when none).
    pub close_reason: *const c_char,
    /// ERROR: the error code (see the WebSocket error codes) and its detail.
    pub error_code: i32,
    pub error_message: *const c_char,
}

/// An event listener: `userdata` as registered, the WebSocket, the event.
pub type nethttp_ws_event_cb = Option<
    unsafe extern "C" fn(userdata: *mut c_void, ws: *mut WsShared, event: *const nethttp_ws_event),
>;

/// The result of `nethttp_ws_connect`, `nethttp_ws_send` or `nethttp_ws_close`: 0, or an
/// error code with its detail (valid during the call only).
pub type nethttp_ws_result_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        ws: *mut WsShared,
        error_code: i32,
        error_message: *const c_char,
    ),
>;

/// An event as produced on the worker.
pub enum WsEvent {
    HeaderReceive {
        headers_json: Arc<str>,
    },
    Open {
        status: u32,
        message: String,
        protocol: String,
        headers_json: Arc<str>,
    },
    Message {
        text: bool,
        data: Vec<u8>,
    },
    Close {
        code: u16,
        reason: String,
    },
    Error {
        code: i32,
        message: String,
    },
    /// A connect, send or close result.
    Result {
        cb: nethttp_ws_result_cb,
        userdata: UserData,
        code: i32,
        message: String,
    },
}

/// The handle (`nethttp_ws`).
#[derive(Default)]
pub struct WsShared {
    pub life: Lifecycle,
    pub listeners: Listeners<nethttp_ws_event_cb>,
    pub queue: Mutex<Option<Arc<Queue>>>,
    pub state: AtomicU8,
    /// The connection's slot on the worker (valid once connecting).
    pub key: AtomicUsize,
    /// Bytes of messages passed to send and not yet written to the socket.
    pub buffered: AtomicU64,
}

// SAFETY: the C callbacks are plain function pointers; the header documents the threads.
unsafe impl Send for WsShared {}
unsafe impl Sync for WsShared {}

impl WsShared {
    pub fn state(&self) -> u8 {
        self.state.load(Ordering::Acquire)
    }

    pub fn set_state(&self, s: u8) {
        self.state.store(s, Ordering::Release);
    }

    /// Delivers an event: through the handle's queue if it has one, else now (on the
    /// worker).
    pub fn emit(self: &Arc<Self>, ev: WsEvent) {
        if self.life.is_cancelled() {
            return;
        }
        if let WsEvent::HeaderReceive { .. } = ev {
            if !self
                .listeners
                .wants(nethttp_ws_event_type::NETHTTP_WS_EVENT_HEADER_RECEIVE as u8)
            {
                return;
            }
        }
        let q = self.queue.lock().clone();
        match q {
            Some(q) => q.push(self.clone(), Payload::Custom(Box::new(ev))),
            None => self.run(ev),
        }
    }

    fn run(self: &Arc<Self>, ev: WsEvent) {
        let _g = self.life.callback_guard();
        if self.life.is_cancelled() {
            return;
        }
        let ws = Arc::as_ptr(self) as *mut WsShared;
        use nethttp_ws_event_type::*;
        let mut e = blank();
        match ev {
            WsEvent::Result {
                cb,
                userdata,
                code,
                message,
            } => {
                if let Some(cb) = cb {
                    let m = cstring(message);
                    // SAFETY: the application's callback with its own userdata.
                    unsafe { cb(userdata.0, ws, code, m.as_ptr()) };
                }
            }
            WsEvent::HeaderReceive { headers_json } => {
                set_json(&mut e, &headers_json);
                self.call(NETHTTP_WS_EVENT_HEADER_RECEIVE, ws, &mut e);
            }
            WsEvent::Open {
                status,
                message,
                protocol,
                headers_json,
            } => {
                let m = cstring(message);
                let p = cstring(protocol);
                e.status = status;
                e.status_message = m.as_ptr();
                e.protocol = p.as_ptr();
                set_json(&mut e, &headers_json);
                self.call(NETHTTP_WS_EVENT_OPEN, ws, &mut e);
            }
            WsEvent::Message { text, mut data } => {
                let len = data.len();
                data.push(0);
                e.message_type = if text {
                    nethttp_ws_message_type::NETHTTP_WS_TEXT as i32
                } else {
                    nethttp_ws_message_type::NETHTTP_WS_BINARY as i32
                };
                e.data = data.as_ptr();
                e.data_len = len;
                self.call(NETHTTP_WS_EVENT_MESSAGE, ws, &mut e);
                if self.listeners.wants(NETHTTP_WS_EVENT_DATA_END as u8) {
                    let mut d = blank();
                    self.call(NETHTTP_WS_EVENT_DATA_END, ws, &mut d);
                }
            }
            WsEvent::Close { code, reason } => {
                let r = cstring(reason);
                e.close_code = code.into();
                e.close_reason = r.as_ptr();
                self.call(NETHTTP_WS_EVENT_CLOSE, ws, &mut e);
            }
            WsEvent::Error { code, message } => {
                let m = cstring(message);
                e.error_code = code;
                e.error_message = m.as_ptr();
                self.call(NETHTTP_WS_EVENT_ERROR, ws, &mut e);
            }
        }
    }

    fn call(&self, kind: nethttp_ws_event_type, ws: *mut WsShared, e: &mut nethttp_ws_event) {
        e.r#type = kind as i32;
        let ev: *const nethttp_ws_event = e;
        self.listeners.each(
            kind as u8,
            || !self.life.is_cancelled(),
            |cb, ud| {
                if let Some(cb) = cb {
                    // SAFETY: the application's listener with its own userdata; the event
                    // lives for the call.
                    unsafe { cb(ud.0, ws, ev) };
                }
            },
        );
    }
}

fn blank() -> nethttp_ws_event {
    nethttp_ws_event {
        r#type: 0,
        status: 0,
        status_message: std::ptr::null(),
        protocol: std::ptr::null(),
        headers_json: std::ptr::null(),
        headers_json_len: 0,
        message_type: 0,
        data: std::ptr::null(),
        data_len: 0,
        close_code: 0,
        close_reason: std::ptr::null(),
        error_code: 0,
        error_message: std::ptr::null(),
    }
}

/// `headers_json` points at text ending with a NUL that is not counted.
fn set_json(e: &mut nethttp_ws_event, j: &Arc<str>) {
    e.headers_json = j.as_ptr() as *const c_char;
    e.headers_json_len = j.len().saturating_sub(1);
}

fn cstring(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let mut v = e.into_vec();
        v.retain(|&b| b != 0);
        CString::new(v).unwrap_or_default()
    })
}

impl Target for WsShared {
    fn deliver(self: Arc<Self>, payload: Payload) {
        if let Payload::Custom(b) = payload {
            if let Ok(ev) = b.downcast::<WsEvent>() {
                self.run(*ev);
            }
        }
    }
}
