//! libcurl's header and write callbacks, installed on the raw handle and pointing straight at
//! the handle's [`Handler`].

use super::Handler;
use crate::core::error::Error;
use curl::easy::{Easy2, WriteError};

/// The arguments libcurl passes to a header or write callback, as Rust values: the data,
/// its length, and the handle's [`Handler`].
///
/// # Safety
/// `buf` holds `size * n` readable bytes for the call; `ud` is the Handler inside the
/// Easy2's box (see [`install_callbacks`]), which nothing else borrows while libcurl calls
/// back on the worker during curl_multi_perform.
unsafe fn callback_args<'a>(
    buf: *mut libc::c_char,
    size: libc::size_t,
    n: libc::size_t,
    ud: *mut libc::c_void,
) -> (&'a [u8], usize, &'a mut Handler) {
    let len = size.saturating_mul(n);
    let data: &[u8] = if len == 0 || buf.is_null() {
        &[]
    } else {
        // SAFETY: per this function's contract.
        unsafe { std::slice::from_raw_parts(buf as *const u8, len) }
    };
    // SAFETY: per this function's contract.
    (data, len, unsafe { &mut *(ud as *mut Handler) })
}

/// libcurl's header callback, installed on the raw handle instead of curl-rust's wrapper
/// (one call per header line: the wrapper's panic bookkeeping showed in profiles).
/// `Handler::header` catches panics itself.
extern "C" fn header_fn(
    buf: *mut libc::c_char,
    size: libc::size_t,
    n: libc::size_t,
    ud: *mut libc::c_void,
) -> libc::size_t {
    // SAFETY: called by libcurl with its documented arguments and our HEADERDATA.
    let (data, len, h) = unsafe { callback_args(buf, size, n, ud) };
    if curl::easy::Handler::header(h, data) {
        len
    } else {
        !0
    }
}

/// libcurl's write callback, installed like [`header_fn`].
extern "C" fn write_fn(
    buf: *mut libc::c_char,
    size: libc::size_t,
    n: libc::size_t,
    ud: *mut libc::c_void,
) -> libc::size_t {
    // SAFETY: called by libcurl with its documented arguments and our WRITEDATA.
    let (data, _, h) = unsafe { callback_args(buf, size, n, ud) };
    match curl::easy::Handler::write(h, data) {
        Ok(n) => n,
        Err(WriteError::Pause) => curl_sys::CURL_WRITEFUNC_PAUSE,
        Err(_) => 0,
    }
}

/// Points libcurl's header and write callbacks straight at the handle's [`Handler`]
/// (after every configuration from a fresh or reset handle: `curl_easy_reset` and
/// curl-rust's defaults put its own wrappers back). The Handler lives in the Easy2's box,
/// so its address is stable for the handle's life.
pub(super) fn install_callbacks(easy: &mut Easy2<Handler>) -> Result<(), Error> {
    let raw = easy.raw();
    let ud = easy.get_mut() as *mut Handler as *mut libc::c_void;
    let hf: curl_sys::curl_write_callback = header_fn;
    let wf: curl_sys::curl_write_callback = write_fn;
    // SAFETY: a live handle; each option takes the pointer type passed.
    let rcs = unsafe {
        [
            curl_sys::curl_easy_setopt(raw, curl_sys::CURLOPT_HEADERFUNCTION, hf),
            curl_sys::curl_easy_setopt(raw, curl_sys::CURLOPT_HEADERDATA, ud),
            curl_sys::curl_easy_setopt(raw, curl_sys::CURLOPT_WRITEFUNCTION, wf),
            curl_sys::curl_easy_setopt(raw, curl_sys::CURLOPT_WRITEDATA, ud),
        ]
    };
    match rcs.into_iter().find(|&rc| rc != curl_sys::CURLE_OK) {
        None => Ok(()),
        Some(rc) => Err(Error::from_curl(&curl::Error::new(rc))),
    }
}
