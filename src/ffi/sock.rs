//! `nethttp_sock`: the socket module (`@ohos.net.socket`): TCP clients, UDP and multicast
//! sockets, TCP servers and their connections, local (Unix-domain) sockets and servers.

use crate::core::delivery::Queue;
use crate::core::engine::Engine;
use crate::core::error::{Error, UNKNOWN};
use crate::core::handle::UserData;
use crate::ffi::{arc_ref, arg_bytes, arg_opt_str, arg_ref, arg_str, boundary, code};
use crate::sock::addr::{self, nethttp_net_address, Addr};
use crate::sock::options::{nethttp_sock_option, SockOpts};
use crate::sock::shared::*;
use crate::sock::worker::{self, Connect, ConnectFailed, Register};
use crate::sock::{errno_error, io_error, Kind, ERRNO_BASE};
use socket2::{Domain, SockAddr, Socket, Type};
use std::ffi::c_void;
use std::net::{IpAddr, SocketAddr};
use std::os::raw::c_char;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// 2303100 + errno: the spec's family for bind and listen failures (2303198 address in
/// use, 2303199 address not available, ...).
pub const EXEC_BASE: i32 = 2_303_100;
/// `timeout_ms` 0 in `nethttp_sock_connect`: OpenHarmony's default, 60 s.
const DEFAULT_CONNECT_TIMEOUT_MS: u32 = 60_000;

/// Socket kinds (`nethttp_sock_create`, `nethttp_sock_get_kind`).
#[repr(i32)]
#[allow(non_camel_case_types, clippy::enum_variant_names)]
pub enum nethttp_sock_kind {
    /// `TCPSocket`: a client stream.
    NETHTTP_SOCK_TCP = 1,
    /// `UDPSocket`.
    NETHTTP_SOCK_UDP = 2,
    /// `MulticastSocket`: UDP with group membership.
    NETHTTP_SOCK_MULTICAST = 3,
    /// `TCPSocketServer`.
    NETHTTP_SOCK_TCP_SERVER = 4,
    /// `LocalSocket`: a Unix-domain stream client.
    NETHTTP_SOCK_LOCAL = 5,
    /// `LocalSocketServer`.
    NETHTTP_SOCK_LOCAL_SERVER = 6,
    /// `TCPSocketConnection`: accepted by a TCP server (CONNECT event).
    NETHTTP_SOCK_TCP_CONNECTION = 7,
    /// `LocalSocketConnection`: accepted by a local server.
    NETHTTP_SOCK_LOCAL_CONNECTION = 8,
    /// `TLSSocket`: a TLS client stream (also made by `nethttp_sock_tls_upgrade`).
    NETHTTP_SOCK_TLS = 9,
    /// `TLSSocketServer`.
    NETHTTP_SOCK_TLS_SERVER = 10,
    /// `TLSSocketConnection`: accepted by a TLS server, handshake done.
    NETHTTP_SOCK_TLS_CONNECTION = 11,
}

/// `SocketStateBase`.
#[repr(C)]
pub struct nethttp_sock_state {
    /// Bound to a local address (by bind, listen, connect or a first send).
    pub is_bound: bool,
    /// Closed (by `nethttp_sock_close`, the peer, or a failure).
    pub is_close: bool,
    /// A stream socket is connected.
    pub is_connected: bool,
}

pub(crate) fn sock<'a>(s: *mut SockShared) -> Result<&'a SockShared, Error> {
    arg_ref(s, "sock")
}

fn shared(s: *mut SockShared) -> Result<Arc<SockShared>, Error> {
    sock(s)?;
    // SAFETY: a live handle from nethttp_sock_create or a CONNECT event (checked non-NULL).
    Ok(unsafe { arc_ref(s as *const SockShared) })
}

fn exec_error(e: &std::io::Error, what: &str) -> Error {
    let mut err = io_error(e, what);
    if err.code >= ERRNO_BASE && err.code < ERRNO_BASE + 1000 {
        err.code = err.code - ERRNO_BASE + EXEC_BASE;
    }
    err
}

fn closed_error(what: &str) -> Error {
    errno_error(
        libc::EBADF,
        &format!("{what}: the socket is closed (create a new one)"),
    )
}

/// Creates a socket of `kind`: 1 TCP (`constructTCPSocketInstance`), 2 UDP, 3 multicast,
/// 4 TCP server, 5 local (Unix-domain stream), 6 local server, 9 TLS, 10 TLS server. (7, 8
/// and 11 are the kinds of connections a server accepts; they are not created here.) NULL
/// for any other kind (the detail says why). No descriptor exists until bind, connect, listen or a first UDP send.
/// Release with `nethttp_sock_destroy`; there is no limit on how many a process creates.
#[no_mangle]
pub extern "C" fn nethttp_sock_create(kind: i32) -> *mut SockShared {
    boundary!(std::ptr::null_mut(), {
        match Kind::from_i32(kind).filter(|k| matches!(*k as i32, 1..=6 | 9 | 10)) {
            Some(k) => {
                Arc::into_raw(Arc::new(SockShared::new(k, SockOpts::default()))) as *mut SockShared
            }
            None => {
                crate::core::error::set_last_detail(&format!(
                    "kind: {kind} is not 1 (TCP), 2 (UDP), 3 (multicast), 4 (TCP server), 5 (local), 6 (local server), 9 (TLS) or 10 (TLS server)"
                ));
                std::ptr::null_mut()
            }
        }
    })
}

/// Destroys a socket from any thread, including from inside its callbacks: the descriptor
/// is closed (queued bytes are dropped; nothing is waited for) and no event or result of
/// it follows. The contract is `http_destroy`'s: once it returns no callback of this socket
/// starts (one running on another thread is waited for; called inside one, nothing follows
/// it). A server's destroy closes the listener, not the connections it handed out (each is
/// the application's). A local server removes the socket file it created. NULL is a no-op.
#[no_mangle]
pub extern "C" fn nethttp_sock_destroy(sock: *mut SockShared) {
    boundary!((), {
        if sock.is_null() {
            return;
        }
        // SAFETY: the application's reference; destroy consumes it.
        let s = unsafe { Arc::from_raw(sock as *const SockShared) };
        s.life.cancel_and_quiesce();
        let registered = {
            let mut io = s.io.lock();
            io.state |= CLOSED;
            io.sendq.clear();
            s.queued.store(0, Ordering::Relaxed);
            // The socket file goes now (the process may exit before the worker's turn).
            worker::unlink_path(&mut io);
            if !io.registered && !io.has(HANDED) {
                io.sock = None;
            }
            io.registered
        };
        if registered {
            Engine::get().send(Box::new(worker::Destroy(s)));
        }
    })
}

/// The socket's kind (1..8, see `nethttp_sock_create`), or 401 for NULL.
#[no_mangle]
pub extern "C" fn nethttp_sock_get_kind(sock: *const SockShared) -> i32 {
    boundary!(UNKNOWN, {
        match arg_ref(sock, "sock") {
            Ok(s) => s.kind as i32,
            Err(e) => code(Err(e)),
        }
    })
}

/// A server connection's `clientId`: a number unique among the process's connections;
/// 0 for other kinds or NULL.
#[no_mangle]
pub extern "C" fn nethttp_sock_client_id(sock: *const SockShared) -> u64 {
    boundary!(0, { arg_ref(sock, "sock").map_or(0, |s| s.client_id) })
}

fn event_kind(t: i32) -> Result<u8, Error> {
    EVENT_KINDS
        .iter()
        .find(|k| **k as i32 == t)
        .map(|k| *k as u8)
        .ok_or_else(|| Error::param(format!("type: {t} is not a nethttp_sock_event_type")))
}

fn listen_to(
    s: *mut SockShared,
    t: i32,
    cb: nethttp_sock_event_cb,
    ud: *mut c_void,
    once: bool,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = sock(s)?;
            let kind = event_kind(t)?;
            if cb.is_none() {
                return Err(Error::param("cb: NULL"));
            }
            s.listeners.add(kind, cb, UserData(ud), once);
            Ok(())
        })())
    })
}

