//! `getAddressesByName`: the system resolver (getaddrinfo: `/etc/hosts`, search domains, the
//! system's address order), blocking on the caller's thread or asynchronous on a small pool
//! of lookup threads (getaddrinfo blocks; the engine's worker never waits for it). An
//! asynchronous lookup's handle follows the library's rules: destroy from any thread, no
//! callback after it returns, delivery on the pool thread or through a queue.

#![allow(non_camel_case_types)]

use super::*;
use crate::core::delivery::{Payload, Queue, Target};
use crate::core::error::Error;
use crate::core::handle::{Lifecycle, UserData};
use crossbeam_channel::Sender;
use hickory_resolver::Resolver;
use once_cell::sync::OnceCell;
use parking_lot::Mutex;
use std::ffi::{c_void, CStr, CString};
use std::net::IpAddr;
use std::os::raw::c_char;
use std::sync::Arc;

/// `family` of `getAddressesByNameWithOptions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    All = 0,
    V4 = 1,
    V6 = 2,
}

impl Family {
    pub fn from_i32(v: i32) -> Result<Family, Error> {
        match v {
            0 => Ok(Family::All),
            1 => Ok(Family::V4),
            2 => Ok(Family::V6),
            _ => Err(Error::param(format!(
                "family: {v} is not 0 (ALL), 1 (IPV4) or 2 (IPV6)"
            ))),
        }
    }
}

/// The host as the resolver gets it: checked, and in its ASCII form (an internationalized
/// name is converted with IDNA).
/// The ASCII form of a host name as the resolver gets it (IDNA applied).
pub fn ascii_name(host: &str) -> Result<String, Error> {
    Ok(resolver_name(host)?.into_string().unwrap_or_default())
}

/// A custom DNS rule's answer for the name, filtered by family (None: no rule).
fn rule_answer(name: &CStr, host: &str, family: Family) -> Option<Result<Vec<IpAddr>, Error>> {
    let ips = super::app::rule_for(name.to_str().ok()?)?;
    let ips: Vec<IpAddr> = ips
        .into_iter()
        .filter(|ip| match family {
            Family::All => true,
            Family::V4 => ip.is_ipv4(),
            Family::V6 => ip.is_ipv6(),
        })
        .collect();
    Some(if ips.is_empty() {
        Err(Error::new(
            ERR_NOT_FOUND,
            format!("{host}: the custom DNS rule has no address of the family asked for"),
        ))
    } else {
        Ok(ips)
    })
}

fn resolver_name(host: &str) -> Result<CString, Error> {
    if host.is_empty() {
        return Err(Error::param("host: empty"));
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if !bare.is_ascii() {
        if host.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(Error::param("host: control characters or spaces"));
        }
        let ascii = dns_ascii(bare)?;
        return checked_c_name(ascii.as_bytes());
    }
    checked_c_name(bare.as_bytes())
}

/// An ASCII name checked (no control characters, spaces or NUL; at most 253 characters) and
/// copied into a C string in one pass.
fn checked_c_name(name: &[u8]) -> Result<CString, Error> {
    if name.len() > 253 {
        return Err(Error::param("host: longer than 253 characters"));
    }
    if name.iter().any(|&b| b <= b' ' || b == 0x7f) {
        return Err(Error::param("host: control characters or spaces"));
    }
    let mut v = Vec::with_capacity(name.len() + 1);
    v.extend_from_slice(name);
    // SAFETY: every byte was checked above (none is NUL).
    Ok(unsafe { CString::from_vec_unchecked(v) })
}

/// The addresses of `host`, in the order the system gives them, without duplicates.
pub fn resolve(host: &str, family: Family) -> Result<Vec<IpAddr>, Error> {
    resolve_c(&resolver_name(host)?, host, family)
}

