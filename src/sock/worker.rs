//! The socket module on the worker: every socket in the engine's selector (mio: epoll,
//! kqueue), where the worker also sleeps while libcurl has no transfer; connects (with their timeout and
//! the next address after a failure), accepts, reads into one shared buffer, writes what
//! the sending threads had to queue, and the send-progress timer (`socketTimeout`).
//!
//! Sockets are registered edge-triggered for reading and writing. A read or accept stops
//! after a budget per turn so one busy socket does not starve the others; the rest is
//! taken next turn (`pending`; the loop does not sleep while any wait).

use super::addr::{nethttp_net_address, Addr};
use super::shared::*;
use super::socks::{Handshake as SocksHandshake, Progress};
use super::tls::{Step, TlsConn};
use super::{errno_error, io_error, Kind};
use crate::core::engine::{token, Command, Cx, Module, Worker};
use crate::core::error::Error;
use crate::core::handle::UserData;
use mio::unix::SourceFd;
use mio::{Interest, Registry, Token};
use slab::Slab;
use socket2::{Domain, SockAddr, Socket, Type};
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Reads per socket per turn, accepts per server per turn.
const READ_BUDGET: usize = 16;
const ACCEPT_BUDGET: usize = 64;

struct Connecting {
    addrs: Vec<Addr>,
    next: usize,
    deadline: Instant,
    cb: nethttp_sock_result_cb,
    ud: UserData,
    last: Option<Error>,
    /// TLS kinds: TCP is connected and the handshake runs.
    tls: bool,
    /// Through a SOCKS5 proxy: the handshake with it (None once done, or without a proxy),
    /// and its pending bytes to write.
    socks: Option<Box<(SocksHandshake, Vec<u8>)>>,
    /// TCP is connected (to the target, or to the proxy).
    up: bool,
}

impl Connecting {
    fn tls_or_tcp_up(&self) -> bool {
        self.up
    }
}

/// A server connection's TLS handshake: CONNECT goes to `server` once it is done.
struct Handshake {
    server: Arc<SockShared>,
    deadline: Instant,
}

struct Entry {
    shared: Arc<SockShared>,
    fd: RawFd,
    gen: u64,
    reading: bool,
    connect: Option<Connecting>,
    /// The peer of a stream (every MESSAGE of it carries it).
    remote: nethttp_net_address,
    handshake: Option<Handshake>,
    /// UDP through SOCKS5: the association's control connection, and the relay once up.
    assoc: Option<Box<Assoc>>,
    relay: Option<std::net::SocketAddr>,
}

/// A SOCKS5 UDP association: the TCP control connection to the proxy (registered with the
/// UDP socket's key and [`ASSOC_BIT`]), its handshake and pending bytes.
struct Assoc {
    sock: Socket,
    hs: SocksHandshake,
    out: Vec<u8>,
    up: bool,
}

/// Marks a selector token as a UDP socket's association control connection.
const ASSOC_BIT: usize = 1 << 40;

#[derive(Default)]
pub struct Socks {
    /// The engine's selector (a clone of its registry) and this module's id in it.
    reg: Option<Registry>,
    id: usize,
    slab: Slab<Entry>,
    /// Sockets with reads (or accepts) left over from their budget, or to start reading.
    pending: Vec<usize>,
    timers: BinaryHeap<Reverse<(Instant, usize, u64)>>,
    rbuf: Vec<u8>,
    gen: u64,
    /// The last datagram sender and its NetAddress (formatted once, not per datagram).
    last_from: Option<(std::net::SocketAddr, nethttp_net_address)>,
}

impl Socks {
    fn registry(&self) -> Result<&Registry, Error> {
        self.reg.as_ref().ok_or_else(|| {
            Error::new(
                super::ERR_INTERNAL,
                "the socket selector could not be shared (out of descriptors)",
            )
        })
    }

    /// The selector token of this module's `key`.
    fn token(&self, key: usize) -> Token {
        Token(token(self.id, key))
    }

    /// Puts `shared`'s socket in the selector. None when it was closed meanwhile.
    fn add(&mut self, shared: &Arc<SockShared>, reading: bool) -> Result<Option<usize>, Error> {
        self.registry()?;
        let mut io = shared.io.lock();
        if io.has(CLOSED) || shared.life.is_cancelled() {
            return Ok(None);
        }
        let Some(fd) = io.sock.as_ref().map(|s| s.as_raw_fd()) else {
            return Ok(None);
        };
        if io.registered {
            return Ok(Some(shared.key.load(Ordering::Acquire)));
        }
        self.gen += 1;
        let key = self.slab.insert(Entry {
            shared: shared.clone(),
            fd,
            gen: self.gen,
            reading,
            connect: None,
            remote: io
                .remote
                .as_ref()
                .map_or_else(nethttp_net_address::empty, nethttp_net_address::from_addr),
            handshake: None,
            assoc: None,
            relay: None,
        });
        let interest = if shared.kind.is_server() {
            Interest::READABLE
        } else {
            Interest::READABLE | Interest::WRITABLE
        };
        let reg = self.registry()?;
        if let Err(e) = reg.register(&mut SourceFd(&fd), self.token(key), interest) {
            self.slab.remove(key);
            return Err(io_error(&e, "registering the socket"));
        }
        io.registered = true;
        shared.key.store(key, Ordering::Release);
        Ok(Some(key))
    }

    /// Takes the socket out of the selector and closes it; returns its entry.
    fn remove(&mut self, key: usize) -> Option<Entry> {
        let e = self.slab.try_remove(key)?;
        if let Some(r) = &self.reg {
            let _ = r.deregister(&mut SourceFd(&e.fd));
            if let Some(a) = &e.assoc {
                let _ = r.deregister(&mut SourceFd(&a.sock.as_raw_fd()));
            }
        }
        let mut io = e.shared.io.lock();
        io.registered = false;
        if let Some(t) = io.tls.as_mut() {
            let _ = t.close_notify();
        }
        io.tls = None;
        io.sock = None;
        unlink_path(&mut io);
        e.shared.key.store(NO_KEY, Ordering::Release);
        drop(io);
        Some(e)
    }

    /// Takes a connected socket out of the selector without closing it (the TLS upgrade).
    fn detach(&mut self, key: usize) -> Option<Socket> {
        let e = self.slab.try_remove(key)?;
        if let Some(r) = &self.reg {
            let _ = r.deregister(&mut SourceFd(&e.fd));
        }
        let mut io = e.shared.io.lock();
        io.registered = false;
        e.shared.key.store(NO_KEY, Ordering::Release);
        io.state |= CLOSED;
        io.sock.take()
    }

    fn entry_of(&self, shared: &Arc<SockShared>) -> Option<usize> {
        let key = shared.key.load(Ordering::Acquire);
        self.slab
            .get(key)
            .filter(|e| Arc::ptr_eq(&e.shared, shared))
            .map(|_| key)
    }

    /// Closes the socket for good: pending sends get `why`'s error, CLOSE follows when
    /// `event`.
    fn close_entry(&mut self, key: usize, why: &Error, event: bool) {
        let Some(e) = self.remove(key) else { return };
        let results = close_io(&e.shared, why);
        deliver_results(&e.shared, results);
        if event {
            e.shared.emit(SockEvent::Close);
        }
    }

