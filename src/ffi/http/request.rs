//! `http_handle`: create, events, delivery queue, the three request forms, destroy.

use crate::core::delivery::Queue;
use crate::core::engine::Engine;
use crate::core::error::{Error, UNKNOWN};
use crate::core::handle::STATE_IDLE;
use crate::ffi::http::options::RequestOptionsHandle;
use crate::ffi::{arc_ref, arg_ref, arg_str, boundary, code};
use crate::http::options::RequestOptions;
use crate::http::request::{
    http_event, http_event_type, Completion, OneShot, RequestShared, SyncWaiter, UserData,
};
use crate::http::response::Response;
use crate::http::setup;
use crate::http::transfer::Job;
use crate::http::worker::{self, Cancel};
use std::ffi::c_void;
use std::os::raw::c_char;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Instant;

/// An event listener: `userdata` as registered, the request it belongs to, and the event
/// (valid only during the call).
pub type http_event_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        request: *mut RequestShared,
        event: *const http_event,
    ),
>;

/// The completion callback. On success `error_code` is 0, `error_message` is "" and
/// `response` is non-NULL: the callee owns it and frees it with `http_response_free`
/// (from any thread, at any time). On failure `error_code` is the error (401,
/// 2300000 + CURLcode, 2300063, 2300997, 2300998, 2300999), `error_message` the detail
/// (valid during the call only) and `response` is NULL.
pub type http_complete_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        request: *mut RequestShared,
        error_code: i32,
        error_message: *const c_char,
        response: *mut Response,
    ),
>;

/// Creates a request handle: one task, used for one request (the spec's `createHttp()`).
/// Release it with `http_destroy`. Returns NULL only if memory is exhausted.
#[no_mangle]
pub extern "C" fn http_create() -> *mut RequestShared {
    boundary!(std::ptr::null_mut(), {
        Arc::into_raw(Arc::new(RequestShared::default())) as *mut RequestShared
    })
}

/// Destroys a request handle (the spec's `destroy()`), cancelling its transfer at once if
/// one is in flight. May be called from any thread, including from inside any callback
/// of this or another request. NULL is a no-op.
///
/// Contract: once `http_destroy` returns, no callback of this request (event or
/// completion) will start, so the application may free its userdata. If a callback of
/// this request is running on another thread at that moment, `http_destroy` waits for it
/// to return (so do not call it while holding a lock that callback needs). Called from
/// inside a callback of this request, it returns at once and nothing follows the
/// current callback. A request destroyed before it completed gets no completion
/// callback: `http_destroy` is then its terminal event. The handle's memory is freed once
/// the worker has let go of it; the pointer must not be used after the call.
#[no_mangle]
pub extern "C" fn http_destroy(request: *mut RequestShared) {
    boundary!((), {
        if request.is_null() {
            return;
        }
        // SAFETY: the pointer came from http_create (Arc::into_raw); destroy consumes it.
        let shared = unsafe { Arc::from_raw(request as *const RequestShared) };
        shared.cancel_and_quiesce();
        // A blocking request on its caller's thread sees the cancellation once woken.
        if shared.life.is_started() && !shared.wake_local() {
            Engine::get().send(Box::new(Cancel(shared)));
        }
    })
}

/// Pauses receiving the response body of a request: from the next chunk on, no body data is
/// read from the connection (libcurl stops reading the socket, so the server is slowed by
/// TCP or HTTP/2 flow control) and no DATA_RECEIVE event or body byte arrives until
/// `http_resume`. For a consumer on the worker that cannot keep up: pause in the
/// DATA_RECEIVE callback, resume from the thread that catches up, without blocking the
/// worker (other requests go on). Works for `http_request` and `http_request_in_stream`,
/// with callbacks on the worker or queued, from any thread, including inside any callback.
/// A chunk already being delivered when the call is made is delivered whole; headers are
/// not paused. With queued delivery, what is already in the queue for this request (body
/// chunks, progress, DATA_END, the completion) waits too, and follows in order after
/// `http_resume`. Before the request starts, it starts paused. The request's timeouts keep
/// running while it is paused (readTimeout ends a transfer paused for too long with
/// 2300028); a response served from the cache is delivered without pausing. Returns 0;
/// 401 for NULL. Pausing a paused request, or one that ended, does nothing.
#[no_mangle]
pub extern "C" fn http_pause(request: *mut RequestShared) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let shared = arg_ref(request, "request")?;
            shared.app_paused.store(true, Ordering::SeqCst);
            Ok(())
        })())
    })
}

