//! `http_response`: the spec's `HttpResponse`.

use crate::core::error::{Error, UNKNOWN};
use crate::ffi::{arg_ref, arg_str, boundary};
use crate::http::response::{http_performance_timing, Response};
use std::os::raw::c_char;

fn set_len(len: *mut usize, v: usize) {
    if !len.is_null() {
        // SAFETY: caller-provided out-param, checked non-NULL.
        unsafe { *len = v };
    }
}

/// Frees a response. NULL is a no-op. Every pointer obtained from it becomes invalid.
#[no_mangle]
pub extern "C" fn http_response_free(response: *mut Response) {
    boundary!((), {
        if !response.is_null() {
            // SAFETY: responses are handed out as Box::into_raw.
            drop(unsafe { Box::from_raw(response) });
        }
    })
}

/// The HTTP status code (`responseCode`), e.g. 200 or 404. 0 if `response` is NULL.
/// A response the response cache revalidated (the server answered 304 Not Modified to
/// the conditional request nethttp added) reports the stored status, normally 200, as if
/// the request had been answered in full: the application did not ask conditionally, so
/// it never sees that 304 (`http_response_cache_status` tells). A 304 is reported only
/// when the application sent its own If-None-Match / If-Modified-Since.
#[no_mangle]
pub extern "C" fn http_response_code(response: *const Response) -> u32 {
    boundary!(0, { arg_ref(response, "response").map_or(0, |r| r.code) })
}

/// `resultType`: one of `http_data_type` (-1 if `response` is NULL).
#[no_mangle]
pub extern "C" fn http_response_result_type(response: *const Response) -> i32 {
    boundary!(-1, {
        arg_ref(response, "response").map_or(-1, |r| r.result_type as i32)
    })
}

/// The body (`result`) as bytes: binary-safe, `*len` gets its length (`len` may be
/// NULL). A NUL byte follows the data (not counted), so text can be used as a C
/// string. For OBJECT results the bytes are the JSON text. Empty for
/// `http_request_in_stream`. Valid until `http_response_free`; NULL only if `response` is.
#[no_mangle]
pub extern "C" fn http_response_result(response: *const Response, len: *mut usize) -> *const u8 {
    boundary!(std::ptr::null(), {
        match arg_ref(response, "response") {
            Ok(r) => {
                set_len(len, r.result().len());
                r.result_ptr()
            }
            Err(_) => {
                set_len(len, 0);
                std::ptr::null()
            }
        }
    })
}

/// The response header object as JSON text (`header`): keys lowercased; a repeated field
/// joined with ", ", except `set-cookie`, which is always an array of every value; plus
/// `"status-line"`. Only the final response's headers (after redirects). NUL-terminated;
/// `*len` gets the length (`len` may be NULL). Valid until `http_response_free`.
#[no_mangle]
pub extern "C" fn http_response_header_json(
    response: *const Response,
    len: *mut usize,
) -> *const c_char {
    boundary!(std::ptr::null(), {
        match arg_ref(response, "response") {
            Ok(r) => {
                set_len(len, r.header_json().len());
                r.header_json_ptr()
            }
            Err(_) => std::ptr::null(),
        }
    })
}

/// The value of one response header, the name matched case-insensitively (repeated
/// fields joined with ", "). NULL when absent or on a bad argument. Valid until
/// `http_response_free`.
#[no_mangle]
pub extern "C" fn http_response_header(
    response: *const Response,
    name: *const c_char,
) -> *const c_char {
    boundary!(std::ptr::null(), {
        let r = (|| -> Result<_, Error> {
            let resp = arg_ref(response, "response")?;
            let name = arg_str(name, "name")?;
            Ok(resp.header(name).map_or(std::ptr::null(), |c| c.as_ptr()))
        })();
        r.unwrap_or(std::ptr::null())
    })
}

