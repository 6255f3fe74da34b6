//! `HttpRequestOptions`: the typed model, validation, and parsing of the spec's
//! JSON shape (camelCase keys).

use crate::core::error::Error;
use serde_json::{Map, Value};

/// Default and maximum of `maxLimit` (spec: 5 MiB default, 100 MiB maximum).
pub const DEFAULT_MAX_LIMIT: u64 = 5 * 1024 * 1024;
pub const MAX_MAX_LIMIT: u64 = 100 * 1024 * 1024;
/// Default read (whole-transfer) and connect timeouts, ms.
pub const DEFAULT_TIMEOUT_MS: u32 = 60_000;
/// Largest `resumeFrom` / `resumeTo` the spec allows (4 GiB).
pub const MAX_RESUME: u64 = 4_294_967_296;
/// Redirects followed when `maxRedirects` is not given.
pub const DEFAULT_MAX_REDIRECTS: u32 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Delete,
    Options,
    Trace,
    Connect,
    Patch,
}

impl Method {
    pub const ALL: [Method; 9] = [
        Method::Get,
        Method::Head,
        Method::Post,
        Method::Put,
        Method::Delete,
        Method::Options,
        Method::Trace,
        Method::Connect,
        Method::Patch,
    ];

    /// RFC 9110 9.2.2: repeating it has the effect of doing it once.
    pub fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get
                | Method::Head
                | Method::Put
                | Method::Delete
                | Method::Options
                | Method::Trace
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Head => "HEAD",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Trace => "TRACE",
            Method::Connect => "CONNECT",
            Method::Patch => "PATCH",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL
            .iter()
            .copied()
            .find(|m| m.as_str().eq_ignore_ascii_case(s))
    }

    /// POST-like methods send `extraData` as the request body; the others put it in the
    /// URL. The spec names POST and PUT; PATCH is POST-like too. DELETE follows the spec's
    /// URL rule.
    pub fn sends_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

/// `extraData`: a string, bytes, or a JSON value (object).
#[derive(Debug, Clone, PartialEq)]
pub enum ExtraData {
    Text(String),
    Bytes(Vec<u8>),
    Json(Value),
}

/// `HttpDataType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    String = 0,
    Object = 1,
    ArrayBuffer = 2,
}

impl DataType {
    pub fn from_i64(v: i64) -> Option<DataType> {
        match v {
            0 => Some(DataType::String),
            1 => Some(DataType::Object),
            2 => Some(DataType::ArrayBuffer),
            _ => None,
        }
    }
}

/// `HttpProtocol`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    Http11 = 0,
    Http2 = 1,
    Http3 = 2,
}

impl Protocol {
    pub fn from_i64(v: i64) -> Option<Protocol> {
        match v {
            0 => Some(Protocol::Http11),
            1 => Some(Protocol::Http2),
            2 => Some(Protocol::Http3),
            _ => None,
        }
    }
}

/// Request options (the spec's `HttpRequestOptions`). Created by `http_options_new` or
/// `http_options_from_json`, released by `http_options_free`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestOptions {
    pub method: Method,
    pub extra_data: Option<ExtraData>,
    pub expect_data_type: Option<DataType>,
    pub using_cache: bool,
    pub priority: u32,
    /// Request headers in insertion order; names unique case-insensitively.
    pub headers: Vec<(String, String)>,
    pub read_timeout_ms: u32,
    pub connect_timeout_ms: u32,
    pub using_protocol: Option<Protocol>,
    pub max_limit: u64,
    pub resume_from: Option<u64>,
    pub resume_to: Option<u64>,
    pub ca_path: Option<String>,
    pub max_redirects: u32,
    /// Transport, TLS and DNS fields (usingProxy, caData, clientCert, ...).
    pub net: crate::http::netopts::NetOptions,
    /// nethttp's own options beyond the spec (JSON: the `"nethttp"` object).
    pub ext: Extensions,
}

/// nethttp's extensions of `HttpRequestOptions`, kept apart so that an OpenHarmony options
/// object is never misread: in JSON they live in one nested `"nethttp": {...}` object whose
/// unknown fields are refused like any other.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Extensions {
    /// Abort when no body byte moves, either way, for this long (ms; 0 = off).
    pub stall_timeout_ms: u32,
    /// Receive at most this many bytes per second (0 = unlimited).
    pub max_recv_speed: u64,
    /// Send at most this many bytes per second (0 = unlimited).
    pub max_send_speed: u64,
    /// How the response cache takes part (the fetch standard's cache modes).
    pub cache_mode: CacheMode,
    /// Retries of failed attempts (off with `max_retries` 0).
    pub retry: RetryPolicy,
    /// Server-sent events mode (None: an ordinary request).
    pub sse: Option<SseOptions>,
}

