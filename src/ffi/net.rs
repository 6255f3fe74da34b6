//! The connection module (`@ohos.net.connection`): name lookups and IDNA conversions.

use crate::core::delivery::Queue;
use crate::core::error::{Error, UNKNOWN};
use crate::core::handle::{UserData, STATE_IDLE};
use crate::ffi::{arc_ref, arg_ref, arg_str, boundary, code};
use crate::net::lookup::{self, nethttp_net_lookup_cb, Addresses, Family, LookupShared};
use std::ffi::{c_void, CString};
use std::os::raw::c_char;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// `getAddressesByName` / `getAddressesByNameWithOptions`, blocking on the calling thread:
/// the addresses of `host` from the system resolver (getaddrinfo: `/etc/hosts`, search
/// domains, IPv4 and IPv6 in the order the system prefers), without duplicates. `family`:
/// 0 all, 1 IPv4 only, 2 IPv6 only. A name in Unicode is looked up in its IDNA (ASCII)
/// form; an IP literal (brackets allowed for IPv6) is its own answer. On success `*out` is
/// the list (free with `nethttp_net_addresses_free`). Errors: 401 (NULL, empty, spaces or
/// control characters, an unknown family), 2100001 (a name IDNA refuses), 2100101 (no such
/// name, or no address of that family), 2100102 (no answer now: try again), 2100002 (the
/// resolver failed for good), 2100003 (anything else).
#[no_mangle]
pub extern "C" fn nethttp_net_get_addresses_by_name(
    host: *const c_char,
    family: i32,
    out: *mut *mut Addresses,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let host = arg_str(host, "host")?;
            let family = Family::from_i32(family)?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let ips = lookup::resolve(host, family)?;
            // SAFETY: a caller-provided out-param, checked non-NULL.
            unsafe { *out = Box::into_raw(Box::new(Addresses::new(&ips))) };
            Ok(())
        })())
    })
}

/// How many addresses the list has (0 for NULL).
#[no_mangle]
pub extern "C" fn nethttp_net_addresses_count(addresses: *const Addresses) -> usize {
    boundary!(0, {
        arg_ref(addresses, "addresses").map_or(0, |a| a.len())
    })
}

/// Address `index` of the list: its text (`*address`, valid until the list is freed) and
/// its family (`*family`: 1 IPv4, 2 IPv6, the spec's NetAddress numbering). 401 for NULL or
/// an index out of range.
#[no_mangle]
pub extern "C" fn nethttp_net_addresses_get(
    addresses: *const Addresses,
    index: usize,
    address: *mut *const c_char,
    family: *mut i32,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let a = arg_ref(addresses, "addresses")?;
            let (text, fam) = a
                .get(index)
                .ok_or_else(|| Error::param(format!("index: {index} of {}", a.len())))?;
            if address.is_null() {
                return Err(Error::param("address: NULL"));
            }
            // SAFETY: caller-provided out-params (family may be NULL).
            unsafe {
                *address = text;
                if !family.is_null() {
                    *family = fam;
                }
            }
            Ok(())
        })())
    })
}

/// Frees a list of addresses. NULL is a no-op.
#[no_mangle]
pub extern "C" fn nethttp_net_addresses_free(addresses: *mut Addresses) {
    boundary!((), {
        if !addresses.is_null() {
            // SAFETY: from this library; freed once.
            drop(unsafe { Box::from_raw(addresses) });
        }
    })
}

/// Creates an asynchronous lookup (one per handle). Release it with
/// `nethttp_net_lookup_destroy`. NULL only when memory is exhausted.
#[no_mangle]
pub extern "C" fn nethttp_net_lookup_create() -> *mut LookupShared {
    boundary!(std::ptr::null_mut(), {
        Arc::into_raw(Arc::new(LookupShared::default())) as *mut LookupShared
    })
}