/// [`resolve`] of a name [`resolver_name`] made.
fn resolve_c(name: &CStr, host: &str, family: Family) -> Result<Vec<IpAddr>, Error> {
    if let Some(r) = rule_answer(name, host, family) {
        return r;
    }
    // SAFETY: a zeroed addrinfo is a valid "no hints" value; fields set below.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_family = match family {
        Family::All => libc::AF_UNSPEC,
        Family::V4 => libc::AF_INET,
        Family::V6 => libc::AF_INET6,
    };
    // One entry per address (not one per socket type).
    hints.ai_socktype = libc::SOCK_STREAM;
    let mut res: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: valid NUL-terminated name, hints and out-pointer; the result is freed below.
    let rc = unsafe { libc::getaddrinfo(name.as_ptr(), std::ptr::null(), &hints, &mut res) };
    if rc != 0 {
        return Err(gai_error(rc, host));
    }
    let mut out: Vec<IpAddr> = Vec::with_capacity(4);
    let mut p = res;
    while !p.is_null() {
        // SAFETY: a node of the list getaddrinfo returned.
        let ai = unsafe { &*p };
        let ip = match ai.ai_family {
            libc::AF_INET if !ai.ai_addr.is_null() => {
                // SAFETY: an AF_INET entry's address is a sockaddr_in.
                let sa = unsafe { &*(ai.ai_addr as *const libc::sockaddr_in) };
                Some(IpAddr::from(u32::from_be(sa.sin_addr.s_addr).to_be_bytes()))
            }
            libc::AF_INET6 if !ai.ai_addr.is_null() => {
                // SAFETY: an AF_INET6 entry's address is a sockaddr_in6.
                let sa = unsafe { &*(ai.ai_addr as *const libc::sockaddr_in6) };
                Some(IpAddr::from(sa.sin6_addr.s6_addr))
            }
            _ => None,
        };
        if let Some(ip) = ip {
            if !out.contains(&ip) {
                out.push(ip);
            }
        }
        p = ai.ai_next;
    }
    // SAFETY: the list from getaddrinfo, freed once.
    unsafe { libc::freeaddrinfo(res) };
    if out.is_empty() {
        return Err(Error::new(
            ERR_NOT_FOUND,
            format!("{host}: no address of the family asked for"),
        ));
    }
    Ok(out)
}

/// `NetHandle.getAddressesByName`: the addresses of `host` as network `net_id` resolves it:
/// the hosts file first, then the network's own DNS servers (its `dnses`), queried through
/// its interface ([`DeviceRuntime`]) from its own address, with its search domains. 2100002 when the network has no DNS server, or none answered.
pub fn resolve_on(net_id: i32, host: &str, family: Family) -> Result<Vec<IpAddr>, Error> {
    use hickory_resolver::config::{
        LookupIpStrategy, NameServerConfig, ResolveHosts, ResolverConfig,
    };
    use hickory_resolver::net::runtime::TokioRuntimeProvider;
    use std::net::SocketAddr;
    let cname = resolver_name(host)?;
    if let Some(r) = rule_answer(&cname, host, family) {
        return r;
    }
    let name = cname.into_string().unwrap_or_default();
    if let Some((ip, _)) = crate::sock::addr::ip_literal(host) {
        return match (family, ip.is_ipv4()) {
            (Family::V4, false) | (Family::V6, true) => Err(Error::new(
                ERR_NOT_FOUND,
                format!("{host}: no address of the family asked for"),
            )),
            _ => Ok(vec![ip]),
        };
    }
    let state = super::netinfo::read()?;
    let net = state.net(net_id)?;
    let device: Arc<str> = Arc::from(net.props.interface.as_str());
    let source = |v4: bool| {
        net.props.addrs.iter().map(|(a, _)| *a).find(|a| {
            a.is_ipv4() == v4
                && !(matches!(a, IpAddr::V6(v6) if (v6.segments()[0] & 0xffc0) == 0xfe80))
        })
    };
    let servers: Vec<NameServerConfig> = net
        .props
        .dns
        .iter()
        .filter_map(|ip| {
            let from = if ip.is_loopback() {
                None
            } else {
                Some(source(ip.is_ipv4())?)
            };
            let mut c = NameServerConfig::udp_and_tcp(*ip);
            for conn in &mut c.connections {
                conn.bind_addr = from.map(|a| SocketAddr::new(a, 0));
            }
            Some(c)
        })
        .collect();
    let domains = net.props.domains.clone();
    let iface = net.props.interface.clone();
    let (tx, rx) = crossbeam_channel::bounded(1);
    let host_owned = host.to_string();
    let spawned = crate::http::resolver::spawn(async move {
        let config = ResolverConfig::from_parts(
            None,
            domains
                .iter()
                .filter_map(|d| hickory_resolver::proto::rr::Name::from_ascii(d).ok())
                .collect(),
            servers,
        );
        let provider = DeviceRuntime {
            inner: TokioRuntimeProvider::default(),
            device,
        };
        let mut b = Resolver::builder_with_config(config, provider);
        let o = b.options_mut();
        o.timeout = std::time::Duration::from_secs(2);
        o.attempts = 2;
        o.use_hosts_file = ResolveHosts::Always;
        o.ndots = 1;
        o.ip_strategy = match family {
            Family::All => LookupIpStrategy::Ipv4AndIpv6,
            Family::V4 => LookupIpStrategy::Ipv4Only,
            Family::V6 => LookupIpStrategy::Ipv6Only,
        };
        let r = match b.build() {
            Err(e) => Err(Error::new(ERR_INTERNAL, format!("{host_owned}: {e}"))),
            Ok(res) => match res.lookup_ip(name.as_str()).await {
                Ok(found) => {
                    let mut out: Vec<IpAddr> = Vec::new();
                    for ip in found.iter() {
                        if !out.contains(&ip) {
                            out.push(ip);
                        }
                    }
                    Ok(out)
                }
                Err(e) if e.is_no_records_found() || e.is_nx_domain() => Err(Error::new(
                    ERR_NOT_FOUND,
                    format!("{host_owned}: not found through network {net_id} ({iface})"),
                )),
                Err(e) => Err(Error::new(
                    ERR_SERVICE,
                    format!("{host_owned}: the DNS servers of network {net_id} ({iface}) did not answer: {e}"),
                )),
            },
        };
        let _ = tx.send(r);
    });
    if !spawned {
        return Err(Error::new(
            ERR_INTERNAL,
            "the resolver thread is not running",
        ));
    }
    match rx.recv() {
        Ok(Ok(v)) if v.is_empty() => Err(Error::new(
            ERR_NOT_FOUND,
            format!("{host}: no address of the family asked for"),
        )),
        Ok(r) => r,
        Err(_) => Err(Error::new(ERR_INTERNAL, "the lookup was dropped")),
    }
}

