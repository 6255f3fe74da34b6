//! One transfer on the worker: the libcurl `Handler` that collects the head and body,
//! feeds the request body, enforces `maxLimit`, and fires events.

use crate::core::curl::url::CurlUrl;
use crate::core::error::test_panic;
use crate::core::error::{self, Error};
use crate::http::options::{DataType, RequestOptions};
use crate::http::request::{Completion, Delivery, EventRef, RequestShared};
use crate::http::response::{
    http_cache_status, http_performance_timing, HeaderBlock, Response, ResponseParts,
};
use crate::http::setup;
use curl::easy::{Easy2, ReadError, SeekResult, WriteError};
use std::ffi::CStr;
use std::io::SeekFrom;
use std::mem::MaybeUninit;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod callbacks;
mod finish;
mod limits;
mod sse;

use callbacks::install_callbacks;
use finish::deliver_stored_body;
pub use finish::{finish, serve_stored};
use limits::{header_limit_error, parse_content_length, HeaderBudget};
pub use limits::{MAX_HEADER_BLOCK, MAX_HEADER_LINE, MAX_HEADER_LINES};
pub use sse::SseState;

/// A request as submitted to the worker (everything in it is `Send`).
pub struct Job {
    pub shared: Arc<RequestShared>,
    pub url: String,
    /// Shared with the options object the request was started with (copy-on-write there).
    pub opts: Arc<RequestOptions>,
    pub body: Option<Vec<u8>>,
    pub stream: bool,
    pub completion: Completion,
    /// When the application called `http_request` (origin of every timing).
    pub start: Instant,
    /// CURLOPT_CONNECT_TO entry from resolving through `dnsServers`.
    pub connect_to: Option<String>,
    /// A failure found before the transfer (resolving through `dnsServers`), delivered by
    /// the worker like any other.
    pub pre_error: Option<Error>,
    /// A response the response cache answers with, without the network (`serve_stored`).
    pub cached: Option<StoredResponse>,
    /// The response cache's part in a network transfer (revalidation, storing).
    pub cache: Option<Box<dyn CacheHook>>,
    /// Retries already made for this request (`"nethttp": {"retry"}`).
    pub retries: u32,
    /// A server-sent events request's state from its previous connection (None: its
    /// first, or not SSE).
    pub sse: Option<Box<SseState>>,
}

/// What a retry needs of its request, kept only when retries are on.
struct Retry {
    url: String,
    opts: Arc<RequestOptions>,
    body: Option<Vec<u8>>,
    connect_to: Option<String>,
}

/// A response held by the response cache (`crate::cache`), delivered like a network one.
pub struct StoredResponse {
    pub head: HeaderBlock,
    pub body: Arc<[u8]>,
    pub http_version: &'static CStr,
    pub cache_status: http_cache_status,
}

/// The response cache's side of one network transfer, implemented in `crate::cache` (the
/// transfer calls it on the worker; nothing else here knows about caching).
pub trait CacheHook: Send + Sync {
    /// The final response is a 304: when it answers the conditional request the cache
    /// added, returns the stored response updated from it (delivered instead of the 304).
    fn not_modified(&mut self, head: &HeaderBlock) -> Option<StoredResponse>;
    /// How many bytes of a streamed body to copy for `completed` (0: none).
    fn copy_limit(&self) -> usize;
    /// The transfer succeeded with this final response. `body` is None when a streamed
    /// body was larger than `copy_limit`. `redirected`: a redirect was followed.
    fn completed(
        &mut self,
        code: u32,
        head: &HeaderBlock,
        body: Option<&[u8]>,
        http_version: &CStr,
        redirected: bool,
    );
    /// The request failed before any of its response reached the application (`code`: a
    /// 5xx final status, or None for a transfer error): a stale stored response the cache
    /// may serve instead (RFC 5861 stale-if-error).
    fn on_error(&mut self, code: Option<u32>) -> Option<StoredResponse> {
        let _ = code;
        None
    }
}