/// Delivers the lookup's result through `queue` (see `http_queue_new`) instead of on the
/// lookup thread. Before `nethttp_net_lookup_start` only (401 after).
#[no_mangle]
pub extern "C" fn nethttp_net_lookup_set_queue(
    lookup: *mut LookupShared,
    queue: *mut Queue,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let l = arg_ref(lookup, "lookup")?;
            if l.life.state.load(Ordering::Acquire) != STATE_IDLE {
                return Err(Error::param(
                    "nethttp_net_lookup_set_queue: already started",
                ));
            }
            *l.queue.lock() = if queue.is_null() {
                None
            } else {
                // SAFETY: a live queue from http_queue_new; a new strong reference.
                Some(unsafe { arc_ref(queue as *const Queue) })
            };
            Ok(())
        })())
    })
}

/// Starts `nethttp_net_get_addresses_by_name` on one of nethttp's lookup threads (four, so
/// slow lookups do not wait for each other; the worker thread never blocks on DNS). `cb` is
/// called once, on that thread or through the queue, with 0 and the list (the callee owns
/// it: `nethttp_net_addresses_free`) or an error code, its detail and NULL. Argument errors
/// are returned at once (401). `nethttp_net_lookup_destroy` cancels: no callback after it.
#[no_mangle]
pub extern "C" fn nethttp_net_lookup_start(
    lookup: *mut LookupShared,
    host: *const c_char,
    family: i32,
    cb: nethttp_net_lookup_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            arg_ref(lookup, "lookup")?;
            let host = arg_str(host, "host")?;
            let family = Family::from_i32(family)?;
            if cb.is_none() {
                return Err(Error::param("cb: NULL"));
            }
            // SAFETY: the caller's live handle (checked non-NULL above).
            let shared = unsafe { arc_ref(lookup as *const LookupShared) };
            lookup::start(shared, host, family, None, cb, UserData(userdata))
        })())
    })
}

/// Destroys a lookup from any thread, also inside its callback; a lookup still running is
/// cancelled (getaddrinfo itself finishes on its thread; its answer is dropped). Once this
/// returns the callback does not start (a callback running on another thread is waited for).
/// NULL is a no-op.
#[no_mangle]
pub extern "C" fn nethttp_net_lookup_destroy(lookup: *mut LookupShared) {
    boundary!((), {
        if lookup.is_null() {
            return;
        }
        // SAFETY: from nethttp_net_lookup_create; destroy consumes it.
        let shared = unsafe { Arc::from_raw(lookup as *const LookupShared) };
        shared.life.cancel_and_quiesce();
    })
}

fn idna_out(
    name: *const c_char,
    out: *mut *mut c_char,
    f: fn(&str) -> Result<String, Error>,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let name = arg_str(name, "name")?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            let s = CString::new(f(name)?).map_err(|_| Error::param("name: NUL inside"))?;
            // SAFETY: a caller-provided out-param, checked non-NULL.
            unsafe { *out = s.into_raw() };
            Ok(())
        })())
    })
}

/// `getDnsAscii`: the ASCII (punycode) form of a domain name (UTS #46), e.g.
/// "münchen.de" -> "xn--mnchen-3ya.de". Free `*out` with `http_string_free`. 401 for NULL or
/// empty, 2100001 for a name IDNA refuses.
#[no_mangle]
pub extern "C" fn nethttp_net_get_dns_ascii(name: *const c_char, out: *mut *mut c_char) -> i32 {
    idna_out(name, out, crate::net::dns_ascii)
}

/// `getDnsUnicode`: a domain name with its punycode labels decoded, e.g.
/// "xn--mnchen-3ya.de" -> "münchen.de". Free `*out` with `http_string_free`. 401 for NULL or
/// empty, 2100001 for an invalid punycode label.
#[no_mangle]
pub extern "C" fn nethttp_net_get_dns_unicode(name: *const c_char, out: *mut *mut c_char) -> i32 {
    idna_out(name, out, crate::net::dns_unicode)
}

// ---- networks ----

use crate::net::monitor::{
    self, nethttp_net_capabilities, nethttp_net_event_cb, nethttp_net_event_type,
    nethttp_net_properties, nethttp_net_specifier, ConnShared, OwnedCaps, OwnedProps, Spec,
};
use crate::net::netinfo;
use crate::sock::addr::nethttp_net_address;
use crate::sock::shared::SockShared;

