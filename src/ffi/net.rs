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
        arg_ref(addresses, "addresses").map_or(0, |a| a.0.len())
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
            let (text, fam) =
                a.0.get(index)
                    .ok_or_else(|| Error::param(format!("index: {index} of {}", a.0.len())))?;
            if address.is_null() {
                return Err(Error::param("address: NULL"));
            }
            // SAFETY: caller-provided out-params (family may be NULL).
            unsafe {
                *address = text.as_ptr();
                if !family.is_null() {
                    *family = *fam;
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
            lookup::start(shared, host, family, cb, UserData(userdata))
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
