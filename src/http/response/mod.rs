//! `HttpResponse`: result typed by `expectDataType` / Content-Type, the header object,
//! cookies, performance timing, and the whole response as the spec's JSON shape.
#![allow(non_camel_case_types)]

mod headers;

use headers::find_byte;
pub use headers::{HeaderBlock, HeaderLine};

use crate::http::options::DataType;
use base64::Engine as _;
use once_cell::sync::OnceCell;
use serde_json::{Map, Value};
use std::ffi::{CStr, CString};
use std::time::{Duration, Instant};

/// `PerformanceTiming`: milliseconds from the `http_request` call to each phase.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct http_performance_timing {
    /// DNS resolution complete.
    pub dns_timing: f64,
    /// TCP connection complete.
    pub tcp_timing: f64,
    /// TLS handshake complete (0 for cleartext).
    pub tls_timing: f64,
    /// First byte of the request about to be sent.
    pub first_send_timing: f64,
    /// First byte of the response received.
    pub first_receive_timing: f64,
    /// Transfer complete (libcurl's total time).
    pub total_finish_timing: f64,
    /// All redirection steps complete (0 without redirects).
    pub redirect_timing: f64,
    /// Final response header parsed.
    pub response_header_timing: f64,
    /// Response body complete.
    pub response_body_timing: f64,
    /// Until the completion callback is called (or the blocking call returns).
    pub total_timing: f64,
}

/// How the response cache took part in a response (`http_response_cache_status`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum http_cache_status {
    /// From the network; the cache was not involved (or only stored it).
    HTTP_CACHE_NONE = 0,
    /// Served from the cache without any network I/O (a fresh stored response, or a stale
    /// one the request allowed with `Cache-Control: max-stale`).
    HTTP_CACHE_HIT = 1,
    /// The stored response was stale: nethttp revalidated it with a conditional request,
    /// the server answered 304 Not Modified, and the response is the stored body with the
    /// stored headers updated from the 304.
    HTTP_CACHE_REVALIDATED = 2,
    /// The request said `Cache-Control: only-if-cached` and no usable stored response
    /// existed: nethttp answered 504 (Gateway Timeout) itself, without the network.
    HTTP_CACHE_UNSATISFIED = 3,
    /// Served from the cache although stale: as the request's `cacheMode` asked
    /// ("force-cache", "only-if-cached"), or as RFC 5861 allows — within the response's
    /// `stale-while-revalidate` window (nethttp then refreshes the entry with one background
    /// request), or within a `stale-if-error` window (the response's or the request's) when
    /// the server answered 500/502/503/504 or could not be reached.
    HTTP_CACHE_STALE = 4,
}

/// `resultType` from `expectDataType`, else from the Content-Type rules of the spec:
/// application/octet-stream and image/... are ARRAY_BUFFER, everything else STRING.
/// OBJECT is given only when the body is valid JSON; otherwise STRING.
pub fn result_type(expect: Option<DataType>, content_type: Option<&str>, body: &[u8]) -> DataType {
    match expect {
        Some(DataType::Object) => {
            if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
                DataType::Object
            } else {
                DataType::String
            }
        }
        Some(t) => t,
        None => {
            let ct = content_type.unwrap_or("").as_bytes();
            let ct = match find_byte(b';', ct) {
                Some(i) => &ct[..i],
                None => ct,
            }
            .trim_ascii();
            let image = ct
                .get(..6)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"image/"));
            if image || ct.eq_ignore_ascii_case(b"application/octet-stream") {
                DataType::ArrayBuffer
            } else {
                DataType::String
            }
        }
    }
}

/// A response (the spec's `HttpResponse`), owned by the application once delivered;
/// released by `http_response_free`.
pub struct Response {
    pub code: u32,
    /// Body bytes followed by one NUL that is not part of the result.
    body: Vec<u8>,
    pub result_type: DataType,
    /// The final header block as the transfer left it: usually not parsed yet (see
    /// `HeaderBlock::end_block_lazy`); [`head`](Self::head) parses a copy on first use.
    head: HeaderBlock,
    head_parsed: OnceCell<HeaderBlock>,
    /// Built on first use (most applications never ask), unless the headersReceive event
    /// already built it.
    header_json: OnceCell<std::sync::Arc<str>>,
    set_cookies: Vec<String>,
    cookies: OnceCell<CString>,
    pub timing: http_performance_timing,
    pub http_version: &'static CStr,
    pub effective_url: String,
    effective_url_c: OnceCell<CString>,
    /// Whether the response cache answered (set by the transfer after `new`).
    pub cache_status: http_cache_status,
    /// Attempts made before the one that gave this response (`"nethttp": {"retry"}`).
    pub retries: u32,
    start: Instant,
    json: OnceCell<CString>,
    lookups: OnceCell<Vec<(String, CString)>>,
}

pub struct ResponseParts {
    pub code: u32,
    pub body: Vec<u8>,
    pub expect: Option<DataType>,
    pub head: HeaderBlock,
    pub header_json: Option<std::sync::Arc<str>>,
    pub set_cookies: Vec<String>,
    pub timing: http_performance_timing,
    pub http_version: &'static CStr,
    pub effective_url: String,
    pub start: Instant,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

impl Response {
    pub fn new(p: ResponseParts) -> Response {
        let result_type = result_type(p.expect, p.head.get("content-type"), &p.body);
        let mut body = p.body;
        body.push(0);
        let header_json = OnceCell::new();
        if let Some(h) = p.header_json {
            let _ = header_json.set(h);
        }
        Response {
            code: p.code,
            body,
            result_type,
            head: p.head,
            head_parsed: OnceCell::new(),
            header_json,
            set_cookies: p.set_cookies,
            cookies: OnceCell::new(),
            timing: p.timing,
            http_version: p.http_version,
            effective_url: p.effective_url,
            effective_url_c: OnceCell::new(),
            cache_status: http_cache_status::HTTP_CACHE_NONE,
            retries: 0,
            start: p.start,
            json: OnceCell::new(),
            lookups: OnceCell::new(),
        }
    }

