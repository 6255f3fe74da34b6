//! Server-sent events: an incremental `text/event-stream` parser (the HTML living
//! standard, "Interpreting an event stream") over body chunks split anywhere.
//!
//! Lines end with CRLF, LF or CR (a CR at the end of one chunk and an LF at the start of
//! the next are one line end); a UTF-8 BOM is dropped at the start of a stream only; the
//! stream is decoded as UTF-8 with replacement characters. Fields: `event` (the type,
//! "message" when none), `data` (lines joined with LF), `id` (the last event ID, ignored
//! when it contains NUL), `retry` (ASCII digits only: the reconnection time); comments
//! (`:`) and unknown fields are ignored; a line without a colon is a field with an empty
//! value. An empty line dispatches the event, unless its data is empty. What the stream
//! holds after its last empty line (a cut event) is never dispatched.
//!
//! Memory is bounded: a line, or an event's data, above `max` bytes is an error.

use std::borrow::Cow;

/// One event, borrowed from the parser. Each slice is followed in memory by a NUL byte
/// (`*_z` include it) so that C may read them as strings too.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    /// The type, NUL-terminated.
    pub kind_z: &'a [u8],
    /// The data, NUL-terminated.
    pub data_z: &'a [u8],
    /// The last event ID, NUL-terminated.
    pub id_z: &'a [u8],
}

impl<'a> Event<'a> {
    pub fn kind(&self) -> &'a [u8] {
        &self.kind_z[..self.kind_z.len() - 1]
    }
    pub fn data(&self) -> &'a [u8] {
        &self.data_z[..self.data_z.len() - 1]
    }
    pub fn id(&self) -> &'a [u8] {
        &self.id_z[..self.id_z.len() - 1]
    }
}

/// A line or an event's data beyond the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    pub what: &'static str,
    pub max: usize,
}

/// The parser's state for one stream, and what outlives a stream (the last event ID and
/// the reconnection time) for the next one after a reconnection.
#[derive(Debug)]
pub struct Parser {
    /// The line so far (no terminator yet).
    line: Vec<u8>,
    /// The data buffer: lines joined with LF (and an LF after the last).
    data: Vec<u8>,
    /// The event type buffer (empty: "message").
    kind: Vec<u8>,
    /// The last event ID buffer (set by `id`), NUL-terminated at dispatch.
    id_buf: Vec<u8>,
    /// The last event ID string (committed at each dispatch), what `Last-Event-ID` sends.
    last_id: Vec<u8>,
    /// The stream's first line is still to come (a BOM may start it).
    first_line: bool,
    /// The previous chunk ended with CR: an LF starting the next one ends nothing.
    after_cr: bool,
    /// The reconnection time the stream asked for (`retry`), in milliseconds.
    retry_ms: Option<u64>,
    /// The longest line, and the most data one event may hold (bytes).
    max: usize,
}

impl Parser {
    pub fn new(max: usize) -> Parser {
        Parser {
            line: Vec::new(),
            data: Vec::new(),
            kind: Vec::new(),
            id_buf: Vec::new(),
            last_id: Vec::new(),
            first_line: true,
            after_cr: false,
            retry_ms: None,
            max,
        }
    }

    /// A new stream (a reconnection): what a cut event left is discarded; the last event
    /// ID and the reconnection time stay.
    pub fn reset(&mut self) {
        self.line.clear();
        self.data.clear();
        self.kind.clear();
        self.id_buf.clear();
        self.id_buf.extend_from_slice(&self.last_id);
        self.first_line = true;
        self.after_cr = false;
    }

    /// The last event ID string (empty: none).
    pub fn last_event_id(&self) -> &[u8] {
        &self.last_id
    }

    /// The reconnection time the stream's last valid `retry` field set.
    pub fn retry_ms(&self) -> Option<u64> {
        self.retry_ms
    }

