//! nethttp: an HTTP client library on libcurl with a C ABI implementing
//! OpenHarmony `@ohos.net.http`.
//!
//! Layers, top to bottom (imports run downward only):
//! - [`ffi`]: the C ABI (opaque handles, argument checks, panic boundary).
//! - [`options`], [`response`], [`request`], [`client`]: the request model and the
//!   poll-driven client.
//! - [`engine`], [`transfer`], [`curlopts`]: the worker thread and the per-transfer logic.
//! - [`error`], [`policy`]: plumbing.

pub mod client;
pub mod curlopts;
pub mod engine;
pub mod error;
pub mod ffi;
pub mod options;
pub mod policy;
pub mod request;
pub mod response;
pub mod transfer;