/// Adds a listener for events of `type` (a `nethttp_sock_event_type`); any number per type,
/// called in registration order with their own userdata, on the worker thread (or through
/// the socket's queue). 401 for NULL or an unknown type.
#[no_mangle]
pub extern "C" fn nethttp_sock_on(
    sock: *mut SockShared,
    r#type: i32,
    cb: nethttp_sock_event_cb,
    userdata: *mut c_void,
) -> i32 {
    listen_to(sock, r#type, cb, userdata, false)
}

/// Like `nethttp_sock_on`, removed after its first call.
#[no_mangle]
pub extern "C" fn nethttp_sock_once(
    sock: *mut SockShared,
    r#type: i32,
    cb: nethttp_sock_event_cb,
    userdata: *mut c_void,
) -> i32 {
    listen_to(sock, r#type, cb, userdata, true)
}

/// Removes the listeners of `type` registered with `cb` and `userdata`, or, with `cb` NULL,
/// every listener of `type`. 0 even when none matched.
#[no_mangle]
pub extern "C" fn nethttp_sock_off(
    sock: *mut SockShared,
    r#type: i32,
    cb: nethttp_sock_event_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = self::sock(sock)?;
            let kind = event_kind(r#type)?;
            let ud = UserData(userdata);
            match cb {
                None => s.listeners.remove(kind, None),
                Some(f) => s.listeners.remove(
                    kind,
                    Some(&|c: nethttp_sock_event_cb, u: UserData| {
                        c.is_some_and(|c| std::ptr::fn_addr_eq(c, f)) && u == ud
                    }),
                ),
            };
            Ok(())
        })())
    })
}

/// Delivers this socket's events and results through `queue` (see `http_queue_new`) instead
/// of on nethttp's worker thread; NULL goes back to the worker. A server's connections use
/// the server's queue. Before the socket is bound, connected or listening (401 after).
#[no_mangle]
pub extern "C" fn nethttp_sock_set_queue(sock: *mut SockShared, queue: *mut Queue) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = self::sock(sock)?;
            if s.io.lock().state != 0 {
                return Err(Error::param(
                    "nethttp_sock_set_queue: before bind, connect or listen",
                ));
            }
            s.set_queue(if queue.is_null() {
                None
            } else {
                // SAFETY: a live queue from http_queue_new; a new strong reference.
                Some(unsafe { arc_ref(queue as *const Queue) })
            });
            Ok(())
        })())
    })
}

/// The local address of a bind or listen: an IP literal (family 0 takes it from the text;
/// 1 or 2 must match it) and port, or for a local socket a path (port and family unused).
fn local_target(kind: Kind, address: &str, port: u16, family: i32) -> Result<Addr, Error> {
    if kind.is_local() {
        Ok(Addr::Local(addr::parse_local(address)?))
    } else {
        Ok(Addr::Ip(addr::parse_ip(address, port, family)?))
    }
}

/// A new non-blocking socket for `kind` bound to `target`, with the kept options.
fn bound_socket(s: &SockShared, io: &mut Io, target: &Addr, listen: bool) -> Result<(), Error> {
    let (domain, proto) = match target {
        Addr::Ip(a) => (Domain::for_address(*a), None),
        Addr::Local(_) => (Domain::UNIX, None),
    };
    let ty = if s.kind.is_datagram() {
        Type::DGRAM
    } else {
        Type::STREAM
    };
    let sk = Socket::new(domain, ty, proto).map_err(|e| io_error(&e, "socket"))?;
    sk.set_nonblocking(true)
        .map_err(|e| io_error(&e, "socket"))?;
    if let Addr::Ip(a) = target {
        if a.is_ipv6() {
            // An IPv6 socket takes IPv6 only: "::" and "0.0.0.0" can be bound side by side.
            let _ = sk.set_only_v6(true);
        }
    }
    // A TCP server reuses addresses in TIME_WAIT unless told otherwise (as most servers do).
    if s.kind == Kind::TcpServer && io.opts.reuse_address.is_none() {
        let _ = sk.set_reuse_address(true);
    }
    io.opts.apply_all(&sk, s.kind)?;
    apply_multicast(&sk, io, target)?;
    if s.kind == Kind::Multicast {
        only_joined_groups(&sk, target);
    }
    let sa = match target {
        Addr::Ip(a) => SockAddr::from(*a),
        Addr::Local(p) => SockAddr::unix(p).map_err(|e| exec_error(&e, "bind"))?,
    };
    sk.bind(&sa)
        .map_err(|e| exec_error(&e, &format!("bind {}", worker::addr_text(target))))?;
    if let Addr::Local(p) = target {
        io.path = Some(p.clone());
    }
    if listen {
        sk.listen(libc::SOMAXCONN)
            .map_err(|e| exec_error(&e, "listen"))?;
    }
    io.sock = Some(sk);
    io.state |= BOUND | if listen { LISTENING } else { 0 };
    Ok(())
}

/// A multicast socket gets only the groups it joined itself (Linux's IP_MULTICAST_ALL, on
/// by default, would deliver every group any socket of the host joined on that port, and a
/// dropped membership would go on delivering while another socket keeps the group).
#[cfg(target_os = "linux")]
fn only_joined_groups(sk: &Socket, target: &Addr) {
    use std::os::fd::AsRawFd;
    let Addr::Ip(a) = target else { return };
    // IP_MULTICAST_ALL (49), IPV6_MULTICAST_ALL (29, Linux 4.20+).
    let (level, opt) = if a.is_ipv4() {
        (libc::IPPROTO_IP, 49)
    } else {
        (libc::IPPROTO_IPV6, 29)
    };
    let off: libc::c_int = 0;
    // SAFETY: an int option on a live socket; an old kernel refusing it changes nothing.
    unsafe {
        libc::setsockopt(
            sk.as_raw_fd(),
            level,
            opt,
            &off as *const libc::c_int as *const libc::c_void,
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
}

#[cfg(not(target_os = "linux"))]
fn only_joined_groups(_: &Socket, _: &Addr) {}

fn apply_multicast(sk: &Socket, io: &Io, target: &Addr) -> Result<(), Error> {
    let Addr::Ip(a) = target else { return Ok(()) };
    if let Some(ttl) = io.mcast_ttl {
        mcast_apply(sk, a.is_ipv4(), Mcast::Ttl, ttl).map_err(|e| io_error(&e, "multicast TTL"))?;
    }
    if let Some(on) = io.mcast_loop {
        mcast_apply(sk, a.is_ipv4(), Mcast::Loop, u32::from(on))
            .map_err(|e| io_error(&e, "multicast loopback"))?;
    }
    Ok(())
}

fn bind_impl(sh: &Arc<SockShared>, target: Addr, what: &str) -> Result<(), Error> {
    let mut io = sh.io.lock();
    if io.has(CLOSED) {
        return Err(closed_error(what));
    }
    if io.sock.is_some() {
        return Err(Error::new(
            EXEC_BASE + libc::EINVAL,
            format!("{what}: the socket is bound already"),
        ));
    }
    bound_socket(sh, &mut io, &target, sh.kind.is_server())?;
    drop(io);
    if sh.kind.is_datagram() || sh.kind.is_server() {
        Engine::get().send(Box::new(Register(sh.clone())));
    }
    Ok(())
}

/// Binds to a local address: `address` an IPv4 or IPv6 literal ("0.0.0.0", "::",
/// "127.0.0.1", ...) with `port` (0: any free port; `nethttp_sock_get_local_address` tells
/// which) and `family` (0: from the text; 1 IPv4 or 2 IPv6 must match it); for a local
/// socket, a path (port and family unused). A UDP or multicast socket then receives: its
/// LISTENING event follows. A TCP or local socket binds before `nethttp_sock_connect`
/// (optional). Servers use `nethttp_sock_listen`. An IPv6 address binds IPv6 only.
/// Returns 0, 401 (NULL, not an IP literal, family mismatch, a server or connection),
/// 2301009 (closed), or 2303100 + errno: 2303198 address in use, 2303199 address not
/// available, 2303113 permission denied (a port below 1024), 2303122 bound already.
#[no_mangle]
pub extern "C" fn nethttp_sock_bind(
    sock: *mut SockShared,
    address: *const c_char,
    port: u16,
    family: i32,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let address = arg_str(address, "address")?;
            if sh.kind.is_server() {
                return Err(Error::param("a server binds with nethttp_sock_listen"));
            }
            if !sh.kind.is_datagram() && !matches!(sh.kind, Kind::Tcp | Kind::Local | Kind::Tls) {
                return Err(Error::param("a server connection is bound already"));
            }
            let target = local_target(sh.kind, address, port, family)?;
            bind_impl(&sh, target, "bind")
        })())
    })
}

