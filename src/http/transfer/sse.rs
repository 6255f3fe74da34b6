//! A server-sent events request's side of a transfer (`"nethttp": {"sse"}`): the response
//! check, the body into the parser, and the reconnection. Only requests in SSE mode carry
//! an [`SseState`]; the others pay one `Option` check where it is consulted.

use super::*;
use crate::http::options::SseOptions;
use crate::http::sse::Parser;

/// What an SSE request keeps from one connection to the next (boxed: moved, not copied,
/// into the next attempt's job).
pub struct SseState {
    parser: Parser,
    opts: SseOptions,
    /// Reconnections made so far.
    reconnects: u32,
    /// This connection's response was a 200 `text/event-stream` (the stream is open).
    open: bool,
}

impl SseState {
    pub fn new(opts: SseOptions) -> Box<SseState> {
        Box::new(SseState {
            parser: Parser::new(opts.max_event_size as usize),
            opts,
            reconnects: 0,
            open: false,
        })
    }

    /// Whether another connection is allowed after this one.
    pub fn may_reconnect(&self) -> bool {
        self.reconnects < self.opts.max_reconnects
    }
}

/// Whether a Content-Type names `text/event-stream` (parameters aside, any case).
fn is_event_stream(ct: &str) -> bool {
    ct.split(';')
        .next()
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("text/event-stream"))
}

impl Transfer {
    /// The final response's head: a 200 `text/event-stream` opens the stream; anything
    /// else fails the request (the HTML standard's "fail the connection": no reconnection).
    pub(super) fn sse_check(&mut self, code: u32) -> bool {
        let Some(s) = self.sse.as_mut() else {
            return true;
        };
        let ct = self.head.get("content-type");
        if code == 200 && ct.is_some_and(is_event_stream) {
            s.open = true;
            return true;
        }
        let e = Error::new(
            error::SSE_NOT_EVENT_STREAM,
            format!(
                "not an event stream: status {code}, Content-Type {}",
                ct.map_or_else(|| "(none)".to_string(), |c| format!("{c:?}"))
            ),
        );
        self.fail(e);
        false
    }

    /// Decoded body bytes of an SSE response: into the parser, events out. False stops the
    /// transfer (a line or an event's data beyond maxEventSize, or the request destroyed).
    pub(super) fn sse_deliver(&mut self, data: &[u8]) -> bool {
        let Some(s) = self.sse.as_mut() else {
            return true;
        };
        let delivery = &self.delivery;
        if let Err(e) = s
            .parser
            .feed(data, &mut |ev| delivery.event(EventRef::Sse(ev)))
        {
            self.fail(Error::new(
                error::SSE_TOO_LARGE,
                format!(
                    "the event stream's {} exceeds maxEventSize of {} bytes",
                    e.what, e.max
                ),
            ));
            return false;
        }
        self.received += data.len() as u64;
        if self
            .delivery
            .wants(crate::http::request::http_event_type::HTTP_EVENT_DATA_RECEIVE_PROGRESS)
        {
            self.delivery
                .event(EventRef::ReceiveProgress(self.received, 0));
        }
        !self.delivery.shared.is_cancelled()
    }

    /// After the connection ended: the wait before a reconnection, when one is due. The
    /// stream ended or broke after it opened, or the connection failed on the network (the
    /// HTML standard's "reestablish the connection"); never after a failed check or limit,
    /// nor once the reconnections are used up.
    pub(super) fn sse_reconnect_delay(&self, result: &Result<(), curl::Error>) -> Option<Duration> {
        let s = self.sse.as_ref()?;
        if !s.may_reconnect() || self.error.is_some() || self.delivery.shared.is_cancelled() {
            return None;
        }
        let due = match result {
            Ok(()) => s.open,
            // Any network failure, whether or not it had connected.
            Err(e) => Failure::of(e, false) != Failure::Other,
        };
        let ms = s.parser.retry_ms().map_or(u64::from(s.opts.retry_ms), |r| {
            r.min(u64::from(SseOptions::MAX_RETRY_MS))
        });
        due.then(|| Duration::from_millis(ms))
    }

    /// The next connection of an SSE request: the same request with `Last-Event-ID` when
    /// the stream gave an ID, the parser ready for a new stream. Fires SSE_RECONNECT.
    pub(super) fn sse_reconnect_job(&mut self, delay: Duration) -> Option<Box<Job>> {
        let mut s = self.sse.take()?;
        let mut r = self.retry.take()?;
        let completion = self.completion.take()?;
        s.reconnects += 1;
        s.open = false;
        s.parser.reset();
        if !s.parser.last_event_id().is_empty() {
            let id = String::from_utf8_lossy(s.parser.last_event_id()).into_owned();
            // The ID has no CR, LF or NUL (a line cannot hold them; NUL makes it ignored).
            let _ = Arc::make_mut(&mut r.opts).add_header("Last-Event-ID", &id);
        }
        self.delivery.event(EventRef::SseReconnect(
            u64::from(s.reconnects),
            delay.as_millis() as u64,
        ));
        let retries = self.retries;
        Some(self.next_job(*r, completion, None, retries, Some(s)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn event_stream_content_types() {
        assert!(super::is_event_stream("text/event-stream"));
        assert!(super::is_event_stream("Text/Event-Stream; charset=utf-8"));
        assert!(!super::is_event_stream("text/plain"));
        assert!(!super::is_event_stream("text/event-streams"));
        assert!(!super::is_event_stream(""));
    }
}
