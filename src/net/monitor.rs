//! `createNetConnection`: network change events. A registered connection hears about the
//! networks its specifier matches (or, without one, about the default network): AVAILABLE
//! (followed by CAPABILITIES_CHANGE and PROPERTIES_CHANGE with the network's values), the
//! changes, LOST, and UNAVAILABLE when nothing matched within its timeout.
//!
//! The kernel's notifications (rtnetlink multicast groups for links, addresses and routes)
//! arrive on one netlink socket that the engine's worker watches beside its other
//! descriptors, open while any connection is registered, and so do changes of the resolver
//! configuration (inotify on `/etc/resolv.conf` and its directory); a burst of them is coalesced (the
//! tables are read again once they have been quiet for [`QUIET`], at most [`MAX_DELAY`]
//! after the first), and each connection gets one event per network and kind for what
//! changed since it was last told.

#![allow(non_camel_case_types)]

use super::netinfo::{self, Caps, Net, Props, State};
use super::netlink::Monitor;
use crate::core::delivery::{Payload, Queue, Target};
use crate::core::engine::{Command, Cx, Engine, Module, Watch, Worker};
use crate::core::error::Error;
use crate::core::handle::{Lifecycle, Listeners, UserData};
use crate::sock::addr::nethttp_net_address;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::ffi::{c_void, CString};
use std::net::{IpAddr, SocketAddr};
use std::os::raw::c_char;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the tables must be quiet after a notification before they are read again.
const QUIET: Duration = Duration::from_millis(30);
/// The longest a change waits for a burst to end.
const MAX_DELAY: Duration = Duration::from_millis(200);
/// Registered connections at most, process-wide (2101022 beyond).
pub const MAX_REGISTERED: usize = 2000;

/// Event types (`nethttp_net_conn_on`'s `type`, `nethttp_net_event.type`).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum nethttp_net_event_type {
    /// `netAvailable`: a network matching the connection is there (`net_id`); its
    /// capabilities and properties follow as the next two events.
    NETHTTP_NET_EVENT_AVAILABLE = 1,
    /// `netCapabilitiesChange`: `capabilities` of `net_id`.
    NETHTTP_NET_EVENT_CAPABILITIES_CHANGE = 2,
    /// `netConnectionPropertiesChange`: `properties` of `net_id`.
    NETHTTP_NET_EVENT_PROPERTIES_CHANGE = 3,
    /// `netLost`: `net_id` is gone, or no longer matches (the default moved elsewhere).
    NETHTTP_NET_EVENT_LOST = 4,
    /// `netUnavailable`: no network matched within the connection's timeout (once).
    NETHTTP_NET_EVENT_UNAVAILABLE = 5,
    /// `netBlockStatusChange`: never fires here (a desktop system has no per-app network
    /// blocking to report); listeners can be added for source compatibility.
    NETHTTP_NET_EVENT_BLOCK_STATUS_CHANGE = 6,
}

impl nethttp_net_event_type {
    pub fn from_i32(v: i32) -> Option<Self> {
        use nethttp_net_event_type::*;
        Some(match v {
            1 => NETHTTP_NET_EVENT_AVAILABLE,
            2 => NETHTTP_NET_EVENT_CAPABILITIES_CHANGE,
            3 => NETHTTP_NET_EVENT_PROPERTIES_CHANGE,
            4 => NETHTTP_NET_EVENT_LOST,
            5 => NETHTTP_NET_EVENT_UNAVAILABLE,
            6 => NETHTTP_NET_EVENT_BLOCK_STATUS_CHANGE,
            _ => return None,
        })
    }
}

/// `LinkAddress`: an address with its prefix length.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct nethttp_net_link_address {
    pub address: nethttp_net_address,
    pub prefix_length: i32,
}

/// `RouteInfo`.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct nethttp_net_route {
    /// The interface's name.
    pub interface: *const c_char,
    /// The destination network (0.0.0.0/0 or ::/0 for a default route).
    pub destination: nethttp_net_link_address,
    /// The next hop; the unspecified address when `has_gateway` is false.
    pub gateway: nethttp_net_address,
    pub has_gateway: bool,
    pub is_default_route: bool,
}

