//! The transport, TLS and DNS options (`netopts`) and `caPath` -> libcurl easy options.

use crate::core::error::{Error, CURL_BASE};
use crate::http::netopts::{
    AddressFamily, AuthType, CertType, FormContent, ProxyMode, TLS13_SUITES,
};
use crate::http::options::{Protocol, RequestOptions};
use curl::easy::{Auth, Easy2, Form, IpResolve, List, SslVersion};
use std::ffi::{CStr, CString};
use std::os::raw::c_char;

fn curl_err(e: curl::Error) -> Error {
    Error::from_curl(&e)
}

fn setopt_str<H>(
    easy: &mut Easy2<H>,
    opt: curl_sys::CURLoption,
    v: Option<&str>,
) -> Result<(), Error> {
    let c = match v {
        Some(s) => Some(CString::new(s).map_err(|_| Error::param("NUL in an option string"))?),
        None => None,
    };
    crate::core::curl::setopt_str(easy, opt, c.as_deref())
}

const CURLOPT_TLS13_CIPHERS: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_OBJECTPOINT + 276;

extern "C" {
    // libssl (OpenSSL 1.1.1+), linked through curl-sys: IANA suite name -> OpenSSL name.
    fn OPENSSL_cipher_name(stdname: *const c_char) -> *const c_char;
}

/// The OpenSSL name of an IANA (RFC) cipher suite name, if OpenSSL knows it.
pub fn openssl_cipher_name(iana: &str) -> Option<String> {
    let c = CString::new(iana).ok()?;
    // SAFETY: NUL-terminated input; returns a static string ("(NONE)" when unknown).
    let p = unsafe { OPENSSL_cipher_name(c.as_ptr()) };
    if p.is_null() {
        return None;
    }
    // SAFETY: static NUL-terminated string from libssl.
    let s = unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned();
    (s != "(NONE)").then_some(s)
}

fn ssl_version(v: crate::http::netopts::TlsVersion) -> SslVersion {
    use crate::http::netopts::TlsVersion::*;
    match v {
        V1_0 => SslVersion::Tlsv10,
        V1_1 => SslVersion::Tlsv11,
        V1_2 => SslVersion::Tlsv12,
        V1_3 => SslVersion::Tlsv13,
    }
}

/// Checks, on the caller's thread, what can be refused before a request starts.
pub fn validate(opts: &RequestOptions) -> Result<(), Error> {
    let net = &opts.net;
    if !net.form.is_empty() {
        if !opts.method.sends_body() {
            return Err(Error::param(format!(
                "multiFormDataList: {} sends no body; use POST, PUT or PATCH",
                opts.method.as_str()
            )));
        }
        if let Some(ct) = opts.header("content-type") {
            if !ct
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
            {
                return Err(Error::param(format!(
                    "multiFormDataList: used only with Content-Type multipart/form-data, not {ct:?}"
                )));
            }
        }
        if opts.extra_data.is_some() {
            return Err(Error::param(
                "multiFormDataList: extraData cannot be sent too; put it in a part",
            ));
        }
    }
    if let Some(tls) = &net.tls {
        for s in &tls.cipher_suites {
            if !TLS13_SUITES.contains(&s.as_str()) && openssl_cipher_name(s).is_none() {
                return Err(Error::param(format!(
                    "tlsOptions: cipher suite {s:?} is unknown to the linked TLS library"
                )));
            }
        }
    }
    Ok(())
}

/// Whether the request sends a multipart form.
pub fn uses_form(opts: &RequestOptions) -> bool {
    !opts.net.form.is_empty()
}

