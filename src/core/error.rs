//! Error codes (OpenHarmony's numbering) and their messages.

use std::cell::{Cell, RefCell};
use std::ffi::{CStr, CString};

/// Success.
pub const OK: i32 = 0;
/// Bad parameter: NULL, invalid UTF-8, CR/LF in a header, out-of-range value, empty URL.
pub const PARAMETER: i32 = 401;
/// OpenHarmony's "capability not supported" (device-only calls).
pub const NOT_SUPPORTED: i32 = 801;
/// Base of transfer failures: 2300000 + CURLcode.
pub const CURL_BASE: i32 = 2_300_000;
/// A URL whose scheme the API does not speak (CURLE_UNSUPPORTED_PROTOCOL).
pub const UNSUPPORTED_PROTOCOL: i32 = 2_300_001;
/// A proxy refused or botched a CONNECT tunnel (CURLE_PROXY's number).
pub const PROXY: i32 = 2_300_097;
/// Response headers over a limit: a line, the line count or a block's size
/// (CURLE_TOO_LARGE, libcurl's code for its own header limits).
pub const HEADERS_TOO_LARGE: i32 = 2_300_100;
/// The response exceeded `maxLimit` (also CURLE_FILESIZE_EXCEEDED).
pub const MAX_LIMIT: i32 = 2_300_063;
/// Cleartext `http://` forbidden by the process-wide policy.
pub const CLEARTEXT_NOT_PERMITTED: i32 = 2_300_997;
/// Server-sent events: the response is not a 200 `text/event-stream`.
pub const SSE_NOT_EVENT_STREAM: i32 = 2_300_995;
/// Server-sent events: a line, or an event's data, exceeds `maxEventSize`.
pub const SSE_TOO_LARGE: i32 = 2_300_994;
/// `cacheMode: "only-if-cached"` and no stored response matches.
pub const CACHE_MISS: i32 = 2_300_996;
/// The host is not on the process-wide allow-list.
pub const DOMAIN_NOT_ALLOWED: i32 = 2_300_998;
/// Anything else, including an internal panic.
pub const UNKNOWN: i32 = 2_300_999;

/// An error with its code and a detailed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: i32,
    pub message: String,
}

