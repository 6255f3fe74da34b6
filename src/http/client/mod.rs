//! The poll-driven client with Godot `HTTPClient` semantics (`http_client_*` in the C ABI):
//! connect once, send requests one after another over the kept-alive connection, call
//! `poll()` from the application's own loop, read the body in chunks.
//!
//! Why a private curl multi driven on the caller's thread, not the shared engine:
//! - Latency. The application already calls `poll()` every frame; `curl_multi_perform`
//!   there acts on whatever the socket has, with no thread hop, channel or wakeup in
//!   between (DESIGN.md measured every caller/worker hop as a cost). Through the engine,
//!   each poll, read and unpause would be a round trip to the worker.
//! - Flow control. The body buffer belongs to this client and is read on this thread,
//!   so the write callback pauses the transfer when the buffer is full and a read
//!   unpauses it directly (`curl_easy_pause`), with no cross-thread state.
//! - Semantics. One client is one connection to one host, used by one thread at a
//!   time, as in Godot; the engine's pool, priorities and callbacks add nothing here.
//!   Each request is an `Easy2` added to the client's own multi, whose connection pool
//!   keeps the connection alive between requests; the only other thread is libcurl's
//!   threaded resolver, so `poll()` never blocks.
//!
//! The connect phase is a connect-only transfer (libcurl's resolver, happy eyeballs,
//! timeouts) to `http://host:port` (or to the proxy). libcurl never reuses a connect-only
//! connection for HTTP, so its socket is duplicated when it is connected and handed to
//! the first request through CURLOPT_OPENSOCKETFUNCTION / CURL_SOCKOPT_ALREADY_CONNECTED:
//! the TCP connection made while CONNECTING is the one every request uses. For https
//! the TLS handshake (and certificate verification) therefore runs with the first
//! request, while REQUESTING: libcurl cannot move a TLS session out of a connect-only
//! handle, and a throw-away handshake would cost a second connection.

mod address;
mod configure;
pub mod handler;
mod head;
pub mod query;
mod tls;

use address::{bracket, check_host, check_port, strip_prefix_ci, Proxy, Target};
pub use head::ResponseHead;
pub use tls::{TlsOptions, TrustedCa};

use crate::core::error::{Error, CURL_BASE, UNKNOWN};
use crate::http::options::{validate_header, Method};
use crate::http::setup;
use curl::easy::Easy2;
use curl::multi::{Easy2Handle, Multi};
use handler::{Body, Probe, SocketSlot};
use std::ffi::{CStr, CString};
use std::net::IpAddr;
use std::time::Duration;

/// Godot's default `read_chunk_size`.
pub const DEFAULT_READ_CHUNK_SIZE: usize = 65536;
/// Godot's bounds for `read_chunk_size`: 256 bytes to 16 MiB.
pub const MIN_READ_CHUNK_SIZE: usize = 256;
pub const MAX_READ_CHUNK_SIZE: usize = 1 << 24;

/// Godot's `HTTPClient.Status`, with its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Status {
    Disconnected = 0,
    Resolving = 1,
    CantResolve = 2,
    Connecting = 3,
    CantConnect = 4,
    Connected = 5,
    Requesting = 6,
    Body = 7,
    ConnectionError = 8,
    TlsHandshakeError = 9,
}

impl Status {
    pub fn is_error(self) -> bool {
        matches!(
            self,
            Status::CantResolve
                | Status::CantConnect
                | Status::ConnectionError
                | Status::TlsHandshakeError
        )
    }
}

use crate::core::curl::curl_err;

/// Which error status a failed request ends in.
fn request_failure_status(code: curl_sys::CURLcode) -> Status {
    match code {
        curl_sys::CURLE_COULDNT_RESOLVE_HOST | curl_sys::CURLE_COULDNT_RESOLVE_PROXY => {
            Status::CantResolve
        }
        curl_sys::CURLE_COULDNT_CONNECT => Status::CantConnect,
        // SSL_CONNECT_ERROR, SSL_ENGINE_*, SSL_CERTPROBLEM, SSL_CIPHER,
        // PEER_FAILED_VERIFICATION, USE_SSL_FAILED, SSL_CACERT_BADFILE, SSL_CRL_BADFILE,
        // SSL_ISSUER_ERROR, SSL_PINNEDPUBKEYNOTMATCH, SSL_INVALIDCERTSTATUS, SSL_CLIENTCERT
        35 | 53 | 54 | 58 | 59 | 60 | 64 | 66 | 77 | 82 | 83 | 90 | 91 | 98 => {
            Status::TlsHandshakeError
        }
        _ => Status::ConnectionError,
    }
}