/// `NetCapabilities`. The arrays live as long as the structure.
#[repr(C)]
pub struct nethttp_net_capabilities {
    /// From the driver's link speed (0: unknown, e.g. a virtual interface).
    pub link_up_bandwidth_kbps: u32,
    pub link_down_bandwidth_kbps: u32,
    /// `NetCap` values in ascending order (11 NOT_METERED, 12 INTERNET, 15 NOT_VPN,
    /// 16 VALIDATED).
    pub net_caps: *const i32,
    pub net_caps_count: usize,
    /// `NetBearType` values (0 CELLULAR, 1 WIFI, 2 BLUETOOTH, 3 ETHERNET, 4 VPN).
    pub bearer_types: *const i32,
    pub bearer_types_count: usize,
}

/// `ConnectionProperties`. Strings and arrays live as long as the structure.
#[repr(C)]
pub struct nethttp_net_properties {
    pub interface_name: *const c_char,
    /// The resolver's search domains, separated by spaces ("" when none).
    pub domains: *const c_char,
    pub link_addresses: *const nethttp_net_link_address,
    pub link_addresses_count: usize,
    /// The network's DNS servers (port 53).
    pub dnses: *const nethttp_net_address,
    pub dnses_count: usize,
    pub routes: *const nethttp_net_route,
    pub routes_count: usize,
    pub mtu: u32,
    pub is_ipv4_link_valid: bool,
    pub is_ipv6_link_valid: bool,
}

/// One event of a `nethttp_net_conn`; valid for the callback's duration.
#[repr(C)]
pub struct nethttp_net_event {
    /// A `nethttp_net_event_type`.
    pub r#type: i32,
    /// The network (its `netId`); 0 for UNAVAILABLE.
    pub net_id: i32,
    /// CAPABILITIES_CHANGE: the new capabilities; NULL otherwise.
    pub capabilities: *const nethttp_net_capabilities,
    /// PROPERTIES_CHANGE: the new properties; NULL otherwise.
    pub properties: *const nethttp_net_properties,
    /// BLOCK_STATUS_CHANGE (never fires): whether the network is blocked.
    pub blocked: bool,
}

/// A listener of a `nethttp_net_conn`.
pub type nethttp_net_event_cb = Option<
    unsafe extern "C" fn(
        userdata: *mut c_void,
        conn: *mut ConnShared,
        event: *const nethttp_net_event,
    ),
>;

/// `NetSpecifier`: which networks a connection follows. Every listed bearer type is
/// accepted (none listed: any bearer), and every listed capability is required.
#[repr(C)]
pub struct nethttp_net_specifier {
    pub bearer_types: *const i32,
    pub bearer_types_count: usize,
    pub net_caps: *const i32,
    pub net_caps_count: usize,
}

/// A checked specifier.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    pub bearers: Vec<i32>,
    pub caps: Vec<i32>,
}

impl Spec {
    fn matches(&self, n: &Net) -> bool {
        (self.bearers.is_empty() || n.caps.bearers.iter().any(|b| self.bearers.contains(b)))
            && self.caps.iter().all(|c| n.caps.caps.contains(c))
    }
}

fn address(ip: &IpAddr, port: u16) -> nethttp_net_address {
    nethttp_net_address::from_ip(&SocketAddr::new(*ip, port))
}

fn link_address(ip: &IpAddr, prefix: u8) -> nethttp_net_link_address {
    nethttp_net_link_address {
        address: address(ip, 0),
        prefix_length: i32::from(prefix),
    }
}

/// Capabilities the application owns (`nethttp_net_capabilities_free`); `c` is what it sees.
#[repr(C)]
pub struct OwnedCaps {
    pub c: nethttp_net_capabilities,
    caps: Vec<i32>,
    bearers: Vec<i32>,
}

impl OwnedCaps {
    pub fn new(src: &Caps) -> Box<OwnedCaps> {
        let mut o = Box::new(OwnedCaps {
            c: nethttp_net_capabilities {
                link_up_bandwidth_kbps: src.bandwidth_kbps,
                link_down_bandwidth_kbps: src.bandwidth_kbps,
                net_caps: std::ptr::null(),
                net_caps_count: 0,
                bearer_types: std::ptr::null(),
                bearer_types_count: 0,
            },
            caps: src.caps.clone(),
            bearers: src.bearers.clone(),
        });
        o.c.net_caps = o.caps.as_ptr();
        o.c.net_caps_count = o.caps.len();
        o.c.bearer_types = o.bearers.as_ptr();
        o.c.bearer_types_count = o.bearers.len();
        o
    }