    /// An open socket failed: ERROR, then CLOSE.
    fn fail(&mut self, key: usize, err: Error) {
        if let Some(e) = self.slab.get(key) {
            e.shared.emit(SockEvent::Error(err.clone()));
        }
        self.close_entry(key, &err, true);
    }

    fn arm_stall(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let io = e.shared.io.lock();
        if let Some(ms) = io.opts.socket_timeout.filter(|&t| t > 0) {
            if !io.sendq.is_empty() {
                let at = io.progress + Duration::from_millis(ms.into());
                self.timers.push(Reverse((at, key, e.gen)));
            }
        }
    }

    // ---- connect ----

    fn start_connect(&mut self, shared: Arc<SockShared>, c: Connecting) {
        {
            let io = shared.io.lock();
            if io.has(CLOSED) || shared.life.is_cancelled() {
                drop(io);
                result(
                    &shared,
                    c.cb,
                    c.ud,
                    errno_error(libc::ECANCELED, "connect: closed before connecting"),
                );
                return;
            }
        }
        let deadline = c.deadline;
        self.try_next(shared, c, None, deadline);
    }

    /// Tries the remaining addresses, from a fresh socket for each (unless the application
    /// bound one: then only that family), until one is in progress or connected.
    fn try_next(
        &mut self,
        shared: Arc<SockShared>,
        mut c: Connecting,
        mut key: Option<usize>,
        deadline: Instant,
    ) {
        while c.next < c.addrs.len() {
            let addr = c.addrs[c.next].clone();
            c.next += 1;
            let attempt = (|| -> Result<bool, Error> {
                let mut io = shared.io.lock();
                if io.has(CLOSED) {
                    return Err(errno_error(libc::ECANCELED, "connect: closed"));
                }
                let user_bound = io.has(BOUND) && io.sock.is_some();
                if let (true, Some(s), Addr::Ip(a)) = (user_bound, &io.sock, &addr) {
                    let fam = s.local_addr().ok().and_then(|l| l.as_socket());
                    if fam.is_some_and(|l| l.is_ipv4() != a.is_ipv4()) {
                        return Err(errno_error(
                            libc::EAFNOSUPPORT,
                            &format!("connect to {a}: the socket is bound to the other family"),
                        ));
                    }
                }
                if !user_bound {
                    if let Some(k) = key.take() {
                        drop(io);
                        if let (Some(r), Some(e)) = (&self.reg, self.slab.get(k)) {
                            let _ = r.deregister(&mut SourceFd(&e.fd));
                        }
                        self.slab.try_remove(k);
                        io = shared.io.lock();
                        io.registered = false;
                    }
                    io.sock = None;
                    let s = new_socket(shared.kind, &addr)?;
                    io.opts.apply_all(&s, shared.kind)?;
                    io.sock = Some(s);
                }
                io.state |= CONNECTING;
                let s = io.sock.as_ref().expect("made above");
                let sa = match &addr {
                    Addr::Ip(a) => SockAddr::from(*a),
                    Addr::Local(p) => SockAddr::unix(p).map_err(|e| io_error(&e, "connect"))?,
                };
                match s.connect(&sa) {
                    Ok(()) => Ok(true),
                    Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => Ok(false),
                    Err(e) => Err(io_error(&e, &format!("connect to {}", addr_text(&addr)))),
                }
            })();
            match attempt {
                Err(e) => {
                    c.last = Some(e);
                    continue;
                }
                Ok(done) => {
                    let k = match key {
                        Some(k) => k,
                        None => match self.add(&shared, false) {
                            Ok(Some(k)) => k,
                            Ok(None) => {
                                c.last = Some(errno_error(libc::ECANCELED, "connect: closed"));
                                break;
                            }
                            Err(e) => {
                                c.last = Some(e);
                                continue;
                            }
                        },
                    };
                    {
                        let mut io = shared.io.lock();
                        io.remote = Some(addr.clone());
                    }
                    let entry = &mut self.slab[k];
                    entry.remote = nethttp_net_address::from_addr(&addr);
                    let gen = entry.gen;
                    entry.connect = Some(c);
                    if done {
                        self.connected(k);
                    } else {
                        self.timers.push(Reverse((deadline, k, gen)));
                    }
                    return;
                }
            }
        }
        // Every address failed.
        if let Some(k) = key {
            self.remove(k);
        }
        let mut err = c
            .last
            .take()
            .unwrap_or_else(|| errno_error(libc::EHOSTUNREACH, "connect: no address to try"));
        if c.socks.is_some() && err.code != super::ERRNO_BASE + libc::ECANCELED {
            err = Error::new(
                super::socks::ERR_CONNECT_PROXY,
                format!("SOCKS5: could not reach the proxy: {}", err.message),
            );
        }
        self.connect_failed(&shared, c, err);
    }

    fn connect_failed(&mut self, shared: &Arc<SockShared>, c: Connecting, err: Error) {
        let results = {
            let mut io = shared.io.lock();
            io.state &= !(CONNECTING | BOUND);
            io.sock = None;
            io.remote = None;
            take_queue(shared, &mut io, &err)
        };
        deliver_results(shared, results);
        shared.emit(SockEvent::Error(err.clone()));
        result(shared, c.cb, c.ud, err);
    }

    /// A connecting socket is writable or failed: done, or on to the next address.
    fn connect_progress(&mut self, key: usize) {
        let e = &self.slab[key];
        let shared = e.shared.clone();
        let outcome = {
            let io = shared.io.lock();
            match io.sock.as_ref() {
                None => Some(Err(errno_error(libc::ECANCELED, "connect: closed"))),
                Some(s) => match s.take_error() {
                    Ok(Some(err)) => Some(Err(io_error(&err, "connect"))),
                    Err(err) => Some(Err(io_error(&err, "connect"))),
                    Ok(None) => match s.peer_addr() {
                        Ok(_) => Some(Ok(())),
                        Err(err) if err.raw_os_error() == Some(libc::ENOTCONN) => None,
                        Err(err) => Some(Err(io_error(&err, "connect"))),
                    },
                },
            }
        };
        match outcome {
            None => {}
            Some(Ok(())) => self.connected(key),
            Some(Err(err)) => {
                let mut c = self.slab[key].connect.take().expect("connecting");
                let addr = c.addrs.get(c.next.wrapping_sub(1)).map(addr_text);
                c.last = Some(Error::new(
                    err.code,
                    match addr {
                        Some(a) => format!("{} ({a})", err.message),
                        None => err.message,
                    },
                ));
                let deadline = c.deadline;
                self.try_next(shared, c, Some(key), deadline);
            }
        }
    }

    fn connected(&mut self, key: usize) {
        let e = &mut self.slab[key];
        if let Some(c) = e.connect.as_mut() {
            c.up = true;
        }
        if let Some(b) = e.connect.as_mut().and_then(|c| c.socks.as_mut()) {
            if b.0.phase == super::socks::Phase::Method && b.0.inbuf.is_empty() && b.1.is_empty() {
                b.1 = b.0.proxy.greeting();
            }
            self.step_socks(key);
            return;
        }
        if e.shared.kind.is_tls() && e.connect.as_ref().is_some_and(|c| !c.tls) {
            self.start_tls_client(key);
            return;
        }
        self.finish_connect(key);
    }