/// libcurl's per-handle callbacks; `t` is `None` while the pooled handle is idle.
#[derive(Default)]
pub struct Handler {
    t: Option<Box<Transfer>>,
    /// The allocation of the handle's last finished transfer, reused by the next one.
    spare: Option<Box<MaybeUninit<Transfer>>>,
    /// The options the handle is configured with (None: fresh, or in an unknown state).
    applied: Option<setup::Applied>,
    /// The persistent stores: HSTS entries still to give the handle's libcurl cache, and
    /// whether the handle was configured for some store (`curl_easy_reset` keeps a share).
    hsts_feed: Box<crate::http::state::HstsFeed>,
    state_attached: bool,
    cookie_engine: bool,
}

struct Transfer {
    delivery: Delivery,
    /// The URL the request was started with: the response's effective URL when libcurl
    /// reports the same one (moved, not copied).
    url: String,
    completion: Option<Completion>,
    stream: bool,
    limit: u64,
    expect: Option<DataType>,
    body: Vec<u8>,
    received: u64,
    content_length: Option<u64>,
    head: HeaderBlock,
    headers_fired: bool,
    /// The last header block ended with its empty line (false from a status line until then).
    head_complete: bool,
    header_json: Option<Arc<str>>,
    set_cookies: Vec<String>,
    upload: Vec<u8>,
    upload_pos: usize,
    error: Option<Error>,
    start: Instant,
    admitted: Instant,
    header_done: Option<Instant>,
    /// Redirects are followed (so a 3xx with Location is not the final response).
    follow: bool,
    /// Tracks redirect targets for the policy check (only while a policy is active).
    current_url: Option<CurlUrl>,
    /// nethttp decodes Content-Encoding itself (see `decode`).
    decode_here: bool,
    decoder: Option<crate::http::decode::BodyDecoder>,
    /// A redirect was followed.
    redirected: bool,
    /// Response cache: its hook, a bounded copy of a streamed body for it, and the status
    /// of a 304 answered from the cache (libcurl reports 304).
    cache: Option<Box<dyn CacheHook>>,
    cache_copy: Option<Vec<u8>>,
    cache_copy_limit: usize,
    code_override: Option<u32>,
    cache_status: http_cache_status,
    /// What the current header block has used of the header limits.
    header_budget: HeaderBudget,
    /// Retries made before this attempt; what another attempt needs (None: retries off or
    /// used up); the wait before it when the final status asked for one (429, 502-504: the
    /// response is then discarded, never delivered).
    retries: u32,
    retry: Option<Box<Retry>>,
    retry_delay: Option<Duration>,
    /// Server-sent events mode: the body goes to the event-stream parser.
    sse: Option<Box<SseState>>,
    /// The persistent stores open when the transfer started (0: none, nothing to note), the
    /// raw handle (the hop's effective URL), whether the server certificate is verified,
    /// and the CURLOPT_CONNECT_TO entry the Alt-Svc cache chose (None: the origin).
    persist: i32,
    raw: usize,
    verified: bool,
    alt_svc: Option<String>,
}

fn set_cookies_of(head: &HeaderBlock) -> Vec<String> {
    head.fields()
        .filter(|(n, _)| *n == "set-cookie")
        .map(|(_, v)| v.to_string())
        .collect()
}

/// What a libcurl failure says about the server, for the paths that try again (retries,
/// server-sent events' reconnections, the Alt-Svc fallback).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The request provably never reached the server: no address, no connection, no TLS
    /// session, a timeout before connecting.
    Unreached,
    /// A transport failure once connected: the connection broke, timed out, or the server
    /// sent nothing or too little.
    Transient,
    /// Anything else (a refused option, a limit, a protocol error, a callback's abort).
    Other,
}