/// Starts a server listening (`TCPSocketServer.listen`, `LocalSocketServer.listen`):
/// `address`/`port`/`family` as in `nethttp_sock_bind` (a path for a local server, whose
/// file must not exist; it is removed when the server closes). SO_REUSEADDR is on unless
/// `reuseAddress` was set false. Every accepted connection comes as a CONNECT event (no
/// limit on their number); with no CONNECT listener a connection is closed at once. Errors
/// as for `nethttp_sock_bind`; 401 for a kind that is not a server.
#[no_mangle]
pub extern "C" fn nethttp_sock_listen(
    sock: *mut SockShared,
    address: *const c_char,
    port: u16,
    family: i32,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let address = arg_str(address, "address")?;
            if !sh.kind.is_server() {
                return Err(Error::param(format!(
                    "a {} does not listen (kinds 4 and 6 do)",
                    sh.kind.name()
                )));
            }
            let target = local_target(sh.kind, address, port, family)?;
            if sh.kind == Kind::TlsServer {
                let opts = sh.io.lock().tls_opts.clone().unwrap_or_default();
                let ctx = opts.context(true)?;
                sh.io.lock().tls_ctx = Some(ctx);
            }
            bind_impl(&sh, target, "listen")
        })())
    })
}

/// Connects a TCP, TLS or local socket. TCP and TLS: `address` is an IP literal or a host name (resolved
/// by the system resolver on nethttp's lookup threads, then tried in order until one
/// answers; `family` 1 or 2 restricts the addresses, 0 takes both), `port` its port. Local:
/// `address` is the server's path. `timeout_ms` bounds the whole connect (0: 60000).
/// The connect runs on the worker; 0 means it started. Its outcome comes once through `cb`
/// (may be NULL): 0 after the CONNECT event, or the failure after an ERROR event:
/// 2301111 refused, 2301110 timed out, 2301113 no route, 2301101 network unreachable,
/// 2301002 no such path (local), 2301125 closed before connecting, 2100101 / 2100102 the name
/// did not resolve. TLS (kind 9): after TCP connects, the handshake with the options of
/// `nethttp_sock_set_tls_options` (the system's CAs and name verification by default: SNI
/// and the certificate name are `address`, or the `serverName` option); CONNECT comes after
/// it; 2303504 certificate verification or pinning failed, 2303502 the handshake failed
/// (OpenSSL's reason in the detail), 2303505 the connection failed inside TLS, 2303210 the
/// handshake did not finish within the timeout. A socket from `nethttp_sock_tls_upgrade`
/// does not connect again: this call takes the TCP connection over and runs the handshake
/// (`port` and `family` unused; `address` is the name to verify). Bytes sent while connecting are queued and go once connected. After a
/// failure the socket can connect again (a bind before it must be repeated).
/// Returned at once: 401 (NULL, a kind that does not connect, a bad address, family
/// mismatch, TLS options OpenSSL refuses: a PEM that does not parse, a key that does not
/// match, an unknown cipher), 2301009 (closed), 2301114 (connecting already), 2301106 (connected),
/// 2300998 / 2300997 (the host is not allowed, or cleartext is forbidden, by
/// `http_policy_set_allowed_domains` / `http_policy_set_cleartext_permitted`).
#[no_mangle]
pub extern "C" fn nethttp_sock_connect(
    sock: *mut SockShared,
    address: *const c_char,
    port: u16,
    family: i32,
    timeout_ms: u32,
    cb: nethttp_sock_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let address = arg_str(address, "address")?;
            if !matches!(sh.kind, Kind::Tcp | Kind::Local | Kind::Tls) {
                return Err(Error::param(format!(
                    "a {} does not connect (kinds 1, 5 and 9 do)",
                    sh.kind.name()
                )));
            }
            if sh.kind == Kind::Tls {
                // The context now, so bad certificates or ciphers fail this call.
                let opts = sh.io.lock().tls_opts.clone().unwrap_or_default();
                let ctx = opts.context(false)?;
                let mut io = sh.io.lock();
                io.tls_ctx = Some(ctx);
                io.tls_host = address.to_string();
            }
            let family = addr::check_family(family)?;
            let ms = if timeout_ms == 0 {
                DEFAULT_CONNECT_TIMEOUT_MS
            } else {
                timeout_ms
            };
            let deadline = Instant::now() + Duration::from_millis(ms.into());
            // What to connect to: a path, an IP literal, or a name to resolve.
            let mut literal = None;
            let mut name = None;
            if sh.kind.is_local() {
                literal = Some(Addr::Local(addr::parse_local(address)?));
            } else {
                if address.is_empty() {
                    return Err(Error::param("address: empty"));
                }
                if crate::core::policy::active() {
                    let host = address.trim_start_matches('[').trim_end_matches(']');
                    let scheme = if sh.kind == Kind::Tls { "tls" } else { "tcp" };
                    crate::core::policy::check(scheme, host)?;
                }
                match addr::ip_literal(address) {
                    Some(_) => literal = Some(Addr::Ip(addr::parse_ip(address, port, family)?)),
                    None => name = Some(address.to_string()),
                }
            }
            {
                let mut io = sh.io.lock();
                if io.has(CLOSED) {
                    return Err(closed_error("connect"));
                }
                if io.has(CONNECTING) {
                    return Err(errno_error(libc::EALREADY, "connect: connecting already"));
                }
                if io.has(CONNECTED) {
                    return Err(errno_error(libc::EISCONN, "connect: connected already"));
                }
                io.state |= CONNECTING;
            }
            let ud = UserData(userdata);
            let proxy = sh.io.lock().proxy.clone();
            if let (Some(proxy), false) = (proxy, sh.kind.is_local()) {
                // Through SOCKS5: the proxy resolves a name itself (nothing is looked up here).
                let target = match &literal {
                    Some(Addr::Ip(a)) => crate::sock::socks::Target::Ip(*a),
                    _ => crate::sock::socks::Target::Name(name.clone().unwrap_or_default(), port),
                };
                sh.io.lock().proxy_target = Some(target.clone());
                Engine::get().send(Box::new(Connect {
                    shared: sh.clone(),
                    addrs: vec![Addr::Ip(proxy.addr)],
                    deadline,
                    cb,
                    ud,
                    socks: Some((proxy, target)),
                }));
                return Ok(());
            }
            if sh.io.lock().adopt.is_some() {
                Engine::get().send(Box::new(worker::Adopt {
                    shared: sh,
                    deadline,
                    cb,
                    ud,
                }));
                return Ok(());
            }
            if let Some(a) = literal {
                Engine::get().send(Box::new(Connect {
                    shared: sh,
                    addrs: vec![a],
                    deadline,
                    cb,
                    ud,
                    socks: None,
                }));
                return Ok(());
            }
            let host = name.expect("a name");
            let fam = crate::net::lookup::Family::from_i32(family)?;
            let sh2 = sh.clone();
            let r = crate::net::lookup::spawn(move || {
                let cmd: Box<dyn crate::core::engine::Command> =
                    match crate::net::lookup::resolve(&host, fam) {
                        Ok(ips) => Box::new(Connect {
                            shared: sh2,
                            addrs: ips
                                .into_iter()
                                .map(|ip: IpAddr| Addr::Ip(SocketAddr::new(ip, port)))
                                .collect(),
                            deadline,
                            cb,
                            ud,
                            socks: None,
                        }),
                        Err(err) => Box::new(ConnectFailed {
                            shared: sh2,
                            err,
                            cb,
                            ud,
                        }),
                    };
                Engine::get().send(cmd);
            });
            if let Err(e) = r {
                sh.io.lock().state &= !CONNECTING;
                return Err(e);
            }
            Ok(())
        })())
    })
}