const CURLOPT_REQUEST_TARGET: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_OBJECTPOINT + 266;
const CURLINFO_ACTIVESOCKET: curl_sys::CURLINFO = 0x500000 + 44;

/// One poll-driven client: one host, one request at a time. Created by
/// `http_client_new`, released by `http_client_free`. Not thread-safe: use it from one
/// thread at a time.
pub struct Client {
    // Handles go before the multi (they also hold it alive, see curl's Easy2Handle).
    probe: Option<Easy2Handle<Probe>>,
    active: Option<Easy2Handle<Body>>,
    /// A finished transfer whose body the application is still reading.
    done: Option<Easy2<Body>>,
    /// An easy handle kept for the next request.
    idle: Option<Easy2<Body>>,
    multi: Multi,
    slot: Box<SocketSlot>,
    status: Status,
    target: Option<Target>,
    http_proxy: Option<Proxy>,
    https_proxy: Option<Proxy>,
    read_chunk_size: usize,
    blocking: bool,
    error: Option<Error>,
    /// `error`'s message for C.
    error_detail: CString,
    method: Method,
    response: Option<ResponseHead>,
    /// The current transfer finished; what is left of the body is in the buffer.
    complete: bool,
    /// (sent, total) request-body bytes of the current or last request.
    upload: (u64, u64),
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

impl Client {
    pub fn new() -> Client {
        Client {
            probe: None,
            active: None,
            done: None,
            idle: None,
            multi: Multi::new(),
            slot: Box::default(),
            status: Status::Disconnected,
            target: None,
            http_proxy: None,
            https_proxy: None,
            read_chunk_size: DEFAULT_READ_CHUNK_SIZE,
            blocking: false,
            error: None,
            error_detail: CString::default(),
            method: Method::Get,
            response: None,
            complete: false,
            upload: (0, 0),
        }
    }

    pub fn status(&self) -> Status {
        self.status
    }

    /// The failure behind the current error status.
    pub fn error(&self) -> Option<&Error> {
        self.error.as_ref().filter(|_| self.status.is_error())
    }

    /// The message of [`Client::error`] ("" without one).
    pub fn error_detail(&self) -> &CStr {
        if self.error().is_some() {
            &self.error_detail
        } else {
            c""
        }
    }

    pub fn response(&self) -> Option<&ResponseHead> {
        self.response.as_ref()
    }

    pub fn read_chunk_size(&self) -> usize {
        self.read_chunk_size
    }

    pub fn set_read_chunk_size(&mut self, size: usize) -> Result<(), Error> {
        if !(MIN_READ_CHUNK_SIZE..=MAX_READ_CHUNK_SIZE).contains(&size) {
            return Err(Error::param(format!(
                "read_chunk_size: {size} is out of range {MIN_READ_CHUNK_SIZE}..{MAX_READ_CHUNK_SIZE}"
            )));
        }
        self.read_chunk_size = size;
        // A transfer in progress keeps its buffer bound; the new size applies to reads
        // now and to the buffer from the next request.
        Ok(())
    }

    pub fn blocking_mode(&self) -> bool {
        self.blocking
    }

    pub fn set_blocking_mode(&mut self, on: bool) {
        self.blocking = on;
    }

    /// Request-body bytes sent so far and the body's size, for the current or last request.
    pub fn upload_progress(&self) -> (u64, u64) {
        match &self.active {
            Some(h) => {
                let b = h.get_ref();
                (b.upload_pos as u64, b.upload.len() as u64)
            }
            None => self.upload,
        }
    }

    fn parse_proxy(what: &str, host: &str, port: i32) -> Result<Option<Proxy>, Error> {
        if host.is_empty() || port == -1 {
            return Ok(None);
        }
        let host = check_host(what, host)?.to_string();
        let port = check_port(what, port, 0)?;
        Ok(Some(Proxy { host, port }))
    }

    /// The proxy for http:// requests (from the next connect_to_host on).
    pub fn set_http_proxy(&mut self, host: &str, port: i32) -> Result<(), Error> {
        self.http_proxy = Self::parse_proxy("http_proxy", host, port)?;
        Ok(())
    }