    /// Connected (and through the proxy and the TLS handshake when there are): CONNECT, the
    /// result, what was sent meanwhile, and what arrived before we looked.
    fn finish_connect(&mut self, key: usize) {
        let e = &mut self.slab[key];
        let c = e.connect.take().expect("connecting");
        e.reading = true;
        let shared = e.shared.clone();
        let remote = e.remote;
        let local = {
            let mut io = shared.io.lock();
            io.state = (io.state & !CONNECTING) | CONNECTED | BOUND;
            io.progress = Instant::now();
            local_of(&io)
        };
        shared.emit(SockEvent::Connect {
            remote,
            local,
            conn: Handoff(None),
        });
        result(&shared, c.cb, c.ud, Error::new(0, ""));
        self.flush(key);
        self.arm_stall(key);
        self.pending.push(key);
    }

    fn connect_timeout(&mut self, key: usize) {
        let Some(c) = self.slab.get_mut(key).and_then(|e| e.connect.take()) else {
            return;
        };
        let shared = self.slab[key].shared.clone();
        self.remove(key);
        let err = if c.socks.as_ref().is_some_and(|_| c.up) {
            Error::new(
                super::socks::ERR_RECEIVE,
                "SOCKS5: the proxy did not answer within the connect timeout",
            )
        } else if c.tls {
            Error::new(
                super::tls::EXEC_TIMEOUT,
                "the TLS handshake did not finish within the connect timeout",
            )
        } else {
            errno_error(libc::ETIMEDOUT, "connect: timed out")
        };
        self.connect_failed(&shared, c, err);
    }

    // ---- SOCKS5 ----

    /// Drives the proxy handshake: writes what is pending, reads exactly what the current
    /// reply needs, and on success goes on as connected (TLS next, or CONNECT).
    fn step_socks(&mut self, key: usize) {
        let Some(e) = self.slab.get_mut(key) else {
            return;
        };
        let fd = e.fd;
        let shared = e.shared.clone();
        let Some(b) = e.connect.as_mut().and_then(|c| c.socks.as_mut()) else {
            return;
        };
        let outcome = drive_socks(fd, &mut b.0, &mut b.1);
        match outcome {
            Ok(None) => {}
            Ok(Some(_bound)) => {
                let e = &mut self.slab[key];
                let c = e.connect.as_mut().expect("connecting");
                c.socks = None;
                // The peer is the target when it was an address (the proxy's for a name).
                let target = shared.io.lock().proxy_target.take();
                if let Some(super::socks::Target::Ip(a)) = target {
                    e.remote = nethttp_net_address::from_ip(&a);
                    shared.io.lock().remote = Some(Addr::Ip(a));
                }
                self.connected(key);
            }
            Err(err) => {
                let e = &mut self.slab[key];
                let c = e.connect.take().expect("connecting");
                self.remove(key);
                self.connect_failed(&shared, c, err);
            }
        }
    }

    // ---- SOCKS5 UDP association ----

    /// A UDP socket with a proxy is on the loop: connect the control connection.
    fn start_assoc(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let shared = e.shared.clone();
        let (proxy, local) = {
            let io = shared.io.lock();
            let local = io
                .sock
                .as_ref()
                .and_then(|s| s.local_addr().ok())
                .and_then(|a| a.as_socket());
            (io.proxy.clone(), local)
        };
        let Some(proxy) = proxy else { return };
        let made = (|| -> Result<Assoc, Error> {
            // Where our datagrams will come from (RFC 1928: the client's address and port).
            let from = local.unwrap_or_else(|| super::addr::unspecified_like(&proxy.addr));
            let req = super::socks::request(3, &super::socks::Target::Ip(from))?;
            let s = new_socket(Kind::Tcp, &Addr::Ip(proxy.addr))?;
            match s.connect(&proxy.addr.into()) {
                Ok(()) => {}
                Err(e) if e.raw_os_error() == Some(libc::EINPROGRESS) => {}
                Err(e) => return Err(io_error(&e, "connect")),
            }
            self.registry()?
                .register(
                    &mut SourceFd(&s.as_raw_fd()),
                    self.token(key | ASSOC_BIT),
                    Interest::READABLE | Interest::WRITABLE,
                )
                .map_err(|e| io_error(&e, "registering the socket"))?;
            let hs = SocksHandshake::new(proxy.clone(), req);
            Ok(Assoc {
                sock: s,
                out: proxy.greeting(),
                hs,
                up: false,
            })
        })();
        match made {
            Ok(a) => self.slab[key].assoc = Some(Box::new(a)),
            Err(err) => self.assoc_failed(
                key,
                Error::new(
                    super::socks::ERR_CONNECT_PROXY,
                    format!("SOCKS5: could not reach the proxy: {}", err.message),
                ),
            ),
        }
    }

    /// The control connection is ready: the handshake goes on; at its end the relay is known
    /// and what was queued goes out. After it, the proxy closing the control connection ends
    /// the association.
    fn step_assoc(&mut self, key: usize) {
        let Some(e) = self.slab.get_mut(key) else {
            return;
        };
        let Some(a) = e.assoc.as_mut() else { return };
        let fd = a.sock.as_raw_fd();
        if !a.up {
            match a.sock.take_error() {
                Ok(None) if a.sock.peer_addr().is_ok() => a.up = true,
                Ok(None) => return,
                Ok(Some(err)) | Err(err) => {
                    let err = Error::new(
                        super::socks::ERR_CONNECT_PROXY,
                        format!(
                            "SOCKS5: could not reach the proxy: {}",
                            io_error(&err, "connect").message
                        ),
                    );
                    self.assoc_failed(key, err);
                    return;
                }
            }
        }
        if e.relay.is_some() {
            // Established: anything readable on the control connection is its end.
            let mut tmp = [0u8; 64];
            // SAFETY: reading into a local buffer.
            let n = unsafe { libc::recv(fd, tmp.as_mut_ptr() as *mut libc::c_void, tmp.len(), 0) };
            if n > 0
                || (n < 0 && std::io::Error::last_os_error().raw_os_error() == Some(libc::EAGAIN))
            {
                return;
            }
            self.assoc_failed(
                key,
                Error::new(
                    super::socks::ERR_RECEIVE,
                    "SOCKS5: the proxy ended the UDP association (its control connection closed)",
                ),
            );
            return;
        }
        let outcome = drive_socks(fd, &mut a.hs, &mut a.out);
        match outcome {
            Ok(None) => {}
            Ok(Some(bound)) => {
                // A relay given as the wildcard address is the proxy's own host.
                let relay = if bound.ip().is_unspecified() {
                    std::net::SocketAddr::new(a.hs.proxy.addr.ip(), bound.port())
                } else {
                    bound
                };
                e.relay = Some(relay);
                e.shared.io.lock().relay = Some(relay);
                self.flush(key);
            }
            Err(err) => self.assoc_failed(key, err),
        }
    }

