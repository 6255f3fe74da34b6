//! In-process WebSocket server (RFC 6455) that misbehaves on purpose, for the cases a real
//! peer (tests/servers/ws_echo.py) never produces: fragments with control frames between them,
//! invalid UTF-8, oversize messages, deflate bombs, protocol violations, odd close frames, no
//! close reply, abrupt TCP ends, refused or botched upgrades, a frame sent with the 101.
//!
//! Loopback only (127.0.0.1, ephemeral port), one thread per connection, every connection
//! closed at the latest [`LIFETIME`] (10 s) after it was accepted. Client frames are unmasked,
//! reassembled from fragments (control frames between them answered), up to 16 MiB a message.
//! A client frame that breaks the protocol (unmasked, a reserved bit or opcode, a bad control
//! frame, a bad continuation, invalid UTF-8 in a text message, too big) is answered with a
//! close frame (1002, 1007 or 1009) and noted as `error=` in the log. The upgrade is answered
//! on any path below (query parameters optional; defaults in brackets), others get 404; a
//! request that is not an upgrade gets 400, except `GET /log`.
//!
//! | path | after the 101 |
//! |---|---|
//! | `/echo` | echoes text and binary messages, one frame each; pongs pings; answers a close with the same close frame, then closes TCP. Text `ping-me`: sends a PING `hello` instead of an echo; text `pongs?`: answers `pongs:<n>:<last pong payload>` |
//! | `/frag` | sends text `héllo wörld` as TEXT(fin=0) `h\xc3`, PING `p1`, CONT(fin=0) `\xa9llo w\xc3`, CONT(fin=1) `\xb6rld`; then binary `\x00..\x08` as 3 fragments; then like `/echo` |
//! | `/bad-utf8` | sends a text message `ok\xc3\x28` (invalid UTF-8); waits for the client's close (answered like `/echo`), closes TCP after it or after 3 s |
//! | `/bad-utf8-frag` | sends TEXT(fin=0) `abc\xff` and never the rest; waits for the client's close (a client that does not check fragment by fragment waits until the 10 s cap) |
//! | `/oversize?size=N` [2 MiB] | sends one binary message of N bytes (byte i = i % 256) in one frame, reading meanwhile; a client close is answered; without one within 500 ms of the write, sends a close 1000 `done` and waits for the reply |
//! | `/no-close-reply` | like `/echo`, but a client close frame is only noted: no reply, TCP stays open until the client closes it or the 10 s cap |
//! | `/abrupt` | sends text `bye`, then closes TCP (FIN) without a close frame |
//! | `/reset` | sends text `bye`, then resets TCP (RST, SO_LINGER 0) without a close frame |
//! | `/status?code=N` [403] | no upgrade: status N, body `denied`, `Connection: close` |
//! | `/bad-accept` | 101 with a wrong `Sec-WebSocket-Accept`; then like `/echo` |
//! | `/no-upgrade-header` | 101 without the `Upgrade` header; then like `/echo` |
//! | `/masked` | sends a text frame `masked` with the MASK bit set; then waits for the client's close |
//! | `/rsv` | sends a text frame `rsv` with RSV2 set; likewise |
//! | `/bad-opcode` | sends a frame with the reserved opcode 0x3; likewise |
//! | `/big-ping` | sends a PING with a 126-byte payload (control frames have at most 125); likewise |
//! | `/frag-ping` | sends a PING with FIN=0; likewise |
//! | `/cont-first` | sends a CONT frame `x` (FIN=1) when no message was started; likewise |
//! | `/close?code=N&reason=R` [1000, ""] | sends a close frame with code N (any u16, also invalid ones such as 1005 or 999; N=0: an empty close payload) and reason R (percent-decoded bytes, so also invalid UTF-8); waits for the client's close, notes it, closes TCP |
//! | `/close-1byte` | sends a close frame with a 1-byte payload; likewise |
//! | `/slow-read` | reads nothing for 3 s (the client's sends back up), then like `/echo` |
//! | `/early` | writes the 101 and a text frame `early` in one write(); then like `/echo` |
//! | `/deflate?nct=1` | negotiates permessage-deflate when offered (with `nct=1` also `server_no_context_takeover; client_no_context_takeover`; a `server_max_window_bits` offer is honoured), sends the text `compressed hello` compressed (RSV1), then like `/echo`, inflating RSV1 messages and sending every echo compressed |
//! | `/deflate-bomb?size=N` [64 MiB] | negotiates like `/deflate` and sends one binary message (RSV1, even when not negotiated) that inflates to N zero bytes; then like `/oversize` |
//!
//! `GET /log` (a plain HTTP request on the same port) answers `text/plain`, one line per
//! upgrade request so far (the last 1000), oldest first:
//!
//! `path=/close full_path=/close?code=4001&reason=x%20y conn=7 messages=0 pongs=0 last_pong="" client_close=4001 reason="x y" tcp_closed_by=client`
//!
//! `path` is without the query, `full_path` with it (so a test can look either up with
//! `path=... `); `messages` counts the complete data messages received, `pongs` the PONG frames
//! received and `last_pong` the last one's payload; `client_close` is the code of the client's
//! close frame (`none` when it sent none, `1005` for an empty payload, `short` for a 1-byte
//! one) and `reason` its reason; `error=` (only when there was one) a protocol error of the
//! client's; `tcp_closed_by` is `client` (EOF or reset from the client first), `server` (this
//! server closed first), `cap` (the 10 s lifetime ended it) or `stop` (the server was stopped).
//! `tcp_closed_by` appears only once the connection has ended. Byte strings are shown with `"`,
//! `\` and bytes outside printable ASCII escaped (`\xNN`).
//!
//! [`WsFaultServer::stop`] (also on drop) stops accepting, shuts every open connection down and
//! joins every thread.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use base64::Engine as _;
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

