//! The C ABI. Only argument checks, handle conversions and the panic boundary live
//! here; every behaviour is in the layers below.
#![allow(non_camel_case_types)]
// Every exported function takes raw pointers from C and checks them; marking them
// `unsafe` would change nothing for C callers.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod http;
pub mod library;
pub mod net;
pub mod sock;
pub mod ws;

use crate::core::error::{self, Error};
use std::ffi::CStr;
use std::os::raw::c_char;

/// Runs an exported function's body, turning a panic into `$default` (and recording
/// the detail) so no unwinding crosses the C ABI, and nothing is printed.
macro_rules! boundary {
    ($default:expr, $body:block) => {
        match $crate::core::error::catch(|| $body) {
            Ok(v) => v,
            Err(panic) => {
                $crate::core::error::set_last_detail(&format!(
                    "internal error: a panic was caught at the C ABI boundary: {panic}"
                ));
                $default
            }
        }
    };
}
pub(crate) use boundary;

/// Converts a `Result` into a C return code, recording the detail on failure.
pub(crate) fn code(r: Result<(), Error>) -> i32 {
    match r {
        Ok(()) => error::OK,
        Err(e) => {
            error::set_last_detail(&e.message);
            e.code
        }
    }
}

/// A borrowed, checked UTF-8 string argument.
pub(crate) fn arg_str<'a>(p: *const c_char, what: &str) -> Result<&'a str, Error> {
    if p.is_null() {
        return Err(Error::param(format!("{what}: NULL")));
    }
    // SAFETY: the caller passes a NUL-terminated string valid for this call.
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .map_err(|_| Error::param(format!("{what}: invalid UTF-8")))
}

/// A borrowed, checked UTF-8 string argument that may be NULL.
pub(crate) fn arg_opt_str<'a>(p: *const c_char, what: &str) -> Result<Option<&'a str>, Error> {
    if p.is_null() {
        Ok(None)
    } else {
        arg_str(p, what).map(Some)
    }
}

/// `count` borrowed strings (`p` may be NULL only when `count` is 0).
pub(crate) fn arg_str_array<'a>(
    p: *const *const c_char,
    count: usize,
    what: &str,
) -> Result<Vec<&'a str>, Error> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::param(format!("{what}: NULL with a non-zero count")));
    }
    (0..count)
        .map(|i| {
            // SAFETY: the caller passes `count` readable pointers.
            let s = unsafe { *p.add(i) };
            arg_str(s, what)
        })
        .collect()
}

/// `usingProxy` / `proxy` from C: a mode from a boolean (true: the system proxy).
pub(crate) fn proxy_mode(use_system: bool) -> crate::http::netopts::ProxyMode {
    if use_system {
        crate::http::netopts::ProxyMode::System
    } else {
        crate::http::netopts::ProxyMode::None
    }
}

/// An `HttpProxy` from C arguments (see `http_options_set_proxy` for the rules).
pub(crate) fn arg_proxy(
    host: *const c_char,
    port: u32,
    exclusions: *const *const c_char,
    count: usize,
    username: *const c_char,
    password: *const c_char,
) -> Result<crate::http::netopts::HttpProxy, Error> {
    let list = arg_str_array(exclusions, count, "exclusions")?
        .into_iter()
        .map(str::to_string)
        .collect();
    crate::http::netopts::HttpProxy::new(
        arg_str(host, "host")?,
        port,
        list,
        arg_opt_str(username, "username")?.map(str::to_string),
        arg_opt_str(password, "password")?.map(str::to_string),
    )
}

/// A borrowed byte-slice argument (`ptr` may be NULL only when `len` is 0).
pub(crate) fn arg_bytes<'a>(p: *const u8, len: usize, what: &str) -> Result<&'a [u8], Error> {
    if len == 0 {
        return Ok(&[]);
    }
    if p.is_null() {
        return Err(Error::param(format!("{what}: NULL with a non-zero length")));
    }
    // SAFETY: the caller passes `len` readable bytes valid for this call.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// A borrowed reference from an opaque handle pointer.
pub(crate) fn arg_ref<'a, T>(p: *const T, what: &str) -> Result<&'a T, Error> {
    // SAFETY: non-NULL handles come from this library and are live per the contract.
    unsafe { p.as_ref() }.ok_or_else(|| Error::param(format!("{what}: NULL")))
}

/// A mutable reference from an opaque handle pointer.
pub(crate) fn arg_mut<'a, T>(p: *mut T, what: &str) -> Result<&'a mut T, Error> {
    // SAFETY: as above; the contract forbids concurrent use of one options object.
    unsafe { p.as_mut() }.ok_or_else(|| Error::param(format!("{what}: NULL")))
}

/// A new strong reference to a handle that is an `Arc<T>` behind its raw pointer (request
/// handles, queues), for something that outlives the call (a job, a command).
///
/// # Safety
/// `p` must come from `Arc::into_raw` of an `Arc<T>` that is still alive (the caller's own
/// reference, which this does not consume).
pub(crate) unsafe fn arc_ref<T>(p: *const T) -> std::sync::Arc<T> {
    // SAFETY: per the function's contract.
    unsafe {
        std::sync::Arc::increment_strong_count(p);
        std::sync::Arc::from_raw(p)
    }
}
