//! The response header block parser: lines as libcurl delivers them, scanned lazily for the
//! fields a transfer needs (status, Content-Type/-Length/-Encoding, Location, Set-Cookie
//! count) and parsed into fields only when they are read.

use serde_json::{Map, Value};

/// One line of a response head as libcurl delivers it, classified (names keep their case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderLine<'a> {
    /// `HTTP/1.1 200 OK`: starts a new header block (interim, redirect or final).
    Status(&'a str),
    /// obs-fold: more of the previous field's value (trimmed).
    Continuation(&'a str),
    /// `Name: value`, both trimmed.
    Field(&'a str, &'a str),
    /// The empty line that ends a header block.
    End,
    /// Anything else (a line without a colon).
    Other,
}

impl<'a> HeaderLine<'a> {
    pub fn parse(line: &'a str) -> HeaderLine<'a> {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            HeaderLine::End
        } else if line.starts_with("HTTP/") {
            HeaderLine::Status(line.trim_end())
        } else if line.starts_with([' ', '\t']) {
            HeaderLine::Continuation(line.trim())
        } else if let Some((name, value)) = line.split_once(':') {
            HeaderLine::Field(name.trim(), value.trim())
        } else {
            HeaderLine::Other
        }
    }
}

/// The header block of one HTTP response. The header callback only appends each raw line
/// ([`push_line`](Self::push_line)); the block is parsed once, when it is complete
/// ([`end_block`](Self::end_block)), into one string plus spans: two allocations per
/// response rather than two per field, and one UTF-8 check per block rather than per line.
#[derive(Debug, Clone, Default)]
pub struct HeaderBlock {
    /// Raw lines (CRLFs included) of the block still being received, and where each ends.
    pending: Vec<u8>,
    line_ends: Vec<u32>,
    /// The block's text: either the received lines themselves (names lowercased in place;
    /// the usual case, no copy) or the status line and each field's name and value back to
    /// back (blocks with folded lines, invalid UTF-8, built ones). Read through the spans.
    text: String,
    status_end: u32,
    /// Status code of the status line (0 when absent or unparsable).
    status: u32,
    /// (name start, name end, value start, value end) in `text`, in arrival order.
    fields: Vec<(u32, u32, u32, u32)>,
    /// Index + 1 in `fields` of the first field of each name in [`KNOWN`] (0: none), noted
    /// while parsing: the transfer and the response look these up for every response.
    known: [u32; KNOWN.len()],
    /// How many `set-cookie` fields the block has.
    cookie_fields: u16,
    /// A complete block received but not parsed yet ([`end_block_lazy`](Self::end_block_lazy)):
    /// `pending` holds its raw lines (status line first, no folded line), `raw_known` the
    /// value spans of the [`KNOWN`] fields in it; `text` and `fields` are empty until
    /// [`ensure_parsed`](Self::ensure_parsed) (or, for a response, its first read of a field).
    unparsed: bool,
    /// Value (start, end) in `pending` of the first field of each [`KNOWN`] name while
    /// `unparsed` (start `u32::MAX`: none). Checked to be UTF-8, as is the status line.
    raw_known: [(u32, u32); KNOWN.len()],
}

/// Field names looked up for every response (by the transfer: redirects, decoding, the
/// maxLimit check; by the response: its result type).
const KNOWN: [&str; 4] = [
    "content-type",
    "content-length",
    "content-encoding",
    "location",
];

impl HeaderBlock {
    pub fn clear(&mut self) {
        self.pending.clear();
        self.line_ends.clear();
        self.text.clear();
        self.status_end = 0;
        self.status = 0;
        self.fields.clear();
        self.known = Default::default();
        self.cookie_fields = 0;
        self.unparsed = false;
    }

    /// Notes the field just pushed (lowercased name) in `known` / `cookie_fields`.
    fn note_field(&mut self) {
        let i = self.fields.len();
        let (a, b, _, _) = self.fields[i - 1];
        let name = &self.text.as_bytes()[a as usize..b as usize];
        note_name(&mut self.known, &mut self.cookie_fields, i, name);
    }

    /// Moves the complete block out, for a response, parsed or not (the response parses it
    /// on its first read of a field); the line-end buffer stays here for the next block.
    pub fn take_block(&mut self) -> HeaderBlock {
        let unparsed = std::mem::take(&mut self.unparsed);
        HeaderBlock {
            // An unparsed block's text is its raw lines (line ends found again when parsed).
            pending: if unparsed {
                std::mem::take(&mut self.pending)
            } else {
                Vec::new()
            },
            line_ends: Vec::new(),
            text: std::mem::take(&mut self.text),
            status_end: std::mem::take(&mut self.status_end),
            status: std::mem::take(&mut self.status),
            fields: std::mem::take(&mut self.fields),
            known: std::mem::take(&mut self.known),
            cookie_fields: std::mem::take(&mut self.cookie_fields),
            unparsed,
            raw_known: self.raw_known,
        }
    }

    /// Whether the block's fields can be read (see [`end_block_lazy`](Self::end_block_lazy)).
    pub fn is_parsed(&self) -> bool {
        !self.unparsed
    }

    /// Parses a block ended by [`end_block_lazy`](Self::end_block_lazy); nothing otherwise.
    pub fn ensure_parsed(&mut self) {
        if !self.unparsed {
            return;
        }
        self.unparsed = false;
        if self.line_ends.is_empty() {
            // Moved out by take_block: every line libcurl handed over ends with its LF.
            let mut at = 0;
            while let Some(i) = find_byte(b'\n', &self.pending[at..]) {
                at += i + 1;
                self.line_ends.push(at as u32);
            }
            if at < self.pending.len() {
                self.line_ends.push(self.pending.len() as u32);
            }
        }
        self.end_block();
    }

    /// A parsed copy (the block itself when it is parsed already).
    pub fn parsed_copy(&self) -> HeaderBlock {
        let mut b = self.clone();
        b.ensure_parsed();
        b
    }

    /// How many `set-cookie` fields the block has.
    pub fn cookie_field_count(&self) -> usize {
        self.cookie_fields.into()
    }

    /// Takes one raw header line from libcurl (with its CRLF). A status line starts a new
    /// block (after a redirect or a 1xx). Call [`end_block`](Self::end_block) before
    /// reading the block.
    pub fn push_line(&mut self, line: &[u8]) {
        if line.starts_with(b"HTTP/") {
            // A new block replaces the current one, parsed or not.
            self.unparsed = false;
            self.pending.clear();
            self.line_ends.clear();
            if self.pending.capacity() == 0 {
                self.pending.reserve(256);
                self.line_ends.reserve(16);
            }
        } else if self.unparsed {
            // Lines that add to an unparsed block (trailers): it is parsed first.
            self.ensure_parsed();
        }
        self.pending.extend_from_slice(line);
        self.line_ends.push(self.pending.len() as u32);
    }

    /// Whether the lines pushed since the last [`end_block`](Self::end_block) start with a
    /// status line (a new block) rather than add to the current one.
    pub fn pending_starts_block(&self) -> bool {
        self.pending.starts_with(b"HTTP/")
    }

    /// Parses the lines pushed since the last call: a block starting with a status line
    /// replaces what the block held; other lines (trailers) add fields to it. Invalid UTF-8
    /// is replaced (as `String::from_utf8_lossy` does).
    pub fn end_block(&mut self) {
        if self.unparsed {
            self.ensure_parsed();
            return;
        }
        if self.pending.is_empty() {
            return;
        }
        if self.pending.starts_with(b"HTTP/") && self.end_block_in_place() {
            return;
        }
        // Lines without a status line (chunked trailers) add to the current block.
        let pending = std::mem::take(&mut self.pending);
        let line_ends = std::mem::take(&mut self.line_ends);
        self.text.reserve(pending.len());
        // Line ends come from push_line (one per line libcurl delivered, with or without a
        // line end). Invalid UTF-8 is replaced line by line, so the lines stay the lines
        // that arrived (found again by '\n' they would merge a line without an end into the
        // next one: a fuzzing find).
        let found;
        let (all, ends): (std::borrow::Cow<'_, str>, &[u32]) = match std::str::from_utf8(&pending) {
            Ok(t) => (std::borrow::Cow::Borrowed(t), &line_ends),
            Err(_) => {
                let mut text = String::with_capacity(pending.len() + 16);
                let mut new_ends = Vec::with_capacity(line_ends.len());
                let mut start = 0usize;
                for &end in line_ends.iter() {
                    let end = (end as usize).min(pending.len());
                    if end <= start {
                        continue;
                    }
                    text.push_str(&String::from_utf8_lossy(&pending[start..end]));
                    new_ends.push(text.len() as u32);
                    start = end;
                }
                if start < pending.len() {
                    text.push_str(&String::from_utf8_lossy(&pending[start..]));
                    new_ends.push(text.len() as u32);
                }
                found = new_ends;
                (std::borrow::Cow::Owned(text), &found)
            }
        };
        let mut pos = 0;
        for &end in ends {
            let end = end as usize;
            if end <= pos {
                continue;
            }
            // Every position is at an ASCII byte (a line end, ':'), hence a char boundary.
            let mut stop = end;
            let b = all.as_bytes();
            while stop > pos && matches!(b[stop - 1], b'\r' | b'\n') {
                stop -= 1;
            }
            let line = &all[pos..stop];
            pos = end;
            let lb = line.as_bytes();
            if lb.starts_with(b"HTTP/") {
                self.text.clear();
                self.fields.clear();
                self.known = Default::default();
                self.cookie_fields = 0;
                self.text.push_str(line.trim_ascii_end());
                self.status_end = self.text.len() as u32;
                self.status = parse_status(self.status_line());
            } else if matches!(lb.first(), Some(b' ' | b'\t')) {
                // obs-fold: continuation of the previous field's value, moved to the end
                // of `text` first unless it is there already.
                if let Some(last) = self.fields.last_mut() {
                    if last.3 as usize != self.text.len() {
                        let start = self.text.len();
                        self.text
                            .extend_from_within(last.2 as usize..last.3 as usize);
                        last.2 = start as u32;
                    }
                    self.text.push(' ');
                    self.text.push_str(line.trim_ascii());
                    last.3 = self.text.len() as u32;
                }
            } else if let Some(colon) = lb.iter().position(|&c| c == b':') {
                self.push_field(&line[..colon], &line[colon + 1..]);
            }
        }
        // Keep the buffer for the next block (redirects, 1xx).
        drop(all);
        self.pending = pending;
        self.pending.clear();
        self.line_ends = line_ends;
        self.line_ends.clear();
    }

    /// Ends a block like [`end_block`](Self::end_block), but a new block (status line first,
    /// no folded line) is not parsed: only its status, the values of the [`KNOWN`] fields and
    /// the number of `set-cookie` fields are taken from the raw lines (what a transfer needs
    /// for every response). Its fields are parsed by [`ensure_parsed`](Self::ensure_parsed),
    /// or by the response on its first read of them: most applications never read them.
    /// Falls back to `end_block` for trailers, folded lines and invalid UTF-8 in the status
    /// line or a known field's value.
    pub fn end_block_lazy(&mut self) {
        if self.unparsed {
            return; // ended already: the raw block is all `pending` holds
        }
        if !self.pending.starts_with(b"HTTP/") || !self.scan_raw() {
            self.end_block();
        }
    }

    /// The scan of [`end_block_lazy`](Self::end_block_lazy); false (nothing changed) when the
    /// block needs the parser.
    fn scan_raw(&mut self) -> bool {
        let b = &self.pending[..];
        let ends = &self.line_ends[..];
        let Some((&first_end, rest)) = ends.split_first() else {
            return false;
        };
        let status = strip_eol(&b[..first_end as usize]).trim_ascii_end();
        if !is_utf8(status) {
            return false;
        }
        let status_end = status.len();
        let mut known = [(u32::MAX, 0u32); KNOWN.len()];
        let mut cookies = 0u16;
        let mut pos = first_end as usize;
        for &end in rest {
            let end = end as usize;
            let Some(&first) = b[pos..end].first() else {
                continue;
            };
            // Only names starting with c, l or s are looked for; any other line costs this
            // one test. A line starting with whitespace continues the previous one (obs-fold)
            // or needs the parser's trimming: the parser takes the block.
            if !matches!(first | 0x20, b'c' | b'l' | b's') {
                if first.is_ascii_whitespace() {
                    return false;
                }
                pos = end;
                continue;
            }
            let line = strip_eol(&b[pos..end]);
            if let Some(colon) = find_byte(b':', line) {
                let name = line[..colon].trim_ascii();
                // Only the lengths of the names looked for are compared.
                if matches!(name.len(), 8 | 10 | 12 | 14 | 16) {
                    if name.eq_ignore_ascii_case(b"set-cookie") {
                        cookies = cookies.saturating_add(1);
                    } else if let Some(k) = KNOWN
                        .iter()
                        .position(|k| name.eq_ignore_ascii_case(k.as_bytes()))
                    {
                        if known[k].0 == u32::MAX {
                            let value = &line[colon + 1..];
                            let vs = value.len() - value.trim_ascii_start().len();
                            let v = value[vs..].trim_ascii_end();
                            if !is_utf8(v) {
                                return false;
                            }
                            let start = pos + colon + 1 + vs;
                            known[k] = (start as u32, (start + v.len()) as u32);
                        }
                    }
                }
            }
            pos = end;
        }
        self.status_end = status_end as u32;
        self.raw_known = known;
        self.cookie_fields = cookies;
        self.known = Default::default();
        self.fields.clear();
        self.text.clear();
        self.unparsed = true;
        self.status = parse_status(self.status_line());
        true
    }

    /// A span of an unparsed block's raw lines that the scan checked to be UTF-8 (the
    /// status line, the [`KNOWN`] values).
    fn raw_str(&self, start: u32, end: u32) -> &str {
        let bytes = &self.pending[start as usize..end as usize];
        debug_assert!(self.unparsed && std::str::from_utf8(bytes).is_ok());
        // SAFETY: `scan_raw` checked these bytes to be UTF-8 (else the block is parsed and
        // not `unparsed`), and `pending` does not change while the block is unparsed:
        // push_line parses it before adding to it and clears the state for a new block.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// The fast path of [`end_block`](Self::end_block) for a new block (status line first)
    /// that is valid UTF-8 without folded lines: the received text becomes the block's text
    /// as it is (field names lowercased in place) and the old text's buffer takes the next
    /// lines. False (nothing changed) when the block needs the copying parser.
    fn end_block_in_place(&mut self) -> bool {
        let n = self.line_ends.len();
        let folded = self.line_ends[..n.saturating_sub(1)]
            .iter()
            .any(|&e| matches!(self.pending.get(e as usize), Some(b' ' | b'\t')));
        if folded {
            return false;
        }
        // Spans and lowercasing on the bytes (ASCII only: the UTF-8 check below stays
        // valid), then the bytes become the text.
        self.fields.clear();
        self.fields.reserve(n);
        self.known = Default::default();
        self.cookie_fields = 0;
        let mut status_end = 0;
        let mut pos = 0usize;
        for i in 0..n {
            let end = self.line_ends[i] as usize;
            let b = &mut self.pending[pos..end];
            let stop = strip_eol(b).len();
            let line = &mut b[..stop];
            if i == 0 {
                // The status line (push_line starts a block only with one).
                status_end = pos + line.trim_ascii_end().len();
            } else if let Some(colon) = find_byte(b':', line) {
                let (name, rest) = line.split_at_mut(colon);
                let ns = name.len() - name.trim_ascii_start().len();
                let ne = name.trim_ascii_end().len();
                let name = &mut name[ns..ne.max(ns)];
                name.make_ascii_lowercase();
                let value = &rest[1..];
                let vs = value.len() - value.trim_ascii_start().len();
                let ve = vs + value[vs..].trim_ascii_end().len();
                let at = pos + colon + 1;
                self.fields.push((
                    (pos + ns) as u32,
                    (pos + ns + name.len()) as u32,
                    (at + vs) as u32,
                    (at + ve) as u32,
                ));
                note_name(
                    &mut self.known,
                    &mut self.cookie_fields,
                    self.fields.len(),
                    name,
                );
            }
            pos = end;
        }
        let text = match String::from_utf8(std::mem::take(&mut self.pending)) {
            Ok(t) => t,
            Err(e) => {
                // Names were lowercased (ASCII only); the copying parser does that again.
                self.pending = e.into_bytes();
                self.fields.clear();
                self.known = Default::default();
                self.cookie_fields = 0;
                return false;
            }
        };
        let mut old = std::mem::replace(&mut self.text, text).into_bytes();
        old.clear();
        self.pending = old;
        self.status_end = status_end as u32;
        self.status = parse_status(self.status_line());
        self.line_ends.clear();
        true
    }

    pub fn status_line(&self) -> &str {
        if self.unparsed {
            return self.raw_str(0, self.status_end);
        }
        &self.text[..self.status_end as usize]
    }

    /// A block from header lines without their CRLF (tests).
    #[cfg(test)]
    pub(crate) fn from_lines(lines: &[&str]) -> HeaderBlock {
        let mut b = HeaderBlock::default();
        for l in lines {
            b.push_line(format!("{l}\r\n").as_bytes());
        }
        b.end_block();
        b
    }

    /// A complete block from a status line and (name, value) fields; names are lowercased.
    pub fn from_parts<'a>(
        status_line: &str,
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> HeaderBlock {
        let mut b = HeaderBlock::default();
        b.text.push_str(status_line.trim_ascii_end());
        b.status_end = b.text.len() as u32;
        b.status = parse_status(b.status_line());
        for (n, v) in fields {
            b.push_field(n, v);
        }
        b
    }

    /// Appends one field to a complete block (the name is lowercased).
    pub fn push_field(&mut self, name: &str, value: &str) {
        self.ensure_parsed();
        let start = self.text.len();
        let name = name.trim_ascii();
        if name.bytes().any(|c| c.is_ascii_uppercase()) {
            self.text.push_str(name);
            self.text[start..].make_ascii_lowercase();
        } else {
            self.text.push_str(name);
        }
        let mid = self.text.len() as u32;
        self.text.push_str(value.trim_ascii());
        self.fields
            .push((start as u32, mid, mid, self.text.len() as u32));
        self.note_field();
    }

    /// Removes every field with this (lowercase) name from a complete block.
    pub fn remove_field(&mut self, name: &str) {
        self.ensure_parsed();
        let kept: Vec<(String, String)> = self
            .fields()
            .filter(|(n, _)| *n != name)
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        let status = self.status_line().to_string();
        *self =
            HeaderBlock::from_parts(&status, kept.iter().map(|(n, v)| (n.as_str(), v.as_str())));
    }

    /// Status code from the status line (0 when absent).
    pub fn status(&self) -> u32 {
        self.status
    }

    /// How many fields the block has.
    pub fn field_count(&self) -> usize {
        debug_assert!(!self.unparsed, "field_count of an unparsed block");
        self.fields.len()
    }

    /// The fields as (lowercased name, value), in arrival order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        debug_assert!(!self.unparsed, "fields of an unparsed block");
        self.fields.iter().map(|&(a, b, c, d)| {
            (
                &self.text[a as usize..b as usize],
                &self.text[c as usize..d as usize],
            )
        })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        if let Some(k) = KNOWN.iter().position(|&k| k == name) {
            if self.unparsed {
                let (a, b) = self.raw_known[k];
                return (a != u32::MAX).then(|| self.raw_str(a, b));
            }
            let i = self.known[k] as usize;
            return (i > 0).then(|| {
                let (_, _, c, d) = self.fields[i - 1];
                &self.text[c as usize..d as usize]
            });
        }
        debug_assert!(!self.unparsed, "get({name}) of an unparsed block");
        let t = self.text.as_bytes();
        let n = name.as_bytes();
        // Names are stored lowercased: compare lengths first, then bytes.
        self.fields
            .iter()
            .find(|&&(a, b, _, _)| {
                (b - a) as usize == n.len() && t[a as usize..b as usize].eq_ignore_ascii_case(n)
            })
            .map(|&(_, _, c, d)| &self.text[c as usize..d as usize])
    }

    /// The spec's header object: lowercased keys; repeated fields joined with ", "
    /// except `set-cookie`, which is always an array of every value; plus
    /// `status-line`.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        for (n, v) in self.fields() {
            if n == "set-cookie" {
                let e = m
                    .entry(n.to_string())
                    .or_insert_with(|| Value::Array(vec![]));
                if let Value::Array(a) = e {
                    a.push(Value::String(v.to_string()));
                }
            } else if let Some(Value::String(prev)) = m.get_mut(n) {
                prev.push_str(", ");
                prev.push_str(v);
            } else {
                m.insert(n.to_string(), Value::String(v.to_string()));
            }
        }
        if !self.status_line().is_empty() {
            m.insert(
                "status-line".into(),
                Value::String(self.status_line().to_string()),
            );
        }
        m
    }

    /// The header object as JSON text followed by a NUL (for handing to C as is).
    pub fn to_json_text_nul(&self) -> std::sync::Arc<str> {
        let mut s = Value::Object(self.to_json()).to_string();
        s.push('\0');
        s.into()
    }
}