/// Sends bytes on a connected TCP or local socket or a server connection (UDP uses
/// `nethttp_sock_send_to`). Never blocks: what the kernel takes now is written from this
/// thread when nothing is queued before it, the rest waits in order in the socket's send
/// queue (see `nethttp_sock_send_queue_size`, option `sendQueueLimit`, the DRAIN event).
/// Any thread. `cb` (may be NULL) gets the result once every byte is in the kernel, or the
/// failure (2301125 when the socket closed first). Returns 0 (taken), 401, 2301107 (not
/// connected), 2301009 (closed), 2301032 (our side shut down), 2301105 (the send queue
/// limit), or 2301000 + errno when the kernel refused at once (2301104 reset by the peer).
/// Sending while connecting queues.
#[no_mangle]
pub extern "C" fn nethttp_sock_send(
    sock: *mut SockShared,
    data: *const u8,
    len: usize,
    cb: nethttp_sock_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let data = arg_bytes(data, len, "data")?;
            if !sh.kind.is_stream() {
                return Err(Error::param(format!(
                    "a {} does not send this way (UDP: nethttp_sock_send_to)",
                    sh.kind.name()
                )));
            }
            sh.send(data, None, cb, UserData(userdata))
        })())
    })
}

/// `TCPSendOptions` with string data: sends `text` (UTF-8) in `encoding` ("UTF-8" when
/// NULL; also "UTF-16BE", "UTF-16LE", "UTF-16" (big-endian with a byte-order mark),
/// "US-ASCII", "ISO-8859-1", any case). A character the encoding cannot carry is a 401,
/// never a silent substitute. Otherwise as `nethttp_sock_send`.
#[no_mangle]
pub extern "C" fn nethttp_sock_send_text(
    sock: *mut SockShared,
    text: *const c_char,
    encoding: *const c_char,
    cb: nethttp_sock_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let text = arg_str(text, "text")?;
            let encoding = arg_opt_str(encoding, "encoding")?;
            if !sh.kind.is_stream() {
                return Err(Error::param(format!(
                    "a {} does not send text (kinds 1, 5, 7, 8, 9, 11 do)",
                    sh.kind.name()
                )));
            }
            let bytes = crate::sock::text::encode(text, encoding)?;
            sh.send(&bytes, None, cb, UserData(userdata))
        })())
    })
}

/// Sends one datagram from a UDP or multicast socket to `address` (an IP literal; resolve
/// names with `nethttp_net_get_addresses_by_name`) and `port`, `family` as in
/// `nethttp_sock_bind`. An unbound socket is first bound to the wildcard address of the
/// destination's family and a free port (LISTENING follows). Queued like
/// `nethttp_sock_send` when the kernel does not take it now. Returns 0, 401, 2301009,
/// 2301105, 2300998 / 2300997 (policy), or 2301000 + errno for a datagram the kernel
/// refuses (2301090 too long, 2301013 broadcast without the `broadcast` option, 2301101
/// network unreachable).
///
/// Datagrams sent from inside a MESSAGE callback of the same socket on the worker (an
/// echo, a reply) are batched: they wait until that read burst's callbacks have returned
/// (at most 32) and go to the kernel together in one `sendmmsg`, as libuv does. Such a
/// send returns 0 once its datagram is in the batch (a payload too long for the family is
/// still 2301090 at once); a refusal by the kernel then arrives through `cb` or, without
/// one, as an ERROR event, like the result of a queued datagram.
#[no_mangle]
pub extern "C" fn nethttp_sock_send_to(
    sock: *mut SockShared,
    data: *const u8,
    len: usize,
    address: *const c_char,
    port: u16,
    family: i32,
    cb: nethttp_sock_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let data = arg_bytes(data, len, "data")?;
            let address = arg_str(address, "address")?;
            send_datagram(&sh, data, address.as_bytes(), port, family, cb, userdata)
        })())
    })
}

/// `nethttp_sock_send_to` with the destination as a `nethttp_net_address` (`address` an IP
/// literal, `family` 0, 1 or 2, `port`), e.g. the `remote` of a MESSAGE event to answer its
/// sender. The socket remembers its last destination parsed and checked against the policy,
/// so sending to the same one again costs neither (the same holds for
/// `nethttp_sock_send_to`). Any thread. Returns and results as `nethttp_sock_send_to`; 401
/// also for a NULL `address` or family 3 (a path).
#[no_mangle]
pub extern "C" fn nethttp_sock_send_to_address(
    sock: *mut SockShared,
    address: *const nethttp_net_address,
    data: *const u8,
    len: usize,
    cb: nethttp_sock_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let data = arg_bytes(data, len, "data")?;
            let a = arg_ref(address, "address")?;
            send_datagram(&sh, data, a.text(), a.port, a.family, cb, userdata)
        })())
    })
}

/// A datagram to the destination given as text: parsed and checked against the policy
/// unless it is the socket's last destination (one lock for the lookup and the send).
fn send_datagram(
    sh: &Arc<SockShared>,
    data: &[u8],
    text: &[u8],
    port: u16,
    family: i32,
    cb: nethttp_sock_result_cb,
    userdata: *mut c_void,
) -> Result<(), Error> {
    if !sh.kind.is_datagram() {
        return Err(Error::param(format!(
            "a {} does not send datagrams (nethttp_sock_send)",
            sh.kind.name()
        )));
    }
    let mut io = sh.io.lock();
    let to = match io.dest.as_deref() {
        Some(d) if d.matches(text, port, family) => d.to,
        _ => {
            drop(io);
            let address =
                std::str::from_utf8(text).map_err(|_| Error::param("address: not UTF-8 text"))?;
            let policy_gen = crate::core::policy::generation();
            let to = addr::parse_ip(address, port, family)?;
            if crate::core::policy::active() {
                crate::core::policy::check("udp", &addr::ip_text(&to))?;
            }
            io = sh.io.lock();
            if text.len() <= addr::ADDRESS_CAP {
                // The box is kept for the socket's next destination.
                let d = io.dest.get_or_insert_with(|| {
                    Box::new(Dest {
                        text: [0; addr::ADDRESS_CAP],
                        len: 0,
                        port,
                        family,
                        to,
                        policy_gen,
                    })
                });
                d.text[..text.len()].copy_from_slice(text);
                d.len = text.len();
                (d.port, d.family, d.to, d.policy_gen) = (port, family, to, policy_gen);
            }
            to
        }
    };
    if io.has(CLOSED) {
        return Err(closed_error("send"));
    }
    if io.sock.is_none() {
        drop(io);
        match bind_impl(sh, Addr::Ip(addr::unspecified_like(&to)), "bind") {
            Ok(()) => {}
            // Another thread bound it meanwhile.
            Err(e) if e.code == EXEC_BASE + libc::EINVAL => {}
            Err(e) => return Err(e),
        }
        io = sh.io.lock();
    }
    sh.send_locked(io, data, Some(to), cb, UserData(userdata))
}

/// Shuts down the sending side of a connected stream (TCP half-close) once the bytes
/// queued before it are written; the socket still receives until the peer closes (then
/// CLOSE). Any thread. 401 (not a stream), 2301107 (not connected), 2301009 (closed); a
/// second call is a no-op.
#[no_mangle]
pub extern "C" fn nethttp_sock_shutdown(sock: *mut SockShared) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            if !sh.kind.is_stream() {
                return Err(Error::param(format!(
                    "a {} has no sending side to shut down",
                    sh.kind.name()
                )));
            }
            let mut io = sh.io.lock();
            if io.has(CLOSED) {
                return Err(closed_error("shutdown"));
            }
            if !io.has(CONNECTED | CONNECTING) {
                return Err(errno_error(libc::ENOTCONN, "shutdown: not connected"));
            }
            if io.has(SHUT_WR) {
                return Ok(());
            }
            io.state |= SHUT_WR;
            if io.sendq.is_empty() && io.has(CONNECTED) {
                io.state |= SHUT_DONE;
                shutdown_write(&mut io).map_err(|e| io_error(&e, "shutdown"))?;
            }
            Ok(())
        })())
    })
}

