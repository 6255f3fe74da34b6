//! `HttpResponse`: result typed by `expectDataType` / Content-Type, the header object,
//! cookies, performance timing, and the whole response as the spec's JSON shape.
#![allow(non_camel_case_types)]

use crate::options::DataType;
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
}

/// One line of a response head as libcurl delivers it, classified (names keep their case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderLine<'a> {
    /// `HTTP/1.1 200 OK`: starts a new header block (interim, redirect or final).
    Status(&'a str),
    /// obs-fold: more of the previous field's value (trimmed).
    Continuation(&'a str),
    /// `Name: value`, both trimmed.
    Field(&'a str, &'a str),
    /// The empty line that ends a header block.
    End,
    /// Anything else (a line without a colon).
    Other,
}

impl<'a> HeaderLine<'a> {
    pub fn parse(line: &'a str) -> HeaderLine<'a> {
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            HeaderLine::End
        } else if line.starts_with("HTTP/") {
            HeaderLine::Status(line.trim_end())
        } else if line.starts_with([' ', '\t']) {
            HeaderLine::Continuation(line.trim())
        } else if let Some((name, value)) = line.split_once(':') {
            HeaderLine::Field(name.trim(), value.trim())
        } else {
            HeaderLine::Other
        }
    }
}

/// The header block of one HTTP response.
#[derive(Debug, Clone, Default)]
pub struct HeaderBlock {
    pub status_line: String,
    /// (lowercased name, value) in arrival order.
    pub fields: Vec<(String, String)>,
}

impl HeaderBlock {
    pub fn clear(&mut self) {
        self.status_line.clear();
        self.fields.clear();
    }

    /// Takes one raw header line from libcurl (with its CRLF).
    pub fn push_line(&mut self, line: &[u8]) {
        let line = String::from_utf8_lossy(line);
        match HeaderLine::parse(&line) {
            HeaderLine::Status(s) => {
                self.clear();
                self.status_line = s.to_string();
            }
            HeaderLine::Continuation(more) => {
                if let Some(last) = self.fields.last_mut() {
                    last.1.push(' ');
                    last.1.push_str(more);
                }
            }
            HeaderLine::Field(name, value) => {
                self.fields
                    .push((name.to_ascii_lowercase(), value.to_string()));
            }
            HeaderLine::End | HeaderLine::Other => {}
        }
    }

    /// A block from header lines without their CRLF (tests).
    #[cfg(test)]
    pub(crate) fn from_lines(lines: &[&str]) -> HeaderBlock {
        let mut b = HeaderBlock::default();
        for l in lines {
            b.push_line(format!("{l}\r\n").as_bytes());
        }
        b
    }

    /// Status code from the status line (0 when absent).
    pub fn status(&self) -> u32 {
        self.status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The spec's header object: lowercased keys; repeated fields joined with ", "
    /// except `set-cookie`, which is always an array of every value; plus
    /// `status-line`.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut m = Map::new();
        for (n, v) in &self.fields {
            if n == "set-cookie" {
                let e = m.entry(n.clone()).or_insert_with(|| Value::Array(vec![]));
                if let Value::Array(a) = e {
                    a.push(Value::String(v.clone()));
                }
            } else if let Some(Value::String(prev)) = m.get_mut(n) {
                prev.push_str(", ");
                prev.push_str(v);
            } else {
                m.insert(n.clone(), Value::String(v.clone()));
            }
        }
        if !self.status_line.is_empty() {
            m.insert(
                "status-line".into(),
                Value::String(self.status_line.clone()),
            );
        }
        m
    }

    /// The header object as JSON text followed by a NUL (for handing to C as is).
    pub fn to_json_text_nul(&self) -> std::sync::Arc<str> {
        let mut s = Value::Object(self.to_json()).to_string();
        s.push('\0');
        s.into()
    }
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
            let ct = content_type
                .unwrap_or("")
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            if ct == "application/octet-stream" || ct.starts_with("image/") {
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
    pub head: HeaderBlock,
    header_json: std::sync::Arc<str>,
    cookies: CString,
    pub timing: http_performance_timing,
    pub http_version: &'static CStr,
    pub effective_url: String,
    effective_url_c: OnceCell<CString>,
    /// Whether the response cache answered (set by the transfer after `new`).
    pub cache_status: http_cache_status,
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
        let header_json = p.header_json.unwrap_or_else(|| p.head.to_json_text_nul());
        let cookies =
            CString::new(p.set_cookies.join("\r\n").replace('\0', "")).unwrap_or_default();
        Response {
            code: p.code,
            body,
            result_type,
            head: p.head,
            header_json,
            cookies,
            timing: p.timing,
            http_version: p.http_version,
            effective_url: p.effective_url,
            effective_url_c: OnceCell::new(),
            cache_status: http_cache_status::HTTP_CACHE_NONE,
            start: p.start,
            json: OnceCell::new(),
            lookups: OnceCell::new(),
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

    pub fn header_json(&self) -> &str {
        &self.header_json[..self.header_json.len() - 1]
    }

    pub fn header_json_ptr(&self) -> *const libc::c_char {
        self.header_json.as_ptr() as *const libc::c_char
    }

    pub fn effective_url_c(&self) -> &CStr {
        self.effective_url_c
            .get_or_init(|| CString::new(self.effective_url.clone()).unwrap_or_default())
    }

    pub fn cookies(&self) -> &CStr {
        &self.cookies
    }

    /// Value of a response header (case-insensitive; repeated fields joined with ", ").
    pub fn header(&self, name: &str) -> Option<&CStr> {
        let table = self.lookups.get_or_init(|| {
            let mut t: Vec<(String, String)> = Vec::new();
            for (n, v) in &self.head.fields {
                match t.iter_mut().find(|(k, _)| k == n) {
                    Some(e) => {
                        e.1.push_str(", ");
                        e.1.push_str(v);
                    }
                    None => t.push((n.clone(), v.clone())),
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
                Value::String(self.cookies.to_string_lossy().into_owned()),
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
    fn header_object() {
        let b = HeaderBlock::from_lines(&[
            "HTTP/1.1 302 Found",
            "Location: /x",
            "HTTP/1.1 200 OK",
            "Content-Type: text/plain",
            "Set-Cookie: a=1",
            "X-Multi: 1",
            "set-cookie: b=2",
            "X-Multi: 2",
            "X-Fold: a",
            " b",
        ]);
        assert_eq!(b.status(), 200);
        let j = b.to_json();
        assert!(j.get("location").is_none());
        assert_eq!(j["content-type"], "text/plain");
        assert_eq!(j["set-cookie"], serde_json::json!(["a=1", "b=2"]));
        assert_eq!(j["x-multi"], "1, 2");
        assert_eq!(j["x-fold"], "a b");
        assert_eq!(j["status-line"], "HTTP/1.1 200 OK");
        let t = b.to_json_text_nul();
        assert!(t.ends_with('\0'));
    }

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
