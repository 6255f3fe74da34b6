//! One WebSocket connection's protocol state, without I/O: bytes from the server go in
//! ([`Proto::feed`]) and come out as whole messages, pongs and close frames; messages, pings
//! and close frames from the application go in and come out as masked frames to write
//! ([`Proto::out`] / [`Proto::advance`]).
//!
//! Everything libcurl's own WebSocket layer leaves out is here: reassembly of fragmented
//! messages with control frames between fragments, UTF-8 validation of text messages
//! (fail-fast, fragment by fragment) and close reasons, close-code validation, the close
//! handshake's reply, a pong for every ping, the message size limit (also after inflating)
//! and permessage-deflate.

use super::deflate::{Deflater, InflateError, Inflater, Params};
use super::frame::{
    self, Header, MaskRng, OP_BINARY, OP_CLOSE, OP_CONT, OP_PING, OP_PONG, OP_TEXT,
};
use std::collections::VecDeque;

/// Data frames carry at most this much payload, so pongs and a close get through between
/// the frames of a long message.
pub const MAX_FRAME: usize = 64 * 1024;
/// The write buffer is refilled with frames up to about this size.
const WRITE_BATCH: usize = 64 * 1024;
/// Buffers larger than this are released when they empty.
const IDLE_BUFFER: usize = 4 * 1024;

/// Close codes.
pub const CLOSE_NORMAL: u16 = 1000;
pub const CLOSE_GOING_AWAY: u16 = 1001;
pub const CLOSE_PROTOCOL: u16 = 1002;
pub const CLOSE_INVALID_DATA: u16 = 1007;
pub const CLOSE_TOO_BIG: u16 = 1009;

/// A protocol failure: the close frame we send and the error the application gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub close_code: u16,
    pub error: i32,
    pub message: String,
}

/// What came from the server.
#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    Message {
        text: bool,
        data: Vec<u8>,
    },
    Pong,
    /// The server's close frame (`code` None for an empty one). A reply is queued unless we
    /// had sent our close already.
    Close {
        code: Option<u16>,
        reason: String,
    },
    /// The server broke the protocol: our close frame with `close_code` is queued and the
    /// rest of its input is ignored.
    Fail(Failure),
}

struct MsgIn {
    text: bool,
    compressed: bool,
    data: Vec<u8>,
    /// Bytes of `data` known to be valid UTF-8 (text only).
    checked: usize,
}

struct MsgOut {
    opcode: u8,
    payload: Vec<u8>,
    off: usize,
    compressed: bool,
    token: u64,
}

pub struct Proto {
    max_message: usize,
    rng: MaskRng,
    /// permessage-deflate as negotiated; its zlib streams (some 300 KiB with a 15-bit
    /// window) are made on first use, so a connection that stays idle does not pay for them.
    deflate: Option<Params>,
    inflater: Option<Inflater>,
    deflater: Option<Deflater>,
    // Receiving.
    inbuf: Vec<u8>,
    frame: Option<(Header, u64)>,
    msg: Option<MsgIn>,
    /// A close frame came (or we failed): the rest of the input is ignored.
    rx_done: bool,
    // Sending.
    wbuf: Vec<u8>,
    wpos: usize,
    /// Bytes written so far, and the offset where `wbuf` starts.
    written: u64,
    /// (end offset, token) of each message or close frame in `wbuf`.
    marks: VecDeque<(u64, u64)>,
    ctrl: VecDeque<Vec<u8>>,
    msgs: VecDeque<MsgOut>,
    /// Our close frame is queued (no more messages may be queued).
    close_queued: bool,
    /// Tokens of messages dropped before they were written.
    dropped: Vec<u64>,
}

/// Token of frames nobody waits for (pongs, pings).
pub const NO_TOKEN: u64 = 0;