    /// The proxy for https:// requests, tunnelled with CONNECT (from the next connect).
    pub fn set_https_proxy(&mut self, host: &str, port: i32) -> Result<(), Error> {
        self.https_proxy = Self::parse_proxy("https_proxy", host, port)?;
        Ok(())
    }

    /// Starts connecting: resolving, then connecting, as `poll()` goes on.
    pub fn connect_to_host(
        &mut self,
        host: &str,
        port: i32,
        tls: Option<&TlsOptions>,
    ) -> Result<(), Error> {
        self.close();
        let (rest, tls) = if let Some(rest) = strip_prefix_ci(host, "http://") {
            (rest, None)
        } else if let Some(rest) = strip_prefix_ci(host, "https://") {
            (rest, Some(tls.cloned().unwrap_or_default()))
        } else if let Some(scheme) = crate::core::curl::url::scheme_of(host) {
            return Err(Error::new(
                crate::core::error::UNSUPPORTED_PROTOCOL,
                format!("host: scheme {scheme:?} is not allowed: the client speaks http:// and https:// only"),
            ));
        } else {
            (host, tls.cloned())
        };
        let host = check_host("host", rest)?.to_string();
        let default = if tls.is_some() { 443 } else { 80 };
        let port = check_port("port", port, default)?;
        let scheme = if tls.is_some() { "https" } else { "http" };
        crate::core::policy::check(scheme, &host)?;
        let proxy = if tls.is_some() {
            self.https_proxy.clone()
        } else {
            self.http_proxy.clone()
        };
        let (to_host, to_port) = match &proxy {
            Some(p) => (p.host.clone(), p.port),
            None => (host.clone(), port),
        };

        let mut probe = Easy2::new(Probe);
        probe
            .url(&format!("http://{}:{to_port}/", bracket(&to_host)))
            .map_err(curl_err)?;
        probe.connect_only(true).map_err(curl_err)?;
        setup::restrict_protocols(&mut probe)?;
        crate::core::debug::install(&mut probe)?;
        // Only what the application set: no proxy from the environment.
        probe.proxy("").map_err(curl_err)?;
        self.slot.install(&mut probe)?;
        self.slot.clear();
        let probe = self
            .multi
            .add2(probe)
            .map_err(|e| Error::new(UNKNOWN, format!("cannot start connecting: {e}")))?;
        self.probe = Some(probe);
        self.status = if to_host.parse::<IpAddr>().is_ok() {
            Status::Connecting
        } else {
            Status::Resolving
        };
        self.target = Some(Target {
            host,
            port,
            tls,
            proxy,
            ip: None,
        });
        Ok(())
    }

    /// Advances the state machine without blocking. In an error status, returns that
    /// error.
    pub fn poll(&mut self) -> Result<(), Error> {
        if self.status == Status::Disconnected {
            return Ok(());
        }
        if !self.status.is_error() {
            self.unpause_if_room();
            self.drive();
        }
        match self.error() {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        }
    }

    /// Sends a request on the connection. `url` is the path (`/index.html`), `*` (for
    /// OPTIONS), `host:port` (for CONNECT), or an absolute URL naming the connected host.
    pub fn request(
        &mut self,
        method: Method,
        url: &str,
        headers: &[&str],
        body: &[u8],
    ) -> Result<(), Error> {
        let mut parsed = Vec::with_capacity(headers.len());
        for h in headers {
            let (n, v) = h.split_once(':').ok_or_else(|| {
                Error::param(format!("headers: {h:?} is not a \"Name: value\" line"))
            })?;
            let (n, v) = (n.trim(), v.trim());
            validate_header(n, v)?;
            parsed.push((n, v));
        }
        if url.is_empty() || url.bytes().any(|b| b.is_ascii_control() || b == b' ') {
            return Err(Error::param(
                "url: empty, or control characters or spaces in it",
            ));
        }
        if self.status != Status::Connected {
            return Err(Error::param(format!(
                "request: the client is not connected and idle (status {}); connect_to_host, \
                 poll until CONNECTED, and read each response body to its end",
                self.status as i32
            )));
        }
        // Godot ignores the body of a GET.
        let body = if method == Method::Get { &[][..] } else { body };
        let mut easy = match self.idle.take().or_else(|| self.done.take()) {
            Some(mut e) => {
                e.reset();
                e
            }
            None => Easy2::new(Body::default()),
        };
        easy.get_mut().start(self.read_chunk_size, body.to_vec());
        if let Err(e) = self.configure(&mut easy, method, url, &parsed, body.len()) {
            easy.get_mut().discard();
            self.idle = Some(easy);
            return Err(e);
        }
        let h = match self.multi.add2(easy) {
            Ok(h) => h,
            Err(e) => {
                return Err(Error::new(
                    UNKNOWN,
                    format!("cannot start the request: {e}"),
                ))
            }
        };
        self.active = Some(h);
        self.method = method;
        self.response = None;
        self.complete = false;
        self.error = None;
        self.upload = (0, body.len() as u64);
        self.status = Status::Requesting;
        Ok(())
    }