/// `"nethttp": {"sse": {"maxReconnects": N, "retry": ms, "maxEventSize": bytes}}`: the
/// response is a `text/event-stream` parsed into events (see `crate::http::sse`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SseOptions {
    /// Reconnections after the stream ends or breaks (0: none, the default).
    pub max_reconnects: u32,
    /// The reconnection time until the stream sets one with `retry` (ms).
    pub retry_ms: u32,
    /// The longest line, and the most data one event may hold (bytes).
    pub max_event_size: u32,
}

impl Default for SseOptions {
    fn default() -> Self {
        SseOptions {
            max_reconnects: 0,
            retry_ms: SseOptions::DEFAULT_RETRY_MS,
            max_event_size: SseOptions::DEFAULT_MAX_EVENT_SIZE,
        }
    }
}

impl SseOptions {
    /// The reconnection time browsers use until the stream sets one.
    pub const DEFAULT_RETRY_MS: u32 = 3000;
    pub const DEFAULT_MAX_EVENT_SIZE: u32 = 1 << 20;
    /// The longest reconnection time a setter, or a stream's `retry`, may ask for.
    pub const MAX_RETRY_MS: u32 = 3_600_000;

    pub fn new(max_reconnects: u32, retry_ms: u32, max_event_size: u32) -> Result<Self, Error> {
        if retry_ms > Self::MAX_RETRY_MS {
            return Err(Error::param(format!(
                "sse: retry {retry_ms} is above {} ms",
                Self::MAX_RETRY_MS
            )));
        }
        let max_event_size = match max_event_size {
            0 => Self::DEFAULT_MAX_EVENT_SIZE,
            n if !(64..=1 << 30).contains(&n) => {
                return Err(Error::param(format!(
                    "sse: maxEventSize {n} is out of range 64..1073741824"
                )))
            }
            n => n,
        };
        Ok(SseOptions {
            max_reconnects,
            retry_ms,
            max_event_size,
        })
    }
}

/// `"nethttp": {"retry": {"maxRetries": N, "baseDelay": ms, "maxDelay": ms}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts after the first (0: no retries, the default).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it (with jitter), up to `max_delay_ms`.
    pub base_delay_ms: u32,
    /// The longest wait before a retry; a Retry-After beyond it is not waited for.
    pub max_delay_ms: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 0,
            base_delay_ms: 200,
            max_delay_ms: 10_000,
        }
    }
}

impl RetryPolicy {
    pub fn new(max_retries: u32, base_delay_ms: u32, max_delay_ms: u32) -> Result<Self, Error> {
        if max_retries > 100 {
            return Err(Error::param(format!(
                "retry: maxRetries {max_retries} is above 100"
            )));
        }
        if base_delay_ms > max_delay_ms || max_delay_ms > 3_600_000 {
            return Err(Error::param(format!(
                "retry: baseDelay {base_delay_ms} must not exceed maxDelay {max_delay_ms} (at most 3600000 ms)"
            )));
        }
        Ok(RetryPolicy {
            max_retries,
            base_delay_ms,
            max_delay_ms,
        })
    }
}

/// `"nethttp": {"cacheMode": …}`: how the response cache takes part in a request (the fetch
/// standard's `RequestCache`; with the cache on and `usingCache` true).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CacheMode {
    /// RFC 9111: a fresh stored response answers, a stale one is revalidated.
    #[default]
    Default,
    /// As if there were no cache: nothing read, nothing stored.
    NoStore,
    /// The network always, and the response stored.
    Reload,
    /// A stored response is always revalidated (a conditional request), even when fresh.
    NoCache,
    /// Any stored response that matches, fresh or stale, without the network; else the
    /// network, and the response stored.
    ForceCache,
    /// Any stored response that matches, never the network: a miss fails with 2300996.
    OnlyIfCached,
}

