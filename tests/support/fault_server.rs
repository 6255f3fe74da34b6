//! In-process HTTP/1.1 server for the cases nginx cannot produce: slow and stalled bodies,
//! connection accounting, exact header shapes, dropped connections, endless bodies.
//!
//! One thread per connection, keep-alive (HTTP/1.1 default; `Connection: close` honoured),
//! `Expect: 100-continue` answered, request bodies by Content-Length or chunked. Paths (query
//! parameters are optional; defaults in brackets):
//!
//! | path | response |
//! |---|---|
//! | `/slow?chunks=N&delay_ms=D&size=S` [10, 100, 1024] | Content-Length N*S; then N times: wait D ms, send S bytes of `.` |
//! | `/chunked?chunks=N&delay_ms=D&size=S` [3, 0, 16] | the same with Transfer-Encoding: chunked, one chunk each |
//! | `/hold?ms=D` [1000] | waits D ms, then 200 `held` |
//! | `/conn` | `conn=<C> req=<R>`: C counts accepted connections from 1, R requests on this connection from 1 |
//! | `/count` | number of connections accepted so far, e.g. `3` |
//! | `/headers-shape` | mixed-case names, two Set-Cookie, two X-Multi, an empty X-Empty; body `ok` |
//! | `/echo-request` | JSON {method, path, query, headers{lowercased: value, repeats joined ", "}, body_len, body_b64} |
//! | `/drop-mid-body` | Content-Length 1000, 300 bytes, then the connection is closed |
//! | `/bigheaders?resp=N` [0] | 200 `ok` whatever the size of the request head (up to 8 MiB); with N > 0 also a response header `X-Big` of N bytes |
//! | `/headers?n=N&size=S&early=K&cl=TEXT` [0, 16, 0, -] | N header lines `X-H-i` with S-byte values, in the final 200 and in each of K `103 Early Hints` blocks before it; body `ok`; with `cl`, `Content-Length: TEXT` verbatim and the connection closed after `ok` |
//! | `/cut-head?chunked` | `HTTP/1.1 200 OK`, one header line (and `Transfer-Encoding: chunked` with `chunked`), then the connection closes inside the head |
//! | `/infinite` | chunked body, 16 KiB chunks every 1 ms until the client goes away |
//! | `/bytes?n=N&type=T` [1024, application/octet-stream] | N bytes, byte i = i % 251, Content-Type T |
//! | `/encoded?enc=E&n=N&zeros` [gzip, 100000] | N bytes (byte i = i % 251, or zeros) compressed with Content-Encoding E (gzip, deflate, br, zstd, or stacked "gzip, br"; any other name: sent uncompressed under that name); header `X-Accept-Encoding` echoes the request's Accept-Encoding |
//! | `/no-content-type` | body `abc`, no Content-Type header |
//! | `/status?code=N` [200] | status N, body `status N` (none for 1xx, 204, 304) |
//! | `/redirect?to=URL&code=N` [/bytes, 302] | status N with Location URL |
//! | `/close` | closes the connection without answering |
//! | `/reset` | resets the connection (RST) without answering |
//! | `*` (`OPTIONS *`) | like `/echo-request` |
//! | `/connects` | the targets of the CONNECT requests tunnelled so far, one per line |
//!
//! `/echo-request` also reports `target`, the request-target as sent. As a forward proxy:
//! absolute-form targets (`GET http://any.host/path`) are answered like their path, and
//! `CONNECT host:port` (authority form; `CONNECT /path` is answered like any method) to a loopback target (127.0.0.1, localhost, [::1]) answers 200 and
//! relays bytes both ways (other targets: 403). Hostile-proxy targets (any port):
//! `proxy-407.invalid` answers 407 with `Proxy-Authenticate`, `proxy-garbage.invalid` answers
//! bytes that are not HTTP (a NUL first), `proxy-close.invalid` closes without answering.
//!
//! Anything else: 404. Dropping the [`FaultServer`] stops accepting and shuts every open
//! connection down.

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use base64::Engine as _;

/// The largest request head accepted (request line plus headers).
const MAX_HEAD: usize = 8 << 20;

pub struct FaultServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