/// Resumes receiving after `http_pause`: the body continues where it stopped, nothing lost
/// or repeated. From any thread, including inside any callback; the next chunk never
/// arrives inside this call (the worker resumes the transfer on its next turn). A request
/// the queue's backpressure holds stays held until its queue is drained. Returns 0; 401 for NULL. Resuming a request that is not paused does nothing.
#[no_mangle]
pub extern "C" fn http_resume(request: *mut RequestShared) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let shared = arg_ref(request, "request")?;
            shared.app_paused.store(false, Ordering::SeqCst);
            // SAFETY: checked non-NULL above; a live handle from http_create.
            let arc = unsafe { arc_ref(request as *const RequestShared) };
            arc.release_held();
            if shared.paused.swap(false, Ordering::SeqCst) && shared.life.is_started() {
                worker::unpause(arc);
            }
            Ok(())
        })())
    })
}

fn listen(
    request: *mut RequestShared,
    kind: i32,
    cb: http_event_cb,
    userdata: *mut c_void,
    once: bool,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let shared = arg_ref(request, "request")?;
            let kind = http_event_type::from_i32(kind)
                .ok_or_else(|| Error::param(format!("type: invalid event type {kind}")))?;
            let cb = cb.ok_or_else(|| Error::param("cb: NULL"))?;
            shared.add_listener(kind, cb, UserData(userdata), once);
            Ok(())
        })())
    })
}

