//! WebSocket connections on the engine's worker: the upgrade as a libcurl CONNECT_ONLY
//! transfer on the shared multi (kept added after the 101: removing it would close the
//! connection), then the socket watched by the engine's loop, read and written here with
//! `curl_easy_recv` / `curl_easy_send` (libcurl's raw mode: TLS and proxy tunnels stay
//! libcurl's, the frames are ours), and the timers for pings, pongs and the close handshake.

use super::deflate;
use super::options::WsOptions;
use super::proto::{self, Failure, Proto, Received, NO_TOKEN};
use super::shared::{
    nethttp_ws_result_cb, WsEvent, WsShared, STATE_CLOSED, STATE_CLOSING, STATE_OPEN,
};
use super::*;
use crate::core::curl::setopt_long;
use crate::core::engine::{Command, Cx, Module, Watch, Worker};
use crate::core::error::{Error, CURL_BASE, HEADERS_TOO_LARGE};
use crate::core::handle::UserData;
use crate::http::options::RequestOptions;
use crate::http::response::HeaderBlock;
use curl::easy::{Easy2, Handler, HttpVersion, List, WriteError};
use curl::multi::Easy2Handle;
use slab::Slab;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::ffi::c_void;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

const CURLOPT_CONNECT_ONLY: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_LONG + 141;
const CURLOPT_WS_OPTIONS: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_LONG + 320;
const CURLOPT_PROTOCOLS_STR: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_OBJECTPOINT + 318;
const CURLOPT_REDIR_PROTOCOLS_STR: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_OBJECTPOINT + 319;
const CURLOPT_HTTPPROXYTUNNEL: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_LONG + 61;
const CURLINFO_ACTIVESOCKET: curl_sys::CURLINFO = 0x50_0000 + 44;
const CURLWS_RAW_MODE: std::os::raw::c_long = 1;
const CURLE_AGAIN: curl_sys::CURLcode = 81;

/// Upgrade response headers: at most this much in all.
const MAX_HEADER_BYTES: usize = 256 * 1024;
/// One readable event reads at most this much before other connections get their turn.
const READ_BUDGET: usize = 4 * 1024 * 1024;
const READ_CHUNK: usize = 256 * 1024;

/// The upgrade transfer's handler: the 101's header block (libcurl has none to give for a
/// CONNECT_ONLY transfer) and the start of a refusal's body, for the error detail.
#[derive(Default)]
pub struct Upgrade {
    block: HeaderBlock,
    header_bytes: usize,
    too_large: bool,
    body: Vec<u8>,
}

impl Handler for Upgrade {
    fn header(&mut self, data: &[u8]) -> bool {
        self.header_bytes += data.len();
        if self.header_bytes > MAX_HEADER_BYTES {
            self.too_large = true;
            return false;
        }
        if data.starts_with(b"HTTP/") {
            self.block.clear();
        }
        if data == b"\r\n" || data == b"\n" {
            self.block.end_block();
        } else {
            self.block.push_line(data);
        }
        true
    }

    fn write(&mut self, data: &[u8]) -> Result<usize, WriteError> {
        let room = 512usize.saturating_sub(self.body.len());
        self.body.extend_from_slice(&data[..data.len().min(room)]);
        Ok(data.len())
    }
}

/// `nethttp_ws_connect`'s work.
pub struct Connect {
    pub shared: Arc<WsShared>,
    pub url: String,
    pub opts: Arc<WsOptions>,
    pub cb: nethttp_ws_result_cb,
    pub userdata: UserData,
    /// `host:port:address:port` when `dnsServers` resolved the host.
    pub connect_to: Option<String>,
    /// A failure found before the worker (the resolver's).
    pub pre_error: Option<Error>,
}

impl Command for Connect {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, cx) = w.module::<Ws>();
        m.connect(&cx, *self);
    }
}

/// `nethttp_ws_send`'s work.
pub struct Send {
    pub shared: Arc<WsShared>,
    pub text: bool,
    pub data: Vec<u8>,
    pub cb: nethttp_ws_result_cb,
    pub userdata: UserData,
}

impl Command for Send {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, cx) = w.module::<Ws>();
        m.send(&cx, *self);
    }
}

/// `nethttp_ws_close`'s work.
pub struct Close {
    pub shared: Arc<WsShared>,
    pub code: u16,
    pub reason: String,
    pub cb: nethttp_ws_result_cb,
    pub userdata: UserData,
}

