//! libcurl's URL API (not bound by curl-sys): URLs parsed exactly as libcurl parses them,
//! so checks see what libcurl will connect to.

use crate::core::error::Error;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_uint, c_void};

/// The scheme of `url` as libcurl reads it when it may guess one: letters, digits, `+-.`
/// from a letter, then `:/`. `None` for a URL without a scheme (`host:port/path`).
pub fn scheme_of(url: &str) -> Option<&str> {
    let b = url.as_bytes();
    if !b.first()?.is_ascii_alphabetic() {
        return None;
    }
    // libcurl's MAX_SCHEME_LEN is 40: a longer run is no scheme to it either.
    let n = b
        .iter()
        .take(40)
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')))?;
    (b.get(n) == Some(&b':') && b.get(n + 1) == Some(&b'/')).then(|| &url[..n])
}

// libcurl's URL API (curl 7.62+), not bound by curl-sys.
#[repr(C)]
#[allow(clippy::upper_case_acronyms)]
struct CURLU {
    _private: [u8; 0],
}
extern "C" {
    fn curl_url() -> *mut CURLU;
    fn curl_url_cleanup(h: *mut CURLU);
    fn curl_url_set(h: *mut CURLU, part: c_int, content: *const c_char, flags: c_uint) -> c_int;
    fn curl_url_get(h: *mut CURLU, part: c_int, content: *mut *mut c_char, flags: c_uint) -> c_int;
}
const CURLUPART_URL: c_int = 0;
const CURLUPART_SCHEME: c_int = 1;
const CURLUPART_HOST: c_int = 5;
const CURLUPART_PORT: c_int = 6;
const CURLUPART_PATH: c_int = 7;
const CURLU_DEFAULT_PORT: c_uint = 1;
const CURLU_NON_SUPPORT_SCHEME: c_uint = 1 << 3;
const CURLU_GUESS_SCHEME: c_uint = 1 << 9;

/// A URL parsed by libcurl's own parser, so checks see exactly what curl connects to.
pub struct CurlUrl(*mut CURLU);

impl CurlUrl {
    pub fn parse(url: &str) -> Result<CurlUrl, Error> {
        // SAFETY: curl_url returns an owned handle or NULL.
        let h = unsafe { curl_url() };
        if h.is_null() {
            return Err(Error::new(
                crate::core::error::CURL_BASE + 27,
                "out of memory",
            ));
        }
        let u = CurlUrl(h);
        u.set(url)?;
        Ok(u)
    }

    /// Sets a new URL; a relative one resolves against the current (as a redirect does).
    pub fn set(&self, url: &str) -> Result<(), Error> {
        let c = CString::new(url).map_err(|_| Error::param("url: NUL in URL"))?;
        // SAFETY: valid handle and NUL-terminated string.
        let rc = unsafe {
            curl_url_set(
                self.0,
                CURLUPART_URL,
                c.as_ptr(),
                CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME,
            )
        };
        if rc != 0 {
            return Err(Error::new(
                crate::core::error::CURL_BASE + 3,
                format!("malformed URL {url:?}"),
            ));
        }
        Ok(())
    }

    fn get(&self, part: c_int) -> Option<String> {
        self.get_with(part, 0)
    }

    fn get_with(&self, part: c_int, flags: c_uint) -> Option<String> {
        let mut out: *mut c_char = std::ptr::null_mut();
        // SAFETY: valid handle; on success `out` is a curl-allocated string we free.
        let rc = unsafe { curl_url_get(self.0, part, &mut out, flags) };
        if rc != 0 || out.is_null() {
            return None;
        }
        // SAFETY: NUL-terminated string from libcurl.
        let s = unsafe { CStr::from_ptr(out) }
            .to_string_lossy()
            .into_owned();
        // SAFETY: allocated by libcurl.
        unsafe { curl_sys::curl_free(out as *mut c_void) };
        Some(s)
    }

    pub fn scheme(&self) -> String {
        self.get(CURLUPART_SCHEME).unwrap_or_default()
    }

    /// Host without IPv6 brackets.
    pub fn host(&self) -> String {
        let h = self.get(CURLUPART_HOST).unwrap_or_default();
        h.trim_start_matches('[').trim_end_matches(']').to_string()
    }

    /// The port, or the scheme's default port.
    pub fn port(&self) -> Option<u16> {
        self.get_with(CURLUPART_PORT, CURLU_DEFAULT_PORT)
            .and_then(|p| p.parse().ok())
    }

    /// The path (`/` when the URL has none).
    pub fn path(&self) -> String {
        self.get(CURLUPART_PATH).unwrap_or_else(|| "/".into())
    }

    pub fn url(&self) -> String {
        self.get(CURLUPART_URL).unwrap_or_default()
    }
}

impl Drop for CurlUrl {
    fn drop(&mut self) {
        // SAFETY: owned handle.
        unsafe { curl_url_cleanup(self.0) }
    }
}

// SAFETY: the handle is used by one thread at a time (owned, not shared).
unsafe impl Send for CurlUrl {}

/// Checks the process-wide policy for a URL.
pub fn check_policy(u: &CurlUrl) -> Result<(), Error> {
    crate::core::policy::check(&u.scheme(), &u.host())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(scheme_of("http://h/"), Some("http"));
        assert_eq!(scheme_of("HTTPS://h/"), Some("HTTPS"));
        assert_eq!(scheme_of("file:///etc/passwd"), Some("file"));
        assert_eq!(scheme_of("x-a.b+c://h"), Some("x-a.b+c"));
        assert_eq!(scheme_of("localhost:8080/x"), None);
        assert_eq!(scheme_of("h/p"), None);
        assert_eq!(scheme_of("1ab://h"), None);
        assert_eq!(scheme_of(""), None);
    }

    #[test]
    fn curl_url_parts() {
        let u = CurlUrl::parse("HTTPS://Example.COM:8443/x?y").unwrap();
        assert_eq!(u.scheme(), "https");
        assert_eq!(u.host(), "Example.COM");
        u.set("//other.test/z").unwrap();
        assert_eq!(u.host(), "other.test");
        u.set("/rel").unwrap();
        assert_eq!(u.host(), "other.test");
        let v = CurlUrl::parse("http://[::1]:80/").unwrap();
        assert_eq!(v.host(), "::1");
        assert_eq!(v.port(), Some(80));
        assert_eq!(CurlUrl::parse("https://h/").unwrap().port(), Some(443));
        assert!(CurlUrl::parse("http://").is_err());
    }
}
