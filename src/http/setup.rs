//! Request options -> libcurl easy options, request-line building (extraData in the
//! URL or the body, content-type defaults), and URL parsing with libcurl's own parser.

use crate::core::curl::{setopt_long, setopt_null};
use crate::core::error::Error;
use crate::http::options::{ExtraData, Method, Protocol, RequestOptions};
use curl::easy::{Easy2, HttpVersion, List};
use std::ffi::CStr;
use std::os::raw::c_long;
use std::sync::Arc;
use std::time::Duration;

/// What a request sends: the final URL and the body, if any.
pub struct Prepared {
    pub url: String,
    pub body: Option<Vec<u8>>,
}

/// Applies the spec's `extraData` rules: GET-like methods append it to the URL (a
/// string verbatim, an object as URL-encoded pairs; bytes are refused), POST-like
/// methods send it as the body (an object as JSON).
pub fn prepare(url: &str, opts: &RequestOptions) -> Result<Prepared, Error> {
    if url.is_empty() {
        return Err(Error::param("url: empty URL"));
    }
    // Controls (0x00-0x1f, 0x7f) and space, one comparison per byte.
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(Error::param("url: control characters or spaces in the URL"));
    }
    let url = &*checked_scheme(url)?;
    crate::http::setup_net::validate(opts)?;
    let method = opts.method;
    let Some(data) = &opts.extra_data else {
        return Ok(Prepared {
            url: url.to_string(),
            // A multipart form is its own body.
            body: (method.sends_body() && !crate::http::setup_net::uses_form(opts)).then(Vec::new),
        });
    };
    if method.sends_body() {
        let body = match data {
            ExtraData::Text(s) => s.as_bytes().to_vec(),
            ExtraData::Bytes(b) => b.clone(),
            ExtraData::Json(v) => v.to_string().into_bytes(),
        };
        return Ok(Prepared {
            url: url.to_string(),
            body: Some(body),
        });
    }
    let query = match data {
        ExtraData::Text(s) => s.clone(),
        ExtraData::Json(serde_json::Value::Object(m)) => crate::http::options::urlencode_object(m),
        ExtraData::Json(_) => {
            return Err(Error::param(format!(
                "extraData: {} puts extraData in the URL and needs a string or an object",
                method.as_str()
            )))
        }
        ExtraData::Bytes(_) => {
            return Err(Error::param(format!(
                "extraData: bytes cannot be sent with {} (it puts extraData in the URL)",
                method.as_str()
            )))
        }
    };
    if query.is_empty() {
        return Ok(Prepared {
            url: url.to_string(),
            body: None,
        });
    }
    let (base, frag) = match url.find('#') {
        Some(i) => url.split_at(i),
        None => (url, ""),
    };
    let sep = if !base.contains('?') {
        "?"
    } else if base.ends_with('?') || base.ends_with('&') {
        ""
    } else {
        "&"
    };
    if query.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(Error::param(
            "extraData: a string appended to the URL must be URL-encoded (no spaces or control characters)",
        ));
    }
    Ok(Prepared {
        url: format!("{base}{sep}{query}{frag}"),
        body: None,
    })
}

/// The protocols a request may use, as libcurl names them for `CURLOPT_PROTOCOLS_STR`.
pub const ALLOWED_PROTOCOLS: &CStr = c"http,https";

/// Only `http://` and `https://` URLs reach libcurl. A URL without a scheme is `http://`
/// (libcurl would guess `ftp://` for `ftp.host`, `ldap://` for `ldap.host`, ...: never).
pub fn checked_scheme(url: &str) -> Result<std::borrow::Cow<'_, str>, Error> {
    match crate::core::curl::url::scheme_of(url) {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {
            Ok(url.into())
        }
        Some(s) => Err(Error::new(
            crate::core::error::UNSUPPORTED_PROTOCOL,
            format!(
                "url: scheme {s:?} is not allowed: only http:// and https:// URLs are requested"
            ),
        )),
        None => Ok(format!("http://{url}").into()),
    }
}

