//! Persistent state shared by every request of the process, each store opt-in and optionally
//! file-backed: the cookie jar ([`cookies`]), the HSTS cache ([`hsts`]) and the Alt-Svc cache
//! ([`altsvc`]). Each file is loaded when its store is opened, replaced atomically when
//! saved (on `nethttp_store_save`, on close, and at most once a second after a response
//! changed it), and a file with lines nethttp cannot read is kept beside it as
//! `FILE.corrupt` before the first save, so that nothing in it is lost.
//!
//! Requests see the stores through their easy handles: a handle configured while a store is
//! open uses it ([`apply`]); opening, closing or clearing a store bumps [`generation`], so
//! pooled handles are configured again before their next request.

pub mod altsvc;
pub mod cookies;
pub mod date;
mod hsts;
mod samesite;

use crate::core::error::{Error, CURL_BASE, PARAMETER};
use curl::easy::Easy2;
use parking_lot::Mutex;
use std::ffi::CString;
use std::os::raw::{c_char, c_long, c_void};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::time::{Duration, Instant};

/// Store bits (`nethttp_store`).
pub const COOKIES: i32 = 1;
pub const HSTS: i32 = 2;
pub const ALTSVC: i32 = 4;
pub const ALL: i32 = COOKIES | HSTS | ALTSVC;

/// A changed store is saved at most this often by the worker.
pub const AUTOSAVE_INTERVAL: Duration = Duration::from_secs(1);

const CURLOPT_HSTS_CTRL: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_LONG + 299;
const CURLOPT_HSTSREADFUNCTION: curl_sys::CURLoption = 20_000 + 301;
const CURLOPT_HSTSREADDATA: curl_sys::CURLoption = 10_000 + 302;
const CURLHSTS_ENABLE: c_long = 1;
const CURLSTS_OK: i32 = 0;
const CURLSTS_DONE: i32 = 1;
const CURLSTS_FAIL: i32 = 2;

struct Backing {
    path: Option<PathBuf>,
    dirty: bool,
    /// The file had lines that could not be read: it is copied aside before the first save.
    keep_corrupt: bool,
}

impl Backing {
    fn new(path: Option<PathBuf>) -> Backing {
        Backing {
            path,
            dirty: false,
            keep_corrupt: false,
        }
    }
}

#[derive(Default)]
struct State {
    /// The cookie jar is open (the cookies live in the process share, [`share`]), and the
    /// SameSite attributes of its cookies.
    cookies: Option<Backing>,
    same_site: Option<samesite::SameSites>,
    hsts: Option<(hsts::Hsts, Backing)>,
    altsvc: Option<(altsvc::AltSvcCache, Backing)>,
    last_save: Option<Instant>,
}

static STATE: Mutex<State> = Mutex::new(State {
    cookies: None,
    same_site: None,
    hsts: None,
    altsvc: None,
    last_save: None,
});
/// Bumped whenever handles must be configured again (a store opened, closed or cleared, or
/// the HSTS cache changed in a way handles cannot learn themselves).
static GENERATION: AtomicU64 = AtomicU64::new(1);
/// The open stores (bits), read once per request.
static OPEN: AtomicU8 = AtomicU8::new(0);
/// Some store changed since its last save.
static DIRTY: AtomicU8 = AtomicU8::new(0);

/// The process share (created on first use, kept for the process: handles point at it).
pub fn share() -> Result<&'static cookies::Share, Error> {
    static SHARE: once_cell::sync::OnceCell<cookies::Share> = once_cell::sync::OnceCell::new();
    SHARE.get_or_try_init(cookies::Share::new)
}

/// Whether a handle that had the cookie engine on must be replaced by a fresh one before
/// its next configuration (the jar closed: libcurl has no way to turn the engine off).
pub fn needs_fresh_handle(cookie_engine: bool) -> bool {
    cookie_engine && open_stores() & COOKIES == 0
}

