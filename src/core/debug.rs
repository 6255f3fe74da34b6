//! The debug hook: libcurl's verbose lines (informational text, headers in and out, TLS and
//! body data) and nethttp's own events, handed to one process-wide application callback, or
//! printed to stderr when `NETHTTP_DEBUG=1` is set (the only output the library ever makes,
//! and only when asked). Off by default; off costs one atomic load per transfer setup.

use crate::core::handle::UserData;
use curl::easy::Easy2;
use parking_lot::RwLock;
use std::ffi::c_void;
use std::io::Write;
use std::os::raw::{c_char, c_int};
use std::sync::atomic::{AtomicU32, Ordering};

/// `void (*)(void *userdata, int32_t kind, const char *text, size_t len)`.
pub type DebugFn = unsafe extern "C" fn(*mut c_void, i32, *const c_char, usize);

/// What a debug line is (libcurl's `curl_infotype` numbers, and nethttp's own events).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(non_camel_case_types)]
pub enum nethttp_debug_kind {
    /// libcurl's informational text (connecting, TLS handshake, connection reuse, ...).
    NETHTTP_DEBUG_TEXT = 0,
    /// A response header line as received.
    NETHTTP_DEBUG_HEADER_IN = 1,
    /// The request head as sent.
    NETHTTP_DEBUG_HEADER_OUT = 2,
    /// Body bytes received.
    NETHTTP_DEBUG_DATA_IN = 3,
    /// Body bytes sent.
    NETHTTP_DEBUG_DATA_OUT = 4,
    /// TLS record bytes received.
    NETHTTP_DEBUG_SSL_DATA_IN = 5,
    /// TLS record bytes sent.
    NETHTTP_DEBUG_SSL_DATA_OUT = 6,
    /// nethttp's own events: a request started (with a fresh or a reused handle), completed
    /// (status, time) or failed (code, detail).
    NETHTTP_DEBUG_EVENT = 100,
}

enum Sink {
    App(DebugFn, UserData),
    Stderr,
}

static SINK: RwLock<Option<Sink>> = RwLock::new(None);
/// 0 while off; changes with every `set` (handles configured under another generation are
/// configured again).
static GENERATION: AtomicU32 = AtomicU32::new(0);
static ENV: std::sync::Once = std::sync::Once::new();

fn from_env() {
    ENV.call_once(|| {
        if std::env::var_os("NETHTTP_DEBUG").is_some_and(|v| v == "1") {
            *SINK.write() = Some(Sink::Stderr);
            GENERATION.store(1, Ordering::SeqCst);
        }
    });
}

/// The current generation: 0 when the hook is off.
pub fn generation() -> u32 {
    from_env();
    GENERATION.load(Ordering::Acquire)
}

/// Installs the application's callback (`None`: off, also overriding `NETHTTP_DEBUG`).
pub fn set(hook: Option<(DebugFn, UserData)>) {
    from_env();
    let on = hook.is_some();
    *SINK.write() = hook.map(|(f, u)| Sink::App(f, u));
    let next = GENERATION.load(Ordering::Acquire).wrapping_add(2) | 1;
    GENERATION.store(if on { next } else { 0 }, Ordering::Release);
}

/// Hands one line to the sink (nothing when off).
pub fn emit(kind: nethttp_debug_kind, text: &[u8]) {
    let sink = SINK.read();
    match &*sink {
        None => {}
        Some(Sink::App(f, u)) => {
            // SAFETY: the application's callback with its userdata; the text is valid for
            // the call.
            unsafe { f(u.0, kind as i32, text.as_ptr() as *const c_char, text.len()) }
        }
        Some(Sink::Stderr) => {
            use nethttp_debug_kind::*;
            let prefix = match kind {
                NETHTTP_DEBUG_TEXT => "* ",
                NETHTTP_DEBUG_HEADER_IN => "< ",
                NETHTTP_DEBUG_HEADER_OUT => "> ",
                NETHTTP_DEBUG_EVENT => "nethttp: ",
                _ => return, // bytes are for the application's callback only
            };
            let mut err = std::io::stderr().lock();
            let text = text.strip_suffix(b"\n").unwrap_or(text);
            for line in text.split(|&b| b == b'\n') {
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let _ = err.write_all(prefix.as_bytes());
                let _ = err.write_all(line);
                let _ = err.write_all(b"\n");
            }
        }
    }
}

/// A nethttp event, formatted only when the hook is on.
pub fn event(f: impl FnOnce() -> String) {
    if generation() != 0 {
        emit(nethttp_debug_kind::NETHTTP_DEBUG_EVENT, f().as_bytes());
    }
}

extern "C" fn curl_debug(
    _handle: *mut curl_sys::CURL,
    kind: curl_sys::curl_infotype,
    data: *mut c_char,
    size: usize,
    _ud: *mut c_void,
) -> c_int {
    use nethttp_debug_kind::*;
    let kind = match kind {
        0 => NETHTTP_DEBUG_TEXT,
        1 => NETHTTP_DEBUG_HEADER_IN,
        2 => NETHTTP_DEBUG_HEADER_OUT,
        3 => NETHTTP_DEBUG_DATA_IN,
        4 => NETHTTP_DEBUG_DATA_OUT,
        5 => NETHTTP_DEBUG_SSL_DATA_IN,
        6 => NETHTTP_DEBUG_SSL_DATA_OUT,
        _ => return 0,
    };
    let text: &[u8] = if data.is_null() || size == 0 {
        &[]
    } else {
        // SAFETY: libcurl passes `size` readable bytes for the call.
        unsafe { std::slice::from_raw_parts(data as *const u8, size) }
    };
    // A panic must not unwind into libcurl; a failing callback is simply quiet.
    let _ = crate::core::error::catch(|| emit(kind, text));
    0
}

use curl_sys::{CURLOPT_DEBUGFUNCTION, CURLOPT_VERBOSE};

/// Turns libcurl's verbose output into debug lines on this handle when the hook is on.
/// Handles configured while it was off keep quiet (their configuration carries the
/// generation: see `http::setup::Applied`).
pub fn install<H>(easy: &mut Easy2<H>) -> Result<(), crate::core::error::Error> {
    if generation() == 0 {
        return Ok(());
    }
    let f: curl_sys::curl_debug_callback = curl_debug;
    // SAFETY: a live handle; the option takes this function pointer type.
    let rc = unsafe { curl_sys::curl_easy_setopt(easy.raw(), CURLOPT_DEBUGFUNCTION, f) };
    if rc != curl_sys::CURLE_OK {
        return Err(crate::core::curl::curl_err(curl::Error::new(rc)));
    }
    crate::core::curl::setopt_long(easy, CURLOPT_VERBOSE, 1)
}