/// Sets the transport, TLS and DNS options on a (reset) easy handle.
pub fn apply<H>(easy: &mut Easy2<H>, url: &str, opts: &RequestOptions) -> Result<(), Error> {
    let net = &opts.net;
    let https = url.len() >= 8 && url[..8].eq_ignore_ascii_case("https://");

    // Several requests to one origin share one HTTP/2 connection: wait for it rather than
    // opening one connection each.
    if opts.using_protocol != Some(Protocol::Http11)
        && (https || opts.using_protocol == Some(Protocol::Http2))
    {
        easy.pipewait(true).map_err(curl_err)?;
    }

    apply_trust(easy, opts)?;
    // Custom DNS rules (a dnsServers entry, when there is one, is added with them later).
    set_connect_to(easy, None)?;
    let net_id = match net.net_id {
        0 => crate::net::app::app_net(),
        id => id,
    };
    if net_id != 0 {
        // "if!" : the interface by name only, never an address or host of that name.
        let name = crate::net::app::interface_name(net_id).ok_or_else(|| {
            Error::new(
                CURL_BASE + 45,
                format!("netId {net_id}: there is no such network interface"),
            )
        })?;
        easy.interface(&format!("if!{name}")).map_err(curl_err)?;
    }
    if net.skip_validation {
        easy.ssl_verify_peer(false).map_err(curl_err)?;
        easy.ssl_verify_host(false).map_err(curl_err)?;
    }

    if let Some(c) = &net.client_cert {
        easy.ssl_cert(&c.cert_path).map_err(curl_err)?;
        easy.ssl_cert_type(c.cert_type.as_str()).map_err(curl_err)?;
        if let Some(k) = &c.key_path {
            easy.ssl_key(k).map_err(curl_err)?;
            if c.cert_type != CertType::P12 {
                easy.ssl_key_type(c.cert_type.as_str()).map_err(curl_err)?;
            }
        }
        if let Some(p) = &c.key_password {
            easy.key_password(p).map_err(curl_err)?;
        }
    }

    if !net.pins.is_empty() {
        let list: Vec<String> = net.pins.iter().map(|p| format!("sha256//{p}")).collect();
        easy.pinned_public_key(&list.join(";")).map_err(curl_err)?;
    }

    if let Some(tls) = &net.tls {
        easy.ssl_min_max_version(ssl_version(tls.min), ssl_version(tls.max))
            .map_err(curl_err)?;
        let (v13, v12): (Vec<&String>, Vec<&String>) = tls
            .cipher_suites
            .iter()
            .partition(|s| TLS13_SUITES.contains(&s.as_str()));
        if !v13.is_empty() {
            let l: Vec<&str> = v13.iter().map(|s| s.as_str()).collect();
            setopt_str(easy, CURLOPT_TLS13_CIPHERS, Some(&l.join(":")))?;
        }
        if !v12.is_empty() {
            let mut names = Vec::with_capacity(v12.len());
            for s in v12 {
                names.push(openssl_cipher_name(s).ok_or_else(|| {
                    Error::param(format!("tlsOptions: cipher suite {s:?} is unknown"))
                })?);
            }
            easy.ssl_cipher_list(&names.join(":")).map_err(curl_err)?;
        }
    }

    if let Some(a) = &net.server_auth {
        easy.username(&a.username).map_err(curl_err)?;
        easy.password(&a.password).map_err(curl_err)?;
        let mut auth = Auth::new();
        match a.kind {
            AuthType::Auto => auth.auto(true),
            AuthType::Basic => auth.basic(true),
            AuthType::Digest => auth.digest(true),
            AuthType::Ntlm => auth.ntlm(true),
        };
        easy.http_auth(&auth).map_err(|e| {
            let mut err = curl_err(e);
            err.message = format!("serverAuthentication: {}", err.message);
            err
        })?;
    }

    match net.address_family {
        AddressFamily::Default => {}
        AddressFamily::OnlyV4 => easy.ip_resolve(IpResolve::V4).map_err(curl_err)?,
        AddressFamily::OnlyV6 => easy.ip_resolve(IpResolve::V6).map_err(curl_err)?,
    }

    match &net.proxy {
        // An empty proxy also stops libcurl from reading the proxy environment. An empty
        // no-proxy list changes nothing then (no proxy either way) but spares libcurl two
        // getenv calls (no_proxy, NO_PROXY) per request.
        ProxyMode::None => {
            easy.proxy("").map_err(curl_err)?;
            easy.noproxy("").map_err(curl_err)?;
        }
        ProxyMode::System => {
            // The application's proxy (`setAppHttpProxy`) stands for the system's.
            if let Some(p) = crate::net::app::app_proxy() {
                set_proxy(easy, &p)?;
            }
        }
        ProxyMode::Custom(p) => set_proxy(easy, p)?,
    }

    // A pooled handle keeps its share across curl_easy_reset: always set it.
    let share = match &net.doh_url {
        Some(doh) => {
            easy.doh_url(Some(doh)).map_err(curl_err)?;
            doh_share(doh)?
        }
        None => std::ptr::null_mut(),
    };
    // SAFETY: a share handle that lives for the rest of the process, or NULL to detach.
    let rc = unsafe { curl_sys::curl_easy_setopt(easy.raw(), curl_sys::CURLOPT_SHARE, share) };
    if rc != curl_sys::CURLE_OK {
        return Err(curl_err(curl::Error::new(rc)));
    }

    if uses_form(opts) {
        let mut form = Form::new();
        for p in &net.form {
            let mut part = form.part(&p.name);
            match &p.content {
                FormContent::Data(d) => {
                    match &p.remote_file_name {
                        Some(f) => part.buffer(f, d.clone()),
                        None => part.contents(d),
                    };
                }
                FormContent::File(path) => {
                    // Streamed from disk while the request is sent.
                    if let Err(e) = std::fs::File::open(path) {
                        return Err(Error::new(
                            CURL_BASE + 26,
                            format!("multiFormDataList: cannot read {path:?}: {e}"),
                        ));
                    }
                    part.file(path);
                    if let Some(f) = &p.remote_file_name {
                        part.filename(f);
                    }
                }
            }
            if let Some(ct) = &p.content_type {
                part.content_type(ct);
            }
            part.add()
                .map_err(|e| Error::param(format!("multiFormDataList: part {:?}: {e}", p.name)))?;
        }
        easy.httppost(form).map_err(curl_err)?;
    }
    Ok(())
}

