//! The process-wide engine: one worker thread that owns the libcurl multi handle (the
//! connection pool, HTTP/2 multiplexing, the DNS cache) and runs every module's I/O.
//!
//! Protocol-neutral: the engine knows commands ([`Command`]: boxed work run on the worker)
//! and modules ([`Module`]: a protocol's state on the worker, created on first use). A
//! module adds easy handles to the shared multi with tokens made by [`token`] (through
//! [`Cx::add2`]), and the engine hands each finished transfer back to the module that owns
//! its token. Modules with descriptors of their own register them in the engine's selector
//! (`mio::Poll`: epoll, kqueue) with the same tokens, or list them as [`Watch`]es.
//!
//! Where the worker sleeps: while libcurl has a transfer, in `curl_multi_poll` (the
//! selector's descriptor and the watches as extra descriptors), woken with
//! `curl_multi_wakeup`; while libcurl has none (no transfer since its last `perform` said
//! so) and no module lists watches, in the selector itself, woken through its `mio::Waker`
//! (an eventfd in the same epoll). A socket-only application then pays one `epoll_wait` per
//! wake-up, as a hand-written epoll loop does. Either way the worker is woken only when it
//! is actually asleep; commands sent from the worker itself (the usual case for an
//! application that starts its next request in a completion callback) skip the channel.

use super::delivery;
use crossbeam_channel::{Receiver, Sender};
use curl::multi::{Multi, MultiWaker, WaitFd};
use once_cell::sync::OnceCell;
use std::any::{Any, TypeId};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::os::fd::AsRawFd;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::thread::ThreadId;
use std::time::{Duration, Instant};

/// Work for the worker thread. A module's request type implements it directly, so sending
/// a boxed request costs no second allocation.
pub trait Command: Send + 'static {
    fn run(self: Box<Self>, w: &mut Worker);
}

