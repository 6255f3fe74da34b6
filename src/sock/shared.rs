//! The socket handle shared by the application and the worker: its kind, lifecycle,
//! listeners, delivery, and the socket itself with its send queue under one lock.
//!
//! Ownership of the descriptor: before the worker has the socket (`Io::registered` false)
//! the application's thread may create, bind and close it; once registered only the worker
//! closes it, and always under the lock, so a sending thread that holds the lock writes to
//! a live descriptor. The worker reads without the lock (it is the only reader and the only
//! closer); sends write directly from the sending thread when nothing is queued, and the
//! worker writes what is queued when the socket becomes writable.

#![allow(non_camel_case_types)]

use super::addr::{nethttp_net_address, Addr};
use super::options::SockOpts;
use super::tls::{TlsConn, TlsOptions};
use super::{errno_error, io_error, Kind};
use crate::core::delivery::{Payload, Queue, Target};
use crate::core::engine::{Command, Engine, Worker};
use crate::core::error::Error;
use crate::core::handle::{Lifecycle, Listeners, UserData};
use parking_lot::Mutex;
use socket2::Socket;
use std::collections::VecDeque;
use std::ffi::{c_void, CString};
use std::net::SocketAddr;
use std::os::fd::AsRawFd;
use std::os::raw::c_char;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Event types (`nethttp_sock_on`'s `type`, `nethttp_sock_event.type`).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum nethttp_sock_event_type {
    /// A client connected (`remote`, `local`); on a server, a connection was accepted:
    /// `connection` is a new socket the application owns (destroy it with
    /// `nethttp_sock_destroy`), `remote` its peer, `local` its local address. The
    /// connection reads only after this event's listeners return, so listeners added to it
    /// inside the callback miss nothing.
    NETHTTP_SOCK_EVENT_CONNECT = 0,
    /// Received bytes (`data`, `data_len`; TCP and local: what one read returned, no
    /// framing; UDP: one datagram) and `remote` (the sender for UDP, the peer otherwise).
    NETHTTP_SOCK_EVENT_MESSAGE = 1,
    /// The socket closed: by `nethttp_sock_close`, by the peer (end of stream, after what
    /// was queued was written), or after an ERROR. The last event of a socket.
    NETHTTP_SOCK_EVENT_CLOSE = 2,
    /// A failure: `error_code`, `error_message`. A failure of an open stream closes it
    /// (CLOSE follows); a failed connect has no CLOSE.
    NETHTTP_SOCK_EVENT_ERROR = 3,
    /// A UDP or multicast socket is bound, or a server listens: `local`.
    NETHTTP_SOCK_EVENT_LISTENING = 4,
    /// The send queue emptied after a send had to wait in it (see
    /// `nethttp_sock_send_queue_size`).
    NETHTTP_SOCK_EVENT_DRAIN = 5,
}

pub const EVENT_KINDS: [nethttp_sock_event_type; 6] = [
    nethttp_sock_event_type::NETHTTP_SOCK_EVENT_CONNECT,
    nethttp_sock_event_type::NETHTTP_SOCK_EVENT_MESSAGE,
    nethttp_sock_event_type::NETHTTP_SOCK_EVENT_CLOSE,
    nethttp_sock_event_type::NETHTTP_SOCK_EVENT_ERROR,
    nethttp_sock_event_type::NETHTTP_SOCK_EVENT_LISTENING,
    nethttp_sock_event_type::NETHTTP_SOCK_EVENT_DRAIN,
];

/// One socket event, valid only during the callback. Fields not listed for an event type
/// are 0 / NULL.
#[repr(C)]
pub struct nethttp_sock_event {
    /// A `nethttp_sock_event_type`.
    pub r#type: i32,
    /// MESSAGE: the bytes (`data_len` of them; the spec's `remoteInfo.size`).
    pub data: *const u8,
    pub data_len: usize,
    /// MESSAGE, CONNECT: the peer.
    pub remote: *const nethttp_net_address,
    /// CONNECT, LISTENING: the local address.
    pub local: *const nethttp_net_address,
    /// CONNECT on a server: the accepted connection, owned by the application.
    pub connection: *mut SockShared,
    /// ERROR: the code and its detail.
    pub error_code: i32,
    pub error_message: *const c_char,
}