    /// The header block, parsed (on the first call when the transfer left it unparsed).
    pub fn head(&self) -> &HeaderBlock {
        if self.head.is_parsed() {
            &self.head
        } else {
            self.head_parsed.get_or_init(|| self.head.parsed_copy())
        }
    }

    /// Records `totalTiming`: the moment the response is handed to the application.
    pub fn mark_delivered(&mut self) {
        self.timing.total_timing = ms(self.start.elapsed());
    }

    pub fn result(&self) -> &[u8] {
        &self.body[..self.body.len() - 1]
    }

    /// The result with its trailing NUL (for C).
    pub fn result_ptr(&self) -> *const u8 {
        self.body.as_ptr()
    }

    /// The header object as JSON text with its trailing NUL.
    fn header_json_nul(&self) -> &str {
        self.header_json
            .get_or_init(|| self.head().to_json_text_nul())
    }

    pub fn header_json(&self) -> &str {
        let h = self.header_json_nul();
        &h[..h.len() - 1]
    }

    pub fn header_json_ptr(&self) -> *const libc::c_char {
        self.header_json_nul().as_ptr() as *const libc::c_char
    }

    pub fn effective_url_c(&self) -> &CStr {
        self.effective_url_c
            .get_or_init(|| CString::new(self.effective_url.clone()).unwrap_or_default())
    }

    pub fn cookies(&self) -> &CStr {
        self.cookies.get_or_init(|| {
            CString::new(self.set_cookies.join("\r\n").replace('\0', "")).unwrap_or_default()
        })
    }

    /// Value of a response header (case-insensitive; repeated fields joined with ", ").
    pub fn header(&self, name: &str) -> Option<&CStr> {
        let table = self.lookups.get_or_init(|| {
            let mut t: Vec<(String, String)> = Vec::new();
            for (n, v) in self.head().fields() {
                match t.iter_mut().find(|(k, _)| k == n) {
                    Some(e) => {
                        e.1.push_str(", ");
                        e.1.push_str(v);
                    }
                    None => t.push((n.to_string(), v.to_string())),
                }
            }
            t.into_iter()
                .map(|(k, v)| (k, CString::new(v.replace('\0', "")).unwrap_or_default()))
                .collect()
        });
        table
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_c_str())
    }

    /// The whole response in the spec's shape, as one line of JSON.
    pub fn json(&self) -> &CStr {
        self.json.get_or_init(|| {
            let mut m = Map::new();
            let (result, encoding) = match self.result_type {
                DataType::Object => match serde_json::from_slice::<Value>(self.result()) {
                    Ok(v) => (v, "json"),
                    Err(_) => (Value::Null, "json"),
                },
                DataType::String => match std::str::from_utf8(self.result()) {
                    Ok(s) => (Value::String(s.to_string()), "utf8"),
                    Err(_) => (Value::String(b64(self.result())), "base64"),
                },
                DataType::ArrayBuffer => (Value::String(b64(self.result())), "base64"),
            };
            m.insert("result".into(), result);
            m.insert("resultEncoding".into(), encoding.into());
            m.insert("resultType".into(), (self.result_type as i32).into());
            m.insert("responseCode".into(), self.code.into());
            m.insert(
                "header".into(),
                serde_json::from_str(self.header_json()).unwrap_or(Value::Null),
            );
            m.insert(
                "cookies".into(),
                Value::String(self.cookies().to_string_lossy().into_owned()),
            );
            let t = &self.timing;
            let mut pt = Map::new();
            for (k, v) in [
                ("dnsTiming", t.dns_timing),
                ("tcpTiming", t.tcp_timing),
                ("tlsTiming", t.tls_timing),
                ("firstSendTiming", t.first_send_timing),
                ("firstReceiveTiming", t.first_receive_timing),
                ("totalFinishTiming", t.total_finish_timing),
                ("redirectTiming", t.redirect_timing),
                ("responseHeaderTiming", t.response_header_timing),
                ("responseBodyTiming", t.response_body_timing),
                ("totalTiming", t.total_timing),
            ] {
                pt.insert(
                    k.into(),
                    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
                );
            }
            m.insert("performanceTiming".into(), Value::Object(pt));
            m.insert(
                "httpVersion".into(),
                Value::String(self.http_version.to_string_lossy().into_owned()),
            );
            CString::new(Value::Object(m).to_string()).unwrap_or_default()
        })
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_types() {
        use DataType::*;
        assert_eq!(result_type(None, Some("application/json"), b"{}"), String);
        assert_eq!(
            result_type(None, Some("application/octet-stream"), b""),
            ArrayBuffer
        );
        assert_eq!(result_type(None, Some("Image/PNG; x=y"), b""), ArrayBuffer);
        assert_eq!(result_type(None, None, b"x"), String);
        assert_eq!(result_type(Some(Object), None, b"{\"a\":1}"), Object);
        assert_eq!(result_type(Some(Object), None, b"nope"), String);
        assert_eq!(
            result_type(Some(ArrayBuffer), Some("text/plain"), b"x"),
            ArrayBuffer
        );
    }
}