impl Command for Close {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, cx) = w.module::<Ws>();
        m.close(&cx, *self);
    }
}

/// `nethttp_ws_destroy`'s work: end the connection now (a 1001 close frame is attempted,
/// not waited for); no callbacks follow.
pub struct Destroy(pub Arc<WsShared>);

impl Command for Destroy {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, cx) = w.module::<Ws>();
        m.destroy(&cx, &self.0);
    }
}

struct PendingSend {
    token: u64,
    cb: nethttp_ws_result_cb,
    userdata: UserData,
    len: u64,
}

struct Conn {
    shared: Arc<WsShared>,
    handle: Option<Easy2Handle<Upgrade>>,
    opts: Arc<WsOptions>,
    accept: String,
    connect_cb: Option<(nethttp_ws_result_cb, UserData)>,
    fd: i32,
    proto: Option<Proto>,
    sends: VecDeque<PendingSend>,
    next_token: u64,
    want_write: bool,
    last_rx: Instant,
    /// A ping is out: the pong is due by then.
    pong_due: Option<Instant>,
    close_due: Option<Instant>,
    /// The timer this connection has in the heap.
    timer_at: Option<Instant>,
    peer_close: Option<(Option<u16>, String)>,
    failure: Option<Failure>,
}

/// How a connection ended.
enum End {
    /// The closing handshake completed (or the server closed after it).
    Clean(u16, String),
    /// Abnormally: the close code to report and the error, unless reported already.
    Abnormal(u16, String, Option<(i32, String)>),
}

/// WebSocket's state on the worker.
#[derive(Default)]
pub struct Ws {
    conns: Slab<Conn>,
    timers: BinaryHeap<Reverse<(Instant, usize)>>,
    /// Connections whose read stopped at the budget: read again next turn.
    again: Vec<usize>,
    open: usize,
    /// The read buffer, shared by every connection.
    rbuf: Vec<u8>,
    /// What one read produced, kept across reads (no allocation per readable event).
    got: Vec<Received>,
}

fn cx_err(e: curl::Error) -> Error {
    Error::from_curl(&e)
}