/// An event listener: `userdata` as registered, the socket, the event.
pub type nethttp_sock_event_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        sock: *mut SockShared,
        event: *const nethttp_sock_event,
    ),
>;

/// The result of a connect, send or close: 0, or an error code with its detail (valid
/// during the call only).
pub type nethttp_sock_result_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        sock: *mut SockShared,
        error_code: i32,
        error_message: *const c_char,
    ),
>;

/// A connection handed to the application in a CONNECT event. Dropped undelivered (its
/// queue went away first), the connection is destroyed rather than left open.
pub struct Handoff(pub Option<Arc<SockShared>>);

impl Drop for Handoff {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.life.cancel_and_quiesce();
            Engine::get().send(Box::new(super::worker::Destroy(c)));
        }
    }
}

/// An event as produced on the worker (for queued delivery: owned copies).
pub enum SockEvent {
    Connect {
        remote: nethttp_net_address,
        local: nethttp_net_address,
        conn: Handoff,
    },
    Message {
        data: Vec<u8>,
        remote: nethttp_net_address,
    },
    Close,
    Error(Error),
    Listening(nethttp_net_address),
    Drain,
    /// Queued delivery reached the peer's end of stream (no application event).
    PeerEnd,
    Result {
        cb: nethttp_sock_result_cb,
        userdata: UserData,
        code: i32,
        message: String,
    },
}

/// Socket states (bits of `Io::state`).
pub const BOUND: u16 = 1;
pub const CONNECTING: u16 = 2;
pub const CONNECTED: u16 = 4;
pub const LISTENING: u16 = 8;
pub const CLOSED: u16 = 16;
/// Our sending side is shut down (or will be once the queue is written).
pub const SHUT_WR: u16 = 32;
/// The application handled the peer's end of stream: close once the queue is written.
pub const PEER_EOF: u16 = 64;
/// The deferred shutdown of our sending side was done.
pub const SHUT_DONE: u16 = 128;
/// The peer's end of stream was read (reading stops for good).
pub const END_SEEN: u16 = 256;
/// A TCP socket handed to a TLS socket (`nethttp_sock_tls_upgrade`): closed for its own
/// handle, but its descriptor lives on for the TLS socket (never shut down or closed here).
pub const HANDED: u16 = 512;

/// Bytes waiting to be written, with their result callback.
pub struct Chunk {
    pub data: Vec<u8>,
    pub off: usize,
    /// UDP: the destination.
    pub to: Option<SocketAddr>,
    pub cb: nethttp_sock_result_cb,
    pub userdata: UserData,
}

/// The socket and what goes with it, under the handle's lock.
pub struct Io {
    pub sock: Option<Socket>,
    pub state: u16,
    pub opts: SockOpts,
    /// Multicast settings kept until the socket exists.
    pub mcast_ttl: Option<u32>,
    pub mcast_loop: Option<bool>,
    /// A path this socket created by binding (unlinked when a local server closes).
    pub path: Option<PathBuf>,
    pub remote: Option<Addr>,
    pub sendq: VecDeque<Chunk>,
    /// The worker has the socket in its selector (only it closes it then).
    pub registered: bool,
    /// A send had to queue: DRAIN when the queue empties.
    pub want_drain: bool,
    /// When queued bytes last moved (socketTimeout).
    pub progress: Instant,
    /// TLS kinds: the options (`nethttp_sock_set_tls_options`), the context made from them
    /// at connect or listen, the connection's TLS state once the handshake starts, the name
    /// verified, and a TCP socket this one takes over (`nethttp_sock_tls_upgrade`).
    pub tls_opts: Option<Arc<TlsOptions>>,
    pub tls_ctx: Option<openssl::ssl::SslContext>,
    pub tls: Option<Box<TlsConn>>,
    pub tls_host: String,
    pub adopt: Option<Arc<SockShared>>,
    /// `ProxyOptions` (SOCKS5) for a TCP or TLS connect, or UDP.
    pub proxy: Option<super::socks::Proxy>,
    /// UDP through a proxy: the relay once the association is up.
    pub relay: Option<SocketAddr>,
    /// A connect through the proxy: the target (reported as the peer when an address).
    pub proxy_target: Option<super::socks::Target>,
    /// UDP through a proxy: why the association failed or ended (later sends fail with it).
    pub assoc_error: Option<Error>,
    /// UDP: the last destination given to a send, parsed and checked against the policy.
    pub dest: Option<Box<Dest>>,
    /// UDP: datagrams sent on the worker while it delivers this socket's MESSAGE events,
    /// written together (sendmmsg) when that burst ends.
    pub batch: Option<Box<Batch>>,
}

