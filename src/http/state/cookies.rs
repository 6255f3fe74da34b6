//! The process share every handle is attached to: one DNS cache and one TLS session cache
//! for the worker's handles and those of blocking requests on the callers' threads, and the
//! cookie jar: libcurl's cookie engine (so every request's handle, and every hop of its
//! redirects, sends and stores cookies as RFC 6265 says, once the jar is open), with
//! the public-suffix check libcurl makes through the libpsl API answered from the `psl`
//! crate's list (the bundled libcurl has no libpsl: see vendor/curl-sys/nethttp/libpsl.h).
//!
//! The file is libcurl's (and the curl tool's) Netscape cookie file: a jar saved here is read
//! by `curl -b FILE` and the other way round.

use crate::core::error::{Error, CURL_BASE};
use curl_sys::{CURL, CURLSH};
use parking_lot::lock_api::RawMutex as _;
use std::ffi::{c_void, CStr, CString};
use std::os::raw::{c_char, c_int};

/// libcurl's lock kinds a share may ask for (CURL_LOCK_DATA_SHARE .. CURL_LOCK_DATA_HSTS).
const LOCKS: usize = 8;

/// A libcurl share object and the locks libcurl takes through its lock callbacks (its
/// handles run on the worker and on callers' threads; the jar is loaded, saved and cleared
/// from the application's threads).
pub struct Share {
    share: *mut CURLSH,
    locks: Box<[parking_lot::RawMutex; LOCKS]>,
}

// SAFETY: the share is used only through libcurl calls that take its locks (ours).
unsafe impl Send for Share {}
unsafe impl Sync for Share {}

extern "C" fn lock_fn(_: *mut CURL, data: c_int, _: c_int, ud: *mut c_void) {
    // SAFETY: `ud` is the Share's lock array, alive as long as the share.
    let locks = unsafe { &*(ud as *const [parking_lot::RawMutex; LOCKS]) };
    if let Some(l) = locks.get(data as usize) {
        l.lock();
    }
}

extern "C" fn unlock_fn(_: *mut CURL, data: c_int, ud: *mut c_void) {
    // SAFETY: as in lock_fn.
    let locks = unsafe { &*(ud as *const [parking_lot::RawMutex; LOCKS]) };
    if let Some(l) = locks.get(data as usize) {
        // SAFETY: libcurl unlocks only what it locked through lock_fn.
        unsafe { l.unlock() };
    }
}

#[cfg(feature = "static-curl")]
mod psl_glue {
    extern "C" {
        fn nethttp_psl_register(f: extern "C" fn(*const libc::c_char, usize) -> usize);
    }

    /// The length of the public suffix ending `host` (the psl crate's list; an unlisted
    /// top-level label is a suffix of its own, the list's `*` rule).
    extern "C" fn suffix_len(host: *const libc::c_char, len: usize) -> usize {
        if host.is_null() {
            return 0;
        }
        // SAFETY: libcurl's shim passes `len` readable bytes.
        let b = unsafe { std::slice::from_raw_parts(host as *const u8, len) };
        // No panic crosses into libcurl: a failure counts the whole name as a suffix (the
        // cookie is then refused, the safe answer).
        crate::core::error::catch(|| psl::suffix(b).map_or(0, |s| s.as_bytes().len()))
            .unwrap_or(len)
    }

    pub fn register() {
        // SAFETY: stores a function pointer (atomically) in the bundled libcurl's shim.
        unsafe { nethttp_psl_register(suffix_len) }
    }
}

#[cfg(not(feature = "static-curl"))]
mod psl_glue {
    /// The platform's libcurl checks public suffixes with its own libpsl, if built with it.
    pub fn register() {}
}

/// The public-suffix answer the jar's checks use (tests).
#[cfg(test)]
pub fn suffix_len_of(host: &str) -> usize {
    psl::suffix(host.as_bytes()).map_or(0, |s| s.as_bytes().len())
}

fn share_err(what: &str, rc: curl_sys::CURLSHcode) -> Error {
    Error::new(
        CURL_BASE + 2,
        format!("share: {what} failed (CURLSHcode {rc})"),
    )
}