impl Failure {
    fn of(e: &curl::Error, connected: bool) -> Failure {
        use curl_sys::*;
        match e.code() {
            CURLE_COULDNT_RESOLVE_HOST
            | CURLE_COULDNT_RESOLVE_PROXY
            | CURLE_COULDNT_CONNECT
            | CURLE_SSL_CONNECT_ERROR => Failure::Unreached,
            CURLE_OPERATION_TIMEDOUT if !connected => Failure::Unreached,
            CURLE_OPERATION_TIMEDOUT
            | CURLE_GOT_NOTHING
            | CURLE_SEND_ERROR
            | CURLE_RECV_ERROR
            | CURLE_HTTP2
            | CURLE_HTTP2_STREAM
            | CURLE_PARTIAL_FILE => Failure::Transient,
            _ => Failure::Other,
        }
    }
}

fn is_redirect(code: u32) -> bool {
    matches!(code, 301 | 302 | 303 | 307 | 308)
}

impl Transfer {
    fn fail(&mut self, e: Error) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn fire_headers(&mut self) {
        if self.headers_fired {
            return;
        }
        self.head.end_block_lazy();
        self.headers_fired = true;
        if self
            .delivery
            .wants(crate::http::request::http_event_type::HTTP_EVENT_HEADERS_RECEIVE)
        {
            self.head.ensure_parsed();
            let json = self.head.to_json_text_nul();
            self.delivery.event(EventRef::Headers(&json));
            self.header_json = Some(json);
        }
    }

    fn on_header(&mut self, data: &[u8]) -> bool {
        test_panic("header");
        if let Err(e) = self.header_budget.take(data) {
            self.fail(e);
            return false;
        }
        if data.starts_with(b"HTTP/") {
            self.head_complete = false;
            self.head.push_line(data);
            return true;
        }
        if data != b"\r\n" && data != b"\n" {
            self.head.push_line(data);
            return true;
        }
        self.header_budget = HeaderBudget::default();
        self.head_complete = true;
        // End of one header block: a new one is scanned for what the transfer needs and
        // parsed only when its fields are read. Cookies of every block count (a redirect's
        // too); a block of trailers adds to the final one.
        let trailers = !self.head.pending_starts_block();
        let skip = if trailers {
            self.head.ensure_parsed();
            let before = self.head.field_count();
            self.head.end_block();
            before
        } else {
            self.head.end_block_lazy();
            0
        };
        if self.head.cookie_field_count() > 0 {
            self.head.ensure_parsed();
            for (n, v) in self.head.fields().skip(skip) {
                if n == "set-cookie" {
                    self.set_cookies.push(v.to_string());
                }
            }
        }
        if self.persist != 0 {
            // SAFETY: `raw` is this transfer's handle, whose header callback this is.
            unsafe {
                crate::http::state::on_headers(
                    self.raw as *mut curl_sys::CURL,
                    &mut self.head,
                    self.verified,
                )
            };
        }
        self.header_done = Some(Instant::now());
        let code = self.head.status();
        if (100..200).contains(&code) {
            return true;
        }
        if self.follow && is_redirect(code) {
            if let (Some(cur), Some(loc)) = (&self.current_url, self.head.get("location")) {
                let checked = cur
                    .set(loc)
                    .and_then(|_| crate::core::curl::url::check_policy(cur));
                if let Err(e) = checked {
                    self.fail(e);
                    return false;
                }
            }
            if self.head.get("location").is_some() {
                self.redirected = true;
                return true;
            }
        }
        if let Some(delay) = self.retry_for_status(code) {
            self.retry_delay = Some(delay);
            return true;
        }
        if self.sse.is_some() && !self.sse_check(code) {
            return false;
        }
        if code == 304 && !self.redirected {
            if self.cache.is_some() {
                self.head.ensure_parsed();
            }
            if let Some(stored) = self.cache.as_mut().and_then(|c| c.not_modified(&self.head)) {
                return self.use_stored(stored);
            }
        }
        if matches!(code, 500 | 502 | 503 | 504) && !self.headers_fired {
            if let Some(stored) = self.cache.as_mut().and_then(|c| c.on_error(Some(code))) {
                return self.use_stored(stored);
            }
        }
        let encoded = self
            .head
            .get("content-encoding")
            .is_some_and(|e| !e.eq_ignore_ascii_case("identity"));
        self.decoder = None;
        if self.decode_here && encoded {
            let ce = self.head.get("content-encoding").unwrap_or("");
            match crate::http::decode::BodyDecoder::for_header(ce) {
                Ok(d) => self.decoder = d,
                Err(e) => {
                    self.fail(e);
                    return false;
                }
            }
        }
        self.content_length = match self.head.get("content-length").map(parse_content_length) {
            Some(Err(())) => {
                // More than 64 bits: more than any maxLimit, and more than any stream.
                self.fail(Error::new(
                    if self.stream {
                        error::CURL_BASE + 8
                    } else {
                        error::MAX_LIMIT
                    },
                    format!(
                        "Content-Length {} does not fit in 64 bits",
                        self.head.get("content-length").unwrap_or("")
                    ),
                ));
                return false;
            }
            Some(Ok(n)) => n.filter(|_| !encoded),
            None => None,
        };
        if let Some(cl) = self.content_length {
            if !self.stream {
                if cl > self.limit {
                    self.fail(Error::new(
                        error::MAX_LIMIT,
                        format!("response of {cl} bytes exceeds maxLimit {}", self.limit),
                    ));
                    return false;
                }
                self.body.reserve_exact(cl as usize + 1);
            }
        }
        // Interim (1xx, followed redirect) blocks are not reported; this is the final one.
        self.fire_headers();
        true
    }