/// hickory's tokio runtime with its DNS sockets bound to one interface (SO_BINDTODEVICE), so
/// a lookup through a network leaves through that network's interface whatever the routing
/// table prefers. Where the system refuses the binding (EPERM: before Linux 5.7 it needs
/// CAP_NET_RAW) the socket keeps only the network's source address.
#[derive(Clone)]
struct DeviceRuntime {
    inner: hickory_resolver::net::runtime::TokioRuntimeProvider,
    device: Arc<str>,
}

fn device_socket(
    device: &str,
    addr: &std::net::SocketAddr,
    ty: socket2::Type,
    bind: Option<std::net::SocketAddr>,
) -> std::io::Result<socket2::Socket> {
    let s = socket2::Socket::new(socket2::Domain::for_address(*addr), ty, None)?;
    match s.bind_device(Some(device.as_bytes())) {
        Err(e) if e.raw_os_error() == Some(libc::EPERM) => {}
        other => other?,
    }
    if let Some(b) = bind {
        s.bind(&b.into())?;
    }
    s.set_nonblocking(true)?;
    Ok(s)
}

impl hickory_resolver::net::runtime::RuntimeProvider for DeviceRuntime {
    type Handle = <hickory_resolver::net::runtime::TokioRuntimeProvider as hickory_resolver::net::runtime::RuntimeProvider>::Handle;
    type Timer = <hickory_resolver::net::runtime::TokioRuntimeProvider as hickory_resolver::net::runtime::RuntimeProvider>::Timer;
    type Udp = tokio::net::UdpSocket;
    type Tcp = hickory_resolver::net::runtime::iocompat::AsyncIoTokioAsStd<tokio::net::TcpStream>;

    fn create_handle(&self) -> Self::Handle {
        self.inner.create_handle()
    }

    fn connect_tcp(
        &self,
        server_addr: std::net::SocketAddr,
        bind_addr: Option<std::net::SocketAddr>,
        timeout: Option<std::time::Duration>,
    ) -> std::pin::Pin<Box<dyn Send + std::future::Future<Output = std::io::Result<Self::Tcp>>>>
    {
        let device = self.device.clone();
        Box::pin(async move {
            let s = device_socket(&device, &server_addr, socket2::Type::STREAM, bind_addr)?;
            let sock = tokio::net::TcpSocket::from_std_stream(std::net::TcpStream::from(s));
            sock.set_nodelay(true)?;
            let wait = timeout.unwrap_or(std::time::Duration::from_secs(5));
            match tokio::time::timeout(wait, sock.connect(server_addr)).await {
                Ok(Ok(stream)) => Ok(hickory_resolver::net::runtime::iocompat::AsyncIoTokioAsStd(
                    stream,
                )),
                Ok(Err(e)) => Err(e),
                Err(_) => Err(std::io::Error::new(
                    std::io::ErrorKind::TimedOut,
                    "TCP connect timed out",
                )),
            }
        })
    }