/// A scratch easy handle on the share, for the jar's own reads and writes.
struct Scratch(*mut CURL);

impl Scratch {
    fn new(jar: &Share) -> Result<Scratch, Error> {
        // SAFETY: curl_easy_init returns an owned handle or NULL.
        let h = unsafe { curl_sys::curl_easy_init() };
        if h.is_null() {
            return Err(Error::new(CURL_BASE + 27, "cookie jar: out of memory"));
        }
        let s = Scratch(h);
        // SAFETY: a fresh handle and a live share.
        let rc = unsafe { curl_sys::curl_easy_setopt(h, curl_sys::CURLOPT_SHARE, jar.share) };
        if rc != curl_sys::CURLE_OK {
            return Err(Error::from_curl(&curl::Error::new(rc)));
        }
        Ok(s)
    }

    fn cookielist(&self, line: &CStr) -> Result<(), Error> {
        // SAFETY: a live handle; libcurl copies the string.
        let rc = unsafe {
            curl_sys::curl_easy_setopt(self.0, curl_sys::CURLOPT_COOKIELIST, line.as_ptr())
        };
        if rc == curl_sys::CURLE_OK {
            Ok(())
        } else {
            Err(Error::from_curl(&curl::Error::new(rc)))
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // SAFETY: owned handle; it has no cookie jar file, so its cleanup writes nothing.
        unsafe { curl_sys::curl_easy_cleanup(self.0) }
    }
}

impl Share {
    /// The process share: cookies, the public-suffix cache, DNS and TLS sessions.
    pub fn new() -> Result<Share, Error> {
        psl_glue::register();
        Share::with(&[
            curl_sys::CURL_LOCK_DATA_COOKIE,
            // CURL_LOCK_DATA_PSL: one public-suffix cache for every handle.
            6,
            // One DNS cache and one TLS session cache for the worker's handles and those
            // of blocking requests on the callers' threads.
            curl_sys::CURL_LOCK_DATA_DNS,
            curl_sys::CURL_LOCK_DATA_SSL_SESSION,
        ])
    }

    /// A share of the given kinds of data (CURL_LOCK_DATA_*), with locks: its handles may
    /// run on several threads at once.
    pub fn with(kinds: &[curl_sys::curl_lock_data]) -> Result<Share, Error> {
        // SAFETY: returns an owned share or NULL.
        let share = unsafe { curl_sys::curl_share_init() };
        if share.is_null() {
            return Err(Error::new(CURL_BASE + 27, "share: out of memory"));
        }
        let locks = Box::new([const { parking_lot::RawMutex::INIT }; LOCKS]);
        let jar = Share { share, locks };
        let ud = &*jar.locks as *const _ as *mut c_void;
        type LockFn = extern "C" fn(*mut CURL, c_int, c_int, *mut c_void);
        type UnlockFn = extern "C" fn(*mut CURL, c_int, *mut c_void);
        let (lf, uf): (LockFn, UnlockFn) = (lock_fn, unlock_fn);
        // SAFETY: a fresh share; each option takes the type passed.
        let mut rcs = unsafe {
            vec![
                curl_sys::curl_share_setopt(share, curl_sys::CURLSHOPT_LOCKFUNC, lf),
                curl_sys::curl_share_setopt(share, curl_sys::CURLSHOPT_UNLOCKFUNC, uf),
                curl_sys::curl_share_setopt(share, curl_sys::CURLSHOPT_USERDATA, ud),
            ]
        };
        for &k in kinds {
            // SAFETY: as above; CURLSHOPT_SHARE takes an int.
            rcs.push(unsafe {
                curl_sys::curl_share_setopt(share, curl_sys::CURLSHOPT_SHARE, k as c_int)
            });
        }
        if let Some(&rc) = rcs.iter().find(|&&rc| rc != 0) {
            return Err(share_err("setting up the share", rc));
        }
        Ok(jar)
    }

    /// The share object, for CURLOPT_SHARE.
    pub fn share(&self) -> *mut CURLSH {
        self.share
    }

