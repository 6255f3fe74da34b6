//! The state one request handle shares between the application's threads and the
//! worker: listeners, the cancel flag, the callback lock, and how callbacks are
//! delivered (inline on the worker, or through an application-drained [`Queue`]).
#![allow(non_camel_case_types)]

use crate::core::delivery::{Payload, Queue, Target};
use crate::core::error::Error;
pub use crate::core::handle::UserData;
use crate::core::handle::{Lifecycle, Listeners};
use crate::http::response::Response;
use parking_lot::Mutex;
use std::ffi::c_void;
use std::os::raw::c_char;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// Event types for `http_on` / `http_once` / `http_off`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum http_event_type {
    HTTP_EVENT_HEADERS_RECEIVE = 0,
    HTTP_EVENT_DATA_RECEIVE = 1,
    HTTP_EVENT_DATA_END = 2,
    HTTP_EVENT_DATA_RECEIVE_PROGRESS = 3,
    HTTP_EVENT_DATA_SEND_PROGRESS = 4,
    /// Server-sent events mode (`http_options_set_sse`): one event of the stream.
    HTTP_EVENT_SSE_MESSAGE = 5,
    /// Server-sent events mode: the stream ended or broke and a reconnection is scheduled.
    HTTP_EVENT_SSE_RECONNECT = 6,
}

impl http_event_type {
    pub fn from_i32(v: i32) -> Option<Self> {
        use http_event_type::*;
        Some(match v {
            0 => HTTP_EVENT_HEADERS_RECEIVE,
            1 => HTTP_EVENT_DATA_RECEIVE,
            2 => HTTP_EVENT_DATA_END,
            3 => HTTP_EVENT_DATA_RECEIVE_PROGRESS,
            4 => HTTP_EVENT_DATA_SEND_PROGRESS,
            5 => HTTP_EVENT_SSE_MESSAGE,
            6 => HTTP_EVENT_SSE_RECONNECT,
            _ => return None,
        })
    }
}

/// The queue kind of a completion waiting in a queue (after the event kinds).
const KIND_COMPLETE: u8 = 31;
/// The queue kind that releases the items held while paused (`http_resume`).
const KIND_RELEASE: u8 = 30;

/// One event as the C callback sees it. Fields that do not apply to `type` are 0/NULL.
/// Every pointer is valid only during the callback.
#[repr(C)]
pub struct http_event {
    /// Which event this is.
    pub r#type: http_event_type,
    /// HEADERS_RECEIVE: the response header object as JSON text (also NUL-terminated).
    pub headers_json: *const c_char,
    /// Length of `headers_json` in bytes, without the NUL.
    pub headers_json_len: usize,
    /// DATA_RECEIVE: a chunk of the body (binary-safe). SSE_MESSAGE: the event's data
    /// (UTF-8, its `data` lines joined with LF; also NUL-terminated, but it may contain
    /// NUL itself: use `data_len`).
    pub data: *const u8,
    /// Length of `data`.
    pub data_len: usize,
    /// DATA_RECEIVE_PROGRESS: receiveSize; DATA_SEND_PROGRESS: sendSize (bytes).
    /// SSE_RECONNECT: the reconnection's number (1 for the first).
    pub current: u64,
    /// totalSize in bytes; 0 when unknown. SSE_RECONNECT: the wait before it (ms).
    pub total: u64,
    /// SSE_MESSAGE: the event's type (its `event` field, "message" when it has none),
    /// UTF-8, NUL-terminated.
    pub sse_type: *const c_char,
    /// Length of `sse_type` in bytes, without the NUL.
    pub sse_type_len: usize,
    /// SSE_MESSAGE: the last event ID (the latest `id` field of the stream, kept across
    /// reconnections; "" when none), UTF-8, NUL-terminated.
    pub sse_last_event_id: *const c_char,
    /// Length of `sse_last_event_id` in bytes, without the NUL.
    pub sse_last_event_id_len: usize,
}

/// `void (*)(void *userdata, http_request *request, const http_event *event)`.
pub type EventFn = unsafe extern "C" fn(*mut c_void, *mut RequestShared, *const http_event);

/// `void (*)(void *userdata, http_request *request, int32_t error_code,
/// const char *error_message, http_response *response)`.
pub type CompleteFn =
    unsafe extern "C" fn(*mut c_void, *mut RequestShared, i32, *const c_char, *mut Response);