    /// The owner of a structure from [`into_raw`](Self::into_raw).
    ///
    /// # Safety
    /// `p` came from `into_raw` and is freed once.
    pub unsafe fn from_raw(p: *mut nethttp_net_capabilities) -> Box<OwnedCaps> {
        // SAFETY: `c` is the first field of a repr(C) box (the caller's contract).
        unsafe { Box::from_raw(p as *mut OwnedCaps) }
    }

    pub fn into_raw(self: Box<Self>) -> *mut nethttp_net_capabilities {
        Box::into_raw(self) as *mut nethttp_net_capabilities
    }
}

/// Properties the application owns (`nethttp_net_properties_free`).
#[repr(C)]
pub struct OwnedProps {
    pub c: nethttp_net_properties,
    name: CString,
    domains: CString,
    addrs: Vec<nethttp_net_link_address>,
    dns: Vec<nethttp_net_address>,
    routes: Vec<nethttp_net_route>,
}

// SAFETY: the raw pointers point into the structure's own heap data, never shared mutably.
unsafe impl Send for OwnedProps {}
unsafe impl Send for OwnedCaps {}

impl OwnedProps {
    pub fn new(p: &Props) -> Box<OwnedProps> {
        let name = CString::new(p.interface.clone()).unwrap_or_default();
        let mut o = Box::new(OwnedProps {
            c: nethttp_net_properties {
                interface_name: std::ptr::null(),
                domains: std::ptr::null(),
                link_addresses: std::ptr::null(),
                link_addresses_count: 0,
                dnses: std::ptr::null(),
                dnses_count: 0,
                routes: std::ptr::null(),
                routes_count: 0,
                mtu: p.mtu,
                is_ipv4_link_valid: p.v4_valid,
                is_ipv6_link_valid: p.v6_valid,
            },
            domains: CString::new(p.domains.join(" ")).unwrap_or_default(),
            addrs: p.addrs.iter().map(|(ip, n)| link_address(ip, *n)).collect(),
            dns: p.dns.iter().map(|ip| address(ip, 53)).collect(),
            routes: Vec::with_capacity(p.routes.len()),
            name,
        });
        let iface = o.name.as_ptr();
        for r in &p.routes {
            let unspecified = if r.dest.is_ipv4() {
                IpAddr::from([0u8; 4])
            } else {
                IpAddr::from([0u8; 16])
            };
            o.routes.push(nethttp_net_route {
                interface: iface,
                destination: link_address(&r.dest, r.prefix),
                gateway: address(&r.gateway.unwrap_or(unspecified), 0),
                has_gateway: r.gateway.is_some(),
                is_default_route: r.is_default,
            });
        }
        o.c.interface_name = iface;
        o.c.domains = o.domains.as_ptr();
        o.c.link_addresses = o.addrs.as_ptr();
        o.c.link_addresses_count = o.addrs.len();
        o.c.dnses = o.dns.as_ptr();
        o.c.dnses_count = o.dns.len();
        o.c.routes = o.routes.as_ptr();
        o.c.routes_count = o.routes.len();
        o
    }

    /// # Safety
    /// `p` came from [`into_raw`](Self::into_raw) and is freed once.
    pub unsafe fn from_raw(p: *mut nethttp_net_properties) -> Box<OwnedProps> {
        // SAFETY: `c` is the first field of a repr(C) box (the caller's contract).
        unsafe { Box::from_raw(p as *mut OwnedProps) }
    }

    pub fn into_raw(self: Box<Self>) -> *mut nethttp_net_properties {
        Box::into_raw(self) as *mut nethttp_net_properties
    }
}

/// An event on its way to the application.
pub struct Event {
    kind: nethttp_net_event_type,
    net_id: i32,
    caps: Option<Box<OwnedCaps>>,
    props: Option<Box<OwnedProps>>,
    /// The registration it belongs to: dropped when the connection was unregistered since.
    generation: u64,
}