impl Error {
    pub fn new(code: i32, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
        }
    }

    /// A parameter error (401) with its detail.
    pub fn param(message: impl Into<String>) -> Self {
        Error::new(PARAMETER, message)
    }

    /// A transfer error from a libcurl result, with curl's detailed text when it has one.
    pub fn from_curl(e: &curl::Error) -> Self {
        let code = CURL_BASE + e.code() as i32;
        let detail = match e.extra_description() {
            Some(extra) if !extra.is_empty() => extra.to_string(),
            _ => e.description().to_string(),
        };
        Error::new(code, detail)
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

/// Static English message for a code; never empty.
pub fn message(code: i32) -> &'static CStr {
    macro_rules! m {
        ($s:literal) => {
            // SAFETY: the literal ends with exactly one NUL and has no other.
            unsafe { CStr::from_bytes_with_nul_unchecked(concat!($s, "\0").as_bytes()) }
        };
    }
    match code {
        0 => m!("OK"),
        401 => m!("Parameter error."),
        801 => m!("Capability not supported on this system."),
        201 => m!("Permission denied."),
        2_300_001 => m!("Unsupported protocol."),
        2_300_003 => m!("Invalid URL format or missing URL."),
        2_300_005 => m!("Failed to resolve the proxy name."),
        2_300_006 => m!("Failed to resolve the host name."),
        2_300_007 => m!("Failed to connect to the server."),
        2_300_008 => m!("Invalid server response."),
        2_300_009 => m!("Access to the remote resource denied."),
        2_300_016 => m!("Error in the HTTP2 framing layer."),
        2_300_018 => m!("Transferred a partial file."),
        2_300_023 => m!("Failed to write the received data to the disk or application."),
        2_300_025 => m!("Upload failed."),
        2_300_026 => m!("Failed to open or read local data from the file or application."),
        2_300_027 => m!("Out of memory."),
        2_300_028 => m!("Operation timeout."),
        2_300_035 => m!("SSL connect error."),
        2_300_042 => m!("Operation aborted by the application."),
        2_300_047 => m!("The number of redirections reaches the maximum allowed."),
        2_300_052 => m!("The server returned nothing (no header or data)."),
        2_300_055 => m!("Failed to send data to the peer."),
        2_300_056 => m!("Failed to receive data from the peer."),
        2_300_058 => m!("Local SSL certificate error."),
        2_300_059 => m!("The specified SSL cipher cannot be used."),
        2_300_060 => m!("Invalid SSL peer certificate or SSH remote key."),
        2_300_061 => m!("Invalid HTTP encoding format."),
        2_300_063 => m!("Maximum file size exceeded."),
        2_300_070 => m!("Remote disk full."),
        2_300_073 => m!("Remote file already exists."),
        2_300_077 => m!("The SSL CA certificate does not exist or is inaccessible."),
        2_300_078 => m!("Remote file not found."),
        2_300_090 => m!("The server's public key does not match the pinned public key."),
        2_300_094 => m!("Authentication error."),
        2_300_097 => m!("The proxy failed or refused the connection."),
        2_300_100 => m!(
            "The response headers exceed a limit (a line over 64 KiB, more than 1000 lines, or over 256 KiB in one response)."
        ),
        2_300_994 => m!(
            "The event stream has a line or an event larger than maxEventSize (server-sent events)."
        ),
        2_300_995 => m!(
            "The response is not an event stream: status other than 200 or Content-Type other than text/event-stream (server-sent events)."
        ),
        2_300_996 => m!("The response is not in the cache (cacheMode only-if-cached)."),
        2_300_997 => m!("Cleartext HTTP traffic is not permitted."),
        2_300_998 => m!("It is not allowed to access this domain."),
        2_300_999 => m!("Unknown error."),
        2_100_001 => m!("Invalid parameter value."),
        2_100_002 => m!("Failed to connect to the service (the resolver failed)."),
        2_100_003 => m!("System internal error."),
        2_100_101 => m!("The name does not exist, or has no address of the family asked for."),
        2_100_102 => m!("The resolver gave no answer now; try again later."),
        2_101_007 => m!("The callback does not exist."),
        2_101_008 => m!("The callback already exists."),
        2_101_022 => m!("The number of requests exceeded the maximum allowed."),
        2_302_001 => m!("WebSocket URL error (not a ws:// or wss:// URL)."),
        2_302_002 => m!("A WebSocket certificate file does not exist."),
        2_302_003 => m!("The WebSocket connection already exists (a handle connects once)."),
        2_302_101 => m!("The WebSocket is not open."),
        2_302_102 => m!("The server refused or botched the WebSocket upgrade."),
        2_302_103 => m!("WebSocket protocol error (the connection was closed with 1002)."),
        2_302_104 => m!("Invalid UTF-8 in a WebSocket text message (closed with 1007)."),
        2_302_105 => m!("A WebSocket message exceeds the maximum message size (closed with 1009)."),
        2_302_106 => m!("The WebSocket peer did not answer a ping in time."),
        2_302_107 => m!("The WebSocket peer did not complete the closing handshake in time."),
        2_302_108 => m!("The WebSocket connection was lost without a closing handshake (1006)."),
        2_302_998 => m!("It is not allowed to access this domain."),
        2_302_999 => m!("Unknown WebSocket error."),
        2_301_002 => m!("No such file or directory (no local socket at that path)."),
        2_301_009 => m!("The socket is closed."),
        2_301_013 => m!("Permission denied."),
        2_301_032 => m!("Broken pipe (the sending side is shut down, or the peer closed)."),
        2_301_090 => m!("Message too long."),
        2_301_098 => m!("Address already in use."),
        2_301_101 => m!("Network is unreachable."),
        2_301_104 => m!("Connection reset by peer."),
        2_301_105 => m!("The socket's send queue is full (sendQueueLimit)."),
        2_301_106 => m!("The socket is already connected."),
        2_301_107 => m!("The socket is not connected."),
        2_301_110 => m!("Connection timed out."),
        2_301_111 => m!("Connection refused."),
        2_301_113 => m!("No route to host."),
        2_301_114 => m!("The socket is connecting already."),
        2_301_125 => m!("Canceled: the socket closed first."),
        2_303_109 => m!("Bad file descriptor."),
        2_303_113 => m!("Permission denied (a privileged port?)."),
        2_303_122 => m!("Invalid argument (the socket is bound already?)."),
        2_303_188 => m!("Socket operation on non-socket (the socket is not bound)."),
        2_303_198 => m!("Address already in use."),
        2_303_199 => m!("Cannot assign the requested address."),
        2_300_002 => m!("System internal error."),
        2_301_206 => m!("Socks5 failed to connect to the proxy server."),
        2_301_207 => m!("Socks5 username or password is invalid."),
        2_301_208 => m!("Socks5 failed to connect to the remote server."),
        2_301_209 => m!("Socks5 failed to negotiate the authentication method."),
        2_301_210 => m!("Socks5 failed to send the message."),
        2_301_211 => m!("Socks5 failed to receive the message."),
        2_301_212 => m!("Socks5 serialization error."),
        2_301_213 => m!("Socks5 deserialization error."),
        2_303_210 => m!("Connection timed out (the TLS handshake did not finish in time)."),
        2_303_501 => m!("SSL is null (no TLS connection yet, or its setup failed)."),
        2_303_502 => m!("An error occurred when reading data on the TLS socket."),
        2_303_503 => m!("An error occurred when writing data on the TLS socket."),
        2_303_504 => m!("An error occurred when verifying the X.509 certificate."),
        2_303_505 => m!("An error occurred in the TLS system call."),
        2_303_506 => m!("Failed to close the TLS connection."),
        c if (2_301_000..2_302_000).contains(&c) => {
            m!("Socket error (2301000 + errno; the detail has the system's text).")
        }
        c if (2_303_100..2_303_500).contains(&c) => {
            m!("Socket error (2303100 + errno; the detail has the system's text).")
        }
        c if c > CURL_BASE && c < CURL_BASE + 1000 => {
            m!("Transfer failed (2300000 + libcurl error code).")
        }
        _ => m!("Unknown error code."),
    }
}