/// Registers a listener for one event type (`http_event_type`); several listeners per
/// type are called in registration order, each with its own `userdata`. Listeners may be
/// added or removed at any time from any thread. They run where the request's callbacks
/// run (the worker thread, or `http_queue_dispatch`) and must not block.
///
/// Which events fire: HEADERS_RECEIVE once with the final response's header object
/// (after redirects); DATA_RECEIVE for each body chunk and DATA_END after the last one,
/// only for `http_request_in_stream`; DATA_RECEIVE_PROGRESS after each body chunk
/// (receiveSize = decoded bytes so far, totalSize = Content-Length, 0 when unknown or
/// content-encoded); DATA_SEND_PROGRESS as the request body is sent; SSE_MESSAGE for each
/// server-sent event and SSE_RECONNECT before each reconnection, only in SSE mode
/// (`http_options_set_sse`, which replaces DATA_RECEIVE and DATA_END). All of them come
/// before the completion callback, and none after it.
#[no_mangle]
pub extern "C" fn http_on(
    request: *mut RequestShared,
    r#type: i32,
    cb: http_event_cb,
    userdata: *mut c_void,
) -> i32 {
    listen(request, r#type, cb, userdata, false)
}

/// Like `http_on`, but the listener is removed after its first call.
#[no_mangle]
pub extern "C" fn http_once(
    request: *mut RequestShared,
    r#type: i32,
    cb: http_event_cb,
    userdata: *mut c_void,
) -> i32 {
    listen(request, r#type, cb, userdata, true)
}

/// Removes the listeners of `type` registered with this `cb` and `userdata`; with `cb`
/// NULL removes every listener of `type`. Removing nothing is not an error.
#[no_mangle]
pub extern "C" fn http_off(
    request: *mut RequestShared,
    r#type: i32,
    cb: http_event_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let shared = arg_ref(request, "request")?;
            let kind = http_event_type::from_i32(r#type)
                .ok_or_else(|| Error::param(format!("type: invalid event type {}", r#type)))?;
            shared.remove_listeners(kind, cb, UserData(userdata));
            Ok(())
        })())
    })
}

/// Creates a delivery queue. Requests attached to it with `http_set_queue` deliver their
/// events and completion through it instead of calling back on the worker thread: the
/// application waits until `http_queue_fd` is readable (poll/epoll/select, or its UI or
/// game loop) and calls `http_queue_dispatch` on the thread where it wants the callbacks.
/// A transfer whose undelivered body data in the queue passes 4 MiB is paused until the
/// application drains it. Body chunks of one request that wait in the queue one after
/// another are delivered as one DATA_RECEIVE event (up to 256 KiB); the fd is signalled
/// once per burst of events, not per event. Free with `http_queue_free`. Returns NULL on failure.
#[no_mangle]
pub extern "C" fn http_queue_new() -> *mut Queue {
    boundary!(std::ptr::null_mut(), {
        match Queue::new() {
            Ok(q) => Arc::into_raw(Arc::new(q)) as *mut Queue,
            Err(e) => {
                crate::core::error::set_last_detail(&format!(
                    "cannot create the queue's descriptor: {e}"
                ));
                std::ptr::null_mut()
            }
        }
    })
}

/// Frees a queue. Callbacks still pending in it are dropped without being called (and
/// their responses freed). Requests attached to it should be destroyed first. NULL is a
/// no-op.
#[no_mangle]
pub extern "C" fn http_queue_free(queue: *mut Queue) {
    boundary!((), {
        if !queue.is_null() {
            // SAFETY: from http_queue_new (Arc::into_raw).
            let q = unsafe { Arc::from_raw(queue as *const Queue) };
            q.close();
            drop(q);
        }
    })
}

/// The queue's file descriptor: readable while callbacks are pending. Owned by the
/// queue: do not read from or close it. -1 if `queue` is NULL.
#[no_mangle]
pub extern "C" fn http_queue_fd(queue: *const Queue) -> i32 {
    boundary!(-1, {
        match arg_ref(queue, "queue") {
            Ok(q) => q.fd(),
            Err(_) => -1,
        }
    })
}

/// Runs, on the calling thread, every callback pending in the queue when called (events
/// and completions, in order). Returns how many events and completions were delivered
/// (an event counts once however many listeners it has). Call it from one thread at a
/// time per queue.
#[no_mangle]
pub extern "C" fn http_queue_dispatch(queue: *mut Queue) -> usize {
    boundary!(0, {
        match arg_ref(queue as *const Queue, "queue") {
            Ok(q) => q.dispatch(),
            Err(_) => 0,
        }
    })
}

/// Attaches the request to a queue (or back to worker-thread delivery with NULL). Only
/// before the request starts (else 401). The queue must outlive the request's callbacks.
#[no_mangle]
pub extern "C" fn http_set_queue(request: *mut RequestShared, queue: *mut Queue) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let shared = arg_ref(request, "request")?;
            if shared.life.state.load(Ordering::Acquire) != STATE_IDLE {
                return Err(Error::param(
                    "request: already started; set the queue before the request",
                ));
            }
            let q = if queue.is_null() {
                None
            } else {
                // SAFETY: a live queue from http_queue_new.
                Some(unsafe { arc_ref(queue as *const Queue) })
            };
            shared.set_queue(q);
            Ok(())
        })())
    })
}

/// The options of a request started without any (shared by all of them).
fn default_options() -> Arc<RequestOptions> {
    static DEFAULT: once_cell::sync::Lazy<Arc<RequestOptions>> =
        once_cell::sync::Lazy::new(|| Arc::new(RequestOptions::default()));
    DEFAULT.clone()
}