struct Shared {
    stop: AtomicBool,
    accepted: AtomicU64,
    /// Clones of the open connections, so that stopping can shut them down.
    open: Mutex<HashMap<u64, TcpStream>>,
    /// Targets of the CONNECT requests tunnelled so far, in order.
    connects: Mutex<Vec<String>>,
}

impl FaultServer {
    /// Binds 127.0.0.1 on an ephemeral port and starts accepting.
    pub fn start() -> io::Result<FaultServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            stop: AtomicBool::new(false),
            accepted: AtomicU64::new(0),
            open: Mutex::new(HashMap::new()),
            connects: Mutex::new(Vec::new()),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::Builder::new()
                .name("fault-accept".into())
                .spawn(move || accept_loop(listener, shared))?
        };
        Ok(FaultServer {
            addr,
            shared,
            acceptor: Some(acceptor),
        })
    }

    /// `http://127.0.0.1:<port>`
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the acceptor blocked in accept().
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.acceptor.take() {
            let _ = t.join();
        }
        for (_, s) in self.shared.open.lock().unwrap().drain() {
            let _ = s.shutdown(Shutdown::Both);
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else { continue };
        let index = shared.accepted.fetch_add(1, Ordering::SeqCst) + 1;
        if let Ok(clone) = stream.try_clone() {
            shared.open.lock().unwrap().insert(index, clone);
        }
        let shared = Arc::clone(&shared);
        let spawned = thread::Builder::new()
            .name(format!("fault-conn-{index}"))
            .spawn(move || {
                let _ = serve_connection(stream, index, &shared);
                shared.open.lock().unwrap().remove(&index);
            });
        if spawned.is_err() {
            eprintln!("fault server: cannot spawn a connection thread");
        }
    }
}

struct Request {
    method: String,
    /// The request-target as sent (origin form, absolute form, `*`, or host:port).
    target: String,
    path: String,
    query: String,
    version: String,
    /// In arrival order, names as sent.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn param(&self, name: &str) -> Option<String> {
        form_urlencoded::parse(self.query.as_bytes())
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    }

    fn num(&self, name: &str, default: u64) -> u64 {
        self.param(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    fn wants_close(&self) -> bool {
        match self.header("connection") {
            Some(v) if v.eq_ignore_ascii_case("close") => true,
            Some(v) if v.eq_ignore_ascii_case("keep-alive") => false,
            _ => self.version == "HTTP/1.0",
        }
    }
}

fn bad_input(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

/// Reads one line ending in LF, counting it against `budget`.
fn read_line(r: &mut impl BufRead, budget: &mut usize) -> io::Result<Option<String>> {
    let mut line = Vec::new();
    let n = r
        .by_ref()
        .take(*budget as u64 + 1)
        .read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if n > *budget || !line.ends_with(b"\n") {
        return Err(bad_input("request head too large or truncated"));
    }
    *budget -= n;
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    Ok(Some(String::from_utf8_lossy(&line).into_owned()))
}

/// Reads a request; `None` when the client closed the connection between requests.
fn read_request(r: &mut BufReader<TcpStream>, out: &mut TcpStream) -> io::Result<Option<Request>> {
    let mut budget = MAX_HEAD;
    let line = loop {
        match read_line(r, &mut budget)? {
            None => return Ok(None),
            Some(l) if l.is_empty() => continue, // tolerate stray CRLF between requests
            Some(l) => break l,
        }
    };
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(bad_input("bad request line"));
    };
    // Absolute form (a client talking to a proxy): answered like the origin form.
    let origin_form = match target.find("://") {
        Some(i) if target[..i].bytes().all(|b| b.is_ascii_alphabetic()) => {
            let rest = &target[i + 3..];
            rest.find('/').map_or("/", |j| &rest[j..])
        }
        _ => target,
    };
    let (path, query) = origin_form.split_once('?').unwrap_or((origin_form, ""));
    let mut headers = Vec::new();
    loop {
        let Some(l) = read_line(r, &mut budget)? else {
            return Err(bad_input("eof in request head"));
        };
        if l.is_empty() {
            break;
        }
        let Some((n, v)) = l.split_once(':') else {
            return Err(bad_input("bad header line"));
        };
        headers.push((n.trim().to_string(), v.trim().to_string()));
    }
    let mut req = Request {
        method: method.to_string(),
        target: target.to_string(),
        path: path.to_string(),
        query: query.to_string(),
        version: version.to_string(),
        headers,
        body: Vec::new(),
    };

    let chunked = req
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let length: u64 = match req.header("content-length") {
        Some(v) => v.parse().map_err(|_| bad_input("bad content-length"))?,
        None => 0,
    };
    if (chunked || length > 0)
        && req
            .header("expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    if chunked {
        req.body = read_chunked(r)?;
    } else if length > 0 {
        r.by_ref().take(length).read_to_end(&mut req.body)?;
        if req.body.len() as u64 != length {
            return Err(bad_input("eof in request body"));
        }
    }
    Ok(Some(req))
}

fn read_chunked(r: &mut BufReader<TcpStream>) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    let mut budget = MAX_HEAD;
    loop {
        let line = read_line(r, &mut budget)?.ok_or_else(|| bad_input("eof in chunk size"))?;
        let hex = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(hex, 16).map_err(|_| bad_input("bad chunk size"))?;
        if size == 0 {
            // trailers up to the empty line
            while let Some(l) = read_line(r, &mut budget)? {
                if l.is_empty() {
                    break;
                }
            }
            return Ok(body);
        }
        let start = body.len();
        body.resize(start + size, 0);
        r.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        r.read_exact(&mut crlf)?;
        if &crlf != b"\r\n" {
            return Err(bad_input("chunk not followed by CRLF"));
        }
    }
}

