//! `HttpResponseCache`: a private (single-user) HTTP cache following RFC 9111, one per
//! process, bounded by a byte size with least-recently-used eviction, persisted by
//! `flush`. Freshness, `Vary` matching, revalidation and storability come from the
//! `http-cache-semantics` crate (as a non-shared cache); this module keeps the entries,
//! decides per request (on the caller's thread, in `prepare`), and takes part in the
//! transfer through [`CacheHook`] (a 304 answered with the stored body, storing the
//! final response).

pub(crate) mod disk;
pub(crate) mod store;

use crate::core::error::{self, Error};
use crate::http::options::{CacheMode, Method, RequestOptions};
use crate::http::response::{http_cache_status, HeaderBlock};
use crate::http::transfer::{CacheHook, StoredResponse};
use http::header::{HeaderMap, HeaderName, HeaderValue};
use http::Uri;
use http_cache_semantics::{AfterResponse, BeforeRequest, CacheOptions, CachePolicy};
use parking_lot::{Mutex, RwLock};
use std::ffi::CStr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::SystemTime;
use store::{Entry, Store};

/// Default and (without `allow_large`) maximum size: the spec's 10 MiB.
pub const DEFAULT_SIZE: u64 = 10 * 1024 * 1024;
/// Maximum size with `allow_large` (the whole cache is held in memory).
pub const MAX_LARGE_SIZE: u64 = 1024 * 1024 * 1024;
/// Name of the cache file in the cache directory.
pub const FILE_NAME: &str = disk::FILE_NAME;

/// Request headers that make a request bypass the cache: the application validates or
/// asks for a range itself, and gets exactly what the server answers.
const BYPASS_HEADERS: &[&str] = &[
    "range",
    "if-range",
    "if-none-match",
    "if-modified-since",
    "if-match",
    "if-unmodified-since",
];

/// Header fields a 304 does not update in the stored response (RFC 9111 3.2: the body's
/// own framing and encoding, and hop-by-hop fields).
const NOT_UPDATED_BY_304: &[&str] = &[
    "content-length",
    "content-encoding",
    "content-range",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "te",
    "trailer",
    "upgrade",
    "proxy-authenticate",
    "proxy-authorization",
];

struct Cache {
    /// None: in memory only.
    dir: Option<PathBuf>,
    store: Mutex<Store>,
    /// False once deleted or replaced: transfers still holding it store nothing more.
    live: AtomicBool,
    /// Serializes flush and delete.
    flush_lock: Mutex<()>,
    /// URLs with a background revalidation under way (stale-while-revalidate): one each.
    revalidating: Mutex<std::collections::HashSet<String>>,
}

impl Cache {
    fn live(&self) -> bool {
        self.live.load(Ordering::Acquire)
    }
}

static CURRENT: RwLock<Option<Arc<Cache>>> = parking_lot::const_rwlock(None);

fn current() -> Option<Arc<Cache>> {
    CURRENT.read().clone()
}