/// What a pooled easy handle was last configured for by [`apply`]. A request whose
/// libcurl-relevant options are the same needs only a new URL ([`set_url`]): no
/// `curl_easy_reset` and no dozen setopts per request.
pub struct Applied {
    opts: Arc<RequestOptions>,
    /// `opts.net` holds nothing set up per request (a multipart form, authentication state):
    /// only then is a handle reused as configured.
    reusable_net: bool,
    https: bool,
    body_len: Option<u64>,
    /// CURLOPT_URL as last set: setting it again makes libcurl parse it again.
    url: String,
    /// The debug hook's generation when configured (0: quiet).
    debug: u32,
    /// The application's network and proxy settings when configured.
    app: u64,
    /// The persistent stores' generation when configured (cookie jar, HSTS).
    state: u64,
}

impl Applied {
    pub fn new(opts: Arc<RequestOptions>, url: String, body_len: Option<u64>) -> Applied {
        Applied {
            reusable_net: reusable_net(&opts.net),
            opts,
            https: is_https(&url),
            body_len,
            url,
            debug: crate::core::debug::generation(),
            app: crate::net::app::generation(),
            state: crate::http::state::generation(),
        }
    }

    /// Sets the URL of a handle that [`serves`](Self::serves) the request, unless it is the
    /// URL the handle already has (setting it makes libcurl parse it again).
    pub fn set_url<H>(&mut self, easy: &mut Easy2<H>, url: &str) -> Result<(), Error> {
        if self.url != url {
            self.url.clear();
            easy.url(url).map_err(curl_err)?;
            self.url.push_str(url);
        }
        Ok(())
    }

    /// The handle was configured with something per request (an Alt-Svc CONNECT_TO): the
    /// next request configures it again.
    pub fn forbid_reuse(&mut self) {
        self.reusable_net = false;
    }

    /// The options the handle is configured with.
    pub fn options(&self) -> &RequestOptions {
        &self.opts
    }

    /// Records the options of the request now using the handle (equal for libcurl).
    pub fn set_options(&mut self, opts: Arc<RequestOptions>) {
        if !Arc::ptr_eq(&self.opts, &opts) {
            self.reusable_net = reusable_net(&opts.net);
            self.opts = opts;
        }
    }

    /// Whether a handle configured for `self` is configured exactly as [`apply`] would
    /// configure it for this request, apart from the URL.
    pub fn serves(&self, url: &str, opts: &Arc<RequestOptions>, body_len: Option<u64>) -> bool {
        self.body_len == body_len
            && self.https == is_https(url)
            && self.debug == crate::core::debug::generation()
            && self.app == crate::net::app::generation()
            && self.state == crate::http::state::generation()
            && self.reusable_net
            // The same shared options object (unchanged since: setters copy it) is equal.
            && (Arc::ptr_eq(&self.opts, opts) || same_curl_options(&self.opts, opts))
    }
}

/// Whether a handle configured with these transport, TLS and DNS options can serve another
/// request with equal options as it is: every option they set is a plain setting of the
/// handle (proxy, TLS versions and suites, trust, pins, client certificate, DoH, address
/// family), except a multipart form (consumed by its request) and server authentication
/// (its negotiation state belongs to one request).
fn reusable_net(net: &crate::http::netopts::NetOptions) -> bool {
    net.form.is_empty() && net.server_auth.is_none()
}

/// Whether every field [`apply`] reads is equal. Each field is named, so a new option does
/// not compile here until it is decided whether it reaches libcurl.
fn same_curl_options(a: &RequestOptions, b: &RequestOptions) -> bool {
    let RequestOptions {
        method,
        extra_data: _,       // already in the URL or the body (body_len compared)
        expect_data_type: _, // nethttp's own
        using_cache: _,      // nethttp's own
        priority: _,         // nethttp's own queue
        headers,
        read_timeout_ms,
        connect_timeout_ms,
        using_protocol,
        max_limit: _, // enforced by the transfer handler
        resume_from,
        resume_to,
        ca_path,
        max_redirects,
        net,
        ext,
    } = a;
    // Transport, TLS and DNS options are equal too (`a`'s are reusable: see reusable_net).
    *method == b.method
        && *headers == b.headers
        && *read_timeout_ms == b.read_timeout_ms
        && *connect_timeout_ms == b.connect_timeout_ms
        && *using_protocol == b.using_protocol
        && *resume_from == b.resume_from
        && *resume_to == b.resume_to
        && *ca_path == b.ca_path
        && *max_redirects == b.max_redirects
        && *net == b.net
        && *ext == b.ext
}

fn is_https(url: &str) -> bool {
    url.len() >= 8 && url[..8].eq_ignore_ascii_case("https://")
}