    /// Runs libcurl once and moves the state machine along.
    fn drive(&mut self) {
        if self.probe.is_none() && self.active.is_none() {
            return;
        }
        if let Err(e) = self.multi.perform() {
            let e = Error::new(UNKNOWN, format!("libcurl multi: {e}"));
            let s = if self.probe.is_some() {
                Status::CantConnect
            } else {
                Status::ConnectionError
            };
            self.fail(s, e);
            return;
        }
        if self.status == Status::Resolving && self.slot.opened.get() {
            self.status = Status::Connecting;
        }
        let (mut probe_done, mut active_done) = (None, None);
        {
            let (probe, active) = (&self.probe, &self.active);
            self.multi.messages(|m| {
                if let Some(r) = probe.as_ref().and_then(|p| m.result_for2(p)) {
                    probe_done = Some(r);
                }
                if let Some(r) = active.as_ref().and_then(|a| m.result_for2(a)) {
                    active_done = Some(r);
                }
            });
        }
        if let Some(r) = probe_done {
            self.finish_connect(r);
        }
        if self.status == Status::Requesting {
            if let Some(h) = &self.active {
                if h.get_ref().head_done {
                    // SAFETY: a live handle.
                    let version = unsafe { setup::http_version_of(h.raw()) };
                    self.response =
                        Some(ResponseHead::from_body(h.get_ref(), self.method, version));
                    self.status = Status::Body;
                }
            }
        }
        if let Some(r) = active_done {
            self.finish_request(r);
        }
        self.settle();
    }

    fn finish_connect(&mut self, r: Result<(), curl::Error>) {
        let Some(h) = self.probe.take() else {
            return;
        };
        match r {
            Ok(()) => {
                let mut fd: curl_sys::curl_socket_t = -1;
                // SAFETY: CURLINFO_ACTIVESOCKET writes a curl_socket_t.
                unsafe { curl_sys::curl_easy_getinfo(h.raw(), CURLINFO_ACTIVESOCKET, &mut fd) };
                let taken = handler::take_connected(fd);
                // libcurl closes its descriptor now; the duplicate keeps the connection.
                let _ = self.multi.remove2(h);
                if let Some((dup, peer)) = taken {
                    self.slot.keep(dup, peer);
                    if let Some(t) = &mut self.target {
                        t.ip = Some(peer.ip());
                    }
                }
                self.status = Status::Connected;
            }
            Err(e) => {
                let _ = self.multi.remove2(h);
                let s = match e.code() {
                    curl_sys::CURLE_COULDNT_RESOLVE_HOST
                    | curl_sys::CURLE_COULDNT_RESOLVE_PROXY => Status::CantResolve,
                    _ => Status::CantConnect,
                };
                self.fail(s, Error::from_curl(&e));
            }
        }
    }

    fn finish_request(&mut self, r: Result<(), curl::Error>) {
        let Some(h) = self.active.take() else {
            return;
        };
        // SAFETY: a live handle.
        let version = unsafe { setup::http_version_of(h.raw()) };
        let Ok(mut easy) = self.multi.remove2(h) else {
            self.fail(
                Status::ConnectionError,
                Error::new(UNKNOWN, "libcurl could not detach the transfer"),
            );
            return;
        };
        let b = easy.get_ref();
        self.upload = (b.upload_pos as u64, b.upload.len() as u64);
        match r {
            Ok(()) if b.head_done => {
                if self.response.is_none() {
                    self.response = Some(ResponseHead::from_body(b, self.method, version));
                }
                self.complete = true;
                self.done = Some(easy);
                self.status = Status::Body;
            }
            Ok(()) => {
                easy.get_mut().discard();
                self.idle = Some(easy);
                self.fail(
                    Status::ConnectionError,
                    Error::new(CURL_BASE + 8, "the server sent no HTTP response head"),
                );
            }
            Err(e) => {
                easy.get_mut().discard();
                self.idle = Some(easy);
                self.fail(request_failure_status(e.code()), Error::from_curl(&e));
            }
        }
    }