fn policy_options() -> CacheOptions {
    CacheOptions {
        shared: false,
        ..Default::default()
    }
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Error {
    Error::new(
        error::CURL_BASE + 23,
        format!("response cache: cannot {what} {}: {e}", path.display()),
    )
}

/// Creates the process-wide cache (replacing any current one), loading the entries a
/// previous flush left in `dir`. A corrupt or truncated file there is discarded.
pub fn create(dir: Option<&Path>, size: u64, allow_large: bool) -> Result<(), Error> {
    let capacity = match size {
        0 => DEFAULT_SIZE,
        s if s <= DEFAULT_SIZE => s,
        s if allow_large && s <= MAX_LARGE_SIZE => s,
        s if allow_large => {
            return Err(Error::param(format!(
                "size: {s} is above the maximum of {MAX_LARGE_SIZE} bytes"
            )))
        }
        s => {
            return Err(Error::param(format!(
                "size: {s} is above the maximum of {DEFAULT_SIZE} bytes (10 MiB); \
                 pass HTTP_CACHE_ALLOW_LARGE for a larger cache"
            )))
        }
    };
    let mut store = Store::new(capacity);
    let dir = match dir {
        None => None,
        Some(d) => {
            std::fs::create_dir_all(d).map_err(|e| io_error("create the directory", d, e))?;
            let d = std::fs::canonicalize(d).map_err(|e| io_error("resolve", d, e))?;
            match disk::load(&d, capacity) {
                disk::Loaded::Missing => {}
                disk::Loaded::Entries(entries) => {
                    for e in entries {
                        store.insert(e, &[]);
                    }
                }
                disk::Loaded::Corrupt => {
                    let _ = std::fs::remove_file(disk::path(&d));
                }
            }
            Some(d)
        }
    };
    let cache = Arc::new(Cache {
        dir,
        store: Mutex::new(store),
        live: AtomicBool::new(true),
        flush_lock: Mutex::new(()),
        revalidating: Mutex::new(Default::default()),
    });
    if let Some(old) = CURRENT.write().replace(cache) {
        old.live.store(false, Ordering::Release);
    }
    Ok(())
}

/// Writes the current cache to its directory, atomically.
pub fn flush() -> Result<(), Error> {
    let cache = current()
        .ok_or_else(|| Error::param("no response cache exists: call http_cache_create first"))?;
    let Some(dir) = &cache.dir else {
        return Ok(());
    };
    let _g = cache.flush_lock.lock();
    if !cache.live() {
        return Err(Error::param("the response cache was deleted or replaced"));
    }
    let entries = cache.store.lock().entries_lru_first();
    let bytes = disk::encode(&entries);
    disk::write_atomic(dir, &bytes).map_err(|e| io_error("write", &disk::path(dir), e))
}

/// Disables the cache and removes its entries, in memory and on disk.
pub fn delete() -> Result<(), Error> {
    let Some(cache) = CURRENT.write().take() else {
        return Ok(());
    };
    cache.live.store(false, Ordering::Release);
    let _g = cache.flush_lock.lock();
    cache.store.lock().clear();
    match &cache.dir {
        Some(dir) => disk::remove(dir).map_err(|e| io_error("remove", &disk::path(dir), e)),
        None => Ok(()),
    }
}

/// Counters of the current cache.
pub struct Stats {
    pub entries: u64,
    pub bytes: u64,
    pub capacity: u64,
}

pub fn stats() -> Option<Stats> {
    let cache = current()?;
    let s = cache.store.lock();
    Some(Stats {
        entries: s.len() as u64,
        bytes: s.bytes(),
        capacity: s.capacity(),
    })
}

/// What the cache does for one request.
pub struct Prepared {
    /// Answer with this, without the network.
    pub served: Option<StoredResponse>,
    /// Take part in the network transfer.
    pub hook: Option<Box<dyn CacheHook>>,
    /// Fail the request with this without the network (`only-if-cached` and a miss).
    pub error: Option<Error>,
    /// stale-while-revalidate: a request to make in the background with these options
    /// (conditional) and this hook, its result going only to the cache.
    pub background: Option<(Arc<RequestOptions>, Box<dyn CacheHook>)>,
}

const NOTHING: Prepared = Prepared {
    served: None,
    hook: None,
    error: None,
    background: None,
};

/// What a request gets when the cache cannot take part: nothing, or the miss error of
/// `only-if-cached` (which must never reach the network).
fn without_cache(mode: CacheMode, why: &str) -> Prepared {
    if mode != CacheMode::OnlyIfCached {
        return NOTHING;
    }
    Prepared {
        served: None,
        hook: None,
        error: Some(Error::new(
            error::CACHE_MISS,
            format!("cacheMode only-if-cached: {why}"),
        )),
        background: None,
    }
}

/// Decides how the cache takes part in a request about to be submitted: a fresh stored
/// response answers it; a stale one gets validators added to `opts` (If-None-Match,
/// If-Modified-Since); any GET is offered for storing at completion; unsafe methods
/// invalidate the URL's entries when they succeed.
/// `opts` is shared with the application's options object: it is copied
/// (`Arc::make_mut`) only when a conditional header must be added.
pub fn prepare(url: &str, opts: &mut Arc<RequestOptions>) -> Prepared {
    let mode = opts.ext.cache_mode;
    if opts.ext.sse.is_some() {
        // An event stream is live: never served from the cache, never stored.
        return NOTHING;
    }
    if !opts.using_cache {
        return without_cache(mode, "usingCache is false");
    }
    if mode == CacheMode::NoStore {
        return NOTHING;
    }
    let Some(cache) = current() else {
        return without_cache(mode, "no response cache is set up");
    };
    let key = url.split('#').next().unwrap_or(url);
    let Ok(uri) = key.parse::<Uri>() else {
        return without_cache(mode, "the URL cannot be a cache key");
    };
    let get = match opts.method {
        Method::Get => true,
        Method::Post | Method::Put | Method::Delete | Method::Patch => false,
        _ => return without_cache(mode, "only GET responses are stored"),
    };
    if !get && mode == CacheMode::OnlyIfCached {
        return without_cache(mode, "only GET responses are stored");
    }
    if !get {
        return Prepared {
            error: None,
            background: None,
            served: None,
            hook: Some(Box::new(Hook {
                cache,
                url: key.to_string(),
                get: false,
                req: request_parts(uri, HeaderMap::new()),
                revalidate: None,
                done: false,
                fallback: None,
                req_stale_if_error: None,
                background: false,
            })),
        };
    }
    if opts.resume_from.is_some()
        || opts.resume_to.is_some()
        || BYPASS_HEADERS.iter().any(|h| opts.header(h).is_some())
    {
        return without_cache(mode, "a range or conditional request bypasses the cache");
    }
    let Some(headers) = header_map(opts.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())))
    else {
        return without_cache(mode, "a request header cannot be matched");
    };
    let req = request_parts(uri, headers);
    let now = SystemTime::now();
    // force-cache / only-if-cached: any matching stored response, stale or not.
    let any_stored = matches!(mode, CacheMode::ForceCache | CacheMode::OnlyIfCached);

    let mut stale: Option<(Arc<Entry>, http::request::Parts)> = None;
    if mode != CacheMode::Reload {
        let mut store = cache.store.lock();
        for id in store.ids(key) {
            let Some(e) = store.peek(id).cloned() else {
                continue;
            };
            match e.policy.before_request(&req, now) {
                BeforeRequest::Fresh(_)
                    if !needs_validation(&e, now) && mode != CacheMode::NoCache =>
                {
                    store.get(id);
                    drop(store);
                    return Prepared {
                        served: Some(stored_response(&e, now)),
                        hook: None,
                        error: None,
                        background: None,
                    };
                }
                BeforeRequest::Stale { matches: true, .. } | BeforeRequest::Fresh(_)
                    if any_stored =>
                {
                    store.get(id);
                    drop(store);
                    let mut r = stored_response(&e, now);
                    r.cache_status = http_cache_status::HTTP_CACHE_STALE;
                    return Prepared {
                        served: Some(r),
                        hook: None,
                        error: None,
                        background: None,
                    };
                }
                BeforeRequest::Fresh(_) => {
                    // A stale `no-cache` response the request's max-stale would accept:
                    // it must still be validated. Ask as a request with no-cache would.
                    if stale.is_none() {
                        let mut forced = req.clone();
                        forced
                            .headers
                            .append("cache-control", HeaderValue::from_static("no-cache"));
                        if let BeforeRequest::Stale { request, .. } =
                            e.policy.before_request(&forced, now)
                        {
                            stale = Some((e, request));
                        }
                    }
                }
                BeforeRequest::Stale {
                    request,
                    matches: true,
                } if stale.is_none() => stale = Some((e, request)),
                BeforeRequest::Stale { .. } => {}
            }
        }
    }

    let req_cc = directives(
        req.headers
            .get_all("cache-control")
            .iter()
            .filter_map(|v| v.to_str().ok()),
    );
    if mode == CacheMode::OnlyIfCached {
        return without_cache(mode, "no stored response matches");
    }
    if req_cc.iter().any(|d| d == "only-if-cached") {
        return Prepared {
            served: Some(gateway_timeout()),
            hook: None,
            error: None,
            background: None,
        };
    }

    let req_stale_if_error = cc_value(
        req.headers
            .get_all("cache-control")
            .iter()
            .filter_map(|v| v.to_str().ok()),
        "stale-if-error",
    );
    // RFC 5861 stale-while-revalidate: a stale response within its window answers now, and
    // one background request (conditional) refreshes the entry.
    if let Some((e, request)) = stale.as_ref().filter(|_| mode == CacheMode::Default) {
        let window = cc_value(stored_cc(&e.head), "stale-while-revalidate");
        if window.is_some_and(|w| may_serve_stale(e, now, w))
            && cache.revalidating.lock().insert(key.to_string())
        {
            let mut bg = (**opts).clone();
            bg.ext.cache_mode = CacheMode::Default;
            let mut revalidate = None;
            for name in ["if-none-match", "if-modified-since"] {
                if let Some(v) = request.headers.get(name).and_then(|v| v.to_str().ok()) {
                    if bg.add_header(name, v).is_ok() {
                        revalidate = Some(e.clone());
                    }
                }
            }
            let mut r = stored_response(e, now);
            r.cache_status = http_cache_status::HTTP_CACHE_STALE;
            return Prepared {
                served: Some(r),
                hook: None,
                error: None,
                background: Some((
                    Arc::new(bg),
                    Box::new(Hook {
                        cache,
                        url: key.to_string(),
                        get: true,
                        req,
                        revalidate,
                        done: false,
                        fallback: None,
                        req_stale_if_error: None,
                        background: true,
                    }),
                )),
            };
        }
    }

    let mut revalidate = None;
    let mut fallback = None;
    if let Some((e, request)) = stale {
        for name in ["if-none-match", "if-modified-since"] {
            if let Some(v) = request.headers.get(name).and_then(|v| v.to_str().ok()) {
                if Arc::make_mut(opts).add_header(name, v).is_ok() {
                    revalidate = Some(e.clone());
                }
            }
        }
        fallback = Some(e);
    }
    Prepared {
        served: None,
        hook: Some(Box::new(Hook {
            cache,
            url: key.to_string(),
            get: true,
            req,
            revalidate,
            done: false,
            fallback,
            req_stale_if_error,
            background: false,
        })),
        error: None,
        background: None,
    }
}