fn out_ptr<'a, T>(p: *mut T, what: &str) -> Result<&'a mut T, Error> {
    if p.is_null() {
        return Err(Error::param(format!("{what}: NULL")));
    }
    // SAFETY: a caller-provided out-param, checked non-NULL.
    Ok(unsafe { &mut *p })
}

/// `getDefaultNet`: the default network's `netId` (the interface of the main table's IPv4
/// default route with the lowest metric, else the IPv6 one's), or 0 when there is none
/// (the spec's "no network" value). 401 for NULL, 2100003 when the kernel's tables cannot
/// be read.
#[no_mangle]
pub extern "C" fn nethttp_net_get_default_net(net_id: *mut i32) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(net_id, "net_id")?;
            *out = netinfo::read()?.default.unwrap_or(0);
            Ok(())
        })())
    })
}

/// `hasDefaultNet`: whether there is a default network.
#[no_mangle]
pub extern "C" fn nethttp_net_has_default_net(has: *mut bool) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(has, "has")?;
            *out = netinfo::read()?.default.is_some();
            Ok(())
        })())
    })
}

/// `isDefaultNetMetered`: false (Linux tells no metering; every network has NOT_METERED).
/// 2100001 when there is no default network.
#[no_mangle]
pub extern "C" fn nethttp_net_is_default_net_metered(metered: *mut bool) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(metered, "metered")?;
            let s = netinfo::read()?;
            let d = s.default.ok_or_else(|| {
                Error::new(crate::net::ERR_INVALID_VALUE, "there is no default network")
            })?;
            *out = !s.net(d)?.caps.caps.contains(&netinfo::CAP_NOT_METERED);
            Ok(())
        })())
    })
}

/// `getAllNets`: the `netId` of every network (an interface that is up, not loopback, with
/// an address other than an IPv6 link-local one; its netId is the interface index), in
/// index order. Fills at most `capacity` entries of `ids` (NULL when `capacity` is 0) and
/// sets `*count` to how many there are (call again with more room when it is larger).
#[no_mangle]
pub extern "C" fn nethttp_net_get_all_nets(
    ids: *mut i32,
    capacity: usize,
    count: *mut usize,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(count, "count")?;
            if ids.is_null() && capacity > 0 {
                return Err(Error::param("ids: NULL with a capacity"));
            }
            let s = netinfo::read()?;
            for (i, n) in s.nets.iter().take(capacity).enumerate() {
                // SAFETY: the caller's array of `capacity` entries.
                unsafe { *ids.add(i) = n.id };
            }
            *out = s.nets.len();
            Ok(())
        })())
    })
}

/// `getNetCapabilities`: bearer type from the interface (WIFI for a wireless one, CELLULAR
/// for wwan, BLUETOOTH for bnep, VPN for tun/tap/WireGuard/PPP or point-to-point, else
/// ETHERNET); NOT_METERED always, INTERNET when a default route goes through it, NOT_VPN
/// unless VPN, VALIDATED after `nethttp_net_report_connected` (nethttp runs no probe of its
/// own). `*out` is freed with `nethttp_net_capabilities_free`. 2100001 for no such network.
#[no_mangle]
pub extern "C" fn nethttp_net_get_capabilities(
    net_id: i32,
    out: *mut *mut nethttp_net_capabilities,
) -> i32 {
    net_query(net_id, out, |n| OwnedCaps::new(&n.caps).into_raw())
}

/// Answers `*out` for network `net_id` from a reading of the tables now.
fn net_query<T>(net_id: i32, out: *mut *mut T, make: impl FnOnce(&netinfo::Net) -> *mut T) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(out, "out")?;
            *out = make(netinfo::read()?.net(net_id)?);
            Ok(())
        })())
    })
}

/// Frees capabilities from nethttp (NULL is a no-op).
#[no_mangle]
pub extern "C" fn nethttp_net_capabilities_free(caps: *mut nethttp_net_capabilities) {
    boundary!((), {
        if !caps.is_null() {
            // SAFETY: from nethttp_net_get_capabilities; freed once.
            drop(unsafe { OwnedCaps::from_raw(caps) });
        }
    })
}