    /// The association failed or ended: ERROR, queued datagrams fail, later sends too.
    fn assoc_failed(&mut self, key: usize, err: Error) {
        let Some(e) = self.slab.get_mut(key) else {
            return;
        };
        if let Some(a) = e.assoc.take() {
            if let Some(r) = &self.reg {
                let _ = r.deregister(&mut SourceFd(&a.sock.as_raw_fd()));
            }
        }
        e.relay = None;
        let shared = e.shared.clone();
        let results = {
            let mut io = shared.io.lock();
            io.relay = None;
            io.assoc_error = Some(err.clone());
            take_queue(&shared, &mut io, &err)
        };
        shared.emit(SockEvent::Error(err));
        deliver_results(&shared, results);
    }

    // ---- TLS ----

    /// TCP is connected: the client handshake starts (CONNECT waits for its end).
    fn start_tls_client(&mut self, key: usize) {
        let e = &mut self.slab[key];
        if let Some(c) = e.connect.as_mut() {
            c.tls = true;
        }
        let shared = e.shared.clone();
        let fd = e.fd;
        let made = {
            let mut io = shared.io.lock();
            let opts = io.tls_opts.clone().unwrap_or_default();
            match io.tls_ctx.clone() {
                None => Err(Error::new(super::tls::ERR_SSL_NULL, "no TLS context")),
                Some(ctx) => TlsConn::client(&ctx, fd, &io.tls_host, &opts).map(|t| {
                    io.tls = Some(Box::new(t));
                }),
            }
        };
        match made {
            Ok(()) => self.step_tls(key),
            Err(err) => self.tls_failed(key, err),
        }
    }

    /// Drives a handshake one step: done, again on the next edge, or failed.
    fn step_tls(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let shared = e.shared.clone();
        let step = match shared.io.lock().tls.as_mut() {
            Some(t) => t.handshake(),
            None => Step::Failed(Error::new(super::tls::ERR_SSL_NULL, "no TLS state")),
        };
        match step {
            Step::Again => {}
            Step::Failed(err) => self.tls_failed(key, err),
            Step::Done => {
                let e = &mut self.slab[key];
                match e.handshake.take() {
                    // A client: CONNECT, the result, the queue.
                    None => self.finish_connect(key),
                    Some(h) => {
                        let remote = e.remote;
                        let local = {
                            let mut io = shared.io.lock();
                            io.state = (io.state & !CONNECTING) | CONNECTED | BOUND;
                            io.progress = Instant::now();
                            local_of(&io)
                        };
                        h.server.emit(SockEvent::Connect {
                            remote,
                            local,
                            conn: Handoff(Some(shared)),
                        });
                    }
                }
            }
        }
    }

    /// A handshake failed: a client's connect fails (no other address is tried: the peer
    /// answered); a server reports it and drops the connection.
    fn tls_failed(&mut self, key: usize, err: Error) {
        let Some(e) = self.slab.get_mut(key) else {
            return;
        };
        let shared = e.shared.clone();
        let connect = e.connect.take();
        let handshake = e.handshake.take();
        self.remove(key);
        if let Some(c) = connect {
            self.connect_failed(&shared, c, err);
        } else if let Some(h) = handshake {
            let peer = shared
                .io
                .lock()
                .remote
                .as_ref()
                .map(addr_text)
                .unwrap_or_default();
            h.server.emit(SockEvent::Error(Error::new(
                err.code,
                format!("{} (connection from {peer})", err.message),
            )));
            shared.life.cancel_and_quiesce();
        }
    }

    fn read_tls(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        if !e.reading {
            return;
        }
        let shared = e.shared.clone();
        let remote = e.remote;
        for _ in 0..READ_BUDGET {
            if shared.paused.load(Ordering::Acquire) || shared.life.is_cancelled() {
                return;
            }
            let r = {
                let mut io = shared.io.lock();
                if io.has(CLOSED) {
                    return;
                }
                // Read per read: a readSize set meanwhile applies to the next read.
                let size = io.opts.read_size;
                if self.rbuf.len() < size {
                    self.rbuf.resize(size, 0);
                }
                let Some(t) = io.tls.as_mut() else { return };
                match t.stream.ssl_read(&mut self.rbuf[..size]) {
                    Ok(n) => Ok(n),
                    Err(e) if e.code() == openssl::ssl::ErrorCode::ZERO_RETURN => Ok(0),
                    Err(e) if super::tls::would_block(&e) => {
                        t.crossed = e.code() == openssl::ssl::ErrorCode::WANT_WRITE;
                        return;
                    }
                    // The peer closed without close_notify: the end, as most TLS peers do it.
                    Err(e)
                        if e.code() == openssl::ssl::ErrorCode::SYSCALL
                            && e.io_error().is_none() =>
                    {
                        Ok(0)
                    }
                    Err(e) if is_unexpected_eof(&e) => Ok(0),
                    Err(e) => Err(t.failure(&e, "receive", super::tls::ERR_READ)),
                }
            };
            match r {
                Ok(0) => {
                    self.peer_eof(key);
                    return;
                }
                Ok(n) => {
                    shared.emit_message(&self.rbuf[..n], &remote);
                    if !self.slab.contains(key) {
                        return;
                    }
                }
                Err(err) => {
                    self.fail(key, err);
                    return;
                }
            }
        }
        self.pending.push(key);
    }

    // ---- reading ----

    /// The socket's readSize, read before each read so that a change applies at once, with
    /// the buffer grown to it; `None` once the socket is closed.
    fn read_size(&mut self, shared: &SockShared) -> Option<usize> {
        let size = {
            let io = shared.io.lock();
            if io.has(CLOSED) {
                return None;
            }
            io.opts.read_size
        };
        if self.rbuf.len() < size {
            self.rbuf.resize(size, 0);
        }
        Some(size)
    }