/// The Cache-Control values of a stored head.
fn stored_cc(head: &HeaderBlock) -> impl Iterator<Item = &str> {
    head.fields()
        .filter(|(n, _)| *n == "cache-control")
        .map(|(_, v)| v)
}

/// The number a Cache-Control directive carries (`name=N`), if present.
fn cc_value<'a>(values: impl Iterator<Item = &'a str>, name: &str) -> Option<u64> {
    values
        .flat_map(|v| v.split(','))
        .filter_map(|d| d.split_once('='))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .and_then(|(_, v)| v.trim().trim_matches('"').parse().ok())
}

/// Whether a stale entry may be served for an RFC 5861 window of `window` seconds: how long
/// it has been stale (its age past its max-age; a response without max-age counts as stale
/// from the start) is within the window, and it does not forbid serving it stale
/// (must-revalidate, proxy-revalidate, no-cache).
fn may_serve_stale(e: &Entry, now: SystemTime, window: u64) -> bool {
    let forbidden = directives(stored_cc(&e.head))
        .iter()
        .any(|d| d == "must-revalidate" || d == "proxy-revalidate" || d == "no-cache");
    if forbidden {
        return false;
    }
    let lifetime = cc_value(stored_cc(&e.head), "max-age").unwrap_or(0);
    let staleness = e.policy.age(now).as_secs().saturating_sub(lifetime);
    staleness <= window
}

