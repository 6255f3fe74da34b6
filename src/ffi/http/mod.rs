//! The HTTP module's C ABI: `http_*` functions (the spec's names), each a thin wrapper over
//! [`crate::http`] through the boundary helpers of [`crate::ffi`].

pub mod cache;
pub mod client;
pub mod misc;
pub mod options;
pub mod request;
pub mod response;
pub mod store;
pub mod transport;