use crate::fault_server::set_linger_zero;

/// Every connection is closed at the latest this long after it was accepted.
pub const LIFETIME: Duration = Duration::from_secs(10);
/// The largest client message (after reassembly and inflation) and the largest frame.
const MAX_MESSAGE: usize = 16 << 20;
/// The largest request head.
const MAX_HEAD: usize = 64 << 10;
/// Log lines kept.
const MAX_LOG: usize = 1000;
/// RFC 6455 section 1.3.
const GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/// The tail a sync flush leaves and permessage-deflate strips (RFC 7692 7.2.1).
const DEFLATE_TAIL: [u8; 4] = [0x00, 0x00, 0xff, 0xff];

const OP_CONT: u8 = 0x0;
const OP_TEXT: u8 = 0x1;
const OP_BINARY: u8 = 0x2;
const OP_CLOSE: u8 = 0x8;
const OP_PING: u8 = 0x9;
const OP_PONG: u8 = 0xa;
const FIN: u8 = 0x80;
const RSV1: u8 = 0x40;
const RSV2: u8 = 0x20;

pub struct WsFaultServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

struct Shared {
    stop: AtomicBool,
    accepted: AtomicU64,
    /// Clones of the open connections, so that stopping can shut them down.
    open: Mutex<HashMap<u64, TcpStream>>,
    /// The connection threads (finished ones are pruned as new ones start).
    threads: Mutex<Vec<JoinHandle<()>>>,
    /// One entry per upgrade request, by connection number.
    log: Mutex<BTreeMap<u64, Entry>>,
}

/// What a connection's log line says.
#[derive(Default)]
struct Entry {
    path: String,
    full_path: String,
    messages: u64,
    pongs: u64,
    last_pong: Vec<u8>,
    /// None: no close frame received; Some(payload) otherwise.
    client_close: Option<Vec<u8>>,
    error: Option<String>,
    tcp_closed_by: Option<&'static str>,
}

impl WsFaultServer {
    /// Binds 127.0.0.1 on an ephemeral port and starts accepting.
    pub fn start() -> io::Result<WsFaultServer> {
        // The RFC 6455 section 1.3 example: a self-check of the hand-written SHA-1.
        assert_eq!(
            accept_key("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            accepted: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
            threads: Mutex::new(Vec::new()),
            log: Mutex::new(BTreeMap::new()),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("ws-fault-accept".into())
                .spawn(move || accept_loop(listener, shared))?
        };
        Ok(WsFaultServer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// `ws://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("ws://{}", self.addr)
    }

    /// `http://127.0.0.1:<port>/log`
    pub fn log_url(&self) -> String {
        format!("http://{}/log", self.addr)
    }

    /// Stops accepting, shuts every open connection down and joins every thread. Idempotent.
    pub fn stop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        let Some(acceptor) = self.acceptor.take() else {
            return;
        };
        // Wake the acceptor blocked in accept().
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        let _ = acceptor.join();
        for s in self.shared.open.lock().unwrap().values() {
            let _ = s.shutdown(Shutdown::Both);
        }
        let threads = std::mem::take(&mut *self.shared.threads.lock().unwrap());
        for t in threads {
            let _ = t.join();
        }
    }
}

impl Drop for WsFaultServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // Out of descriptors or the like: do not spin.
            thread::sleep(Duration::from_millis(50));
            continue;
        };
        let id = shared.accepted.fetch_add(1, Ordering::SeqCst) + 1;
        let Ok(clone) = stream.try_clone() else {
            continue;
        };
        shared.open.lock().unwrap().insert(id, clone);
        let conn_shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name(format!("ws-fault-conn-{id}"))
            .spawn(move || {
                serve(stream, id, &conn_shared);
                conn_shared.open.lock().unwrap().remove(&id);
            });
        match spawned {
            Ok(handle) => {
                let mut threads = shared.threads.lock().unwrap();
                threads.retain(|t| !t.is_finished());
                threads.push(handle);
            }
            Err(_) => {
                eprintln!("ws fault server: cannot spawn a connection thread");
                shared.open.lock().unwrap().remove(&id);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Connection

/// The reading side: buffered, every read bounded by the connection's deadline (and by a
/// shorter soft deadline while one is set).
struct Reader {
    stream: TcpStream,
    buf: Vec<u8>,
    deadline: Instant,
    soft: Option<Instant>,
}

/// The error a read returns when the soft deadline passed (the hard one did not).
#[derive(Debug)]
struct SoftDeadline;

impl std::fmt::Display for SoftDeadline {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("soft deadline passed")
    }
}

impl std::error::Error for SoftDeadline {}

fn soft_timeout() -> io::Error {
    io::Error::other(SoftDeadline)
}

fn is_soft_timeout(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|inner| inner.is::<SoftDeadline>())
}

