//! Response header limits and Content-Length sanity, with one error code (2300100) for
//! every header limit, ours or libcurl's.

use crate::core::error::{self, Error};

/// Response header limits, per header block (each 1xx, each followed redirect, the final
/// response and its trailers count on their own; the status line counts, the empty line
/// ending the block does not). Below libcurl's own limits (a 100 KiB line, 300 KiB and 5,000
/// lines for all the blocks of one request), so these are the ones a single block meets.
pub const MAX_HEADER_LINE: usize = 64 * 1024;
pub const MAX_HEADER_LINES: u32 = 1000;
pub const MAX_HEADER_BLOCK: usize = 256 * 1024;

/// Counts one header block's lines and bytes against the limits.
#[derive(Default)]
pub(super) struct HeaderBudget {
    lines: u32,
    bytes: usize,
}

impl HeaderBudget {
    /// Takes one line (with its line end) from the budget; the error names the limit. The
    /// usual line costs two additions and one comparison: the exact checks run only near a
    /// limit.
    #[inline]
    pub(super) fn take(&mut self, line: &[u8]) -> Result<(), Error> {
        self.lines += 1;
        self.bytes += line.len();
        // A line end is at most 2 bytes: `line.len() <= MAX_HEADER_LINE` means within limit.
        if line.len() > MAX_HEADER_LINE
            || self.lines > MAX_HEADER_LINES
            || self.bytes > MAX_HEADER_BLOCK
        {
            return self.exact(line);
        }
        Ok(())
    }

    #[cold]
    fn exact(&mut self, line: &[u8]) -> Result<(), Error> {
        let text = line.strip_suffix(b"\n").unwrap_or(line);
        let text = text.strip_suffix(b"\r").unwrap_or(text);
        if text.is_empty() {
            // The block's end: neither a line nor bytes of it.
            self.lines -= 1;
            self.bytes -= line.len();
            return Ok(());
        }
        if text.len() > MAX_HEADER_LINE {
            return Err(headers_too_large(format!(
                "a response header line of {} bytes is longer than the limit of {MAX_HEADER_LINE}",
                text.len()
            )));
        }
        if self.lines > MAX_HEADER_LINES {
            return Err(headers_too_large(format!(
                "a response has more than {MAX_HEADER_LINES} header lines"
            )));
        }
        if self.bytes > MAX_HEADER_BLOCK {
            return Err(headers_too_large(format!(
                "a response's header lines add up to more than the limit of {MAX_HEADER_BLOCK} bytes"
            )));
        }
        Ok(())
    }
}

fn headers_too_large(message: String) -> Error {
    Error::new(error::HEADERS_TOO_LARGE, message)
}

/// libcurl's own header limits, met only where ours cannot see first (a line over its 100 KiB
/// buffer, CONNECT response headers plus the response's, 6 MB over all redirects), reported
/// like ours.
pub(super) fn header_limit_error(e: &curl::Error, headers_done: bool) -> Option<Error> {
    const CURLE_TOO_LARGE: curl_sys::CURLcode = 100;
    let detail = e.extra_description().unwrap_or("");
    match e.code() {
        CURLE_TOO_LARGE if !headers_done => Some(headers_too_large(format!(
            "a response header line is longer than the limit of {MAX_HEADER_LINE} bytes{}",
            if detail.is_empty() {
                String::new()
            } else {
                format!(" ({detail})")
            }
        ))),
        curl_sys::CURLE_RECV_ERROR if detail.starts_with("Too large response headers") => {
            Some(headers_too_large(format!(
                "the response headers of one request, 1xx interim responses included, are too \
                 large for libcurl ({detail})"
            )))
        }
        _ => None,
    }
}

/// A Content-Length value: `Ok(Some(n))`, `Ok(None)` when it is no number (libcurl decides
/// what that means), `Err` when it is a number too large for 64 bits.
pub(super) fn parse_content_length(v: &str) -> Result<Option<u64>, ()> {
    let v = v.trim();
    match v.parse::<u64>() {
        Ok(n) => Ok(Some(n)),
        Err(_) if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) => Err(()),
        Err(_) => Ok(None),
    }
}