/// `getConnectionProperties`: the interface's name, addresses with prefix lengths, the
/// routes of the main table through it, its MTU, and its DNS servers and search domains
/// (`/etc/resolv.conf`'s servers belong to the default network and to any network with a
/// server inside one of its subnets). `*out` is freed with `nethttp_net_properties_free`.
/// 2100001 for no such network.
#[no_mangle]
pub extern "C" fn nethttp_net_get_properties(
    net_id: i32,
    out: *mut *mut nethttp_net_properties,
) -> i32 {
    net_query(net_id, out, |n| OwnedProps::new(&n.props).into_raw())
}

/// Frees properties from nethttp (NULL is a no-op).
#[no_mangle]
pub extern "C" fn nethttp_net_properties_free(props: *mut nethttp_net_properties) {
    boundary!((), {
        if !props.is_null() {
            // SAFETY: from nethttp_net_get_properties; freed once.
            drop(unsafe { OwnedProps::from_raw(props) });
        }
    })
}

/// Every network at once as JSON (free with `http_string_free`): `{"defaultNetId": N or
/// null, "nets": [{"netId", "isDefault", "netCapabilities": {…}, "connectionProperties":
/// {…}}]}` with the spec's field names (`networkCap`, `bearerTypes`, `interfaceName`,
/// `domains`, `linkAddresses`, `dnses`, `routes`, `mtu`, …).
#[no_mangle]
pub extern "C" fn nethttp_net_get_nets_json(out: *mut *mut c_char) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(out, "out")?;
            let j = netinfo::state_json(&netinfo::read()?).to_string();
            *out = CString::new(j).unwrap_or_default().into_raw();
            Ok(())
        })())
    })
}

fn report(net_id: i32, connected: bool) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if netinfo::report(net_id, connected)? {
                monitor::kick();
            }
            Ok(())
        })())
    })
}

/// `reportNetConnected`: the application found network `net_id` working; it gets the
/// VALIDATED capability (registered connections hear CAPABILITIES_CHANGE) until
/// `nethttp_net_report_disconnected` or until the network goes away. 2100001 for no such
/// network.
#[no_mangle]
pub extern "C" fn nethttp_net_report_connected(net_id: i32) -> i32 {
    report(net_id, true)
}

/// `reportNetDisconnected`: takes VALIDATED away from network `net_id`.
#[no_mangle]
pub extern "C" fn nethttp_net_report_disconnected(net_id: i32) -> i32 {
    report(net_id, false)
}

/// `NetHandle.bindSocket`: binds a TCP, UDP, multicast, TLS socket or server of the socket
/// module to network `net_id`'s interface (SO_BINDTODEVICE): its traffic leaves and is
/// received only there. Works before the socket exists (kept until bind or connect) and on
/// a live one. 401 for a local (Unix-domain) socket or a closed one, 2100001 for no such
/// network, 2301001 (EPERM) where the system refuses (before Linux 5.7 binding to a device
/// needs CAP_NET_RAW).
#[no_mangle]
pub extern "C" fn nethttp_net_bind_socket(net_id: i32, sock: *mut SockShared) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let sh = crate::ffi::sock::sock(sock)?;
            if sh.kind.is_local() {
                return Err(Error::param("bindSocket: a local socket has no network"));
            }
            let name = netinfo::read()?.net(net_id)?.props.interface.clone();
            let mut io = sh.io.lock();
            if io.has(crate::sock::shared::CLOSED) {
                return Err(Error::param("bindSocket: the socket is closed"));
            }
            let before = io.opts.device.replace(name);
            if let Some(s) = io.sock.as_ref() {
                if let Err(e) = io.opts.apply_device(s) {
                    io.opts.device = before;
                    return Err(e);
                }
            }
            Ok(())
        })())
    })
}

