//! libcurl callbacks of the poll client: the per-request [`Body`] handler (response head,
//! a bounded body buffer with flow control through curl's pause, the request body), the
//! connect phase's [`Probe`], and the [`SocketSlot`] that hands the socket connected in
//! the connect phase over to the first request.

use crate::core::error::Error;
use crate::http::response::{HeaderBlock, HeaderLine};
use curl::easy::{Easy2, Handler, ReadError, SeekResult, WriteError};
use std::cell::Cell;
use std::collections::VecDeque;
use std::io::SeekFrom;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::os::raw::{c_int, c_void};
use std::os::unix::io::RawFd;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The most libcurl passes to one write callback (curl.h).
pub const CURL_MAX_WRITE_SIZE: usize = 16 * 1024;

/// The handler of one request: what libcurl delivers, kept until the application reads it.
#[derive(Default)]
pub struct Body {
    /// The final response head (lowercased names), for lookups.
    pub head: HeaderBlock,
    /// The final response head as received: (name with its case, value).
    pub lines: Vec<(String, String)>,
    /// The final (non-1xx) head is complete.
    pub head_done: bool,
    /// Body bytes received and not yet read by the application.
    pub buf: VecDeque<u8>,
    /// At or above this many buffered bytes the transfer is paused.
    pub cap: usize,
    /// The write callback paused the transfer; unpause when the buffer drains.
    pub paused: bool,
    /// The request body and how much of it libcurl has taken.
    pub upload: Vec<u8>,
    pub upload_pos: usize,
}

impl Body {
    /// Prepares the (recycled) handler for a new request.
    pub fn start(&mut self, cap: usize, upload: Vec<u8>) {
        self.head.clear();
        self.lines.clear();
        self.head_done = false;
        self.buf.clear();
        // A large earlier read_chunk_size must not pin its memory.
        self.buf.shrink_to(cap.saturating_add(CURL_MAX_WRITE_SIZE));
        self.cap = cap.max(1);
        self.paused = false;
        self.upload = upload;
        self.upload_pos = 0;
    }

    /// Drops everything received (the transfer failed or was abandoned).
    pub fn discard(&mut self) {
        self.buf = VecDeque::new();
        self.upload = Vec::new();
        self.paused = false;
    }

    fn on_header(&mut self, data: &[u8]) -> bool {
        let text = String::from_utf8_lossy(data);
        match HeaderLine::parse(&text) {
            HeaderLine::Status(_) => {
                // A new block: an interim 1xx was followed by the real response.
                self.head.push_line(data);
                self.lines.clear();
                self.head_done = false;
            }
            // Trailers of a chunked body come through here too: not part of the head.
            _ if self.head_done => {}
            HeaderLine::Field(name, value) => {
                self.head.push_line(data);
                self.lines.push((name.to_string(), value.to_string()));
            }
            HeaderLine::Continuation(more) => {
                self.head.push_line(data);
                if let Some(last) = self.lines.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(more);
                }
            }
            HeaderLine::End => {
                self.head.end_block();
                // 1xx heads are interim; the final one follows.
                if !(100..200).contains(&self.head.status()) {
                    self.head_done = true;
                }
            }
            HeaderLine::Other => {}
        }
        true
    }

    fn on_write(&mut self, data: &[u8]) -> Result<usize, WriteError> {
        // Flow control: libcurl keeps this chunk and stops reading the socket until
        // unpaused, so the buffer stays below cap + one write (CURL_MAX_WRITE_SIZE).
        if self.buf.len() >= self.cap {
            self.paused = true;
            return Err(WriteError::Pause);
        }
        self.buf.extend(data);
        Ok(data.len())
    }

    fn on_read(&mut self, out: &mut [u8]) -> usize {
        let rest = &self.upload[self.upload_pos.min(self.upload.len())..];
        let n = rest.len().min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.upload_pos += n;
        n
    }
}

impl Handler for Body {
    fn header(&mut self, data: &[u8]) -> bool {
        catch_unwind(AssertUnwindSafe(|| self.on_header(data))).unwrap_or(false)
    }

    fn write(&mut self, data: &[u8]) -> Result<usize, WriteError> {
        // Returning fewer bytes than given fails the transfer (CURLE_WRITE_ERROR).
        catch_unwind(AssertUnwindSafe(|| self.on_write(data))).unwrap_or(Ok(0))
    }

    fn read(&mut self, out: &mut [u8]) -> Result<usize, ReadError> {
        catch_unwind(AssertUnwindSafe(|| self.on_read(out))).map_err(|_| ReadError::Abort)
    }

    fn seek(&mut self, whence: SeekFrom) -> SeekResult {
        match whence {
            SeekFrom::Start(n) if n as usize <= self.upload.len() => {
                self.upload_pos = n as usize;
                SeekResult::Ok
            }
            _ => SeekResult::CantSeek,
        }
    }
}

/// The connect phase's connect-only transfer: it only resolves and connects.
#[derive(Default)]
pub struct Probe;

impl Handler for Probe {}