    /// Answers with a stored response (a 304 to the cache's conditional request): its
    /// head replaces the 304's and its body is delivered as if it had arrived.
    /// A final status that asks for another attempt (429, 502, 503, 504) of an idempotent
    /// request with retries left: the wait before it (Retry-After, else the backoff), or
    /// None (no retry: also when Retry-After asks for longer than maxDelay).
    fn retry_for_status(&mut self, code: u32) -> Option<Duration> {
        let r = self.retry.as_ref()?;
        let p = r.opts.ext.retry;
        if !matches!(code, 429 | 502 | 503 | 504)
            || !r.opts.method.is_idempotent()
            || self.retries >= p.max_retries
            || self.headers_fired
        {
            return None;
        }
        self.head.ensure_parsed();
        match self.head.get("retry-after").and_then(retry_after) {
            Some(d) if d > Duration::from_millis(p.max_delay_ms.into()) => None,
            Some(d) => Some(d),
            None => Some(backoff(&p, self.retries)),
        }
    }

    /// After a failed transfer: the wait before another attempt, when one is allowed. A
    /// request that provably never reached the server (no address, no connection, no TLS
    /// session, a connect timeout) is retried whatever its method; an idempotent one also
    /// after other transport failures. Never once any of the response reached the
    /// application.
    fn retry_after_failure(&self, e: &curl::Error, connected: bool) -> Option<Duration> {
        let r = self.retry.as_ref()?;
        let p = r.opts.ext.retry;
        if self.retries >= p.max_retries
            || self.headers_fired
            || self.received > 0
            || self.error.is_some()
            || self.delivery.shared.is_cancelled()
        {
            return None;
        }
        let failure = Failure::of(e, connected);
        let unreached = failure == Failure::Unreached;
        let transient = failure == Failure::Transient;
        (unreached || transient && r.opts.method.is_idempotent()).then(|| backoff(&p, self.retries))
    }

    /// The next attempt of this request (`retries` made before it), taking its completion,
    /// cache hook and retry state.
    fn retry_job(&mut self, retries: u32) -> Option<Box<Job>> {
        let r = self.retry.take()?;
        let completion = self.completion.take()?;
        let (cache, sse) = (self.cache.take(), self.sse.take());
        Some(self.next_job(*r, completion, cache, retries, sse))
    }