/// Datagrams waiting for the end of a read burst: their bytes back to back.
#[derive(Default)]
pub struct Batch {
    bytes: Vec<u8>,
    items: Vec<BatchItem>,
    /// The destinations of one sendmmsg call, kept between bursts (no allocation each).
    addrs: Vec<socket2::SockAddr>,
}

struct BatchItem {
    off: usize,
    len: usize,
    to: SocketAddr,
    cb: nethttp_sock_result_cb,
    userdata: UserData,
}

/// Datagrams per sendmmsg, and the most a burst holds before it is written.
const BATCH_MAX: usize = 32;

thread_local! {
    /// The datagram socket whose MESSAGE events this thread (the worker) is delivering: its
    /// sends from here wait in [`Io::batch`] until the burst ends ([`SockShared::cork`]).
    static CORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Ends a burst: the socket's batched datagrams are written when this drops.
pub struct Cork<'a> {
    shared: &'a Arc<SockShared>,
    prev: usize,
}

impl Drop for Cork<'_> {
    fn drop(&mut self) {
        CORK.with(|c| c.set(self.prev));
        self.shared.flush_batch();
    }
}

/// Whether a send queue that just started must arm the worker's stall timer
/// (`socketTimeout`).
fn stall_timer(io: &Io) -> bool {
    io.registered && io.opts.socket_timeout.is_some_and(|t| t > 0)
}

/// The largest UDP payload of the destination's family (the kernel's EMSGSIZE limit),
/// checked before a datagram waits in a batch so that the error still comes at once.
fn max_datagram(to: &SocketAddr) -> usize {
    match to {
        SocketAddr::V4(_) => 65_507,
        SocketAddr::V6(a) if a.ip().to_ipv4_mapped().is_some() => 65_507,
        SocketAddr::V6(_) => 65_527,
    }
}

/// A datagram destination as the application gave it (address text, port, family), what
/// it parsed to, and the policy generation it was checked under: the next send to the same
/// destination neither parses nor checks again.
pub struct Dest {
    pub text: [u8; super::addr::ADDRESS_CAP],
    pub len: usize,
    pub port: u16,
    pub family: i32,
    pub to: SocketAddr,
    pub policy_gen: u64,
}

impl Dest {
    pub fn matches(&self, text: &[u8], port: u16, family: i32) -> bool {
        self.port == port
            && self.family == family
            && self.policy_gen == crate::core::policy::generation()
            && self.text[..self.len] == *text
    }
}

impl Io {
    pub fn has(&self, bits: u16) -> bool {
        self.state & bits != 0
    }

    pub fn fd(&self) -> i32 {
        self.sock.as_ref().map_or(-1, |s| s.as_raw_fd())
    }
}

