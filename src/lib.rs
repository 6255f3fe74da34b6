//! nethttp: a networking library on libcurl with a C ABI, implementing OpenHarmony's network
//! modules (`@ohos.net.http`, `@ohos.net.webSocket`, the lookups of `@ohos.net.connection`;
//! sockets and the rest of connection join as siblings).
//!
//! Layers, top to bottom; imports run downward only (see ARCHITECTURE.md):
//! - [`ffi`]: the C ABI, one thin layer per module (`ffi::http`) over shared boundary helpers
//!   (argument checks, handle conversion, the panic boundary). No behaviour.
//! - Modules: [`http`] (requests, response cache, poll client), [`ws`] (WebSocket), [`net`]
//!   (connection: lookups, IDNA). Each owns its model, its setup and its state on the
//!   worker; modules do not import each other, except `ws`, which is an HTTP upgrade and uses
//!   HTTP's transport options (ARCHITECTURE.md).
//! - [`core`]: protocol-neutral: the worker thread and event loop, queued delivery, handle
//!   lifecycle and listeners, the error space and panic boundary, policies, libcurl plumbing,
//!   the allocator. It imports nothing above it.
//! - libcurl (`curl`, `curl-sys`) and the OS.

pub mod core;
pub mod ffi;
pub mod http;
pub mod net;
pub mod sock;
pub mod ws;

#[cfg(test)]
mod fuzz;