    fn fail(&mut self, status: Status, e: Error) {
        if let Some(h) = self.active.take() {
            if let Ok(mut easy) = self.multi.remove2(h) {
                easy.get_mut().discard();
                self.idle = Some(easy);
            }
        }
        if let Some(h) = self.probe.take() {
            let _ = self.multi.remove2(h);
        }
        if let Some(mut easy) = self.done.take() {
            easy.get_mut().discard();
            self.idle = Some(easy);
        }
        self.complete = false;
        self.status = status;
        self.error_detail = CString::new(e.message.replace('\0', " ")).unwrap_or_default();
        self.error = Some(e);
    }

    /// BODY turns into CONNECTED once the transfer is over and the body all read.
    fn settle(&mut self) {
        if self.status == Status::Body && self.complete && self.buffered() == 0 {
            if let Some(easy) = self.done.take() {
                self.idle = Some(easy);
            }
            self.complete = false;
            self.status = Status::Connected;
        }
    }

    fn body_ref(&self) -> Option<&Body> {
        match (&self.active, &self.done) {
            (Some(h), _) => Some(h.get_ref()),
            (None, Some(e)) => Some(e.get_ref()),
            _ => None,
        }
    }

    fn buffered(&self) -> usize {
        self.body_ref().map_or(0, |b| b.buf.len())
    }

    fn buffer_full(&self) -> bool {
        self.body_ref().is_some_and(|b| b.buf.len() >= b.cap)
    }

    /// Resumes a transfer paused on a full buffer once the buffer has room again.
    fn unpause_if_room(&mut self) {
        if let Some(h) = &mut self.active {
            let b = h.get_mut();
            if b.paused && b.buf.len() < b.cap {
                b.paused = false;
                // May deliver the held-back chunk right away (and pause again).
                let _ = h.unpause_write();
            }
        }
    }

    /// Reads up to `min(out.len(), read_chunk_size)` body bytes into `out`. Without
    /// blocking mode it returns what has arrived (possibly 0); in blocking mode it waits
    /// until it can fill that many bytes or the body ends. Outside BODY it returns 0.
    pub fn read_body_chunk(&mut self, out: &mut [u8]) -> Result<usize, Error> {
        if self.status != Status::Body {
            return Ok(0);
        }
        let want = out.len().min(self.read_chunk_size);
        if want == 0 {
            return Ok(0);
        }
        loop {
            let avail = self.buffered();
            if avail >= want || self.complete || (avail > 0 && !self.blocking) {
                break;
            }
            self.unpause_if_room();
            self.drive();
            if let Some(e) = self.error() {
                return Err(e.clone());
            }
            // A full buffer (read_chunk_size raised during the transfer) gets no more
            // data until it is read: return what is there rather than wait for nothing.
            if !self.blocking || self.buffered() >= want || self.complete || self.buffer_full() {
                break;
            }
            let wait = self
                .multi
                .get_timeout()
                .ok()
                .flatten()
                .unwrap_or(Duration::from_secs(1))
                .min(Duration::from_secs(1));
            let _ = self.multi.wait(&mut [], wait);
        }
        let n = {
            let b = match (&mut self.active, &mut self.done) {
                (Some(h), _) => h.get_mut(),
                (None, Some(e)) => e.get_mut(),
                _ => return Ok(0),
            };
            let n = b.buf.len().min(want);
            let (front, back) = b.buf.as_slices();
            let k = front.len().min(n);
            out[..k].copy_from_slice(&front[..k]);
            out[k..n].copy_from_slice(&back[..n - k]);
            b.buf.drain(..n);
            n
        };
        self.unpause_if_room();
        self.settle();
        Ok(n)
    }