impl CacheMode {
    pub const NAMES: &'static [&'static str] = &[
        "default",
        "no-store",
        "reload",
        "no-cache",
        "force-cache",
        "only-if-cached",
    ];

    pub fn from_i32(v: i32) -> Result<CacheMode, Error> {
        use CacheMode::*;
        [Default, NoStore, Reload, NoCache, ForceCache, OnlyIfCached]
            .get(usize::try_from(v).unwrap_or(usize::MAX))
            .copied()
            .ok_or_else(|| Error::param(format!("cacheMode: {v} is not 0..5")))
    }

    pub fn from_name(s: &str) -> Result<CacheMode, Error> {
        Self::NAMES
            .iter()
            .position(|n| *n == s)
            .map(|i| Self::from_i32(i as i32).expect("index of NAMES"))
            .ok_or_else(|| {
                Error::param(format!(
                    "cacheMode: {s:?} is not one of {}",
                    Self::NAMES.join(", ")
                ))
            })
    }
}

/// JSON keys of the `"nethttp"` object.
pub const EXTENSION_FIELDS: &[&str] = &[
    "stallTimeout",
    "maxRecvSpeed",
    "maxSendSpeed",
    "netId",
    "cacheMode",
    "retry",
    "sse",
];

impl Default for RequestOptions {
    fn default() -> Self {
        RequestOptions {
            method: Method::Get,
            extra_data: None,
            expect_data_type: None,
            using_cache: true,
            priority: 1,
            headers: Vec::new(),
            read_timeout_ms: DEFAULT_TIMEOUT_MS,
            connect_timeout_ms: DEFAULT_TIMEOUT_MS,
            using_protocol: None,
            max_limit: DEFAULT_MAX_LIMIT,
            resume_from: None,
            resume_to: None,
            ca_path: None,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            net: Default::default(),
            ext: Extensions::default(),
        }
    }
}

impl RequestOptions {
    pub fn set_priority(&mut self, p: u32) -> Result<(), Error> {
        if !(1..=1000).contains(&p) {
            return Err(Error::param(format!(
                "priority: {p} is out of range 1..1000"
            )));
        }
        self.priority = p;
        Ok(())
    }

    pub fn set_max_limit(&mut self, v: u64) -> Result<(), Error> {
        if v == 0 || v > MAX_MAX_LIMIT {
            return Err(Error::param(format!(
                "maxLimit: {v} is out of range 1..{MAX_MAX_LIMIT}"
            )));
        }
        self.max_limit = v;
        Ok(())
    }

    pub fn set_resume_from(&mut self, v: u64) -> Result<(), Error> {
        self.resume_from = Some(check_resume("resumeFrom", v)?);
        Ok(())
    }

    pub fn set_resume_to(&mut self, v: u64) -> Result<(), Error> {
        self.resume_to = Some(check_resume("resumeTo", v)?);
        Ok(())
    }

    pub fn set_ca_path(&mut self, path: &str) -> Result<(), Error> {
        if path.is_empty() {
            return Err(Error::param("caPath: empty path"));
        }
        self.ca_path = Some(path.to_string());
        Ok(())
    }

    pub fn set_max_redirects(&mut self, v: u32) {
        self.max_redirects = v;
    }

    /// Adds a header, replacing any with the same name (case-insensitive).
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<(), Error> {
        validate_header(name, value)?;
        if let Some(slot) = self
            .headers
            .iter_mut()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            slot.1 = value.to_string();
        } else {
            self.headers.push((name.to_string(), value.to_string()));
        }
        Ok(())
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Parses a whole `HttpRequestOptions` JSON object into fresh options.
    pub fn from_json(text: &str) -> Result<RequestOptions, Error> {
        let mut o = RequestOptions::default();
        o.apply_json(text)?;
        Ok(o)
    }

    /// Applies the fields of a `HttpRequestOptions` JSON object onto these options.
    /// On error these options are left unchanged.
    pub fn apply_json(&mut self, text: &str) -> Result<(), Error> {
        let map = crate::http::netopts::json::object_of(text)?;
        let mut o = self.clone();
        for (key, v) in &map {
            o.apply_field(key, v)?;
        }
        *self = o;
        Ok(())
    }