fn serve_connection(stream: TcpStream, conn: u64, shared: &Shared) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let mut out = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let mut req_index = 0u64;
    while !shared.stop.load(Ordering::SeqCst) {
        let req = match read_request(&mut reader, &mut out) {
            Ok(Some(req)) => req,
            Ok(None) => return Ok(()),
            Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                let _ = respond(&mut out, true, 400, &[], &[b"bad request\n"]);
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        req_index += 1;
        // CONNECT host:port (authority form) is a tunnel; CONNECT /path is answered as usual.
        if req.method == "CONNECT" && !req.target.starts_with('/') {
            return tunnel(&req, reader, out, conn, shared);
        }
        let close = req.wants_close();
        match handle(&req, &mut out, conn, req_index, close, shared)? {
            Next::KeepAlive if !close => {}
            Next::KeepAlive | Next::Close => {
                let _ = out.shutdown(Shutdown::Both);
                return Ok(());
            }
            // No shutdown: that would send a FIN before the RST.
            Next::Reset => return Ok(()),
        }
    }
    Ok(())
}

/// What happens to the connection after a response.
enum Next {
    KeepAlive,
    Close,
    /// Close with RST (SO_LINGER 0 is already set).
    Reset,
}

/// Writes a response with a Content-Length. `body` parts are sent in one write with the head
/// (HEAD requests get the head only: pass an empty body).
/// `plain` compressed with one Content-Encoding (stacked ones, "gzip, br", applied in order).
fn encode(enc: &str, plain: &[u8]) -> io::Result<Vec<u8>> {
    let mut data = plain.to_vec();
    for coding in enc.split(',').map(str::trim) {
        data = match coding {
            "gzip" => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                e.write_all(&data)?;
                e.finish()?
            }
            "deflate" => {
                let mut e =
                    flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
                e.write_all(&data)?;
                e.finish()?
            }
            "br" => {
                let mut out = Vec::new();
                {
                    let mut w = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
                    w.write_all(&data)?;
                }
                out
            }
            "zstd" => zstd::stream::encode_all(&data[..], 19)?,
            // Anything else is sent as it is, labelled with that encoding.
            _ => data,
        };
    }
    Ok(data)
}

fn respond(
    out: &mut TcpStream,
    close: bool,
    status: u16,
    headers: &[(&str, &str)],
    body: &[&[u8]],
) -> io::Result<()> {
    let len: usize = body.iter().map(|b| b.len()).sum();
    let mut msg = head(status, close, headers);
    if !(100..200).contains(&status) && status != 204 && status != 304 {
        msg.extend_from_slice(format!("Content-Length: {len}\r\n").as_bytes());
    }
    msg.extend_from_slice(b"\r\n");
    for b in body {
        msg.extend_from_slice(b);
    }
    out.write_all(&msg)
}