/// A header line without its line end (LF, CRLF).
fn strip_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Whether these bytes are UTF-8 (ASCII checked first: header bytes almost always are).
fn is_utf8(b: &[u8]) -> bool {
    b.is_ascii() || std::str::from_utf8(b).is_ok()
}

/// Notes field number `i` (1-based) with this lowercased name in a block's `known` slots
/// or its `set-cookie` count.
fn note_name(known: &mut [u32; KNOWN.len()], cookies: &mut u16, i: usize, name: &[u8]) {
    if name == b"set-cookie" {
        *cookies = cookies.saturating_add(1);
        return;
    }
    if let Some(k) = KNOWN.iter().position(|k| k.as_bytes() == name) {
        if known[k] == 0 {
            known[k] = i as u32;
        }
    }
}

/// Position of the first `byte` in `hay` (libc's vectorized memchr).
pub(super) fn find_byte(byte: u8, hay: &[u8]) -> Option<usize> {
    // SAFETY: memchr reads at most `hay.len()` bytes of the slice.
    let p = unsafe { libc::memchr(hay.as_ptr().cast(), byte.into(), hay.len()) };
    (!p.is_null()).then(|| p as usize - hay.as_ptr() as usize)
}

/// The status code of a status line (`HTTP/1.1 200 OK` -> 200); 0 when there is none.
fn parse_status(line: &str) -> u32 {
    // The usual shapes: "HTTP/1.1 200 OK", "HTTP/2 200".
    let b = line.as_bytes();
    let sp = match b.get(5..) {
        Some([b'1', b'.', _, b' ', ..]) => 8,
        Some([b'2' | b'3', b' ', ..]) => 6,
        _ => 0,
    };
    if sp > 0 {
        if let Some(&[d0, d1, d2]) = b.get(sp + 1..sp + 4) {
            let end_ok = b.get(sp + 4).is_none_or(|&c| c == b' ');
            if end_ok && [d0, d1, d2].iter().all(u8::is_ascii_digit) {
                return u32::from(d0 - b'0') * 100
                    + u32::from(d1 - b'0') * 10
                    + u32::from(d2 - b'0');
            }
        }
    }
    let code = if line.is_ascii() {
        line.split_ascii_whitespace().nth(1)
    } else {
        line.split_whitespace().nth(1)
    };
    code.and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::response::{http_performance_timing, Response, ResponseParts};
    use std::time::Instant;

    /// Fuzzing find: a line without a line end and with invalid UTF-8 merged into the next
    /// line when parsed eagerly (the lazy scan kept them apart).
    #[test]
    fn invalid_utf8_line_without_end_stays_a_line() {
        let lines: [&[u8]; 3] = [b"HTTP/1.0 0\r\n", &[14, 0, 128], b"Content-Type:\r\n"];
        let mut eager = HeaderBlock::default();
        let mut lazy = HeaderBlock::default();
        for l in lines {
            eager.push_line(l);
            lazy.push_line(l);
        }
        eager.end_block();
        lazy.end_block_lazy();
        assert_eq!(eager.get("content-type"), Some(""));
        assert_eq!(lazy.get("content-type"), Some(""));
    }

    #[test]
    fn header_object() {
        let b = HeaderBlock::from_lines(&[
            "HTTP/1.1 302 Found",
            "Location: /x",
            "HTTP/1.1 200 OK",
            "Content-Type: text/plain",
            "Set-Cookie: a=1",
            "X-Multi: 1",
            "set-cookie: b=2",
            "X-Multi: 2",
            "X-Fold: a",
            " b",
        ]);
        assert_eq!(b.status(), 200);
        let j = b.to_json();
        assert!(j.get("location").is_none());
        assert_eq!(j["content-type"], "text/plain");
        assert_eq!(j["set-cookie"], serde_json::json!(["a=1", "b=2"]));
        assert_eq!(j["x-multi"], "1, 2");
        assert_eq!(j["x-fold"], "a b");
        assert_eq!(j["status-line"], "HTTP/1.1 200 OK");
        let t = b.to_json_text_nul();
        assert!(t.ends_with('\0'));
    }

    #[test]
    fn lazy_blocks_read_like_parsed_ones() {
        fn eager(lines: &[&[u8]]) -> HeaderBlock {
            let mut b = HeaderBlock::default();
            for l in lines {
                b.push_line(l);
            }
            b.end_block();
            b
        }
        fn lazy(lines: &[&[u8]]) -> HeaderBlock {
            let mut b = HeaderBlock::default();
            for l in lines {
                b.push_line(l);
            }
            b.end_block_lazy();
            b
        }
        let cases: [&[&[u8]]; 5] = [
            // The usual block: stays unparsed; known fields and the cookie count from the scan.
            &[
                b"HTTP/1.1 200 OK\r\n",
                b"Content-Type : text/html \r\n",
                b"content-length:5\n",
                b"Set-Cookie: a=1\r\n",
                b"X-Other: y\r\n",
                b"Location:\r\n",
                b"Content-Type: image/png\r\n",
            ],
            // Folded line, invalid UTF-8 in a known value, in the status line: parsed at once.
            &[
                b"HTTP/1.1 200 OK\r\n",
                b"X-A: a\r\n",
                b" b\r\n",
                b"Content-Length: 1\r\n",
            ],
            &[b"HTTP/1.1 200 OK\r\n", b"Content-Type: \xff\r\n"],
            &[b"HTTP/1.1 200 \xffK\r\n", b"Content-Length: 1\r\n"],
            // Invalid UTF-8 elsewhere: the scan passes it, the parse replaces it.
            &[b"HTTP/2 204\r\n", b"X-Bad: \xfe\r\n", b"location: /x\r\n"],
        ];
        for (i, lines) in cases.iter().enumerate() {
            let e = eager(lines);
            let mut l = lazy(lines);
            assert_eq!(l.is_parsed(), (1..=3).contains(&i), "case {i}");
            assert_eq!(l.status(), e.status(), "case {i}");
            assert_eq!(l.status_line(), e.status_line(), "case {i}");
            assert_eq!(l.cookie_field_count(), e.cookie_field_count(), "case {i}");
            for name in KNOWN {
                assert_eq!(l.get(name), e.get(name), "case {i}: {name}");
            }
            // Moved out for a response, then parsed there: the same fields.
            let moved = l.take_block();
            let p = moved.parsed_copy();
            assert!(p.fields().eq(e.fields()), "case {i}");
            assert_eq!(p.to_json(), e.to_json(), "case {i}");
            l.ensure_parsed();
            assert_eq!(
                l.field_count(),
                0,
                "case {i}: the moved block left nothing behind"
            );
        }
        // Trailers after an unparsed block: it is parsed first, then they add to it.
        let mut b = HeaderBlock::default();
        b.push_line(b"HTTP/1.1 200 OK\r\n");
        b.push_line(b"Transfer-Encoding: chunked\r\n");
        b.end_block_lazy();
        assert!(!b.is_parsed());
        b.push_line(b"X-Trailer: t\r\n");
        assert!(b.is_parsed());
        b.end_block();
        assert_eq!(b.field_count(), 2);
        assert_eq!(b.get("x-trailer"), Some("t"));
        // A new block replaces an unparsed one.
        b.push_line(b"HTTP/1.1 302 Found\r\n");
        b.push_line(b"Location: /next\r\n");
        b.end_block_lazy();
        b.push_line(b"HTTP/1.1 200 OK\r\n");
        b.push_line(b"Content-Length: 0\r\n");
        b.end_block_lazy();
        assert_eq!(b.status(), 200);
        assert_eq!(b.get("location"), None);
        assert_eq!(b.get("content-length"), Some("0"));
        // A response reads the fields of an unparsed block through a parsed copy.
        let r = Response::new(ResponseParts {
            code: 200,
            body: b"hi".to_vec(),
            expect: None,
            head: b.take_block(),
            header_json: None,
            set_cookies: vec![],
            timing: http_performance_timing::default(),
            http_version: c"1.1",
            effective_url: String::new(),
            start: Instant::now(),
        });
        assert_eq!(
            r.header("Content-Length").map(|c| c.to_str().unwrap()),
            Some("0")
        );
        assert!(r.header_json().contains("\"content-length\":\"0\""));
    }

    #[test]
    fn known_fields_and_status_codes() {
        // The names looked up per response come from slots noted while parsing; they must
        // give what a scan of the fields gives (the first of repeated fields), on every path.
        fn scan<'a>(b: &'a HeaderBlock, name: &str) -> Option<&'a str> {
            b.fields().find(|(n, _)| *n == name).map(|(_, v)| v)
        }
        let lines = [
            "HTTP/2 204\r\n",
            "Content-Length: 5\r\n",
            "content-type: text/html\r\n",
            "Content-Type: image/png\r\n",
            "Set-Cookie: a=1\r\n",
            "set-cookie: b=2\r\n",
        ];
        let mut in_place = HeaderBlock::default();
        for l in lines {
            in_place.push_line(l.as_bytes());
        }
        in_place.end_block();
        let mut copied = HeaderBlock::default();
        for l in lines {
            copied.push_line(l.as_bytes());
        }
        copied.push_line(b"X-Bad: \xff\r\n"); // invalid UTF-8: the copying parser
        copied.end_block();
        for b in [&in_place, &copied] {
            assert_eq!(b.status(), 204);
            assert_eq!(b.cookie_field_count(), 2);
            for name in KNOWN {
                assert_eq!(b.get(name), scan(b, name), "{name}");
            }
            assert_eq!(b.get("content-type"), Some("text/html"));
            assert_eq!(b.get("content-length"), Some("5"));
            assert_eq!(b.get("location"), None);
        }
        // A trailer block adds a known field; a block built from parts notes them too.
        in_place.push_line(b"Location: /t\r\n");
        in_place.end_block();
        assert_eq!(in_place.get("location"), Some("/t"));
        let built = HeaderBlock::from_parts("HTTP/1.1 200 OK", [("Content-Encoding", "gzip")]);
        assert_eq!(built.get("content-encoding"), Some("gzip"));
        // Taking the parsed block for a response leaves an empty block that parses again.
        let taken = in_place.take_block();
        assert_eq!(taken.get("content-type"), Some("text/html"));
        assert_eq!(in_place.get("content-type"), None);
        assert_eq!(in_place.field_count(), 0);
        in_place.push_line(b"HTTP/1.1 404 Not Found\r\n");
        in_place.push_line(b"Content-Type: text/plain\r\n");
        in_place.end_block();
        assert_eq!(in_place.status(), 404);
        assert_eq!(in_place.get("content-type"), Some("text/plain"));
        // Status codes: the fast shapes and the general parser agree on odd lines.
        for (line, code) in [
            ("HTTP/1.1 200 OK", 200),
            ("HTTP/1.0 302", 302),
            ("HTTP/2 200", 200),
            ("HTTP/3 103", 103),
            ("HTTP/1.1 2000 X", 2000),
            ("HTTP/1.1 20", 20),
            ("HTTP/1.1  200 OK", 200),
            ("HTTP/1.1 abc", 0),
            ("HTTP/", 0),
        ] {
            assert_eq!(parse_status(line), code, "{line}");
        }
    }

    #[test]
    fn blocks_parsed_in_place_and_copied_agree() {
        // No folded line: parsed in place (names lowercased in the received text).
        let mut b = HeaderBlock::default();
        for l in [
            "HTTP/1.1 301 Moved\r\n",
            "Location: /y\r\n",
            "HTTP/1.1 200 OK \r\n",
            "Content-Type :  text/plain \r\n",
            "X-Empty:\r\n",
            "no colon here\r\n",
            "Set-Cookie: a=1\n",
        ] {
            b.push_line(l.as_bytes());
        }
        b.end_block();
        assert_eq!(b.status(), 200);
        assert_eq!(b.status_line(), "HTTP/1.1 200 OK");
        let f: Vec<_> = b.fields().collect();
        assert_eq!(
            f,
            [
                ("content-type", "text/plain"),
                ("x-empty", ""),
                ("set-cookie", "a=1")
            ]
        );
        assert_eq!(b.get("CONTENT-TYPE"), Some("text/plain"));
        assert_eq!(b.get("location"), None);
        // Trailers add to it, a folded trailer continues the last value.
        b.push_line(b"X-Trailer: t\r\n");
        b.push_line(b"  more\r\n");
        b.end_block();
        assert_eq!(b.get("x-trailer"), Some("t more"));
        b.push_line(b"X-Two: 2\r\n");
        b.end_block();
        assert_eq!(b.field_count(), 5);
        assert_eq!(b.get("set-cookie"), Some("a=1"));
        // The same lines through the copying parser (a folded line forces it).
        let c = HeaderBlock::from_lines(&[
            "HTTP/1.1 200 OK ",
            "Content-Type :  text/plain ",
            "X-Fold: a",
            "\tb",
        ]);
        assert_eq!(c.status(), 200);
        assert_eq!(c.get("content-type"), Some("text/plain"));
        assert_eq!(c.get("x-fold"), Some("a b"));
        // Invalid UTF-8: replaced, like String::from_utf8_lossy.
        let mut d = HeaderBlock::default();
        d.push_line(b"HTTP/1.1 200 OK\r\n");
        d.push_line(b"X-Bad: a\xffb\r\n");
        d.end_block();
        assert_eq!(d.get("x-bad"), Some("a\u{fffd}b"));
    }
}
