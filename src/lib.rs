//! nethttp: an HTTP client library on libcurl with a C ABI implementing
//! OpenHarmony `@ohos.net.http`.
//!
//! Layers, top to bottom (imports run downward only):
//! - [`ffi`]: the C ABI (opaque handles, argument checks, panic boundary).
//! - [`options`], [`response`], [`request`], [`cache`], [`client`]: the request model,
//!   the response cache and the poll-driven client.
//! - [`engine`], [`transfer`], [`curlopts`]: the worker thread and the per-transfer logic.
//! - [`error`], [`policy`]: plumbing.

#[cfg(feature = "mimalloc")]
mod alloc;
pub mod cache;
pub mod client;
pub mod core;
pub mod curlnet;
pub mod curlopts;
pub mod decode;
pub mod ffi;
pub mod http;
pub mod netopts;
pub mod options;
pub mod request;
pub mod resolver;
pub mod response;
pub mod transfer;

// Transition: the old paths of what moved into the core.
pub use crate::core::{error, policy};
