//! The protocol-neutral core every module builds on: the worker thread and its event loop
//! ([`engine`]), queued delivery of events to the application's thread ([`delivery`]), the
//! handle lifecycle and listeners ([`handle`]), the error space and the panic boundary
//! ([`error`]), and the process-wide policies ([`policy`]). It imports nothing from the
//! modules above it.

pub mod delivery;
pub mod engine;
pub mod error;
pub mod handle;
pub mod policy;