/// `NetHandle.getAddressesByName`: like `nethttp_net_get_addresses_by_name`, resolved the
/// way network `net_id` resolves: the hosts file, then that network's DNS servers (its
/// properties' `dnses`), queried through its interface (SO_BINDTODEVICE, whatever the
/// routing table prefers; where the system refuses that to an unprivileged process, from
/// the network's own address) with its search domains (2 s per server, two tries). Errors as
/// there, plus 2100001 for no such network and 2100002 when the network has no DNS server
/// or none answered.
#[no_mangle]
pub extern "C" fn nethttp_net_get_addresses_by_name_on(
    net_id: i32,
    host: *const c_char,
    family: i32,
    out: *mut *mut Addresses,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let host = arg_str(host, "host")?;
            let family = Family::from_i32(family)?;
            let out = out_ptr(out, "out")?;
            let ips = lookup::resolve_on(net_id, host, family)?;
            *out = Box::into_raw(Box::new(Addresses::new(&ips)));
            Ok(())
        })())
    })
}

/// `nethttp_net_lookup_start` through network `net_id` (see
/// `nethttp_net_get_addresses_by_name_on`).
#[no_mangle]
pub extern "C" fn nethttp_net_lookup_start_on(
    lookup: *mut LookupShared,
    net_id: i32,
    host: *const c_char,
    family: i32,
    cb: nethttp_net_lookup_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            arg_ref(lookup, "lookup")?;
            let host = arg_str(host, "host")?;
            let family = Family::from_i32(family)?;
            if cb.is_none() {
                return Err(Error::param("cb: NULL"));
            }
            // SAFETY: the caller's live handle (checked non-NULL above).
            let shared = unsafe { arc_ref(lookup as *const LookupShared) };
            lookup::start(shared, host, family, Some(net_id), cb, UserData(userdata))
        })())
    })
}

// ---- NetConnection ----

fn int_list(p: *const i32, n: usize, what: &str, ok: &[i32]) -> Result<Vec<i32>, Error> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if p.is_null() {
        return Err(Error::param(format!("{what}: NULL with a count")));
    }
    if n > 64 {
        return Err(Error::param(format!("{what}: {n} entries")));
    }
    // SAFETY: the caller's array of `n` entries.
    let v = unsafe { std::slice::from_raw_parts(p, n) }.to_vec();
    if let Some(bad) = v.iter().find(|x| !ok.contains(x)) {
        return Err(Error::param(format!("{what}: {bad} is not one of {ok:?}")));
    }
    Ok(v)
}

/// `createNetConnection(netSpecifier?, timeout?)`. `specifier` NULL: the connection follows
/// the default network (AVAILABLE for it, LOST when it goes or the default moves to
/// another network, which then comes AVAILABLE). Otherwise it follows every network whose
/// bearer type is one of `bearer_types` (none: any) and that has all of `net_caps`.
/// `timeout_ms` > 0: UNAVAILABLE once if nothing matched that long after `register`. On
/// success `*out` is the connection (destroy with `nethttp_net_conn_destroy`). 401 for an
/// unknown bearer type or capability or NULL arrays with counts.
#[no_mangle]
pub extern "C" fn nethttp_net_conn_create(
    specifier: *const nethttp_net_specifier,
    timeout_ms: u32,
    out: *mut *mut ConnShared,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(out, "out")?;
            let spec = match arg_ref(specifier, "specifier") {
                Err(_) => None,
                Ok(s) => Some(Spec {
                    bearers: int_list(
                        s.bearer_types,
                        s.bearer_types_count,
                        "bearer_types",
                        &[0, 1, 2, 3, 4],
                    )?,
                    caps: int_list(
                        s.net_caps,
                        s.net_caps_count,
                        "net_caps",
                        &[0, 11, 12, 15, 16, 17, 31],
                    )?,
                }),
            };
            let timeout =
                (timeout_ms > 0).then(|| std::time::Duration::from_millis(timeout_ms.into()));
            *out = Arc::into_raw(Arc::new(ConnShared::new(spec, timeout))) as *mut ConnShared;
            Ok(())
        })())
    })
}

/// Delivers the connection's events through `queue` instead of on the worker thread.
/// Before `nethttp_net_conn_register` only (401 while registered).
#[no_mangle]
pub extern "C" fn nethttp_net_conn_set_queue(conn: *mut ConnShared, queue: *mut Queue) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let c = arg_ref(conn, "conn")?;
            if c.is_registered() {
                return Err(Error::param("nethttp_net_conn_set_queue: registered"));
            }
            *c.queue.lock() = if queue.is_null() {
                None
            } else {
                // SAFETY: a live queue from http_queue_new; a new strong reference.
                Some(unsafe { arc_ref(queue as *const Queue) })
            };
            Ok(())
        })())
    })
}