/// The Sec-WebSocket-Accept a server must answer to `key`.
pub fn expected_accept(key: &str) -> String {
    use base64::Engine as _;
    let mut h = sha1_smol::Sha1::new();
    h.update(key.as_bytes());
    h.update(b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
    base64::engine::general_purpose::STANDARD.encode(h.digest().bytes())
}

/// A fresh Sec-WebSocket-Key: 16 random bytes, base64.
pub fn new_key() -> String {
    use base64::Engine as _;
    let mut k = [0u8; 16];
    if getrandom::getrandom(&mut k).is_err() {
        let mut r = super::frame::MaskRng::new();
        for c in k.chunks_mut(4) {
            c.copy_from_slice(&r.next_mask());
        }
    }
    base64::engine::general_purpose::STANDARD.encode(k)
}

fn build(c: &Connect, key: &str) -> Result<Easy2<Upgrade>, Error> {
    let o = &c.opts;
    let mut easy = Easy2::new(Upgrade::default());
    easy.signal(false).map_err(cx_err)?;
    crate::core::debug::install(&mut easy)?;
    easy.url(&c.url).map_err(cx_err)?;
    setopt_long(&mut easy, CURLOPT_CONNECT_ONLY, 2)?;
    setopt_long(&mut easy, CURLOPT_WS_OPTIONS, CURLWS_RAW_MODE)?;
    for opt in [CURLOPT_PROTOCOLS_STR, CURLOPT_REDIR_PROTOCOLS_STR] {
        // SAFETY: a valid handle; libcurl copies the string.
        let rc = unsafe { curl_sys::curl_easy_setopt(easy.raw(), opt, c"ws,wss".as_ptr()) };
        if rc != curl_sys::CURLE_OK {
            return Err(cx_err(curl::Error::new(rc)));
        }
    }
    easy.http_version(HttpVersion::V11).map_err(cx_err)?;
    // Through a proxy the upgrade always goes through a CONNECT tunnel (a proxy forwarding
    // plain requests would not pass the upgrade on), and the proxy's answer is not ours.
    setopt_long(&mut easy, CURLOPT_HTTPPROXYTUNNEL, 1)?;
    setopt_long(
        &mut easy,
        crate::http::setup::CURLOPT_SUPPRESS_CONNECT_HEADERS,
        1,
    )?;
    let mut list = List::new();
    for (n, v) in &o.headers {
        let line = if v.is_empty() {
            format!("{n};")
        } else {
            format!("{n}: {v}")
        };
        list.append(&line).map_err(cx_err)?;
    }
    // Ours, so that the answer can be checked (libcurl does not check it).
    list.append(&format!("Sec-WebSocket-Key: {key}"))
        .map_err(cx_err)?;
    if let Some(p) = &o.protocol {
        list.append(&format!("Sec-WebSocket-Protocol: {p}"))
            .map_err(cx_err)?;
    }
    if o.deflate {
        list.append(&format!("Sec-WebSocket-Extensions: {}", deflate::OFFER))
            .map_err(cx_err)?;
    }
    easy.http_headers(list).map_err(cx_err)?;
    if o.connect_timeout_ms > 0 {
        let t = Duration::from_millis(o.connect_timeout_ms.into());
        easy.connect_timeout(t).map_err(cx_err)?;
        // For a CONNECT_ONLY transfer the total timeout ends with the upgrade.
        easy.timeout(t).map_err(cx_err)?;
    }
    if let Some(ca) = &o.ca_path {
        crate::http::setup::set_ca_path(&mut easy, ca)?;
    }
    let ro = RequestOptions {
        net: o.net.clone(),
        ..RequestOptions::default()
    };
    crate::http::setup_net::apply(&mut easy, &c.url, &ro)?;
    crate::http::setup_net::set_connect_to(&mut easy, c.connect_to.as_deref())?;
    Ok(easy)
}

fn recv(h: &Easy2Handle<Upgrade>, buf: &mut [u8]) -> Result<usize, curl_sys::CURLcode> {
    let mut n = 0usize;
    // SAFETY: a live handle whose CONNECT_ONLY transfer is done; `buf` is writable.
    let rc = unsafe {
        curl_sys::curl_easy_recv(h.raw(), buf.as_mut_ptr() as *mut c_void, buf.len(), &mut n)
    };
    if rc == curl_sys::CURLE_OK {
        Ok(n)
    } else {
        Err(rc)
    }
}

fn send(h: &Easy2Handle<Upgrade>, buf: &[u8]) -> Result<usize, curl_sys::CURLcode> {
    let mut n = 0usize;
    // SAFETY: as for recv; `buf` is readable.
    let rc = unsafe {
        curl_sys::curl_easy_send(h.raw(), buf.as_ptr() as *const c_void, buf.len(), &mut n)
    };
    if rc == curl_sys::CURLE_OK {
        Ok(n)
    } else {
        Err(rc)
    }
}

fn curl_text(rc: curl_sys::CURLcode) -> String {
    let e = curl::Error::new(rc);
    format!("{} ({})", e.description(), CURL_BASE + rc as i32)
}

impl Ws {
    fn find(&self, shared: &Arc<WsShared>) -> Option<usize> {
        let key = shared.key.load(Ordering::Acquire);
        self.conns
            .get(key)
            .filter(|c| Arc::ptr_eq(&c.shared, shared))
            .map(|_| key)
    }

    fn connect(&mut self, cx: &Cx<'_>, c: Connect) {
        if c.shared.life.is_cancelled() {
            return;
        }
        let shared = c.shared.clone();
        let fail = |e: Error| {
            shared.set_state(STATE_CLOSED);
            shared.emit(WsEvent::Error {
                code: e.code,
                message: e.message.clone(),
            });
            shared.emit(WsEvent::Result {
                cb: c.cb,
                userdata: c.userdata,
                code: e.code,
                message: e.message,
            });
            shared.life.set_done();
        };
        if let Some(e) = c.pre_error.clone() {
            return fail(e);
        }
        let key_b64 = new_key();
        let easy = match build(&c, &key_b64) {
            Ok(e) => e,
            Err(e) => return fail(e),
        };
        let entry = self.conns.vacant_entry();
        let key = entry.key();
        let mut h = match cx.add2(easy) {
            Ok(h) => h,
            Err(e) => {
                return fail(Error::new(
                    ERR_UNKNOWN,
                    format!("cannot start the upgrade: {e}"),
                ))
            }
        };
        if let Err(e) = h.set_token(cx.token(key)) {
            let _ = cx.multi.remove2(h);
            return fail(Error::new(
                ERR_UNKNOWN,
                format!("cannot start the upgrade: {e}"),
            ));
        }
        c.shared.key.store(key, Ordering::Release);
        entry.insert(Conn {
            shared: c.shared.clone(),
            handle: Some(h),
            opts: c.opts.clone(),
            accept: expected_accept(&key_b64),
            connect_cb: Some((c.cb, c.userdata)),
            fd: -1,
            proto: None,
            sends: VecDeque::new(),
            next_token: 1,
            want_write: false,
            last_rx: Instant::now(),
            pong_due: None,
            close_due: None,
            timer_at: None,
            peer_close: None,
            failure: None,
        });
    }

    /// Checks the 101 and opens the connection, or says why not.
    fn open(&mut self, key: usize) -> Result<(), Error> {
        let conn = &mut self.conns[key];
        let h = conn.handle.as_mut().expect("connecting");
        let code = h.response_code().unwrap_or(0);
        let raw = h.raw();
        let up = h.get_mut();
        if up.too_large {
            return Err(Error::new(
                HEADERS_TOO_LARGE,
                "the upgrade response's headers exceed 256 KiB",
            ));
        }
        if code != 101 {
            return Err(refused_upgrade(up, code));
        }
        up.block.ensure_parsed();
        let block = &up.block;
        let has = |name: &str, want: &str| {
            block.fields().any(|(n, v)| {
                n == name && v.split(',').any(|t| t.trim().eq_ignore_ascii_case(want))
            })
        };
        if !has("upgrade", "websocket") {
            return Err(Error::new(ERR_UPGRADE, "the 101 has no Upgrade: websocket"));
        }
        if !has("connection", "upgrade") {
            return Err(Error::new(
                ERR_UPGRADE,
                "the 101 has no Connection: Upgrade",
            ));
        }
        match block.get("sec-websocket-accept") {
            Some(a) if a.trim() == conn.accept => {}
            other => {
                return Err(Error::new(
                    ERR_UPGRADE,
                    format!(
                        "the 101's Sec-WebSocket-Accept is {other:?}, not {:?} (the server did not answer our key)",
                        conn.accept
                    ),
                ))
            }
        }
        let ext: Vec<&str> = block
            .fields()
            .filter(|(n, _)| *n == "sec-websocket-extensions")
            .map(|(_, v)| v)
            .collect();
        let params = deflate::parse_answer(&ext.join(","), conn.opts.deflate)
            .map_err(|m| Error::new(ERR_UPGRADE, m))?;
        let protocol = block.get("sec-websocket-protocol").unwrap_or("").trim();
        if !protocol.is_empty() {
            let offered = conn
                .opts
                .protocol
                .as_deref()
                .is_some_and(|o| o.split(',').any(|p| p.trim() == protocol));
            if !offered {
                return Err(Error::new(
                    ERR_UPGRADE,
                    format!("the server chose the subprotocol {protocol:?}, which was not offered"),
                ));
            }
        }
        let mut sock: curl_sys::curl_socket_t = curl_sys::CURL_SOCKET_BAD;
        // SAFETY: CURLINFO_ACTIVESOCKET writes a curl_socket_t.
        let rc = unsafe { curl_sys::curl_easy_getinfo(raw, CURLINFO_ACTIVESOCKET, &mut sock) };
        if rc != curl_sys::CURLE_OK || sock == curl_sys::CURL_SOCKET_BAD {
            return Err(Error::new(ERR_UNKNOWN, "no socket after the upgrade"));
        }
        let headers_json = block.to_json_text_nul();
        let reason = block
            .status_line()
            .splitn(3, ' ')
            .nth(2)
            .unwrap_or("")
            .trim()
            .to_string();
        let protocol = protocol.to_string();
        conn.fd = sock as i32;
        conn.proto = Some(Proto::new(
            usize::try_from(conn.opts.max_message).unwrap_or(usize::MAX),
            params,
        ));
        conn.last_rx = Instant::now();
        self.open += 1;
        let s = conn.shared.clone();
        s.set_state(STATE_OPEN);
        s.emit(WsEvent::HeaderReceive {
            headers_json: headers_json.clone(),
        });
        s.emit(WsEvent::Open {
            status: 101,
            message: reason,
            protocol,
            headers_json,
        });
        if let Some((cb, ud)) = conn.connect_cb.take() {
            s.emit(WsEvent::Result {
                cb,
                userdata: ud,
                code: 0,
                message: String::new(),
            });
        }
        Ok(())
    }

    fn send(&mut self, cx: &Cx<'_>, s: Send) {
        let len = s.data.len() as u64;
        let Some(key) = self.find(&s.shared) else {
            return refuse(
                &s.shared,
                s.cb,
                s.userdata,
                len,
                "the WebSocket is not open",
            );
        };
        let conn = &mut self.conns[key];
        match conn.proto.as_mut() {
            Some(p) if !p.close_queued() && conn.failure.is_none() && conn.peer_close.is_none() => {
                let token = conn.next_token;
                conn.next_token += 1;
                p.queue_message(s.text, s.data, token);
                conn.sends.push_back(PendingSend {
                    token,
                    cb: s.cb,
                    userdata: s.userdata,
                    len,
                });
            }
            _ => {
                return refuse(
                    &s.shared,
                    s.cb,
                    s.userdata,
                    len,
                    "the WebSocket is closing or not open yet",
                )
            }
        }
        self.flush(cx, key);
    }

    fn close(&mut self, cx: &Cx<'_>, c: Close) {
        let Some(key) = self.find(&c.shared) else {
            return refuse(&c.shared, c.cb, c.userdata, 0, "the WebSocket is not open");
        };
        let conn = &mut self.conns[key];
        match conn.proto.as_mut() {
            Some(p) if !p.close_queued() && conn.failure.is_none() => {
                let token = conn.next_token;
                conn.next_token += 1;
                p.queue_close(c.code, &c.reason, token);
                conn.sends.push_back(PendingSend {
                    token,
                    cb: c.cb,
                    userdata: c.userdata,
                    len: 0,
                });
                conn.shared.set_state(STATE_CLOSING);
                conn.close_due = close_deadline(&conn.opts);
                self.schedule(key);
            }
            _ => {
                return refuse(
                    &c.shared,
                    c.cb,
                    c.userdata,
                    0,
                    "the WebSocket is already closing or not open yet",
                )
            }
        }
        self.flush(cx, key);
    }

    fn destroy(&mut self, cx: &Cx<'_>, shared: &Arc<WsShared>) {
        let Some(key) = self.find(shared) else {
            shared.life.set_done();
            return;
        };
        let mut conn = self.conns.remove(key);
        if let (Some(p), Some(h)) = (conn.proto.as_mut(), conn.handle.as_ref()) {
            // Going away: one attempt to say so, without waiting.
            if !p.close_queued() {
                p.queue_close(proto::CLOSE_GOING_AWAY, "", NO_TOKEN);
            }
            let mut done = Vec::new();
            for _ in 0..64 {
                let out = p.out();
                if out.is_empty() {
                    break;
                }
                match send(h, out) {
                    Ok(n) if n > 0 => p.advance(n, &mut done),
                    _ => break,
                }
            }
        }
        if conn.proto.is_some() {
            self.open -= 1;
        }
        if let Some(h) = conn.handle.take() {
            let _ = cx.multi.remove2(h);
        }
        shared.set_state(STATE_CLOSED);
        shared.life.set_done();
    }

    /// Reads what the socket has (up to the budget) and acts on it.
    fn read(&mut self, cx: &Cx<'_>, key: usize) {
        // One buffer for every read (zeroed once, not per readable event).
        let mut buf = std::mem::take(&mut self.rbuf);
        buf.resize(READ_CHUNK, 0);
        let mut got = std::mem::take(&mut self.got);
        let mut total = 0usize;
        let mut end: Option<Result<(), curl_sys::CURLcode>> = None;
        {
            let conn = &mut self.conns[key];
            let (Some(h), Some(p)) = (conn.handle.as_ref(), conn.proto.as_mut()) else {
                self.rbuf = buf;
                self.got = got;
                return;
            };
            loop {
                match recv(h, &mut buf) {
                    Ok(0) => {
                        end = Some(Ok(()));
                        break;
                    }
                    Ok(n) => {
                        p.feed(&buf[..n], &mut got);
                        total += n;
                        if total >= READ_BUDGET {
                            self.again.push(key);
                            break;
                        }
                    }
                    Err(CURLE_AGAIN) => break,
                    Err(rc) => {
                        end = Some(Err(rc));
                        break;
                    }
                }
            }
            if total > 0 {
                conn.last_rx = Instant::now();
            }
        }
        self.rbuf = buf;
        for r in got.drain(..) {
            self.received(key, r);
        }
        self.got = got;
        if let Some(p) = self.conns[key].proto.as_mut() {
            let dropped = p.take_dropped();
            self.fail_sends(key, &dropped, "the connection is closing");
        }
        if let Some(e) = end {
            return self.lost(cx, key, e.err());
        }
        self.flush(cx, key);
    }

    fn received(&mut self, key: usize, r: Received) {
        let conn = &mut self.conns[key];
        match r {
            Received::Message { text, data } => conn.shared.emit(WsEvent::Message { text, data }),
            Received::Pong => conn.pong_due = None,
            Received::Close { code, reason } => {
                conn.peer_close = Some((code, reason));
                conn.shared.set_state(STATE_CLOSING);
                if conn.close_due.is_none() {
                    conn.close_due = close_deadline(&conn.opts);
                    self.schedule(key);
                }
            }
            Received::Fail(f) => {
                conn.shared.emit(WsEvent::Error {
                    code: f.error,
                    message: f.message.clone(),
                });
                conn.failure = Some(f);
                conn.shared.set_state(STATE_CLOSING);
                conn.close_due = close_deadline(&conn.opts);
                self.schedule(key);
            }
        }
    }

    /// Writes what is queued; completes the sends now written; ends the connection once a
    /// closing handshake is through.
    fn flush(&mut self, cx: &Cx<'_>, key: usize) {
        let mut done = Vec::new();
        let mut err = None;
        {
            let conn = &mut self.conns[key];
            let (Some(h), Some(p)) = (conn.handle.as_ref(), conn.proto.as_mut()) else {
                return;
            };
            conn.want_write = false;
            loop {
                let out = p.out();
                if out.is_empty() {
                    break;
                }
                match send(h, out) {
                    Ok(0) | Err(CURLE_AGAIN) => {
                        conn.want_write = true;
                        break;
                    }
                    Ok(n) => p.advance(n, &mut done),
                    Err(rc) => {
                        err = Some(rc);
                        break;
                    }
                }
            }
        }
        self.complete_sends(key, &done);
        if let Some(rc) = err {
            return self.lost(cx, key, Some(rc));
        }
        let conn = &self.conns[key];
        let idle = !conn.proto.as_ref().is_some_and(|p| p.has_output());
        if idle {
            if let Some((code, reason)) = &conn.peer_close {
                // Both close frames are through: done (the server closes its side too).
                let end = End::Clean(code.unwrap_or(1005), reason.clone());
                self.teardown(cx, key, end);
            }
        }
    }

    fn complete_sends(&mut self, key: usize, tokens: &[u64]) {
        let conn = &mut self.conns[key];
        for &t in tokens {
            if let Some(i) = conn.sends.iter().position(|s| s.token == t) {
                let s = conn.sends.remove(i).expect("found");
                conn.shared.buffered.fetch_sub(s.len, Ordering::AcqRel);
                conn.shared.emit(WsEvent::Result {
                    cb: s.cb,
                    userdata: s.userdata,
                    code: 0,
                    message: String::new(),
                });
            }
        }
    }

    fn fail_sends(&mut self, key: usize, tokens: &[u64], why: &str) {
        let conn = &mut self.conns[key];
        for &t in tokens {
            if let Some(i) = conn.sends.iter().position(|s| s.token == t) {
                let s = conn.sends.remove(i).expect("found");
                refuse(&conn.shared, s.cb, s.userdata, s.len, why);
            }
        }
    }

    /// The connection ended (EOF: `rc` None) or failed.
    fn lost(&mut self, cx: &Cx<'_>, key: usize, rc: Option<curl_sys::CURLcode>) {
        let conn = &mut self.conns[key];
        let how = match rc {
            None => "the server closed the connection".to_string(),
            Some(rc) => format!("the connection failed: {}", curl_text(rc)),
        };
        let end = if let Some((code, reason)) = conn.peer_close.take() {
            End::Clean(code.unwrap_or(1005), reason)
        } else if let Some(f) = conn.failure.take() {
            End::Abnormal(f.close_code, f.message, None)
        } else {
            End::Abnormal(
                1006,
                String::new(),
                Some((
                    ERR_CONNECTION_LOST,
                    format!("{how} without a closing handshake"),
                )),
            )
        };
        self.teardown(cx, key, end);
    }

    fn teardown(&mut self, cx: &Cx<'_>, key: usize, end: End) {
        let mut conn = self.conns.remove(key);
        if conn.proto.is_some() {
            self.open -= 1;
        }
        if let Some(h) = conn.handle.take() {
            let _ = cx.multi.remove2(h);
        }
        let s = conn.shared.clone();
        s.set_state(STATE_CLOSED);
        for p in conn.sends.drain(..) {
            refuse(
                &s,
                p.cb,
                p.userdata,
                p.len,
                "the connection ended before it was sent",
            );
        }
        match end {
            End::Clean(code, reason) => s.emit(WsEvent::Close { code, reason }),
            End::Abnormal(code, reason, err) => {
                if let Some((c, m)) = err {
                    s.emit(WsEvent::Error {
                        code: c,
                        message: m,
                    });
                }
                s.emit(WsEvent::Close { code, reason });
            }
        }
        s.life.set_done();
    }

    /// Puts the connection's next timer in the heap if it is earlier than the one there.
    fn schedule(&mut self, key: usize) {
        let conn = &mut self.conns[key];
        let mut next = conn.close_due;
        let ping = conn.opts.ping_interval_s;
        if conn.proto.is_some() && ping > 0 {
            let t = match conn.pong_due {
                Some(p) => p,
                None => conn.last_rx + Duration::from_secs(ping.into()),
            };
            next = Some(next.map_or(t, |n| n.min(t)));
        }
        if let Some(t) = next {
            if conn
                .timer_at
                .is_none_or(|at| t < at || at <= Instant::now())
            {
                conn.timer_at = Some(t);
                self.timers.push(Reverse((t, key)));
            }
        }
    }

    fn timer(&mut self, cx: &Cx<'_>, key: usize, now: Instant) {
        let conn = &mut self.conns[key];
        conn.timer_at = None;
        if conn.close_due.is_some_and(|d| d <= now) {
            let end = match conn.failure.take() {
                Some(f) => End::Abnormal(f.close_code, f.message, None),
                None => End::Abnormal(
                    1006,
                    String::new(),
                    Some((
                        ERR_CLOSE_TIMEOUT,
                        format!(
                            "the closing handshake did not complete within {} ms",
                            conn.opts.close_timeout_ms
                        ),
                    )),
                ),
            };
            return self.teardown(cx, key, end);
        }
        let ping = conn.opts.ping_interval_s;
        if ping > 0 && conn.proto.is_some() {
            if conn.pong_due.is_some_and(|d| d <= now) {
                let end = End::Abnormal(
                    1006,
                    String::new(),
                    Some((
                        ERR_PONG_TIMEOUT,
                        format!(
                            "no pong within {} s of a ping: the connection is dead",
                            conn.opts.pong_timeout_s
                        ),
                    )),
                );
                return self.teardown(cx, key, end);
            }
            let idle_until = conn.last_rx + Duration::from_secs(ping.into());
            let closing = conn.failure.is_some() || conn.peer_close.is_some();
            if conn.pong_due.is_none() && idle_until <= now && !closing {
                if let Some(p) = conn.proto.as_mut() {
                    if !p.close_queued() {
                        p.queue_ping(b"nethttp");
                        conn.pong_due =
                            Some(now + Duration::from_secs(conn.opts.pong_timeout_s.into()));
                    }
                }
                self.schedule(key);
                return self.flush(cx, key);
            }
        }
        self.schedule(key);
    }
}

/// 2302102 for an answer other than 101: its status line and the start of its body.
fn refused_upgrade(up: &mut Upgrade, status: u32) -> Error {
    up.block.ensure_parsed();
    let body = String::from_utf8_lossy(&up.body);
    let line = match up.block.status_line() {
        "" => format!("HTTP {status}"),
        l => l.to_string(),
    };
    Error::new(
        ERR_UPGRADE,
        format!(
            "the server answered {line:?} instead of 101 Switching Protocols{}",
            if body.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", body.trim())
            }
        ),
    )
}