static DOH_SHARES: parking_lot::Mutex<Vec<(String, &'static crate::http::state::cookies::Share)>> =
    parking_lot::Mutex::new(Vec::new());

/// The DNS cache for names resolved through `doh_url`: answers of one DoH server are kept
/// apart from the system resolver's (in the multi handle) and from other DoH servers', so a
/// request never gets an address (or a cached failure) from a resolver it did not ask.
/// One share per distinct DoH URL, kept for the life of the process.
fn set_proxy<H>(easy: &mut Easy2<H>, p: &crate::http::netopts::HttpProxy) -> Result<(), Error> {
    easy.proxy(&p.url()).map_err(curl_err)?;
    // Always set: the environment's no_proxy must not apply to an explicit proxy.
    easy.noproxy(&p.no_proxy()).map_err(curl_err)?;
    if let Some(u) = &p.username {
        easy.proxy_username(u).map_err(curl_err)?;
    }
    if let Some(pw) = &p.password {
        easy.proxy_password(pw).map_err(curl_err)?;
    }
    Ok(())
}

fn doh_share(doh_url: &str) -> Result<*mut curl_sys::CURLSH, Error> {
    let mut shares = DOH_SHARES.lock();
    if let Some((_, s)) = shares.iter().find(|(u, _)| u == doh_url) {
        return Ok(s.share());
    }
    // With locks: the worker's handles and blocking requests on callers' threads use it at
    // once. Kept (leaked) for the life of the process: handles may point at it.
    let sh = crate::http::state::cookies::Share::with(&[curl_sys::CURL_LOCK_DATA_DNS])?;
    let sh: &'static _ = Box::leak(Box::new(sh));
    shares.push((doh_url.to_string(), sh));
    Ok(sh.share())
}

/// `caPath` and `caData`: trust exactly those CAs (both given: the union).
fn apply_trust<H>(easy: &mut Easy2<H>, opts: &RequestOptions) -> Result<(), Error> {
    let data = opts.net.ca_data.as_deref();
    match (opts.ca_path.as_deref(), data) {
        (None, None) => {}
        (Some(dir), _) if std::path::Path::new(dir).is_dir() => {
            easy.capath(dir).map_err(curl_err)?;
            match data {
                Some(pem) => easy.ssl_cainfo_blob(pem.as_bytes()).map_err(curl_err)?,
                // Only the directory: no bundled default file next to it.
                None => setopt_str(easy, curl_sys::CURLOPT_CAINFO, None)?,
            }
        }
        (Some(file), None) => {
            easy.cainfo(file).map_err(curl_err)?;
            setopt_str(easy, curl_sys::CURLOPT_CAPATH, None)?;
        }
        (Some(file), Some(pem)) => {
            let mut all = std::fs::read(file).map_err(|e| {
                Error::new(CURL_BASE + 77, format!("caPath: cannot read {file:?}: {e}"))
            })?;
            all.push(b'\n');
            all.extend_from_slice(pem.as_bytes());
            easy.ssl_cainfo_blob(&all).map_err(curl_err)?;
            setopt_str(easy, curl_sys::CURLOPT_CAPATH, None)?;
        }
        (None, Some(pem)) => {
            easy.ssl_cainfo_blob(pem.as_bytes()).map_err(curl_err)?;
            setopt_str(easy, curl_sys::CURLOPT_CAPATH, None)?;
        }
    }
    Ok(())
}

/// Connects to `addr` for the request's host and port (addresses resolved through
/// `dnsServers`), keeping the name for Host, SNI and certificate checks.
pub fn set_connect_to<H>(easy: &mut Easy2<H>, entry: Option<&str>) -> Result<(), Error> {
    let rules = crate::net::app::rule_connect_to();
    if entry.is_none() && rules.is_empty() {
        return Ok(());
    }
    // The custom DNS rules first (the application's own answers win), then the entry.
    let mut l = List::new();
    for e in rules.iter().map(String::as_str).chain(entry) {
        l.append(e).map_err(curl_err)?;
    }
    easy.connect_to(l).map_err(curl_err)
}

/// The spec's code for a libcurl failure where libcurl's own code is less specific:
/// libcurl 8 reports a client key it cannot load (a wrong passphrase) as
/// CURLE_BAD_FUNCTION_ARGUMENT (43); the spec says 2300058, a local certificate error.
pub fn refine_error(mut e: Error) -> Error {
    if e.code == CURL_BASE + 43 && e.message.contains("private key") {
        e.code = CURL_BASE + 58;
    }
    e
}

const CURLINFO_USED_PROXY: curl_sys::CURLINFO = curl_sys::CURLINFO_LONG + 66;

/// A failure of a proxy tunnel, reported as one: 2300097 naming the proxy (libcurl reports a
/// CONNECT answered with 407 as "couldn't connect", and an answer that is not HTTP as
/// whatever its parser met first). `None` when the failure is not the proxy's: no proxy, the
/// tunnel was set up (the server's failure), the proxy could not be reached at all (2300005,
/// 2300007 as before), or a timeout or cancel.
///
/// # Safety
/// `easy` must be a live libcurl easy handle whose transfer just ended.
pub unsafe fn proxy_failure(
    easy: *mut curl_sys::CURL,
    opts: Option<&RequestOptions>,
    e: &Error,
) -> Option<Error> {
    let long = |info| {
        let mut v: std::os::raw::c_long = 0;
        // SAFETY: a CURLINFO_LONG query on a live handle; an unknown one leaves 0.
        let rc = unsafe { curl_sys::curl_easy_getinfo(easy, info, &mut v) };
        if rc == curl_sys::CURLE_OK {
            v
        } else {
            0
        }
    };
    if long(CURLINFO_USED_PROXY) == 0
        || [5, 6, 28, 42].contains(&(e.code - CURL_BASE))
        || e.code == crate::core::error::HEADERS_TOO_LARGE && e.message.starts_with("a response")
    {
        return None;
    }
    let status = long(curl_sys::CURLINFO_HTTP_CONNECTCODE);
    let mut connected: curl_sys::curl_off_t = 0;
    // SAFETY: CURLINFO_CONNECT_TIME_T writes a curl_off_t.
    unsafe { curl_sys::curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &mut connected) };
    // libcurl has no address for a connection that never finished setting up.
    let proxy = match opts.map(|o| &o.net.proxy) {
        Some(ProxyMode::Custom(p)) if p.host.contains(':') => format!("[{}]:{}", p.host, p.port),
        Some(ProxyMode::Custom(p)) => format!("{}:{}", p.host, p.port),
        _ => "(the system proxy, from the proxy environment variables)".to_string(),
    };
    let message = match status {
        // The tunnel was set up: what failed was the server's.
        200..=299 => return None,
        // No status line: the TCP connection to the proxy never came up (not reached), or
        // it did and the proxy's answer to CONNECT was not HTTP, or there was none.
        0 if connected <= 0 => return None,
        0 => format!(
            "proxy {proxy} did not answer the CONNECT tunnel request with HTTP ({})",
            e.message
        ),
        s => format!(
            "proxy {proxy} refused the CONNECT tunnel: it answered {s}{}",
            match s {
                407 => " (Proxy Authentication Required: the proxy wants a username and password)",
                401 => " (Unauthorized: some proxies answer so to wrong credentials)",
                403 => " (Forbidden)",
                404 => " (Not Found)",
                405 => " (Method Not Allowed)",
                500 => " (Internal Server Error)",
                502 => " (Bad Gateway: the proxy could not reach the server)",
                503 => " (Service Unavailable: the proxy could not reach the server)",
                504 => " (Gateway Timeout: the proxy could not reach the server in time)",
                _ => "",
            }
        ),
    };
    Some(Error::new(crate::core::error::PROXY, message))
}

const CURLINFO_CONNECT_TIME_T: curl_sys::CURLINFO = 0x60_0000 + 52;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cipher_names() {
        assert_eq!(
            openssl_cipher_name("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256").as_deref(),
            Some("ECDHE-ECDSA-AES128-GCM-SHA256")
        );
        assert_eq!(openssl_cipher_name("TLS_BOGUS"), None);
    }
}
