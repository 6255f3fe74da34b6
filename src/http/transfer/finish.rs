//! The end of a transfer: the response built from what was collected (status, headers,
//! timing, body by expectDataType) or the error, mapped to nethttp's codes; and responses
//! answered from the cache without a transfer.

use super::*;

/// Body chunk size for stored responses delivered as DATA_RECEIVE events (libcurl's).
const STORED_CHUNK: usize = 16 * 1024;

/// Delivers a stored body: DATA_RECEIVE chunks (streams) and DATA_RECEIVE_PROGRESS.
pub(super) fn deliver_stored_body(delivery: &Delivery, body: &[u8], stream: bool) {
    let total = body.len() as u64;
    let mut sent = 0u64;
    for chunk in body.chunks(STORED_CHUNK) {
        if stream {
            delivery.event(EventRef::Data(chunk));
        }
        sent += chunk.len() as u64;
        if delivery.wants(crate::http::request::http_event_type::HTTP_EVENT_DATA_RECEIVE_PROGRESS) {
            delivery.event(EventRef::ReceiveProgress(sent, total));
        }
    }
}

/// The HTTP version of a status line, as `setup::http_version_of` names it.
fn version_of_status_line(line: &str) -> Option<&'static CStr> {
    let rest = line.strip_prefix("HTTP/")?;
    let (v, _) = rest.split_once(' ')?;
    match v {
        "1.1" => Some(c"1.1"),
        "2" => Some(c"2"),
        "1.0" => Some(c"1.0"),
        "3" => Some(c"3"),
        _ => None,
    }
}

/// `CURLINFO_OFF_T` (curl.h; not bound by curl-sys) and the `_TIME_T` items (microseconds).
const CURLINFO_OFF_T: curl_sys::CURLINFO = 0x600000;
const CURLINFO_TOTAL_TIME_T: curl_sys::CURLINFO = CURLINFO_OFF_T + 50;
const CURLINFO_NAMELOOKUP_TIME_T: curl_sys::CURLINFO = CURLINFO_OFF_T + 51;
const CURLINFO_CONNECT_TIME_T: curl_sys::CURLINFO = CURLINFO_OFF_T + 52;
const CURLINFO_PRETRANSFER_TIME_T: curl_sys::CURLINFO = CURLINFO_OFF_T + 53;
const CURLINFO_STARTTRANSFER_TIME_T: curl_sys::CURLINFO = CURLINFO_OFF_T + 54;
const CURLINFO_REDIRECT_TIME_T: curl_sys::CURLINFO = CURLINFO_OFF_T + 55;
const CURLINFO_APPCONNECT_TIME_T: curl_sys::CURLINFO = CURLINFO_OFF_T + 56;