/// Shared with libcurl's socket callbacks (through a stable pointer): notices when name
/// resolution is over, and hands the connect phase's socket to the first request.
pub struct SocketSlot {
    /// libcurl opened a socket: name resolution is over, connecting has begun.
    pub opened: Cell<bool>,
    /// The socket the connect phase connected, and its peer, waiting for a request.
    ready: Cell<Option<(RawFd, SocketAddr)>>,
    /// The socket just handed to libcurl, to be reported as already connected.
    handed: Cell<RawFd>,
}

impl Default for SocketSlot {
    fn default() -> Self {
        SocketSlot {
            opened: Cell::new(false),
            ready: Cell::new(None),
            handed: Cell::new(-1),
        }
    }
}

impl SocketSlot {
    /// Keeps a connected socket (owned from now on) for the next connection libcurl
    /// opens to `peer`.
    pub fn keep(&self, fd: RawFd, peer: SocketAddr) {
        self.clear();
        self.ready.set(Some((fd, peer)));
    }

    /// Whether a connected socket is still waiting for its request.
    pub fn has_ready(&self) -> bool {
        self.ready.get().is_some()
    }

    /// Closes a socket that was never handed over and forgets everything.
    pub fn clear(&self) {
        if let Some((fd, _)) = self.ready.take() {
            // SAFETY: the slot owns this descriptor (a dup nobody else closes).
            unsafe { libc::close(fd) };
        }
        self.handed.set(-1);
        self.opened.set(false);
    }

    /// Points `easy`'s socket callbacks at this slot. The slot must outlive the
    /// transfer (the client keeps it boxed and drops it after its handles).
    pub fn install<H>(&self, easy: &mut Easy2<H>) -> Result<(), Error> {
        let data = self as *const SocketSlot as *mut c_void;
        let open: curl_sys::curl_opensocket_callback = open_socket_cb;
        let sockopt: SockoptCallback = sockopt_cb;
        for (opt, ptr) in [
            (
                curl_sys::CURLOPT_OPENSOCKETFUNCTION,
                open as *const c_void as *mut c_void,
            ),
            (curl_sys::CURLOPT_OPENSOCKETDATA, data),
            (
                curl_sys::CURLOPT_SOCKOPTFUNCTION,
                sockopt as *const c_void as *mut c_void,
            ),
            (curl_sys::CURLOPT_SOCKOPTDATA, data),
        ] {
            // SAFETY: valid handle; pointer options of the documented types.
            let rc = unsafe { curl_sys::curl_easy_setopt(easy.raw(), opt, ptr) };
            if rc != curl_sys::CURLE_OK {
                return Err(Error::from_curl(&curl::Error::new(rc)));
            }
        }
        Ok(())
    }
}

impl Drop for SocketSlot {
    fn drop(&mut self) {
        self.clear();
    }
}

type SockoptCallback = extern "C" fn(*mut c_void, curl_sys::curl_socket_t, c_int) -> c_int;
const CURL_SOCKOPT_OK: c_int = 0;
const CURL_SOCKOPT_ALREADY_CONNECTED: c_int = 2;

/// CURLOPT_OPENSOCKETFUNCTION: the connect phase's socket for a connection to its peer,
/// otherwise a new close-on-exec socket.
extern "C" fn open_socket_cb(
    data: *mut c_void,
    purpose: curl_sys::curlsocktype,
    address: *mut curl_sys::curl_sockaddr,
) -> curl_sys::curl_socket_t {
    let r = catch_unwind(|| {
        // SAFETY: `data` is the SocketSlot installed with this callback; `address` is
        // libcurl's curl_sockaddr, whose `addr` holds `addrlen` bytes.
        let (slot, a) = unsafe { (&*(data as *const SocketSlot), &*address) };
        slot.opened.set(true);
        // libcurl may add SOCK_CLOEXEC / SOCK_NONBLOCK to the type.
        let socktype = a.socktype & !(libc::SOCK_CLOEXEC | libc::SOCK_NONBLOCK);
        if purpose == curl_sys::CURLSOCKTYPE_IPCXN && socktype == libc::SOCK_STREAM {
            if let Some((fd, peer)) = slot.ready.get() {
                // SAFETY: as above.
                let wanted = unsafe { to_socket_addr(&a.addr as *const _ as *const _, a.addrlen) };
                if wanted == Some(peer) {
                    slot.ready.set(None);
                    if still_open(fd) {
                        slot.handed.set(fd);
                        return fd;
                    }
                    // The server closed it while idle (or talked first): connect anew.
                    // SAFETY: the slot owned this descriptor.
                    unsafe { libc::close(fd) };
                }
            }
        }
        // SAFETY: plain socket(2).
        unsafe { libc::socket(a.family, a.socktype | libc::SOCK_CLOEXEC, a.protocol) }
    });
    r.unwrap_or(curl_sys::CURL_SOCKET_BAD)
}