fn curl_err(e: curl::Error) -> Error {
    Error::from_curl(&e)
}

/// Sets every option of one request on a (reset) easy handle.
pub fn apply<H>(
    easy: &mut Easy2<H>,
    url: &str,
    opts: &RequestOptions,
    body_len: Option<u64>,
) -> Result<(), Error> {
    easy.signal(false).map_err(curl_err)?;
    restrict_protocols(easy)?;
    crate::core::debug::install(easy)?;
    easy.url(url).map_err(curl_err)?;
    // maxRedirects 0: redirects are not followed and the 3xx is the response. (libcurl
    // reports "too many redirects" for MAXREDIRS 0 even when not following.)
    if opts.max_redirects > 0 {
        easy.follow_location(true).map_err(curl_err)?;
        easy.max_redirections(opts.max_redirects)
            .map_err(curl_err)?;
    }
    // A proxy's CONNECT response is not the server's response.
    setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)?;

    match opts.method {
        Method::Get => {}
        Method::Head => easy.nobody(true).map_err(curl_err)?,
        m => {
            if let Some(len) = body_len {
                easy.post(true).map_err(curl_err)?;
                easy.post_field_size(len).map_err(curl_err)?;
            }
            if m != Method::Post {
                easy.custom_request(m.as_str()).map_err(curl_err)?;
            }
        }
    }

    let form = crate::http::setup_net::uses_form(opts);
    let mut list = List::new();
    for (n, v) in &opts.headers {
        if form && n.eq_ignore_ascii_case("content-type") {
            // libcurl writes multipart/form-data with its boundary.
            continue;
        }
        let line = if v.is_empty() {
            format!("{n};")
        } else {
            format!("{n}: {v}")
        };
        list.append(&line).map_err(curl_err)?;
    }
    if opts.header("content-type").is_none() && !form {
        // The spec's defaults: POST, PUT and DELETE send JSON; the rest form encoding.
        let ct = match opts.method {
            Method::Post | Method::Put | Method::Delete | Method::Patch => "application/json",
            _ => "application/x-www-form-urlencoded",
        };
        list.append(&format!("Content-Type: {ct}"))
            .map_err(curl_err)?;
    }
    if opts.ext.sse.is_some() {
        // Server-sent events: what EventSource sends, unless the application chose.
        if opts.header("accept").is_none() {
            list.append("Accept: text/event-stream").map_err(curl_err)?;
        }
        if opts.header("cache-control").is_none() {
            list.append("Cache-Control: no-cache").map_err(curl_err)?;
        }
    }
    let decode_here = crate::http::decode::in_library();
    easy.http_headers(list).map_err(curl_err)?;
    if decode_here {
        // nethttp decodes (the linked libcurl lacks some encodings): libcurl's decoding
        // stays off and the request advertises what nethttp decodes, through libcurl's own
        // Accept-Encoding line (cheaper per request than a custom header; an
        // Accept-Encoding in the request's headers replaces it).
        easy.accept_encoding(crate::http::decode::ACCEPT_ENCODING)
            .map_err(curl_err)?;
        setopt_long(easy, CURLOPT_HTTP_CONTENT_DECODING, 0)?;
    } else {
        // Every encoding the linked libcurl decodes (a custom Accept-Encoding header is
        // sent instead of libcurl's list, and the response is decoded all the same).
        easy.accept_encoding("").map_err(curl_err)?;
    }
    // An event stream lasts as long as the server keeps it: readTimeout (the whole
    // transfer's time) would cut every one; stallTimeout notices a dead connection.
    if opts.read_timeout_ms > 0 && opts.ext.sse.is_none() {
        easy.timeout(Duration::from_millis(opts.read_timeout_ms.into()))
            .map_err(curl_err)?;
    }
    if opts.connect_timeout_ms > 0 {
        easy.connect_timeout(Duration::from_millis(opts.connect_timeout_ms.into()))
            .map_err(curl_err)?;
    }
    if let Some(p) = opts.using_protocol {
        let https = is_https(url);
        let v = match p {
            Protocol::Http11 => HttpVersion::V11,
            Protocol::Http2 if https => HttpVersion::V2TLS,
            Protocol::Http2 => HttpVersion::V2PriorKnowledge,
            Protocol::Http3 => {
                if !https {
                    return Err(Error::new(
                        crate::core::error::CURL_BASE + 1,
                        "usingProtocol HTTP3 needs an https:// URL",
                    ));
                }
                if has_http3() {
                    HttpVersion::V3
                } else {
                    // The linked libcurl has no HTTP/3: the best available is used and the
                    // response reports the version actually negotiated.
                    HttpVersion::V2TLS
                }
            }
        };
        easy.http_version(v).map_err(curl_err)?;
    }
    match (opts.resume_from, opts.resume_to) {
        (None, None) => {}
        (from, to) => {
            let r = match (from.unwrap_or(0), to) {
                (f, Some(t)) => {
                    if t < f {
                        return Err(Error::param(format!(
                            "resumeTo: {t} is before resumeFrom {f}"
                        )));
                    }
                    format!("{f}-{t}")
                }
                (f, None) => format!("{f}-"),
            };
            easy.range(&r).map_err(curl_err)?;
        }
    }
    crate::http::setup_net::apply(easy, url, opts)?;
    apply_extensions(easy, &opts.ext)
}