/// The handle (`nethttp_sock`).
pub struct SockShared {
    pub kind: Kind,
    pub life: Lifecycle,
    pub listeners: Listeners<nethttp_sock_event_cb>,
    queue: Mutex<Option<Arc<Queue>>>,
    /// `queue` is set (read without its lock on the per-message path; the queue is set
    /// only before the socket runs).
    has_queue: AtomicBool,
    pub io: Mutex<Io>,
    /// Bytes waiting in the send queue (read without the lock).
    pub queued: AtomicU64,
    /// Reading is paused by the application.
    pub paused: AtomicBool,
    /// The socket's slot on the worker.
    pub key: AtomicUsize,
    /// A server connection's number, unique in the process (the spec's `clientId`).
    pub client_id: u64,
}

// SAFETY: the C callbacks are plain function pointers; the header documents the threads.
unsafe impl Send for SockShared {}
unsafe impl Sync for SockShared {}

pub const NO_KEY: usize = usize::MAX;

static CLIENT_IDS: AtomicU64 = AtomicU64::new(1);

impl SockShared {
    pub fn new(kind: Kind, opts: SockOpts) -> SockShared {
        let client_id = if matches!(kind, Kind::TcpConnection | Kind::LocalConnection) {
            CLIENT_IDS.fetch_add(1, Ordering::Relaxed)
        } else {
            0
        };
        SockShared {
            kind,
            life: Lifecycle::default(),
            listeners: Listeners::default(),
            queue: Mutex::new(None),
            has_queue: AtomicBool::new(false),
            io: Mutex::new(Io {
                sock: None,
                state: 0,
                opts,
                mcast_ttl: None,
                mcast_loop: None,
                path: None,
                remote: None,
                sendq: VecDeque::new(),
                registered: false,
                want_drain: false,
                progress: Instant::now(),
                tls_opts: None,
                tls_ctx: None,
                tls: None,
                tls_host: String::new(),
                adopt: None,
                proxy: None,
                relay: None,
                proxy_target: None,
                assoc_error: None,
                dest: None,
                batch: None,
            }),
            queued: AtomicU64::new(0),
            paused: AtomicBool::new(false),
            key: AtomicUsize::new(NO_KEY),
            client_id,
        }
    }

    pub fn ptr(self: &Arc<Self>) -> *mut SockShared {
        Arc::as_ptr(self) as *mut SockShared
    }

    /// The delivery queue (None: events on the worker).
    pub fn queue(&self) -> Option<Arc<Queue>> {
        if !self.has_queue.load(Ordering::Acquire) {
            return None;
        }
        self.queue.lock().clone()
    }

    pub fn set_queue(&self, q: Option<Arc<Queue>>) {
        let mut g = self.queue.lock();
        self.has_queue.store(q.is_some(), Ordering::Release);
        *g = q;
    }

    /// Queues `data` for sending (to `to` for UDP): written at once from this thread when
    /// nothing waits before it, the rest kept in order for the worker. `cb` (may be NULL)
    /// gets the result once every byte is in the kernel.
    pub fn send(
        self: &Arc<Self>,
        data: &[u8],
        to: Option<SocketAddr>,
        cb: nethttp_sock_result_cb,
        ud: UserData,
    ) -> Result<(), Error> {
        self.send_locked(self.io.lock(), data, to, cb, ud)
    }

