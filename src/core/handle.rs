//! What every module's handle shares: its lifecycle (started, cancelled, exactly one
//! terminal event, destroy from any thread including inside a callback), the application's
//! listeners with their userdata, and the userdata type itself.

use parking_lot::{Mutex, ReentrantMutex, ReentrantMutexGuard};
use std::ffi::c_void;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU8, Ordering};

/// An application pointer carried to callbacks; never dereferenced by nethttp.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UserData(pub *mut c_void);
// SAFETY: nethttp never dereferences it; the application decides what it points at and
// the header documents on which thread callbacks run.
unsafe impl Send for UserData {}
unsafe impl Sync for UserData {}

/// Lifecycle states: one operation per handle.
pub const STATE_IDLE: u8 = 0;
pub const STATE_STARTED: u8 = 1;
/// The operation is over and its terminal event is being (or was) delivered: destroy has
/// nothing left to cancel on the worker.
pub const STATE_DONE: u8 = 2;

/// The destroy contract, shared by every module's handle: once `cancel_and_quiesce`
/// returns, no callback of the handle starts; a callback running on another thread is
/// waited for; called from inside one of the handle's own callbacks, it returns at once
/// (the lock is reentrant) and nothing follows that callback.
pub struct Lifecycle {
    pub state: AtomicU8,
    cancelled: AtomicBool,
    /// Held while any callback of the handle runs.
    cb_lock: ReentrantMutex<()>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            state: AtomicU8::new(STATE_IDLE),
            cancelled: AtomicBool::new(false),
            cb_lock: ReentrantMutex::new(()),
        }
    }
}

impl Lifecycle {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }

    /// Marks the handle cancelled and waits until no callback of it runs on another thread.
    pub fn cancel_and_quiesce(&self) {
        self.cancelled.store(true, Ordering::Release);
        drop(self.cb_lock.lock());
    }

    /// Held while a callback runs; check [`is_cancelled`](Self::is_cancelled) after taking it.
    pub fn callback_guard(&self) -> ReentrantMutexGuard<'_, ()> {
        self.cb_lock.lock()
    }

    /// IDLE -> STARTED, once: false when the handle was used already.
    pub fn start(&self) -> bool {
        self.state
            .compare_exchange(
                STATE_IDLE,
                STATE_STARTED,
                Ordering::AcqRel,
                Ordering::Acquire,
            )
            .is_ok()
    }

    pub fn is_started(&self) -> bool {
        self.state.load(Ordering::Acquire) == STATE_STARTED
    }

    pub fn set_done(&self) {
        self.state.store(STATE_DONE, Ordering::Release);
    }
}

#[derive(Clone, Copy)]
struct Listener<F> {
    kind: u8,
    cb: F,
    userdata: UserData,
    once: bool,
}

/// The listeners of one handle (`on` / `once` / `off`), for event kinds 0..32, with a bit
/// mask the hot path reads without locking. `F` is the module's C callback type.
pub struct Listeners<F> {
    list: Mutex<Vec<Listener<F>>>,
    mask: AtomicU32,
}

impl<F> Default for Listeners<F> {
    fn default() -> Self {
        Listeners {
            list: Mutex::new(Vec::new()),
            mask: AtomicU32::new(0),
        }
    }
}

impl<F: Copy> Listeners<F> {
    pub fn add(&self, kind: u8, cb: F, userdata: UserData, once: bool) {
        let mut l = self.list.lock();
        l.push(Listener {
            kind,
            cb,
            userdata,
            once,
        });
        self.mask.fetch_or(1 << kind, Ordering::Release);
    }

    /// Removes listeners of `kind` for which `matches(cb, userdata)` holds, or all of `kind`
    /// when `matches` is None. Returns how many were removed.
    pub fn remove(&self, kind: u8, matches: Option<&dyn Fn(F, UserData) -> bool>) -> usize {
        let mut l = self.list.lock();
        let before = l.len();
        l.retain(|x| !(x.kind == kind && matches.is_none_or(|m| m(x.cb, x.userdata))));
        self.recompute_mask(&l);
        before - l.len()
    }

    fn recompute_mask(&self, l: &[Listener<F>]) {
        let m = l.iter().fold(0u32, |m, x| m | 1 << x.kind);
        self.mask.store(m, Ordering::Release);
    }

    /// Whether anyone listens for `kind` (cheap).
    pub fn wants(&self, kind: u8) -> bool {
        self.mask.load(Ordering::Acquire) & (1 << kind) != 0
    }

    /// Calls `call(cb, userdata)` for each listener of `kind`, in registration order, on a
    /// snapshot (listeners may call on/off meanwhile); `once` listeners are removed first.
    /// Stops when `go_on()` turns false (the handle was destroyed by a callback).
    pub fn each(&self, kind: u8, go_on: impl Fn() -> bool, mut call: impl FnMut(F, UserData)) {
        // On the stack for the usual few listeners (this runs for every body chunk).
        let mut inline = [None::<Listener<F>>; 4];
        let mut spill: Vec<Listener<F>> = Vec::new();
        {
            let mut l = self.list.lock();
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
        for x in inline.into_iter().flatten().chain(spill) {
            if !go_on() {
                break;
            }
            call(x.cb, x.userdata);
        }
    }
}