    /// A Job for another connection of this request: its URL, options, body and CONNECT_TO
    /// from `r`.
    fn next_job(
        &self,
        r: Retry,
        completion: Completion,
        cache: Option<Box<dyn CacheHook>>,
        retries: u32,
        sse: Option<Box<SseState>>,
    ) -> Box<Job> {
        Box::new(Job {
            shared: self.delivery.shared.clone(),
            url: r.url,
            opts: r.opts,
            body: r.body,
            stream: self.stream,
            completion,
            start: self.start,
            connect_to: r.connect_to,
            pre_error: None,
            cached: None,
            cache,
            retries,
            sse,
        })
    }

    fn use_stored(&mut self, s: StoredResponse) -> bool {
        let len = s.body.len() as u64;
        if !self.stream && len > self.limit {
            self.fail(Error::new(
                error::MAX_LIMIT,
                format!("response of {len} bytes exceeds maxLimit {}", self.limit),
            ));
            return false;
        }
        self.code_override = Some(s.head.status());
        self.cache_status = s.cache_status;
        self.head = s.head;
        self.set_cookies = set_cookies_of(&self.head);
        self.content_length = Some(len);
        self.fire_headers();
        deliver_stored_body(&self.delivery, &s.body, self.stream);
        if !self.stream {
            self.body = s.body.to_vec();
        }
        self.received = len;
        true
    }

    fn on_write(&mut self, data: &[u8]) -> Result<usize, WriteError> {
        test_panic("write");
        if self.delivery.shared.is_cancelled() {
            return Ok(0);
        }
        if self.code_override.is_some() || self.retry_delay.is_some() {
            // A stored response stands for this one (a 304, or a 5xx with stale-if-error),
            // or the request will be tried again: the network's body is not the response.
            return Ok(data.len());
        }
        self.fire_headers();
        // Paused by the application (http_pause) or by the queue's backpressure: libcurl
        // keeps this chunk, stops reading the socket, and gives the chunk again on resume.
        // `paused` is published before the re-check, so a resume in between sees it.
        let shared = &self.delivery.shared;
        let pause = || {
            shared.app_paused.load(Ordering::SeqCst)
                || (self.stream || self.sse.is_some()) && self.delivery.should_pause()
        };
        if pause() {
            shared.paused.store(true, Ordering::SeqCst);
            if pause() {
                return Err(WriteError::Pause);
            }
            shared.paused.store(false, Ordering::SeqCst);
        }
        let go_on = match self.decoder.take() {
            None => self.deliver(data),
            Some(mut d) => {
                let r = d.feed(data, &mut |chunk| self.deliver(chunk));
                self.decoder = Some(d);
                r.unwrap_or_else(|e| {
                    self.fail(e);
                    false
                })
            }
        };
        Ok(if go_on { data.len() } else { 0 })
    }

    /// Hands on decoded body bytes: to the listeners (stream) or the body (up to maxLimit).
    /// False stops the transfer.
    fn deliver(&mut self, data: &[u8]) -> bool {
        if self.sse.is_some() {
            return self.sse_deliver(data);
        }
        let len = data.len() as u64;
        if self.stream {
            self.delivery.event(EventRef::Data(data));
            if let Some(copy) = &mut self.cache_copy {
                if copy.len() + data.len() <= self.cache_copy_limit {
                    copy.extend_from_slice(data);
                } else {
                    self.cache_copy = None;
                }
            }
        } else {
            if self.received + len > self.limit {
                self.fail(Error::new(
                    error::MAX_LIMIT,
                    format!("response exceeds maxLimit of {} bytes", self.limit),
                ));
                return false;
            }
            self.body.extend_from_slice(data);
        }
        self.received += len;
        if self
            .delivery
            .wants(crate::http::request::http_event_type::HTTP_EVENT_DATA_RECEIVE_PROGRESS)
        {
            self.delivery.event(EventRef::ReceiveProgress(
                self.received,
                self.content_length.unwrap_or(0),
            ));
        }
        !self.delivery.shared.is_cancelled()
    }