    /// [`send`](Self::send) with the lock already taken (a datagram send resolved its
    /// destination under it).
    pub fn send_locked(
        self: &Arc<Self>,
        mut io: parking_lot::MutexGuard<'_, Io>,
        data: &[u8],
        to: Option<SocketAddr>,
        cb: nethttp_sock_result_cb,
        ud: UserData,
    ) -> Result<(), Error> {
        if io.has(CLOSED) {
            return Err(errno_error(libc::EBADF, "send: the socket is closed"));
        }
        if io.has(SHUT_WR) {
            return Err(errno_error(
                libc::EPIPE,
                "send: the sending side is shut down",
            ));
        }
        let ready = if self.kind.is_datagram() {
            io.has(BOUND)
        } else if io.has(CONNECTING) {
            false
        } else if io.has(CONNECTED) {
            true
        } else {
            return Err(errno_error(libc::ENOTCONN, "send: not connected"));
        };
        let mut off = 0;
        if let (true, Some(dst)) = (ready && io.sendq.is_empty() && self.corked(&io), to) {
            if data.len() > max_datagram(&dst) {
                return Err(errno_error(libc::EMSGSIZE, "send"));
            }
            let b = io.batch.get_or_insert_with(Default::default);
            b.items.push(BatchItem {
                off: b.bytes.len(),
                len: data.len(),
                to: dst,
                cb,
                userdata: ud,
            });
            b.bytes.extend_from_slice(data);
            if b.items.len() >= BATCH_MAX {
                self.write_batch_locked(io);
            }
            return Ok(());
        }
        if ready && io.sendq.is_empty() {
            match io_write(&mut io, data, to) {
                Ok(Some(n)) if n == data.len() => {
                    drop(io);
                    if cb.is_some() {
                        self.post(SockEvent::Result {
                            cb,
                            userdata: ud,
                            code: 0,
                            message: String::new(),
                        });
                    }
                    return Ok(());
                }
                Ok(Some(n)) => off = n,
                Ok(None) => {}
                // UDP: a datagram the kernel refuses (too long, no route, broadcast not
                // allowed) fails this send only; a stream's failure also reaches the
                // worker as an error condition on the socket.
                Err(e) => return Err(e),
            }
        }
        let queued = self.queued.load(Ordering::Relaxed);
        if off == 0 && queued > 0 && queued + data.len() as u64 > io.opts.send_queue_limit {
            return Err(Error::new(
                super::ERRNO_BASE + libc::ENOBUFS,
                format!(
                    "send: {} bytes would exceed the send queue limit ({} bytes queued, limit {})",
                    data.len(),
                    queued,
                    io.opts.send_queue_limit
                ),
            ));
        }
        let was_empty = io.sendq.is_empty();
        if was_empty {
            io.progress = Instant::now();
        }
        io.want_drain = true;
        io.sendq.push_back(Chunk {
            data: data[off..].to_vec(),
            off: 0,
            to,
            cb,
            userdata: ud,
        });
        self.queued
            .fetch_add((data.len() - off) as u64, Ordering::Relaxed);
        let arm = was_empty && stall_timer(&io);
        drop(io);
        if arm {
            Engine::get().send(Box::new(super::worker::kick_cmd(self.clone())));
        }
        Ok(())
    }

    /// A datagram send from the worker during this socket's read burst (Linux: sendmmsg).
    fn corked(self: &Arc<Self>, io: &Io) -> bool {
        cfg!(any(target_os = "linux", target_os = "android"))
            && io.proxy.is_none()
            && io.tls.is_none()
            && CORK.with(|c| c.get()) == Arc::as_ptr(self) as usize
    }