/// What handles were configured for: compare with a handle's.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// The open stores (bits).
pub fn open_stores() -> i32 {
    OPEN.load(Ordering::Acquire) as i32
}

fn bump() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
}

fn check_bits(stores: i32, one: bool) -> Result<(), Error> {
    let ok = stores != 0 && stores & !ALL == 0 && (!one || stores.count_ones() == 1);
    if ok {
        Ok(())
    } else {
        Err(Error::param(format!(
            "store: {stores} is not {} of NETHTTP_STORE_COOKIES (1), NETHTTP_STORE_HSTS (2), NETHTTP_STORE_ALTSVC (4)",
            if one { "one" } else { "a combination" }
        )))
    }
}

fn now() -> i64 {
    date::now()
}

/// Reads a store's file: its text (None when there is no file yet).
fn read_file(path: &Path, what: &str) -> Result<Option<String>, Error> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(String::from_utf8_lossy(&b).into_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::new(
            CURL_BASE + 37,
            format!("{what}: cannot read {}: {e}", path.display()),
        )),
    }
}

fn warn_corrupt(what: &str, path: &Path, bad: usize) {
    crate::core::debug::event(|| {
        format!(
            "{what}: {bad} unreadable line(s) in {} skipped; the file is kept as {}.corrupt",
            path.display(),
            path.display()
        )
    });
}

/// Opens a store: loads its file (`path` None: in memory only) and makes every request
/// use it. Opening an open store first closes it (saving it).
pub fn open(store: i32, path: Option<&str>) -> Result<(), Error> {
    check_bits(store, true)?;
    let path = match path {
        Some("") => return Err(Error::param("path: empty (NULL keeps the store in memory)")),
        Some(p) => Some(PathBuf::from(p)),
        None => None,
    };
    if let Some(dir) = path.as_deref().and_then(Path::parent) {
        if !dir.as_os_str().is_empty() && !dir.is_dir() {
            return Err(Error::new(
                CURL_BASE + 37,
                format!("store: directory {} does not exist", dir.display()),
            ));
        }
    }
    if open_stores() & store != 0 {
        close(store)?;
    }
    let mut st = STATE.lock();
    let text = match &path {
        Some(p) => read_file(p, "store")?,
        None => None,
    };
    let mut backing = Backing::new(path.clone());
    match store {
        COOKIES => {
            let jar = share()?;
            jar.clear()?;
            let mut same = samesite::SameSites::default();
            if let Some(t) = &text {
                let mut bad = 0;
                let mut good = Vec::new();
                for l in t.lines() {
                    if same.load_line(l) {
                        continue;
                    }
                    match cookies::check_line(l) {
                        Some(Ok(l)) => good.push(l),
                        Some(Err(())) => bad += 1,
                        None => {}
                    }
                }
                jar.load_lines(good.into_iter())?;
                if bad > 0 {
                    backing.keep_corrupt = true;
                    warn_corrupt("cookie jar", path.as_deref().expect("read"), bad);
                }
            }
            st.cookies = Some(backing);
            st.same_site = Some(same);
        }
        HSTS => {
            let mut h = hsts::Hsts::default();
            if let Some(t) = &text {
                let (_, bad) = h.load_file_text(t, now());
                if bad > 0 {
                    backing.keep_corrupt = true;
                    warn_corrupt("HSTS cache", path.as_deref().expect("read"), bad);
                }
            }
            st.hsts = Some((h, backing));
        }
        _ => {
            let mut a = altsvc::AltSvcCache::default();
            if let Some(t) = &text {
                let r = a.load_file_text(t, now());
                if r.bad_lines > 0 {
                    backing.keep_corrupt = true;
                    warn_corrupt("Alt-Svc cache", path.as_deref().expect("read"), r.bad_lines);
                }
            }
            st.altsvc = Some((a, backing));
            // Alternatives without persist=1 are dropped when the network changes.
            crate::net::monitor::on_default_network_change(Some(alt_svc_network_changed));
        }
    }
    OPEN.fetch_or(store as u8, Ordering::AcqRel);
    bump();
    Ok(())
}