/// Borrowed event data, as produced on the worker.
#[derive(Clone, Copy)]
pub enum EventRef<'a> {
    Headers(&'a Arc<str>),
    Data(&'a [u8]),
    DataEnd,
    ReceiveProgress(u64, u64),
    SendProgress(u64, u64),
    Sse(crate::http::sse::Event<'a>),
    /// The reconnection's number and the wait before it (ms).
    SseReconnect(u64, u64),
}

/// A server-sent event as queued: type, data and last event ID, each NUL-terminated.
struct SseQueued {
    kind_z: Box<[u8]>,
    data_z: Box<[u8]>,
    id_z: Box<[u8]>,
}

impl EventRef<'_> {
    fn kind(&self) -> http_event_type {
        use http_event_type::*;
        match self {
            EventRef::Headers(_) => HTTP_EVENT_HEADERS_RECEIVE,
            EventRef::Data(_) => HTTP_EVENT_DATA_RECEIVE,
            EventRef::DataEnd => HTTP_EVENT_DATA_END,
            EventRef::ReceiveProgress(..) => HTTP_EVENT_DATA_RECEIVE_PROGRESS,
            EventRef::SendProgress(..) => HTTP_EVENT_DATA_SEND_PROGRESS,
            EventRef::Sse(_) => HTTP_EVENT_SSE_MESSAGE,
            EventRef::SseReconnect(..) => HTTP_EVENT_SSE_RECONNECT,
        }
    }

    /// The event as a queue item (body chunks go through `Queue::push_bytes`).
    fn to_payload(self) -> Payload {
        let k = self.kind() as u8;
        match self {
            EventRef::Headers(h) => Payload::Text(k, h.clone()),
            EventRef::Data(d) => Payload::Bytes(k, d.to_vec()),
            EventRef::DataEnd => Payload::Signal(k),
            EventRef::ReceiveProgress(a, b)
            | EventRef::SendProgress(a, b)
            | EventRef::SseReconnect(a, b) => Payload::Numbers(k, a, b),
            EventRef::Sse(e) => Payload::Custom(Box::new(SseQueued {
                kind_z: e.kind_z.into(),
                data_z: e.data_z.into(),
                id_z: e.id_z.into(),
            })),
        }
    }

    fn as_c(&self) -> http_event {
        let mut ev = http_event {
            r#type: self.kind(),
            headers_json: std::ptr::null(),
            headers_json_len: 0,
            data: std::ptr::null(),
            data_len: 0,
            current: 0,
            total: 0,
            sse_type: std::ptr::null(),
            sse_type_len: 0,
            sse_last_event_id: std::ptr::null(),
            sse_last_event_id_len: 0,
        };
        match *self {
            EventRef::Headers(h) => {
                // The Arc<str> is built with a trailing NUL that is not part of the text.
                ev.headers_json = h.as_ptr() as *const c_char;
                ev.headers_json_len = h.len() - 1;
            }
            EventRef::Data(d) => {
                ev.data = d.as_ptr();
                ev.data_len = d.len();
            }
            EventRef::DataEnd => {}
            EventRef::ReceiveProgress(c, t)
            | EventRef::SendProgress(c, t)
            | EventRef::SseReconnect(c, t) => {
                ev.current = c;
                ev.total = t;
            }
            EventRef::Sse(e) => {
                // Each slice ends with a NUL that is not part of the text.
                ev.data = e.data_z.as_ptr();
                ev.data_len = e.data_z.len() - 1;
                ev.sse_type = e.kind_z.as_ptr() as *const c_char;
                ev.sse_type_len = e.kind_z.len() - 1;
                ev.sse_last_event_id = e.id_z.as_ptr() as *const c_char;
                ev.sse_last_event_id_len = e.id_z.len() - 1;
            }
        }
        ev
    }
}

/// How a paused transfer is resumed on the worker: set by the worker's HTTP module when it
/// starts (before any transfer exists), so this file need not import the layer above it.
pub static RESUME: once_cell::sync::OnceCell<fn(Arc<RequestShared>)> =
    once_cell::sync::OnceCell::new();

/// What a request ends with.
pub type Outcome = Result<Box<Response>, Error>;

/// How a request ends: a C callback, or a waiting thread (the blocking call).
pub enum Completion {
    C { cb: CompleteFn, userdata: UserData },
    Sync(SyncWaiter),
}

/// The blocked caller's side of a completion. Dropped without a result (the request was
/// destroyed while the caller waited), it wakes the caller with 2300042 (aborted).
pub struct SyncWaiter(pub Arc<OneShot>);

impl Drop for SyncWaiter {
    fn drop(&mut self) {
        self.0.put_if_empty(Err(Error::new(
            crate::core::error::CURL_BASE + 42,
            "the request was destroyed before it completed",
        )));
    }
}

/// A one-shot slot a blocked caller waits on (futex-backed via parking_lot).
#[derive(Default)]
pub struct OneShot {
    slot: Mutex<Option<Result<Box<Response>, Error>>>,
    cond: parking_lot::Condvar,
}

impl OneShot {
    pub fn put(&self, r: Result<Box<Response>, Error>) {
        self.put_if_empty(r)
    }

    fn put_if_empty(&self, r: Result<Box<Response>, Error>) {
        let mut g = self.slot.lock();
        if g.is_none() {
            *g = Some(r);
            self.cond.notify_one();
        }
    }

    pub fn wait(&self) -> Result<Box<Response>, Error> {
        let mut g = self.slot.lock();
        loop {
            if let Some(r) = g.take() {
                return r;
            }
            self.cond.wait(&mut g);
        }
    }
}

/// Pending bytes of queued body data above which the transfer is paused.
pub const QUEUE_PAUSE_BYTES: usize = 4 * 1024 * 1024;

/// A request handle (the spec's `HttpRequest`): one task, one request. Created by
/// `http_create`, released by `http_destroy`.
// Internally: an `Arc<RequestShared>` raw pointer, shared with the transfer on the worker.
pub struct RequestShared {
    pub life: Lifecycle,
    listeners: Listeners<EventFn>,
    queue: Mutex<Option<Arc<Queue>>>,
    /// Slab key of the transfer on the worker (usize::MAX when not active).
    pub token: AtomicUsize,
    /// Body bytes queued for delivery and not dispatched yet (queued mode).
    pub queued_bytes: AtomicUsize,
    /// libcurl has the transfer's receiving paused (the write callback said so): for the
    /// queue's backpressure, or because the application paused it.
    pub paused: AtomicBool,
    /// The application asked for receiving to pause (`http_pause`) and has not resumed it.
    pub app_paused: AtomicBool,
    /// The completion waiting in the queue (its item carries no data).
    queued_completion: Mutex<Option<(Completion, Outcome)>>,
    /// Queued items that arrived while the application had the request paused.
    held: Mutex<std::collections::VecDeque<Payload>>,
    /// A blocking request running on its caller's thread (`http::blocking`): that thread's
    /// multi handle (0: none), for `curl_multi_wakeup` from other threads, and whether the
    /// transfer is to be resumed there.
    local: Mutex<usize>,
    local_unpause: AtomicBool,
}

impl Default for RequestShared {
    fn default() -> Self {
        RequestShared {
            life: Lifecycle::default(),
            listeners: Listeners::default(),
            queue: Mutex::new(None),
            token: AtomicUsize::new(usize::MAX),
            queued_bytes: AtomicUsize::new(0),
            paused: AtomicBool::new(false),
            app_paused: AtomicBool::new(false),
            queued_completion: Mutex::new(None),
            held: Mutex::new(std::collections::VecDeque::new()),
            local: Mutex::new(0),
            local_unpause: AtomicBool::new(false),
        }
    }
}

impl RequestShared {
    /// Publishes (or, with 0, withdraws) the multi handle of the thread running this
    /// request as a blocking one.
    pub fn set_local(&self, multi: usize) {
        *self.local.lock() = multi;
    }

    /// Wakes the thread running this request as a blocking one; false when it is not one.
    pub fn wake_local(&self) -> bool {
        let g = self.local.lock();
        if *g == 0 {
            return false;
        }
        // SAFETY: the multi handle stays alive while published: its thread withdraws it
        // under this lock before the blocking call returns. curl_multi_wakeup is
        // thread-safe.
        unsafe { curl_sys::curl_multi_wakeup(*g as *mut curl_sys::CURLM) };
        true
    }

    /// Asks the thread running this blocking request to resume its transfer; false when
    /// the request is not a blocking one running.
    pub fn unpause_local(&self) -> bool {
        self.local_unpause.store(true, Ordering::SeqCst);
        if self.wake_local() {
            true
        } else {
            self.local_unpause.store(false, Ordering::SeqCst);
            false
        }
    }

    /// Whether a resume was asked for (and clears it).
    pub fn take_local_unpause(&self) -> bool {
        self.local_unpause.swap(false, Ordering::SeqCst)
    }

    pub fn is_cancelled(&self) -> bool {
        self.life.is_cancelled()
    }

    /// Marks the request cancelled and waits until no callback of it is running on
    /// another thread. After this returns no callback of this request starts.
    pub fn cancel_and_quiesce(&self) {
        self.life.cancel_and_quiesce()
    }

    pub fn add_listener(&self, kind: http_event_type, cb: EventFn, userdata: UserData, once: bool) {
        self.listeners.add(kind as u8, cb, userdata, once);
    }

    /// Removes listeners of `kind` matching `cb` and `userdata`, or all of `kind` when
    /// `cb` is None. Returns how many were removed.
    pub fn remove_listeners(
        &self,
        kind: http_event_type,
        cb: Option<EventFn>,
        userdata: UserData,
    ) -> usize {
        match cb {
            None => self.listeners.remove(kind as u8, None),
            Some(f) => self.listeners.remove(
                kind as u8,
                Some(&|g: EventFn, u: UserData| std::ptr::fn_addr_eq(f, g) && u == userdata),
            ),
        }
    }

    /// Whether anyone listens for `kind` (cheap).
    pub fn wants(&self, kind: http_event_type) -> bool {
        self.listeners.wants(kind as u8)
    }

    pub fn set_queue(&self, q: Option<Arc<Queue>>) {
        *self.queue.lock() = q;
    }

    pub fn queue(&self) -> Option<Arc<Queue>> {
        self.queue.lock().clone()
    }

    /// Runs the listeners of one event on this thread (callback lock held).
    fn run_listeners(self: &Arc<Self>, ev: EventRef<'_>) {
        let kind = ev.kind();
        if !self.wants(kind) {
            return;
        }
        let _g = self.life.callback_guard();
        if self.is_cancelled() {
            return;
        }
        let cev = ev.as_c();
        let me = Arc::as_ptr(self) as *mut RequestShared;
        self.listeners.each(
            kind as u8,
            || !self.is_cancelled(),
            |cb, userdata| {
                // SAFETY: a C function pointer registered by the application with its userdata.
                unsafe { cb(userdata.0, me, &cev) };
            },
        );
    }

    /// Runs the completion callback on this thread (callback lock held), unless cancelled.
    fn run_completion(
        self: &Arc<Self>,
        completion: Completion,
        result: Result<Box<Response>, Error>,
    ) {
        match completion {
            Completion::Sync(w) => w.0.put(result),
            Completion::C { cb, userdata } => {
                let _g = self.life.callback_guard();
                if self.is_cancelled() {
                    return;
                }
                let me = Arc::as_ptr(self) as *mut RequestShared;
                match result {
                    Ok(mut resp) => {
                        resp.mark_delivered();
                        let empty = c"";
                        // SAFETY: as above; ownership of the response passes to the callee.
                        unsafe { cb(userdata.0, me, 0, empty.as_ptr(), Box::into_raw(resp)) };
                    }
                    Err(e) => {
                        let msg = std::ffi::CString::new(e.message.replace('\0', " "))
                            .unwrap_or_default();
                        // SAFETY: as above.
                        unsafe { cb(userdata.0, me, e.code, msg.as_ptr(), std::ptr::null_mut()) };
                    }
                }
            }
        }
    }
}

/// Where a transfer sends its events: inline (worker thread) or a queue.
pub struct Delivery {
    pub shared: Arc<RequestShared>,
    pub queue: Option<Arc<Queue>>,
    /// `shared` as a queue target (only with a queue).
    target: Option<Arc<dyn Target>>,
}

impl Delivery {
    pub fn new(shared: Arc<RequestShared>) -> Self {
        let queue = shared.queue();
        let target = queue.as_ref().map(|_| shared.clone() as Arc<dyn Target>);
        Delivery {
            shared,
            queue,
            target,
        }
    }

    pub fn wants(&self, kind: http_event_type) -> bool {
        self.shared.wants(kind)
    }

    pub fn event(&self, ev: EventRef<'_>) {
        if !self.shared.wants(ev.kind()) || self.shared.is_cancelled() {
            return;
        }
        match &self.queue {
            None => self.shared.run_listeners(ev),
            Some(q) => {
                let target = self.target.as_ref().expect("a queue has its target");
                if let EventRef::Data(d) = ev {
                    self.shared
                        .queued_bytes
                        .fetch_add(d.len(), Ordering::AcqRel);
                    q.push_bytes(target, ev.kind() as u8, d);
                } else if let EventRef::Sse(e) = ev {
                    // Counted like body chunks: the queue's backpressure pauses the stream.
                    self.shared
                        .queued_bytes
                        .fetch_add(e.data_z.len(), Ordering::AcqRel);
                    q.push(target.clone(), ev.to_payload());
                } else {
                    q.push(target.clone(), ev.to_payload());
                }
            }
        }
    }

    /// Whether the transfer should pause (queued mode with too much undelivered data).
    pub fn should_pause(&self) -> bool {
        self.queue.is_some() && self.shared.queued_bytes.load(Ordering::Acquire) > QUEUE_PAUSE_BYTES
    }

    pub fn complete(&self, completion: Completion, result: Result<Box<Response>, Error>) {
        self.shared.life.set_done();
        match (&self.queue, completion) {
            (_, c @ Completion::Sync(_)) | (None, c) => self.shared.run_completion(c, result),
            (Some(q), c) => {
                *self.shared.queued_completion.lock() = Some((c, result));
                let target = self.target.clone().expect("a queue has its target");
                q.push(target, Payload::Signal(KIND_COMPLETE));
            }
        }
    }
}

impl Target for RequestShared {
    /// A queued item of this request, dispatched on the application's thread. While the
    /// application has the request paused (`http_pause`), its items wait in `held`, in
    /// order (headers excepted while nothing waits), until `http_resume` queues a release.
    fn deliver(self: Arc<Self>, payload: Payload) {
        if let Payload::Signal(KIND_RELEASE) = payload {
            loop {
                if self.app_paused.load(Ordering::SeqCst) {
                    return; // paused again meanwhile: the rest waits for the next release
                }
                let next = {
                    let mut held = self.held.lock();
                    match held.pop_front() {
                        Some(p) => p,
                        None => return,
                    }
                };
                self.clone().deliver_now(next);
            }
        }
        {
            let mut held = self.held.lock();
            if !held.is_empty()
                || self.app_paused.load(Ordering::SeqCst) && !matches!(payload, Payload::Text(..))
            {
                held.push_back(payload);
                return;
            }
        }
        self.deliver_now(payload);
    }
}

impl RequestShared {
    fn deliver_now(self: Arc<Self>, payload: Payload) {
        use http_event_type::*;
        match payload {
            Payload::Bytes(_, d) => {
                self.run_listeners(EventRef::Data(&d));
                self.dequeued(d.len());
            }
            Payload::Text(_, h) => self.run_listeners(EventRef::Headers(&h)),
            Payload::Numbers(k, a, b) if k == HTTP_EVENT_DATA_SEND_PROGRESS as u8 => {
                self.run_listeners(EventRef::SendProgress(a, b))
            }
            Payload::Numbers(k, a, b) if k == HTTP_EVENT_SSE_RECONNECT as u8 => {
                self.run_listeners(EventRef::SseReconnect(a, b))
            }
            Payload::Numbers(_, a, b) => self.run_listeners(EventRef::ReceiveProgress(a, b)),
            Payload::Signal(KIND_COMPLETE) => {
                let pending = self.queued_completion.lock().take();
                if let Some((c, r)) = pending {
                    self.run_completion(c, r);
                }
            }
            Payload::Signal(_) => self.run_listeners(EventRef::DataEnd),
            Payload::Custom(c) => {
                if let Some(e) = c.downcast_ref::<SseQueued>() {
                    self.run_listeners(EventRef::Sse(crate::http::sse::Event {
                        kind_z: &e.kind_z,
                        data_z: &e.data_z,
                        id_z: &e.id_z,
                    }));
                    self.dequeued(e.data_z.len());
                }
            }
        }
    }

    /// Queued bytes were dispatched: a transfer the queue's backpressure paused resumes
    /// once half of the limit is left.
    fn dequeued(self: Arc<Self>, n: usize) {
        let left = self.queued_bytes.fetch_sub(n, Ordering::AcqRel) - n;
        if left <= QUEUE_PAUSE_BYTES / 2 && self.paused.swap(false, Ordering::AcqRel) {
            if let Some(resume) = RESUME.get() {
                resume(self);
            }
        }
    }

    /// After `http_resume`: queued items held while paused are released, in order, on the
    /// queue's thread (a release item behind everything queued so far).
    pub fn release_held(self: &Arc<Self>) {
        if self.held.lock().is_empty() {
            return;
        }
        if let Some(q) = self.queue() {
            q.push(self.clone(), Payload::Signal(KIND_RELEASE));
        }
    }
}