/// A protocol's state on the worker thread (its queue of waiting work, its idle handles,
/// its running transfers), created by [`Worker::module`] on first use.
pub trait Module: Any {
    /// A transfer this module added with `token(id, key)` finished.
    fn done(&mut self, cx: &Cx<'_>, key: usize, result: Result<(), curl::Error>);
    /// Called once per turn before libcurl runs: start what may start now.
    fn admit(&mut self, _cx: &Cx<'_>) {}
    /// Work is waiting that [`admit`](Self::admit) could start now: the loop must not sleep.
    fn ready(&self) -> bool {
        false
    }
    /// Before the worker goes away: remove every handle from the multi.
    fn detach_all(&mut self, cx: &Cx<'_>);
    /// Whether the module has descriptors of its own to watch ([`watches`](Self::watches)).
    fn has_watches(&self) -> bool {
        false
    }
    /// Descriptors of the module's own (sockets it reads and writes itself, beside
    /// libcurl's transfers), added to `out`; the loop reports them to [`io`](Self::io).
    fn watches(&self, _out: &mut Vec<Watch>) {}
    /// Descriptor `key` (from [`watches`](Self::watches)) is ready; `readable` also covers
    /// hang-up and error conditions.
    fn io(&mut self, _cx: &Cx<'_>, _key: usize, _readable: bool, _writable: bool) {}
    /// The module's next timer, if any: the loop does not sleep past it.
    fn deadline(&self) -> Option<Instant> {
        None
    }
    /// Runs the timers due at `now`.
    fn timers(&mut self, _cx: &Cx<'_>, _now: Instant) {}
    /// Called once, when the worker makes the module: its id and the selector's registry
    /// are in `cx` (register sources with `Token(cx.token(key))`).
    fn attach(&mut self, _cx: &Cx<'_>) {}
    /// Whether the module has sources in the engine's selector now.
    fn selects(&self) -> bool {
        false
    }
    /// Source `key` the module registered in the selector is ready.
    fn event(&mut self, _cx: &Cx<'_>, _key: usize, _ev: &mio::event::Event) {}
}

/// A descriptor a module wants watched: always for reading, for writing too when `write`.
#[derive(Clone, Copy, Debug)]
pub struct Watch {
    pub fd: i32,
    pub write: bool,
    pub key: usize,
}

/// What a module may use of the worker while it runs: the multi handle, the selector's
/// registry and its own id.
pub struct Cx<'a> {
    /// libcurl's multi handle. Add transfers with [`Cx::add2`], not `multi.add2`: the loop
    /// stops calling libcurl while it has nothing, and must learn of a new transfer.
    pub multi: &'a Multi,
    pub registry: &'a mio::Registry,
    pub id: usize,
    added: &'a Cell<bool>,
}

impl Cx<'_> {
    /// The token of this module's transfer `key`, for `Easy2Handle::set_token`.
    pub fn token(&self, key: usize) -> usize {
        token(self.id, key)
    }

    /// Adds a transfer to the multi handle (libcurl runs from this turn on).
    pub fn add2<H>(
        &self,
        easy: curl::easy::Easy2<H>,
    ) -> Result<curl::multi::Easy2Handle<H>, curl::MultiError> {
        self.added.set(true);
        self.multi.add2(easy)
    }
}

const KEY_BITS: u32 = 48;

/// A libcurl token naming module `id`'s transfer `key`.
pub fn token(id: usize, key: usize) -> usize {
    (id << KEY_BITS) | (key & ((1 << KEY_BITS) - 1))
}

pub struct Engine {
    tx: Sender<Box<dyn Command>>,
    waker: MultiWaker,
    sel_waker: Arc<mio::Waker>,
    /// [`AWAKE`], or where the worker sleeps: [`IN_CURL`], [`IN_SELECTOR`].
    sleeping: Arc<AtomicU8>,
    worker: ThreadId,
}

const AWAKE: u8 = 0;
const IN_CURL: u8 = 1;
const IN_SELECTOR: u8 = 2;
/// The selector token of the worker's waker (never a module's: ids are small).
const WAKE_TOKEN: usize = usize::MAX;

static ENGINE: OnceCell<Engine> = OnceCell::new();

thread_local! {
    /// On the worker thread: commands sent from the worker itself. They skip the channel
    /// and the wake-up check; the worker takes them at the start of its next turn, and does
    /// not sleep while any wait. None on every other thread.
    static LOCAL: RefCell<Option<Vec<Box<dyn Command>>>> = const { RefCell::new(None) };
}

/// Whether commands sent from the worker itself wait for its next turn.
fn local_pending() -> bool {
    LOCAL.with(|l| l.borrow().as_ref().is_some_and(|v| !v.is_empty()))
}

impl Engine {
    /// The engine, started on first use.
    pub fn get() -> &'static Engine {
        ENGINE.get_or_init(|| {
            let (tx, rx) = crossbeam_channel::unbounded();
            let (wtx, wrx) = crossbeam_channel::bounded(1);
            let sleeping = Arc::new(AtomicU8::new(AWAKE));
            let s2 = sleeping.clone();
            let handle = std::thread::Builder::new()
                .name("nethttp-worker".into())
                .spawn(move || worker(rx, s2, wtx))
                .expect("spawn nethttp worker thread");
            let (waker, sel_waker) = wrx.recv().expect("nethttp worker started");
            Engine {
                tx,
                waker,
                sel_waker,
                sleeping,
                worker: handle.thread().id(),
            }
        })
    }

    /// Sends a command; wakes the worker only if it sleeps in poll. From the worker itself
    /// the command is kept for its next turn (it is awake).
    pub fn send(&self, cmd: Box<dyn Command>) {
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
        if self.tx.send(cmd).is_ok() {
            match self.sleeping.swap(AWAKE, Ordering::SeqCst) {
                IN_CURL => {
                    let _ = self.waker.wakeup();
                }
                IN_SELECTOR => {
                    let _ = self.sel_waker.wake();
                }
                _ => {}
            }
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

/// The worker's state, given to commands.
pub struct Worker {
    multi: Multi,
    modules: Vec<(TypeId, Box<dyn Module>)>,
    done: Vec<(usize, Result<(), curl::Error>)>,
    /// Commands the worker sent itself, taken from `LOCAL`; run one at a time so a panic in
    /// one leaves the rest for the next turn.
    local: VecDeque<Box<dyn Command>>,
    /// The modules' descriptors of this turn, the module id of each, and which are ready
    /// (read, write) after a poll; with the poll arrays, kept across turns so that a turn
    /// with descriptors allocates nothing.
    watches: Vec<Watch>,
    owners: Vec<usize>,
    ready: Vec<(bool, bool)>,
    wait_fds: Vec<WaitFd>,
    poll_fds: Vec<libc::pollfd>,
    /// The selector modules register their sources in, and its events buffer.
    poll: mio::Poll,
    events: mio::Events,
    /// Some module has sources in the selector (this turn).
    selecting: bool,
    /// libcurl's last `perform` found no transfer running, and none was added since: the
    /// loop need not call libcurl until [`Cx::add2`] sets `added`.
    curl_idle: bool,
    added: Cell<bool>,
}

/// A module's context from the worker's fields (a macro, so the borrow of `modules` stays
/// apart from the fields it names).
macro_rules! cx {
    ($w:expr, $id:expr) => {
        Cx {
            multi: &$w.multi,
            registry: $w.poll.registry(),
            id: $id,
            added: &$w.added,
        }
    };
}

impl Worker {
    /// Module `M`'s state (created on first use) and what it may use of the worker.
    pub fn module<M: Module + Default>(&mut self) -> (&mut M, Cx<'_>) {
        let tid = TypeId::of::<M>();
        let id = match self.modules.iter().position(|(t, _)| *t == tid) {
            Some(i) => i,
            None => {
                let mut m = Box::<M>::default();
                let id = self.modules.len();
                m.attach(&cx!(self, id));
                self.modules.push((tid, m));
                id
            }
        };
        let m: &mut dyn Module = self.modules[id].1.as_mut();
        // SAFETY: the entry's TypeId is M's, so the box holds an M (no virtual call needed).
        let m = unsafe { &mut *(m as *mut dyn Module as *mut M) };
        (m, cx!(self, id))
    }

    /// One turn of the loop. Returns false when every sender is gone.
    fn turn(&mut self, rx: &Receiver<Box<dyn Command>>, sleeping: &AtomicU8) -> bool {
        LOCAL.with(|l| {
            if let Some(v) = l.borrow_mut().as_mut() {
                self.local.extend(v.drain(..));
            }
        });
        while let Some(cmd) = self.local.pop_front() {
            cmd.run(self);
        }
        loop {
            match rx.try_recv() {
                Ok(cmd) => cmd.run(self),
                Err(crossbeam_channel::TryRecvError::Empty) => break,
                Err(crossbeam_channel::TryRecvError::Disconnected) => return false,
            }
        }
        for (id, (_, m)) in self.modules.iter_mut().enumerate() {
            m.admit(&cx!(self, id));
        }
        if !self.curl_idle || self.added.get() {
            self.added.set(false);
            let running = self.multi.perform();
            self.collect_done();
            // A completion may have added the next transfer (`added` set again).
            self.curl_idle = matches!(running, Ok(0));
        }
        let deadline = self.run_timers();
        self.collect_watches();
        // New commands, or waiting work that completions just made room for: go round
        // again without sleeping (the modules' own descriptors are still looked at).
        if !rx.is_empty() || self.modules.iter().any(|(_, m)| m.ready()) || local_pending() {
            self.poll_watches_now();
            return true;
        }
        // Applications waiting on a queue's fd learn of this turn's items before we sleep.
        if delivery::flush_signals() {
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
        // libcurl has nothing to do and no module watches descriptors outside the selector:
        // sleep in the selector (a timer, a source or the waker ends it).
        let in_selector = self.curl_idle && !self.added.get() && self.watches.is_empty();
        sleeping.store(
            if in_selector { IN_SELECTOR } else { IN_CURL },
            Ordering::SeqCst,
        );
        if rx.is_empty() {
            let mut timeout = Duration::from_secs(3600);
            if let Some(d) = deadline {
                timeout = timeout.min(d.saturating_duration_since(Instant::now()));
            }
            if in_selector {
                if self.poll.poll(&mut self.events, Some(timeout)).is_ok() {
                    self.dispatch_events();
                }
            } else if self.watches.is_empty() && !self.selecting {
                let _ = self.multi.poll(&mut [], timeout);
            } else {
                let mut fds = std::mem::take(&mut self.wait_fds);
                fds.clear();
                fds.extend(self.watches.iter().map(|w| {
                    let mut f = WaitFd::new();
                    f.set_fd(w.fd);
                    f.poll_on_read(true).poll_on_write(w.write);
                    f
                }));
                if self.selecting {
                    let mut f = WaitFd::new();
                    f.set_fd(self.poll.as_raw_fd());
                    f.poll_on_read(true);
                    fds.push(f);
                }
                let _ = self.multi.poll(&mut fds, timeout);
                let selector_ready =
                    self.selecting && fds.last().is_some_and(|f| f.received_read());
                fds.truncate(self.watches.len());
                self.ready.clear();
                self.ready
                    .extend(fds.iter().map(|f| (f.received_read(), f.received_write())));
                self.wait_fds = fds;
                if selector_ready {
                    self.poll_selector_now();
                }
                self.dispatch_io();
            }
        }
        sleeping.store(AWAKE, Ordering::SeqCst);
        true
    }

    /// Takes the selector's ready events without waiting and hands them to their modules.
    fn poll_selector_now(&mut self) {
        if self
            .poll
            .poll(&mut self.events, Some(Duration::ZERO))
            .is_ok()
        {
            self.dispatch_events();
        }
    }

    /// Hands the events of the last selector poll to the modules that own their tokens.
    fn dispatch_events(&mut self) {
        for ev in self.events.iter() {
            let t = ev.token().0;
            if t == WAKE_TOKEN {
                continue;
            }
            let id = t >> KEY_BITS;
            if let Some((_, m)) = self.modules.get_mut(id) {
                m.event(&cx!(self, id), t & ((1 << KEY_BITS) - 1), ev);
            }
        }
    }

    /// Runs the modules' due timers; returns the earliest timer still pending.
    fn run_timers(&mut self) -> Option<Instant> {
        let mut now = None;
        let mut next: Option<Instant> = None;
        for (id, (_, m)) in self.modules.iter_mut().enumerate() {
            let Some(d) = m.deadline() else { continue };
            let t = *now.get_or_insert_with(Instant::now);
            if d <= t {
                m.timers(&cx!(self, id), t);
            }
            if let Some(d) = m.deadline() {
                next = Some(next.map_or(d, |n| n.min(d)));
            }
        }
        next
    }

    fn collect_watches(&mut self) {
        self.watches.clear();
        self.owners.clear();
        self.selecting = false;
        for (id, (_, m)) in self.modules.iter().enumerate() {
            self.selecting |= m.selects();
            if m.has_watches() {
                m.watches(&mut self.watches);
                self.owners.resize(self.watches.len(), id);
            }
        }
    }

    /// Without sleeping: looks at the selector and the modules' descriptors once (no
    /// wait), so a busy loop does not starve them.
    fn poll_watches_now(&mut self) {
        if self.selecting {
            self.poll_selector_now();
        }
        if self.watches.is_empty() {
            return;
        }
        let mut fds = std::mem::take(&mut self.poll_fds);
        fds.clear();
        fds.extend(self.watches.iter().map(|w| libc::pollfd {
            fd: w.fd,
            events: libc::POLLIN | if w.write { libc::POLLOUT } else { 0 },
            revents: 0,
        }));
        // SAFETY: a valid array of pollfd of the given length.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, 0) };
        if n > 0 {
            self.ready.clear();
            self.ready.extend(fds.iter().map(|f| {
                (
                    f.revents & (libc::POLLIN | libc::POLLERR | libc::POLLHUP) != 0,
                    f.revents & libc::POLLOUT != 0,
                )
            }));
        }
        self.poll_fds = fds;
        if n > 0 {
            self.dispatch_io();
        }
    }

    /// Reports the ready descriptors (`self.ready[i]` for `self.watches[i]`) to their modules.
    fn dispatch_io(&mut self) {
        let watches = std::mem::take(&mut self.watches);
        let owners = std::mem::take(&mut self.owners);
        let ready = std::mem::take(&mut self.ready);
        for ((w, &id), &(r, wr)) in watches.iter().zip(&owners).zip(&ready) {
            if !(r || wr) {
                continue;
            }
            if let Some((_, m)) = self.modules.get_mut(id) {
                m.io(&cx!(self, id), w.key, r, wr);
            }
        }
        // Back for the next turn (emptied then, by collect_watches).
        self.watches = watches;
        self.owners = owners;
        self.ready = ready;
    }

    /// Hands every finished transfer to the module that owns its token.
    fn collect_done(&mut self) {
        let done = &mut self.done;
        self.multi.messages(|m| {
            if let (Ok(token), Some(r)) = (m.token(), m.result()) {
                done.push((token, r));
            }
        });
        if self.done.is_empty() {
            return;
        }
        let mut done = std::mem::take(&mut self.done);
        for (token, r) in done.drain(..) {
            let id = token >> KEY_BITS;
            if let Some((_, m)) = self.modules.get_mut(id) {
                let cx = cx!(self, id);
                m.done(&cx, token & ((1 << KEY_BITS) - 1), r);
            }
        }
        self.done = done;
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Detach every easy handle before the multi goes.
        for (id, (_, m)) in self.modules.iter_mut().enumerate() {
            m.detach_all(&cx!(self, id));
        }
    }
}

fn worker(
    rx: Receiver<Box<dyn Command>>,
    sleeping: Arc<AtomicU8>,
    waker_tx: Sender<(MultiWaker, Arc<mio::Waker>)>,
) {
    let multi = Multi::new();
    // Without a selector (out of descriptors at start) the engine cannot run at all.
    let poll = mio::Poll::new().expect("nethttp worker: creating the selector");
    let sel_waker =
        mio::Waker::new(poll.registry(), mio::Token(WAKE_TOKEN)).expect("nethttp worker: waker");
    let _ = waker_tx.send((multi.waker(), Arc::new(sel_waker)));
    delivery::defer_signals();
    LOCAL.with(|l| *l.borrow_mut() = Some(Vec::new()));
    crate::core::error::quiet_thread();
    let mut w = Worker {
        multi,
        modules: Vec::new(),
        done: Vec::new(),
        local: VecDeque::new(),
        watches: Vec::new(),
        owners: Vec::new(),
        ready: Vec::new(),
        wait_fds: Vec::new(),
        poll_fds: Vec::new(),
        poll,
        events: mio::Events::with_capacity(1024),
        selecting: false,
        curl_idle: false,
        added: Cell::new(false),
    };
    loop {
        // A panic in the loop must not take the engine down: it is caught per turn.
        let r = catch_unwind(AssertUnwindSafe(|| w.turn(&rx, &sleeping)));
        let _ = delivery::flush_signals();
        match r {
            Ok(true) => {}
            Ok(false) => break,
            Err(_) => continue,
        }
    }
}