/// Status line, Connection and the given headers; no terminating empty line.
fn head(status: u16, close: bool, headers: &[(&str, &str)]) -> Vec<u8> {
    let mut msg = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    if close {
        msg.push_str("Connection: close\r\n");
    }
    for (n, v) in headers {
        if v.is_empty() {
            msg.push_str(&format!("{n}:\r\n"));
        } else {
            msg.push_str(&format!("{n}: {v}\r\n"));
        }
    }
    msg.into_bytes()
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        206 => "Partial Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn sleep_ms(ms: u64) {
    thread::sleep(Duration::from_millis(ms));
}

/// Answers one request.
fn handle(
    req: &Request,
    out: &mut TcpStream,
    conn: u64,
    req_index: u64,
    close: bool,
    shared: &Shared,
) -> io::Result<Next> {
    let is_head = req.method == "HEAD";
    // Body for a fixed-length response; HEAD gets the headers (with the real length) only.
    let send = |out: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &[u8]| {
        if is_head {
            let mut msg = head(status, close, headers);
            msg.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
            out.write_all(&msg)
        } else {
            respond(out, close, status, headers, &[body])
        }
    };
    const TEXT: (&str, &str) = ("Content-Type", "text/plain");

    match req.path.as_str() {
        "/slow" => {
            let chunks = req.num("chunks", 10);
            let delay = req.num("delay_ms", 100);
            let size = req.num("size", 1024) as usize;
            let total = (chunks * size as u64).to_string();
            let mut msg = head(
                200,
                close,
                &[
                    ("Content-Type", "application/octet-stream"),
                    ("Content-Length", &total),
                ],
            );
            msg.extend_from_slice(b"\r\n");
            out.write_all(&msg)?;
            if !is_head {
                let chunk = vec![b'.'; size];
                for _ in 0..chunks {
                    sleep_ms(delay);
                    out.write_all(&chunk)?;
                }
            }
        }
        "/chunked" => {
            let chunks = req.num("chunks", 3);
            let delay = req.num("delay_ms", 0);
            let size = req.num("size", 16) as usize;
            let mut msg = head(200, close, &[TEXT, ("Transfer-Encoding", "chunked")]);
            msg.extend_from_slice(b"\r\n");
            out.write_all(&msg)?;
            if !is_head {
                for i in 0..chunks {
                    sleep_ms(delay);
                    let mut c = format!("{size:x}\r\n").into_bytes();
                    c.extend(std::iter::repeat_n(b'a' + (i % 26) as u8, size));
                    c.extend_from_slice(b"\r\n");
                    out.write_all(&c)?;
                }
                out.write_all(b"0\r\n\r\n")?;
            }
        }
        "/hold" => {
            sleep_ms(req.num("ms", 1000));
            send(out, 200, &[TEXT], b"held")?;
        }
        "/conn" => {
            let body = format!("conn={conn} req={req_index}");
            send(out, 200, &[TEXT], body.as_bytes())?;
        }
        "/connects" => {
            let body = shared.connects.lock().unwrap().join("\n");
            send(out, 200, &[TEXT], body.as_bytes())?;
        }
        "/count" => {
            let body = shared.accepted.load(Ordering::SeqCst).to_string();
            send(out, 200, &[TEXT], body.as_bytes())?;
        }
        "/headers-shape" => {
            let headers = [
                ("Content-Type", "text/plain"),
                ("X-MiXeD-CaSe", "MixedValue"),
                ("set-cookie", "a=1; Path=/"),
                ("Set-Cookie", "b=2; Path=/; HttpOnly"),
                ("X-Multi", "one"),
                ("X-Multi", "two"),
                ("X-Empty", ""),
                ("x-lower", "lower"),
            ];
            send(out, 200, &headers, b"ok")?;
        }
        "/echo-request" | "*" => {
            let mut hdrs = serde_json::Map::new();
            for (n, v) in &req.headers {
                let key = n.to_ascii_lowercase();
                match hdrs.get_mut(&key) {
                    Some(serde_json::Value::String(prev)) => {
                        prev.push_str(", ");
                        prev.push_str(v);
                    }
                    _ => {
                        hdrs.insert(key, serde_json::Value::String(v.clone()));
                    }
                }
            }
            let json = serde_json::json!({
                "method": req.method,
                "target": req.target,
                "path": req.path,
                "query": req.query,
                "headers": hdrs,
                "body_len": req.body.len(),
                "body_b64": base64::engine::general_purpose::STANDARD.encode(&req.body),
            });
            send(
                out,
                200,
                &[("Content-Type", "application/json")],
                json.to_string().as_bytes(),
            )?;
        }
        "/drop-mid-body" => {
            let mut msg = head(
                200,
                true,
                &[
                    ("Content-Type", "application/octet-stream"),
                    ("Content-Length", "1000"),
                ],
            );
            msg.extend_from_slice(b"\r\n");
            if !is_head {
                msg.extend_from_slice(&[b'x'; 300]);
            }
            out.write_all(&msg)?;
            return Ok(Next::Close);
        }
        "/bigheaders" => {
            let big = "b".repeat(req.num("resp", 0) as usize);
            let mut headers = vec![TEXT];
            if !big.is_empty() {
                headers.push(("X-Big", &big));
            }
            send(out, 200, &headers, b"ok")?;
        }
        "/cut-head" => {
            // A status line and part of the head, then the connection closes.
            let mut msg = b"HTTP/1.1 200 OK\r\nServer: fault\r\n".to_vec();
            if req.param("chunked").is_some() {
                msg.extend_from_slice(b"Transfer-Encoding: chunked\r\n");
            }
            out.write_all(&msg)?;
            return Ok(Next::Close);
        }
        "/headers" => {
            // N lines of S-byte values in the final block and in each of K 103 blocks before
            // it; with cl=TEXT a Content-Length of that text and the body `ok`, then close.
            let n = req.num("n", 0) as usize;
            let size = req.num("size", 16) as usize;
            let mut lines = Vec::with_capacity(n * (size + 16));
            for i in 0..n {
                lines.extend_from_slice(format!("X-H-{i}: ").as_bytes());
                lines.resize(lines.len() + size, b'h');
                lines.extend_from_slice(b"\r\n");
            }
            let mut msg = Vec::new();
            for _ in 0..req.num("early", 0) {
                msg.extend_from_slice(b"HTTP/1.1 103 Early Hints\r\n");
                msg.extend_from_slice(&lines);
                msg.extend_from_slice(b"\r\n");
            }
            msg.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n");
            msg.extend_from_slice(&lines);
            let cl = req.param("cl");
            match &cl {
                Some(v) => msg.extend_from_slice(format!("Content-Length: {v}\r\n").as_bytes()),
                None => msg.extend_from_slice(b"Content-Length: 2\r\n"),
            }
            msg.extend_from_slice(b"\r\nok");
            out.write_all(&msg)?;
            if cl.is_some() {
                return Ok(Next::Close);
            }
        }
        "/infinite" => {
            let mut msg = head(
                200,
                close,
                &[
                    ("Content-Type", "application/octet-stream"),
                    ("Transfer-Encoding", "chunked"),
                ],
            );
            msg.extend_from_slice(b"\r\n");
            out.write_all(&msg)?;
            if is_head {
                return Ok(Next::KeepAlive);
            }
            let mut chunk = format!("{:x}\r\n", 16 * 1024).into_bytes();
            chunk.extend_from_slice(&[b'i'; 16 * 1024]);
            chunk.extend_from_slice(b"\r\n");
            // Ends with an error once the client is gone (or the server stops).
            while !shared.stop.load(Ordering::SeqCst) {
                out.write_all(&chunk)?;
                sleep_ms(1);
            }
            return Ok(Next::Close);
        }
        "/bytes" => {
            let n = req.num("n", 1024) as usize;
            let ctype = req
                .param("type")
                .unwrap_or_else(|| "application/octet-stream".into());
            let body: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            send(out, 200, &[("Content-Type", &ctype)], &body)?;
        }
        "/encoded" => {
            let n = req.num("n", 100_000) as usize;
            let zeros = req.param("zeros").is_some();
            let plain: Vec<u8> = (0..n)
                .map(|i| if zeros { 0 } else { (i % 251) as u8 })
                .collect();
            let enc = req.param("enc").unwrap_or_else(|| "gzip".into());
            let body = encode(&enc, &plain)?;
            let seen = req.header("accept-encoding").unwrap_or("").to_string();
            send(
                out,
                200,
                &[
                    ("Content-Type", "application/octet-stream"),
                    ("Content-Encoding", &enc),
                    ("X-Accept-Encoding", &seen),
                ],
                &body,
            )?;
        }
        "/no-content-type" => send(out, 200, &[], b"abc")?,
        "/status" => {
            let code = req.num("code", 200).clamp(100, 999) as u16;
            if (100..200).contains(&code) || code == 204 || code == 304 {
                let mut msg = head(code, close, &[]);
                msg.extend_from_slice(b"\r\n");
                out.write_all(&msg)?;
            } else {
                send(out, code, &[TEXT], format!("status {code}").as_bytes())?;
            }
        }
        "/redirect" => {
            let to = req.param("to").unwrap_or_else(|| "/bytes".into());
            let code = req.num("code", 302).clamp(300, 399) as u16;
            send(out, code, &[("Location", &to), TEXT], b"redirect")?;
        }
        "/close" => return Ok(Next::Close),
        "/reset" => {
            // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            set_linger_zero(out);
            return Ok(Next::Reset);
        }
        _ => send(out, 404, &[TEXT], b"not found")?,
    }
    Ok(Next::KeepAlive)
}