fn conn_listen(
    conn: *mut ConnShared,
    t: i32,
    cb: nethttp_net_event_cb,
    ud: *mut c_void,
    once: bool,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let c = arg_ref(conn, "conn")?;
            let kind = nethttp_net_event_type::from_i32(t)
                .ok_or_else(|| Error::param(format!("type: {t} is not an event type")))?;
            if cb.is_none() {
                return Err(Error::param("cb: NULL"));
            }
            c.listeners.add(kind as u8, cb, UserData(ud), once);
            Ok(())
        })())
    })
}

/// Adds a listener for events of `type` (a `nethttp_net_event_type`); any number per type,
/// called in registration order with their own userdata, on the worker thread (or through
/// the connection's queue). Add them before `register`: the current networks are announced
/// right after it.
#[no_mangle]
pub extern "C" fn nethttp_net_conn_on(
    conn: *mut ConnShared,
    r#type: i32,
    cb: nethttp_net_event_cb,
    userdata: *mut c_void,
) -> i32 {
    conn_listen(conn, r#type, cb, userdata, false)
}

/// Like `nethttp_net_conn_on`, removed after its first call.
#[no_mangle]
pub extern "C" fn nethttp_net_conn_once(
    conn: *mut ConnShared,
    r#type: i32,
    cb: nethttp_net_event_cb,
    userdata: *mut c_void,
) -> i32 {
    conn_listen(conn, r#type, cb, userdata, true)
}

/// Removes the listeners of `type` registered with `cb` and `userdata`, or with `cb` NULL
/// every listener of `type`.
#[no_mangle]
pub extern "C" fn nethttp_net_conn_off(
    conn: *mut ConnShared,
    r#type: i32,
    cb: nethttp_net_event_cb,
    userdata: *mut c_void,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let c = arg_ref(conn, "conn")?;
            let kind = nethttp_net_event_type::from_i32(r#type)
                .ok_or_else(|| Error::param(format!("type: {} is not an event type", r#type)))?;
            let m = |f: nethttp_net_event_cb, u: UserData| {
                f.map(|f| f as usize) == cb.map(|c| c as usize) && u.0 == userdata
            };
            c.listeners.remove(
                kind as u8,
                cb.is_some().then_some(&m as &dyn Fn(_, _) -> bool),
            );
            Ok(())
        })())
    })
}

/// `register`: starts following the networks (the kernel's change notifications, coalesced
/// so a burst gives one event per network and kind). The networks that match now are
/// announced at once (AVAILABLE, CAPABILITIES_CHANGE, PROPERTIES_CHANGE each). 2101008
/// when registered already, 2101022 when 2000 connections are registered in the process.
#[no_mangle]
pub extern "C" fn nethttp_net_conn_register(conn: *mut ConnShared) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            arg_ref(conn, "conn")?;
            // SAFETY: the caller's live handle (checked non-NULL above).
            let c = unsafe { arc_ref(conn as *const ConnShared) };
            c.register()
        })())
    })
}

/// `unregister`: stops the events; once it returns no event of this registration starts
/// (one running on another thread is waited for; inside one of the connection's callbacks
/// it returns at once and nothing follows that callback). The connection can register
/// again. 2101007 when not registered.
#[no_mangle]
pub extern "C" fn nethttp_net_conn_unregister(conn: *mut ConnShared) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            arg_ref(conn, "conn")?;
            // SAFETY: the caller's live handle (checked non-NULL above).
            let c = unsafe { arc_ref(conn as *const ConnShared) };
            c.unregister()
        })())
    })
}

/// Destroys a connection from any thread, also inside its callbacks (unregistering it):
/// once this returns no callback of it starts. NULL is a no-op.
#[no_mangle]
pub extern "C" fn nethttp_net_conn_destroy(conn: *mut ConnShared) {
    boundary!((), {
        if conn.is_null() {
            return;
        }
        // SAFETY: from nethttp_net_conn_create; destroy consumes it.
        let c = unsafe { Arc::from_raw(conn as *const ConnShared) };
        c.destroy();
    })
}