impl Proto {
    pub fn new(max_message: usize, deflate: Option<Params>) -> Proto {
        Proto {
            max_message,
            rng: MaskRng::new(),
            deflate,
            inflater: None,
            deflater: None,
            inbuf: Vec::new(),
            frame: None,
            msg: None,
            rx_done: false,
            wbuf: Vec::new(),
            wpos: 0,
            written: 0,
            marks: VecDeque::new(),
            ctrl: VecDeque::new(),
            msgs: VecDeque::new(),
            close_queued: false,
            dropped: Vec::new(),
        }
    }

    pub fn close_queued(&self) -> bool {
        self.close_queued
    }

    /// Whether input is still processed (no close frame received, no failure).
    pub fn receiving(&self) -> bool {
        !self.rx_done
    }

    // ---- receiving ----

    /// Processes bytes from the server, appending what they complete to `out`.
    pub fn feed(&mut self, data: &[u8], out: &mut Vec<Received>) {
        if self.rx_done {
            return;
        }
        if self.inbuf.is_empty() {
            let used = self.process(data, out);
            if !self.rx_done && used < data.len() {
                self.inbuf.extend_from_slice(&data[used..]);
            }
        } else {
            let mut buf = std::mem::take(&mut self.inbuf);
            buf.extend_from_slice(data);
            let used = self.process(&buf, out);
            buf.drain(..used);
            if !self.rx_done && (!buf.is_empty() || buf.capacity() <= IDLE_BUFFER) {
                self.inbuf = buf;
            }
        }
    }

    fn process(&mut self, mut b: &[u8], out: &mut Vec<Received>) -> usize {
        let total = b.len();
        while !self.rx_done {
            if let Some((h, left)) = self.frame {
                // Inside a data frame: its payload streams into the message.
                let n = (left as usize).min(b.len());
                if n == 0 && left > 0 {
                    break;
                }
                let (chunk, rest) = b.split_at(n);
                b = rest;
                let left = left - n as u64;
                self.frame = Some((h, left));
                if let Err(f) = self.message_bytes(chunk) {
                    self.fail(f, out);
                    break;
                }
                if left == 0 {
                    self.frame = None;
                    if h.fin {
                        match self.finish_message() {
                            Ok(m) => out.push(m),
                            Err(f) => {
                                self.fail(f, out);
                                break;
                            }
                        }
                    }
                }
                continue;
            }
            let (h, hl) = match frame::parse_header(b) {
                Ok(Some(x)) => x,
                Ok(None) => break,
                Err(e) => {
                    self.fail(protocol(e), out);
                    break;
                }
            };
            if let Err(f) = self.check_header(&h) {
                self.fail(f, out);
                break;
            }
            if h.is_control() {
                let need = hl + h.len as usize;
                if b.len() < need {
                    break;
                }
                let payload = b[hl..need].to_vec();
                b = &b[need..];
                self.control(h.opcode, payload, out);
                continue;
            }
            b = &b[hl..];
            if h.opcode != OP_CONT {
                self.msg = Some(MsgIn {
                    text: h.opcode == OP_TEXT,
                    compressed: h.rsv & 0b100 != 0,
                    data: Vec::new(),
                    checked: 0,
                });
            }
            let m = self.msg.as_mut().expect("checked: a message is open");
            if !m.compressed && m.data.len() as u64 + h.len > self.max_message as u64 {
                let f = too_big(self.max_message);
                self.fail(f, out);
                break;
            }
            if !m.compressed {
                // +1: the NUL the delivery appends after a message, so that it never
                // reallocates (and copies) a whole message.
                m.data
                    .reserve((h.len as usize + usize::from(h.fin)).min(1 << 20));
            }
            self.frame = Some((h, h.len));
        }
        total - b.len()
    }