    /// Parses one chunk of the stream, calling `on` for each event it completes.
    pub fn feed(
        &mut self,
        mut input: &[u8],
        on: &mut dyn FnMut(Event<'_>),
    ) -> Result<(), TooLarge> {
        if self.after_cr && !input.is_empty() {
            self.after_cr = false;
            if input[0] == b'\n' {
                input = &input[1..];
            }
        }
        while !input.is_empty() {
            let Some(i) = input.iter().position(|&b| b == b'\n' || b == b'\r') else {
                if self.line.len() + input.len() > self.max {
                    return Err(self.too_large("line"));
                }
                self.line.extend_from_slice(input);
                return Ok(());
            };
            let end = input[i];
            if self.line.is_empty() {
                self.line_done(&input[..i], on)?;
            } else {
                if self.line.len() + i > self.max {
                    return Err(self.too_large("line"));
                }
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&input[..i]);
                let r = self.line_done(&line, on);
                line.clear();
                self.line = line; // keeps its capacity
                r?;
            }
            input = &input[i + 1..];
            if end == b'\r' {
                match input.first() {
                    Some(b'\n') => input = &input[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        Ok(())
    }

    fn too_large(&self, what: &'static str) -> TooLarge {
        TooLarge {
            what,
            max: self.max,
        }
    }

    fn line_done(
        &mut self,
        mut line: &[u8],
        on: &mut dyn FnMut(Event<'_>),
    ) -> Result<(), TooLarge> {
        if line.len() > self.max {
            return Err(self.too_large("line"));
        }
        if std::mem::take(&mut self.first_line) {
            line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
        }
        if line.is_empty() {
            self.dispatch(on);
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(c) => {
                let v = &line[c + 1..];
                (&line[..c], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        match name {
            b"event" => {
                self.kind.clear();
                self.kind.extend_from_slice(&utf8(value));
            }
            b"data" => {
                let v = utf8(value);
                if self.data.len() + v.len() + 1 > self.max {
                    return Err(self.too_large("event's data"));
                }
                self.data.extend_from_slice(&v);
                self.data.push(b'\n');
            }
            // An ID with NUL is ignored (it could not be sent back in Last-Event-ID).
            b"id" if !value.contains(&0) => {
                self.id_buf.clear();
                self.id_buf.extend_from_slice(&utf8(value));
            }
            // Only ASCII digits; anything else is ignored.
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                let ms = value.iter().fold(0u64, |n, d| {
                    n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
                });
                self.retry_ms = Some(ms);
            }
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self, on: &mut dyn FnMut(Event<'_>)) {
        self.last_id.clear();
        self.last_id.extend_from_slice(&self.id_buf);
        if self.data.is_empty() {
            self.kind.clear();
            return;
        }
        // The data's last LF becomes its NUL.
        let last = self.data.len() - 1;
        self.data[last] = 0;
        if self.kind.is_empty() {
            self.kind.extend_from_slice(b"message");
        }
        self.kind.push(0);
        self.last_id.push(0);
        on(Event {
            kind_z: &self.kind,
            data_z: &self.data,
            id_z: &self.last_id,
        });
        self.last_id.pop();
        self.kind.clear();
        self.data.clear();
    }
}

/// The UTF-8 decode of the standard: invalid sequences become U+FFFD (no copy when valid).
fn utf8(b: &[u8]) -> Cow<'_, [u8]> {
    match String::from_utf8_lossy(b) {
        Cow::Borrowed(s) => Cow::Borrowed(s.as_bytes()),
        Cow::Owned(s) => Cow::Owned(s.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Eq, Clone)]
    struct Ev(String, String, String);

    fn collect(p: &mut Parser, chunks: &[&[u8]]) -> Result<Vec<Ev>, TooLarge> {
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c, &mut |e| {
                assert_eq!(e.kind_z.last(), Some(&0));
                assert_eq!(e.data_z.last(), Some(&0));
                assert_eq!(e.id_z.last(), Some(&0));
                out.push(Ev(
                    String::from_utf8(e.kind().to_vec()).unwrap(),
                    String::from_utf8(e.data().to_vec()).unwrap(),
                    String::from_utf8(e.id().to_vec()).unwrap(),
                ))
            })?;
        }
        Ok(out)
    }

    fn parse(s: &[u8]) -> Vec<Ev> {
        collect(&mut Parser::new(1 << 20), &[s]).unwrap()
    }

    fn ev(k: &str, d: &str, i: &str) -> Ev {
        Ev(k.into(), d.into(), i.into())
    }

    #[test]
    fn fields_and_defaults() {
        assert_eq!(
            parse(b"data: a\ndata:b\n\nevent: up\ndata:  two spaces\nid: 7\n\n"),
            vec![ev("message", "a\nb", ""), ev("up", " two spaces", "7")]
        );
    }

    #[test]
    fn line_ends_and_bom() {
        assert_eq!(
            parse(b"\xEF\xBB\xBFdata: x\r\n\r\ndata: y\r\rdata: z\n\n"),
            vec![
                ev("message", "x", ""),
                ev("message", "y", ""),
                ev("message", "z", "")
            ]
        );
        // A BOM later on is part of the field name: an unknown field.
        assert_eq!(
            parse(b"data: a\n\n\xEF\xBB\xBFdata: b\n\n"),
            vec![ev("message", "a", "")]
        );
        // Only one BOM is dropped.
        assert_eq!(parse(b"\xEF\xBB\xBF\xEF\xBB\xBFdata: b\n\n"), vec![]);
    }

    #[test]
    fn empty_data_not_dispatched_but_id_kept() {
        let mut p = Parser::new(1024);
        let evs = collect(&mut p, &[b"id: 5\nevent: x\n\ndata\n\n"]).unwrap();
        // `data` with no colon: an empty data line, dispatched as "" (data buffer "\n").
        assert_eq!(evs, vec![ev("message", "", "5")]);
        assert_eq!(p.last_event_id(), b"5");
        assert_eq!(parse(b"event: x\n\n"), vec![]);
    }

    #[test]
    fn id_with_nul_ignored_and_retry_digits_only() {
        let mut p = Parser::new(1024);
        let evs = collect(
            &mut p,
            &[b"id: 1\n\nid: a\0b\ndata: d\nretry: 12x\nretry: -1\nretry:\nretry: 250\n\n"],
        )
        .unwrap();
        assert_eq!(evs, vec![ev("message", "d", "1")]);
        assert_eq!(p.retry_ms(), Some(250));
        let mut p = Parser::new(1024);
        collect(&mut p, &[b"retry: 1.5\nretry:  7\n\n"]).unwrap();
        assert_eq!(p.retry_ms(), None);
        collect(&mut p, &[b"retry: 99999999999999999999999\n"]).unwrap();
        assert_eq!(p.retry_ms(), Some(u64::MAX));
    }

    #[test]
    fn comments_unknown_fields_and_no_colon() {
        assert_eq!(
            parse(b": hello\nfoo: bar\ndata\ndata\nevent\n\n"),
            vec![ev("message", "\n", "")]
        );
        // "event" with no colon is an empty type: "message".
        assert_eq!(
            parse(b"event: a\nevent\ndata: x\n\n"),
            vec![ev("message", "x", "")]
        );
    }

    #[test]
    fn cut_event_discarded_and_reset() {
        let mut p = Parser::new(1024);
        let evs = collect(&mut p, &[b"id: 1\ndata: a\n\nid: 2\ndata: cut"]).unwrap();
        assert_eq!(evs, vec![ev("message", "a", "1")]);
        p.reset();
        assert_eq!(p.last_event_id(), b"1");
        let evs = collect(&mut p, &[b"\xEF\xBB\xBFdata: b\n\n"]).unwrap();
        assert_eq!(evs, vec![ev("message", "b", "1")]);
    }

    #[test]
    fn invalid_utf8_replaced() {
        assert_eq!(
            parse(b"data: a\xFFb\n\n"),
            vec![ev("message", "a\u{FFFD}b", "")]
        );
    }

    #[test]
    fn limits() {
        let mut p = Parser::new(16);
        let e = collect(&mut p, &[b"data: 0123456789", b"0123456789"]).unwrap_err();
        assert_eq!(e.what, "line");
        let mut p = Parser::new(16);
        let e = collect(&mut p, &[b"data: 0123456789abcdef\n"]).unwrap_err();
        assert_eq!(e.what, "line");
        let mut p = Parser::new(16);
        let e = collect(&mut p, &[b"data: 012345\ndata: 012345\ndata: 01\n"]).unwrap_err();
        assert_eq!(e.what, "event's data");
        // Comments count as lines too, but many short ones are fine.
        let mut p = Parser::new(16);
        for _ in 0..1000 {
            collect(&mut p, &[b": keep-alive\n"]).unwrap();
        }
    }

    #[test]
    fn cr_at_chunk_end() {
        let mut p = Parser::new(1024);
        let evs = collect(&mut p, &[b"data: a\r", b"\ndata: b\r", b"", b"\n\r", b"\n"]).unwrap();
        assert_eq!(evs, vec![ev("message", "a\nb", "")]);
    }

    use proptest::prelude::*;

    proptest! {
        /// Any split of the same bytes gives the same events and the same final state.
        #[test]
        fn any_split_same_events(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(&b"data: x"[..]), Just(&b"data"[..]), Just(&b":c"[..]),
                    Just(&b"id: 4"[..]), Just(&b"id: a\0"[..]), Just(&b"event: e"[..]),
                    Just(&b"retry: 12"[..]), Just(&b"retry: 1x"[..]), Just(&b"\r"[..]),
                    Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\xEF\xBB\xBF"[..]),
                    Just(&b"\xE2\x82"[..]), Just(&b"\xAC"[..]), Just(&b" "[..]),
                    Just(&b":"[..]),
                ],
                0..40,
            ),
            cuts in proptest::collection::vec(any::<prop::sample::Index>(), 0..8),
        ) {
            let bytes: Vec<u8> = parts.concat();
            let mut whole = Parser::new(1 << 16);
            let a = collect(&mut whole, &[&bytes]).unwrap();
            let mut at: Vec<usize> = cuts.iter().map(|i| i.index(bytes.len() + 1)).collect();
            at.sort_unstable();
            let mut chunks = Vec::new();
            let mut prev = 0;
            for c in at {
                chunks.push(&bytes[prev..c]);
                prev = c;
            }
            chunks.push(&bytes[prev..]);
            let mut split = Parser::new(1 << 16);
            let b = collect(&mut split, &chunks).unwrap();
            prop_assert_eq!(a, b);
            prop_assert_eq!(whole.last_event_id(), split.last_event_id());
            prop_assert_eq!(whole.retry_ms(), split.retry_ms());
        }

        /// Byte by byte, arbitrary input: never a panic, never more than the limit held.
        #[test]
        fn arbitrary_bytes_bounded(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut p = Parser::new(64);
            for b in &bytes {
                if p.feed(std::slice::from_ref(b), &mut |_| {}).is_err() {
                    break;
                }
                prop_assert!(p.line.len() <= 64 && p.data.len() <= 64);
            }
        }
    }
}
