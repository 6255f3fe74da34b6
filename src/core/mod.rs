//! The protocol-neutral core every module builds on: the worker thread and its event loop
//! ([`engine`]), queued delivery of events to the application's thread ([`delivery`]), the
//! handle lifecycle and listeners ([`handle`]), the error space and the panic boundary
//! ([`error`]), the process-wide policies ([`policy`]), libcurl plumbing ([`curl`]) and the
//! allocator (`alloc`). It imports nothing from the modules above it.

#[cfg(feature = "mimalloc")]
pub mod alloc;
pub mod curl;
pub mod debug;
pub mod delivery;
pub mod engine;
pub mod error;
pub mod file;
pub mod handle;
pub mod policy;