    fn check_header(&self, h: &Header) -> Result<(), Failure> {
        if h.masked {
            return Err(protocol("a masked frame from the server"));
        }
        let rsv1_ok = self.deflate.is_some()
            && (h.opcode == OP_TEXT || h.opcode == OP_BINARY)
            && h.rsv == 0b100;
        if h.rsv != 0 && !rsv1_ok {
            return Err(protocol(
                "reserved bits set in a frame (no extension negotiated for them)",
            ));
        }
        match h.opcode {
            OP_CONT => {
                if self.msg.is_none() {
                    return Err(protocol(
                        "a continuation frame without a message to continue",
                    ));
                }
            }
            OP_TEXT | OP_BINARY => {
                if self.msg.is_some() {
                    return Err(protocol("a new message before the previous one ended"));
                }
            }
            OP_CLOSE | OP_PING | OP_PONG => {
                if !h.fin {
                    return Err(protocol("a fragmented control frame"));
                }
                if h.len > frame::MAX_CONTROL as u64 {
                    return Err(protocol("a control frame longer than 125 bytes"));
                }
            }
            op => return Err(protocol_owned(format!("unknown opcode 0x{op:x}"))),
        }
        Ok(())
    }

    fn message_bytes(&mut self, chunk: &[u8]) -> Result<(), Failure> {
        let max = self.max_message;
        let m = self.msg.as_mut().expect("a message is open");
        if m.compressed {
            let p = self.deflate.as_ref().expect("negotiated");
            let inf = self.inflater.get_or_insert_with(|| Inflater::new(p));
            inf.inflate(chunk, &mut m.data, max)
                .map_err(inflate_failure(max))?;
        } else {
            m.data.extend_from_slice(chunk);
        }
        if m.text {
            check_utf8(m, false)?;
        }
        Ok(())
    }

    fn finish_message(&mut self) -> Result<Received, Failure> {
        let max = self.max_message;
        let mut m = self.msg.take().expect("a message is open");
        if m.compressed {
            let p = self.deflate.as_ref().expect("negotiated");
            let inf = self.inflater.get_or_insert_with(|| Inflater::new(p));
            inf.finish(&mut m.data, max).map_err(inflate_failure(max))?;
        }
        if m.text {
            check_utf8(&mut m, true)?;
        }
        Ok(Received::Message {
            text: m.text,
            data: m.data,
        })
    }

    fn control(&mut self, opcode: u8, payload: Vec<u8>, out: &mut Vec<Received>) {
        match opcode {
            OP_PING => {
                if !self.close_queued {
                    let mut f = Vec::with_capacity(payload.len() + 6);
                    frame::encode(&mut f, true, false, OP_PONG, &payload, self.rng.next_mask());
                    self.ctrl.push_back(f);
                }
            }
            OP_PONG => out.push(Received::Pong),
            _ => {
                // Close.
                let (code, reason) = match parse_close(&payload) {
                    Ok(x) => x,
                    Err(f) => {
                        self.fail(f, out);
                        return;
                    }
                };
                self.rx_done = true;
                if !self.close_queued {
                    // Echo the code (RFC 6455 5.5.1); an empty close is answered empty.
                    let body = match code {
                        Some(c) => c.to_be_bytes().to_vec(),
                        None => Vec::new(),
                    };
                    self.queue_close_frame(body, NO_TOKEN, true);
                }
                out.push(Received::Close { code, reason });
            }
        }
    }

    /// Fails the connection: pending messages are dropped, our close frame goes next.
    fn fail(&mut self, f: Failure, out: &mut Vec<Received>) {
        self.rx_done = true;
        self.msg = None;
        self.frame = None;
        if !self.close_queued {
            self.drop_msgs();
            let mut body = f.close_code.to_be_bytes().to_vec();
            let reason = f.message.as_bytes();
            // A reason fits a control frame: cut at a character boundary.
            let mut cut = reason.len().min(frame::MAX_CONTROL - 2);
            while cut > 0 && !f.message.is_char_boundary(cut) {
                cut -= 1;
            }
            body.extend_from_slice(&reason[..cut]);
            self.queue_close_frame(body, NO_TOKEN, true);
        }
        out.push(Received::Fail(f));
    }

    // ---- sending ----

    /// Queues a message (its frames are made as the socket takes them).
    pub fn queue_message(&mut self, text: bool, payload: Vec<u8>, token: u64) {
        debug_assert!(!self.close_queued);
        let (payload, compressed) = match &self.deflate {
            Some(p) => {
                let d = self.deflater.get_or_insert_with(|| Deflater::new(p));
                (d.compress(&payload), true)
            }
            None => (payload, false),
        };
        self.msgs.push_back(MsgOut {
            opcode: if text { OP_TEXT } else { OP_BINARY },
            payload,
            off: 0,
            compressed,
            token,
        });
    }