    /// `to_end`: the event said the peer closed (or failed): read until the end even after a
    /// short read.
    fn read_stream(&mut self, key: usize, to_end: bool) {
        let Some(e) = self.slab.get(key) else { return };
        if !e.reading {
            return;
        }
        if e.shared.kind.is_tls() {
            self.read_tls(key);
            return;
        }
        let shared = e.shared.clone();
        let fd = e.fd;
        let remote = e.remote;
        for _ in 0..READ_BUDGET {
            if shared.paused.load(Ordering::Acquire) || shared.life.is_cancelled() {
                return;
            }
            let Some(size) = self.read_size(&shared) else {
                return;
            };
            // SAFETY: reading into our buffer of at least `size` bytes.
            let n = unsafe { libc::recv(fd, self.rbuf.as_mut_ptr() as *mut libc::c_void, size, 0) };
            if n > 0 {
                shared.emit_message(&self.rbuf[..n as usize], &remote);
                if !self.slab.contains(key) {
                    return;
                }
                // A short read took everything the socket had: no read for the EAGAIN. What
                // arrives later (data or the end) raises a new edge (tokio does the same).
                if (n as usize) < size && !to_end {
                    return;
                }
                continue;
            }
            if n == 0 {
                self.peer_eof(key);
                return;
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EAGAIN) => return,
                Some(libc::EINTR) => continue,
                _ => {
                    self.fail(key, io_error(&err, "receive"));
                    return;
                }
            }
        }
        self.pending.push(key);
    }

    /// Reads a burst of datagrams; what the MESSAGE listeners send back on this socket is
    /// written together when the burst ends (sendmmsg: one system call, not one each).
    fn read_datagrams(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let shared = e.shared.clone();
        let _cork = shared.cork();
        self.read_datagram_burst(key);
    }

    fn read_datagram_burst(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let shared = e.shared.clone();
        let fd = e.fd;
        let relay = e.relay;
        for _ in 0..READ_BUDGET {
            if shared.paused.load(Ordering::Acquire) || shared.life.is_cancelled() {
                return;
            }
            let Some(size) = self.read_size(&shared) else {
                return;
            };
            // SAFETY: zeroed storage is a valid sockaddr_storage.
            let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
            let mut len: libc::socklen_t = std::mem::size_of::<libc::sockaddr_storage>() as _;
            // SAFETY: our buffer and address storage with their sizes.
            let n = unsafe {
                libc::recvfrom(
                    fd,
                    self.rbuf.as_mut_ptr() as *mut libc::c_void,
                    size,
                    0,
                    &mut ss as *mut _ as *mut libc::sockaddr,
                    &mut len,
                )
            };
            if n >= 0 {
                let from = sockaddr_ip(&ss);
                let mut start = 0;
                let mut remote = match (from, &self.last_from) {
                    (Some(a), Some((b, r))) if a == *b => *r,
                    (Some(a), _) => {
                        let r = nethttp_net_address::from_ip(&a);
                        self.last_from = Some((a, r));
                        r
                    }
                    (None, _) => nethttp_net_address::empty(),
                };
                if let Some(relay) = relay {
                    // Through the proxy: only the relay's datagrams, the real sender inside.
                    let inner = (from == Some(relay))
                        .then(|| super::socks::udp_unwrap(&self.rbuf[..n as usize]))
                        .flatten();
                    let Some((src, at)) = inner else { continue };
                    remote = nethttp_net_address::from_ip(&src);
                    start = at;
                }
                shared.emit_message(&self.rbuf[start..n as usize], &remote);
                if !self.slab.contains(key) {
                    return;
                }
                continue;
            }
            let err = std::io::Error::last_os_error();
            match err.raw_os_error() {
                Some(libc::EAGAIN) => return,
                Some(libc::EINTR) => continue,
                // An ICMP error for an earlier datagram: reported, the socket stays.
                _ => {
                    shared.emit(SockEvent::Error(io_error(&err, "receive")));
                    continue;
                }
            }
        }
        self.pending.push(key);
    }

    /// The peer ended its stream. The socket closes once the application has handled the
    /// MESSAGE events before the end and what they sent is written: at once when events
    /// are delivered on the worker (they were), else when the queue reaches the end
    /// ([`SockEvent::PeerEnd`] comes back as [`finish_end_cmd`]).
    fn peer_eof(&mut self, key: usize) {
        let e = &mut self.slab[key];
        e.reading = false;
        let shared = e.shared.clone();
        shared.io.lock().state |= END_SEEN;
        let queued_delivery = shared.queue().is_some();
        if queued_delivery {
            shared.emit(SockEvent::PeerEnd);
            return;
        }
        self.finish_end(key);
    }

    fn finish_end(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let shared = e.shared.clone();
        let empty = {
            let mut io = shared.io.lock();
            io.state |= PEER_EOF;
            io.sendq.is_empty()
        };
        if empty {
            self.close_entry(
                key,
                &errno_error(libc::ECONNRESET, "closed by the peer"),
                true,
            );
        }
    }

    fn accept(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let server = e.shared.clone();
        let conn_kind = server.kind.connection_kind();
        for _ in 0..ACCEPT_BUDGET {
            if server.life.is_cancelled() || server.paused.load(Ordering::Acquire) {
                return;
            }
            let r = {
                let io = server.io.lock();
                match io.sock.as_ref() {
                    None => return,
                    Some(s) => s.accept().map(|(c, peer)| {
                        let tls = io.tls_ctx.clone().map(|ctx| {
                            let ms = io
                                .tls_opts
                                .as_ref()
                                .and_then(|o| o.handshake_timeout_ms)
                                .unwrap_or(super::tls::DEFAULT_HANDSHAKE_MS);
                            (ctx, ms)
                        });
                        (c, peer, io.opts.clone(), local_of(&io), tls)
                    }),
                }
            };
            let (sock, peer, opts, server_local, tls) = match r {
                Ok(x) => x,
                Err(err) => match err.raw_os_error() {
                    Some(libc::EAGAIN) => return,
                    Some(libc::EINTR | libc::ECONNABORTED | libc::EPROTO) => continue,
                    _ => {
                        // Out of descriptors or memory: reported; the listener stays.
                        server.emit(SockEvent::Error(io_error(&err, "accept")));
                        return;
                    }
                },
            };
            let conn = Arc::new(SockShared::new(conn_kind, opts.clone()));
            let _ = sock.set_nonblocking(true);
            let _ = opts.apply_all(&sock, conn_kind);
            // A local peer is usually unnamed: a path of its own family, empty.
            let remote_addr = super::addr::from_sockaddr(&peer).or_else(|| {
                conn_kind
                    .is_local()
                    .then(|| Addr::Local(Default::default()))
            });
            let local = sock
                .local_addr()
                .ok()
                .and_then(|a| super::addr::from_sockaddr(&a))
                .map_or(server_local, |a| nethttp_net_address::from_addr(&a));
            {
                let mut io = conn.io.lock();
                io.sock = Some(sock);
                io.state = CONNECTED | BOUND;
                io.remote = remote_addr.clone();
            }
            conn.set_queue(server.queue());
            if let Some((ctx, ms)) = tls {
                // CONNECT waits for the handshake.
                let fd = conn.io.lock().fd();
                match TlsConn::server(&ctx, fd) {
                    Ok(t) => {
                        let mut io = conn.io.lock();
                        io.tls = Some(Box::new(t));
                        io.state = CONNECTING | BOUND;
                    }
                    Err(e) => {
                        server.emit(SockEvent::Error(e));
                        continue;
                    }
                }
                let Ok(Some(k)) = self.add(&conn, false) else {
                    continue;
                };
                let deadline = Instant::now() + Duration::from_millis(ms.into());
                let e = &mut self.slab[k];
                e.handshake = Some(Handshake {
                    server: server.clone(),
                    deadline,
                });
                self.timers.push(Reverse((deadline, k, e.gen)));
                self.step_tls(k);
                continue;
            }
            match self.add(&conn, false) {
                Ok(Some(_)) => {}
                _ => continue,
            }
            let remote = remote_addr
                .as_ref()
                .map_or_else(nethttp_net_address::empty, nethttp_net_address::from_addr);
            server.emit(SockEvent::Connect {
                remote,
                local,
                conn: Handoff(Some(conn)),
            });
        }
        self.pending.push(key);
    }

    // ---- writing ----

    /// Writes what is queued; DRAIN when it empties after a send waited; the deferred
    /// shutdown or close.
    fn flush(&mut self, key: usize) {
        let Some(e) = self.slab.get(key) else { return };
        let shared = e.shared.clone();
        let mut results = Vec::new();
        let mut failed = None;
        let (drained, close_now) = {
            let mut io = shared.io.lock();
            let io = &mut *io;
            if io.sock.is_none() {
                return;
            }
            while let Some(c) = io.sendq.pop_front() {
                let r = io_write(io, &c.data[c.off..], c.to);
                io.sendq.push_front(c);
                let c = io.sendq.front_mut().expect("pushed back");
                match r {
                    Ok(Some(n)) => {
                        c.off += n;
                        shared.queued.fetch_sub(n as u64, Ordering::Relaxed);
                        io.progress = Instant::now();
                        if c.off == c.data.len() {
                            let c = io.sendq.pop_front().expect("front");
                            if c.cb.is_some() {
                                results.push((c.cb, c.userdata, Error::new(0, "")));
                            }
                        }
                    }
                    Ok(None) => break,
                    Err(e) if shared.kind.is_datagram() => {
                        let c = io.sendq.pop_front().expect("front");
                        let left = (c.data.len() - c.off) as u64;
                        shared.queued.fetch_sub(left, Ordering::Relaxed);
                        if c.cb.is_some() {
                            results.push((c.cb, c.userdata, e));
                        } else {
                            shared.post(SockEvent::Error(e));
                        }
                    }
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
            }
            let empty = io.sendq.is_empty();
            let drained = empty && std::mem::take(&mut io.want_drain);
            if empty && io.has(SHUT_WR) && !io.has(SHUT_DONE) {
                io.state |= SHUT_DONE;
                let _ = shutdown_write(io);
            }
            (drained, empty && io.has(PEER_EOF))
        };
        deliver_results(&shared, results);
        if let Some(err) = failed {
            self.fail(key, err);
            return;
        }
        if drained
            && shared
                .listeners
                .wants(nethttp_sock_event_type::NETHTTP_SOCK_EVENT_DRAIN as u8)
        {
            shared.emit(SockEvent::Drain);
        }
        if close_now {
            self.close_entry(
                key,
                &errno_error(libc::ECONNRESET, "closed by the peer"),
                true,
            );
        }
    }

    fn handle(&mut self, key: usize, readable: bool, writable: bool, closed: bool) {
        let Some(e) = self.slab.get(key) else { return };
        if e.handshake.is_some() || e.connect.as_ref().is_some_and(|c| c.tls) {
            self.step_tls(key);
            return;
        }
        if e.connect
            .as_ref()
            .is_some_and(|c| c.socks.is_some() && c.tls_or_tcp_up())
        {
            self.step_socks(key);
            return;
        }
        if e.connect.is_some() {
            self.connect_progress(key);
            return;
        }
        let kind = e.shared.kind;
        if kind.is_server() {
            if readable {
                self.accept(key);
            }
            return;
        }
        // Always under the lock: a sending thread may be between its EAGAIN and queueing
        // the rest, and this edge is the only one it gets.
        if writable || readable && self.needs_flush(key) {
            self.flush(key);
        }
        let crossed = writable
            && kind.is_tls()
            && self
                .slab
                .get(key)
                .is_some_and(|e| e.shared.io.lock().tls.as_ref().is_some_and(|t| t.crossed));
        if readable || crossed {
            if kind.is_datagram() {
                self.read_datagrams(key);
            } else {
                self.read_stream(key, closed);
            }
        }
    }

    /// An error condition with bytes queued: the flush reports it.
    fn needs_flush(&self, key: usize) -> bool {
        self.slab
            .get(key)
            .is_some_and(|e| e.shared.queued.load(Ordering::Relaxed) > 0)
    }
}