fn submit(
    request: *mut RequestShared,
    url: *const c_char,
    options: *const RequestOptionsHandle,
    stream: bool,
    completion: Completion,
    blocking: bool,
) -> Result<(), Error> {
    let start = Instant::now();
    let shared = arg_ref(request, "request")?;
    let url = arg_str(url, "url")?;
    // Shared, not copied: a setter called later copies the options first (`with_opts`).
    let mut opts = if options.is_null() {
        default_options()
    } else {
        arg_ref(options, "options")?.0.clone()
    };
    let prepared = setup::prepare(url, &opts)?;
    if !shared.life.start() {
        return Err(Error::param(
            "request: this handle was already used; create one handle per request",
        ));
    }
    // SAFETY: checked non-NULL above; a live handle from http_create. The job takes it.
    let shared = unsafe { arc_ref(request as *const RequestShared) };
    let mut cache = crate::http::cache::prepare(&prepared.url, &mut opts);
    if let Some((bg_opts, hook)) = cache.background.take() {
        background_revalidation(&prepared.url, bg_opts, hook);
    }
    let job = Box::new(Job {
        shared,
        url: prepared.url,
        opts,
        body: prepared.body,
        stream,
        completion,
        start,
        cached: cache.served,
        cache: cache.hook,
        connect_to: None,
        pre_error: cache.error,
        retries: 0,
        sse: None,
    });
    let job = if blocking {
        match crate::http::blocking::run(job) {
            Ok(()) => return Ok(()),
            Err(job) => job,
        }
    } else {
        job
    };
    if job.cached.is_some() || job.pre_error.is_some() || job.opts.net.dns_servers.is_empty() {
        worker::submit(job);
    } else {
        // Resolved through the request's DNS servers first, off the worker thread.
        crate::http::resolver::submit(job);
    }
    Ok(())
}

/// stale-while-revalidate: the conditional request that refreshes a stale entry, made in
/// the background on a handle of its own; its result reaches only the cache.
fn background_revalidation(
    url: &str,
    opts: Arc<crate::http::options::RequestOptions>,
    hook: Box<dyn crate::http::transfer::CacheHook>,
) {
    let shared = Arc::new(RequestShared::default());
    if !shared.life.start() {
        return;
    }
    let job = Box::new(Job {
        shared,
        url: url.to_string(),
        opts,
        body: None,
        stream: false,
        completion: Completion::Sync(SyncWaiter(Arc::new(OneShot::default()))),
        start: Instant::now(),
        cached: None,
        cache: Some(hook),
        connect_to: None,
        pre_error: None,
        retries: 0,
        sse: None,
    });
    if job.opts.net.dns_servers.is_empty() {
        worker::submit(job);
    } else {
        crate::http::resolver::submit(job);
    }
}

fn c_completion(cb: http_complete_cb, userdata: *mut c_void) -> Result<Completion, Error> {
    let cb = cb.ok_or_else(|| Error::param("on_complete: NULL"))?;
    Ok(Completion::C {
        cb,
        userdata: UserData(userdata),
    })
}

/// Starts the request (the spec's `request()`) and returns at once. `options` may be
/// NULL (all defaults); it is copied, so it may be freed or changed after the call.
/// Returns 0 when started: exactly one `on_complete` call follows (with the response or
/// an error), unless `http_destroy` comes first. Returns non-zero (401, or 2300001 for a
/// scheme other than http/https, with `http_last_error_detail()`) when nothing was
/// started; then no callback is made and the handle stays unused (it may be used again).
/// A NULL `on_complete` is 401.
///
/// URLs: `http://` and `https://` only, for the URL given and for every redirect. Any
/// other scheme (`file://`, `ws://`, `mqtt://`, `ftp://`, ...) fails here with 2300001
/// before any I/O, and a redirect to one fails the request with 2300001. A URL without a
/// scheme (`host:port/path`) is `http://` (libcurl's other guesses, such as `ftp://` for
/// a host named `ftp.*`, are not made).
///
/// Response header limits, per header block (each 1xx interim response, each redirect
/// followed, the final response and its trailers count on their own; the status line
/// counts, the empty line that ends the block does not): a line of at most 65536 bytes
/// (64 KiB, without its CRLF), at most 1000 lines, at most 262144 bytes (256 KiB) in all.
/// Beyond them libcurl's own limit applies: 300 KiB for all the blocks of one request
/// (1xx included). Any of them fails the request with 2300100 (NETHTTP_ERR_HEADERS_TOO_LARGE),
/// the detail naming the limit that was met.
///
/// Proxies: when a proxy refuses a CONNECT tunnel (https:// through an HTTP proxy; a 407
/// for missing credentials, a 403, a 502/503 when it cannot reach the server) or answers it
/// with something that is not HTTP or with nothing, the request fails with 2300097
/// (NETHTTP_ERR_PROXY) and a detail naming the proxy and what it answered. A proxy that cannot
/// be reached at all is 2300005 (name) or 2300007 (connection), as for a server. A plain
/// http:// request is sent to the proxy as it is, so a 407 from the proxy is its response.
/// Transfer failures, policy refusals (2300997, 2300998) and timeouts come through
/// `on_complete`. The body is kept in memory up to `maxLimit`.
#[no_mangle]
pub extern "C" fn http_request(
    request: *mut RequestShared,
    url: *const c_char,
    options: *const RequestOptionsHandle,
    on_complete: http_complete_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code(
            c_completion(on_complete, userdata)
                .and_then(|c| submit(request, url, options, false, c, false)),
        )
    })
}