/// nethttp's own options: the stall timeout (libcurl's low-speed check at 1 byte/s, whole
/// seconds) and the speed limits.
fn apply_extensions<H>(
    easy: &mut Easy2<H>,
    ext: &crate::http::options::Extensions,
) -> Result<(), Error> {
    if ext.stall_timeout_ms > 0 {
        easy.low_speed_limit(1).map_err(curl_err)?;
        let secs = u64::from(ext.stall_timeout_ms).div_ceil(1000);
        easy.low_speed_time(Duration::from_secs(secs))
            .map_err(curl_err)?;
    }
    if ext.max_recv_speed > 0 {
        easy.max_recv_speed(ext.max_recv_speed).map_err(curl_err)?;
    }
    if ext.max_send_speed > 0 {
        easy.max_send_speed(ext.max_send_speed).map_err(curl_err)?;
    }
    Ok(())
}

/// Lets the handle speak only HTTP and HTTPS, for the URL and for every redirect: the
/// second line behind [`checked_scheme`] (and the only one for redirects).
pub fn restrict_protocols<H>(easy: &mut Easy2<H>) -> Result<(), Error> {
    for opt in [CURLOPT_PROTOCOLS_STR, CURLOPT_REDIR_PROTOCOLS_STR] {
        // SAFETY: valid handle; libcurl copies the string.
        let rc = unsafe { curl_sys::curl_easy_setopt(easy.raw(), opt, ALLOWED_PROTOCOLS.as_ptr()) };
        if rc != curl_sys::CURLE_OK {
            return Err(Error::from_curl(&curl::Error::new(rc)));
        }
    }
    Ok(())
}

/// Trusts only the CA certificates at `ca`: a directory of hashed certificates (CAPATH)
/// or a PEM file (CAINFO); the other default location is unset.
pub fn set_ca_path<H>(easy: &mut Easy2<H>, ca: &str) -> Result<(), Error> {
    if std::path::Path::new(ca).is_dir() {
        easy.capath(ca).map_err(curl_err)?;
        // Only the directory: no bundled default file next to it.
        setopt_null(easy, curl_sys::CURLOPT_CAINFO)?;
    } else {
        easy.cainfo(ca).map_err(curl_err)?;
        setopt_null(easy, curl_sys::CURLOPT_CAPATH)?;
    }
    Ok(())
}

const CURLOPT_HTTP_CONTENT_DECODING: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_LONG + 158;

const CURLOPT_PROTOCOLS_STR: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_OBJECTPOINT + 318;
const CURLOPT_REDIR_PROTOCOLS_STR: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_OBJECTPOINT + 319;
pub const CURLOPT_SUPPRESS_CONNECT_HEADERS: curl_sys::CURLoption = curl_sys::CURLOPTTYPE_LONG + 265;

/// Whether the linked libcurl speaks HTTP/3.
pub fn has_http3() -> bool {
    curl::Version::get().feature_http3()
}

const CURLINFO_HTTP_VERSION: curl_sys::CURLINFO = curl_sys::CURLINFO_LONG + 46;

/// The HTTP version libcurl used for the last response.
pub fn http_version_used<H>(easy: &Easy2<H>) -> &'static CStr {
    // SAFETY: a live handle.
    unsafe { http_version_of(easy.raw()) }
}