/// When the closing handshake started now must be over (None: no limit).
fn close_deadline(o: &WsOptions) -> Option<Instant> {
    (o.close_timeout_ms > 0)
        .then(|| Instant::now() + Duration::from_millis(o.close_timeout_ms.into()))
}

/// A send or close that will not happen: its callback gets 2302101.
fn refuse(shared: &Arc<WsShared>, cb: nethttp_ws_result_cb, ud: UserData, len: u64, why: &str) {
    shared.buffered.fetch_sub(len, Ordering::AcqRel);
    shared.emit(WsEvent::Result {
        cb,
        userdata: ud,
        code: ERR_NOT_OPEN,
        message: why.to_string(),
    });
}

impl Module for Ws {
    fn done(&mut self, cx: &Cx<'_>, key: usize, result: Result<(), curl::Error>) {
        if !self.conns.contains(key) {
            return;
        }
        let r = match result {
            Ok(()) => self.open(key),
            Err(e) => {
                let conn = &mut self.conns[key];
                let h = conn.handle.as_mut().expect("connecting");
                let mut err = crate::http::setup_net::refine_error(Error::from_curl(&e));
                let status = h.response_code().unwrap_or(0);
                if status != 0 && status != 101 {
                    // The server answered, but not with the upgrade (libcurl: 22).
                    err = refused_upgrade(h.get_mut(), status);
                }
                if h.get_ref().too_large || e.code() == 100 {
                    err = Error::new(
                        HEADERS_TOO_LARGE,
                        "the upgrade response's headers exceed 256 KiB",
                    );
                }
                let ro = RequestOptions {
                    net: conn.opts.net.clone(),
                    ..RequestOptions::default()
                };
                // SAFETY: the handle's transfer just ended; it is live.
                Err(
                    unsafe { crate::http::setup_net::proxy_failure(h.raw(), Some(&ro), &err) }
                        .unwrap_or(err),
                )
            }
        };
        match r {
            Ok(()) => {
                self.schedule(key);
                // Frames that came with the 101 wait in libcurl's buffer.
                self.read(cx, key);
            }
            Err(e) => {
                let mut conn = self.conns.remove(key);
                if conn.proto.is_some() {
                    self.open -= 1;
                }
                if let Some(h) = conn.handle.take() {
                    let _ = cx.multi.remove2(h);
                }
                let s = conn.shared;
                s.set_state(STATE_CLOSED);
                s.emit(WsEvent::Error {
                    code: e.code,
                    message: e.message.clone(),
                });
                if let Some((cb, ud)) = conn.connect_cb.take() {
                    s.emit(WsEvent::Result {
                        cb,
                        userdata: ud,
                        code: e.code,
                        message: e.message,
                    });
                }
                s.life.set_done();
            }
        }
    }