    fn bind_udp(
        &self,
        local_addr: std::net::SocketAddr,
        server_addr: std::net::SocketAddr,
    ) -> std::pin::Pin<Box<dyn Send + std::future::Future<Output = std::io::Result<Self::Udp>>>>
    {
        let device = self.device.clone();
        Box::pin(async move {
            let s = device_socket(
                &device,
                &server_addr,
                socket2::Type::DGRAM,
                Some(local_addr),
            )?;
            tokio::net::UdpSocket::from_std(std::net::UdpSocket::from(s))
        })
    }
}

/// glibc's "no address of this family" (not in the libc crate for every target).
const EAI_ADDRFAMILY: i32 = -9;

fn gai_error(rc: i32, host: &str) -> Error {
    // SAFETY: gai_strerror returns a static string for any code.
    let text = unsafe { CStr::from_ptr(libc::gai_strerror(rc)) }
        .to_string_lossy()
        .into_owned();
    let code = match rc {
        libc::EAI_NONAME | libc::EAI_NODATA | EAI_ADDRFAMILY => ERR_NOT_FOUND,
        libc::EAI_AGAIN => ERR_TRY_AGAIN,
        libc::EAI_FAIL => ERR_SERVICE,
        _ => ERR_INTERNAL,
    };
    Error::new(code, format!("{host}: {text}"))
}

/// A lookup's result, owned by the application (`nethttp_net_addresses`): every address as
/// NUL-terminated text in one buffer, with its offset and family (two allocations whatever
/// the number of addresses).
pub struct Addresses {
    text: Vec<u8>,
    items: Vec<(u32, i32)>,
}

impl Addresses {
    pub fn new(ips: &[IpAddr]) -> Addresses {
        let mut text = Vec::with_capacity(ips.len() * 16);
        let mut items = Vec::with_capacity(ips.len());
        for ip in ips {
            items.push((text.len() as u32, if ip.is_ipv4() { 1 } else { 2 }));
            write_ip(&mut text, ip);
            text.push(0);
        }
        Addresses { text, items }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Address `i`: its C text (valid while `self` lives) and family.
    pub fn get(&self, i: usize) -> Option<(*const c_char, i32)> {
        let (at, fam) = *self.items.get(i)?;
        Some((self.text[at as usize..].as_ptr() as *const c_char, fam))
    }
}

/// An address as text; IPv4 written digit by digit (`Display` through the formatting
/// machinery showed in the lookup benchmark's instruction counts).
fn write_ip(buf: &mut Vec<u8>, ip: &IpAddr) {
    match ip {
        IpAddr::V4(v4) => {
            for (i, o) in v4.octets().iter().enumerate() {
                if i > 0 {
                    buf.push(b'.');
                }
                if *o >= 100 {
                    buf.push(b'0' + o / 100);
                }
                if *o >= 10 {
                    buf.push(b'0' + (o / 10) % 10);
                }
                buf.push(b'0' + o % 10);
            }
        }
        IpAddr::V6(v6) => {
            use std::io::Write;
            let _ = write!(buf, "{v6}");
        }
    }
}

/// The result callback of an asynchronous lookup.
pub type nethttp_net_lookup_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        lookup: *mut LookupShared,
        error_code: i32,
        error_message: *const c_char,
        addresses: *mut Addresses,
    ),
>;

/// An asynchronous lookup (`nethttp_net_lookup`).
#[derive(Default)]
pub struct LookupShared {
    pub life: Lifecycle,
    pub queue: Mutex<Option<Arc<Queue>>>,
    done: Mutex<Option<(nethttp_net_lookup_cb, UserData)>>,
}

// SAFETY: the callback is a plain function pointer; the header documents the threads.
unsafe impl Send for LookupShared {}
unsafe impl Sync for LookupShared {}

/// Work for the lookup threads.
type Task = Box<dyn FnOnce() + Send>;

/// Lookup threads: getaddrinfo blocks, so several run at once.
const POOL_THREADS: usize = 4;

static POOL: OnceCell<Sender<Task>> = OnceCell::new();