// ---- the application's network and proxy ----

/// `setAppNet`: HTTP requests, WebSockets and sockets that name no network of their own go
/// through network `net_id` from now on (bound to its interface, as
/// `http_options_set_net_id` and `nethttp_net_bind_socket` do; sockets when they are
/// created). 0 clears it. 2100001 for no such network.
#[no_mangle]
pub extern "C" fn nethttp_net_set_app_net(net_id: i32) -> i32 {
    boundary!(UNKNOWN, { code(crate::net::app::set_app_net(net_id)) })
}

/// `getAppNet`: the application's network, 0 when none is set.
#[no_mangle]
pub extern "C" fn nethttp_net_get_app_net(net_id: *mut i32) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            *out_ptr(net_id, "net_id")? = crate::net::app::app_net();
            Ok(())
        })())
    })
}

/// `setAppHttpProxy`: the HTTP proxy of this application (arguments as
/// `http_options_set_proxy`'s), used by every request and WebSocket whose `usingProxy` is
/// the system proxy (`http_options_set_using_proxy(o, true)`) in place of the proxy
/// environment variables. `host` NULL clears it. 401 for bad arguments.
#[no_mangle]
pub extern "C" fn nethttp_net_set_app_http_proxy(
    host: *const c_char,
    port: u32,
    exclusions: *const *const c_char,
    count: usize,
    username: *const c_char,
    password: *const c_char,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            if host.is_null() {
                crate::net::app::set_app_proxy(None);
                return Ok(());
            }
            let p = crate::ffi::arg_proxy(host, port, exclusions, count, username, password)?;
            crate::net::app::set_app_proxy(Some(p));
            Ok(())
        })())
    })
}

/// `getDefaultHttpProxy` as JSON (free with `http_string_free`): the application's proxy
/// if set, else the environment's (`https_proxy`, `http_proxy`, `all_proxy`, either case;
/// `no_proxy` as the exclusion list): `{"host": "…", "port": N, "exclusionList": […],
/// "username": "…"}` (the password is never returned), or `null` when there is none.
/// 2100001 when the environment's value is not a proxy URL.
#[no_mangle]
pub extern "C" fn nethttp_net_get_default_http_proxy(out: *mut *mut c_char) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let out = out_ptr(out, "out")?;
            let j = match crate::net::app::default_proxy()? {
                None => serde_json::Value::Null,
                Some(p) => {
                    let mut v = serde_json::json!({
                        "host": p.host, "port": p.port, "exclusionList": p.exclusion_list,
                    });
                    if let Some(u) = p.username {
                        v["username"] = serde_json::json!(u);
                    }
                    v
                }
            };
            *out = CString::new(j.to_string()).unwrap_or_default().into_raw();
            Ok(())
        })())
    })
}

// ---- custom DNS rules ----

/// `addCustomDnsRule`: from now on `host` resolves to `ips` (`count` IPv4 or IPv6 address
/// texts, copied) in this process, ahead of any resolver: the lookups (also through a
/// network), socket connects to a host name, HTTP requests and WebSockets (which connect to
/// the rule's first address, the name kept for Host, SNI and certificate checks, also after
/// a redirect). A rule for the same host is replaced. 401 for a host that is empty, an IP
/// literal or not a name, no address or more than 64, or a text that is not an address.
#[no_mangle]
pub extern "C" fn nethttp_net_add_custom_dns_rule(
    host: *const c_char,
    ips: *const *const c_char,
    count: usize,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            let host = arg_str(host, "host")?;
            let list = crate::ffi::arg_str_array(ips, count, "ips")?;
            crate::net::app::add_rule(host, &list)
        })())
    })
}

/// `removeCustomDnsRule`: the host resolves as before again (0 also when it had no rule).
#[no_mangle]
pub extern "C" fn nethttp_net_remove_custom_dns_rule(host: *const c_char) -> i32 {
    boundary!(UNKNOWN, {
        code(arg_str(host, "host").and_then(crate::net::app::remove_rule))
    })
}

