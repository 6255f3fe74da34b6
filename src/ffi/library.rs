//! Library-wide functions that belong to no module: the runtime version and the debug hook.

use crate::core::debug;
use crate::core::handle::UserData;
use crate::ffi::boundary;
use std::ffi::c_void;
use std::os::raw::c_char;

/// The debug hook: `kind` is a `nethttp_debug_kind`; `text` holds `len` bytes (not
/// NUL-terminated), valid during the call only.
#[allow(non_camel_case_types)]
pub type nethttp_debug_cb =
    Option<unsafe extern "C" fn(userdata: *mut c_void, kind: i32, text: *const c_char, len: usize)>;

/// The library's version as a number: `major << 16 | minor << 8 | patch` (compare with
/// `NETHTTP_VERSION_MAJOR` etc., which give the header's version).
#[no_mangle]
pub extern "C" fn nethttp_version() -> u32 {
    boundary!(0, {
        let part = |s: &str| s.parse::<u32>().unwrap_or(0);
        part(env!("CARGO_PKG_VERSION_MAJOR")) << 16
            | part(env!("CARGO_PKG_VERSION_MINOR")) << 8
            | part(env!("CARGO_PKG_VERSION_PATCH"))
    })
}

/// Installs the process-wide debug hook: `cb(userdata, kind, text, len)` receives libcurl's
/// verbose output (`nethttp_debug_kind`: informational text such as connecting, TLS
/// handshake and connection reuse; request and response header lines; body and TLS record
/// bytes) and nethttp's own events (a request started with a fresh or a pooled handle,
/// completed with its status and time, or failed with its code and detail). `text` is not
/// NUL-terminated and is valid during the call only. It runs on the thread running the
/// transfer (nethttp's worker, or the thread calling `http_client_poll`), must not block,
/// and must not call nethttp. NULL turns the hook off. Applies to transfers configured from
/// then on (a request in flight keeps what it had). With `NETHTTP_DEBUG=1` in the
/// environment and no hook installed, text, headers and events are printed to stderr;
/// without either, the library prints nothing, and the hook costs nothing. Returns 0.
#[no_mangle]
pub extern "C" fn nethttp_set_debug(cb: nethttp_debug_cb, userdata: *mut c_void) -> i32 {
    boundary!(crate::core::error::UNKNOWN, {
        debug::set(cb.map(|f| (f, UserData(userdata))));
        0
    })
}