    fn apply_field(&mut self, key: &str, v: &Value) -> Result<(), Error> {
        match key {
            "method" => {
                let s = want_str(key, v)?;
                self.method = Method::parse(s)
                    .ok_or_else(|| Error::param(format!("method: unknown method {s:?}")))?;
            }
            "extraData" => {
                self.extra_data = match v {
                    Value::Null => None,
                    Value::String(s) => Some(ExtraData::Text(s.clone())),
                    Value::Object(_) | Value::Array(_) => Some(ExtraData::Json(v.clone())),
                    _ => return Err(Error::param("extraData: expected a string or an object")),
                };
            }
            "expectDataType" => {
                self.expect_data_type =
                    Some(enum_value(key, v, DataType::from_i64, |s| match s {
                        "STRING" => Some(DataType::String),
                        "OBJECT" => Some(DataType::Object),
                        "ARRAY_BUFFER" => Some(DataType::ArrayBuffer),
                        _ => None,
                    })?);
            }
            "usingCache" => self.using_cache = want_bool(key, v)?,
            "priority" => {
                let p = want_u64(key, v)?;
                self.set_priority(u32::try_from(p).unwrap_or(u32::MAX))?;
            }
            "header" => {
                let Value::Object(h) = v else {
                    return Err(Error::param("header: expected an object"));
                };
                for (name, val) in h {
                    let val = match val {
                        Value::String(s) => s.clone(),
                        Value::Number(n) => n.to_string(),
                        Value::Bool(b) => b.to_string(),
                        _ => {
                            return Err(Error::param(format!(
                                "header: value of {name:?} must be a string, number or boolean"
                            )))
                        }
                    };
                    self.add_header(name, &val)?;
                }
            }
            "readTimeout" => self.read_timeout_ms = want_u32(key, v)?,
            "connectTimeout" => self.connect_timeout_ms = want_u32(key, v)?,
            "usingProtocol" => {
                self.using_protocol = Some(enum_value(key, v, Protocol::from_i64, |s| match s {
                    "HTTP1_1" => Some(Protocol::Http11),
                    "HTTP2" => Some(Protocol::Http2),
                    "HTTP3" => Some(Protocol::Http3),
                    _ => None,
                })?);
            }
            "caPath" => self.set_ca_path(want_str(key, v)?)?,
            "resumeFrom" => self.set_resume_from(want_u64(key, v)?)?,
            "resumeTo" => self.set_resume_to(want_u64(key, v)?)?,
            "maxLimit" => self.set_max_limit(want_u64(key, v)?)?,
            "maxRedirects" => self.set_max_redirects(want_u32(key, v)?),
            k if crate::http::netopts::FIELDS.contains(&k) => self.net.apply_field(k, v)?,
            "nethttp" => {
                let Value::Object(m) = v else {
                    return Err(Error::param("nethttp: expected an object"));
                };
                for (k, v) in m {
                    let key = format!("nethttp.{k}");
                    match k.as_str() {
                        "stallTimeout" => self.ext.stall_timeout_ms = want_u32(&key, v)?,
                        "maxRecvSpeed" => self.ext.max_recv_speed = want_u64(&key, v)?,
                        "maxSendSpeed" => self.ext.max_send_speed = want_u64(&key, v)?,
                        "netId" => self.net.net_id = crate::net::app::want_net_id(&key, v)?,
                        "retry" => {
                            let Value::Object(r) = v else {
                                return Err(Error::param(format!("{key}: expected an object")));
                            };
                            let mut p = RetryPolicy::default();
                            for (rk, rv) in r {
                                let k2 = format!("{key}.{rk}");
                                match rk.as_str() {
                                    "maxRetries" => p.max_retries = want_u32(&k2, rv)?,
                                    "baseDelay" => p.base_delay_ms = want_u32(&k2, rv)?,
                                    "maxDelay" => p.max_delay_ms = want_u32(&k2, rv)?,
                                    _ => {
                                        return Err(Error::param(format!(
                                            "{k2}: unknown field (known: maxRetries, baseDelay, maxDelay)"
                                        )))
                                    }
                                }
                            }
                            self.ext.retry =
                                RetryPolicy::new(p.max_retries, p.base_delay_ms, p.max_delay_ms)?;
                        }
                        "sse" => self.ext.sse = want_sse(&key, v)?,
                        "cacheMode" => {
                            let s = v
                                .as_str()
                                .ok_or_else(|| Error::param(format!("{key}: expected a string")))?;
                            self.ext.cache_mode = CacheMode::from_name(s)?;
                        }
                        _ => {
                            return Err(Error::param(format!(
                                "{key}: unknown field of nethttp's options (known: {})",
                                EXTENSION_FIELDS.join(", ")
                            )))
                        }
                    }
                }
            }
            other => {
                return Err(Error::param(format!(
                    "{other}: unknown field of HttpRequestOptions"
                )))
            }
        }
        Ok(())
    }
}