impl Reader {
    /// Reads more bytes into the buffer.
    fn fill(&mut self) -> io::Result<()> {
        let now = Instant::now();
        let until = self.soft.map_or(self.deadline, |s| s.min(self.deadline));
        if now >= until {
            return Err(if now < self.deadline {
                soft_timeout()
            } else {
                io::ErrorKind::TimedOut.into()
            });
        }
        self.stream.set_read_timeout(Some(until - now))?;
        let mut tmp = [0u8; 64 << 10];
        match self.stream.read(&mut tmp) {
            Ok(0) => Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                self.buf.extend_from_slice(&tmp[..n]);
                Ok(())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                if Instant::now() < self.deadline {
                    Err(soft_timeout())
                } else {
                    Err(io::ErrorKind::TimedOut.into())
                }
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The request head (up to and including the empty line); what follows stays buffered.
    fn head(&mut self) -> io::Result<Vec<u8>> {
        loop {
            if let Some(i) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let rest = self.buf.split_off(i + 4);
                return Ok(std::mem::replace(&mut self.buf, rest));
            }
            if self.buf.len() > MAX_HEAD {
                return Err(io::Error::new(io::ErrorKind::InvalidData, "head too big"));
            }
            self.fill()?;
        }
    }

    /// The next frame, payload unmasked.
    fn frame(&mut self) -> io::Result<Parsed> {
        loop {
            match parse_frame(&self.buf) {
                Some(Ok((frame, used))) => {
                    self.buf.drain(..used);
                    return Ok(Parsed::Frame(frame));
                }
                Some(Err(())) => return Ok(Parsed::TooBig),
                None => self.fill()?,
            }
        }
    }
}

struct Frame {
    fin: bool,
    /// The RSV1..RSV3 bits as in the first byte (0x70 mask).
    rsv: u8,
    opcode: u8,
    masked: bool,
    payload: Vec<u8>,
}

enum Parsed {
    Frame(Frame),
    /// The header announced more than MAX_MESSAGE bytes.
    TooBig,
}

/// A whole frame from the front of `buf` and the bytes it took; None: incomplete.
fn parse_frame(buf: &[u8]) -> Option<Result<(Frame, usize), ()>> {
    if buf.len() < 2 {
        return None;
    }
    let (b0, b1) = (buf[0], buf[1]);
    let mut pos = 2;
    let len = match b1 & 0x7f {
        126 => {
            let b = buf.get(2..4)?;
            pos = 4;
            u64::from(u16::from_be_bytes([b[0], b[1]]))
        }
        127 => {
            let b = buf.get(2..10)?;
            pos = 10;
            u64::from_be_bytes(b.try_into().unwrap())
        }
        n => u64::from(n),
    };
    if len > MAX_MESSAGE as u64 {
        return Some(Err(()));
    }
    let masked = b1 & 0x80 != 0;
    let mask = if masked {
        let m = buf.get(pos..pos + 4)?;
        pos += 4;
        [m[0], m[1], m[2], m[3]]
    } else {
        [0; 4]
    };
    let end = pos + len as usize;
    let mut payload = buf.get(pos..end)?.to_vec();
    if masked {
        for (i, b) in payload.iter_mut().enumerate() {
            *b ^= mask[i % 4];
        }
    }
    Some(Ok((
        Frame {
            fin: b0 & FIN != 0,
            rsv: b0 & 0x70,
            opcode: b0 & 0x0f,
            masked,
            payload,
        },
        end,
    )))
}

/// A frame as a server sends it (no mask unless given). `b0` is FIN, RSV bits and opcode.
fn frame_bytes(b0: u8, mask: Option<[u8; 4]>, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(payload.len() + 14);
    out.push(b0);
    let m = if mask.is_some() { 0x80 } else { 0 };
    match payload.len() {
        n if n < 126 => out.push(m | n as u8),
        n if n <= 0xffff => {
            out.push(m | 126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(m | 127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    match mask {
        Some(k) => {
            out.extend_from_slice(&k);
            out.extend(payload.iter().enumerate().map(|(i, b)| b ^ k[i % 4]));
        }
        None => out.extend_from_slice(payload),
    }
    out
}

/// The writing side, shared with a background writer when one runs.
struct Writer {
    stream: Mutex<TcpStream>,
    deadline: Instant,
    close_sent: AtomicBool,
    /// A close frame came from the client.
    client_closed: AtomicBool,
}

impl Writer {
    fn raw(&self, bytes: &[u8]) -> io::Result<()> {
        let mut s = self.stream.lock().unwrap();
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        s.set_write_timeout(Some(left))?;
        s.write_all(bytes)?;
        s.flush()
    }

    fn frame(&self, b0: u8, payload: &[u8]) -> io::Result<()> {
        if b0 & 0x0f == OP_CLOSE {
            self.close_sent.store(true, Ordering::SeqCst);
        }
        self.raw(&frame_bytes(b0, None, payload))
    }

    fn text(&self, s: &str) -> io::Result<()> {
        self.frame(FIN | OP_TEXT, s.as_bytes())
    }

    /// Sends a close frame unless one was sent already (by this thread or another).
    fn close_once(&self, payload: &[u8]) -> io::Result<()> {
        if self.close_sent.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        self.raw(&frame_bytes(FIN | OP_CLOSE, None, payload))
    }

    fn close(&self, code: u16, reason: &str) -> io::Result<()> {
        let mut p = code.to_be_bytes().to_vec();
        p.extend_from_slice(reason.as_bytes());
        self.close_once(&p)
    }
}

/// What a connection does after the upgrade.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Echo data messages; answer a close and end.
    Echo,
    /// Ignore data messages; answer a close and end.
    AwaitClose,
    /// Echo data messages; note a close without answering it, go on reading.
    NoCloseReply,
}

/// How the frame loop ended.
enum LoopEnd {
    /// This server should close TCP now (close handshake done or a protocol error answered).
    Done,
    /// The soft deadline passed.
    Soft,
}

struct Conn<'a> {
    id: u64,
    shared: &'a Shared,
    reader: Reader,
    /// Shared with the background writer of [`send_while_reading`].
    writer: Arc<Writer>,
    deflate: Option<Deflate>,
}

impl Conn<'_> {
    fn note(&self, f: impl FnOnce(&mut Entry)) {
        note(self.shared, self.id, f);
    }

    fn protocol_error(&self, code: u16, what: &str) -> io::Result<LoopEnd> {
        self.note(|e| e.error = Some(what.to_string()));
        self.writer.close(code, what)?;
        Ok(LoopEnd::Done)
    }

    /// Reads and handles frames until the close handshake, a protocol error, or an I/O error.
    fn frames(&mut self, mode: Mode) -> io::Result<LoopEnd> {
        // The message being reassembled: opcode, compressed, bytes so far.
        let mut message: Option<(u8, bool, Vec<u8>)> = None;
        loop {
            let frame = match self.reader.frame() {
                Ok(Parsed::Frame(f)) => f,
                Ok(Parsed::TooBig) => return self.protocol_error(1009, "frame too big"),
                Err(e) if is_soft_timeout(&e) => return Ok(LoopEnd::Soft),
                Err(e) => return Err(e),
            };
            if !frame.masked {
                return self.protocol_error(1002, "unmasked frame");
            }
            let data_start = matches!(frame.opcode, OP_TEXT | OP_BINARY);
            let allowed_rsv = if data_start && self.deflate.is_some() {
                RSV1
            } else {
                0
            };
            if frame.rsv & !allowed_rsv != 0 {
                return self.protocol_error(1002, "reserved bit set");
            }
            match frame.opcode {
                OP_PING | OP_PONG | OP_CLOSE if !frame.fin || frame.payload.len() > 125 => {
                    return self.protocol_error(1002, "bad control frame");
                }
                OP_PING => {
                    if !self.writer.close_sent.load(Ordering::SeqCst) {
                        self.writer.frame(FIN | OP_PONG, &frame.payload)?;
                    }
                }
                OP_PONG => self.note(|e| {
                    e.pongs += 1;
                    e.last_pong = frame.payload.clone();
                }),
                OP_CLOSE => {
                    self.note(|e| e.client_close = Some(frame.payload.clone()));
                    self.writer.client_closed.store(true, Ordering::SeqCst);
                    if mode == Mode::NoCloseReply {
                        continue;
                    }
                    self.writer.close_once(&frame.payload)?;
                    return Ok(LoopEnd::Done);
                }
                OP_TEXT | OP_BINARY => {
                    if message.is_some() {
                        return self.protocol_error(1002, "new message inside a fragmented one");
                    }
                    message = Some((frame.opcode, frame.rsv & RSV1 != 0, frame.payload));
                }
                OP_CONT => match message.as_mut() {
                    None => return self.protocol_error(1002, "continuation without a message"),
                    Some((_, _, data)) => {
                        if data.len() + frame.payload.len() > MAX_MESSAGE {
                            return self.protocol_error(1009, "message too big");
                        }
                        data.extend_from_slice(&frame.payload);
                    }
                },
                _ => return self.protocol_error(1002, "reserved opcode"),
            }
            if !frame.fin || !matches!(frame.opcode, OP_TEXT | OP_BINARY | OP_CONT) {
                continue;
            }
            let Some((opcode, compressed, data)) = message.take() else {
                continue;
            };
            let data = if compressed {
                let deflate = self.deflate.as_mut().expect("RSV1 only with deflate");
                match deflate.decompress(&data, MAX_MESSAGE) {
                    Ok(d) => d,
                    Err(Inflate::TooBig) => return self.protocol_error(1009, "message too big"),
                    Err(Inflate::Invalid) => return self.protocol_error(1007, "bad deflate data"),
                }
            } else {
                data
            };
            if opcode == OP_TEXT && std::str::from_utf8(&data).is_err() {
                return self.protocol_error(1007, "invalid UTF-8");
            }
            self.note(|e| e.messages += 1);
            if mode == Mode::AwaitClose || self.writer.close_sent.load(Ordering::SeqCst) {
                continue;
            }
            if opcode == OP_TEXT && data == b"ping-me" {
                self.writer.frame(FIN | OP_PING, b"hello")?;
            } else if opcode == OP_TEXT && data == b"pongs?" {
                let mut answer = String::new();
                self.note(|e| {
                    answer = format!(
                        "pongs:{}:{}",
                        e.pongs,
                        String::from_utf8_lossy(&e.last_pong)
                    )
                });
                self.send_message(OP_TEXT, answer.as_bytes())?;
            } else {
                self.send_message(opcode, &data)?;
            }
        }
    }

    /// One data message in one frame, compressed when permessage-deflate was negotiated.
    fn send_message(&mut self, opcode: u8, data: &[u8]) -> io::Result<()> {
        match self.deflate.as_mut() {
            Some(d) => {
                let z = d.compress(data)?;
                self.writer.frame(FIN | RSV1 | opcode, &z)
            }
            None => self.writer.frame(FIN | opcode, data),
        }
    }

    /// Sleeps up to `d`, in short steps; false when the server is stopping.
    fn pause(&self, d: Duration) -> bool {
        let until = (Instant::now() + d).min(self.reader.deadline);
        while Instant::now() < until {
            if self.shared.stop.load(Ordering::SeqCst) {
                return false;
            }
            thread::sleep(
                Duration::from_millis(20).min(until.saturating_duration_since(Instant::now())),
            );
        }
        !self.shared.stop.load(Ordering::SeqCst)
    }

    /// Waits for the client's close frame (answered) at most `d`; Done when it came.
    fn await_close_for(&mut self, d: Duration) -> io::Result<LoopEnd> {
        self.reader.soft = Some(Instant::now() + d);
        let r = self.frames(Mode::AwaitClose);
        self.reader.soft = None;
        r
    }
}

fn note(shared: &Shared, id: u64, f: impl FnOnce(&mut Entry)) {
    if let Some(e) = shared.log.lock().unwrap().get_mut(&id) {
        f(e);
    }
}

/// Serves one connection to its end and writes its log entry's `tcp_closed_by`.
fn serve(stream: TcpStream, id: u64, shared: &Shared) {
    let deadline = Instant::now() + LIFETIME;
    let Ok(write_half) = stream.try_clone() else {
        return;
    };
    let mut reader = Reader {
        stream,
        buf: Vec::new(),
        deadline,
        soft: None,
    };
    let Ok(head) = reader.head() else { return };
    let req = match Request::parse(&head) {
        Some(r) if r.is_upgrade() => r,
        other => {
            let mut s = write_half;
            let response = match other {
                Some(r) if r.method == "GET" && r.path == "/log" => {
                    http_response(200, &render_log(shared))
                }
                _ => http_response(400, "not a WebSocket upgrade request\n"),
            };
            let _ = s.set_write_timeout(Some(Duration::from_secs(5)));
            let _ = s.write_all(&response);
            lingering_close(&s, &mut reader);
            return;
        }
    };
    {
        let mut log = shared.log.lock().unwrap();
        log.insert(
            id,
            Entry {
                path: req.path.clone(),
                full_path: req.target.clone(),
                ..Entry::default()
            },
        );
        while log.len() > MAX_LOG {
            log.pop_first();
        }
    }
    let mut conn = Conn {
        id,
        shared,
        reader,
        writer: Arc::new(Writer {
            stream: Mutex::new(write_half),
            deadline,
            close_sent: AtomicBool::new(false),
            client_closed: AtomicBool::new(false),
        }),
        deflate: None,
    };
    let result = behave(&mut conn, &req);
    let by = match result {
        _ if shared.stop.load(Ordering::SeqCst) => "stop",
        Ok(End::Close) => {
            let write_half = conn.writer.stream.lock().unwrap().try_clone();
            if let Ok(s) = write_half {
                lingering_close(&s, &mut conn.reader);
            }
            "server"
        }
        Ok(End::Reset) => {
            // RST goes out when the last descriptor of the socket is closed.
            set_linger_zero(&conn.reader.stream);
            shared.open.lock().unwrap().remove(&id);
            drop(conn);
            note(shared, id, |e| e.tcp_closed_by = Some("server"));
            return;
        }
        Err(e) if e.kind() == io::ErrorKind::TimedOut || Instant::now() >= deadline => "cap",
        Err(_) => "client",
    };
    let _ = conn.reader.stream.shutdown(Shutdown::Both);
    conn.note(|e| e.tcp_closed_by = Some(by));
}

/// Sends FIN, then reads (and drops) what the client still sends until its FIN, at most 1 s.
fn lingering_close(stream: &TcpStream, reader: &mut Reader) {
    let _ = stream.shutdown(Shutdown::Write);
    reader.buf.clear();
    reader.soft = Some(Instant::now() + Duration::from_secs(1));
    while reader.fill().is_ok() {
        reader.buf.clear();
    }
    let _ = stream.shutdown(Shutdown::Both);
}

/// How this server ends a connection it ends.
enum End {
    Close,
    Reset,
}

/// The upgrade answer and the behaviour the path selects. Ok: this server ends the
/// connection; Err: the client did, or the lifetime cap.
fn behave(c: &mut Conn, req: &Request) -> io::Result<End> {
    let Some(key) = req.header("sec-websocket-key") else {
        c.writer
            .raw(&http_response(400, "no Sec-WebSocket-Key\n"))?;
        return Ok(End::Close);
    };
    let accept = accept_key(key);
    let switching = |extra: &str| {
        format!(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Accept: {accept}\r\n{extra}\r\n"
        )
    };
    match req.path.as_str() {
        "/status" => {
            let code = req.num("code", 403).min(999) as u16;
            c.writer.raw(&http_response(code, "denied"))?;
            return Ok(End::Close);
        }
        "/bad-accept" => {
            let wrong = accept_key(&format!("{key}x"));
            c.writer.raw(
                format!(
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\
                     Connection: Upgrade\r\nSec-WebSocket-Accept: {wrong}\r\n\r\n"
                )
                .as_bytes(),
            )?;
            return echo(c);
        }
        "/no-upgrade-header" => {
            c.writer.raw(
                format!(
                    "HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n\
                     Sec-WebSocket-Accept: {accept}\r\n\r\n"
                )
                .as_bytes(),
            )?;
            return echo(c);
        }
        "/early" => {
            let mut bytes = switching("").into_bytes();
            bytes.extend_from_slice(&frame_bytes(FIN | OP_TEXT, None, b"early"));
            c.writer.raw(&bytes)?;
            return echo(c);
        }
        "/deflate" | "/deflate-bomb" => {
            let (deflate, header) = match negotiate_deflate(req, req.param("nct").is_some()) {
                Some((d, h)) => (Some(d), format!("Sec-WebSocket-Extensions: {h}\r\n")),
                None => (None, String::new()),
            };
            c.deflate = deflate;
            c.writer.raw(switching(&header).as_bytes())?;
        }
        "/echo" | "/frag" | "/bad-utf8" | "/bad-utf8-frag" | "/oversize" | "/no-close-reply"
        | "/abrupt" | "/reset" | "/masked" | "/rsv" | "/bad-opcode" | "/big-ping"
        | "/frag-ping" | "/cont-first" | "/close" | "/close-1byte" | "/slow-read" => {
            c.writer.raw(switching("").as_bytes())?;
        }
        _ => {
            c.writer.raw(&http_response(404, "no such path\n"))?;
            return Ok(End::Close);
        }
    }
    let w = &c.writer;
    match req.path.as_str() {
        "/echo" => echo(c),
        "/frag" => {
            w.frame(OP_TEXT, b"h\xc3")?;
            w.frame(FIN | OP_PING, b"p1")?;
            w.frame(OP_CONT, b"\xa9llo w\xc3")?;
            w.frame(FIN | OP_CONT, b"\xb6rld")?;
            w.frame(OP_BINARY, &[0, 1, 2])?;
            w.frame(OP_CONT, &[3, 4, 5])?;
            w.frame(FIN | OP_CONT, &[6, 7, 8])?;
            echo(c)
        }
        "/bad-utf8" => {
            w.frame(FIN | OP_TEXT, b"ok\xc3\x28")?;
            c.await_close_for(Duration::from_secs(3))?;
            Ok(End::Close)
        }
        "/bad-utf8-frag" => {
            // The rest never comes: only a client that checks fragment by fragment closes
            // with 1007; any other sees the connection end (1006) at the cap.
            w.frame(OP_TEXT, b"abc\xff")?;
            c.frames(Mode::AwaitClose)?;
            Ok(End::Close)
        }
        "/oversize" => {
            let n = req.num("size", 2 << 20).min(1 << 30) as usize;
            let data: Vec<u8> = (0..n).map(|i| i as u8).collect();
            send_while_reading(c, &frame_bytes(FIN | OP_BINARY, None, &data))
        }
        "/deflate-bomb" => {
            let n = req.num("size", 64 << 20).min(1 << 32);
            let z = deflate_zeros(n)?;
            send_while_reading(c, &frame_bytes(FIN | RSV1 | OP_BINARY, None, &z))
        }
        "/deflate" => {
            c.send_message(OP_TEXT, b"compressed hello")?;
            echo(c)
        }
        "/no-close-reply" => {
            c.frames(Mode::NoCloseReply)?;
            Ok(End::Close)
        }
        "/abrupt" | "/reset" => {
            w.text("bye")?;
            // Let the client read "bye" before the end (a reset may discard unread data).
            c.pause(Duration::from_millis(200));
            Ok(if req.path == "/reset" {
                End::Reset
            } else {
                End::Close
            })
        }
        "/masked" | "/rsv" | "/bad-opcode" | "/big-ping" | "/frag-ping" | "/cont-first"
        | "/close-1byte" => {
            let bytes = match req.path.as_str() {
                "/masked" => frame_bytes(FIN | OP_TEXT, Some([1, 2, 3, 4]), b"masked"),
                "/rsv" => frame_bytes(FIN | RSV2 | OP_TEXT, None, b"rsv"),
                "/bad-opcode" => frame_bytes(FIN | 0x3, None, b"op3"),
                "/big-ping" => frame_bytes(FIN | OP_PING, None, &[b'p'; 126]),
                "/frag-ping" => frame_bytes(OP_PING, None, b"fp"),
                "/cont-first" => frame_bytes(FIN | OP_CONT, None, b"x"),
                _ => {
                    w.close_sent.store(true, Ordering::SeqCst);
                    frame_bytes(FIN | OP_CLOSE, None, &[0x03])
                }
            };
            w.raw(&bytes)?;
            c.frames(Mode::AwaitClose)?;
            Ok(End::Close)
        }
        "/close" => {
            let code = req.num("code", 1000);
            let mut payload = Vec::new();
            if code != 0 {
                payload.extend_from_slice(&(code as u16).to_be_bytes());
                payload.extend_from_slice(&req.param_bytes("reason").unwrap_or_default());
            }
            w.frame(FIN | OP_CLOSE, &payload)?;
            c.frames(Mode::AwaitClose)?;
            Ok(End::Close)
        }
        "/slow-read" => {
            c.pause(Duration::from_secs(3));
            echo(c)
        }
        _ => unreachable!("paths were matched above"),
    }
}

fn echo(c: &mut Conn) -> io::Result<End> {
    c.frames(Mode::Echo)?;
    Ok(End::Close)
}

/// Writes `bytes` from a second thread while this one reads the client's frames (so that a
/// client that closes early is answered); when the client has not closed 500 ms after the
/// write, sends a close 1000 `done` itself. Ends after the close handshake.
fn send_while_reading(c: &mut Conn, bytes: &[u8]) -> io::Result<End> {
    let shutdown = c.reader.stream.try_clone()?;
    thread::scope(|s| {
        let writer = Arc::clone(&c.writer);
        let background = s.spawn(move || -> io::Result<()> {
            writer.raw(bytes)?;
            let until = Instant::now() + Duration::from_millis(500);
            while Instant::now() < until && !writer.client_closed.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(10));
            }
            if !writer.client_closed.load(Ordering::SeqCst) {
                writer.close(1000, "done")?;
            }
            Ok(())
        });
        let r = c.frames(Mode::AwaitClose);
        if background.is_finished() {
            let _ = background.join();
        } else {
            // The client went away or broke the protocol mid-message: unblock the writer.
            let _ = shutdown.shutdown(Shutdown::Both);
            let _ = background.join();
        }
        r.map(|_| End::Close)
    })
}