/// Starts a streaming request (the spec's `requestInStream()`): the body is delivered
/// only through DATA_RECEIVE events, then DATA_END, then `on_complete` with a response
/// whose result is empty (code, headers, cookies and timing are set). No `maxLimit`
/// applies. Same return and callback rules as `http_request`.
#[no_mangle]
pub extern "C" fn http_request_in_stream(
    request: *mut RequestShared,
    url: *const c_char,
    options: *const RequestOptionsHandle,
    on_complete: http_complete_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code(
            c_completion(on_complete, userdata)
                .and_then(|c| submit(request, url, options, true, c, false)),
        )
    })
}

/// Performs the request and blocks until it completes (the spec's promise form). On
/// success returns 0 and writes the response to `*out` (free with
/// `http_response_free`); on failure returns the error code (detail in
/// `http_last_error_detail()`) and leaves `*out` unchanged.
///
/// The transfer runs on the calling thread, as `curl_easy_perform` does: no hand-off to
/// nethttp's worker thread (a process that makes only blocking requests never starts it).
/// Each thread that makes blocking requests keeps its own connections (reused by its next
/// blocking requests to the same server: libcurl cannot share one connection pool between
/// threads running at once) and up to 4 idle handles, released when the thread exits; the
/// DNS cache, TLS sessions and the cookie jar are shared with the worker and every other
/// thread. Everything else is as for `http_request`: every option, the response cache (a
/// fresh stored response is served without I/O), redirects, policy checks, retries and
/// server-sent events. Events run on the calling thread, before this returns, or, if the
/// handle has a queue, go through that queue, which then must be dispatched by another
/// thread while this one blocks (the completion itself never goes through the queue).
/// `http_engine_set_max_concurrent` and `priority` apply to asynchronous requests only: a
/// blocking request is not queued behind them. `http_destroy` from another thread aborts
/// the transfer at once (the thread is woken) and this returns 2300042; `http_pause` /
/// `http_resume` work from any thread. Two cases go to the worker instead and block on its
/// completion: a request with `dnsServers` (resolved on nethttp's resolver thread first)
/// and a blocking request made inside a callback of another blocking request on the same
/// thread. Calling it from inside a callback running on the worker thread would deadlock,
/// so that fails with 401.
#[no_mangle]
pub extern "C" fn http_request_sync(
    request: *mut RequestShared,
    url: *const c_char,
    options: *const RequestOptionsHandle,
    out: *mut *mut Response,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            if crate::core::engine::on_worker_thread() {
                return Err(Error::param(
                    "http_request_sync cannot be called from a callback on the nethttp worker thread",
                ));
            }
            let shot = Arc::new(OneShot::default());
            submit(
                request,
                url,
                options,
                false,
                Completion::Sync(SyncWaiter(shot.clone())),
                true,
            )?;
            let mut resp = shot.wait()?;
            resp.mark_delivered();
            // SAFETY: out checked non-NULL.
            unsafe { *out = Box::into_raw(resp) };
            Ok(())
        })())
    })
}