/// `"sse"`: `true` (the defaults), `false` or null (off), or an object of settings.
fn want_sse(key: &str, v: &Value) -> Result<Option<SseOptions>, Error> {
    let r = match v {
        Value::Null | Value::Bool(false) => return Ok(None),
        Value::Bool(true) => return Ok(Some(SseOptions::default())),
        Value::Object(r) => r,
        _ => {
            return Err(Error::param(format!(
                "{key}: expected an object or a boolean"
            )))
        }
    };
    let mut p = SseOptions::default();
    for (rk, rv) in r {
        let k2 = format!("{key}.{rk}");
        match rk.as_str() {
            "maxReconnects" => p.max_reconnects = want_u32(&k2, rv)?,
            "retry" => p.retry_ms = want_u32(&k2, rv)?,
            "maxEventSize" => p.max_event_size = want_u32(&k2, rv)?,
            _ => {
                return Err(Error::param(format!(
                    "{k2}: unknown field (known: maxReconnects, retry, maxEventSize)"
                )))
            }
        }
    }
    SseOptions::new(p.max_reconnects, p.retry_ms, p.max_event_size).map(Some)
}

fn check_resume(field: &str, v: u64) -> Result<u64, Error> {
    if !(1..=MAX_RESUME).contains(&v) && v != 0 {
        return Err(Error::param(format!(
            "{field}: {v} is out of range 0..{MAX_RESUME}"
        )));
    }
    Ok(v)
}

/// Header names are RFC 9110 tokens; values have no CR, LF or NUL.
pub fn validate_header(name: &str, value: &str) -> Result<(), Error> {
    const TCHAR: &[u8] = b"!#$%&'*+-.^_`|~";
    if name.is_empty() {
        return Err(Error::param("header: empty header name"));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || TCHAR.contains(&b))
    {
        return Err(Error::param(format!(
            "header: invalid character in header name {name:?}"
        )));
    }
    if value.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
        return Err(Error::param(format!(
            "header: CR, LF or NUL in the value of {name:?}"
        )));
    }
    Ok(())
}

fn want_str<'a>(key: &str, v: &'a Value) -> Result<&'a str, Error> {
    v.as_str()
        .ok_or_else(|| Error::param(format!("{key}: expected a string")))
}

fn want_bool(key: &str, v: &Value) -> Result<bool, Error> {
    v.as_bool()
        .ok_or_else(|| Error::param(format!("{key}: expected a boolean")))
}

fn want_u64(key: &str, v: &Value) -> Result<u64, Error> {
    if let Some(n) = v.as_u64() {
        return Ok(n);
    }
    // Integral floats such as 60000.0 are accepted, as JavaScript numbers would be.
    match v.as_f64() {
        Some(f) if f >= 0.0 && f.fract() == 0.0 && f <= u64::MAX as f64 => Ok(f as u64),
        Some(_) => Err(Error::param(format!(
            "{key}: expected a non-negative integer"
        ))),
        None => Err(Error::param(format!("{key}: expected a number"))),
    }
}

fn want_u32(key: &str, v: &Value) -> Result<u32, Error> {
    let n = want_u64(key, v)?;
    u32::try_from(n).map_err(|_| Error::param(format!("{key}: {n} is too large")))
}

/// An enum given as its number or its name.
fn enum_value<T>(
    key: &str,
    v: &Value,
    by_num: impl Fn(i64) -> Option<T>,
    by_name: impl Fn(&str) -> Option<T>,
) -> Result<T, Error> {
    let r = match v {
        Value::Number(n) => n.as_i64().and_then(by_num),
        Value::String(s) => by_name(s),
        _ => None,
    };
    r.ok_or_else(|| Error::param(format!("{key}: invalid value {v}")))
}