/// One `curl_off_t` value of `curl_easy_getinfo` (0 when libcurl has none).
///
/// # Safety
/// `raw` must be a live easy handle and `info` a `CURLINFO_OFF_T` item.
unsafe fn info_off_t(raw: *mut curl_sys::CURL, info: curl_sys::CURLINFO) -> i64 {
    let mut v: curl_sys::curl_off_t = 0;
    // SAFETY: per the function's contract; an off_t item writes a curl_off_t.
    if unsafe { curl_sys::curl_easy_getinfo(raw, info, &mut v) } != curl_sys::CURLE_OK {
        return 0;
    }
    v
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Completes a transfer that libcurl finished: builds the response (or the error),
/// fires dataEnd for streams, and delivers the completion. The handle is left idle.
/// Returns the request's next attempt and when to start it, when it is to be retried (its
/// completion then goes with it).
pub fn finish(
    easy: &mut Easy2<Handler>,
    result: Result<(), curl::Error>,
) -> Option<(Instant, Box<Job>)> {
    let mut t = easy.get_mut().t.take()?;
    if let (Some(ct), Err(e)) = (t.alt_svc.take(), &result) {
        // An Alt-Svc alternative that could not be reached (no connection, no TLS session
        // with the origin's name): forgotten, and the request goes to the origin at once,
        // not counted as a retry (RFC 7838 §2.4: clients fall back to the origin).
        // SAFETY: the handle's transfer just ended; the handle is live.
        let connected = unsafe { info_off_t(easy.raw(), CURLINFO_CONNECT_TIME_T) } > 0;
        // An alternative whose certificate does not carry the origin's name is not one.
        let unreached = Failure::of(e, connected) == Failure::Unreached
            || e.code() == curl_sys::CURLE_PEER_FAILED_VERIFICATION;
        if unreached && !t.headers_fired && t.received == 0 && !t.delivery.shared.is_cancelled() {
            crate::http::state::alt_svc_failed(&ct);
            // Not counted as a retry.
            let retries = t.retries;
            if let Some(job) = t.retry_job(retries) {
                crate::core::debug::event(|| {
                    format!(
                        "request {:p}: alternative service {ct} failed ({e}), going to the origin",
                        Arc::as_ptr(&job.shared)
                    )
                });
                easy.get_mut().spare = Some(into_spare(t));
                return Some((Instant::now(), job));
            }
        }
    }
    let delay = match &result {
        _ if t.delivery.shared.is_cancelled() => None,
        _ if t.retry_delay.is_some() => t.retry_delay,
        Err(e) => {
            // SAFETY: the handle's transfer just ended; the handle is live.
            let connected = unsafe { info_off_t(easy.raw(), CURLINFO_CONNECT_TIME_T) } > 0;
            t.retry_after_failure(e, connected)
        }
        Ok(()) => None,
    };
    if delay.is_none() && t.sse.is_some() {
        if let Some(d) = t.sse_reconnect_delay(&result) {
            let why = match &result {
                Err(e) => format!("{e}"),
                Ok(()) => "the stream ended".to_string(),
            };
            if let Some(job) = t.sse_reconnect_job(d) {
                crate::core::debug::event(|| {
                    format!(
                        "request {:p}: event stream reconnecting in {} ms after {why}",
                        Arc::as_ptr(&job.shared),
                        d.as_millis()
                    )
                });
                easy.get_mut().spare = Some(into_spare(t));
                return Some((Instant::now() + d, job));
            }
        }
    }
    if let Some(d) = delay {
        let why = match &result {
            _ if t.retry_delay.is_some() => format!("status {}", t.head.status()),
            Err(e) => format!("{e}"),
            Ok(()) => String::new(),
        };
        let retries = t.retries + 1;
        if let Some(job) = t.retry_job(retries) {
            crate::core::debug::event(|| {
                format!(
                    "request {:p}: retry {} in {} ms after {why}",
                    Arc::as_ptr(&job.shared),
                    job.retries,
                    d.as_millis()
                )
            });
            easy.get_mut().spare = Some(into_spare(t));
            return Some((Instant::now() + d, job));
        }
    }
    let completion = t.completion.take()?;
    let built = catch_unwind(AssertUnwindSafe(|| build_response(easy, &mut t, result)));
    let outcome = built.unwrap_or_else(|_| {
        Err(Error::new(
            error::UNKNOWN,
            "internal panic while completing the response",
        ))
    });
    if outcome.is_ok() && t.stream && t.sse.is_none() {
        // (An event stream's body went to its parser: no DATA_RECEIVE, no DATA_END.)
        t.delivery.event(EventRef::DataEnd);
    }
    crate::core::debug::event(|| {
        let who = Arc::as_ptr(&t.delivery.shared);
        let ms = ms(t.start.elapsed());
        match &outcome {
            Ok(r) => format!("request {who:p}: completed, {} in {ms:.3} ms", r.code),
            Err(e) => format!(
                "request {who:p}: failed, {} {} after {ms:.3} ms",
                e.code, e.message
            ),
        }
    });
    t.delivery.complete(completion, outcome);
    easy.get_mut().spare = Some(into_spare(t));
    None
}

fn build_response(
    easy: &Easy2<Handler>,
    t: &mut Transfer,
    result: Result<(), curl::Error>,
) -> Result<Box<Response>, Error> {
    if let Some(e) = t.error.take() {
        return Err(e);
    }
    if t.delivery.shared.is_cancelled() {
        // Destroyed while it ran (the write callback then stops the transfer, which libcurl
        // reports as a write error): what a blocking caller is promised.
        return Err(Error::new(
            error::CURL_BASE + 42,
            "the request was destroyed before it completed",
        ));
    }
    if result.is_ok() && !t.head_complete && t.code_override.is_none() {
        // libcurl accepts a connection closed inside the response head as a complete
        // response (status and some headers, no body): it is not one.
        return Err(Error::new(
            error::CURL_BASE + 18,
            "the connection closed inside the response headers",
        ));
    }
    let mut result = result;
    if result.is_err() && t.code_override.is_none() && !t.headers_fired && t.received == 0 {
        // stale-if-error: a stale stored response instead of a transfer that failed before
        // any of its response reached the application.
        if let Some(stored) = t.cache.as_mut().and_then(|c| c.on_error(None)) {
            if t.use_stored(stored) {
                result = Ok(());
            }
        }
    }
    if let Err(e) = result {
        if e.code() == curl_sys::CURLE_FILESIZE_EXCEEDED {
            return Err(Error::new(error::MAX_LIMIT, "response exceeds maxLimit"));
        }
        if let Some(e) = header_limit_error(&e, t.headers_fired) {
            return Err(e);
        }
        let mut e = crate::http::setup_net::refine_error(Error::from_curl(&e));
        let opts = easy.get_ref().applied.as_ref().map(|a| a.options());
        if let Some(o) = opts.filter(|o| o.ext.stall_timeout_ms > 0) {
            if e.code == error::CURL_BASE + 28 && e.message.starts_with("Operation too slow") {
                e.message = format!(
                    "stalled: no byte moved for {} ms (stallTimeout)",
                    u64::from(o.ext.stall_timeout_ms).div_ceil(1000) * 1000
                );
            }
        }
        // SAFETY: the handle's transfer just ended; the handle is live.
        return Err(
            unsafe { crate::http::setup_net::proxy_failure(easy.raw(), opts, &e) }.unwrap_or(e),
        );
    }
    if let Some(d) = &t.decoder {
        d.finish()?;
    }
    t.fire_headers();
    let now = Instant::now();
    let queued = t.admitted.duration_since(t.start);
    let raw = easy.raw();
    let at = |info: curl_sys::CURLINFO| {
        // SAFETY: a live handle; CURLINFO_*_TIME_T write a curl_off_t (microseconds).
        let us = unsafe { info_off_t(raw, info) };
        if us > 0 {
            ms(queued + Duration::from_micros(us as u64))
        } else {
            0.0
        }
    };
    let timing = http_performance_timing {
        dns_timing: at(CURLINFO_NAMELOOKUP_TIME_T),
        tcp_timing: at(CURLINFO_CONNECT_TIME_T),
        tls_timing: at(CURLINFO_APPCONNECT_TIME_T),
        first_send_timing: at(CURLINFO_PRETRANSFER_TIME_T),
        first_receive_timing: at(CURLINFO_STARTTRANSFER_TIME_T),
        total_finish_timing: at(CURLINFO_TOTAL_TIME_T),
        redirect_timing: at(CURLINFO_REDIRECT_TIME_T),
        response_header_timing: t.header_done.map_or(0.0, |h| ms(h.duration_since(t.start))),
        response_body_timing: ms(now.duration_since(t.start)),
        total_timing: 0.0,
    };
    // The final block's status line says what libcurl's CURLINFO_RESPONSE_CODE and
    // CURLINFO_HTTP_VERSION would (two getinfo calls fewer per response); a response from
    // the cache (its stored head) or a block without a usable status line asks libcurl.
    let from_line = match t.code_override {
        None if t.head.status() > 0 => version_of_status_line(t.head.status_line()),
        _ => None,
    };
    let (code, http_version) = match from_line {
        Some(v) => (t.head.status(), v),
        None => {
            let code = t.code_override.unwrap_or_else(|| {
                let mut c: libc::c_long = 0;
                // SAFETY: a live handle; CURLINFO_RESPONSE_CODE writes a long.
                unsafe {
                    curl_sys::curl_easy_getinfo(raw, curl_sys::CURLINFO_RESPONSE_CODE, &mut c)
                };
                c as u32
            });
            (code, setup::http_version_used(easy))
        }
    };
    if let Some(c) = t.cache.as_mut() {
        let body = if t.stream {
            t.cache_copy.as_deref()
        } else {
            Some(&t.body[..])
        };
        t.head.ensure_parsed();
        c.completed(code, &t.head, body, http_version, t.redirected);
    }
    let effective_url = {
        let mut p: *const libc::c_char = std::ptr::null();
        // SAFETY: a live handle; CURLINFO_EFFECTIVE_URL writes a char pointer owned by the
        // handle (or NULL), valid until the handle changes; copied at once.
        unsafe { curl_sys::curl_easy_getinfo(raw, curl_sys::CURLINFO_EFFECTIVE_URL, &mut p) };
        if p.is_null() {
            String::new()
        } else {
            // SAFETY: a NUL-terminated string from libcurl (see above).
            let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
            if bytes == t.url.as_bytes() {
                std::mem::take(&mut t.url) // usually: the URL the request was started with
            } else {
                std::str::from_utf8(bytes).unwrap_or_default().to_string()
            }
        }
    };
    let mut resp = Response::new(ResponseParts {
        code,
        body: std::mem::take(&mut t.body),
        expect: t.expect,
        head: t.head.take_block(),
        header_json: t.header_json.take(),
        set_cookies: std::mem::take(&mut t.set_cookies),
        timing,
        http_version,
        effective_url,
        start: t.start,
    });
    resp.cache_status = t.cache_status;
    resp.retries = t.retries;
    Ok(Box::new(resp))
}

/// Answers a job with the response the cache holds for it, without the network, on the
/// worker like any response: HEADERS_RECEIVE, the body as DATA_RECEIVE events (streams)
/// and DATA_RECEIVE_PROGRESS, DATA_END, then the completion. The network phases of its
/// timing are 0.
pub fn serve_stored(job: Box<Job>) {
    let Job {
        shared,
        url,
        opts,
        stream,
        completion,
        start,
        cached,
        ..
    } = *job;
    let delivery = Delivery::new(shared);
    let outcome = catch_unwind(AssertUnwindSafe(|| -> Result<Box<Response>, Error> {
        let s = cached.ok_or_else(|| Error::new(error::UNKNOWN, "no stored response"))?;
        if crate::core::policy::active() {
            CurlUrl::parse(&url).and_then(|u| crate::core::curl::url::check_policy(&u))?;
        }
        let len = s.body.len() as u64;
        if !stream && len > opts.max_limit {
            return Err(Error::new(
                error::MAX_LIMIT,
                format!(
                    "response of {len} bytes exceeds maxLimit {}",
                    opts.max_limit
                ),
            ));
        }
        let header_json =
            if delivery.wants(crate::http::request::http_event_type::HTTP_EVENT_HEADERS_RECEIVE) {
                let json = s.head.to_json_text_nul();
                delivery.event(EventRef::Headers(&json));
                Some(json)
            } else {
                None
            };
        deliver_stored_body(&delivery, &s.body, stream);
        let at = ms(start.elapsed());
        let timing = http_performance_timing {
            first_receive_timing: at,
            total_finish_timing: at,
            response_header_timing: at,
            response_body_timing: at,
            ..Default::default()
        };
        let mut resp = Response::new(ResponseParts {
            code: s.head.status(),
            body: if stream { Vec::new() } else { s.body.to_vec() },
            expect: opts.expect_data_type,
            set_cookies: set_cookies_of(&s.head),
            head: s.head,
            header_json,
            timing,
            http_version: s.http_version,
            effective_url: url,
            start,
        });
        resp.cache_status = s.cache_status;
        Ok(Box::new(resp))
    }));
    let outcome = outcome.unwrap_or_else(|_| {
        Err(Error::new(
            error::UNKNOWN,
            "internal panic while serving a stored response",
        ))
    });
    if outcome.is_ok() && stream {
        delivery.event(EventRef::DataEnd);
    }
    delivery.complete(completion, outcome);
}

#[cfg(test)]
mod tests {
    use super::version_of_status_line;

    #[test]
    fn versions_from_status_lines() {
        assert_eq!(version_of_status_line("HTTP/1.1 200 OK"), Some(c"1.1"));
        assert_eq!(
            version_of_status_line("HTTP/1.0 404 Not Found"),
            Some(c"1.0")
        );
        assert_eq!(version_of_status_line("HTTP/2 200"), Some(c"2"));
        assert_eq!(version_of_status_line("HTTP/3 204"), Some(c"3"));
        // Anything else asks libcurl.
        assert_eq!(version_of_status_line("HTTP/2"), None);
        assert_eq!(version_of_status_line("HTTP/0.9 200"), None);
        assert_eq!(version_of_status_line("ICY 200 OK"), None);
    }
}