/// A stored response must be validated before use, whatever the request allows: it is
/// stale and says `no-cache` (http-cache-semantics lets `max-stale` serve it).
fn needs_validation(e: &Entry, now: SystemTime) -> bool {
    e.policy.is_stale(now)
        && directives(
            e.head
                .fields()
                .filter(|(n, _)| *n == "cache-control" || *n == "pragma")
                .map(|(_, v)| v),
        )
        .iter()
        .any(|d| d == "no-cache")
}

/// The directive names in Cache-Control (or Pragma) values, lowercased.
fn directives<'a>(values: impl Iterator<Item = &'a str>) -> Vec<String> {
    values
        .flat_map(|v| v.split(','))
        .map(|d| {
            d.split('=')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|d| !d.is_empty())
        .collect()
}

fn vary_names(head: &HeaderBlock) -> Vec<String> {
    head.fields()
        .filter(|(n, _)| *n == "vary")
        .flat_map(|(_, v)| v.split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Header fields as an `http::HeaderMap`; None when one is not a valid HTTP field.
fn header_map<'a>(fields: impl Iterator<Item = (&'a str, &'a str)>) -> Option<HeaderMap> {
    let mut m = HeaderMap::new();
    for (n, v) in fields {
        let name = HeaderName::from_bytes(n.to_ascii_lowercase().as_bytes()).ok()?;
        m.append(name, HeaderValue::from_bytes(v.as_bytes()).ok()?);
    }
    Some(m)
}

fn request_parts(uri: Uri, headers: HeaderMap) -> http::request::Parts {
    let mut r = http::Request::new(());
    *r.uri_mut() = uri;
    *r.headers_mut() = headers;
    r.into_parts().0
}

/// A response's status and fields for the policy (fields that are not valid HTTP are left
/// out); None for a status outside 100..=999.
fn response_parts(code: u32, head: &HeaderBlock) -> Option<http::response::Parts> {
    let mut r = http::Response::new(());
    *r.status_mut() = http::StatusCode::from_u16(u16::try_from(code).ok()?).ok()?;
    let mut m = HeaderMap::new();
    for (n, v) in head.fields() {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(n.as_bytes()),
            HeaderValue::from_bytes(v.as_bytes()),
        ) {
            m.append(n, v);
        }
    }
    *r.headers_mut() = m;
    Some(r.into_parts().0)
}

fn version_cstr(v: &str) -> &'static CStr {
    match v {
        "1.0" => c"1.0",
        "1.1" => c"1.1",
        "2" => c"2",
        "3" => c"3",
        _ => c"",
    }
}