    pub fn queue_ping(&mut self, payload: &[u8]) {
        let mut f = Vec::with_capacity(payload.len() + 6);
        frame::encode(&mut f, true, false, OP_PING, payload, self.rng.next_mask());
        self.ctrl.push_back(f);
    }

    /// Queues our close frame after the queued messages.
    pub fn queue_close(&mut self, code: u16, reason: &str, token: u64) {
        let mut body = code.to_be_bytes().to_vec();
        body.extend_from_slice(reason.as_bytes());
        self.queue_close_frame(body, token, false);
    }

    fn queue_close_frame(&mut self, body: Vec<u8>, token: u64, urgent: bool) {
        self.close_queued = true;
        let mut f = Vec::with_capacity(body.len() + 6);
        frame::encode(&mut f, true, false, OP_CLOSE, &body, self.rng.next_mask());
        if urgent {
            debug_assert_eq!(token, NO_TOKEN);
            self.ctrl.push_back(f);
        } else {
            // After the queued messages: a message-shaped entry holding the frame.
            self.msgs.push_back(MsgOut {
                opcode: OP_CLOSE,
                payload: f,
                off: 0,
                compressed: false,
                token,
            });
        }
    }

    fn drop_msgs(&mut self) {
        let d = &mut self.dropped;
        d.extend(
            self.msgs
                .drain(..)
                .map(|m| m.token)
                .filter(|&t| t != NO_TOKEN),
        );
    }

    /// Tokens of messages that will not be sent (a failure or a close frame went first).
    pub fn take_dropped(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.dropped)
    }

    /// At teardown: every token still waiting (dropped, queued or partly written).
    pub fn take_unsent(&mut self) -> Vec<u64> {
        let mut t = self.take_dropped();
        t.extend(self.marks.drain(..).map(|(_, t)| t));
        t.extend(self.msgs.drain(..).map(|m| m.token));
        t.retain(|&t| t != NO_TOKEN);
        t
    }

    /// The bytes to write next (empty when nothing waits).
    pub fn out(&mut self) -> &[u8] {
        if self.wpos == self.wbuf.len() {
            self.refill();
        }
        &self.wbuf[self.wpos..]
    }

    pub fn has_output(&self) -> bool {
        self.wpos < self.wbuf.len() || !self.ctrl.is_empty() || !self.msgs.is_empty()
    }

    fn refill(&mut self) {
        self.written += self.wbuf.len() as u64;
        self.wbuf.clear();
        self.wpos = 0;
        if self.ctrl.is_empty() && self.msgs.is_empty() && self.wbuf.capacity() > IDLE_BUFFER {
            // Drained: an idle connection keeps no batch-sized buffer.
            self.wbuf = Vec::new();
        }
        let base = self.written;
        while let Some(c) = self.ctrl.pop_front() {
            self.wbuf.extend_from_slice(&c);
            if c[0] & 0xF == OP_CLOSE {
                // Nothing goes after a close frame (an urgent one: a reply or a failure).
                self.drop_msgs();
                self.ctrl.clear();
                return;
            }
        }
        while self.wbuf.len() < WRITE_BATCH {
            let Some(m) = self.msgs.front_mut() else {
                break;
            };
            if m.opcode == OP_CLOSE {
                let m = self.msgs.pop_front().expect("front");
                self.wbuf.extend_from_slice(&m.payload);
                if m.token != NO_TOKEN {
                    self.marks
                        .push_back((base + self.wbuf.len() as u64, m.token));
                }
                self.drop_msgs();
                return;
            }
            let first = m.off == 0;
            let n = (m.payload.len() - m.off).min(MAX_FRAME);
            let fin = m.off + n == m.payload.len();
            let op = if first { m.opcode } else { OP_CONT };
            let mask = self.rng.next_mask();
            frame::encode(
                &mut self.wbuf,
                fin,
                first && m.compressed,
                op,
                &m.payload[m.off..m.off + n],
                mask,
            );
            m.off += n;
            if fin {
                let m = self.msgs.pop_front().expect("front");
                if m.token != NO_TOKEN {
                    self.marks
                        .push_back((base + self.wbuf.len() as u64, m.token));
                }
            }
        }
    }

    /// `n` bytes of [`out`](Self::out) were written; tokens of messages now fully written
    /// are appended to `done`.
    pub fn advance(&mut self, n: usize, done: &mut Vec<u64>) {
        self.wpos += n;
        let at = self.written + self.wpos as u64;
        while let Some(&(end, t)) = self.marks.front() {
            if end > at {
                break;
            }
            self.marks.pop_front();
            done.push(t);
        }
    }
}