fn pool() -> &'static Sender<Task> {
    POOL.get_or_init(|| {
        let (tx, rx) = crossbeam_channel::unbounded::<Task>();
        for i in 0..POOL_THREADS {
            let rx = rx.clone();
            let _ = std::thread::Builder::new()
                .name(format!("nethttp-lookup-{i}"))
                .spawn(move || {
                    crate::core::error::quiet_thread();
                    while let Ok(t) = rx.recv() {
                        let _ = crate::core::error::catch(t);
                    }
                });
        }
        tx
    })
}

/// Runs `f` on a lookup thread (a blocking lookup for another module, the socket's connect
/// to a host name). The threads start on first use.
pub fn spawn(f: impl FnOnce() + Send + 'static) -> Result<(), Error> {
    pool()
        .send(Box::new(f))
        .map_err(|_| Error::new(ERR_INTERNAL, "the lookup threads are not running"))
}

/// Starts an asynchronous lookup; its result comes once through `cb`.
pub fn start(
    shared: Arc<LookupShared>,
    host: &str,
    family: Family,
    net: Option<i32>,
    cb: nethttp_net_lookup_cb,
    userdata: UserData,
) -> Result<(), Error> {
    let name = resolver_name(host)?;
    if !shared.life.start() {
        return Err(Error::param(
            "this lookup was started already (one per handle)",
        ));
    }
    *shared.done.lock() = Some((cb, userdata));
    // A lookup through a network needs the name as given; the system's its C form only
    // (its messages name the ASCII form).
    let given = net.map(|_| host.to_string());
    spawn(move || {
        if shared.life.is_cancelled() {
            return;
        }
        let r = match (net, given) {
            (Some(id), Some(host)) => resolve_on(id, &host, family),
            _ => resolve_c(&name, name.to_str().unwrap_or_default(), family),
        };
        shared.deliver_result(r);
    })
}

impl LookupShared {
    fn deliver_result(self: &Arc<Self>, r: Result<Vec<IpAddr>, Error>) {
        let q = self.queue.lock().clone();
        match q {
            Some(q) => q.push(self.clone(), Payload::Custom(Box::new(r))),
            None => self.run(r),
        }
    }

    fn run(self: &Arc<Self>, r: Result<Vec<IpAddr>, Error>) {
        let _g = self.life.callback_guard();
        if self.life.is_cancelled() {
            return;
        }
        self.life.set_done();
        let Some((Some(cb), ud)) = self.done.lock().take() else {
            return;
        };
        let me = Arc::as_ptr(self) as *mut LookupShared;
        match r {
            Ok(ips) => {
                let a = Box::into_raw(Box::new(Addresses::new(&ips)));
                // SAFETY: the application's callback; it owns `a` from here.
                unsafe { cb(ud.0, me, 0, c"".as_ptr(), a) };
            }
            Err(e) => {
                let m = CString::new(e.message).unwrap_or_default();
                // SAFETY: the application's callback; the message lives for the call.
                unsafe { cb(ud.0, me, e.code, m.as_ptr(), std::ptr::null_mut()) };
            }
        }
    }
}

impl Target for LookupShared {
    fn deliver(self: Arc<Self>, payload: Payload) {
        if let Payload::Custom(b) = payload {
            if let Ok(r) = b.downcast::<Result<Vec<IpAddr>, Error>>() {
                self.run(*r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_and_localhost() {
        assert_eq!(
            resolve("127.0.0.1", Family::All).unwrap(),
            vec![IpAddr::from([127, 0, 0, 1])]
        );
        assert_eq!(
            resolve("[::1]", Family::V6).unwrap(),
            vec!["::1".parse::<IpAddr>().unwrap()]
        );
        assert_eq!(
            resolve("127.0.0.1", Family::V6).unwrap_err().code,
            ERR_NOT_FOUND
        );
        let v4 = resolve("localhost", Family::V4).unwrap();
        assert!(v4.iter().all(|ip| ip.is_ipv4()) && v4.contains(&IpAddr::from([127, 0, 0, 1])));
        assert_eq!(resolve("", Family::All).unwrap_err().code, 401);
        assert_eq!(resolve("a b", Family::All).unwrap_err().code, 401);
        assert!(Family::from_i32(3).is_err());
        for t in [
            "0.0.0.0",
            "10.0.0.255",
            "192.168.1.9",
            "::",
            "::1",
            "fd00::2",
            "2001:db8::ff:1",
        ] {
            let ip: IpAddr = t.parse().unwrap();
            let mut b = Vec::new();
            write_ip(&mut b, &ip);
            assert_eq!(String::from_utf8(b).unwrap(), ip.to_string());
        }
    }
}