/// Closes the socket (any kind, any thread): the descriptor is closed on the worker,
/// queued bytes are dropped (their send results get 2301125), a connect in progress ends
/// (its result 2301125), a server stops accepting (its connections stay open), a local
/// server removes its socket file; a TLS socket sends close_notify first (without waiting
/// for the peer's). The CLOSE event follows when the socket had a descriptor, then `cb` (may
/// be NULL) with 0, or 2303506 when the close_notify could not be sent (closed anyway). Closing twice is a no-op (0). To close after the queued
/// bytes are written, use `nethttp_sock_shutdown` and wait for the peer's close.
#[no_mangle]
pub extern "C" fn nethttp_sock_close(
    sock: *mut SockShared,
    cb: nethttp_sock_result_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let ud = UserData(userdata);
            let mut io = sh.io.lock();
            if io.has(CLOSED) {
                drop(io);
                if cb.is_some() {
                    sh.post(SockEvent::Result {
                        cb,
                        userdata: ud,
                        code: 0,
                        message: String::new(),
                    });
                }
                return Ok(());
            }
            let why = errno_error(
                libc::ECANCELED,
                "send: not written before the socket closed",
            );
            let results = worker::take_queue(&sh, &mut io, &why);
            let had = io.sock.is_some() || io.has(CONNECTING);
            io.state = (io.state & BOUND) | CLOSED;
            let registered = io.registered;
            worker::unlink_path(&mut io);
            if !registered {
                io.sock = None;
            }
            drop(io);
            for (rcb, rud, e) in results {
                sh.post(SockEvent::Result {
                    cb: rcb,
                    userdata: rud,
                    code: e.code,
                    message: e.message,
                });
            }
            if registered || had {
                Engine::get().send(Box::new(worker::Close { shared: sh, cb, ud }));
            } else if cb.is_some() {
                sh.post(SockEvent::Result {
                    cb,
                    userdata: ud,
                    code: 0,
                    message: String::new(),
                });
            }
            Ok(())
        })())
    })
}

/// Pauses reading (no MESSAGE events, and for a server no accepts, until
/// `nethttp_sock_resume`); the kernel's buffer then fills and TCP slows the peer down.
/// Any thread; events already delivered or queued are not recalled.
#[no_mangle]
pub extern "C" fn nethttp_sock_pause(sock: *mut SockShared) -> i32 {
    boundary!(UNKNOWN, {
        code(sock_ref(sock).map(|s| s.paused.store(true, Ordering::Release)))
    })
}

/// Resumes reading after `nethttp_sock_pause`. Any thread.
#[no_mangle]
pub extern "C" fn nethttp_sock_resume(sock: *mut SockShared) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            if sh.paused.swap(false, Ordering::AcqRel) {
                worker::start_reading(sh);
            }
            Ok(())
        })())
    })
}

fn sock_ref<'a>(s: *mut SockShared) -> Result<&'a SockShared, Error> {
    sock(s)
}

/// `getState`: bound, closed, connected. 401 for NULL.
#[no_mangle]
pub extern "C" fn nethttp_sock_get_state(
    sock: *mut SockShared,
    out: *mut nethttp_sock_state,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = self::sock(sock)?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let io = s.io.lock();
            let st = nethttp_sock_state {
                is_bound: io.has(BOUND),
                is_close: io.has(CLOSED),
                is_connected: io.has(CONNECTED) && !io.has(CLOSED),
            };
            // SAFETY: caller-provided out-param (checked non-NULL).
            unsafe { out.write(st) };
            Ok(())
        })())
    })
}

/// An address of the socket into `out`: what `f` finds under the handle's lock (None: an
/// unnamed local peer, family 3 with an empty path).
fn addr_out(
    sock: *mut SockShared,
    out: *mut nethttp_net_address,
    f: impl FnOnce(&Io) -> Result<Option<Addr>, Error>,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = self::sock(sock)?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let a = f(&s.io.lock())?.map_or_else(
                || {
                    let mut n = nethttp_net_address::empty();
                    n.family = addr::FAMILY_LOCAL;
                    n
                },
                |a| nethttp_net_address::from_addr(&a),
            );
            // SAFETY: caller-provided out-param (checked non-NULL).
            unsafe { out.write(a) };
            Ok(())
        })())
    })
}

/// `getLocalAddress`: the bound address (the port the system chose for port 0). 401 for
/// NULL, 2303188 when the socket has no descriptor (not bound, connected or listening, or
/// closed).
#[no_mangle]
pub extern "C" fn nethttp_sock_get_local_address(
    sock: *mut SockShared,
    out: *mut nethttp_net_address,
) -> i32 {
    addr_out(sock, out, |io| {
        let Some(sk) = io.sock.as_ref() else {
            return Err(Error::new(
                EXEC_BASE + libc::ENOTSOCK,
                "getLocalAddress: the socket is not bound",
            ));
        };
        let a = sk
            .local_addr()
            .map_err(|e| exec_error(&e, "getLocalAddress"))?;
        Ok(addr::from_sockaddr(&a).or_else(|| io.path.clone().map(Addr::Local)))
    })
}

/// `getRemoteAddress`: the peer of a connected stream (a local connection's peer is
/// usually unnamed: family 3 and an empty path). 401 for NULL, 2301107 when not connected.
#[no_mangle]
pub extern "C" fn nethttp_sock_get_remote_address(
    sock: *mut SockShared,
    out: *mut nethttp_net_address,
) -> i32 {
    addr_out(sock, out, |io| {
        if !io.has(CONNECTED) || io.has(CLOSED) {
            return Err(errno_error(
                libc::ENOTCONN,
                "getRemoteAddress: not connected",
            ));
        }
        Ok(io.remote.clone())
    })
}

/// `getSocketFd`: the descriptor (for options nethttp does not offer; do not close it or
/// read from it), or -1 when there is none (before bind/connect/listen, after close) or
/// for NULL.
#[no_mangle]
pub extern "C" fn nethttp_sock_get_fd(sock: *mut SockShared) -> isize {
    boundary!(-1, {
        match self::sock(sock) {
            Ok(s) => s.io.lock().fd() as isize,
            Err(_) => -1,
        }
    })
}

/// Bytes passed to send and not yet written to the kernel (libuv's write-queue size).
/// 0 for NULL.
#[no_mangle]
pub extern "C" fn nethttp_sock_send_queue_size(sock: *const SockShared) -> u64 {
    boundary!(0, {
        arg_ref(sock, "sock").map_or(0, |s| s.queued.load(Ordering::Relaxed))
    })
}

/// `setExtraOptions` with the spec's JSON for the socket's kind: `receiveBufferSize`,
/// `sendBufferSize`, `reuseAddress` (not local), `socketTimeout` (ms); TCP kinds also
/// `keepAlive`, `OOBInline`, `TCPNoDelay`, `socketLinger` `{"on":bool,"linger":s}`,
/// `tcpFastOpen`; UDP kinds `broadcast`; nethttp's `readSize` and `sendQueueLimit`. All
/// or nothing: 401 names an unknown key, a key that does not apply to the kind, a wrong
/// type or range. Kept and applied at once to a live socket (else when it is made); a
/// server's options also apply to the connections it accepts. A system refusal is
/// 2301000 + errno. See `nethttp_sock_option` for what each means.
#[no_mangle]
pub extern "C" fn nethttp_sock_set_extra_options(
    sock: *mut SockShared,
    json: *const c_char,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = self::sock(sock)?;
            let json = arg_str(json, "json")?;
            let mut io = s.io.lock();
            let (opts, named) = io.opts.with_json(s.kind, json)?;
            if let Some(sk) = io.sock.as_ref() {
                for o in &named {
                    opts.apply(sk, s.kind, *o)?;
                }
            }
            io.opts = opts;
            Ok(())
        })())
    })
}

/// Sets one option (a `nethttp_sock_option`): booleans 0 or 1, sizes in bytes, times in
/// ms, linger -1 (off) or seconds. Same rules and codes as `nethttp_sock_set_extra_options`.
#[no_mangle]
pub extern "C" fn nethttp_sock_set_option(sock: *mut SockShared, option: i32, value: i64) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let s = self::sock(sock)?;
            let opt = nethttp_sock_option::from_i32(option)
                .ok_or_else(|| Error::param(format!("option: {option} is unknown")))?;
            let mut io = s.io.lock();
            let mut opts = io.opts.clone();
            opts.set(s.kind, opt, value)?;
            if let Some(sk) = io.sock.as_ref() {
                opts.apply(sk, s.kind, opt)?;
            }
            io.opts = opts;
            Ok(())
        })())
    })
}