/// A stored entry as served: its head with `Age` set to the entry's current age.
fn stored_response(e: &Entry, now: SystemTime) -> StoredResponse {
    let mut head = e.head.clone();
    let age = e.policy.age(now).as_secs().to_string();
    head.remove_field("age");
    head.push_field("age", &age);
    StoredResponse {
        head,
        body: e.body.clone(),
        http_version: version_cstr(&e.http_version),
        cache_status: http_cache_status::HTTP_CACHE_HIT,
    }
}

/// RFC 9111 5.2.1.7: only-if-cached with nothing usable stored is answered with 504.
fn gateway_timeout() -> StoredResponse {
    StoredResponse {
        head: HeaderBlock::from_parts("HTTP/1.1 504 Gateway Timeout", [("content-length", "0")]),
        body: Arc::from(&[][..]),
        http_version: c"",
        cache_status: http_cache_status::HTTP_CACHE_UNSATISFIED,
    }
}

/// The stored head updated from a 304: every field the 304 carries replaces the stored
/// values of that name (in place) or is added, except those in [`NOT_UPDATED_BY_304`].
fn merge_304(stored: &HeaderBlock, h304: &HeaderBlock) -> HeaderBlock {
    let h304f: Vec<(&str, &str)> = h304.fields().collect();
    let mut updated: Vec<&str> = Vec::new();
    for &(n, _) in &h304f {
        if !NOT_UPDATED_BY_304.contains(&n) && !updated.contains(&n) {
            updated.push(n);
        }
    }
    let new_values = |name: &str| {
        h304f
            .iter()
            .filter(move |(n, _)| *n == name)
            .copied()
            .collect::<Vec<_>>()
    };
    let mut fields: Vec<(&str, &str)> = Vec::with_capacity(h304f.len() + 16);
    let mut placed: Vec<&str> = Vec::new();
    for (n, v) in stored.fields() {
        if let Some(&u) = updated.iter().find(|u| **u == n) {
            if !placed.contains(&u) {
                placed.push(u);
                fields.extend(new_values(u));
            }
        } else {
            fields.push((n, v));
        }
    }
    for u in &updated {
        if !placed.contains(u) {
            placed.push(u);
            fields.extend(new_values(u));
        }
    }
    HeaderBlock::from_parts(stored.status_line(), fields)
}