    /// Closes the connection (and any transfer); the client can connect again.
    pub fn close(&mut self) {
        if let Some(h) = self.probe.take() {
            let _ = self.multi.remove2(h);
        }
        if let Some(h) = self.active.take() {
            let _ = self.multi.remove2(h);
        }
        self.done = None;
        self.idle = None;
        // Dropping the multi closes the connections in its pool (without blocking).
        self.multi = Multi::new();
        self.slot.clear();
        self.status = Status::Disconnected;
        self.target = None;
        self.response = None;
        self.error = None;
        self.complete = false;
        self.upload = (0, 0);
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if let Some(h) = self.probe.take() {
            let _ = self.multi.remove2(h);
        }
        if let Some(h) = self.active.take() {
            let _ = self.multi.remove2(h);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::address::url_port;
    use super::*;

    #[test]
    fn hosts_and_ports() {
        assert_eq!(check_host("h", "example.com").unwrap(), "example.com");
        assert_eq!(check_host("h", "[::1]").unwrap(), "::1");
        assert_eq!(check_host("h", "::1").unwrap(), "::1");
        for bad in ["", "a b", "a/b", "a:80", "u@h", "[]"] {
            assert!(check_host("h", bad).is_err(), "{bad}");
        }
        assert_eq!(check_port("p", -1, 443).unwrap(), 443);
        assert_eq!(check_port("p", 8080, 80).unwrap(), 8080);
        assert!(check_port("p", 0, 80).is_err());
        assert!(check_port("p", 65536, 80).is_err());
        assert_eq!(bracket("::1"), "[::1]");
        assert_eq!(url_port("http://h:81/x"), Some(81));
        assert_eq!(url_port("http://[::1]/x"), None);
        assert_eq!(url_port("http://[::1]:82/"), Some(82));
    }

    #[test]
    fn connect_arguments() {
        let mut c = Client::new();
        assert_eq!(c.connect_to_host("", 80, None).unwrap_err().code, 401);
        assert_eq!(c.status(), Status::Disconnected);
        assert_eq!(c.connect_to_host("h", 70000, None).unwrap_err().code, 401);
        c.connect_to_host("https://localhost", -1, None).unwrap();
        assert_eq!(c.status(), Status::Resolving);
        assert_eq!(c.target.as_ref().unwrap().port, 443);
        assert!(c.target.as_ref().unwrap().tls.is_some());
        c.connect_to_host("http://127.0.0.1", -1, Some(&TlsOptions::client_unsafe()))
            .unwrap();
        assert_eq!(c.status(), Status::Connecting);
        assert_eq!(c.target.as_ref().unwrap().port, 80);
        assert!(c.target.as_ref().unwrap().tls.is_none());
        c.close();
        assert_eq!(c.status(), Status::Disconnected);
        assert_eq!(c.request(Method::Get, "/", &[], b"").unwrap_err().code, 401);
    }

    #[test]
    fn settings() {
        let mut c = Client::new();
        assert_eq!(c.read_chunk_size(), 65536);
        assert!(c.set_read_chunk_size(255).is_err());
        assert!(c.set_read_chunk_size(MAX_READ_CHUNK_SIZE + 1).is_err());
        c.set_read_chunk_size(256).unwrap();
        assert_eq!(c.read_chunk_size(), 256);
        c.set_http_proxy("proxy.test", 3128).unwrap();
        assert!(c.http_proxy.is_some());
        c.set_http_proxy("", 3128).unwrap();
        assert!(c.http_proxy.is_none());
        c.set_https_proxy("proxy.test", 3128).unwrap();
        c.set_https_proxy("proxy.test", -1).unwrap();
        assert!(c.https_proxy.is_none());
        assert!(c.set_https_proxy("proxy.test", 0).is_err());
        assert!(TlsOptions::client(Some("/nonexistent/ca.pem"), None).is_err());
        let t = TlsOptions::client(Some("-----BEGIN CERTIFICATE-----\n"), Some("name")).unwrap();
        assert!(matches!(t.trusted_ca, Some(TrustedCa::Pem(_))));
        assert_eq!(t.common_name.as_deref(), Some("name"));
    }

    #[test]
    fn dictionary_joins_exact_repeats() {
        let mut b = Body::default();
        b.start(16, Vec::new());
        b.lines = vec![
            ("X-Multi".into(), "one".into()),
            ("X-Multi".into(), "two".into()),
            ("x-multi".into(), "three".into()),
        ];
        let head = ResponseHead::from_body(&b, Method::Get, c"1.1");
        assert_eq!(
            head.dictionary_json().to_str().unwrap(),
            r#"{"X-Multi":"one; two","x-multi":"three"}"#
        );
        assert_eq!(head.header_lines_c().len(), 3);
        assert_eq!(head.body_length(), -1);
    }
}