/// Connections registered now, process-wide.
static REGISTERED: AtomicUsize = AtomicUsize::new(0);

/// A `nethttp_net_conn`.
pub struct ConnShared {
    pub life: Lifecycle,
    pub listeners: Listeners<nethttp_net_event_cb>,
    pub queue: Mutex<Option<Arc<Queue>>>,
    pub spec: Option<Spec>,
    pub timeout: Option<Duration>,
    /// Odd while registered; bumped by register and unregister.
    generation: AtomicU64,
}

// SAFETY: callbacks are plain function pointers; the header documents the threads.
unsafe impl Send for ConnShared {}
unsafe impl Sync for ConnShared {}

impl ConnShared {
    pub fn new(spec: Option<Spec>, timeout: Option<Duration>) -> ConnShared {
        ConnShared {
            life: Lifecycle::default(),
            listeners: Listeners::default(),
            queue: Mutex::new(None),
            spec,
            timeout,
            generation: AtomicU64::new(0),
        }
    }

    pub fn is_registered(&self) -> bool {
        self.generation.load(Ordering::Acquire) % 2 == 1
    }

    /// `register`: 2101008 when registered already, 2101022 past [`MAX_REGISTERED`].
    pub fn register(self: &Arc<Self>) -> Result<(), Error> {
        let _g = self.life.callback_guard();
        if self.is_registered() {
            return Err(Error::new(
                super::ERR_CALLBACK_EXISTS,
                "register: this connection is registered already",
            ));
        }
        if REGISTERED.fetch_add(1, Ordering::AcqRel) >= MAX_REGISTERED {
            REGISTERED.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::new(
                super::ERR_TOO_MANY,
                format!("register: {MAX_REGISTERED} connections are registered already"),
            ));
        }
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        Engine::get().send(Box::new(Register(self.clone(), generation)));
        Ok(())
    }

    /// `unregister`: once it returns no event of the registration starts (one running on
    /// another thread is waited for). 2101007 when not registered.
    pub fn unregister(self: &Arc<Self>) -> Result<(), Error> {
        let _g = self.life.callback_guard();
        if !self.is_registered() {
            return Err(Error::new(
                super::ERR_CALLBACK_MISSING,
                "unregister: this connection is not registered",
            ));
        }
        self.generation.fetch_add(1, Ordering::AcqRel);
        REGISTERED.fetch_sub(1, Ordering::AcqRel);
        Engine::get().send(Box::new(Unregister(self.clone())));
        Ok(())
    }

    /// Destroy: unregisters, and no callback starts once it returns.
    pub fn destroy(self: &Arc<Self>) {
        self.life.cancel_and_quiesce();
        if self.is_registered() {
            let _ = self.unregister();
        }
    }

    fn emit(self: &Arc<Self>, ev: Event) {
        if self.life.is_cancelled() || !self.listeners.wants(ev.kind as u8) {
            return;
        }
        let q = self.queue.lock().clone();
        match q {
            Some(q) => q.push(self.clone(), Payload::Custom(Box::new(ev))),
            None => self.run(ev),
        }
    }

    fn run(self: &Arc<Self>, ev: Event) {
        let _g = self.life.callback_guard();
        if self.life.is_cancelled() || self.generation.load(Ordering::Acquire) != ev.generation {
            return;
        }
        let e = nethttp_net_event {
            r#type: ev.kind as i32,
            net_id: ev.net_id,
            capabilities: ev.caps.as_ref().map_or(std::ptr::null(), |c| &c.c),
            properties: ev.props.as_ref().map_or(std::ptr::null(), |p| &p.c),
            blocked: false,
        };
        let me = Arc::as_ptr(self) as *mut ConnShared;
        let gen = ev.generation;
        self.listeners.each(
            ev.kind as u8,
            || !self.life.is_cancelled() && self.generation.load(Ordering::Acquire) == gen,
            |cb, ud: UserData| {
                if let Some(cb) = cb {
                    // SAFETY: the application's listener with its own userdata; the event
                    // lives for the call.
                    unsafe { cb(ud.0, me, &e) };
                }
            },
        );
    }
}