    fn on_read(&mut self, buf: &mut [u8]) -> Result<usize, ReadError> {
        if self.delivery.shared.is_cancelled() {
            return Err(ReadError::Abort);
        }
        let rest = &self.upload[self.upload_pos.min(self.upload.len())..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.upload_pos += n;
        if n > 0
            && self
                .delivery
                .wants(crate::http::request::http_event_type::HTTP_EVENT_DATA_SEND_PROGRESS)
        {
            self.delivery.event(EventRef::SendProgress(
                self.upload_pos as u64,
                self.upload.len() as u64,
            ));
        }
        Ok(n)
    }
}

impl curl::easy::Handler for Handler {
    fn write(&mut self, data: &[u8]) -> Result<usize, WriteError> {
        let Some(t) = self.t.as_deref_mut() else {
            return Ok(0);
        };
        match catch_unwind(AssertUnwindSafe(|| t.on_write(data))) {
            Ok(r) => r,
            Err(_) => {
                t.fail(Error::new(
                    error::UNKNOWN,
                    "internal panic in the body handler",
                ));
                Ok(0)
            }
        }
    }

    fn header(&mut self, data: &[u8]) -> bool {
        let Some(t) = self.t.as_deref_mut() else {
            return false;
        };
        match catch_unwind(AssertUnwindSafe(|| t.on_header(data))) {
            Ok(r) => r,
            Err(_) => {
                t.fail(Error::new(
                    error::UNKNOWN,
                    "internal panic in the header handler",
                ));
                false
            }
        }
    }

    fn read(&mut self, data: &mut [u8]) -> Result<usize, ReadError> {
        let Some(t) = self.t.as_deref_mut() else {
            return Err(ReadError::Abort);
        };
        match catch_unwind(AssertUnwindSafe(|| t.on_read(data))) {
            Ok(r) => r,
            Err(_) => {
                t.fail(Error::new(
                    error::UNKNOWN,
                    "internal panic in the body reader",
                ));
                Err(ReadError::Abort)
            }
        }
    }

    fn seek(&mut self, whence: SeekFrom) -> SeekResult {
        let Some(t) = self.t.as_deref_mut() else {
            return SeekResult::Fail;
        };
        match whence {
            SeekFrom::Start(n) if n as usize <= t.upload.len() => {
                t.upload_pos = n as usize;
                SeekResult::Ok
            }
            _ => SeekResult::CantSeek,
        }
    }
}

impl Handler {
    pub fn shared(&self) -> Option<&Arc<RequestShared>> {
        self.t.as_ref().map(|t| &t.delivery.shared)
    }