thread_local! {
    static LAST_DETAIL: RefCell<CString> = RefCell::new(CString::default());
}

/// Records the detail of a failed call on this thread (see `http_last_error_detail`).
pub fn set_last_detail(message: &str) {
    let c = CString::new(message.replace('\0', " ")).unwrap_or_default();
    LAST_DETAIL.with(|d| *d.borrow_mut() = c);
}

/// Pointer to this thread's last detail; valid until the next failing call on this thread.
pub fn last_detail_ptr() -> *const libc::c_char {
    LAST_DETAIL.with(|d| d.borrow().as_ptr())
}

thread_local! {
    /// Depth of nethttp's panic boundaries on this thread (threads nethttp owns stay above 0).
    static QUIET: Cell<u32> = const { Cell::new(0) };
}

static HOOK_INSTALLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Installs, once, a panic hook that stays silent for panics nethttp catches (inside its
/// boundaries and on its own threads) and hands every other panic to the hook that was
/// installed before it: the application's, or the default one. A library must not write to
/// the host's stderr; the caught panic is reported through the error code and detail.
#[inline]
fn install_quiet_hook() {
    if HOOK_INSTALLED.load(std::sync::atomic::Ordering::Acquire) {
        return;
    }
    install_quiet_hook_slow();
}

#[cold]
fn install_quiet_hook_slow() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // A thread whose locals are gone is not inside a boundary.
            if QUIET.try_with(Cell::get).unwrap_or(0) == 0 {
                previous(info);
            }
        }));
        HOOK_INSTALLED.store(true, std::sync::atomic::Ordering::Release);
    });
}

/// Runs `f` inside a panic boundary: a panic comes back as `Err` with its message, silently.
#[inline]
pub fn catch<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install_quiet_hook();
    // One thread-local lookup for both the mark and the unmark.
    let r = QUIET.with(|q| {
        q.set(q.get() + 1);
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
        q.set(q.get() - 1);
        r
    });
    r.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(no message)".to_string())
    })
}

/// Marks the calling thread as nethttp's own (the worker, the resolver): every panic on it
/// is caught by nethttp's boundaries, so none is printed.
pub fn quiet_thread() {
    install_quiet_hook();
    QUIET.with(|q| q.set(q.get() + 1));
}

/// Test hook (debug builds only): `NETHTTP_TEST_PANIC_IN=<place>` panics at `place`
/// (`write`, `header`: the transfer's handlers on the worker; `ffi`: `http_options_new` on
/// the caller's thread), to prove the panic boundaries fail just that call, silently.
#[cfg(debug_assertions)]
pub fn test_panic(place: &str) {
    if std::env::var("NETHTTP_TEST_PANIC_IN").is_ok_and(|v| v == place) {
        panic!("test panic in {place}");
    }
}
#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn test_panic(_: &str) {}