/// `CONNECT host:port` (the server as a forward proxy): to a loopback target, answers 200
/// and relays bytes both ways until either side closes; anything else gets 403.
fn tunnel(
    req: &Request,
    reader: BufReader<TcpStream>,
    mut out: TcpStream,
    conn: u64,
    shared: &Shared,
) -> io::Result<()> {
    let loopback = req
        .target
        .rsplit_once(':')
        .is_some_and(|(h, _)| matches!(h, "127.0.0.1" | "localhost" | "[::1]"));
    let upstream = if loopback {
        TcpStream::connect(req.target.as_str()).ok()
    } else {
        None
    };
    let host = req.target.rsplit_once(':').map_or("", |(h, _)| h);
    match host {
        "proxy-407.invalid" => {
            respond(
                &mut out,
                true,
                407,
                &[
                    ("Proxy-Authenticate", "Basic realm=\"fault\""),
                    ("Content-Type", "text/plain"),
                ],
                &[b"proxy auth required"],
            )?;
            return Ok(());
        }
        "proxy-garbage.invalid" => {
            out.write_all(b"\x00\x01\x02 not http at all\r\n\r\n")?;
            return Ok(());
        }
        "proxy-close.invalid" => return Ok(()),
        _ => {}
    }
    let Some(mut upstream) = upstream else {
        respond(
            &mut out,
            true,
            403,
            &[("Content-Type", "text/plain")],
            &[b"tunnel refused"],
        )?;
        return Ok(());
    };
    shared.connects.lock().unwrap().push(req.target.clone());
    out.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
    // Bytes the client sent after its CONNECT head may already sit in the reader.
    upstream.write_all(reader.buffer())?;
    let mut client = reader.into_inner();
    if let Ok(clone) = upstream.try_clone() {
        // Stopping the server shuts the upstream side down too.
        shared.open.lock().unwrap().insert(u64::MAX - conn, clone);
    }
    let mut up_read = upstream.try_clone()?;
    let mut client_write = out;
    let down = thread::Builder::new()
        .name(format!("fault-tunnel-{conn}"))
        .spawn(move || {
            let _ = io::copy(&mut up_read, &mut client_write);
            let _ = client_write.shutdown(Shutdown::Both);
        })?;
    let _ = io::copy(&mut client, &mut upstream);
    let _ = upstream.shutdown(Shutdown::Both);
    let _ = down.join();
    shared.open.lock().unwrap().remove(&(u64::MAX - conn));
    Ok(())
}

/// Sets SO_LINGER {on, 0}: close() then sends RST and drops unsent data.
pub(crate) fn set_linger_zero(s: &TcpStream) {
    use std::os::fd::AsRawFd;
    let linger = libc::linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor and a properly sized, initialised option value.
    unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
}
