//! The process-wide engine: one worker thread that owns the curl multi handle (the
//! connection pool, HTTP/2 multiplexing, DNS cache). Requests arrive over a channel;
//! the worker sleeps in `curl_multi_poll` and is woken with `curl_multi_wakeup` only
//! when it is actually asleep. Easy handles are pooled and reused.

use crate::request::RequestShared;
use crate::transfer::{self, Handler, Job};
use crossbeam_channel::{Receiver, Sender};
use curl::easy::Easy2;
use curl::multi::{Easy2Handle, Multi, MultiWaker};
use once_cell::sync::OnceCell;
use slab::Slab;
use std::cell::RefCell;
use std::collections::{BinaryHeap, VecDeque};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::ThreadId;
use std::time::Duration;

pub enum Command {
    Submit(Box<Job>),
    Cancel(Arc<RequestShared>),
    Unpause(Arc<RequestShared>),
    SetMaxConcurrent(u32),
}

pub struct Engine {
    tx: Sender<Command>,
    waker: MultiWaker,
    sleeping: Arc<AtomicBool>,
    worker: ThreadId,
}

static ENGINE: OnceCell<Engine> = OnceCell::new();

thread_local! {
    /// On the worker thread: commands sent from the worker itself (the usual case for an
    /// application that starts its next request in a completion callback). They skip the
    /// channel and the wake-up check; the worker takes them at the start of its next turn,
    /// and does not sleep while any wait. None on every other thread.
    static LOCAL: RefCell<Option<Vec<Command>>> = const { RefCell::new(None) };
}

/// Whether commands sent from the worker itself wait for its next turn.
fn local_pending() -> bool {
    LOCAL.with(|l| l.borrow().as_ref().is_some_and(|v| !v.is_empty()))
}

/// Idle easy handles kept for reuse.
const POOL_MAX: usize = 256;

impl Engine {
    /// The engine, started on first use.
    pub fn get() -> &'static Engine {
        ENGINE.get_or_init(|| {
            let (tx, rx) = crossbeam_channel::unbounded();
            let (wtx, wrx) = crossbeam_channel::bounded(1);
            let sleeping = Arc::new(AtomicBool::new(false));
            let s2 = sleeping.clone();
            let handle = std::thread::Builder::new()
                .name("nethttp-worker".into())
                .spawn(move || worker(rx, s2, wtx))
                .expect("spawn nethttp worker thread");
            let waker = wrx.recv().expect("nethttp worker started");
            Engine {
                tx,
                waker,
                sleeping,
                worker: handle.thread().id(),
            }
        })
    }

    /// Sends a command; wakes the worker only if it sleeps in poll. From the worker itself
    /// the command is kept for its next turn (it is awake).
    pub fn send(&self, cmd: Command) {
        let mut cmd = Some(cmd);
        LOCAL.with(|l| {
            if let Some(v) = l.borrow_mut().as_mut() {
                if let Some(c) = cmd.take() {
                    v.push(c);
                }
            }
        });
        let Some(cmd) = cmd else {
            return;
        };
        if self.tx.send(cmd).is_ok() && self.sleeping.swap(false, Ordering::SeqCst) {
            let _ = self.waker.wakeup();
        }
    }

    pub fn on_worker(&self) -> bool {
        std::thread::current().id() == self.worker
    }
}

/// Whether the calling thread is the worker (without starting the engine).
pub fn on_worker_thread() -> bool {
    ENGINE.get().is_some_and(|e| e.on_worker())
}

/// Resumes a transfer paused for queued-delivery backpressure.
pub fn unpause(shared: Arc<RequestShared>) {
    Engine::get().send(Command::Unpause(shared));
}

struct Pending {
    priority: u32,
    seq: u64,
    job: Box<Job>,
}

impl PartialEq for Pending {
    fn eq(&self, o: &Self) -> bool {
        self.priority == o.priority && self.seq == o.seq
    }
}
impl Eq for Pending {}
impl PartialOrd for Pending {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Pending {
    /// Higher priority first; among equals, first submitted first.
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.priority.cmp(&o.priority).then(o.seq.cmp(&self.seq))
    }
}

