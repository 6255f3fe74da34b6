//! The response cache (the spec's `HttpResponseCache`): create, flush, delete, stats.

use crate::core::error::{Error, UNKNOWN};
use crate::ffi::{arg_str, boundary, code};
use crate::http::cache;
use std::os::raw::c_char;
use std::path::Path;

/// Flags for `http_cache_create`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum http_cache_flags {
    /// No flag.
    HTTP_CACHE_DEFAULT = 0,
    /// Allow a size above the spec's 10 MiB maximum, up to 1 GiB. The whole cache is held
    /// in memory and each flush rewrites its file, so size it accordingly.
    HTTP_CACHE_ALLOW_LARGE = 1,
}

/// Counters of the response cache (`http_cache_get_stats`).
#[repr(C)]
#[derive(Debug, Clone, Copy, Default)]
pub struct http_cache_stats {
    /// Stored responses (each URL and `Vary` variant is one).
    pub entries: u64,
    /// Bytes they count against the size: body bytes plus the text of the URL, status
    /// line and header fields.
    pub bytes: u64,
    /// The size the cache was created with.
    pub capacity: u64,
}

/// Creates the process-wide response cache (the spec's `createHttpResponseCache`),
/// replacing the current one if any (its entries not flushed are dropped; requests in
/// flight finish without storing into it).
///
/// `dir`: the directory the cache is persisted in (created if missing; NULL for a cache
/// in memory only). Entries a previous `http_cache_flush` wrote there, by this or another
/// process, are loaded at once; a file there that is truncated, corrupt or from another
/// version is removed and the cache starts empty (not an error). Only one file is used:
/// `DIR/nethttp-cache.bin` (plus `DIR/nethttp-cache.bin.tmp-<pid>` while a flush writes).
/// The file holds the URLs, response status lines, header fields and bodies, and the
/// request header fields the responses' `Vary` names: keep it private to the user.
/// Format: 16 bytes `NETHTTP-CACHE-1\n`; u64 entry count; per entry, least recently
/// used first, u32 length + JSON metadata (url, status_line, fields, http_version,
/// policy) and u64 length + body bytes; u32 CRC-32 of all preceding bytes (integers
/// little-endian).
///
/// `size`: the bound in bytes (body bytes plus URL and header text per entry); 0 means
/// the default, 10 MiB, which is also the maximum unless `flags` has
/// HTTP_CACHE_ALLOW_LARGE (then up to 1 GiB). When a new response would pass it, the
/// least recently used entries are evicted; a response larger than the whole cache is
/// not stored.
///
/// `flags`: `http_cache_flags` values or'ed together.
///
/// Behaviour, a private cache per RFC 9111 (freshness and validation rules from the
/// http-cache-semantics crate):
/// - Only requests with `usingCache` true (the default) use the cache, and only while it
///   exists. GET responses are stored when the request completes successfully and the
///   response is storable: status 200, 203, 204, 300, 301, 308, 404, 405, 410, 414 or 501
///   (or 302, 303, 307 with `max-age`, `Expires` or `public`), no `no-store` in the
///   response or the request, no `Vary: *`, not the end of a followed redirect, and
///   either fresh for some time or carrying a validator (ETag or Last-Modified).
///   `private` and `Set-Cookie` responses are stored (this is a private cache). Bodies
///   are stored decoded, as the application received them. HEAD, OPTIONS and requests
///   with Range, resumeFrom/resumeTo or their own If-* headers bypass the cache. Two
///   concurrent requests for a URL not yet stored both go to the network.
/// - Freshness: `Cache-Control: max-age`, else `Expires` (relative to `Date`), else 10%
///   of the time since `Last-Modified`. `Vary` is honoured: each combination of the named
///   request fields is its own entry.
/// - A fresh entry answers the request without any network I/O: HEADERS_RECEIVE, then
///   (for `http_request_in_stream`) DATA_RECEIVE in 16 KiB chunks and DATA_END,
///   DATA_RECEIVE_PROGRESS, then the completion, all on the worker thread (or through the
///   request's queue) like a network response. Its header object is the stored one with
///   `age` set to the entry's age in seconds; performanceTiming's dns, tcp, tls and
///   firstSend phases are 0; `http_response_cache_status` is HTTP_CACHE_HIT. maxLimit
///   applies as for the network.
/// - A stale entry (or one marked `no-cache`, or `must-revalidate` once stale, or when the
///   request says `Cache-Control: no-cache` or `max-age=0`) is revalidated: nethttp adds
///   If-None-Match (its ETag) and/or If-Modified-Since (its Last-Modified) to the request.
///   A 304 is answered with the stored body and the stored header fields updated from the
///   304's (RFC 9111 3.2; Content-Length and Content-Encoding are kept), with the stored
///   status code (normally 200, never 304: the application did not ask conditionally),
///   and HTTP_CACHE_REVALIDATED; the entry's freshness restarts. Any other answer
///   (including a 304 naming another strong ETag) is delivered as it is and replaces the
///   entry when storable.
/// - Request directives (in a `Cache-Control` request header): `no-cache` revalidates,
///   `max-age=N` revalidates an entry older than N seconds, `max-stale[=N]` accepts an
///   entry stale by up to N seconds (never one with `no-cache` or `must-revalidate`),
///   `min-fresh=N` wants N more seconds of freshness, `no-store` keeps the response from
///   being stored, and `only-if-cached`: with no usable entry the request completes at
///   once with status 504 and HTTP_CACHE_UNSATISFIED, without the network.
///   `Pragma: no-cache` acts as `no-cache`.
/// - A successful (2xx/3xx) POST, PUT, DELETE or PATCH removes the entries of its URL.
/// - Thread-safe: any number of requests may use the cache at once, from any thread.
///
/// Returns 0; 401 for invalid UTF-8 in `dir`, a size above the maximum or unknown flags;
/// 2300023 when the directory cannot be created or resolved (detail in
/// `http_last_error_detail()`). On failure the current cache, if any, stays.
#[no_mangle]
pub extern "C" fn http_cache_create(dir: *const c_char, size: u64, flags: u32) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let dir = if dir.is_null() {
                None
            } else {
                let d = arg_str(dir, "dir")?;
                if d.is_empty() {
                    return Err(Error::param(
                        "dir: empty path (NULL for a memory-only cache)",
                    ));
                }
                Some(Path::new(d))
            };
            let known = http_cache_flags::HTTP_CACHE_ALLOW_LARGE as u32;
            if flags & !known != 0 {
                return Err(Error::param(format!("flags: unknown flags {flags:#x}")));
            }
            cache::create(dir, size, flags & known != 0)
        })())
    })
}