/// The IP address in a sockaddr the kernel filled.
fn sockaddr_ip(ss: &libc::sockaddr_storage) -> Option<std::net::SocketAddr> {
    use std::net::{Ipv4Addr, Ipv6Addr, SocketAddrV4, SocketAddrV6};
    match ss.ss_family as i32 {
        libc::AF_INET => {
            // SAFETY: the family says the storage holds a sockaddr_in.
            let a = unsafe { &*(ss as *const _ as *const libc::sockaddr_in) };
            Some(
                SocketAddrV4::new(
                    Ipv4Addr::from(u32::from_be(a.sin_addr.s_addr)),
                    u16::from_be(a.sin_port),
                )
                .into(),
            )
        }
        libc::AF_INET6 => {
            // SAFETY: the family says the storage holds a sockaddr_in6.
            let a = unsafe { &*(ss as *const _ as *const libc::sockaddr_in6) };
            Some(
                SocketAddrV6::new(
                    Ipv6Addr::from(a.sin6_addr.s6_addr),
                    u16::from_be(a.sin6_port),
                    a.sin6_flowinfo,
                    a.sin6_scope_id,
                )
                .into(),
            )
        }
        _ => None,
    }
}

/// Drives a SOCKS5 handshake on `fd`: writes what is pending in `out`, reads exactly what
/// the current reply still needs (nothing of what follows it), and steps the handshake.
/// Some(bound address) when the request succeeded, None when the socket must become ready.
fn drive_socks(
    fd: RawFd,
    hs: &mut SocksHandshake,
    out: &mut Vec<u8>,
) -> Result<Option<std::net::SocketAddr>, Error> {
    loop {
        while !out.is_empty() {
            // SAFETY: writing our buffer to our descriptor.
            let n = unsafe {
                libc::send(
                    fd,
                    out.as_ptr() as *const libc::c_void,
                    out.len(),
                    send_flags(),
                )
            };
            if n < 0 {
                let err = std::io::Error::last_os_error();
                return match err.raw_os_error() {
                    Some(libc::EAGAIN) => Ok(None),
                    Some(libc::EINTR) => continue,
                    _ => Err(Error::new(
                        super::socks::ERR_SEND,
                        format!("SOCKS5: sending to the proxy: {err}"),
                    )),
                };
            }
            out.drain(..n as usize);
        }
        let want = hs.want();
        if want > 0 {
            let mut tmp = [0u8; 300];
            let want = want.min(tmp.len());
            // SAFETY: reading into a local buffer of at least `want` bytes.
            let n = unsafe { libc::recv(fd, tmp.as_mut_ptr() as *mut libc::c_void, want, 0) };
            if n == 0 {
                return Err(Error::new(
                    super::socks::ERR_RECEIVE,
                    "SOCKS5: the proxy closed the connection",
                ));
            }
            if n < 0 {
                let err = std::io::Error::last_os_error();
                return match err.raw_os_error() {
                    Some(libc::EAGAIN) => Ok(None),
                    Some(libc::EINTR) => continue,
                    _ => Err(Error::new(
                        super::socks::ERR_RECEIVE,
                        format!("SOCKS5: receiving from the proxy: {err}"),
                    )),
                };
            }
            hs.inbuf.extend_from_slice(&tmp[..n as usize]);
        }
        match hs.step()? {
            Progress::More => continue,
            Progress::Send(bytes, phase) => {
                hs.phase = phase;
                *out = bytes;
            }
            Progress::Done(bound, _) => return Ok(Some(bound)),
        }
    }
}

