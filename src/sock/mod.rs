//! The socket module (`@ohos.net.socket`): TCP clients, UDP and multicast sockets, TCP
//! servers and their connections, Unix-domain (local) sockets and servers. Every socket runs
//! on the engine's loop (no thread per socket, no polling interval): the module keeps one
//! readiness selector ([`mio::Poll`]: epoll, kqueue) whose descriptor the engine watches
//! beside libcurl's, reads on the worker, and writes from the sending thread when the socket
//! takes the bytes at once (queueing the rest for the worker).
//!
//! - [`addr`]: NetAddress (family 1 = IPv4, 2 = IPv6, nethttp's 3 = local path), parsing and
//!   formatting.
//! - [`options`]: the extra options (spec JSON and typed), applied with socket2.
//! - [`shared`]: the handle shared by the application and the worker.
//! - [`worker`]: the module on the worker: connect, accept, read, write, timers.

pub mod addr;
pub mod options;
pub mod shared;
pub mod socks;
pub mod text;
pub mod tls;
pub mod worker;

use crate::core::error::Error;

/// 2301000 + errno: the spec's code for a TCP/UDP/local socket failure.
pub const ERRNO_BASE: i32 = 2_301_000;
/// The spec's "system internal error".
pub const ERR_INTERNAL: i32 = 2_300_002;

/// The error for `errno` during `what`, with the system's text.
pub fn errno_error(errno: i32, what: &str) -> Error {
    let text = std::io::Error::from_raw_os_error(errno);
    // "Connection refused (os error 111)" -> "Connection refused".
    let text = text.to_string();
    let text = text.split(" (os error").next().unwrap_or("");
    Error::new(ERRNO_BASE + errno, format!("{what}: {text}"))
}

/// The error for an I/O failure during `what`.
pub fn io_error(e: &std::io::Error, what: &str) -> Error {
    match e.raw_os_error() {
        Some(n) => errno_error(n, what),
        None => Error::new(ERR_INTERNAL, format!("{what}: {e}")),
    }
}

/// The socket kinds (`nethttp_sock_create`'s `kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Tcp = 1,
    Udp = 2,
    Multicast = 3,
    TcpServer = 4,
    Local = 5,
    LocalServer = 6,
    TcpConnection = 7,
    LocalConnection = 8,
    Tls = 9,
    TlsServer = 10,
    TlsConnection = 11,
}

impl Kind {
    pub fn from_i32(v: i32) -> Option<Kind> {
        use Kind::*;
        [
            Tcp,
            Udp,
            Multicast,
            TcpServer,
            Local,
            LocalServer,
            TcpConnection,
            LocalConnection,
            Tls,
            TlsServer,
            TlsConnection,
        ]
        .into_iter()
        .find(|k| *k as i32 == v)
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Tcp => "TCP socket",
            Kind::Udp => "UDP socket",
            Kind::Multicast => "multicast socket",
            Kind::TcpServer => "TCP server",
            Kind::Local => "local socket",
            Kind::LocalServer => "local server",
            Kind::TcpConnection => "TCP server connection",
            Kind::LocalConnection => "local server connection",
            Kind::Tls => "TLS socket",
            Kind::TlsServer => "TLS server",
            Kind::TlsConnection => "TLS server connection",
        }
    }

    pub fn is_datagram(self) -> bool {
        matches!(self, Kind::Udp | Kind::Multicast)
    }

    pub fn is_server(self) -> bool {
        matches!(self, Kind::TcpServer | Kind::LocalServer | Kind::TlsServer)
    }

    pub fn is_local(self) -> bool {
        matches!(
            self,
            Kind::Local | Kind::LocalServer | Kind::LocalConnection
        )
    }

    /// A byte stream (client or accepted connection).
    pub fn is_stream(self) -> bool {
        matches!(
            self,
            Kind::Tcp
                | Kind::Local
                | Kind::TcpConnection
                | Kind::LocalConnection
                | Kind::Tls
                | Kind::TlsConnection
        )
    }

    /// TCP underneath (the TCP options apply).
    pub fn is_tcp(self) -> bool {
        matches!(
            self,
            Kind::Tcp
                | Kind::TcpServer
                | Kind::TcpConnection
                | Kind::Tls
                | Kind::TlsServer
                | Kind::TlsConnection
        )
    }

    pub fn is_tls(self) -> bool {
        matches!(self, Kind::Tls | Kind::TlsServer | Kind::TlsConnection)
    }

    /// The kind of the connections a server accepts.
    pub fn connection_kind(self) -> Kind {
        match self {
            Kind::LocalServer => Kind::LocalConnection,
            Kind::TlsServer => Kind::TlsConnection,
            _ => Kind::TcpConnection,
        }
    }
}