/// `cookies`: every `Set-Cookie` value the server sent during the request (redirect steps
/// included), in order, separated by "\r\n"; "" when none. Valid until
/// `http_response_free`.
#[no_mangle]
pub extern "C" fn http_response_cookies(response: *const Response) -> *const c_char {
    boundary!(std::ptr::null(), {
        arg_ref(response, "response").map_or(std::ptr::null(), |r| r.cookies().as_ptr())
    })
}

/// Copies `performanceTiming` (milliseconds from the `http_request` call; 0 for phases
/// that did not happen) into `*out`. Returns 0, or 401 for NULL arguments.
#[no_mangle]
pub extern "C" fn http_response_performance_timing(
    response: *const Response,
    out: *mut http_performance_timing,
) -> i32 {
    boundary!(UNKNOWN, {
        crate::ffi::code((|| {
            let r = arg_ref(response, "response")?;
            if out.is_null() {
                return Err(Error::param("out: NULL"));
            }
            // SAFETY: out checked non-NULL.
            unsafe { *out = r.timing };
            Ok(())
        })())
    })
}

/// The HTTP version actually used: "1.0", "1.1", "2" or "3" (static string).
#[no_mangle]
pub extern "C" fn http_response_http_version(response: *const Response) -> *const c_char {
    boundary!(std::ptr::null(), {
        arg_ref(response, "response").map_or(std::ptr::null(), |r| r.http_version.as_ptr())
    })
}

/// The URL of the final response, after redirects. Valid until `http_response_free`.
#[no_mangle]
pub extern "C" fn http_response_effective_url(response: *const Response) -> *const c_char {
    boundary!(std::ptr::null(), {
        arg_ref(response, "response").map_or(std::ptr::null(), |r| r.effective_url_c().as_ptr())
    })
}

/// The whole response as one line of JSON in the spec's shape:
/// `{"result":…,"resultEncoding":"utf8"|"base64"|"json","resultType":N,
/// "responseCode":N,"header":{…},"cookies":"…","performanceTiming":{dnsTiming, tcpTiming,
/// tlsTiming, firstSendTiming, firstReceiveTiming, totalFinishTiming, redirectTiming,
/// responseHeaderTiming, responseBodyTiming, totalTiming},"httpVersion":"…"}`.
/// A STRING result is a JSON string (base64 with resultEncoding "base64" if it is not
/// valid UTF-8); OBJECT is the parsed JSON value; ARRAY_BUFFER is base64. Built on first
/// call; NUL-terminated; `*len` gets the length. Valid until `http_response_free`.
#[no_mangle]
pub extern "C" fn http_response_json(response: *const Response, len: *mut usize) -> *const c_char {
    boundary!(std::ptr::null(), {
        match arg_ref(response, "response") {
            Ok(r) => {
                let j = r.json();
                set_len(len, j.to_bytes().len());
                j.as_ptr()
            }
            Err(_) => std::ptr::null(),
        }
    })
}

/// How the response cache took part in this response: one of `http_cache_status`
/// (HTTP_CACHE_NONE from the network, HTTP_CACHE_HIT served from the cache without
/// network I/O, HTTP_CACHE_REVALIDATED a stored response confirmed by a 304,
/// HTTP_CACHE_UNSATISFIED the 504 answering `only-if-cached`, HTTP_CACHE_STALE a stale
/// copy served as `cacheMode` or RFC 5861 allowed). -1 if `response` is NULL.
#[no_mangle]
pub extern "C" fn http_response_cache_status(response: *const Response) -> i32 {
    boundary!(-1, {
        arg_ref(response, "response").map_or(-1, |r| r.cache_status as i32)
    })
}

/// How many times the request was tried again before this response (nethttp extension,
/// `http_options_set_retry`): 0 when the first attempt answered. -1 if `response` is NULL.
#[no_mangle]
pub extern "C" fn http_response_retry_count(response: *const Response) -> i32 {
    boundary!(-1, {
        arg_ref(response, "response").map_or(-1, |r| r.retries as i32)
    })
}
