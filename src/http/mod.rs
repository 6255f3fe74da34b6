//! The HTTP module: `@ohos.net.http` requests, the response cache and the poll-driven
//! client, on the core.
//!
//! - [`options`], [`netopts`]: `HttpRequestOptions` as a typed model (and its JSON form).
//! - [`request`]: the request handle shared with the worker: listeners, delivery, completion.
//! - [`setup`], [`setup_net`]: options -> libcurl easy options (URL rules, TLS, proxy, DNS).
//! - [`worker`]: HTTP's state on the engine's worker (waiting requests, pooled handles).
//! - [`transfer`]: one request's libcurl callbacks: headers, body, limits, events.
//! - [`response`]: `HttpResponse` and the header block parser.
//! - [`decode`], [`resolver`], [`cache`]: content decoding, `dnsServers`, the response cache.
//! - [`sse`]: the `text/event-stream` parser of server-sent events requests.
//! - [`client`]: the poll-driven client (Godot's HTTPClient), on its own multi handle.

pub mod blocking;
pub mod cache;
pub mod client;
pub mod decode;
pub mod netopts;
pub mod options;
pub mod request;
pub mod resolver;
pub mod response;
pub mod setup;
pub mod setup_net;
pub mod sse;
pub mod state;
pub mod transfer;
pub mod worker;