/// Writes one store's file (if it has one) atomically.
fn save_one(st: &mut State, store: i32) -> Result<(), Error> {
    let now = now();
    let (text, backing) = match store {
        COOKIES => {
            let (Ok(jar), Some(b)) = (share(), st.cookies.as_mut()) else {
                return Ok(());
            };
            if b.path.is_none() {
                b.dirty = false;
                return Ok(());
            }
            let mut t = String::from(
                "# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n# Written by nethttp.\n\n",
            );
            let lines = jar.lines()?;
            for l in &lines {
                t.push_str(l);
                t.push('\n');
            }
            // The SameSite attributes of the cookies still there, as comments curl skips.
            if let Some(same) = st.same_site.as_mut() {
                let live = lines
                    .iter()
                    .filter_map(|l| samesite::cookie_json(l, same).map(|(k, _)| k))
                    .collect();
                same.retain(&live);
                for l in same.lines() {
                    t.push_str(&l);
                    t.push('\n');
                }
            }
            let b = st.cookies.as_mut().expect("checked above");
            (t, b)
        }
        HSTS => {
            let Some((h, b)) = st.hsts.as_mut() else {
                return Ok(());
            };
            (h.to_file_text(now), b)
        }
        _ => {
            let Some((a, b)) = st.altsvc.as_mut() else {
                return Ok(());
            };
            (a.to_file_text(now), b)
        }
    };
    let Some(path) = backing.path.clone() else {
        backing.dirty = false;
        return Ok(());
    };
    if backing.keep_corrupt {
        let mut aside = path.clone().into_os_string();
        aside.push(".corrupt");
        std::fs::copy(&path, &aside).map_err(|e| {
            Error::new(
                CURL_BASE + 23,
                format!("store: cannot keep {} aside: {e}", path.display()),
            )
        })?;
        backing.keep_corrupt = false;
    }
    crate::core::file::write_atomic(&path, text.as_bytes()).map_err(|e| {
        Error::new(
            CURL_BASE + 23,
            format!("store: cannot write {}: {e}", path.display()),
        )
    })?;
    backing.dirty = false;
    Ok(())
}

/// Saves the given open stores that have files.
pub fn save(stores: i32) -> Result<(), Error> {
    check_bits(stores, false)?;
    let mut st = STATE.lock();
    let mut first_err = None;
    for s in [COOKIES, HSTS, ALTSVC] {
        if stores & s != 0 && open_stores() & s != 0 {
            if let Err(e) = save_one(&mut st, s) {
                first_err.get_or_insert(e);
            } else {
                DIRTY.fetch_and(!(s as u8), Ordering::AcqRel);
            }
        }
    }
    st.last_save = Some(Instant::now());
    first_err.map_or(Ok(()), Err)
}

/// Forgets everything in the given open stores (and saves them empty).
pub fn clear(stores: i32) -> Result<(), Error> {
    check_bits(stores, false)?;
    {
        let mut st = STATE.lock();
        if stores & COOKIES != 0 && st.cookies.is_some() {
            share()?.clear()?;
            if let Some(s) = st.same_site.as_mut() {
                s.clear();
            }
        }
        if let Some((h, _)) = st.hsts.as_mut().filter(|_| stores & HSTS != 0) {
            h.clear();
        }
        if let Some((a, _)) = st.altsvc.as_mut().filter(|_| stores & ALTSVC != 0) {
            a.clear();
        }
    }
    bump();
    let open = stores & open_stores();
    if open != 0 {
        save(open)
    } else {
        Ok(())
    }
}