    /// Starts a read burst of this datagram socket on the worker (see [`Cork`]).
    pub fn cork<'a>(self: &'a Arc<Self>) -> Cork<'a> {
        let prev = CORK.with(|c| c.replace(Arc::as_ptr(self) as usize));
        Cork { shared: self, prev }
    }

    /// Writes the datagrams batched during a read burst.
    pub fn flush_batch(self: &Arc<Self>) {
        let io = self.io.lock();
        if io.batch.as_ref().is_none_or(|b| b.items.is_empty()) {
            return;
        }
        self.write_batch_locked(io);
    }

    /// Writes the batch, then (without the lock) arms the stall timer when what the kernel
    /// did not take started the send queue, and posts the results.
    fn write_batch_locked(self: &Arc<Self>, mut io: parking_lot::MutexGuard<'_, Io>) {
        let was_empty = io.sendq.is_empty();
        let done = write_batch(self, &mut io);
        let arm = was_empty && !io.sendq.is_empty() && stall_timer(&io);
        drop(io);
        if arm {
            Engine::get().send(Box::new(super::worker::kick_cmd(self.clone())));
        }
        self.post_results(done);
    }

    fn post_results(
        self: &Arc<Self>,
        done: Vec<(nethttp_sock_result_cb, UserData, Option<Error>)>,
    ) {
        for (cb, userdata, err) in done {
            match (cb.is_some(), err) {
                (true, e) => {
                    let (code, message) = e.map_or((0, String::new()), |e| (e.code, e.message));
                    self.post(SockEvent::Result {
                        cb,
                        userdata,
                        code,
                        message,
                    });
                }
                (false, Some(e)) => self.post(SockEvent::Error(e)),
                (false, None) => {}
            }
        }
    }

    /// Delivers `ev` on the worker's next turn (or through the queue): for results of
    /// calls made on the application's thread, which must not call back from inside them.
    pub fn post(self: &Arc<Self>, ev: SockEvent) {
        if let Some(q) = self.queue() {
            q.push(self.clone(), Payload::Custom(Box::new(ev)));
            return;
        }
        Engine::get().send(Box::new(Post(self.clone(), Some(ev))));
    }

    /// Delivers an event: through the handle's queue if it has one, else now (on the
    /// worker).
    pub fn emit(self: &Arc<Self>, ev: SockEvent) {
        if self.life.is_cancelled() {
            return;
        }
        match self.queue() {
            Some(q) => q.push(self.clone(), Payload::Custom(Box::new(ev))),
            None => self.run(ev),
        }
    }

    /// A MESSAGE event without copying the bytes when it is delivered on the worker.
    pub fn emit_message(self: &Arc<Self>, data: &[u8], remote: &nethttp_net_address) {
        if self.life.is_cancelled()
            || !self
                .listeners
                .wants(nethttp_sock_event_type::NETHTTP_SOCK_EVENT_MESSAGE as u8)
        {
            return;
        }
        if let Some(q) = self.queue() {
            let ev = SockEvent::Message {
                data: data.to_vec(),
                remote: *remote,
            };
            q.push(self.clone(), Payload::Custom(Box::new(ev)));
            return;
        }
        let _g = self.life.callback_guard();
        let mut e = blank();
        e.data = data.as_ptr();
        e.data_len = data.len();
        e.remote = remote;
        self.call(nethttp_sock_event_type::NETHTTP_SOCK_EVENT_MESSAGE, &mut e);
    }

    fn run(self: &Arc<Self>, ev: SockEvent) {
        let _g = self.life.callback_guard();
        if self.life.is_cancelled() {
            return;
        }
        use nethttp_sock_event_type::*;
        let mut e = blank();
        match ev {
            SockEvent::Result {
                cb,
                userdata,
                code,
                message,
            } => {
                if let Some(cb) = cb {
                    let m = cstring(message);
                    // SAFETY: the application's callback with its own userdata.
                    unsafe { cb(userdata.0, self.ptr(), code, m.as_ptr()) };
                }
            }
            SockEvent::Connect {
                remote,
                local,
                mut conn,
            } => {
                e.remote = &remote;
                e.local = &local;
                match conn.0.take() {
                    None => self.call(NETHTTP_SOCK_EVENT_CONNECT, &mut e),
                    Some(c) => {
                        if !self.listeners.wants(NETHTTP_SOCK_EVENT_CONNECT as u8) {
                            conn.0 = Some(c);
                            return; // Handoff's drop destroys it.
                        }
                        // The application's reference.
                        e.connection = Arc::into_raw(c.clone()) as *mut SockShared;
                        self.call(NETHTTP_SOCK_EVENT_CONNECT, &mut e);
                        // Reading starts now that its listeners are in place.
                        super::worker::start_reading(c);
                    }
                }
            }
            SockEvent::Message { data, remote } => {
                e.data = data.as_ptr();
                e.data_len = data.len();
                e.remote = &remote;
                self.call(NETHTTP_SOCK_EVENT_MESSAGE, &mut e);
            }
            SockEvent::Close => self.call(NETHTTP_SOCK_EVENT_CLOSE, &mut e),
            SockEvent::Error(err) => {
                let m = cstring(err.message);
                e.error_code = err.code;
                e.error_message = m.as_ptr();
                self.call(NETHTTP_SOCK_EVENT_ERROR, &mut e);
            }
            SockEvent::Listening(local) => {
                e.local = &local;
                self.call(NETHTTP_SOCK_EVENT_LISTENING, &mut e);
            }
            SockEvent::Drain => self.call(NETHTTP_SOCK_EVENT_DRAIN, &mut e),
            SockEvent::PeerEnd => {
                Engine::get().send(Box::new(super::worker::finish_end_cmd(self.clone())));
            }
        }
    }

    fn call(self: &Arc<Self>, kind: nethttp_sock_event_type, e: &mut nethttp_sock_event) {
        e.r#type = kind as i32;
        let ev: *const nethttp_sock_event = e;
        let me = self.ptr();
        self.listeners.each(
            kind as u8,
            || !self.life.is_cancelled(),
            |cb, ud| {
                if let Some(cb) = cb {
                    // SAFETY: the application's listener with its own userdata; the event
                    // lives for the call.
                    unsafe { cb(ud.0, me, ev) };
                }
            },
        );
    }
}