/// Encodes a JSON object as `application/x-www-form-urlencoded` pairs. String values go
/// as they are, other scalars as their JSON text, nested values as JSON.
pub fn urlencode_object(map: &Map<String, Value>) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in map {
        match v {
            Value::String(s) => ser.append_pair(k, s),
            Value::Null => ser.append_pair(k, ""),
            other => ser.append_pair(k, &other.to_string()),
        };
    }
    ser.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let o = RequestOptions::default();
        assert_eq!(o.method, Method::Get);
        assert_eq!(o.max_limit, 5 * 1024 * 1024);
        assert_eq!(o.read_timeout_ms, 60_000);
        assert_eq!(o.priority, 1);
        assert!(o.using_cache);
    }

    #[test]
    fn json_all_core_fields() {
        let o = RequestOptions::from_json(
            r#"{"method":"post","extraData":{"a":1},"expectDataType":2,"usingCache":false,
            "priority":7,"header":{"X-A":"1","n":2},"readTimeout":100,"connectTimeout":200,
            "usingProtocol":"HTTP2","usingProxy":false,"caPath":"/x.pem","resumeFrom":10,
            "resumeTo":20,"maxLimit":1000}"#,
        )
        .unwrap();
        assert_eq!(o.method, Method::Post);
        assert_eq!(o.expect_data_type, Some(DataType::ArrayBuffer));
        assert!(!o.using_cache);
        assert_eq!(o.priority, 7);
        assert_eq!(o.header("x-a"), Some("1"));
        assert_eq!(o.header("N"), Some("2"));
        assert_eq!((o.read_timeout_ms, o.connect_timeout_ms), (100, 200));
        assert_eq!(o.using_protocol, Some(Protocol::Http2));
        assert_eq!((o.resume_from, o.resume_to), (Some(10), Some(20)));
        assert_eq!(o.max_limit, 1000);
        assert_eq!(o.ca_path.as_deref(), Some("/x.pem"));
    }

    #[test]
    fn json_errors_name_the_field() {
        for (json, field) in [
            (r#"{"bogus":1}"#, "bogus"),
            (r#"{"priority":"high"}"#, "priority"),
            (r#"{"priority":0}"#, "priority"),
            (r#"{"maxLimit":104857601}"#, "maxLimit"),
            (r#"{"readTimeout":-1}"#, "readTimeout"),
            (r#"{"header":{"a\r\nb":"x"}}"#, "header"),
            (r#"{"header":{"a":"x\r\nb"}}"#, "header"),
            (r#"{"method":"FETCH"}"#, "method"),
            (r#"{"dnsServers":["1.1.1.x"]}"#, "dnsServers"),
            (r#"{"usingProxy":1}"#, "usingProxy"),
            (r#"{"expectDataType":9}"#, "expectDataType"),
        ] {
            let e = RequestOptions::from_json(json).unwrap_err();
            assert_eq!(e.code, 401, "{json}");
            assert!(e.message.starts_with(field), "{json}: {}", e.message);
        }
        assert!(RequestOptions::from_json("[1]").is_err());
        assert!(RequestOptions::from_json("{").is_err());
    }

    #[test]
    fn apply_json_is_atomic() {
        let mut o = RequestOptions::default();
        assert!(o.apply_json(r#"{"priority":5,"bogus":1}"#).is_err());
        assert_eq!(o.priority, 1);
    }

    #[test]
    fn header_replace_is_case_insensitive() {
        let mut o = RequestOptions::default();
        o.add_header("Content-Type", "a").unwrap();
        o.add_header("content-type", "b").unwrap();
        assert_eq!(o.headers.len(), 1);
        assert_eq!(o.header("CONTENT-TYPE"), Some("b"));
        assert!(o.add_header("", "x").is_err());
        assert!(o.add_header("a:b", "x").is_err());
    }

    #[test]
    fn urlencode() {
        let v: Value = serde_json::from_str(r#"{"a b":"c&d","n":1,"t":true}"#).unwrap();
        assert_eq!(
            urlencode_object(v.as_object().unwrap()),
            "a+b=c%26d&n=1&t=true"
        );
    }

    #[test]
    fn sse_json() {
        let o = RequestOptions::from_json(r#"{"nethttp":{"sse":true}}"#).unwrap();
        assert_eq!(o.ext.sse, Some(SseOptions::default()));
        let o = RequestOptions::from_json(
            r#"{"nethttp":{"sse":{"maxReconnects":3,"retry":0,"maxEventSize":0}}}"#,
        )
        .unwrap();
        assert_eq!(
            o.ext.sse,
            Some(SseOptions {
                max_reconnects: 3,
                retry_ms: 0,
                max_event_size: SseOptions::DEFAULT_MAX_EVENT_SIZE
            })
        );
        let o = RequestOptions::from_json(r#"{"nethttp":{"sse":false}}"#).unwrap();
        assert_eq!(o.ext.sse, None);
        for bad in [
            r#"{"nethttp":{"sse":1}}"#,
            r#"{"nethttp":{"sse":{"retry":3600001}}}"#,
            r#"{"nethttp":{"sse":{"maxEventSize":63}}}"#,
            r#"{"nethttp":{"sse":{"bogus":1}}}"#,
        ] {
            assert_eq!(
                RequestOptions::from_json(bad).unwrap_err().code,
                401,
                "{bad}"
            );
        }
    }
}
