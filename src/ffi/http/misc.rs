//! Process-wide functions: error messages, version information, policy, engine limits.

use crate::core::engine::Engine;
use crate::core::error::{self, Error, UNKNOWN};
use crate::ffi::{arg_str, boundary, code};
use crate::http::worker::SetMaxConcurrent;
use once_cell::sync::Lazy;
use std::ffi::CString;
use std::os::raw::c_char;

/// Library version.
pub const NETHTTP_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The static English message for an error code (never NULL, never freed): 0, 401,
/// 2300000 + each CURLcode, 2300063, 2300997, 2300998, 2300999; unknown codes get a
/// generic message.
#[no_mangle]
pub extern "C" fn http_error_message(code: i32) -> *const c_char {
    boundary!(c"Unknown error.".as_ptr(), {
        error::message(code).as_ptr()
    })
}

/// The detail of the last failed nethttp call on the calling thread (which field was
/// wrong, what libcurl said). Never NULL ("" before any failure). Valid until the next
/// failing nethttp call on this thread.
#[no_mangle]
pub extern "C" fn http_last_error_detail() -> *const c_char {
    boundary!(c"".as_ptr(), { error::last_detail_ptr() })
}

static VERSION_INFO: Lazy<CString> = Lazy::new(|| {
    let v = curl::Version::get();
    let features = serde_json::json!({
        "http2": v.feature_http2(),
        "http3": v.feature_http3(),
        "ssl": v.feature_ssl(),
        "ipv6": v.feature_ipv6(),
        "libz": v.feature_libz(),
        "brotli": v.feature_brotli(),
        "zstd": v.feature_zstd(),
        "asyncdns": v.feature_async_dns(),
        "unix_sockets": v.feature_unix_domain_socket(),
    });
    let protocols: Vec<String> = v.protocols().map(str::to_string).collect();
    let j = serde_json::json!({
        "nethttp": NETHTTP_VERSION,
        "libcurl": v.version(),
        "ssl": v.ssl_version(),
        "libz": v.libz_version(),
        "nghttp2": v.nghttp2_version(),
        "features": features,
        "protocols": protocols,
    });
    CString::new(j.to_string()).unwrap_or_default()
});

/// Version information as static JSON text: `{"nethttp":"x.y.z","libcurl":"8.x",
/// "ssl":…,"libz":…,"nghttp2":…,"features":{"http2":…,"http3":…,"brotli":…,"zstd":…,…},
/// "protocols":[…]}`. Never NULL, never freed.
#[no_mangle]
pub extern "C" fn http_version_info() -> *const c_char {
    boundary!(c"{}".as_ptr(), { VERSION_INFO.as_ptr() })
}

/// Sets the process-wide domain allow-list (copied). Entries are exact host names or IP
/// addresses, or `*.suffix` (any name below `suffix`, not `suffix` itself); matching
/// ignores case. While the list is non-empty, a request, or a redirect, to any other host
/// fails with 2300998 before a connection is made. `count` 0 (domains may be NULL)
/// allows every host again (the default). Affects requests started afterwards.
#[no_mangle]
pub extern "C" fn http_policy_set_allowed_domains(
    domains: *const *const c_char,
    count: usize,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let mut list = Vec::with_capacity(count);
            if count > 0 {
                if domains.is_null() {
                    return Err(Error::param("domains: NULL with a non-zero count"));
                }
                for i in 0..count {
                    // SAFETY: the caller passes `count` readable pointers.
                    let p = unsafe { *domains.add(i) };
                    list.push(arg_str(p, "domains")?.to_string());
                }
            }
            crate::core::policy::set_allowed_domains(list)
        })())
    })
}

/// Permits or forbids cleartext `http://` requests process-wide (default: permitted).
/// When forbidden, an http:// request or redirect fails with 2300997 before connecting
/// (so does the poll client's connect to an http:// host). The policy is about schemes,
/// not only http: every scheme but https (and wss) counts as cleartext; schemes a given
/// API does not speak at all fail with 2300001 first (see `http_request`).
#[no_mangle]
pub extern "C" fn http_policy_set_cleartext_permitted(permitted: bool) -> i32 {
    boundary!(UNKNOWN, {
        crate::core::policy::set_cleartext_permitted(permitted);
        error::OK
    })
}

/// Limits how many transfers run at once (0 = unlimited, the default). Requests beyond
/// the limit wait in nethttp's queue and start by `priority` (higher first; equal
/// priorities in submission order). Time spent waiting counts in performanceTiming but
/// not in readTimeout.
#[no_mangle]
pub extern "C" fn http_engine_set_max_concurrent(max: u32) -> i32 {
    boundary!(UNKNOWN, {
        Engine::get().send(Box::new(SetMaxConcurrent(max)));
        error::OK
    })
}