impl Target for ConnShared {
    fn deliver(self: Arc<Self>, payload: Payload) {
        if let Payload::Custom(b) = payload {
            if let Ok(ev) = b.downcast::<Event>() {
                self.run(*ev);
            }
        }
    }
}

/// What one registration has been told.
struct Reg {
    conn: Arc<ConnShared>,
    generation: u64,
    /// Networks announced AVAILABLE, with the values last delivered.
    told: BTreeMap<i32, Net>,
    /// When UNAVAILABLE is due (nothing matched yet and a timeout was given).
    unavailable_at: Option<Instant>,
}

impl Reg {
    fn event(&self, kind: nethttp_net_event_type, n: Option<&Net>, id: i32) -> Event {
        use nethttp_net_event_type::*;
        Event {
            kind,
            net_id: id,
            caps: (kind == NETHTTP_NET_EVENT_CAPABILITIES_CHANGE)
                .then(|| n.map(|n| OwnedCaps::new(&n.caps)))
                .flatten(),
            props: (kind == NETHTTP_NET_EVENT_PROPERTIES_CHANGE)
                .then(|| n.map(|n| OwnedProps::new(&n.props)))
                .flatten(),
            generation: self.generation,
        }
    }

    /// Tells the connection what changed between what it was told and `s`.
    fn update(&mut self, s: &State) {
        use nethttp_net_event_type::*;
        let want: Vec<&Net> = match &self.conn.spec {
            None => s.default.and_then(|d| s.get(d)).into_iter().collect(),
            Some(spec) => s.nets.iter().filter(|n| spec.matches(n)).collect(),
        };
        let gone: Vec<i32> = self
            .told
            .keys()
            .filter(|id| !want.iter().any(|n| n.id == **id))
            .copied()
            .collect();
        for id in gone {
            self.told.remove(&id);
            self.conn.emit(self.event(NETHTTP_NET_EVENT_LOST, None, id));
        }
        for n in want {
            let before = self.told.get(&n.id);
            let new = before.is_none();
            let caps = before.is_none_or(|b| b.caps != n.caps);
            let props = before.is_none_or(|b| b.props != n.props);
            if new {
                self.conn
                    .emit(self.event(NETHTTP_NET_EVENT_AVAILABLE, Some(n), n.id));
            }
            if caps {
                let ev = self.event(NETHTTP_NET_EVENT_CAPABILITIES_CHANGE, Some(n), n.id);
                self.conn.emit(ev);
            }
            if props {
                let ev = self.event(NETHTTP_NET_EVENT_PROPERTIES_CHANGE, Some(n), n.id);
                self.conn.emit(ev);
            }
            self.told.insert(n.id, n.clone());
            self.unavailable_at = None;
        }
    }
}

/// Changes of the resolver configuration (its DNS servers and search domains are part of
/// the properties): inotify on the file (the target of a symbolic link) and on its
/// directory (an editor or resolvconf replaces it by a rename).
struct ResolvWatch {
    fd: std::os::fd::OwnedFd,
    file: Option<i32>,
}

/// inotify events that mean the file changed or was replaced.
const FILE_EVENTS: u32 = libc::IN_CLOSE_WRITE
    | libc::IN_MODIFY
    | libc::IN_ATTRIB
    | libc::IN_DELETE_SELF
    | libc::IN_MOVE_SELF;
const DIR_EVENTS: u32 =
    libc::IN_CREATE | libc::IN_MOVED_TO | libc::IN_DELETE | libc::IN_CLOSE_WRITE;