fn check_utf8(m: &mut MsgIn, last: bool) -> Result<(), Failure> {
    match std::str::from_utf8(&m.data[m.checked..]) {
        Ok(_) => m.checked = m.data.len(),
        Err(e) if e.error_len().is_none() && !last => m.checked += e.valid_up_to(),
        Err(_) => {
            return Err(Failure {
                close_code: CLOSE_INVALID_DATA,
                error: super::ERR_INVALID_UTF8,
                message: "the server sent a text message that is not valid UTF-8".into(),
            })
        }
    }
    Ok(())
}

fn parse_close(p: &[u8]) -> Result<(Option<u16>, String), Failure> {
    match p.len() {
        0 => Ok((None, String::new())),
        1 => Err(protocol("a close frame with a 1-byte payload")),
        _ => {
            let code = u16::from_be_bytes([p[0], p[1]]);
            if !frame::valid_received_close_code(code) {
                return Err(protocol_owned(format!(
                    "the server sent the close code {code}, which may not be sent"
                )));
            }
            let reason = std::str::from_utf8(&p[2..]).map_err(|_| Failure {
                close_code: CLOSE_INVALID_DATA,
                error: super::ERR_INVALID_UTF8,
                message: "the server's close reason is not valid UTF-8".into(),
            })?;
            Ok((Some(code), reason.to_string()))
        }
    }
}

fn protocol(msg: &str) -> Failure {
    protocol_owned(msg.to_string())
}

fn protocol_owned(msg: String) -> Failure {
    Failure {
        close_code: CLOSE_PROTOCOL,
        error: super::ERR_PROTOCOL,
        message: format!("protocol error: {msg}"),
    }
}

fn too_big(max: usize) -> Failure {
    Failure {
        close_code: CLOSE_TOO_BIG,
        error: super::ERR_MESSAGE_TOO_BIG,
        message: format!(
            "a message from the server exceeds the maximum message size ({max} bytes)"
        ),
    }
}