// ---------------------------------------------------------------------------------------------
// HTTP

struct Request {
    method: String,
    /// The request-target as sent (path and query).
    target: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
}

impl Request {
    fn parse(head: &[u8]) -> Option<Request> {
        let text = String::from_utf8_lossy(head);
        let mut lines = text.split("\r\n");
        let mut parts = lines.next()?.split(' ');
        let (method, target) = (parts.next()?, parts.next()?);
        parts.next()?.strip_prefix("HTTP/")?;
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let headers = lines
            .filter(|l| !l.is_empty())
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        Some(Request {
            method: method.to_string(),
            target: target.to_string(),
            path: path.to_string(),
            query: query.to_string(),
            headers,
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a header, comma-joined (as for Sec-WebSocket-Extensions sent twice).
    fn header_all(&self, name: &str) -> String {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        values.join(", ")
    }

    fn is_upgrade(&self) -> bool {
        self.method == "GET"
            && self
                .header("upgrade")
                .is_some_and(|v| v.to_ascii_lowercase().contains("websocket"))
    }

    /// A query parameter, percent-decoded to bytes (`+` stays `+`).
    fn param_bytes(&self, name: &str) -> Option<Vec<u8>> {
        self.query
            .split('&')
            .filter_map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (k == name).then(|| percent_encoding::percent_decode_str(v).collect())
            })
            .next()
    }

    fn param(&self, name: &str) -> Option<String> {
        self.param_bytes(name)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    fn num(&self, name: &str, default: u64) -> u64 {
        self.param(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }
}

fn http_response(code: u16, body: &str) -> Vec<u8> {
    let reason = match code {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    };
    format!(
        "HTTP/1.1 {code} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn render_log(shared: &Shared) -> String {
    let log = shared.log.lock().unwrap();
    let mut out = String::new();
    for (id, e) in log.iter() {
        let close = match e.client_close.as_deref() {
            None => "none".to_string(),
            Some([]) => "1005".to_string(),
            Some([_]) => "short".to_string(),
            Some([a, b, ..]) => u16::from_be_bytes([*a, *b]).to_string(),
        };
        let reason = e
            .client_close
            .as_deref()
            .filter(|p| p.len() > 2)
            .map_or(&[][..], |p| &p[2..]);
        out.push_str(&format!(
            "path={} full_path={} conn={id} messages={} pongs={} last_pong=\"{}\" \
             client_close={close} reason=\"{}\"",
            escape(e.path.as_bytes()),
            escape(e.full_path.as_bytes()),
            e.messages,
            e.pongs,
            escape(&e.last_pong),
            escape(reason),
        ));
        if let Some(err) = &e.error {
            out.push_str(&format!(" error=\"{}\"", escape(err.as_bytes())));
        }
        if let Some(by) = e.tcp_closed_by {
            out.push_str(&format!(" tcp_closed_by={by}"));
        }
        out.push('\n');
    }
    out
}

/// Printable ASCII as is, except `"` and `\`; everything else as `\xNN`.
fn escape(bytes: &[u8]) -> String {
    let mut s = String::new();
    for &b in bytes {
        match b {
            b'"' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            0x20..=0x7e => s.push(b as char),
            _ => s.push_str(&format!("\\x{b:02x}")),
        }
    }
    s
}

// ---------------------------------------------------------------------------------------------
// permessage-deflate (RFC 7692)

struct Deflate {
    compress: Compress,
    decompress: Decompress,
    /// server_no_context_takeover: a fresh compressor for every message.
    server_nct: bool,
    /// client_no_context_takeover: a fresh decompressor for every message.
    client_nct: bool,
}

enum Inflate {
    TooBig,
    Invalid,
}

/// The client's first permessage-deflate offer, accepted: the state and the response header.
fn negotiate_deflate(req: &Request, nct: bool) -> Option<(Deflate, String)> {
    let offers = req.header_all("sec-websocket-extensions");
    let offer = offers.split(',').find(|o| {
        o.split(';')
            .next()
            .is_some_and(|n| n.trim() == "permessage-deflate")
    })?;
    let params: Vec<(String, Option<String>)> = offer
        .split(';')
        .skip(1)
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (
                k.trim().to_string(),
                Some(v.trim().trim_matches('"').into()),
            ),
            None => (p.trim().to_string(), None),
        })
        .collect();
    let has = |k: &str| params.iter().any(|(n, _)| n == k);
    let mut header = String::from("permessage-deflate");
    let server_nct = nct || has("server_no_context_takeover");
    if server_nct {
        header.push_str("; server_no_context_takeover");
    }
    if nct {
        header.push_str("; client_no_context_takeover");
    }
    let mut bits = 15u8;
    if let Some((_, Some(v))) = params.iter().find(|(n, _)| n == "server_max_window_bits") {
        bits = v.parse().ok().filter(|b| (9..=15).contains(b))?;
        header.push_str(&format!("; server_max_window_bits={bits}"));
    }
    let deflate = Deflate {
        compress: Compress::new_with_window_bits(Compression::default(), false, bits),
        decompress: Decompress::new(false),
        server_nct,
        client_nct: nct || has("client_no_context_takeover"),
    };
    Some((deflate, header))
}

impl Deflate {
    /// Raw deflate with a sync flush, the 00 00 ff ff tail removed.
    fn compress(&mut self, data: &[u8]) -> io::Result<Vec<u8>> {
        if self.server_nct {
            self.compress.reset();
        }
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        let start = self.compress.total_in();
        loop {
            let used = (self.compress.total_in() - start) as usize;
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(1024));
            }
            self.compress
                .compress_vec(&data[used..], &mut out, FlushCompress::Sync)
                .map_err(io::Error::other)?;
            let used = (self.compress.total_in() - start) as usize;
            if used == data.len() && out.len() < out.capacity() {
                break;
            }
        }
        if out.ends_with(&DEFLATE_TAIL) {
            out.truncate(out.len() - 4);
        }
        if out.is_empty() {
            // zlib flushed nothing (no input since the last flush): an empty stored block's
            // first byte, so that the peer's appended tail still parses (RFC 7692 7.2.3.6).
            out.push(0x00);
        }
        Ok(out)
    }