/// The HTTP version libcurl used for the last response on a raw easy handle.
///
/// # Safety
/// `easy` must be a live libcurl easy handle.
pub unsafe fn http_version_of(easy: *mut curl_sys::CURL) -> &'static CStr {
    let mut v: c_long = 0;
    // SAFETY: CURLINFO_HTTP_VERSION writes a long; the handle is valid for the call.
    unsafe { curl_sys::curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &mut v) };
    match v {
        1 => c"1.0",
        2 => c"1.1",
        3 => c"2",
        30 => c"3",
        _ => c"",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::options::RequestOptions;

    #[test]
    fn extra_data_in_url_and_body() {
        let mut o = RequestOptions {
            extra_data: Some(ExtraData::Text("a=1&b=2".into())),
            ..Default::default()
        };
        assert_eq!(prepare("http://h/p", &o).unwrap().url, "http://h/p?a=1&b=2");
        assert_eq!(
            prepare("http://h/p?x=1#f", &o).unwrap().url,
            "http://h/p?x=1&a=1&b=2#f"
        );
        o.extra_data = Some(ExtraData::Json(serde_json::json!({"q": "a b&c"})));
        assert_eq!(
            prepare("http://h/p", &o).unwrap().url,
            "http://h/p?q=a+b%26c"
        );
        o.extra_data = Some(ExtraData::Bytes(vec![1]));
        assert_eq!(prepare("http://h/", &o).err().unwrap().code, 401);
        o.method = Method::Post;
        assert_eq!(prepare("http://h/", &o).unwrap().body, Some(vec![1]));
        o.extra_data = Some(ExtraData::Json(serde_json::json!({"a": 1})));
        assert_eq!(
            prepare("http://h/", &o).unwrap().body.unwrap(),
            b"{\"a\":1}"
        );
        o.extra_data = None;
        assert_eq!(prepare("http://h/", &o).unwrap().body, Some(vec![]));
        assert!(prepare("", &o).is_err());
        assert!(prepare("http://h/a b", &o).is_err());
    }

    /// The option paths an application sets (issue 19): each keeps a pooled handle as
    /// configured for the next request with equal options, from the same options object or
    /// from an equal one built again (an application's options object per request).
    #[test]
    fn option_paths_serve_pooled_handles() {
        use crate::http::netopts::{CertType, ClientCert, HttpProxy, ProxyMode};
        let url = "https://localhost:1/x";
        let pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
        let pin = "Fnt2375NPFN0zRbc1M0Oi5uZ05rY1u1VhVDrFT/+43Q=";
        let build = |which: usize| {
            let mut o = RequestOptions::default();
            o.set_ca_path("/ca.pem").unwrap();
            match which {
                0 => {}
                1 => o.net.set_remote_validation("skip").unwrap(),
                2 => o.net.set_ca_data(pem).unwrap(),
                3 => o.net.add_pin(pin, "SHA-256").unwrap(),
                4 => {
                    o.net.client_cert = Some(
                        ClientCert::new("/c.pem", CertType::Pem, Some("/c.key"), None).unwrap(),
                    )
                }
                _ => {
                    o.net.proxy = ProxyMode::Custom(
                        HttpProxy::new("127.0.0.1", 3128, vec![], None, None).unwrap(),
                    )
                }
            }
            Arc::new(o)
        };
        for which in 0..6 {
            let opts = build(which);
            let applied = Applied::new(opts.clone(), url.to_string(), None);
            assert!(applied.serves(url, &opts, None), "option set {which}");
            assert!(
                applied.serves(url, &build(which), None),
                "option set {which}, rebuilt"
            );
            for other in (0..6).filter(|&o| o != which) {
                assert!(
                    !applied.serves(url, &build(other), None),
                    "{which} vs {other}"
                );
            }
        }
    }

    #[test]
    fn schemes() {
        let o = RequestOptions::default();
        for bad in [
            "file:///etc/passwd",
            "ws://h/",
            "WSS://h/",
            "mqtt://h/t",
            "ftp://h/",
        ] {
            let e = prepare(bad, &o).err().unwrap();
            assert_eq!(e.code, crate::core::error::UNSUPPORTED_PROTOCOL, "{bad}");
            assert!(
                e.message
                    .contains(crate::core::curl::url::scheme_of(bad).unwrap()),
                "{}",
                e.message
            );
        }
        assert_eq!(prepare("Http://h/", &o).unwrap().url, "Http://h/");
        assert_eq!(prepare("ftp.h:21/x", &o).unwrap().url, "http://ftp.h:21/x");
    }
}