    fn admit(&mut self, cx: &Cx<'_>) {
        for key in std::mem::take(&mut self.again) {
            if self.conns.contains(key) {
                self.read(cx, key);
            }
        }
    }

    fn ready(&self) -> bool {
        !self.again.is_empty()
    }

    fn detach_all(&mut self, cx: &Cx<'_>) {
        for (_, c) in self.conns.iter_mut() {
            if let Some(h) = c.handle.take() {
                let _ = cx.multi.remove2(h);
            }
        }
    }

    fn has_watches(&self) -> bool {
        self.open > 0
    }

    fn watches(&self, out: &mut Vec<Watch>) {
        for (key, c) in self.conns.iter() {
            if c.proto.is_some() {
                out.push(Watch {
                    fd: c.fd,
                    write: c.want_write,
                    key,
                });
            }
        }
    }

    fn io(&mut self, cx: &Cx<'_>, key: usize, readable: bool, writable: bool) {
        if !self.conns.contains(key) {
            return;
        }
        if writable {
            self.flush(cx, key);
        }
        if readable && self.conns.contains(key) {
            self.read(cx, key);
        }
    }

    fn deadline(&self) -> Option<Instant> {
        self.timers.peek().map(|Reverse((t, _))| *t)
    }

    fn timers(&mut self, cx: &Cx<'_>, now: Instant) {
        while let Some(&Reverse((t, key))) = self.timers.peek() {
            if t > now {
                break;
            }
            self.timers.pop();
            let live = self.conns.get(key).is_some_and(|c| c.timer_at == Some(t));
            if live {
                self.timer(cx, key, now);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn accept_of_the_rfc_example() {
        assert_eq!(
            super::expected_accept("dGhlIHNhbXBsZSBub25jZQ=="),
            "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="
        );
    }
}