/// Writes what the socket takes now (through TLS when it has it): Some(n), None when it
/// takes nothing now, or the failure.
pub fn io_write(io: &mut Io, data: &[u8], to: Option<SocketAddr>) -> Result<Option<usize>, Error> {
    if let Some(t) = io.tls.as_mut() {
        return match t.stream.ssl_write(data) {
            Ok(n) => Ok(Some(n)),
            Err(e) if super::tls::would_block(&e) => {
                t.crossed = e.code() == openssl::ssl::ErrorCode::WANT_READ;
                Ok(None)
            }
            Err(e) => Err(t.failure(&e, "send", super::tls::ERR_WRITE)),
        };
    }
    let Some(s) = io.sock.as_ref() else {
        return Err(errno_error(libc::EBADF, "send: no socket"));
    };
    // UDP through SOCKS5: wrapped for the relay, or waiting for the association.
    if let (Some(_), Some(to)) = (&io.proxy, to) {
        if let Some(e) = &io.assoc_error {
            return Err(e.clone());
        }
        let Some(relay) = io.relay else {
            return Ok(None);
        };
        let d = super::socks::udp_wrap(&to, data);
        return match write_now(s, &d, Some(relay)) {
            Ok(_) => Ok(Some(data.len())),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) => Err(io_error(&e, "send")),
        };
    }
    loop {
        return match write_now(s, data, to) {
            Ok(n) => Ok(Some(n)),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => Err(io_error(&e, "send")),
        };
    }
}

/// Shuts our sending side down: close_notify first on TLS, then the TCP FIN.
pub fn shutdown_write(io: &mut Io) -> std::io::Result<()> {
    if let Some(t) = io.tls.as_mut() {
        t.close_notify()
            .map_err(|e| std::io::Error::other(e.message))?;
    }
    match io.sock.as_ref() {
        Some(s) => s.shutdown(std::net::Shutdown::Write),
        None => Ok(()),
    }
}

/// Writes what the kernel takes now, without SIGPIPE.
pub fn write_now(s: &Socket, data: &[u8], to: Option<SocketAddr>) -> std::io::Result<usize> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let flags = libc::MSG_NOSIGNAL;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    let flags = 0;
    match to {
        None => s.send_with_flags(data, flags),
        Some(a) => s.send_to_with_flags(data, &a.into(), flags),
    }
}

fn blank() -> nethttp_sock_event {
    nethttp_sock_event {
        r#type: 0,
        data: std::ptr::null(),
        data_len: 0,
        remote: std::ptr::null(),
        local: std::ptr::null(),
        connection: std::ptr::null_mut(),
        error_code: 0,
        error_message: std::ptr::null(),
    }
}

