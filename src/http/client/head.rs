//! The head of the current response: status, headers as lines and as a dictionary.

use super::handler::Body;
use crate::http::options::Method;
use once_cell::unsync::OnceCell;
use serde_json::{Map, Value};
use std::ffi::{CStr, CString};
use std::os::raw::c_char;

/// The head of the current response, kept until the next request, close or connect.
pub struct ResponseHead {
    pub code: u32,
    /// (name as received, value), in order.
    pub lines: Vec<(String, String)>,
    /// Bytes the body will have, when known (Content-Length; 0 for HEAD, 1xx, 204, 304).
    pub content_length: Option<u64>,
    pub chunked: bool,
    pub http_version: &'static CStr,
    c_lines: OnceCell<(Vec<CString>, Vec<*const c_char>)>,
    dictionary: OnceCell<CString>,
}

impl ResponseHead {
    pub(super) fn from_body(b: &Body, method: Method, http_version: &'static CStr) -> ResponseHead {
        let code = b.head.status();
        let chunked = b
            .head
            .get("transfer-encoding")
            .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
        let bodiless =
            method == Method::Head || (100..200).contains(&code) || code == 204 || code == 304;
        let content_length = if bodiless {
            Some(0)
        } else if chunked {
            None
        } else {
            b.head
                .get("content-length")
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        ResponseHead {
            code,
            lines: b.lines.clone(),
            content_length,
            chunked: chunked && !bodiless,
            http_version,
            c_lines: OnceCell::new(),
            dictionary: OnceCell::new(),
        }
    }

    /// Content-Length, or -1 when unknown or chunked.
    pub fn body_length(&self) -> i64 {
        self.content_length
            .and_then(|n| i64::try_from(n).ok())
            .unwrap_or(-1)
    }

    /// The headers as `Name: value` C strings (`Name:` for an empty value).
    pub fn header_lines_c(&self) -> &[*const c_char] {
        let (_, ptrs) = self.c_lines.get_or_init(|| {
            let strings: Vec<CString> = self
                .lines
                .iter()
                .map(|(n, v)| {
                    let line = if v.is_empty() {
                        format!("{n}:")
                    } else {
                        format!("{n}: {v}")
                    };
                    CString::new(line.replace('\0', "")).unwrap_or_default()
                })
                .collect();
            let ptrs = strings.iter().map(|s| s.as_ptr()).collect();
            (strings, ptrs)
        });
        ptrs
    }

    /// Godot's `get_response_headers_as_dictionary` as a JSON object: names as received;
    /// a name repeated exactly gets its values joined with "; ".
    pub fn dictionary_json(&self) -> &CStr {
        self.dictionary.get_or_init(|| {
            let mut m = Map::new();
            for (n, v) in &self.lines {
                match m.get_mut(n) {
                    Some(Value::String(prev)) => {
                        prev.push_str("; ");
                        prev.push_str(v);
                    }
                    _ => {
                        m.insert(n.clone(), Value::String(v.clone()));
                    }
                }
            }
            CString::new(Value::Object(m).to_string().replace('\0', "")).unwrap_or_default()
        })
    }
}
