//! The HTTP module: `@ohos.net.http` requests and the poll-driven client, on the core.

pub mod worker;