    /// Inflates one message (the tail appended back), at most `limit` bytes.
    fn decompress(&mut self, data: &[u8], limit: usize) -> Result<Vec<u8>, Inflate> {
        if self.client_nct {
            self.decompress.reset(false);
        }
        if data.is_empty() {
            // Feeding the bare tail would leave the inflater inside a stored block.
            return Ok(Vec::new());
        }
        let mut input = data.to_vec();
        input.extend_from_slice(&DEFLATE_TAIL);
        let mut out = Vec::with_capacity((data.len() * 4).clamp(1024, limit + 1));
        let start = self.decompress.total_in();
        loop {
            let used = (self.decompress.total_in() - start) as usize;
            if out.capacity() - out.len() < 1024 {
                out.reserve(out.capacity().min(limit + 1 - out.len()).max(1024));
            }
            let before = (self.decompress.total_in(), self.decompress.total_out());
            let status = self
                .decompress
                .decompress_vec(&input[used..], &mut out, FlushDecompress::Sync)
                .map_err(|_| Inflate::Invalid)?;
            if out.len() > limit {
                return Err(Inflate::TooBig);
            }
            let used = (self.decompress.total_in() - start) as usize;
            let progressed = before != (self.decompress.total_in(), self.decompress.total_out());
            if (used == input.len() && out.len() < out.capacity())
                || status == Status::StreamEnd
                || !progressed
            {
                break;
            }
        }
        Ok(out)
    }
}

