//! The state one request handle shares between the application's threads and the
//! worker: listeners, the cancel flag, the callback lock, and how callbacks are
//! delivered (inline on the worker, or through an application-drained [`Queue`]).
#![allow(non_camel_case_types)]

use crate::error::Error;
use crate::response::Response;
use parking_lot::{Mutex, ReentrantMutex};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::ffi::c_void;
use std::os::raw::c_char;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
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
            _ => return None,
        })
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

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
    /// DATA_RECEIVE: a chunk of the body (binary-safe).
    pub data: *const u8,
    /// Length of `data`.
    pub data_len: usize,
    /// DATA_RECEIVE_PROGRESS: receiveSize; DATA_SEND_PROGRESS: sendSize (bytes).
    pub current: u64,
    /// totalSize in bytes; 0 when unknown.
    pub total: u64,
}

/// `void (*)(void *userdata, http_request *request, const http_event *event)`.
pub type EventFn = unsafe extern "C" fn(*mut c_void, *mut RequestShared, *const http_event);

/// `void (*)(void *userdata, http_request *request, int32_t error_code,
/// const char *error_message, http_response *response)`.
pub type CompleteFn =
    unsafe extern "C" fn(*mut c_void, *mut RequestShared, i32, *const c_char, *mut Response);

/// An application pointer carried to callbacks; never dereferenced by nethttp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserData(pub *mut c_void);
// SAFETY: nethttp never dereferences it; the application decides what it points at and
// the header documents on which thread callbacks run.
unsafe impl Send for UserData {}
unsafe impl Sync for UserData {}

#[derive(Clone, Copy)]
struct Listener {
    kind: http_event_type,
    cb: EventFn,
    userdata: UserData,
    once: bool,
}

/// An owned copy of an event, for queued delivery.
pub enum OwnedEvent {
    Headers(Arc<str>),
    Data(Vec<u8>),
    DataEnd,
    ReceiveProgress(u64, u64),
    SendProgress(u64, u64),
}

impl OwnedEvent {
    fn kind(&self) -> http_event_type {
        use http_event_type::*;
        match self {
            OwnedEvent::Headers(_) => HTTP_EVENT_HEADERS_RECEIVE,
            OwnedEvent::Data(_) => HTTP_EVENT_DATA_RECEIVE,
            OwnedEvent::DataEnd => HTTP_EVENT_DATA_END,
            OwnedEvent::ReceiveProgress(..) => HTTP_EVENT_DATA_RECEIVE_PROGRESS,
            OwnedEvent::SendProgress(..) => HTTP_EVENT_DATA_SEND_PROGRESS,
        }
    }
}

/// Borrowed event data, as produced on the worker.
#[derive(Clone, Copy)]
pub enum EventRef<'a> {
    Headers(&'a Arc<str>),
    Data(&'a [u8]),
    DataEnd,
    ReceiveProgress(u64, u64),
    SendProgress(u64, u64),
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
        }
    }

    fn to_owned(self) -> OwnedEvent {
        match self {
            EventRef::Headers(h) => OwnedEvent::Headers(h.clone()),
            EventRef::Data(d) => OwnedEvent::Data(d.to_vec()),
            EventRef::DataEnd => OwnedEvent::DataEnd,
            EventRef::ReceiveProgress(a, b) => OwnedEvent::ReceiveProgress(a, b),
            EventRef::SendProgress(a, b) => OwnedEvent::SendProgress(a, b),
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
            EventRef::ReceiveProgress(c, t) | EventRef::SendProgress(c, t) => {
                ev.current = c;
                ev.total = t;
            }
        }
        ev
    }
}

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
            crate::error::CURL_BASE + 42,
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

/// Lifecycle of a handle: one request per handle.
pub const STATE_IDLE: u8 = 0;
pub const STATE_STARTED: u8 = 1;
/// The transfer is over and its completion is being (or was) delivered: `http_destroy` has
/// nothing left to cancel on the worker.
pub const STATE_DONE: u8 = 2;

/// Pending bytes of queued body data above which the transfer is paused.
pub const QUEUE_PAUSE_BYTES: usize = 4 * 1024 * 1024;

