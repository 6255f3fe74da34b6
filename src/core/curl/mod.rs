//! libcurl plumbing shared by every module: raw option setters for what the curl crate does
//! not bind, and the URL API ([`url`]).

use crate::core::error::Error;
use curl::easy::Easy2;
use std::ffi::CStr;
use std::os::raw::{c_char, c_long};

pub mod url;

/// A libcurl error as nethttp's error (2300000 + CURLcode, with libcurl's detail).
pub fn curl_err(e: curl::Error) -> Error {
    Error::from_curl(&e)
}

fn check(rc: curl_sys::CURLcode) -> Result<(), Error> {
    if rc == curl_sys::CURLE_OK {
        Ok(())
    } else {
        Err(curl_err(curl::Error::new(rc)))
    }
}

/// Sets a long option.
pub fn setopt_long<H>(
    easy: &mut Easy2<H>,
    opt: curl_sys::CURLoption,
    v: c_long,
) -> Result<(), Error> {
    // SAFETY: a long option on a valid handle.
    check(unsafe { curl_sys::curl_easy_setopt(easy.raw(), opt, v) })
}

/// Unsets a string option.
pub fn setopt_null<H>(easy: &mut Easy2<H>, opt: curl_sys::CURLoption) -> Result<(), Error> {
    // SAFETY: string options accept NULL to unset; the handle is valid.
    check(unsafe { curl_sys::curl_easy_setopt(easy.raw(), opt, std::ptr::null::<c_char>()) })
}

/// Sets a string option (libcurl copies it); `None` unsets it.
pub fn setopt_str<H>(
    easy: &mut Easy2<H>,
    opt: curl_sys::CURLoption,
    v: Option<&CStr>,
) -> Result<(), Error> {
    let p = v.map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: a string option (copied by libcurl) or NULL to unset, on a valid handle.
    check(unsafe { curl_sys::curl_easy_setopt(easy.raw(), opt, p) })
}