fn send_flags() -> libc::c_int {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    return libc::MSG_NOSIGNAL;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    return 0;
}

/// OpenSSL 3's "unexpected eof while reading": the peer closed without close_notify.
fn is_unexpected_eof(e: &openssl::ssl::Error) -> bool {
    e.ssl_error().is_some_and(|s| {
        s.errors()
            .iter()
            .any(|x| x.reason().is_some_and(|r| r.contains("unexpected eof")))
    })
}

fn new_socket(kind: Kind, addr: &Addr) -> Result<Socket, Error> {
    let (domain, proto) = match addr {
        Addr::Ip(a) => (Domain::for_address(*a), Some(socket2::Protocol::TCP)),
        Addr::Local(_) => (Domain::UNIX, None),
    };
    let ty = if kind.is_datagram() {
        Type::DGRAM
    } else {
        Type::STREAM
    };
    let s = Socket::new(domain, ty, proto).map_err(|e| io_error(&e, "socket"))?;
    s.set_nonblocking(true)
        .map_err(|e| io_error(&e, "socket"))?;
    Ok(s)
}

pub fn addr_text(a: &Addr) -> String {
    match a {
        Addr::Ip(sa) => sa.to_string(),
        Addr::Local(p) => p.display().to_string(),
    }
}

pub fn local_of(io: &Io) -> nethttp_net_address {
    io.sock
        .as_ref()
        .and_then(|s| s.local_addr().ok())
        .and_then(|a| super::addr::from_sockaddr(&a))
        .or_else(|| io.path.clone().map(Addr::Local))
        .map_or_else(nethttp_net_address::empty, |a| {
            nethttp_net_address::from_addr(&a)
        })
}

/// A local server's socket file goes with it.
pub fn unlink_path(io: &mut Io) {
    if let Some(p) = io.path.take() {
        let _ = std::fs::remove_file(p);
    }
}

type Results = Vec<(nethttp_sock_result_cb, UserData, Error)>;

/// Empties the send queue: the callbacks of what was not written get `why`.
pub fn take_queue(shared: &SockShared, io: &mut Io, why: &Error) -> Results {
    // Datagrams waiting in a read burst's batch were taken from the application: they are
    // written first (while the descriptor is still there), as they would have been at once
    // without the batch; what the kernel does not take joins the queue and fails with it.
    let mut out: Results = super::shared::write_batch(shared, io)
        .into_iter()
        .map(|(cb, ud, e)| (cb, ud, e.unwrap_or_else(|| Error::new(0, ""))))
        .collect();
    for c in io.sendq.drain(..) {
        if c.cb.is_some() {
            out.push((c.cb, c.userdata, why.clone()));
        }
    }
    shared.queued.store(0, Ordering::Relaxed);
    io.want_drain = false;
    out
}

/// Marks the socket closed (the descriptor is gone already or goes now).
fn close_io(shared: &SockShared, why: &Error) -> Results {
    let mut io = shared.io.lock();
    io.state = (io.state & BOUND) | CLOSED;
    io.sock = None;
    let why = Error::new(
        super::ERRNO_BASE + libc::ECANCELED,
        format!(
            "send: not written before the socket closed ({})",
            why.message
        ),
    );
    take_queue(shared, &mut io, &why)
}

pub fn deliver_results(shared: &Arc<SockShared>, results: Results) {
    for (cb, ud, e) in results {
        result(shared, cb, ud, e);
    }
}

fn result(shared: &Arc<SockShared>, cb: nethttp_sock_result_cb, ud: UserData, e: Error) {
    if cb.is_some() {
        shared.emit(SockEvent::Result {
            cb,
            userdata: ud,
            code: e.code,
            message: e.message,
        });
    }
}

impl Module for Socks {
    fn done(&mut self, _: &Cx<'_>, _: usize, _: Result<(), curl::Error>) {}

    fn detach_all(&mut self, _: &Cx<'_>) {}

    fn admit(&mut self, _: &Cx<'_>) {
        if self.pending.is_empty() {
            return;
        }
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable();
        pending.dedup();
        for key in pending.drain(..) {
            let Some(e) = self.slab.get(key) else {
                continue;
            };
            let kind = e.shared.kind;
            if e.connect.is_some() {
                continue;
            }
            if kind.is_server() {
                self.accept(key);
            } else if kind.is_datagram() {
                self.read_datagrams(key);
            } else {
                self.read_stream(key, true);
            }
        }
        if self.pending.is_empty() {
            self.pending = pending;
        }
    }

    fn ready(&self) -> bool {
        !self.pending.is_empty()
    }

    fn attach(&mut self, cx: &Cx<'_>) {
        self.reg = cx.registry.try_clone().ok();
        self.id = cx.id;
    }

    fn selects(&self) -> bool {
        !self.slab.is_empty()
    }

    fn event(&mut self, _: &Cx<'_>, key: usize, ev: &mio::event::Event) {
        if key & ASSOC_BIT != 0 {
            self.step_assoc(key & !ASSOC_BIT);
        } else {
            self.handle(
                key,
                ev.is_readable() || ev.is_read_closed() || ev.is_error(),
                ev.is_writable() || ev.is_write_closed() || ev.is_error(),
                ev.is_read_closed() || ev.is_error(),
            );
        }
    }

    fn deadline(&self) -> Option<Instant> {
        self.timers.peek().map(|Reverse((t, _, _))| *t)
    }

    fn timers(&mut self, _: &Cx<'_>, now: Instant) {
        while let Some(&Reverse((t, key, gen))) = self.timers.peek() {
            if t > now {
                break;
            }
            self.timers.pop();
            let Some(e) = self.slab.get(key).filter(|e| e.gen == gen) else {
                continue;
            };
            if e.connect.is_some() {
                if e.connect.as_ref().is_some_and(|c| c.deadline <= now) {
                    self.connect_timeout(key);
                }
                continue;
            }
            if let Some(h) = &e.handshake {
                if h.deadline <= now {
                    self.tls_failed(
                        key,
                        Error::new(
                            super::tls::EXEC_TIMEOUT,
                            "the TLS handshake did not finish within handshakeTimeout",
                        ),
                    );
                }
                continue;
            }
            // socketTimeout: queued bytes that did not move.
            let (stalled, again) = {
                let io = e.shared.io.lock();
                let ms = io.opts.socket_timeout.unwrap_or(0);
                if ms == 0 || io.sendq.is_empty() {
                    (false, None)
                } else {
                    let due = io.progress + Duration::from_millis(ms.into());
                    if due <= now {
                        (true, None)
                    } else {
                        (false, Some(due))
                    }
                }
            };
            if stalled {
                self.fail(
                    key,
                    errno_error(
                        libc::ETIMEDOUT,
                        "send: no progress within socketTimeout (the peer is not reading)",
                    ),
                );
            } else if let Some(due) = again {
                self.timers.push(Reverse((due, key, gen)));
            }
        }
    }
}

// ---- commands ----

/// Puts a bound (UDP) or listening socket on the loop; LISTENING follows.
pub struct Register(pub Arc<SockShared>);

impl Command for Register {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        let s = self.0;
        match m.add(&s, true) {
            Ok(Some(key)) => {
                let local = local_of(&s.io.lock());
                s.emit(SockEvent::Listening(local));
                m.pending.push(key);
                if s.kind.is_datagram() && s.io.lock().proxy.is_some() {
                    m.start_assoc(key);
                }
            }
            Ok(None) => {}
            Err(e) => {
                s.emit(SockEvent::Error(e));
            }
        }
    }
}

/// Connects to the first address that answers.
pub struct Connect {
    pub shared: Arc<SockShared>,
    pub addrs: Vec<Addr>,
    pub deadline: Instant,
    pub cb: nethttp_sock_result_cb,
    pub ud: UserData,
    /// Through this SOCKS5 proxy (`addrs` is the proxy) to that target.
    pub socks: Option<(super::socks::Proxy, super::socks::Target)>,
}

impl Command for Connect {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        let socks = match self.socks {
            None => None,
            Some((proxy, target)) => match super::socks::request(1, &target) {
                Ok(req) => Some(Box::new((SocksHandshake::new(proxy, req), Vec::new()))),
                Err(e) => {
                    result(&self.shared, self.cb, self.ud, e);
                    return;
                }
            },
        };
        let c = Connecting {
            addrs: self.addrs,
            next: 0,
            deadline: self.deadline,
            cb: self.cb,
            ud: self.ud,
            last: None,
            tls: false,
            socks,
            up: false,
        };
        m.start_connect(self.shared, c);
    }
}