/// `clearCustomDnsRules`: removes every rule.
#[no_mangle]
pub extern "C" fn nethttp_net_clear_custom_dns_rules() -> i32 {
    boundary!(UNKNOWN, {
        crate::net::app::clear_rules();
        0
    })
}

// ---- getAddressByName ----

fn first_address(ips: Vec<std::net::IpAddr>, out: *mut nethttp_net_address) -> Result<(), Error> {
    let ip = ips
        .first()
        .ok_or_else(|| Error::new(crate::net::ERR_NOT_FOUND, "no address"))?;
    *out_ptr(out, "out")? = nethttp_net_address::from_ip(&std::net::SocketAddr::new(*ip, 0));
    Ok(())
}

/// `getAddressByName`: the first address `nethttp_net_get_addresses_by_name` would give, in
/// `*out` (family 1 or 2, port 0). Errors as there.
#[no_mangle]
pub extern "C" fn nethttp_net_get_address_by_name(
    host: *const c_char,
    family: i32,
    out: *mut nethttp_net_address,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            out_ptr(out, "out")?;
            let host = arg_str(host, "host")?;
            first_address(lookup::resolve(host, Family::from_i32(family)?)?, out)
        })())
    })
}

/// `NetHandle.getAddressByName`: the first address through network `net_id` (see
/// `nethttp_net_get_addresses_by_name_on`).
#[no_mangle]
pub extern "C" fn nethttp_net_get_address_by_name_on(
    net_id: i32,
    host: *const c_char,
    family: i32,
    out: *mut nethttp_net_address,
) -> i32 {
    boundary!(UNKNOWN, {
        code((|| {
            out_ptr(out, "out")?;
            let host = arg_str(host, "host")?;
            first_address(
                lookup::resolve_on(net_id, host, Family::from_i32(family)?)?,
                out,
            )
        })())
    })
}

// ---- device-only calls ----

fn device_only(what: &str) -> i32 {
    code(Err(Error::new(
        crate::core::error::NOT_SUPPORTED,
        format!("{what}: a device's system call, with no meaning for an application here"),
    )))
}

/// `setGlobalHttpProxy` (a system API of the device): always 801 (not supported); an
/// application's proxy is `nethttp_net_set_app_http_proxy`.
#[no_mangle]
pub extern "C" fn nethttp_net_set_global_http_proxy(json: *const c_char) -> i32 {
    let _ = json;
    boundary!(UNKNOWN, { device_only("setGlobalHttpProxy") })
}

/// `getGlobalHttpProxy`: always 801; `nethttp_net_get_default_http_proxy` answers for this
/// process.
#[no_mangle]
pub extern "C" fn nethttp_net_get_global_http_proxy(out: *mut *mut c_char) -> i32 {
    let _ = out;
    boundary!(UNKNOWN, { device_only("getGlobalHttpProxy") })
}

/// `setPacUrl` / `setPacFileUrl`: always 801 (nethttp evaluates no PAC scripts).
#[no_mangle]
pub extern "C" fn nethttp_net_set_pac_url(url: *const c_char) -> i32 {
    let _ = url;
    boundary!(UNKNOWN, { device_only("setPacUrl") })
}

/// `getPacUrl`: always 801.
#[no_mangle]
pub extern "C" fn nethttp_net_get_pac_url(out: *mut *mut c_char) -> i32 {
    let _ = out;
    boundary!(UNKNOWN, { device_only("getPacUrl") })
}

/// `enableAirplaneMode` / `disableAirplaneMode` (system APIs): always 801.
#[no_mangle]
pub extern "C" fn nethttp_net_set_airplane_mode(enabled: bool) -> i32 {
    let _ = enabled;
    boundary!(UNKNOWN, {
        device_only("enableAirplaneMode/disableAirplaneMode")
    })
}

/// `queryTraceRoute` / `queryProbeResult`: always 801 (they need raw sockets and the
/// device's probing service).
#[no_mangle]
pub extern "C" fn nethttp_net_query_trace_route(
    destination: *const c_char,
    out: *mut *mut c_char,
) -> i32 {
    let _ = (destination, out);
    boundary!(UNKNOWN, { device_only("queryTraceRoute") })
}