/// Saves and closes the given stores: requests stop using them.
pub fn close(stores: i32) -> Result<(), Error> {
    check_bits(stores, false)?;
    let open = stores & open_stores();
    let saved = if open != 0 { save(open) } else { Ok(()) };
    let mut st = STATE.lock();
    if stores & COOKIES != 0 {
        st.same_site = None;
    }
    if stores & COOKIES != 0 && st.cookies.take().is_some() {
        if let Ok(j) = share() {
            let _ = j.clear();
        }
    }
    if stores & HSTS != 0 {
        st.hsts = None;
    }
    if stores & ALTSVC != 0 && st.altsvc.take().is_some() {
        crate::net::monitor::on_default_network_change(None);
    }
    OPEN.fetch_and(!(stores as u8), Ordering::AcqRel);
    DIRTY.fetch_and(!(stores as u8), Ordering::AcqRel);
    bump();
    saved
}

/// How many entries an open store holds (cookies, HSTS hosts, Alt-Svc origins).
pub fn count(store: i32) -> Result<u64, Error> {
    check_bits(store, true)?;
    let st = STATE.lock();
    let n = match store {
        COOKIES => match st.cookies {
            Some(_) => share()?.lines()?.len(),
            None => return Err(not_open(store)),
        },
        HSTS => st.hsts.as_ref().ok_or_else(|| not_open(store))?.0.len(),
        _ => st.altsvc.as_ref().ok_or_else(|| not_open(store))?.0.len(),
    };
    Ok(n as u64)
}

/// Every cookie of the open jar as a JSON array (see `nethttp_store_cookies_json`).
pub fn cookies_json() -> Result<String, Error> {
    let st = STATE.lock();
    let (Some(_), Some(same)) = (&st.cookies, &st.same_site) else {
        return Err(not_open(COOKIES));
    };
    let all: Vec<serde_json::Value> = share()?
        .lines()?
        .iter()
        .filter_map(|l| samesite::cookie_json(l, same).map(|(_, j)| j))
        .collect();
    Ok(serde_json::Value::Array(all).to_string())
}

fn not_open(store: i32) -> Error {
    Error::new(
        PARAMETER,
        format!("store {store} is not open (nethttp_store_open first)"),
    )
}

fn mark_dirty(store: i32) {
    DIRTY.fetch_or(store as u8, Ordering::AcqRel);
}

/// When the worker should save changed stores (None: nothing to save).
pub fn autosave_at() -> Option<Instant> {
    if DIRTY.load(Ordering::Acquire) == 0 {
        return None;
    }
    let st = STATE.lock();
    Some(
        st.last_save
            .map_or_else(Instant::now, |t| t + AUTOSAVE_INTERVAL),
    )
}

/// Saves the changed stores if their time has come (called by the worker).
pub fn autosave(now: Instant) {
    let dirty = DIRTY.load(Ordering::Acquire) as i32;
    if dirty == 0 {
        return;
    }
    if autosave_at().is_some_and(|t| t > now) {
        return;
    }
    if let Err(e) = save(dirty & open_stores()) {
        crate::core::debug::event(|| format!("store: autosave failed: {}", e.message));
    }
}

/// A handle's HSTS entries still to give libcurl (its read callback pops one per call).
#[derive(Default)]
pub struct HstsFeed {
    pending: Vec<(CString, bool, String)>,
}

extern "C" fn hsts_read(_: *mut curl_sys::CURL, e: *mut HstsEntry, ud: *mut c_void) -> i32 {
    // No panic crosses into libcurl: a failure ends the feed (CURLSTS_FAIL aborts the
    // transfer with an error).
    crate::core::error::catch(|| hsts_next(e, ud)).unwrap_or(CURLSTS_FAIL)
}