/// A request handle (the spec's `HttpRequest`): one task, one request. Created by
/// `http_create`, released by `http_destroy`.
// Internally: an `Arc<RequestShared>` raw pointer, shared with the transfer on the worker.
pub struct RequestShared {
    pub state: AtomicU8,
    cancelled: AtomicBool,
    /// Held while any callback of this request runs; `http_destroy` takes it to wait for a
    /// callback running on another thread. Reentrant so destroy inside a callback works.
    cb_lock: ReentrantMutex<()>,
    listeners: Mutex<Vec<Listener>>,
    /// Bit per event type that has listeners: the hot path checks it without locking.
    mask: AtomicU8,
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
}

impl Default for RequestShared {
    fn default() -> Self {
        RequestShared {
            state: AtomicU8::new(STATE_IDLE),
            cancelled: AtomicBool::new(false),
            cb_lock: ReentrantMutex::new(()),
            listeners: Mutex::new(Vec::new()),
            mask: AtomicU8::new(0),
            queue: Mutex::new(None),
            token: AtomicUsize::new(usize::MAX),
            queued_bytes: AtomicUsize::new(0),
            paused: AtomicBool::new(false),
            app_paused: AtomicBool::new(false),
        }
    }
}

impl RequestShared {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }

    /// Marks the request cancelled and waits until no callback of it is running on
    /// another thread. After this returns no callback of this request starts.
    pub fn cancel_and_quiesce(&self) {
        self.cancelled.store(true, Ordering::Release);
        drop(self.cb_lock.lock());
    }

    pub fn add_listener(&self, kind: http_event_type, cb: EventFn, userdata: UserData, once: bool) {
        let mut l = self.listeners.lock();
        l.push(Listener {
            kind,
            cb,
            userdata,
            once,
        });
        self.mask.fetch_or(kind.bit(), Ordering::Release);
    }

    /// Removes listeners of `kind` matching `cb` and `userdata`, or all of `kind` when
    /// `cb` is None. Returns how many were removed.
    pub fn remove_listeners(
        &self,
        kind: http_event_type,
        cb: Option<EventFn>,
        userdata: UserData,
    ) -> usize {
        let mut l = self.listeners.lock();
        let before = l.len();
        l.retain(|x| {
            !(x.kind == kind
                && cb.is_none_or(|f| std::ptr::fn_addr_eq(f, x.cb) && x.userdata == userdata))
        });
        self.recompute_mask(&l);
        before - l.len()
    }

    fn recompute_mask(&self, l: &[Listener]) {
        let m = l.iter().fold(0u8, |m, x| m | x.kind.bit());
        self.mask.store(m, Ordering::Release);
    }

    /// Whether anyone listens for `kind` (cheap).
    pub fn wants(&self, kind: http_event_type) -> bool {
        self.mask.load(Ordering::Acquire) & kind.bit() != 0
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
        let _g = self.cb_lock.lock();
        if self.is_cancelled() {
            return;
        }
        // A snapshot, so that listeners may call http_on / http_off; on the stack for the
        // usual few listeners (this runs for every body chunk).
        let mut inline = [None::<Listener>; 4];
        let mut spill: Vec<Listener> = Vec::new();
        {
            let mut l = self.listeners.lock();
            let mut n = 0;
            let mut once = false;
            for x in l.iter().filter(|x| x.kind == kind) {
                if n < inline.len() {
                    inline[n] = Some(*x);
                    n += 1;
                } else {
                    spill.push(*x);
                }
                once |= x.once;
            }
            if once {
                l.retain(|x| !(x.kind == kind && x.once));
                self.recompute_mask(&l);
            }
        }
        let cev = ev.as_c();
        let me = Arc::as_ptr(self) as *mut RequestShared;
        for x in inline.into_iter().flatten().chain(spill) {
            if self.is_cancelled() {
                break;
            }
            // SAFETY: a C function pointer registered by the application with its userdata.
            unsafe { (x.cb)(x.userdata.0, me, &cev) };
        }
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
                let _g = self.cb_lock.lock();
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
}

