//! Persistent state shared by every request of the process (a nethttp extension): the
//! cookie jar, the HSTS cache and the Alt-Svc cache, each opt-in and optionally file-backed.

use crate::core::error::{Error, UNKNOWN};
use crate::ffi::{arg_str, boundary, code};
use crate::http::state;
use std::ffi::CString;
use std::os::raw::c_char;

/// The persistent stores (bits; `nethttp_store_save`, `_clear` and `_close` take several
/// or'ed together, `nethttp_store_open` and `_count` one).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum nethttp_store {
    /// The cookie jar (RFC 6265), libcurl's cookie engine shared by every request: a
    /// response's `Set-Cookie` (on any hop of a redirect chain) is stored, and each request
    /// (and each hop) sends the cookies whose domain, path, `Secure` and expiry match.
    /// Public-suffix rules apply: a host cannot set a cookie for a public suffix such as
    /// `co.uk` or `github.io` (the `psl` crate's copy of the Public Suffix List, built in).
    /// `HttpOnly` and `SameSite` are kept (saved with the jar, listed by
    /// `nethttp_store_cookies_json`) but not enforced: a client that is not a browser has
    /// no scripts to hide a cookie from and no "site" to compare. Session
    /// cookies (no Expires/Max-Age) are saved too, as the curl tool does, and live until
    /// cleared or the file is removed. A `Cookie` header the request sets itself is sent
    /// beside the jar's cookies. Set-Cookie fields still reach the response
    /// (`http_response_cookies`) as before. The file is libcurl's Netscape cookie file:
    /// readable by `curl -b FILE`, and a curl `-c FILE` jar can be opened. A request with
    /// `dnsOverHttps` does not use the jar: libcurl gives a handle one share object, and
    /// such a request's is its DoH server's DNS cache (kept apart from the system
    /// resolver's); the debug hook says so when it happens.
    NETHTTP_STORE_COOKIES = 1,
    /// The HSTS cache (RFC 6797): a `Strict-Transport-Security` response header received
    /// over HTTPS with the server's certificate verified (never with remoteValidation
    /// "skip", never for an IP address) makes every later `http://` URL of that host (and
    /// of its subdomains with `includeSubDomains`) go to `https://` instead, the request's
    /// URL and every redirect hop alike, until max-age runs out (`max-age=0` removes the
    /// host). The port is kept as written: only `http://host/` becomes `https://host/`
    /// (port 80 to 443). No preload list. The file is libcurl's HSTS file (`curl --hsts`).
    NETHTTP_STORE_HSTS = 2,
    /// The Alt-Svc cache (RFC 7838): an `Alt-Svc` header from an https origin names
    /// alternatives (`h2="alt.example:8443"; ma=3600`), and a later request to that origin
    /// connects to the first live alternative whose protocol this build speaks (`h2`,
    /// `http/1.1`; `h3` is kept but not used), still verifying the origin's name in the
    /// certificate (CURLOPT_CONNECT_TO). Only a request's first hop, and not a request
    /// with `dnsServers` (those pick their own address). An alternative that refuses the
    /// connection or the TLS handshake is forgotten and the request goes to the origin at
    /// once (no error, not counted as a retry). `clear` from the origin removes its
    /// entries. When the default network changes (another interface becomes the default,
    /// or the default one gets other addresses), the alternatives without `persist=1` are
    /// forgotten (RFC 7838 section 2.2): while this store is open, nethttp's worker watches
    /// the kernel's routing tables (Linux rtnetlink) as it does for a registered
    /// NetConnection. The file is libcurl's alt-svc file.
    NETHTTP_STORE_ALTSVC = 4,
}

/// Opens one store and makes every HTTP request of the process use it (requests already
/// running finish without it). `path`: its file, loaded now if it exists (created by the
/// first save; its directory must exist), or NULL to keep the store in memory only.
/// Lines of the file nethttp cannot read are skipped: the rest is loaded, the debug hook
/// (`nethttp_set_debug`) gets a warning, and the file is copied to `PATH.corrupt` before
/// the first save replaces it, so nothing in it is lost. Opening a store that is open
/// saves and closes it first.
///
/// Saving: the file is replaced atomically (a temporary file `PATH.tmp-<pid>` beside it,
/// fsynced, renamed over it): by `nethttp_store_save`, by `nethttp_store_close`, and by
/// the worker at most once a second after a response changed the store. Call
/// `nethttp_store_close` (or `_save`) before the process exits to keep the last second's
/// changes. Two processes should not share one file: the last save wins.
///
/// Returns 0, 401 (unknown store, empty path), 2300037 (the file exists but cannot be
/// read, or its directory does not exist).
#[no_mangle]
pub extern "C" fn nethttp_store_open(store: i32, path: *const c_char) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let p = if path.is_null() {
                None
            } else {
                Some(arg_str(path, "path")?)
            };
            state::open(store, p)
        })())
    })
}

/// Saves the open stores among `stores` (or'ed `nethttp_store` bits) that have a file.
/// Returns 0, 401, or 2300023 (a file could not be written; the previous file is intact).
#[no_mangle]
pub extern "C" fn nethttp_store_save(stores: i32) -> i32 {
    boundary!(UNKNOWN, { code(state::save(stores)) })
}

/// Forgets every entry of the open stores among `stores`, in memory and in their files.
#[no_mangle]
pub extern "C" fn nethttp_store_clear(stores: i32) -> i32 {
    boundary!(UNKNOWN, { code(state::clear(stores)) })
}

/// Saves and closes the stores among `stores`: later requests do not use them. Closing a
/// store that is not open is not an error.
#[no_mangle]
pub extern "C" fn nethttp_store_close(stores: i32) -> i32 {
    boundary!(UNKNOWN, { code(state::close(stores)) })
}

/// How many entries an open store holds: cookies, HSTS hosts, or Alt-Svc origins.
/// Returns 401 for a NULL `out`, an unknown store or one that is not open.
#[no_mangle]
pub extern "C" fn nethttp_store_count(store: i32, out: *mut u64) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let n = state::count(store)?;
            // SAFETY: checked non-NULL.
            unsafe { *out = n };
            Ok(())
        })())
    })
}

/// Every cookie of the open jar, as a JSON array written to `*out` (free with
/// `http_string_free`): `[{"name", "value", "domain", "hostOnly", "path", "secure",
/// "httpOnly", "expires", "sameSite"}, ...]`. `domain` is lowercase without a leading dot;
/// `hostOnly` is true for a cookie set without a Domain attribute (sent to that host only);
/// `expires` is Unix seconds, 0 for a session cookie; `sameSite` is "Strict", "Lax", "None"
/// or null (kept from the Set-Cookie header and saved with the jar; not enforced: a client
/// that is not a browser has no site to compare). Values are as the server sent them.
/// Returns 401 for a NULL `out` or when the jar is not open.
#[no_mangle]
pub extern "C" fn nethttp_store_cookies_json(out: *mut *mut c_char) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let j = state::cookies_json()?;
            // SAFETY: checked non-NULL; freed by http_string_free.
            unsafe { *out = CString::new(j).unwrap_or_default().into_raw() };
            Ok(())
        })())
    })
}