fn hsts_next(e: *mut HstsEntry, ud: *mut c_void) -> i32 {
    // SAFETY: `ud` is the handle's HstsFeed (boxed in its Handler, alive while the handle
    // is); `e` is libcurl's entry with `namelen` bytes of name buffer.
    let (feed, e) = unsafe { (&mut *(ud as *mut HstsFeed), &mut *e) };
    while let Some((host, sub, exp)) = feed.pending.pop() {
        let name = host.as_bytes_with_nul();
        if name.len() > e.namelen || exp.len() >= e.expire.len() {
            continue;
        }
        // SAFETY: both buffers are large enough (checked above).
        unsafe {
            std::ptr::copy_nonoverlapping(name.as_ptr() as *const c_char, e.name, name.len());
            std::ptr::copy_nonoverlapping(
                exp.as_ptr() as *const c_char,
                e.expire.as_mut_ptr(),
                exp.len(),
            );
        }
        e.expire[exp.len()] = 0;
        e.include_subdomains = u8::from(sub);
        return CURLSTS_OK;
    }
    CURLSTS_DONE
}

/// libcurl's `struct curl_hstsentry` (x86_64 and aarch64: the one-bit field in the byte
/// at offset 16, `expire` at 17).
#[repr(C)]
pub struct HstsEntry {
    name: *mut c_char,
    namelen: usize,
    include_subdomains: u8,
    expire: [c_char; 18],
}

fn setopt_ptr<H>(
    easy: &mut Easy2<H>,
    opt: curl_sys::CURLoption,
    p: *mut c_void,
) -> Result<(), Error> {
    // SAFETY: a pointer option on a live handle.
    let rc = unsafe { curl_sys::curl_easy_setopt(easy.raw(), opt, p) };
    if rc == curl_sys::CURLE_OK {
        Ok(())
    } else {
        Err(Error::from_curl(&curl::Error::new(rc)))
    }
}

/// Configures a handle (fresh or reset) for the process share and the open stores;
/// `attached` says whether it was configured for some store before (curl_easy_reset keeps a
/// handle's HSTS cache), `cookie_engine` whether it ever had the cookie engine on; both are
/// updated. Runs on the thread that runs the handle's transfers.
pub fn apply<H>(
    easy: &mut Easy2<H>,
    feed: &mut Box<HstsFeed>,
    attached: &mut bool,
    cookie_engine: &mut bool,
    doh: bool,
) -> Result<(), Error> {
    use crate::core::curl::{setopt_long, setopt_null, setopt_str};
    let open = open_stores();
    // The share. A request with dnsOverHttps keeps its DoH server's own (set with its
    // other options, so that its DNS answers stay apart from the system resolver's): a
    // handle has one share, so the cookie jar and the shared TLS sessions do not apply to
    // it (documented). Every other handle gets the process share.
    if doh {
        if open & COOKIES != 0 {
            crate::core::debug::event(|| {
                "a request with dnsOverHttps does not use the cookie jar".to_string()
            });
        }
        setopt_null(easy, curl_sys::CURLOPT_COOKIEFILE)?;
    } else {
        let share = share()?.share() as *mut c_void;
        if open == 0 && !*attached {
            return setopt_ptr(easy, curl_sys::CURLOPT_SHARE, share);
        }
        // Cookies: the share's engine while the jar is open (a handle that had it is
        // replaced once the jar closes, see `needs_fresh_handle`: libcurl cannot turn it
        // off). The order matters: COOKIEFILE NULL empties the handle's list of files and
        // unlinks the share's cookies; CURLOPT_SHARE links them again; COOKIEFILE "" turns
        // the engine on.
        let jar_open = STATE.lock().cookies.is_some();
        setopt_null(easy, curl_sys::CURLOPT_COOKIEFILE)?;
        setopt_ptr(easy, curl_sys::CURLOPT_SHARE, share)?;
        if jar_open {
            setopt_str(easy, curl_sys::CURLOPT_COOKIEFILE, Some(c""))?;
            *cookie_engine = true;
        }
    }
    if open == 0 && !*attached {
        return Ok(());
    }
    let st = STATE.lock();
    // HSTS: a fresh cache of the handle's own, fed from ours before its next transfer.
    setopt_long(easy, CURLOPT_HSTS_CTRL, 0)?;
    feed.pending.clear();
    if let Some((h, _)) = &st.hsts {
        setopt_long(easy, CURLOPT_HSTS_CTRL, CURLHSTS_ENABLE)?;
        for (host, sub, exp) in h.entries(now()) {
            if let Ok(c) = CString::new(host) {
                feed.pending.push((c, sub, exp));
            }
        }
        type ReadFn = extern "C" fn(*mut curl_sys::CURL, *mut HstsEntry, *mut c_void) -> i32;
        let f: ReadFn = hsts_read;
        // SAFETY: a function option on a live handle.
        let rc = unsafe { curl_sys::curl_easy_setopt(easy.raw(), CURLOPT_HSTSREADFUNCTION, f) };
        if rc != curl_sys::CURLE_OK {
            return Err(Error::from_curl(&curl::Error::new(rc)));
        }
        setopt_ptr(
            easy,
            CURLOPT_HSTSREADDATA,
            &mut **feed as *mut HstsFeed as *mut c_void,
        )?;
    }
    *attached = open != 0;
    Ok(())
}