/// Writes the response cache to its directory (the spec's `flush`), so that a later
/// `http_cache_create` on the same directory, in this or another process, serves the
/// entries. Blocks while writing. The write is atomic: the file is written under a
/// temporary name, synced and renamed over the previous one, so a crash or power loss
/// during a flush leaves the previous file complete. Does nothing (returns 0) for a
/// memory-only cache. May be called from any thread while requests run.
///
/// Returns 0; 401 when no cache exists (or it was deleted meanwhile); 2300023 when the
/// file cannot be written (detail in `http_last_error_detail()`; the previous file stays).
#[no_mangle]
pub extern "C" fn http_cache_flush() -> i32 {
    boundary!(UNKNOWN, { code(cache::flush()) })
}

/// Disables the response cache and deletes its data (the spec's `delete`): the entries
/// in memory and the cache file in its directory (the directory itself and other files
/// in it are left). Requests started afterwards do not use a cache until the next
/// `http_cache_create`; requests in flight complete normally but store nothing. No cache
/// is not an error.
///
/// Returns 0; 2300023 when the file exists but cannot be removed (the cache is disabled
/// anyway).
#[no_mangle]
pub extern "C" fn http_cache_delete() -> i32 {
    boundary!(UNKNOWN, { code(cache::delete()) })
}

/// Copies the response cache's counters into `*out`. Returns 0; 401 when `out` is NULL
/// or no cache exists.
#[no_mangle]
pub extern "C" fn http_cache_get_stats(out: *mut http_cache_stats) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let s = cache::stats().ok_or_else(|| {
                Error::param("no response cache exists: call http_cache_create first")
            })?;
            // SAFETY: out checked non-NULL.
            unsafe {
                *out = http_cache_stats {
                    entries: s.entries,
                    bytes: s.bytes,
                    capacity: s.capacity,
                }
            };
            Ok(())
        })())
    })
}
