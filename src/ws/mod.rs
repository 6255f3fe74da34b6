//! The WebSocket module: `@ohos.net.webSocket` clients on the shared engine.
//!
//! libcurl performs the HTTP upgrade (URL rules, proxies and CONNECT tunnels, TLS and its
//! options, DNS options) as a CONNECT_ONLY transfer on the engine's multi handle, in its raw
//! mode; from the 101 on, the connection's bytes are read and written here with
//! `curl_easy_recv` / `curl_easy_send` and the protocol is ours ([`proto`]): framing,
//! reassembly, UTF-8 and close-code checks, the close handshake, pings and pongs, the
//! message size limit and permessage-deflate ([`deflate`]).
//!
//! - [`options`]: `WebSocketRequestOptions` as a typed model and its JSON form.
//! - [`shared`]: the handle shared with the worker: listeners, delivery, ready state.
//! - [`worker`]: the connections on the engine's worker: upgrade, I/O, timers.

pub mod deflate;
pub mod frame;
pub mod options;
pub mod proto;
pub mod shared;
pub mod worker;

/// The spec's WebSocket error codes.
pub const ERR_URL: i32 = 2_302_001;
pub const ERR_CERT_FILE: i32 = 2_302_002;
pub const ERR_ALREADY_CONNECTED: i32 = 2_302_003;
pub const ERR_DOMAIN_NOT_ALLOWED: i32 = 2_302_998;
pub const ERR_UNKNOWN: i32 = 2_302_999;
/// nethttp's own, in the same range.
pub const ERR_NOT_OPEN: i32 = 2_302_101;
pub const ERR_UPGRADE: i32 = 2_302_102;
pub const ERR_PROTOCOL: i32 = 2_302_103;
pub const ERR_INVALID_UTF8: i32 = 2_302_104;
pub const ERR_MESSAGE_TOO_BIG: i32 = 2_302_105;
pub const ERR_PONG_TIMEOUT: i32 = 2_302_106;
pub const ERR_CLOSE_TIMEOUT: i32 = 2_302_107;
pub const ERR_CONNECTION_LOST: i32 = 2_302_108;
