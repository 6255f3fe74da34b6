//! Queued delivery, for any module: events produced on the worker wait in a [`Queue`] until
//! the application calls `dispatch` on the thread where it wants its callbacks; an eventfd
//! (a pipe where eventfd is missing) is readable while items wait.
//!
//! The queue knows nothing of protocols: an item is a [`Target`] (a module's handle) and a
//! [`Payload`] (an event kind and its data); the target runs its own listeners when the item
//! is dispatched. On the worker, signals are deferred to the end of the loop's turn
//! ([`flush_signals`]): one wake-up of the application per burst of items.

use parking_lot::Mutex;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::ffi::c_void;
use std::sync::Arc;

/// An event's data, as queued. `kind` is the module's own event number.
pub enum Payload {
    /// A chunk of bytes (consecutive chunks of one target and kind merge while they wait).
    Bytes(u8, Vec<u8>),
    /// A text shared with other deliveries.
    Text(u8, Arc<str>),
    /// Two numbers (progress: current and total).
    Numbers(u8, u64, u64),
    /// An event without data, or one whose data the target keeps itself (a completion).
    Signal(u8),
    /// A module's own event value (the target knows its type).
    Custom(Box<dyn std::any::Any + Send>),
}

/// A handle whose events go through a queue.
pub trait Target: Send + Sync + 'static {
    /// Runs the listeners for one dispatched item, on the dispatching thread.
    fn deliver(self: Arc<Self>, payload: Payload);
}

struct Item {
    target: Arc<dyn Target>,
    payload: Payload,
}

/// Queued bytes of one target merged into one item at most.
const COALESCE_MAX: usize = 256 * 1024;

thread_local! {
    /// On the worker thread: queues that got items during this turn of the loop and whose
    /// fd is still to be signalled. None on every other thread (signals go out at once).
    static DEFERRED: RefCell<Option<Vec<Arc<Queue>>>> = const { RefCell::new(None) };
}

/// Makes queue signals from the calling thread (the worker) wait for [`flush_signals`].
pub fn defer_signals() {
    DEFERRED.with(|d| *d.borrow_mut() = Some(Vec::new()));
}

/// Signals every queue that got items since the last call. The worker calls it at the end
/// of each turn, before it may sleep. Returns whether any queue was signalled.
pub fn flush_signals() -> bool {
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

fn same_target(a: &Arc<dyn Target>, b: &Arc<dyn Target>) -> bool {
    std::ptr::addr_eq(Arc::as_ptr(a), Arc::as_ptr(b))
}

/// A delivery queue (see `http_queue_new`): callbacks run on the thread that calls
/// `http_queue_dispatch`.
pub struct Queue {
    items: Mutex<VecDeque<Item>>,
    read_fd: i32,
    write_fd: i32,
    /// Freed by the application (`http_queue_free`): nothing is queued any more. Handles
    /// still attached hold the queue, and queued items hold their handles: without this
    /// the two would keep each other alive.
    closed: std::sync::atomic::AtomicBool,
}

impl Queue {
    pub fn new() -> std::io::Result<Queue> {
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
                closed: Default::default(),
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
                closed: Default::default(),
            })
        }
    }

    pub fn fd(&self) -> i32 {
        self.read_fd
    }

    /// The application freed the queue: pending items are dropped (outside the lock), later
    /// ones are not queued.
    pub fn close(&self) {
        self.closed
            .store(true, std::sync::atomic::Ordering::Release);
        let items = std::mem::take(&mut *self.items.lock());
        drop(items);
    }

    fn is_closed(&self) -> bool {
        self.closed.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Queues one item for `target`.
    pub fn push(self: &Arc<Self>, target: Arc<dyn Target>, payload: Payload) {
        if self.is_closed() {
            return;
        }
        let was_empty = {
            let mut q = self.items.lock();
            q.push_back(Item { target, payload });
            q.len() == 1
        };
        if was_empty {
            self.signal_soon();
        }
    }

    /// Queues a chunk of bytes, appended to the previous item when that is a chunk of the
    /// same target and kind still waiting: one allocation and one callback per burst
    /// instead of per libcurl chunk.
    pub fn push_bytes(self: &Arc<Self>, target: &Arc<dyn Target>, kind: u8, d: &[u8]) {
        if self.is_closed() {
            return;
        }
        let was_empty = {
            let mut q = self.items.lock();
            if let Some(Item {
                target: t,
                payload: Payload::Bytes(k, buf),
            }) = q.back_mut()
            {
                if *k == kind && same_target(t, target) && buf.len() + d.len() <= COALESCE_MAX {
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
            q.push_back(Item {
                target: target.clone(),
                payload: Payload::Bytes(kind, buf),
            });
            q.len() == 1
        };
        if was_empty {
            self.signal_soon();
        }
    }

    /// Signals the fd now, or, on the worker, once at the end of its turn.
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
            item.target.deliver(item.payload);
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