impl Delivery {
    pub fn new(shared: Arc<RequestShared>) -> Self {
        let queue = shared.queue();
        Delivery { shared, queue }
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
                if let EventRef::Data(d) = ev {
                    self.shared
                        .queued_bytes
                        .fetch_add(d.len(), Ordering::AcqRel);
                    q.push_data(&self.shared, d);
                } else {
                    q.push(QueuedItem::Event(self.shared.clone(), ev.to_owned()));
                }
            }
        }
    }

    /// Whether the transfer should pause (queued mode with too much undelivered data).
    pub fn should_pause(&self) -> bool {
        self.queue.is_some() && self.shared.queued_bytes.load(Ordering::Acquire) > QUEUE_PAUSE_BYTES
    }

    pub fn complete(&self, completion: Completion, result: Result<Box<Response>, Error>) {
        self.shared.state.store(STATE_DONE, Ordering::Release);
        match (&self.queue, completion) {
            (_, c @ Completion::Sync(_)) | (None, c) => self.shared.run_completion(c, result),
            (Some(q), c) => q.push(QueuedItem::Complete(self.shared.clone(), c, result)),
        }
    }
}

pub enum QueuedItem {
    Event(Arc<RequestShared>, OwnedEvent),
    Complete(Arc<RequestShared>, Completion, Result<Box<Response>, Error>),
}

/// Queued body bytes of one request merged into one DATA_RECEIVE event at most.
const COALESCE_MAX: usize = 256 * 1024;

thread_local! {
    /// On the worker thread: queues that got items during this turn of the loop and whose
    /// fd is still to be signalled. None on every other thread (signals go out at once).
    static DEFERRED: RefCell<Option<Vec<Arc<Queue>>>> = const { RefCell::new(None) };
}

/// Makes queue signals from the calling thread (the worker) wait for
/// [`flush_queue_signals`].
pub fn defer_queue_signals() {
    DEFERRED.with(|d| *d.borrow_mut() = Some(Vec::new()));
}

/// Signals every queue that got items since the last call. The worker calls it at the end
/// of each turn, before it may sleep. Returns whether any queue was signalled.
pub fn flush_queue_signals() -> bool {
    // The usual turn has nothing queued: no take, no drop.
    let pending = DEFERRED.with(|d| match d.borrow_mut().as_mut() {
        Some(list) if !list.is_empty() => Some(std::mem::take(list)),
        _ => None,
    });
    let Some(list) = pending else {
        return false;
    };
    // Signalled (and the references dropped) outside the borrow.
    for q in list {
        q.signal();
    }
    true
}

/// Hook the queue calls when a paused transfer may resume (set by the engine).
pub type UnpauseHook = fn(Arc<RequestShared>);

/// A delivery queue (see `http_queue_new`): callbacks run on the thread that calls
/// `http_queue_dispatch`.
// The worker pushes; an eventfd (a pipe where eventfd is missing) is readable while
// items are pending.
pub struct Queue {
    items: Mutex<VecDeque<QueuedItem>>,
    read_fd: i32,
    write_fd: i32,
    unpause: UnpauseHook,
}