    /// Drops the transfer without any callback (cancelled requests).
    pub fn clear(&mut self) {
        self.t = None;
    }
}

/// Configures a pooled easy handle for a job: only the URL when the handle is already
/// configured for the same options, else after `curl_easy_reset`. On error the job comes
/// back so its completion can be delivered.
pub fn start(easy: &mut Easy2<Handler>, mut job: Box<Job>) -> Result<(), (Box<Job>, Error)> {
    let admitted = Instant::now();
    if let Some(e) = job.pre_error.take() {
        return Err((job, e));
    }
    let current_url = if crate::core::policy::active() {
        let checked = CurlUrl::parse(&job.url)
            .and_then(|u| crate::core::curl::url::check_policy(&u).map(|_| u));
        match checked {
            Ok(u) => Some(u),
            Err(e) => return Err((job, e)),
        }
    } else {
        None
    };
    let body_len = job.body.as_ref().map(|b| b.len() as u64);
    // Alt-Svc: an https origin the cache knows an alternative for is reached there (the
    // first hop; a failed connection there goes back to the origin, see `finish`).
    let persist = crate::http::state::open_stores();
    let alt_svc = if persist & crate::http::state::ALTSVC != 0 && job.connect_to.is_none() {
        crate::http::state::alt_svc_connect_to(&job.url)
    } else {
        None
    };
    if alt_svc.is_some() {
        job.connect_to = alt_svc.clone();
    }
    let mut applied = easy.get_mut().applied.take();
    match applied.as_mut() {
        // A pooled handle already configured for the same options: only the URL changes.
        Some(a) if job.connect_to.is_none() && a.serves(&job.url, &job.opts, body_len) => {
            crate::core::debug::event(|| {
                format!(
                    "request {:p}: {} {} (pooled handle, same options)",
                    Arc::as_ptr(&job.shared),
                    job.opts.method.as_str(),
                    job.url
                )
            });
            if let Err(e) = a.set_url(easy, &job.url) {
                easy.reset(); // `applied` is dropped: the handle counts as fresh
                return Err((job, e));
            }
        }
        _ => {
            let reused = applied.take().is_some();
            if crate::http::state::needs_fresh_handle(easy.get_ref().cookie_engine) {
                // The cookie jar closed since this handle had libcurl's cookie engine on.
                *easy = Easy2::new(Handler::default());
            } else if reused {
                // Configured for other options: back to a fresh handle's state first.
                easy.reset();
            }
            crate::core::debug::event(|| {
                format!(
                    "request {:p}: {} {} ({} handle, configured)",
                    Arc::as_ptr(&job.shared),
                    job.opts.method.as_str(),
                    job.url,
                    if reused { "pooled" } else { "new" }
                )
            });
            if let Err(e) = setup::apply(easy, &job.url, &job.opts, body_len)
                .and_then(|_| {
                    crate::http::setup_net::set_connect_to(easy, job.connect_to.as_deref())
                })
                .and_then(|_| install_callbacks(easy))
                .and_then(|_| {
                    let h = easy.get_mut();
                    let (mut feed, mut attached, mut cookies) = (
                        std::mem::take(&mut h.hsts_feed),
                        h.state_attached,
                        h.cookie_engine,
                    );
                    let doh = job.opts.net.doh_url.is_some();
                    let r = crate::http::state::apply(
                        easy,
                        &mut feed,
                        &mut attached,
                        &mut cookies,
                        doh,
                    );
                    let h = easy.get_mut();
                    h.hsts_feed = feed;
                    h.state_attached = attached;
                    h.cookie_engine = cookies;
                    r
                })
            {
                // Half configured: back to a fresh handle's state (`applied` stays None).
                easy.reset();
                return Err((job, e));
            }
        }
    }
    let Job {
        shared,
        url,
        opts,
        body,
        stream,
        completion,
        start,
        cache,
        retries,
        connect_to,
        sse,
        ..
    } = *job;
    // Only SSE requests have any of this (one check for the others).
    let sse = match opts.ext.sse {
        None => None,
        Some(o) => sse.or_else(|| Some(SseState::new(o))),
    };
    let keep = opts.ext.retry.max_retries > retries
        || sse.as_ref().is_some_and(|s| s.may_reconnect())
        || alt_svc.is_some();
    let retry = keep.then(|| {
        Box::new(Retry {
            url: url.clone(),
            opts: opts.clone(),
            body: body.clone(),
            // The origin's: an Alt-Svc choice is made again for the next connection.
            connect_to: if alt_svc.is_some() { None } else { connect_to },
        })
    });
    let verified = !opts.net.skip_validation;
    let cache_copy_limit = match &cache {
        Some(c) if stream => c.copy_limit(),
        _ => 0,
    };
    let limit = if stream { u64::MAX } else { opts.max_limit };
    let follow = opts.max_redirects > 0;
    let expect = opts.expect_data_type;
    let mut applied = match applied {
        Some(mut a) => {
            a.set_options(opts);
            a
        }
        None => setup::Applied::new(opts, url.clone(), body_len),
    };
    if alt_svc.is_some() {
        applied.forbid_reuse();
    }
    let raw = easy.raw() as usize;
    shared.paused.store(false, Ordering::SeqCst);
    let h = easy.get_mut();
    h.applied = Some(applied);
    let transfer = Transfer {
        delivery: Delivery::new(shared),
        url,
        completion: Some(completion),
        stream,
        limit,
        follow,
        expect,
        body: Vec::new(),
        received: 0,
        content_length: None,
        head: HeaderBlock::default(),
        headers_fired: false,
        head_complete: false,
        header_json: None,
        set_cookies: Vec::new(),
        upload: body.unwrap_or_default(),
        upload_pos: 0,
        error: None,
        start,
        admitted,
        header_done: None,
        current_url,
        decode_here: crate::http::decode::in_library(),
        decoder: None,
        redirected: false,
        cache,
        cache_copy: (cache_copy_limit > 0).then(Vec::new),
        cache_copy_limit,
        code_override: None,
        cache_status: http_cache_status::HTTP_CACHE_NONE,
        header_budget: HeaderBudget::default(),
        retries,
        retry,
        retry_delay: None,
        sse,
        persist,
        raw,
        verified,
        alt_svc,
    };
    h.t = Some(match h.spare.take() {
        Some(b) => Box::write(b, transfer),
        None => Box::new(transfer),
    });
    Ok(())
}

impl Drop for Transfer {
    /// A transfer dropped before it finished, without its request being cancelled (libcurl's
    /// multi handle refused it: `curl_multi_add_handle` fails only without memory or for a
    /// handle added twice), still completes its request: with an error, never silently.
    fn drop(&mut self) {
        if let Some(c) = self.completion.take() {
            if !self.delivery.shared.is_cancelled() {
                self.delivery.complete(
                    c,
                    Err(Error::new(
                        error::UNKNOWN,
                        "the transfer ended before it started: libcurl's multi handle did not take it",
                    )),
                );
            }
        }
    }
}

/// Drops a finished transfer but keeps its allocation for the handle's next one.
fn into_spare(t: Box<Transfer>) -> Box<MaybeUninit<Transfer>> {
    let raw = Box::into_raw(t);
    // SAFETY: `raw` is a live Transfer owned here; once dropped in place its memory is
    // uninitialised, which `MaybeUninit<Transfer>` (same layout) allows, and the box
    // frees it with the same layout.
    unsafe {
        std::ptr::drop_in_place(raw);
        Box::from_raw(raw.cast::<MaybeUninit<Transfer>>())
    }
}

/// Delivers a job's failure before it ever reached libcurl.
pub fn fail_job(job: Box<Job>, e: Error) {
    let Job {
        shared, completion, ..
    } = *job;
    Delivery::new(shared).complete(completion, Err(e));
}

/// The backoff before retry `done + 1`: base × 2^done, capped at maxDelay, with "equal
/// jitter" (half of it fixed, half random) so that clients failing together do not come
/// back together.
fn backoff(p: &crate::http::options::RetryPolicy, done: u32) -> Duration {
    let exp = u64::from(p.base_delay_ms).saturating_mul(1u64 << done.min(30));
    let cap = exp.min(u64::from(p.max_delay_ms));
    let mut r = [0u8; 8];
    let _ = getrandom::getrandom(&mut r);
    let half = cap / 2;
    let jitter = if cap - half > 0 {
        u64::from_le_bytes(r) % (cap - half + 1)
    } else {
        0
    };
    Duration::from_millis(half + jitter)
}

/// Retry-After (RFC 9110 10.2.3): delay-seconds, or an HTTP-date (0 when in the past).
fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}