/// Reads one option: the value the socket has (from the system for a live socket:
/// buffer sizes as the kernel reports them, often doubled), else the kept one (-1 for a
/// system option never set).
#[no_mangle]
pub extern "C" fn nethttp_sock_get_option(
    sock: *mut SockShared,
    option: i32,
    out: *mut i64,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            use nethttp_sock_option::*;
            let s = self::sock(sock)?;
            let opt = nethttp_sock_option::from_i32(option)
                .ok_or_else(|| Error::param(format!("option: {option} is unknown")))?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let io = s.io.lock();
            let kept = io.opts.get(opt);
            let live = io.sock.as_ref().and_then(|sk| {
                let b = |r: std::io::Result<bool>| r.ok().map(i64::from);
                match opt {
                    NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE => {
                        sk.recv_buffer_size().ok().map(|n| n as i64)
                    }
                    NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE => {
                        sk.send_buffer_size().ok().map(|n| n as i64)
                    }
                    NETHTTP_SOCK_OPT_REUSE_ADDRESS if !s.kind.is_local() => b(sk.reuse_address()),
                    NETHTTP_SOCK_OPT_KEEP_ALIVE if s.kind.is_tcp() => b(sk.keepalive()),
                    NETHTTP_SOCK_OPT_OOB_INLINE if s.kind.is_tcp() => b(sk.out_of_band_inline()),
                    NETHTTP_SOCK_OPT_TCP_NO_DELAY if s.kind.is_tcp() => b(sk.tcp_nodelay()),
                    NETHTTP_SOCK_OPT_SOCKET_LINGER if s.kind.is_tcp() => sk
                        .linger()
                        .ok()
                        .map(|l| l.map_or(-1, |d| d.as_secs() as i64)),
                    NETHTTP_SOCK_OPT_BROADCAST if s.kind.is_datagram() => b(sk.broadcast()),
                    _ => None,
                }
            });
            // SAFETY: caller-provided out-param (checked non-NULL).
            unsafe { *out = live.unwrap_or(kept) };
            Ok(())
        })())
    })
}

fn multicast(sock: *mut SockShared) -> Result<Arc<SockShared>, Error> {
    let sh = shared(sock)?;
    if sh.kind != Kind::Multicast {
        return Err(Error::param(format!(
            "a {} has no multicast settings (kind 3 does)",
            sh.kind.name()
        )));
    }
    Ok(sh)
}

fn group_of(group: *const c_char, port: u16) -> Result<SocketAddr, Error> {
    let g = arg_str(group, "group")?;
    let sa = addr::parse_ip(g, port, 0)?;
    if !sa.ip().is_multicast() {
        return Err(Error::param(format!(
            "group: {g} is not a multicast address"
        )));
    }
    Ok(sa)
}

/// An interface by IPv4 address (IPv4 groups), name or index; None for the system's choice.
enum Iface {
    Any,
    V4(std::net::Ipv4Addr),
    Index(u32),
}

fn iface_of(interface: *const c_char) -> Result<Iface, Error> {
    let Some(i) = arg_opt_str(interface, "interface")? else {
        return Ok(Iface::Any);
    };
    if let Ok(v4) = i.parse::<std::net::Ipv4Addr>() {
        return Ok(Iface::V4(v4));
    }
    if let Ok(n) = i.parse::<u32>() {
        return Ok(Iface::Index(n));
    }
    let c = std::ffi::CString::new(i).map_err(|_| Error::param("interface: NUL inside"))?;
    // SAFETY: a NUL-terminated name.
    let n = unsafe { libc::if_nametoindex(c.as_ptr()) };
    if n == 0 {
        return Err(Error::param(format!("interface: no interface named {i:?}")));
    }
    Ok(Iface::Index(n))
}

fn membership(
    sock: *mut SockShared,
    group: *const c_char,
    port: u16,
    interface: *const c_char,
    join: bool,
) -> Result<(), Error> {
    let sh = multicast(sock)?;
    let g = group_of(group, port)?;
    let iface = iface_of(interface)?;
    // Every argument is checked before the join binds the socket: a refused call leaves
    // it as it was.
    if matches!((g.ip(), &iface), (IpAddr::V6(_), Iface::V4(_))) {
        return Err(Error::param(
            "interface: an IPv6 group takes an interface name or index",
        ));
    }
    if join && sh.io.lock().sock.is_none() {
        // The spec's addMembership binds to the group's port: receivers on one host share
        // it (SO_REUSEADDR).
        {
            let mut io = sh.io.lock();
            if io.opts.reuse_address.is_none() {
                io.opts.reuse_address = Some(true);
            }
        }
        match bind_impl(
            &sh,
            Addr::Ip(SocketAddr::new(addr::unspecified_like(&g).ip(), port)),
            "bind",
        ) {
            Ok(()) => {}
            Err(e) if e.code == EXEC_BASE + libc::EINVAL => {}
            Err(e) => return Err(e),
        }
    }
    let io = sh.io.lock();
    if io.has(CLOSED) {
        return Err(closed_error("membership"));
    }
    let Some(sk) = io.sock.as_ref() else {
        // Never joined (a join binds): the group is not a membership of this socket.
        return Err(errno_error(
            libc::EADDRNOTAVAIL,
            "dropMembership: the socket has joined no group",
        ));
    };
    let what = if join {
        "addMembership"
    } else {
        "dropMembership"
    };
    let r = match (g.ip(), iface) {
        (IpAddr::V4(ip), Iface::Any) => {
            let any = std::net::Ipv4Addr::UNSPECIFIED;
            if join {
                sk.join_multicast_v4(&ip, &any)
            } else {
                sk.leave_multicast_v4(&ip, &any)
            }
        }
        (IpAddr::V4(ip), Iface::V4(i)) => {
            if join {
                sk.join_multicast_v4(&ip, &i)
            } else {
                sk.leave_multicast_v4(&ip, &i)
            }
        }
        (IpAddr::V4(ip), Iface::Index(n)) => {
            let i = socket2::InterfaceIndexOrAddress::Index(n);
            if join {
                sk.join_multicast_v4_n(&ip, &i)
            } else {
                sk.leave_multicast_v4_n(&ip, &i)
            }
        }
        (IpAddr::V6(ip), i) => {
            let n = match i {
                Iface::Index(n) => n,
                _ => 0,
            };
            if join {
                sk.join_multicast_v6(&ip, n)
            } else {
                sk.leave_multicast_v6(&ip, n)
            }
        }
    };
    r.map_err(|e| io_error(&e, what))
}

/// `addMembership`: joins multicast `group` (an IPv4 or IPv6 multicast literal) on
/// `interface` (NULL: the system's choice; an IPv4 address of the interface, an interface
/// name such as "eth0", or an index). An unbound socket is first bound to the wildcard
/// address and `port` with SO_REUSEADDR, as the spec's addMembership does, so several
/// receivers on a host share the group (LISTENING follows). 401 (not a multicast socket,
/// not a multicast address, unknown interface), 2301000 + errno (2301098 address in use,
/// 2301019 no multicast-capable interface).
#[no_mangle]
pub extern "C" fn nethttp_sock_add_membership(
    sock: *mut SockShared,
    group: *const c_char,
    port: u16,
    interface: *const c_char,
) -> i32 {
    boundary!(UNKNOWN, {
        code(membership(sock, group, port, interface, true))
    })
}

/// `dropMembership`: leaves `group` on `interface` (as given to add); from then on this
/// socket gets none of the group's datagrams, whatever other sockets of the host joined (a
/// multicast socket gets only the groups it joined itself). 2301099 when not a member.
#[no_mangle]
pub extern "C" fn nethttp_sock_drop_membership(
    sock: *mut SockShared,
    group: *const c_char,
    interface: *const c_char,
) -> i32 {
    boundary!(UNKNOWN, {
        code(membership(sock, group, 0, interface, false))
    })
}

fn mcast_family_v4(io: &Io) -> Option<bool> {
    io.sock
        .as_ref()
        .and_then(|s| s.local_addr().ok())
        .and_then(|a| a.as_socket())
        .map(|a| a.is_ipv4())
}

