//! HTTP's state on the engine's worker thread: requests waiting for a transfer slot (a
//! priority queue in front of the multi), idle easy handles kept for reuse, and the
//! transfers running. The engine calls it through [`Module`]; requests reach it as
//! [`Command`]s.

use crate::core::engine::{Command, Cx, Engine, Module, Worker};
use crate::http::request::RequestShared;
use crate::http::transfer::{self, Handler, Job};
use curl::easy::Easy2;
use curl::multi::Easy2Handle;
use slab::Slab;
use std::collections::BinaryHeap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Idle easy handles kept for reuse.
const POOL_MAX: usize = 256;

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

/// A request's next attempt waiting for its backoff (`"nethttp": {"retry"}`).
struct Delayed {
    at: std::time::Instant,
    job: Box<Job>,
}

pub struct Http {
    active: Slab<Easy2Handle<Handler>>,
    pending: BinaryHeap<Pending>,
    /// Retries waiting for their time (few: a Vec).
    delayed: Vec<Delayed>,
    pool: Vec<Easy2<Handler>>,
    max_concurrent: usize,
    seq: u64,
}

impl Default for Http {
    fn default() -> Self {
        // Created on the worker with the first request: from here on the queue's
        // backpressure can resume transfers.
        let _ = crate::http::request::RESUME.set(unpause);
        Http {
            active: Slab::new(),
            pending: BinaryHeap::new(),
            delayed: Vec::new(),
            pool: Vec::new(),
            max_concurrent: 0,
            seq: 0,
        }
    }
}

/// Starts a request on the worker.
pub fn submit(job: Box<Job>) {
    Engine::get().send(job);
}

impl Command for Job {
    fn run(self: Box<Self>, w: &mut Worker) {
        if self.cached.is_some() {
            // Answered by the response cache: no network, no transfer slot.
            transfer::serve_stored(self);
            return;
        }
        let (http, _) = w.module::<Http>();
        http.seq += 1;
        http.pending.push(Pending {
            priority: self.opts.priority,
            seq: http.seq,
            job: self,
        });
    }
}

/// Cancels a request's transfer at once (`http_destroy`).
pub struct Cancel(pub Arc<RequestShared>);

impl Command for Cancel {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (http, cx) = w.module::<Http>();
        if let Some(key) = http.find(&self.0) {
            let h = http.active.remove(key);
            if let Ok(mut easy) = cx.multi.remove2(h) {
                easy.get_mut().clear();
                http.recycle(easy);
            }
        }
        // A retry waiting for its backoff goes too (its completion is dropped: a blocked
        // caller gets 2300042, a callback is not called after destroy).
        http.delayed
            .retain(|d| !Arc::ptr_eq(&d.job.shared, &self.0));
    }
}

/// Resumes a transfer paused by the application or by its queue's backpressure.
pub struct Unpause(pub Arc<RequestShared>);

impl Command for Unpause {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (http, _) = w.module::<Http>();
        if let Some(key) = http.find(&self.0) {
            let _ = http.active[key].unpause_write();
        }
    }
}

/// `http_engine_set_max_concurrent`.
pub struct SetMaxConcurrent(pub u32);

impl Command for SetMaxConcurrent {
    fn run(self: Box<Self>, w: &mut Worker) {
        w.module::<Http>().0.max_concurrent = self.0 as usize;
    }
}

impl Http {
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

    /// Keeps an idle handle for reuse. It keeps its options: the next request with the same
    /// options only sets its URL; another is configured after `curl_easy_reset`.
    fn recycle(&mut self, mut easy: Easy2<Handler>) {
        easy.get_mut().clear();
        if self.pool.len() < POOL_MAX {
            self.pool.push(easy);
        }
    }
}

impl Module for Http {
    fn admit(&mut self, cx: &Cx<'_>) {
        while self.can_admit() {
            let Some(Pending { job, .. }) = self.pending.pop() else {
                break;
            };
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
            match cx.add2(easy) {
                Ok(mut h) => {
                    let _ = h.set_token(cx.token(key));
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

    fn ready(&self) -> bool {
        self.can_admit()
    }

    fn done(&mut self, cx: &Cx<'_>, key: usize, result: Result<(), curl::Error>) {
        if !self.active.contains(key) {
            return;
        }
        let h = self.active.remove(key);
        if let Ok(mut easy) = cx.multi.remove2(h) {
            if let Some(s) = easy.get_ref().shared() {
                s.token.store(usize::MAX, Ordering::Release);
            }
            // libcurl's detailed message for the failure, from the handle's error buffer.
            let mut result = result;
            if let Err(e) = &mut result {
                if let Some(detail) = easy.take_error_buf() {
                    e.set_extra(detail);
                }
            }
            if let Some((at, job)) = transfer::finish(&mut easy, result) {
                self.delayed.push(Delayed { at, job });
            }
            self.recycle(easy);
        }
    }

    fn detach_all(&mut self, cx: &Cx<'_>) {
        for h in self.active.drain() {
            let _ = cx.multi.remove2(h);
        }
    }

    fn deadline(&self) -> Option<std::time::Instant> {
        let delayed = self.delayed.iter().map(|d| d.at).min();
        match (delayed, crate::http::state::autosave_at()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    fn timers(&mut self, _: &Cx<'_>, now: std::time::Instant) {
        crate::http::state::autosave(now);
        let mut i = 0;
        while i < self.delayed.len() {
            if self.delayed[i].at <= now {
                let Delayed { job, .. } = self.delayed.swap_remove(i);
                if job.shared.is_cancelled() {
                    continue;
                }
                self.seq += 1;
                self.pending.push(Pending {
                    priority: job.opts.priority,
                    seq: self.seq,
                    job,
                });
            } else {
                i += 1;
            }
        }
    }
}

/// Test hook (debug builds only): `NETHTTP_TEST_REFUSE_ADD=1` drops each started handle
/// as a failing `curl_multi_add_handle` would, to prove its request still completes.
#[cfg(debug_assertions)]
pub(crate) fn test_refuse_add() -> bool {
    std::env::var_os("NETHTTP_TEST_REFUSE_ADD").is_some_and(|v| v == "1")
}
#[cfg(not(debug_assertions))]
pub(crate) fn test_refuse_add() -> bool {
    false
}

/// Resumes a transfer paused by the application or by its queue's backpressure: on the
/// thread running it when it is a blocking request, else on the worker.
pub fn unpause(shared: Arc<RequestShared>) {
    if !shared.unpause_local() {
        Engine::get().send(Box::new(Unpause(shared)));
    }
}