/// Ids of the stored variants the request selects (same URL, `Vary` fields equal).
fn same_variant(store: &Store, url: &str, req: &http::request::Parts, now: SystemTime) -> Vec<u64> {
    store
        .ids(url)
        .into_iter()
        .filter(|&id| {
            store.peek(id).is_some_and(|e| {
                matches!(
                    e.policy.before_request(req, now),
                    BeforeRequest::Fresh(_) | BeforeRequest::Stale { matches: true, .. }
                )
            })
        })
        .collect()
}

/// The cache's part in one network transfer.
struct Hook {
    cache: Arc<Cache>,
    url: String,
    /// GET: revalidate and store. Otherwise an unsafe method: invalidate on success.
    get: bool,
    req: http::request::Parts,
    /// The stale entry whose validators were added to the request.
    revalidate: Option<Arc<Entry>>,
    /// The response was already handled (a 304 answered from the cache).
    done: bool,
    /// The stale entry a failure may be answered with (stale-if-error), and the request's
    /// own stale-if-error window.
    fallback: Option<Arc<Entry>>,
    req_stale_if_error: Option<u64>,
    /// A background revalidation (stale-while-revalidate): its URL leaves
    /// `Cache::revalidating` when the hook goes.
    background: bool,
}

impl Drop for Hook {
    fn drop(&mut self) {
        if self.background {
            self.cache.revalidating.lock().remove(&self.url);
        }
    }
}

impl Hook {
    /// The request as the policy keeps it: only the fields the response's `Vary` names
    /// (plus the request's own cache directives and Host), so that credentials and other
    /// request fields are not stored.
    fn policy_request(&self, vary: &[String]) -> http::request::Parts {
        let mut r = self.req.clone();
        let keep = |n: &str| {
            matches!(n, "cache-control" | "pragma" | "host") || vary.iter().any(|v| v == n)
        };
        let mut m = HeaderMap::new();
        for (n, v) in self.req.headers.iter() {
            if keep(n.as_str()) {
                m.append(n.clone(), v.clone());
            }
        }
        r.headers = m;
        r
    }

    fn store(&self, head: HeaderBlock, body: Arc<[u8]>, version: String, policy: CachePolicy) {
        if !self.cache.live() {
            return;
        }
        let now = SystemTime::now();
        let mut store = self.cache.store.lock();
        let replace = same_variant(&store, &self.url, &self.req, now);
        store.insert(
            Entry::new(self.url.clone(), head, body, version, policy),
            &replace,
        );
    }
}

impl CacheHook for Hook {
    fn on_error(&mut self, code: Option<u32>) -> Option<StoredResponse> {
        let _ = code;
        let e = self.fallback.take()?;
        let window = cc_value(stored_cc(&e.head), "stale-if-error")
            .into_iter()
            .chain(self.req_stale_if_error)
            .max()?;
        let now = SystemTime::now();
        if !may_serve_stale(&e, now, window) {
            return None;
        }
        self.done = true;
        self.revalidate = None;
        let mut r = stored_response(&e, now);
        r.cache_status = http_cache_status::HTTP_CACHE_STALE;
        Some(r)
    }