    /// Adds cookies in the Netscape file format, one line each (already checked).
    pub fn load_lines<'a>(&self, lines: impl Iterator<Item = &'a str>) -> Result<usize, Error> {
        let s = Scratch::new(self)?;
        let mut n = 0;
        for l in lines {
            let Ok(c) = CString::new(l) else { continue };
            s.cookielist(&c)?;
            n += 1;
        }
        Ok(n)
    }

    /// Every cookie, as lines of the Netscape cookie file.
    pub fn lines(&self) -> Result<Vec<String>, Error> {
        let s = Scratch::new(self)?;
        let mut list: *mut curl_sys::curl_slist = std::ptr::null_mut();
        // SAFETY: a live handle; the list returned is ours to free.
        let rc =
            unsafe { curl_sys::curl_easy_getinfo(s.0, curl_sys::CURLINFO_COOKIELIST, &mut list) };
        if rc != curl_sys::CURLE_OK {
            return Err(Error::from_curl(&curl::Error::new(rc)));
        }
        let mut out = Vec::new();
        let mut p = list;
        while !p.is_null() {
            // SAFETY: a node of the list libcurl returned.
            let node = unsafe { &*p };
            if !node.data.is_null() {
                // SAFETY: NUL-terminated text from libcurl.
                let t = unsafe { CStr::from_ptr(node.data as *const c_char) };
                out.push(t.to_string_lossy().into_owned());
            }
            p = node.next;
        }
        // SAFETY: the list libcurl allocated for us.
        unsafe { curl_sys::curl_slist_free_all(list) };
        Ok(out)
    }

    /// Forgets every cookie.
    pub fn clear(&self) -> Result<(), Error> {
        Scratch::new(self)?.cookielist(c"ALL")
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        // SAFETY: no handle uses the share any more (the jar lives as long as the process
        // once opened; this runs only for a jar that never reached a handle).
        unsafe { curl_sys::curl_share_cleanup(self.share) };
    }
}

/// Checks one line of a Netscape cookie file: `None` for a comment or an empty line,
/// `Some(Ok(line))` for a cookie, `Some(Err(()))` for anything else.
pub fn check_line(line: &str) -> Option<Result<&str, ()>> {
    let l = line.trim_end_matches(['\r', '\n']);
    if l.trim().is_empty() || (l.starts_with('#') && !l.starts_with("#HttpOnly_")) {
        return None;
    }
    let f: Vec<&str> = l.split('\t').collect();
    let ok = f.len() == 7
        && !f[0].trim_start_matches("#HttpOnly_").is_empty()
        && matches!(f[1], "TRUE" | "FALSE")
        && f[2].starts_with('/')
        && matches!(f[3], "TRUE" | "FALSE")
        && f[4].parse::<i64>().is_ok()
        && !f[5].is_empty()
        && !l.bytes().any(|b| b < 0x20 && b != b'\t');
    Some(if ok { Ok(l) } else { Err(()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netscape_lines() {
        assert_eq!(check_line("# Netscape HTTP Cookie File"), None);
        assert_eq!(check_line(""), None);
        let good = "example.com\tFALSE\t/\tFALSE\t0\tsid\tabc";
        assert_eq!(check_line(good), Some(Ok(good)));
        let ho = "#HttpOnly_.example.com\tTRUE\t/a\tTRUE\t1999999999\tk\t";
        assert_eq!(check_line(ho), Some(Ok(ho)));
        for bad in [
            "example.com\tFALSE\t/\tFALSE\tsoon\tsid\tabc",
            "example.com\tMAYBE\t/\tFALSE\t0\tsid\tabc",
            "example.com\tFALSE\t/\tFALSE\t0\tsid",
            "\u{1}\u{2}garbage",
            "example.com FALSE / FALSE 0 sid abc",
        ] {
            assert_eq!(check_line(bad), Some(Err(())), "{bad:?}");
        }
    }

    #[test]
    fn public_suffixes() {
        assert_eq!(suffix_len_of("a.example.co.uk"), "co.uk".len());
        assert_eq!(suffix_len_of("example.com"), "com".len());
        assert_eq!(suffix_len_of("localhost"), "localhost".len());
        assert_eq!(suffix_len_of("x.github.io"), "github.io".len());
    }
}