impl ResolvWatch {
    fn open() -> Option<ResolvWatch> {
        use std::os::fd::FromRawFd;
        // SAFETY: plain syscall; the descriptor is owned from here.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if fd < 0 {
            return None;
        }
        // SAFETY: a new descriptor nothing else owns.
        let mut w = ResolvWatch {
            fd: unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) },
            file: None,
        };
        let path = std::path::Path::new(netinfo::RESOLV_CONF);
        let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        for dir in [path.parent(), real.parent()].into_iter().flatten() {
            w.add(dir, DIR_EVENTS);
        }
        w.watch_file();
        Some(w)
    }

    fn add(&self, p: &std::path::Path, mask: u32) -> Option<i32> {
        use std::os::fd::AsRawFd;
        use std::os::unix::ffi::OsStrExt;
        let c = CString::new(p.as_os_str().as_bytes()).ok()?;
        // SAFETY: a live inotify descriptor and a NUL-terminated path.
        let wd = unsafe { libc::inotify_add_watch(self.fd.as_raw_fd(), c.as_ptr(), mask) };
        (wd >= 0).then_some(wd)
    }

    fn watch_file(&mut self) {
        self.file = self.add(std::path::Path::new(netinfo::RESOLV_CONF), FILE_EVENTS);
    }

    /// Reads the pending events: true when one concerns the resolver configuration.
    fn drain(&mut self) -> bool {
        use std::os::fd::AsRawFd;
        let mut buf = [0u8; 4096];
        let mut any = false;
        loop {
            // SAFETY: reading into our buffer.
            let n = unsafe {
                libc::read(
                    self.fd.as_raw_fd(),
                    buf.as_mut_ptr() as *mut c_void,
                    buf.len(),
                )
            };
            if n <= 0 {
                break;
            }
            let mut at = 0usize;
            let hdr = std::mem::size_of::<libc::inotify_event>();
            while at + hdr <= n as usize {
                // SAFETY: the kernel wrote whole events; read unaligned from the buffer.
                let ev: libc::inotify_event =
                    unsafe { std::ptr::read_unaligned(buf.as_ptr().add(at) as *const _) };
                let name = &buf[at + hdr..(at + hdr + ev.len as usize).min(n as usize)];
                let name = name.split(|b| *b == 0).next().unwrap_or(&[]);
                if Some(ev.wd) == self.file {
                    any = true;
                    if ev.mask & (libc::IN_DELETE_SELF | libc::IN_MOVE_SELF | libc::IN_IGNORED) != 0
                    {
                        self.file = None;
                    }
                } else if name.starts_with(b"resolv.conf") || name.ends_with(b"resolv.conf") {
                    any = true;
                }
                at += hdr + ev.len as usize;
            }
        }
        if any && self.file.is_none() {
            // Replaced: watch the new file.
            self.watch_file();
        }
        any
    }
}

/// The connection module's state on the worker.
#[derive(Default)]
pub struct NetMon {
    resolv: Option<ResolvWatch>,
    monitor: Option<Monitor>,
    regs: Vec<Reg>,
    state: Option<State>,
    /// A re-read is due at the first of these (quiet period, longest delay).
    quiet_at: Option<Instant>,
    latest_at: Option<Instant>,
    /// Called when the default network changes (see [`on_default_network_change`]); while
    /// set, the tables are watched even without a registered connection.
    default_hook: Option<fn()>,
}

/// What identifies the default network for [`on_default_network_change`]: its interface and
/// addresses.
fn default_identity(s: &State) -> Option<(i32, Vec<(IpAddr, u8)>)> {
    let id = s.default?;
    Some((
        id,
        s.get(id).map(|n| n.props.addrs.clone()).unwrap_or_default(),
    ))
}

impl NetMon {
    fn read(&mut self) {
        self.quiet_at = None;
        self.latest_at = None;
        // A failed reading keeps the last one (the next notification tries again).
        if let Ok(s) = netinfo::read() {
            if self.state.as_ref() != Some(&s) {
                for r in &mut self.regs {
                    r.update(&s);
                }
                if let Some(hook) = self.default_hook.filter(|_| {
                    self.state.as_ref().map(default_identity) != Some(default_identity(&s))
                }) {
                    hook();
                }
                self.state = Some(s);
            }
        }
    }

    /// Opens the kernel's notifications and reads the tables, if not open yet.
    fn open_watch(&mut self) {
        if self.monitor.is_none() {
            // Listening first, then reading: a change in between is heard.
            self.monitor = Monitor::open().ok();
            self.resolv = ResolvWatch::open();
            self.state = None;
        }
        if self.state.is_none() {
            self.state = netinfo::read().ok();
        }
    }

    /// Closes the notifications when neither a connection nor the Alt-Svc cache needs them.
    fn close_watch_if_unused(&mut self) {
        if self.regs.is_empty() && self.default_hook.is_none() {
            self.monitor = None;
            self.resolv = None;
            self.state = None;
            self.quiet_at = None;
            self.latest_at = None;
        }
    }