/// The alternative service to reach an https origin by, as a CURLOPT_CONNECT_TO entry
/// (`host:port:alt-host:alt-port`), when the Alt-Svc cache knows a usable one.
pub fn alt_svc_connect_to(url: &str) -> Option<String> {
    if open_stores() & ALTSVC == 0 || !url.get(..8)?.eq_ignore_ascii_case("https://") {
        return None;
    }
    let u = crate::core::curl::url::CurlUrl::parse(url).ok()?;
    let (host, port) = (u.host().to_ascii_lowercase(), u.port()?);
    let mut st = STATE.lock();
    let (a, _) = st.altsvc.as_mut()?;
    let (_, alt_host, alt_port) = a.lookup(&host, port, now(), |p| p == "h2" || p == "http/1.1")?;
    let fmt = |h: &str| {
        if h.contains(':') {
            format!("[{h}]")
        } else {
            h.to_string()
        }
    };
    Some(format!(
        "{}:{port}:{}:{alt_port}",
        fmt(&host),
        fmt(&alt_host)
    ))
}

/// The default network changed (another interface, or other addresses on it): the
/// alternatives without `persist=1` are forgotten (RFC 7838 §2.2), on disk at the next save.
pub fn alt_svc_network_changed() {
    let mut st = STATE.lock();
    let Some((a, b)) = st.altsvc.as_mut() else {
        return;
    };
    if a.drop_transient() {
        b.dirty = true;
        mark_dirty(ALTSVC);
    }
}

/// Forgets an alternative that failed (`connect_to` as [`alt_svc_connect_to`] made it).
pub fn alt_svc_failed(connect_to: &str) {
    let mut st = STATE.lock();
    let Some((a, b)) = st.altsvc.as_mut() else {
        return;
    };
    // host:port:alt-host:alt-port, hosts possibly bracketed.
    let parts = split_connect_to(connect_to);
    if let Some((h, p, ah, ap)) = parts {
        for alpn in ["h2", "http/1.1"] {
            a.remove(&h, p, alpn, &ah, ap);
        }
        b.dirty = true;
        mark_dirty(ALTSVC);
    }
}

fn split_connect_to(s: &str) -> Option<(String, u16, String, u16)> {
    fn host(s: &str) -> Option<(&str, &str)> {
        if let Some(r) = s.strip_prefix('[') {
            let (h, rest) = r.split_once("]:")?;
            Some((h, rest))
        } else {
            s.split_once(':')
        }
    }
    let (h, rest) = host(s)?;
    let (p, rest) = rest.split_once(':')?;
    let (ah, ap) = if let Some(r) = rest.strip_prefix('[') {
        r.split_once("]:")?
    } else {
        rest.rsplit_once(':')?
    };
    Some((
        h.to_string(),
        p.parse().ok()?,
        ah.to_string(),
        ap.parse().ok()?,
    ))
}