struct Worker {
    multi: Multi,
    active: Slab<Easy2Handle<Handler>>,
    pending: BinaryHeap<Pending>,
    pool: Vec<Easy2<Handler>>,
    max_concurrent: usize,
    seq: u64,
    done: Vec<(usize, Result<(), curl::Error>)>,
    /// Commands the worker sent itself, taken from `LOCAL`; handled one at a time so a
    /// panic in one leaves the rest for the next turn.
    local: VecDeque<Command>,
}

fn worker(rx: Receiver<Command>, sleeping: Arc<AtomicBool>, waker_tx: Sender<MultiWaker>) {
    let multi = Multi::new();
    let _ = waker_tx.send(multi.waker());
    crate::request::defer_queue_signals();
    LOCAL.with(|l| *l.borrow_mut() = Some(Vec::new()));
    crate::error::quiet_thread();
    let mut w = Worker {
        multi,
        active: Slab::new(),
        pending: BinaryHeap::new(),
        pool: Vec::new(),
        max_concurrent: 0,
        seq: 0,
        done: Vec::new(),
        local: VecDeque::new(),
    };
    loop {
        // A panic in the loop must not take the engine down: it is caught per turn.
        let r = catch_unwind(AssertUnwindSafe(|| w.turn(&rx, &sleeping)));
        let _ = crate::request::flush_queue_signals();
        match r {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => continue,
        }
    }
}

impl Worker {
    /// One turn of the loop. Returns false when every sender is gone.
    fn turn(&mut self, rx: &Receiver<Command>, sleeping: &AtomicBool) -> bool {
        LOCAL.with(|l| {
            if let Some(v) = l.borrow_mut().as_mut() {
                for c in v.drain(..) {
                    self.local.push_back(c);
                }
            }
        });
        while let Some(cmd) = self.local.pop_front() {
            self.command(cmd);
        }
        loop {
            match rx.try_recv() {
                Ok(cmd) => self.command(cmd),
                Err(crossbeam_channel::TryRecvError::Empty) => break,
                Err(crossbeam_channel::TryRecvError::Disconnected) => return false,
            }
        }
        self.admit();
        let _ = self.multi.perform();
        self.collect_done();
        // New commands, or waiting jobs that completions just made room for: go round
        // again without sleeping.
        if !rx.is_empty() || self.can_admit() || local_pending() {
            return true;
        }
        // Applications waiting on a queue's fd learn of this turn's items before we sleep.
        if crate::request::flush_queue_signals() {
            // Woken by the signal, the dispatching thread often preempts us right there and
            // has already submitted its next request: no yield needed then.
            if !rx.is_empty() {
                return true;
            }
            // One yield (not a spin): where the dispatching thread shares this CPU it runs
            // now, and the requests its callbacks start are here before we decide to sleep,
            // which spares their wake-up through libcurl's socketpair (sendto, recvfrom and a
            // poll return). Where it runs on another CPU this returns at once.
            std::thread::yield_now();
            if !rx.is_empty() || local_pending() {
                return true;
            }
        }
        sleeping.store(true, Ordering::SeqCst);
        if rx.is_empty() {
            let _ = self.multi.poll(&mut [], Duration::from_secs(3600));
        }
        sleeping.store(false, Ordering::SeqCst);
        true
    }

    fn command(&mut self, cmd: Command) {
        match cmd {
            Command::Submit(job) if job.cached.is_some() => {
                // Answered by the response cache: no network, no transfer slot.
                transfer::serve_stored(job);
            }
            Command::Submit(job) => {
                self.seq += 1;
                self.pending.push(Pending {
                    priority: job.opts.priority,
                    seq: self.seq,
                    job,
                });
            }
            Command::Cancel(shared) => {
                if let Some(key) = self.find(&shared) {
                    let h = self.active.remove(key);
                    if let Ok(mut easy) = self.multi.remove2(h) {
                        easy.get_mut().clear();
                        self.recycle(easy);
                    }
                }
            }
            Command::Unpause(shared) => {
                if let Some(key) = self.find(&shared) {
                    let _ = self.active[key].unpause_write();
                }
            }
            Command::SetMaxConcurrent(n) => self.max_concurrent = n as usize,
        }
    }