fn inflate_failure(max: usize) -> impl Fn(InflateError) -> Failure {
    move |e| match e {
        InflateError::TooBig => too_big(max),
        InflateError::Corrupt(m) => Failure {
            close_code: CLOSE_INVALID_DATA,
            error: super::ERR_PROTOCOL,
            message: format!("a compressed message does not inflate: {m}"),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame as a server sends it (unmasked).
    fn sframe(fin: bool, rsv: u8, op: u8, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        frame::encode(&mut v, fin, false, op, payload, [0; 4]);
        v[0] |= rsv << 4;
        v[1] &= 0x7F;
        // Drop the 4 mask bytes (a zero mask left the payload as is).
        let hl = match v[1] {
            126 => 4,
            127 => 10,
            _ => 2,
        };
        v.drain(hl..hl + 4);
        v
    }

    fn feed_all(p: &mut Proto, bytes: &[u8], step: usize) -> Vec<Received> {
        let mut out = Vec::new();
        for c in bytes.chunks(step.max(1)) {
            p.feed(c, &mut out);
        }
        out
    }

    /// Decodes what the client wrote: (opcode, fin, payload) per frame.
    fn written(p: &mut Proto) -> Vec<(u8, bool, Vec<u8>)> {
        let mut all = Vec::new();
        let mut done = Vec::new();
        loop {
            let o = p.out().to_vec();
            if o.is_empty() {
                break;
            }
            p.advance(o.len(), &mut done);
            all.extend(o);
        }
        let mut frames = Vec::new();
        let mut b = &all[..];
        while let Some((h, n)) = frame::parse_header(b).unwrap() {
            assert!(h.masked);
            let mut pl = b[n..n + h.len as usize].to_vec();
            frame::apply_mask(&mut pl, h.mask);
            frames.push((h.opcode, h.fin, pl));
            b = &b[n + h.len as usize..];
        }
        assert!(b.is_empty());
        frames
    }

    #[test]
    fn fragments_with_ping_between_and_split_utf8() {
        let text = "héllo wörld".as_bytes();
        let mut bytes = sframe(false, 0, OP_TEXT, &text[..2]);
        bytes.extend(sframe(true, 0, OP_PING, b"p1"));
        bytes.extend(sframe(false, 0, OP_CONT, &text[2..7]));
        bytes.extend(sframe(true, 0, OP_CONT, &text[7..]));
        for step in [1, 3, 1000] {
            let mut p = Proto::new(1 << 20, None);
            let got = feed_all(&mut p, &bytes, step);
            assert_eq!(
                got,
                vec![Received::Message {
                    text: true,
                    data: text.to_vec()
                }]
            );
            assert_eq!(written(&mut p), vec![(OP_PONG, true, b"p1".to_vec())]);
        }
    }

    #[test]
    fn invalid_utf8_fails_fast() {
        let mut p = Proto::new(1 << 20, None);
        let got = feed_all(&mut p, &sframe(false, 0, OP_TEXT, b"abc\xff"), 1);
        assert!(matches!(&got[..], [Received::Fail(f)] if f.close_code == 1007));
        let w = written(&mut p);
        assert_eq!(w[0].0, OP_CLOSE);
        assert_eq!(&w[0].2[..2], &1007u16.to_be_bytes());
    }

    #[test]
    fn protocol_violations() {
        let cases: Vec<Vec<u8>> = vec![
            {
                let mut f = sframe(true, 0, OP_TEXT, b"x");
                f[1] |= 0x80; // masked, but no key: header incomplete is fine, add key
                f.splice(2..2, [1, 2, 3, 4]);
                f
            },
            sframe(true, 0b010, OP_TEXT, b"x"),
            sframe(true, 0, 0x3, b""),
            sframe(false, 0, OP_PING, b""),
            sframe(true, 0, OP_PING, &[0u8; 126]),
            sframe(true, 0, OP_CONT, b"x"),
            sframe(true, 0, OP_CLOSE, &[3]),
            sframe(true, 0, OP_CLOSE, &1005u16.to_be_bytes()),
            {
                let mut v = sframe(false, 0, OP_TEXT, b"a");
                v.extend(sframe(true, 0, OP_TEXT, b"b"));
                v
            },
        ];
        for (i, c) in cases.iter().enumerate() {
            let mut p = Proto::new(1 << 20, None);
            let got = feed_all(&mut p, c, 1000);
            assert!(
                matches!(&got[..], [Received::Fail(f)] if f.close_code == 1002),
                "case {i}: {got:?}"
            );
            assert!(!p.receiving());
        }
    }

    #[test]
    fn close_is_echoed_and_reason_checked() {
        let mut p = Proto::new(1 << 20, None);
        let mut body = 4001u16.to_be_bytes().to_vec();
        body.extend(b"bye");
        let got = feed_all(&mut p, &sframe(true, 0, OP_CLOSE, &body), 2);
        assert_eq!(
            got,
            vec![Received::Close {
                code: Some(4001),
                reason: "bye".into()
            }]
        );
        assert_eq!(
            written(&mut p),
            vec![(OP_CLOSE, true, 4001u16.to_be_bytes().to_vec())]
        );

        let mut p = Proto::new(1 << 20, None);
        let mut body = 1000u16.to_be_bytes().to_vec();
        body.extend(b"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\xed\xa0\x80");
        let got = feed_all(&mut p, &sframe(true, 0, OP_CLOSE, &body), 100);
        assert!(matches!(&got[..], [Received::Fail(f)] if f.close_code == 1007));
    }

    #[test]
    fn size_limit_before_buffering() {
        let mut p = Proto::new(1000, None);
        // Only the header of a 1 MiB frame: refused at once.
        let f = sframe(true, 0, OP_BINARY, &vec![0u8; 1 << 20]);
        let got = feed_all(&mut p, &f[..10], 100);
        assert!(matches!(&got[..], [Received::Fail(f)] if f.close_code == 1009));
        // Fragments adding up past the limit.
        let mut p = Proto::new(1000, None);
        let mut b = sframe(false, 0, OP_BINARY, &[0u8; 600]);
        b.extend(sframe(true, 0, OP_CONT, &[0u8; 600]));
        let got = feed_all(&mut p, &b, 100);
        assert!(matches!(&got[..], [Received::Fail(f)] if f.close_code == 1009));
    }

    #[test]
    fn long_messages_are_split_and_complete_in_order() {
        let mut p = Proto::new(1 << 20, None);
        p.queue_message(false, vec![7u8; 200_000], 1);
        p.queue_message(true, b"small".to_vec(), 2);
        p.queue_close(4000, "done", 3);
        let mut done = Vec::new();
        let mut frames = 0;
        loop {
            let n = p.out().len();
            if n == 0 {
                break;
            }
            // Write in odd pieces.
            let k = n.min(10_001);
            p.advance(k, &mut done);
            frames += 1;
        }
        assert_eq!(done, vec![1, 2, 3]);
        assert!(frames > 3);
        let mut p = Proto::new(1 << 20, None);
        p.queue_message(false, vec![7u8; 200_000], 1);
        let w = written(&mut p);
        assert_eq!(w.len(), 4);
        assert_eq!((w[0].0, w[0].1), (OP_BINARY, false));
        assert_eq!((w[3].0, w[3].1), (OP_CONT, true));
    }

    #[test]
    fn failure_drops_pending_messages() {
        let mut p = Proto::new(1 << 20, None);
        p.queue_message(true, b"a".to_vec(), 5);
        let mut out = Vec::new();
        p.feed(&sframe(true, 0, 0x4, b""), &mut out);
        assert_eq!(p.take_unsent(), vec![5]);
        let w = written(&mut p);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].0, OP_CLOSE);
    }

    #[test]
    fn deflate_both_ways() {
        let params = Params {
            server_no_context_takeover: false,
            client_no_context_takeover: false,
            server_max_window_bits: 15,
            client_max_window_bits: 15,
        };
        // The server side's compressor is our Deflater too (same wire format).
        let mut server = Deflater::new(&params);
        let mut p = Proto::new(1 << 20, Some(params));
        let c = server.compress("compressed hello".as_bytes());
        let mut bytes = sframe(false, 0b100, OP_TEXT, &c[..3]);
        bytes.extend(sframe(true, 0, OP_CONT, &c[3..]));
        let got = feed_all(&mut p, &bytes, 2);
        assert_eq!(
            got,
            vec![Received::Message {
                text: true,
                data: b"compressed hello".to_vec()
            }]
        );
        // RSV1 on a continuation frame is an error.
        let mut p2 = Proto::new(1 << 20, Some(params));
        let mut bytes = sframe(false, 0b100, OP_TEXT, &c[..3]);
        bytes.extend(sframe(true, 0b100, OP_CONT, &c[3..]));
        let got = feed_all(&mut p2, &bytes, 100);
        assert!(matches!(&got[..], [Received::Fail(f)] if f.close_code == 1002));
        // Our frames carry RSV1 on the first frame.
        p.queue_message(true, b"abcabcabcabc".to_vec(), 1);
        let o = p.out().to_vec();
        assert_eq!(o[0] & 0x40, 0x40);
    }
}