/// `n` zero bytes, raw-deflated at the best ratio with a sync flush, tail removed.
fn deflate_zeros(n: u64) -> io::Result<Vec<u8>> {
    let mut c = Compress::new(Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut out = Vec::with_capacity((n / 1000) as usize + 1024);
    let mut left = n;
    while left > 0 {
        let chunk = &zeros[..left.min(zeros.len() as u64) as usize];
        let start = c.total_in();
        while ((c.total_in() - start) as usize) < chunk.len() {
            if out.capacity() - out.len() < 4096 {
                out.reserve(out.capacity().max(4096));
            }
            let used = (c.total_in() - start) as usize;
            c.compress_vec(&chunk[used..], &mut out, FlushCompress::None)
                .map_err(io::Error::other)?;
        }
        left -= chunk.len() as u64;
    }
    loop {
        if out.capacity() - out.len() < 4096 {
            out.reserve(4096);
        }
        c.compress_vec(&[], &mut out, FlushCompress::Sync)
            .map_err(io::Error::other)?;
        if out.len() < out.capacity() {
            break;
        }
    }
    if out.ends_with(&DEFLATE_TAIL) {
        out.truncate(out.len() - 4);
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Sec-WebSocket-Accept: base64(SHA-1(key + GUID))

fn accept_key(key: &str) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("{}{GUID}", key.trim()).as_bytes());
    base64::engine::general_purpose::STANDARD.encode(h.digest().bytes())
}