    fn not_modified(&mut self, h304: &HeaderBlock) -> Option<StoredResponse> {
        let stale = self.revalidate.take()?;
        let now = SystemTime::now();
        let res = response_parts(304, h304)?;
        let preq = self.policy_request(&vary_names(&stale.head));
        // The 304 selects the stored response when its validators match; one without any
        // validator answers the conditional request we made for exactly this response.
        let selected = match stale.policy.after_response(&preq, &res, now) {
            AfterResponse::NotModified(..) => true,
            AfterResponse::Modified(..) => {
                h304.get("etag").is_none() && h304.get("last-modified").is_none()
            }
        };
        if !selected {
            return None;
        }
        let merged = merge_304(&stale.head, h304);
        self.done = true;
        if let Some(res) = response_parts(stale.head.status(), &merged) {
            let preq = self.policy_request(&vary_names(&merged));
            let policy = CachePolicy::new_options(&preq, &res, now, policy_options());
            self.store(
                merged.clone(),
                stale.body.clone(),
                stale.http_version.clone(),
                policy,
            );
        }
        Some(StoredResponse {
            head: merged,
            body: stale.body.clone(),
            http_version: version_cstr(&stale.http_version),
            cache_status: http_cache_status::HTTP_CACHE_REVALIDATED,
        })
    }

    fn copy_limit(&self) -> usize {
        if self.get {
            usize::try_from(self.cache.store.lock().capacity()).unwrap_or(usize::MAX)
        } else {
            0
        }
    }

    fn completed(
        &mut self,
        code: u32,
        head: &HeaderBlock,
        body: Option<&[u8]>,
        http_version: &CStr,
        redirected: bool,
    ) {
        if self.done || !self.cache.live() {
            return;
        }
        if !self.get {
            // RFC 9111 4.4: a successful unsafe request invalidates the stored responses
            // of its target URI.
            if (200..400).contains(&code) {
                self.cache.store.lock().remove_url(&self.url);
            }
            return;
        }
        // After a redirect the final response belongs to another URL: not stored under
        // this one.
        if redirected {
            return;
        }
        let (Some(body), Some(res)) = (body, response_parts(code, head)) else {
            return;
        };
        let vary = vary_names(head);
        if vary.iter().any(|v| v == "*") {
            return;
        }
        let now = SystemTime::now();
        let policy =
            CachePolicy::new_options(&self.policy_request(&vary), &res, now, policy_options());
        if !policy.is_storable() {
            return;
        }
        // Never fresh and nothing to revalidate with: storing it could never help.
        if policy.time_to_live(now).is_zero()
            && head.get("etag").is_none()
            && head.get("last-modified").is_none()
        {
            return;
        }
        let version = http_version.to_string_lossy().into_owned();
        self.store(head.clone(), body.into(), version, policy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_order_and_body_fields() {
        let stored = HeaderBlock::from_lines(&[
            "HTTP/1.1 200 OK",
            "Content-Length: 100",
            "ETag: \"a\"",
            "Set-Cookie: a=1",
            "Set-Cookie: b=2",
            "X-Served: 1",
            "Content-Encoding: gzip",
        ]);
        let h304 = HeaderBlock::from_lines(&[
            "HTTP/1.1 304 Not Modified",
            "Content-Length: 0",
            "X-Served: 2",
            "Set-Cookie: c=3",
            "X-New: yes",
        ]);
        let m = merge_304(&stored, &h304);
        assert_eq!(m.status_line(), "HTTP/1.1 200 OK");
        let f: Vec<(&str, &str)> = m.fields().collect();
        assert_eq!(
            f,
            [
                ("content-length", "100"),
                ("etag", "\"a\""),
                ("set-cookie", "c=3"),
                ("x-served", "2"),
                ("content-encoding", "gzip"),
                ("x-new", "yes"),
            ]
        );
    }

    #[test]
    fn directive_names() {
        assert_eq!(
            directives(["max-age=0, No-Cache", "only-if-cached"].into_iter()),
            ["max-age", "no-cache", "only-if-cached"]
        );
    }
}