#[derive(Clone, Copy)]
enum Mcast {
    Ttl,
    Loop,
}

/// Sets a multicast setting on a socket of the family `v4` says.
fn mcast_apply(sk: &Socket, v4: bool, which: Mcast, v: u32) -> std::io::Result<()> {
    match (which, v4) {
        (Mcast::Ttl, true) => sk.set_multicast_ttl_v4(v),
        (Mcast::Ttl, false) => sk.set_multicast_hops_v6(v),
        (Mcast::Loop, true) => sk.set_multicast_loop_v4(v == 1),
        (Mcast::Loop, false) => sk.set_multicast_loop_v6(v == 1),
    }
}

fn mcast_read(sk: &Socket, v4: bool, which: Mcast) -> std::io::Result<u32> {
    match (which, v4) {
        (Mcast::Ttl, true) => sk.multicast_ttl_v4(),
        (Mcast::Ttl, false) => sk.multicast_hops_v6(),
        (Mcast::Loop, true) => sk.multicast_loop_v4().map(u32::from),
        (Mcast::Loop, false) => sk.multicast_loop_v6().map(u32::from),
    }
}

/// Sets (on a live socket at once) and keeps a multicast setting; `max` bounds the value.
fn mcast_set(sock: *mut SockShared, which: Mcast, v: i32, max: i32, name: &str) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = multicast(sock)?;
            if !(0..=max).contains(&v) {
                return Err(Error::param(format!("{name}: {v} is not 0..{max}")));
            }
            let mut io = sh.io.lock();
            if let (Some(sk), Some(v4)) = (io.sock.as_ref(), mcast_family_v4(&io)) {
                mcast_apply(sk, v4, which, v as u32).map_err(|e| io_error(&e, name))?;
            }
            match which {
                Mcast::Ttl => io.mcast_ttl = Some(v as u32),
                Mcast::Loop => io.mcast_loop = Some(v == 1),
            }
            Ok(())
        })())
    })
}

/// The live value of a multicast setting, else the kept one, else the system's default.
fn mcast_get(sock: *mut SockShared, which: Mcast, out: *mut i32) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = multicast(sock)?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let io = sh.io.lock();
            let live = match (io.sock.as_ref(), mcast_family_v4(&io)) {
                (Some(sk), Some(v4)) => mcast_read(sk, v4, which).ok(),
                _ => None,
            };
            let kept = match which {
                Mcast::Ttl => io.mcast_ttl,
                Mcast::Loop => io.mcast_loop.map(u32::from),
            };
            // SAFETY: caller-provided out-param (checked non-NULL).
            unsafe { *out = live.or(kept).unwrap_or(1) as i32 };
            Ok(())
        })())
    })
}

/// `setMulticastTTL`: the hop limit of sent multicast datagrams, 0..255 (the system's
/// default is 1: the local network). Kept until the socket exists.
#[no_mangle]
pub extern "C" fn nethttp_sock_set_multicast_ttl(sock: *mut SockShared, ttl: i32) -> i32 {
    mcast_set(sock, Mcast::Ttl, ttl, 255, "ttl")
}

/// `getMulticastTTL`.
#[no_mangle]
pub extern "C" fn nethttp_sock_get_multicast_ttl(sock: *mut SockShared, out: *mut i32) -> i32 {
    mcast_get(sock, Mcast::Ttl, out)
}

/// `setLoopbackMode`: whether this host's own receivers get the datagrams it sends to a
/// group (0 or 1; the system's default is 1). Kept until the socket exists.
#[no_mangle]
pub extern "C" fn nethttp_sock_set_loopback_mode(sock: *mut SockShared, on: i32) -> i32 {
    mcast_set(sock, Mcast::Loop, on, 1, "on")
}

/// `getLoopbackMode`.
#[no_mangle]
pub extern "C" fn nethttp_sock_get_loopback_mode(sock: *mut SockShared, out: *mut i32) -> i32 {
    mcast_get(sock, Mcast::Loop, out)
}

fn tls_kind(sock: *mut SockShared) -> Result<Arc<SockShared>, Error> {
    let sh = shared(sock)?;
    if !sh.kind.is_tls() {
        return Err(Error::param(format!(
            "a {} has no TLS (kinds 9, 10 and 11 do)",
            sh.kind.name()
        )));
    }
    Ok(sh)
}

/// The TLS options of a TLS socket or server (`TLSConnectOptions` without `address` and
/// `timeout`, which `nethttp_sock_connect` takes), as JSON:
/// `{"secureOptions":{"ca":PEM or [PEM...],"cert":PEM,"key":PEM,"password":"...",
/// "protocols":["TLSv1.2","TLSv1.3"],"useRemoteCipherPrefer":bool,
/// "signatureAlgorithms":"RSA+SHA256:ECDSA+SHA256","cipherSuite":"TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256",
/// "isBidirectionalAuthentication":bool},"ALPNProtocols":["h2","http/1.1"],
/// "skipRemoteValidation":bool}` plus nethttp's: `secureOptions.caPath`, `certPath`,
/// `keyPath` (files, or a CA directory, instead of PEM text), `serverName` (the name sent
/// in SNI and verified, instead of the connect address), `certificatePinning` (HTTP's
/// `{"publicKeyHash":"base64 SHA-256 of the public key","hashAlgorithm":"SHA-256"}` or an
/// array of them: the peer's key must match one), `handshakeTimeout` (ms; a server's bound on
/// each handshake, default 30000). The CAs default to the system's (the store libcurl's
/// OpenSSL uses); with `ca` or `caPath` only those are trusted. `protocols` default to TLS 1.2
/// and 1.3. A server needs `cert` and `key`; `isBidirectionalAuthentication` makes it require
/// and verify a client certificate (against `ca`/`caPath`). `useRemoteCipherPrefer`: on a
/// server, true lets the client's order choose (default: the server's); on a client, false
/// is refused (in TLS the server chooses). The JSON is checked now (401 names the key);
/// certificates, keys and ciphers when the socket connects or listens. Before connect or
/// listen.
#[no_mangle]
pub extern "C" fn nethttp_sock_set_tls_options(sock: *mut SockShared, json: *const c_char) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = tls_kind(sock)?;
            let json = arg_str(json, "json")?;
            if sh.kind == Kind::TlsConnection {
                return Err(Error::param(
                    "a server connection uses its server's TLS options",
                ));
            }
            let t = crate::sock::tls::TlsOptions::from_json(json)?;
            let mut io = sh.io.lock();
            if io.has(CONNECTING | CONNECTED | LISTENING | CLOSED) {
                return Err(Error::param(
                    "nethttp_sock_set_tls_options: before connect or listen",
                ));
            }
            io.tls_opts = Some(Arc::new(t));
            Ok(())
        })())
    })
}

/// `constructTLSSocketInstance(tcp)`: a TLS socket (kind 9) that takes over the connection of
/// a connected TCP socket, for protocols that start in plain text (STARTTLS). Set its options
/// with `nethttp_sock_set_tls_options`, then `nethttp_sock_connect(tls, name, 0, 0,
/// timeout_ms, cb, ud)` runs the handshake on that connection (`name` verified as usual).
/// From this call on the TCP socket is closed for its own handle (sends fail with 2301009, no
/// more events; the connection is not shut down) and the TLS socket owns the connection;
/// destroy the TCP handle whenever convenient, before or after the handshake. NULL (with the detail) when `tcp`
/// is not a connected TCP client or server connection, or has bytes still queued.
#[no_mangle]
pub extern "C" fn nethttp_sock_tls_upgrade(tcp: *mut SockShared) -> *mut SockShared {
    boundary!(std::ptr::null_mut(), {
        let r = (|| -> Result<*mut SockShared, Error> {
            let t = shared(tcp)?;
            if !matches!(t.kind, Kind::Tcp | Kind::TcpConnection) {
                return Err(Error::param(format!(
                    "a {} cannot be upgraded (a TCP client or server connection can)",
                    t.kind.name()
                )));
            }
            let mut io = t.io.lock();
            if !io.has(CONNECTED) || io.has(CLOSED) || !io.registered {
                return Err(errno_error(libc::ENOTCONN, "upgrade: not connected"));
            }
            if !io.sendq.is_empty() {
                return Err(Error::param(
                    "upgrade: bytes are still queued on the TCP socket (wait for DRAIN)",
                ));
            }
            // The TCP handle sends and reads no more; the worker hands its socket over (it is
            // never shut down or closed for this handle again).
            io.state |= CLOSED | HANDED;
            drop(io);
            t.paused.store(true, Ordering::Release);
            let tls = Arc::new(SockShared::new(Kind::Tls, Default::default()));
            tls.set_queue(t.queue());
            tls.io.lock().adopt = Some(t);
            Ok(Arc::into_raw(tls) as *mut SockShared)
        })();
        match r {
            Ok(p) => p,
            Err(e) => {
                crate::core::error::set_last_detail(&e.message);
                std::ptr::null_mut()
            }
        }
    })
}