    fn find(&self, shared: &Arc<RequestShared>) -> Option<usize> {
        let key = shared.token.load(Ordering::Acquire);
        let h = self.active.get(key)?;
        h.get_ref()
            .shared()
            .filter(|s| Arc::ptr_eq(s, shared))
            .map(|_| key)
    }

    fn can_admit(&self) -> bool {
        !self.pending.is_empty()
            && (self.max_concurrent == 0 || self.active.len() < self.max_concurrent)
    }

    fn admit(&mut self) {
        while self.can_admit() {
            let Some(Pending { job, .. }) = self.pending.pop() else {
                break;
            };
            if job.shared.is_cancelled() {
                continue;
            }
            let mut easy = self
                .pool
                .pop()
                .unwrap_or_else(|| Easy2::new(Handler::default()));
            let shared = job.shared.clone();
            if let Err((job, e)) = transfer::start(&mut easy, job) {
                easy.get_mut().clear();
                self.recycle(easy);
                transfer::fail_job(job, e);
                continue;
            }
            if test_refuse_add() {
                // What a failing curl_multi_add_handle does to the handle (debug builds only).
                drop(easy);
                shared.token.store(usize::MAX, Ordering::Release);
                continue;
            }
            let entry = self.active.vacant_entry();
            let key = entry.key();
            match self.multi.add2(easy) {
                Ok(mut h) => {
                    let _ = h.set_token(key);
                    shared.token.store(key, Ordering::Release);
                    entry.insert(h);
                }
                Err(_) => {
                    // The easy handle went with the error; its transfer's Drop delivered
                    // the request's completion (an error).
                    shared.token.store(usize::MAX, Ordering::Release);
                }
            }
        }
    }

    fn collect_done(&mut self) {
        let active = &self.active;
        let done = &mut self.done;
        self.multi.messages(|m| {
            if let Ok(key) = m.token() {
                if let Some(h) = active.get(key) {
                    if let Some(r) = m.result_for2(h) {
                        done.push((key, r));
                    }
                }
            }
        });
        let done = std::mem::take(&mut self.done);
        for (key, r) in &done {
            if !self.active.contains(*key) {
                continue;
            }
            let h = self.active.remove(*key);
            if let Ok(mut easy) = self.multi.remove2(h) {
                if let Some(s) = easy.get_ref().shared() {
                    s.token.store(usize::MAX, Ordering::Release);
                }
                transfer::finish(&mut easy, r.clone());
                self.recycle(easy);
            }
        }
        self.done = done;
        self.done.clear();
    }

    /// Keeps an idle handle for reuse. It keeps its options: the next request with the same
    /// options only sets its URL; another is configured after `curl_easy_reset`.
    fn recycle(&mut self, mut easy: Easy2<Handler>) {
        easy.get_mut().clear();
        if self.pool.len() < POOL_MAX {
            self.pool.push(easy);
        }
    }
}

/// Test hook (debug builds only): `NETHTTP_TEST_REFUSE_ADD=1` drops each started handle
/// as a failing `curl_multi_add_handle` would, to prove its request still completes.
#[cfg(debug_assertions)]
fn test_refuse_add() -> bool {
    std::env::var_os("NETHTTP_TEST_REFUSE_ADD").is_some_and(|v| v == "1")
}
#[cfg(not(debug_assertions))]
fn test_refuse_add() -> bool {
    false
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Detach every easy handle before the multi goes.
        for h in self.active.drain() {
            let _ = self.multi.remove2(h);
        }
    }
}