/// `nethttp_sock_tls_upgrade`'s socket connects: it takes the TCP socket's connection over
/// and starts the client handshake.
pub struct Adopt {
    pub shared: Arc<SockShared>,
    pub deadline: Instant,
    pub cb: nethttp_sock_result_cb,
    pub ud: UserData,
}

impl Command for Adopt {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        let s = self.shared;
        let c = Connecting {
            addrs: Vec::new(),
            next: 0,
            deadline: self.deadline,
            cb: self.cb,
            ud: self.ud,
            last: None,
            tls: false,
            socks: None,
            up: false,
        };
        let tcp = s.io.lock().adopt.take();
        let taken = tcp.as_ref().and_then(|t| {
            let remote = t.io.lock().remote.clone();
            // On the loop still, or kept by a destroy of the TCP handle that came first.
            let sk = match m.entry_of(t) {
                Some(k) => m.detach(k),
                None => t.io.lock().sock.take(),
            };
            sk.map(|sk| (sk, remote))
        });
        let Some((sock, remote)) = taken else {
            let err = errno_error(
                libc::ENOTCONN,
                "upgrade: the TCP socket is no longer connected",
            );
            m.connect_failed(&s, c, err);
            return;
        };
        {
            let mut io = s.io.lock();
            if io.has(CLOSED) {
                drop(io);
                result(
                    &s,
                    c.cb,
                    c.ud,
                    errno_error(libc::ECANCELED, "connect: closed"),
                );
                return;
            }
            io.sock = Some(sock);
            io.remote = remote;
            io.state |= CONNECTING | BOUND;
        }
        match m.add(&s, false) {
            Ok(Some(k)) => {
                let gen = m.slab[k].gen;
                m.slab[k].connect = Some(c);
                m.timers.push(Reverse((self.deadline, k, gen)));
                m.start_tls_client(k);
            }
            Ok(None) => result(
                &s,
                c.cb,
                c.ud,
                errno_error(libc::ECANCELED, "connect: closed"),
            ),
            Err(e) => m.connect_failed(&s, c, e),
        }
    }
}

/// A name could not be resolved for a connect.
pub struct ConnectFailed {
    pub shared: Arc<SockShared>,
    pub err: Error,
    pub cb: nethttp_sock_result_cb,
    pub ud: UserData,
}

impl Command for ConnectFailed {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        let c = Connecting {
            addrs: Vec::new(),
            next: 0,
            deadline: Instant::now(),
            cb: self.cb,
            ud: self.ud,
            last: None,
            tls: false,
            socks: None,
            up: false,
        };
        m.connect_failed(&self.shared, c, self.err);
    }
}

/// `nethttp_sock_close` of a registered socket.
pub struct Close {
    pub shared: Arc<SockShared>,
    pub cb: nethttp_sock_result_cb,
    pub ud: UserData,
}

impl Command for Close {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        let s = self.shared;
        let why = errno_error(libc::ECANCELED, "closed by the application");
        // TLS: the close_notify's fate is the close's result.
        let notify =
            s.io.lock()
                .tls
                .as_mut()
                .map_or(Ok(()), |t| t.close_notify());
        match m.entry_of(&s) {
            Some(key) => {
                let connecting = m.slab[key].connect.take();
                m.close_entry(key, &why, true);
                if let Some(c) = connecting {
                    result(
                        &s,
                        c.cb,
                        c.ud,
                        errno_error(libc::ECANCELED, "connect: closed"),
                    );
                }
            }
            None => s.emit(SockEvent::Close),
        }
        result(
            &s,
            self.cb,
            self.ud,
            notify.err().unwrap_or(Error::new(0, "")),
        );
    }
}

/// The handle was destroyed: out of the selector, closed, no events.
pub struct Destroy(pub Arc<SockShared>);

impl Command for Destroy {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        if self.0.io.lock().has(HANDED) {
            // Upgraded to TLS: the connection is the TLS socket's; kept for its Adopt.
            if let Some(key) = m.entry_of(&self.0) {
                let sk = m.detach(key);
                self.0.io.lock().sock = sk;
            }
            return;
        }
        if let Some(key) = m.entry_of(&self.0) {
            m.remove(key);
        }
        let mut io = self.0.io.lock();
        io.sock = None;
        unlink_path(&mut io);
        io.sendq.clear();
    }
}

/// Runs a step of the module on a socket's entry, if it still has one: `finish_end_cmd` (the
/// application's queue reached the peer's end of stream: close once written) and `kick_cmd`
/// (bytes were queued from another thread: arm the send-progress timer).
pub struct OnEntry(pub Arc<SockShared>, pub fn(&mut Socks, usize));

impl Command for OnEntry {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        if let Some(key) = m.entry_of(&self.0) {
            (self.1)(m, key);
        }
    }
}

pub fn finish_end_cmd(s: Arc<SockShared>) -> OnEntry {
    OnEntry(s, Socks::finish_end)
}

pub fn kick_cmd(s: Arc<SockShared>) -> OnEntry {
    OnEntry(s, Socks::arm_stall)
}

/// Start (an accepted connection, after its CONNECT event) or resume reading.
pub struct Start(pub Arc<SockShared>);

impl Command for Start {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<Socks>();
        if let Some(key) = m.entry_of(&self.0) {
            let e = &mut m.slab[key];
            if e.connect.is_none() && !e.shared.io.lock().has(END_SEEN) {
                e.reading = true;
                m.pending.push(key);
                if e.shared.queued.load(Ordering::Relaxed) > 0 {
                    m.flush(key);
                    m.arm_stall(key);
                }
            }
        }
    }
}

pub fn start_reading(c: Arc<SockShared>) {
    crate::core::engine::Engine::get().send(Box::new(Start(c)));
}