/// CURLOPT_SOCKOPTFUNCTION: tells libcurl not to connect the handed-over socket again.
extern "C" fn sockopt_cb(data: *mut c_void, fd: curl_sys::curl_socket_t, _purpose: c_int) -> c_int {
    let r = catch_unwind(|| {
        // SAFETY: `data` is the SocketSlot installed with this callback.
        let slot = unsafe { &*(data as *const SocketSlot) };
        if fd >= 0 && slot.handed.get() == fd {
            slot.handed.set(-1);
            CURL_SOCKOPT_ALREADY_CONNECTED
        } else {
            CURL_SOCKOPT_OK
        }
    });
    r.unwrap_or(CURL_SOCKOPT_OK)
}

/// Whether a connected socket that has not carried a request yet can still carry one:
/// not closed or reset by the peer, and nothing unsolicited waiting to be read.
fn still_open(fd: RawFd) -> bool {
    let mut p = libc::pollfd {
        fd,
        events: libc::POLLIN | libc::POLLRDHUP,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut p, 1, 0) };
    n == 0 || (n == 1 && p.revents == 0)
}

/// A socket address from a `sockaddr` of `len` bytes (IPv4 or IPv6; flow info ignored).
///
/// # Safety
/// `sa` must point to at least `len` readable bytes.
unsafe fn to_socket_addr(sa: *const libc::sockaddr, len: u32) -> Option<SocketAddr> {
    if sa.is_null() || (len as usize) < std::mem::size_of::<libc::sa_family_t>() {
        return None;
    }
    match c_int::from((*sa).sa_family) {
        libc::AF_INET if len as usize >= std::mem::size_of::<libc::sockaddr_in>() => {
            let s = &*(sa as *const libc::sockaddr_in);
            let ip = Ipv4Addr::from(u32::from_be(s.sin_addr.s_addr));
            Some(SocketAddr::new(IpAddr::V4(ip), u16::from_be(s.sin_port)))
        }
        libc::AF_INET6 if len as usize >= std::mem::size_of::<libc::sockaddr_in6>() => {
            let s = &*(sa as *const libc::sockaddr_in6);
            let ip = Ipv6Addr::from(s.sin6_addr.s6_addr);
            Some(SocketAddr::V6(std::net::SocketAddrV6::new(
                ip,
                u16::from_be(s.sin6_port),
                0,
                s.sin6_scope_id,
            )))
        }
        _ => None,
    }
}

/// Takes over a copy of a connected socket: a close-on-exec duplicate and its peer.
pub fn take_connected(fd: RawFd) -> Option<(RawFd, SocketAddr)> {
    if fd < 0 {
        return None;
    }
    // SAFETY: F_DUPFD_CLOEXEC on a descriptor libcurl reported as its live socket.
    let dup = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 0) };
    if dup < 0 {
        return None;
    }
    // SAFETY: sockaddr_storage is large enough for any address; zeroed is valid.
    let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
    // SAFETY: valid descriptor and buffer of `len` bytes.
    let rc =
        unsafe { libc::getpeername(dup, &mut storage as *mut _ as *mut libc::sockaddr, &mut len) };
    // SAFETY: getpeername wrote `len` bytes.
    let peer = (rc == 0)
        .then(|| unsafe { to_socket_addr(&storage as *const _ as *const libc::sockaddr, len) })
        .flatten();
    match peer {
        Some(p) => Some((dup, p)),
        None => {
            // SAFETY: our own duplicate.
            unsafe { libc::close(dup) };
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn feed(b: &mut Body, lines: &[&str]) {
        for l in lines {
            assert!(b.on_header(format!("{l}\r\n").as_bytes()));
        }
    }

    #[test]
    fn head_keeps_case_and_skips_interim_and_trailers() {
        let mut b = Body::default();
        b.start(4, Vec::new());
        feed(&mut b, &["HTTP/1.1 100 Continue", ""]);
        assert!(!b.head_done);
        feed(
            &mut b,
            &[
                "HTTP/1.1 200 OK",
                "X-MiXed: a",
                " b",
                "Transfer-Encoding: chunked",
                "",
            ],
        );
        assert!(b.head_done);
        assert_eq!(b.head.status(), 200);
        assert_eq!(b.lines[0], ("X-MiXed".to_string(), "a b".to_string()));
        assert_eq!(b.head.get("transfer-encoding"), Some("chunked"));
        feed(&mut b, &["X-Trailer: t", ""]);
        assert_eq!(b.lines.len(), 2);
    }

    #[test]
    fn write_pauses_at_cap() {
        let mut b = Body::default();
        b.start(4, Vec::new());
        assert_eq!(b.on_write(b"abc").unwrap(), 3);
        assert_eq!(b.on_write(b"defg").unwrap(), 4);
        assert!(matches!(b.on_write(b"h"), Err(WriteError::Pause)));
        assert!(b.paused);
        assert_eq!(b.buf.len(), 7);
    }

    #[test]
    fn upload_reads_and_rewinds() {
        let mut b = Body::default();
        b.start(4, b"hello".to_vec());
        let mut out = [0u8; 3];
        assert_eq!(b.on_read(&mut out), 3);
        assert_eq!(&out, b"hel");
        assert!(matches!(b.seek(SeekFrom::Start(0)), SeekResult::Ok));
        let mut all = [0u8; 8];
        assert_eq!(b.on_read(&mut all), 5);
    }
}