impl Queue {
    pub fn new(unpause: UnpauseHook) -> std::io::Result<Queue> {
        #[cfg(target_os = "linux")]
        {
            // SAFETY: plain syscall; the fd is owned by the Queue and closed in Drop.
            let fd = unsafe { libc::eventfd(0, libc::EFD_NONBLOCK | libc::EFD_CLOEXEC) };
            if fd < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(Queue {
                items: Mutex::new(VecDeque::new()),
                read_fd: fd,
                write_fd: fd,
                unpause,
            })
        }
        #[cfg(not(target_os = "linux"))]
        {
            let mut fds = [0i32; 2];
            // SAFETY: plain syscall.
            if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
                return Err(std::io::Error::last_os_error());
            }
            for fd in fds {
                // SAFETY: fds just created.
                unsafe {
                    libc::fcntl(fd, libc::F_SETFL, libc::O_NONBLOCK);
                    libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
                }
            }
            Ok(Queue {
                items: Mutex::new(VecDeque::new()),
                read_fd: fds[0],
                write_fd: fds[1],
                unpause,
            })
        }
    }

    pub fn fd(&self) -> i32 {
        self.read_fd
    }

    fn push(self: &Arc<Self>, item: QueuedItem) {
        let was_empty = {
            let mut q = self.items.lock();
            q.push_back(item);
            q.len() == 1
        };
        if was_empty {
            self.signal_soon();
        }
    }

    /// Queues a body chunk, appended to the previous one when that is a chunk of the same
    /// request still waiting: one allocation and one callback per burst instead of per
    /// libcurl chunk.
    fn push_data(self: &Arc<Self>, shared: &Arc<RequestShared>, d: &[u8]) {
        let was_empty = {
            let mut q = self.items.lock();
            if let Some(QueuedItem::Event(s, OwnedEvent::Data(buf))) = q.back_mut() {
                if Arc::ptr_eq(s, shared) && buf.len() + d.len() <= COALESCE_MAX {
                    buf.extend_from_slice(d);
                    return;
                }
            }
            // Room for a few more chunks of a large body; exact for a small one.
            let cap = if d.len() >= 8 * 1024 {
                (d.len() * 4).min(COALESCE_MAX)
            } else {
                d.len()
            };
            let mut buf = Vec::with_capacity(cap.max(d.len()));
            buf.extend_from_slice(d);
            q.push_back(QueuedItem::Event(shared.clone(), OwnedEvent::Data(buf)));
            q.len() == 1
        };
        if was_empty {
            self.signal_soon();
        }
    }

    /// Signals the fd now, or, on the worker, once at the end of its turn
    /// ([`flush_queue_signals`]): one wake-up of the application per burst of items.
    fn signal_soon(self: &Arc<Self>) {
        let deferred = DEFERRED.with(|d| match d.borrow_mut().as_mut() {
            Some(list) => {
                if !list.iter().any(|q| Arc::ptr_eq(q, self)) {
                    list.push(self.clone());
                }
                true
            }
            None => false,
        });
        if !deferred {
            self.signal();
        }
    }

    fn signal(&self) {
        let one: u64 = 1;
        // SAFETY: writing 8 bytes from a local to our own fd; EAGAIN (counter full) is fine.
        unsafe { libc::write(self.write_fd, &one as *const u64 as *const c_void, 8) };
    }

    fn drain_fd(&self) {
        let mut buf = [0u8; 64];
        // SAFETY: reading into a local buffer from our own non-blocking fd.
        while unsafe { libc::read(self.read_fd, buf.as_mut_ptr() as *mut c_void, buf.len()) } > 0 {
            if self.read_fd != self.write_fd {
                continue;
            }
            break;
        }
    }

    /// Runs every callback pending when called, on the calling thread. Returns how many
    /// items (events and completions) were processed.
    pub fn dispatch(&self) -> usize {
        self.drain_fd();
        let items = std::mem::take(&mut *self.items.lock());
        let n = items.len();
        for item in items {
            match item {
                QueuedItem::Event(shared, ev) => {
                    let evr = match &ev {
                        OwnedEvent::Headers(h) => EventRef::Headers(h),
                        OwnedEvent::Data(d) => EventRef::Data(d),
                        OwnedEvent::DataEnd => EventRef::DataEnd,
                        OwnedEvent::ReceiveProgress(a, b) => EventRef::ReceiveProgress(*a, *b),
                        OwnedEvent::SendProgress(a, b) => EventRef::SendProgress(*a, *b),
                    };
                    debug_assert_eq!(ev.kind(), evr.kind());
                    shared.run_listeners(evr);
                    if let OwnedEvent::Data(d) = &ev {
                        let left =
                            shared.queued_bytes.fetch_sub(d.len(), Ordering::AcqRel) - d.len();
                        if left <= QUEUE_PAUSE_BYTES / 2
                            && shared.paused.swap(false, Ordering::AcqRel)
                        {
                            (self.unpause)(shared.clone());
                        }
                    }
                }
                QueuedItem::Complete(shared, c, r) => shared.run_completion(c, r),
            }
        }
        n
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        // SAFETY: closing fds this Queue owns.
        unsafe {
            libc::close(self.read_fd);
            if self.write_fd != self.read_fd {
                libc::close(self.write_fd);
            }
        }
    }
}