fn established<T>(
    sock: *mut SockShared,
    f: impl FnOnce(&openssl::ssl::SslRef) -> Result<T, Error>,
) -> Result<T, Error> {
    let sh = tls_kind(sock)?;
    let io = sh.io.lock();
    match io.tls.as_ref() {
        Some(t) if t.established => f(t.stream.ssl()),
        _ => Err(Error::new(
            crate::sock::tls::ERR_SSL_NULL,
            "the TLS handshake has not completed",
        )),
    }
}

fn der_out(der: Option<Vec<u8>>, buf: *mut u8, cap: usize, len: *mut usize) -> Result<(), Error> {
    if len.is_null() {
        return Err(Error::param("len: NULL"));
    }
    let der = der.ok_or_else(|| Error::new(crate::sock::tls::ERR_SSL_NULL, "no certificate"))?;
    // SAFETY: caller-provided out-param (checked non-NULL).
    unsafe { *len = der.len() };
    if buf.is_null() {
        return Ok(());
    }
    if cap < der.len() {
        return Err(Error::param(format!(
            "buf: {cap} bytes; the certificate needs {}",
            der.len()
        )));
    }
    // SAFETY: the caller's buffer has `cap` >= der.len() bytes.
    unsafe { std::ptr::copy_nonoverlapping(der.as_ptr(), buf, der.len()) };
    Ok(())
}

fn string_out(s: String, out: *mut *mut c_char) -> Result<(), Error> {
    if out.is_null() {
        return Err(Error::param("out: NULL"));
    }
    let c = std::ffi::CString::new(s).map_err(|_| Error::param("NUL in the text"))?;
    // SAFETY: caller-provided out-param (checked non-NULL).
    unsafe { *out = c.into_raw() };
    Ok(())
}

/// Our certificate (`peer` false) or the peer's, DER, into the caller's buffer.
fn cert_out(sock: *mut SockShared, peer: bool, buf: *mut u8, cap: usize, len: *mut usize) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let der = established(sock, |ssl| {
                Ok(if peer {
                    ssl.peer_certificate().and_then(|c| c.to_der().ok())
                } else {
                    ssl.certificate().and_then(|c| c.to_der().ok())
                })
            })?;
            der_out(der, buf, cap, len)
        })())
    })
}

/// `getCertificate`: our own certificate (DER). `*len` gets its size; it is copied into
/// `buf` when `buf` is not NULL and `cap` is large enough (401 otherwise, `*len` still set;
/// `buf` NULL asks for the size only). 2303501 before the handshake completed or without a
/// certificate of ours.
#[no_mangle]
pub extern "C" fn nethttp_sock_tls_get_certificate(
    sock: *mut SockShared,
    buf: *mut u8,
    cap: usize,
    len: *mut usize,
) -> i32 {
    cert_out(sock, false, buf, cap, len)
}

/// `getRemoteCertificate`: the peer's certificate (DER), as `nethttp_sock_tls_get_certificate`
/// gives ours (2303501 when the peer sent none, e.g. a client to a server without
/// `isBidirectionalAuthentication`).
#[no_mangle]
pub extern "C" fn nethttp_sock_tls_get_remote_certificate(
    sock: *mut SockShared,
    buf: *mut u8,
    cap: usize,
    len: *mut usize,
) -> i32 {
    cert_out(sock, true, buf, cap, len)
}

/// A text about the established connection, as a string the caller frees.
fn tls_text(
    sock: *mut SockShared,
    out: *mut *mut c_char,
    f: impl FnOnce(&openssl::ssl::SslRef) -> Result<String, Error>,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let v = established(sock, f)?;
            string_out(v, out)
        })())
    })
}

/// `getProtocol`: "TLSv1.2" or "TLSv1.3". Free `*out` with `http_string_free`. 2303501 before
/// the handshake completed.
#[no_mangle]
pub extern "C" fn nethttp_sock_tls_get_protocol(
    sock: *mut SockShared,
    out: *mut *mut c_char,
) -> i32 {
    tls_text(sock, out, |ssl| Ok(ssl.version_str().to_string()))
}

/// `getCipherSuite`: the negotiated suite's standard (IANA) name, e.g.
/// "TLS_AES_256_GCM_SHA384" (the spec's array has this one element). Free with
/// `http_string_free`.
#[no_mangle]
pub extern "C" fn nethttp_sock_tls_get_cipher_suite(
    sock: *mut SockShared,
    out: *mut *mut c_char,
) -> i32 {
    tls_text(sock, out, |ssl| {
        let c = ssl
            .current_cipher()
            .ok_or_else(|| Error::new(crate::sock::tls::ERR_SSL_NULL, "no cipher"))?;
        Ok(c.standard_name().unwrap_or(c.name()).to_string())
    })
}

/// `getSignatureAlgorithms`: the signature algorithms both sides support, ':'-separated in
/// OpenSSL's names ("rsa_pss_rsae_sha256:ECDSA+SHA256:..."). Free with `http_string_free`.
#[no_mangle]
pub extern "C" fn nethttp_sock_tls_get_signature_algorithms(
    sock: *mut SockShared,
    out: *mut *mut c_char,
) -> i32 {
    tls_text(sock, out, |ssl| {
        Ok(crate::sock::tls::shared_sigalgs(ssl).join(":"))
    })
}

/// The ALPN protocol the handshake selected ("" for none). Free with `http_string_free`.
#[no_mangle]
pub extern "C" fn nethttp_sock_tls_get_alpn(sock: *mut SockShared, out: *mut *mut c_char) -> i32 {
    tls_text(sock, out, |ssl| {
        Ok(ssl
            .selected_alpn_protocol()
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .unwrap_or_default())
    })
}

/// `ProxyOptions` for a TCP or TLS socket's connect (the SOCKS5 CONNECT) or a UDP socket's
/// datagrams (a SOCKS5 UDP association through the proxy's relay), as the spec's JSON:
/// `{"type":1,"address":{"address":"127.0.0.1","port":1080,"family":1},"username":"u",
/// "password":"p"}` (type 0 removes the proxy). The proxy's address is an IP literal. A
/// connect to a host name sends the name to the proxy, which resolves it. Username and
/// password (RFC 1929) are offered only when given. Before connect, bind or the first send
/// (401 after). Failures, through the connect's result and ERROR (UDP: ERROR and the send
/// results): 2301206 the proxy cannot be reached, 2301207 it refused the username or
/// password, 2301208 it could not reach the target (its reason in the detail), 2301209 no
/// authentication method in common, 2301210 / 2301211 sending to / receiving from it failed
/// (or it closed, or the association's control connection ended), 2301212 a request that
/// cannot be encoded (a name over 255 bytes), 2301213 an answer that is not SOCKS5.
#[no_mangle]
pub extern "C" fn nethttp_sock_set_proxy(sock: *mut SockShared, json: *const c_char) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = shared(sock)?;
            let json = arg_str(json, "json")?;
            if !matches!(sh.kind, Kind::Tcp | Kind::Tls | Kind::Udp) {
                return Err(Error::param(format!(
                    "a {} takes no proxy (TCP, TLS and UDP sockets do)",
                    sh.kind.name()
                )));
            }
            let p = crate::sock::socks::Proxy::from_json(json)?;
            let mut io = sh.io.lock();
            if io.state != 0 || io.sock.is_some() {
                return Err(Error::param(
                    "nethttp_sock_set_proxy: before connect, bind or the first send",
                ));
            }
            io.proxy = p;
            Ok(())
        })())
    })
}