/// What one response's header block (of any hop) brings to the open stores. `raw`: the
/// transfer's handle (its effective URL is the hop's); `verified`: the server certificate
/// was checked (HSTS is noted only then, RFC 6797 §8.1).
///
/// # Safety
/// `raw` is the live easy handle whose header callback is running.
pub unsafe fn on_headers(
    raw: *mut curl_sys::CURL,
    head: &mut crate::http::response::HeaderBlock,
    verified: bool,
) {
    let open = open_stores();
    let cookies = open & COOKIES != 0 && head.cookie_field_count() > 0;
    if cookies {
        if let Some(b) = STATE.lock().cookies.as_mut() {
            b.dirty = true;
        }
        mark_dirty(COOKIES);
    }
    if !cookies && open & (HSTS | ALTSVC) == 0 {
        return;
    }
    head.ensure_parsed();
    let sts = if open & HSTS != 0 && verified {
        head.get("strict-transport-security").map(str::to_string)
    } else {
        None
    };
    let alt = if open & ALTSVC != 0 {
        head.get("alt-svc").map(str::to_string)
    } else {
        None
    };
    if !cookies && sts.is_none() && alt.is_none() {
        return;
    }
    let mut p: *const c_char = std::ptr::null();
    // SAFETY: a live handle during its callback; the string belongs to libcurl.
    let rc = unsafe { curl_sys::curl_easy_getinfo(raw, curl_sys::CURLINFO_EFFECTIVE_URL, &mut p) };
    if rc != curl_sys::CURLE_OK || p.is_null() {
        return;
    }
    // SAFETY: NUL-terminated text from libcurl.
    let url = unsafe { std::ffi::CStr::from_ptr(p) }
        .to_string_lossy()
        .into_owned();
    let Ok(u) = crate::core::curl::url::CurlUrl::parse(&url) else {
        return;
    };
    if cookies {
        let (host, path) = (u.host(), u.path());
        let mut st = STATE.lock();
        if let Some(same) = st.same_site.as_mut() {
            for (n, v) in head.fields() {
                if n == "set-cookie" {
                    same.note(v, &host, &path);
                }
            }
        }
    }
    if !u.scheme().eq_ignore_ascii_case("https") {
        return;
    }
    let host = u.host();
    let now = now();
    let mut st = STATE.lock();
    if let (Some(v), Some((h, b))) = (sts, st.hsts.as_mut()) {
        // A new host or a removed one: handles are configured again (their own libcurl
        // caches learn only from their own responses).
        if h.on_header(&host, &v, now).is_some() {
            b.dirty = true;
            mark_dirty(HSTS);
            bump();
        }
    }
    if let (Some(v), Some((a, b)), Some(port)) = (alt, st.altsvc.as_mut(), u.port()) {
        if a.on_header(&host.to_ascii_lowercase(), port, &v, now) {
            b.dirty = true;
            mark_dirty(ALTSVC);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connect_to_entries_split() {
        assert_eq!(
            split_connect_to("example.com:443:alt.example.com:8443"),
            Some(("example.com".into(), 443, "alt.example.com".into(), 8443))
        );
        assert_eq!(
            split_connect_to("[::1]:443:[::1]:8443"),
            Some(("::1".into(), 443, "::1".into(), 8443))
        );
        assert_eq!(split_connect_to("nonsense"), None);
    }

    #[test]
    fn store_bits() {
        assert!(check_bits(COOKIES, true).is_ok());
        assert!(check_bits(COOKIES | HSTS, true).is_err());
        assert!(check_bits(ALL, false).is_ok());
        assert!(check_bits(0, false).is_err());
        assert!(check_bits(8, false).is_err());
    }
}