    fn changed(&mut self, now: Instant) {
        self.quiet_at = Some(now + QUIET);
        if self.latest_at.is_none() {
            self.latest_at = Some(now + MAX_DELAY);
        }
    }
}

impl Module for NetMon {
    fn done(&mut self, _: &Cx<'_>, _: usize, _: Result<(), curl::Error>) {}

    fn detach_all(&mut self, _: &Cx<'_>) {}

    fn has_watches(&self) -> bool {
        self.monitor.is_some()
    }

    fn watches(&self, out: &mut Vec<Watch>) {
        if let Some(m) = &self.monitor {
            out.push(Watch {
                fd: m.fd(),
                write: false,
                key: 0,
            });
        }
        if let Some(r) = &self.resolv {
            use std::os::fd::AsRawFd;
            out.push(Watch {
                fd: r.fd.as_raw_fd(),
                write: false,
                key: 1,
            });
        }
    }

    fn io(&mut self, _: &Cx<'_>, key: usize, _: bool, _: bool) {
        let changed = match key {
            0 => self.monitor.as_mut().is_some_and(|m| m.drain()),
            _ => self.resolv.as_mut().is_some_and(|r| r.drain()),
        };
        if changed {
            self.changed(Instant::now());
        }
    }

    fn deadline(&self) -> Option<Instant> {
        let reread = match (self.quiet_at, self.latest_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.regs
            .iter()
            .filter_map(|r| r.unavailable_at)
            .chain(reread)
            .min()
    }

    fn timers(&mut self, _: &Cx<'_>, now: Instant) {
        if self.quiet_at.is_some_and(|t| t <= now) || self.latest_at.is_some_and(|t| t <= now) {
            self.read();
        }
        for r in &mut self.regs {
            if r.unavailable_at.is_some_and(|t| t <= now) {
                r.unavailable_at = None;
                let ev = r.event(
                    nethttp_net_event_type::NETHTTP_NET_EVENT_UNAVAILABLE,
                    None,
                    0,
                );
                r.conn.emit(ev);
            }
        }
    }
}

struct Register(Arc<ConnShared>, u64);

impl Command for Register {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<NetMon>();
        let Register(conn, generation) = *self;
        m.regs.retain(|r| !Arc::ptr_eq(&r.conn, &conn));
        if conn.generation.load(Ordering::Acquire) != generation {
            return;
        }
        m.open_watch();
        let mut r = Reg {
            unavailable_at: conn.timeout.map(|t| Instant::now() + t),
            conn,
            generation,
            told: BTreeMap::new(),
        };
        if let Some(s) = &m.state {
            r.update(s);
        }
        m.regs.push(r);
    }
}

struct Unregister(Arc<ConnShared>);

impl Command for Unregister {
    fn run(self: Box<Self>, w: &mut Worker) {
        let (m, _) = w.module::<NetMon>();
        let gen = self.0.generation.load(Ordering::Acquire);
        m.regs
            .retain(|r| !(Arc::ptr_eq(&r.conn, &self.0) && r.generation != gen));
        m.close_watch_if_unused();
    }
}

/// Sets (or with None removes) the function the worker calls when the default network
/// changes (another interface, or other addresses on it): while one is set, the worker
/// watches the kernel's tables (the same netlink socket as registered connections). The
/// HTTP Alt-Svc store sets it while it is open.
pub fn on_default_network_change(hook: Option<fn()>) {
    struct SetHook(Option<fn()>);
    impl Command for SetHook {
        fn run(self: Box<Self>, w: &mut Worker) {
            let (m, _) = w.module::<NetMon>();
            m.default_hook = self.0;
            if self.0.is_some() {
                m.open_watch();
            } else {
                m.close_watch_if_unused();
            }
        }
    }
    Engine::get().send(Box::new(SetHook(hook)));
}

/// Something outside the kernel's tables changed (a network reported validated): the
/// registered connections hear it as after a kernel notification.
pub fn kick() {
    struct Kick;
    impl Command for Kick {
        fn run(self: Box<Self>, w: &mut Worker) {
            let (m, _) = w.module::<NetMon>();
            if !m.regs.is_empty() {
                m.read();
            }
        }
    }
    Engine::get().send(Box::new(Kick));
}