fn cstring(s: String) -> CString {
    CString::new(s).unwrap_or_else(|e| {
        let mut v = e.into_vec();
        v.retain(|&b| b != 0);
        CString::new(v).unwrap_or_default()
    })
}

impl Target for SockShared {
    fn deliver(self: Arc<Self>, payload: Payload) {
        if let Payload::Custom(b) = payload {
            if let Ok(ev) = b.downcast::<SockEvent>() {
                self.run(*ev);
            }
        }
    }
}

/// An event delivered on the worker's next turn.
struct Post(Arc<SockShared>, Option<SockEvent>);

impl Command for Post {
    fn run(mut self: Box<Self>, _w: &mut Worker) {
        if let Some(ev) = self.1.take() {
            self.0.emit(ev);
        }
    }
}

/// Writes the batched datagrams, up to [`BATCH_MAX`] per sendmmsg, in order. A datagram the
/// kernel refuses fails alone (its result or an ERROR event, as for a queued datagram);
/// what the kernel does not take now moves to the send queue (the writable edge writes it).
/// Returns the results to post (callbacks, and errors without one).
#[allow(clippy::type_complexity)]
pub(super) fn write_batch(
    shared: &SockShared,
    io: &mut Io,
) -> Vec<(nethttp_sock_result_cb, UserData, Option<Error>)> {
    let mut done = Vec::new();
    let Some(mut b) = io.batch.take() else {
        return done;
    };
    let fd = io.fd();
    let mut i = 0;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    while i < b.items.len() && fd >= 0 {
        let n = (b.items.len() - i).min(BATCH_MAX);
        let items = &b.items[i..i + n];
        b.addrs.clear();
        b.addrs
            .extend(items.iter().map(|it| socket2::SockAddr::from(it.to)));
        // SAFETY: zeroed iovecs and mmsghdrs are valid values.
        let mut iov: [libc::iovec; BATCH_MAX] = unsafe { std::mem::zeroed() };
        let mut msgs: [libc::mmsghdr; BATCH_MAX] = unsafe { std::mem::zeroed() };
        for (k, it) in items.iter().enumerate() {
            iov[k] = libc::iovec {
                iov_base: b.bytes[it.off..].as_ptr() as *mut c_void,
                iov_len: it.len,
            };
            let h = &mut msgs[k].msg_hdr;
            h.msg_name = b.addrs[k].as_ptr() as *mut c_void;
            h.msg_namelen = b.addrs[k].len();
            h.msg_iov = &mut iov[k];
            h.msg_iovlen = 1;
        }
        // SAFETY: `n` message headers, each pointing at its address and its bytes, which
        // live until the call returns.
        let r = unsafe { libc::sendmmsg(fd, msgs.as_mut_ptr(), n as _, libc::MSG_NOSIGNAL) };
        if r > 0 {
            for it in &b.items[i..i + r as usize] {
                if it.cb.is_some() {
                    done.push((it.cb, it.userdata, None));
                }
            }
            i += r as usize;
            continue;
        }
        let err = std::io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EINTR) => continue,
            Some(libc::EAGAIN) => break,
            _ => {
                // The first datagram of this call was refused (sendmmsg reports the error
                // of the first message it could not send): it fails alone, the rest go on.
                let it = &b.items[i];
                done.push((it.cb, it.userdata, Some(io_error(&err, "send"))));
                i += 1;
            }
        }
    }
    // Not taken now (or no descriptor): to the send queue, in order.
    let was_empty = io.sendq.is_empty();
    for it in &b.items[i..] {
        io.sendq.push_back(Chunk {
            data: b.bytes[it.off..it.off + it.len].to_vec(),
            off: 0,
            to: Some(it.to),
            cb: it.cb,
            userdata: it.userdata,
        });
        shared.queued.fetch_add(it.len as u64, Ordering::Relaxed);
        io.want_drain = true;
    }
    if was_empty && !io.sendq.is_empty() {
        io.progress = Instant::now();
    }
    b.items.clear();
    b.bytes.clear();
    io.batch = Some(b);
    done
}
