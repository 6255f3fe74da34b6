//! Blocking requests (`http_request_sync`) run on the calling thread, as `curl_easy_perform`
//! does: no hand-off to the worker and back, so no context switch per request. Each thread
//! that makes blocking requests keeps, in a thread-local, a multi handle of its own (its
//! connections, reused by its next blocking requests) and a few idle easy handles; the DNS
//! cache, TLS sessions and the cookie jar are the process share every handle uses
//! (`state::share`). A transfer here is the same [`transfer`] as on the worker: every option,
//! the response cache, redirects, policy checks, retries, server-sent events; its events
//! run on this thread (or go through the request's queue).
//!
//! Another thread reaches a running blocking request through its [`RequestShared`]: the
//! multi handle's address is published there while the request runs, so `http_destroy`
//! and `http_resume` wake `curl_multi_poll` (`curl_multi_wakeup` is thread-safe) and this
//! thread acts at once.

use crate::http::request::RequestShared;
use crate::http::transfer::{self, Handler, Job};
use curl::easy::Easy2;
use curl::multi::{Easy2Handle, Multi};
use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Idle easy handles kept per thread.
const POOL_MAX: usize = 4;
/// The longest single wait in curl_multi_poll (libcurl's own timeouts cut it shorter;
/// `curl_multi_wakeup` ends it at once).
const MAX_WAIT: Duration = Duration::from_secs(1);

struct Local {
    pool: Vec<Easy2<Handler>>,
    multi: Multi,
}

thread_local! {
    static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

/// Runs a job to its completion on this thread. Gives the job back when it cannot run
/// here: a blocking request made from inside a callback of another blocking request on
/// this thread (its multi handle is busy), or one whose DNS servers are asked first (on
/// the resolver's thread); those go to the worker.
pub fn run(job: Box<Job>) -> Result<(), Box<Job>> {
    if !job.opts.net.dns_servers.is_empty() && job.cached.is_none() && job.pre_error.is_none() {
        return Err(job);
    }
    LOCAL.with(|cell| {
        let Ok(mut slot) = cell.try_borrow_mut() else {
            return Err(job);
        };
        let local = slot.get_or_insert_with(|| Local {
            pool: Vec::new(),
            multi: Multi::new(),
        });
        local.run(job);
        Ok(())
    })
}

impl Local {
    fn recycle(&mut self, mut easy: Easy2<Handler>) {
        easy.get_mut().clear();
        if self.pool.len() < POOL_MAX {
            self.pool.push(easy);
        }
    }

    fn run(&mut self, mut job: Box<Job>) {
        /// Withdraws the published multi handle however the run ends (a panic in a
        /// callback included), so no other thread wakes it after this thread is gone.
        struct Published(Arc<RequestShared>);
        impl Drop for Published {
            fn drop(&mut self) {
                self.0.set_local(0);
            }
        }
        let published = Published(job.shared.clone());
        let shared = &published.0;
        shared.set_local(self.multi.raw() as usize);
        loop {
            if job.cached.is_some() {
                transfer::serve_stored(job);
                break;
            }
            let mut easy = self
                .pool
                .pop()
                .unwrap_or_else(|| Easy2::new(Handler::default()));
            if let Err((job, e)) = transfer::start(&mut easy, job) {
                self.recycle(easy);
                transfer::fail_job(job, e);
                break;
            }
            if crate::http::worker::test_refuse_add() {
                // What a failing curl_multi_add_handle does to the handle (debug builds).
                drop(easy);
                break;
            }
            // A failing add drops the handle; its transfer's Drop completes the request.
            let Ok(h) = self.multi.add2(easy) else { break };
            let result = self.drive(&h, shared);
            let Ok(mut easy) = self.multi.remove2(h) else {
                break;
            };
            let Some(mut result) = result else {
                // Destroyed: no callback; a blocked caller gets 2300042 from its waiter.
                self.recycle(easy);
                break;
            };
            if let Err(e) = &mut result {
                if let Some(detail) = easy.take_error_buf() {
                    e.set_extra(detail);
                }
            }
            let next = transfer::finish(&mut easy, result);
            self.recycle(easy);
            match next {
                None => break,
                Some((at, next)) => {
                    // A retry's backoff or an event stream's reconnection delay.
                    if !self.sleep_until(at, shared) {
                        drop(next);
                        break;
                    }
                    job = next;
                }
            }
        }
        drop(published);
        crate::http::state::autosave(Instant::now());
    }

    /// Drives the one transfer until libcurl finishes it (its result) or the request is
    /// destroyed (None).
    fn drive(
        &self,
        h: &Easy2Handle<Handler>,
        shared: &RequestShared,
    ) -> Option<Result<(), curl::Error>> {
        loop {
            if shared.is_cancelled() {
                return None;
            }
            if shared.take_local_unpause() {
                let _ = h.unpause_write();
            }
            if let Err(e) = self.multi.perform() {
                // The multi handle refused to work (out of memory): an internal failure.
                let _ = e;
                return Some(Err(curl::Error::new(curl_sys::CURLE_FAILED_INIT)));
            }
            let mut done = None;
            self.multi.messages(|m| {
                if let Some(r) = m.result_for2(h) {
                    done = Some(r);
                }
            });
            if done.is_some() {
                return done;
            }
            let _ = self.multi.poll(&mut [], MAX_WAIT);
        }
    }

    /// Waits until `at`; false when the request was destroyed meanwhile.
    fn sleep_until(&self, at: Instant, shared: &RequestShared) -> bool {
        loop {
            if shared.is_cancelled() {
                return false;
            }
            let now = Instant::now();
            if now >= at {
                return true;
            }
            let _ = self.multi.poll(&mut [], (at - now).min(MAX_WAIT));
        }
    }
}
