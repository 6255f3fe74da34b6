//! The extra options (`ExtraOptionsBase`, `TCPExtraOptions`, `UDPExtraOptions`,
//! `LocalExtraOptions`), from the spec's JSON or one at a time, and nethttp's own (read size,
//! send-queue limit). Set before the socket exists they are kept and applied when it is
//! made; set on a live socket they are applied at once. A server's options also apply to
//! each connection it accepts.

#![allow(non_camel_case_types)]

use super::{io_error, Kind};
use crate::core::error::Error;
use serde_json::Value;
use socket2::Socket;
use std::time::Duration;

/// Typed options (`nethttp_sock_set_option`'s `option`).
#[repr(i32)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum nethttp_sock_option {
    /// `receiveBufferSize`: SO_RCVBUF, bytes (the kernel may double it).
    NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE = 1,
    /// `sendBufferSize`: SO_SNDBUF, bytes.
    NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE = 2,
    /// `reuseAddress`: SO_REUSEADDR, 0 or 1 (before bind/listen to matter).
    NETHTTP_SOCK_OPT_REUSE_ADDRESS = 3,
    /// `socketTimeout`, ms, 0 = none: queued bytes that make no progress for this long fail
    /// the connection with 2301110 (ETIMEDOUT); also SO_RCVTIMEO/SO_SNDTIMEO for an
    /// application doing its own blocking I/O on the descriptor.
    NETHTTP_SOCK_OPT_SOCKET_TIMEOUT = 4,
    /// `keepAlive`: SO_KEEPALIVE, 0 or 1 (TCP).
    NETHTTP_SOCK_OPT_KEEP_ALIVE = 5,
    /// `OOBInline`: SO_OOBINLINE, 0 or 1 (TCP).
    NETHTTP_SOCK_OPT_OOB_INLINE = 6,
    /// `TCPNoDelay`: TCP_NODELAY, 0 or 1 (TCP).
    NETHTTP_SOCK_OPT_TCP_NO_DELAY = 7,
    /// `socketLinger`: SO_LINGER; -1 off, 0..65535 seconds on (TCP).
    NETHTTP_SOCK_OPT_SOCKET_LINGER = 8,
    /// `tcpFastOpen`: 0 or 1; TCP_FASTOPEN_CONNECT on a client, TCP_FASTOPEN (a queue of
    /// 128) on a server (TCP; Linux only, 2301095 elsewhere).
    NETHTTP_SOCK_OPT_TCP_FAST_OPEN = 9,
    /// `broadcast`: SO_BROADCAST, 0 or 1 (UDP).
    NETHTTP_SOCK_OPT_BROADCAST = 10,
    /// nethttp: the most bytes one read takes (one MESSAGE event), 1..16 MiB, default
    /// 65536; a datagram longer than this is truncated (UDP: keep 65536 for any datagram).
    NETHTTP_SOCK_OPT_READ_SIZE = 11,
    /// nethttp: the most bytes waiting in the send queue, default 8 MiB: a send that would
    /// go past it fails with 2301105 (ENOBUFS) and queues nothing; a send into an empty
    /// queue is always taken.
    NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT = 12,
}

pub const DEFAULT_READ_SIZE: usize = 65536;
pub const MAX_READ_SIZE: usize = 16 << 20;
pub const DEFAULT_SEND_QUEUE_LIMIT: u64 = 8 << 20;

/// Options as given (None: not set, the system's default stays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SockOpts {
    pub receive_buffer_size: Option<u32>,
    pub send_buffer_size: Option<u32>,
    pub reuse_address: Option<bool>,
    pub socket_timeout: Option<u32>,
    pub keep_alive: Option<bool>,
    pub oob_inline: Option<bool>,
    pub tcp_no_delay: Option<bool>,
    /// Some(None): linger off; Some(Some(s)): on for s seconds.
    pub linger: Option<Option<u16>>,
    pub tcp_fast_open: Option<bool>,
    pub broadcast: Option<bool>,
    pub read_size: usize,
    pub send_queue_limit: u64,
    /// The interface the socket is bound to (`NetHandle.bindSocket`: SO_BINDTODEVICE).
    pub device: Option<String>,
}

impl Default for SockOpts {
    fn default() -> Self {
        SockOpts {
            receive_buffer_size: None,
            send_buffer_size: None,
            reuse_address: None,
            socket_timeout: None,
            keep_alive: None,
            oob_inline: None,
            tcp_no_delay: None,
            linger: None,
            tcp_fast_open: None,
            broadcast: None,
            read_size: DEFAULT_READ_SIZE,
            send_queue_limit: DEFAULT_SEND_QUEUE_LIMIT,
            device: None,
        }
    }
}

/// Which options a kind takes.
fn applies(kind: Kind, opt: nethttp_sock_option) -> bool {
    use nethttp_sock_option::*;
    match opt {
        NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE
        | NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE
        | NETHTTP_SOCK_OPT_SOCKET_TIMEOUT
        | NETHTTP_SOCK_OPT_READ_SIZE
        | NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT => true,
        NETHTTP_SOCK_OPT_REUSE_ADDRESS => !kind.is_local(),
        NETHTTP_SOCK_OPT_KEEP_ALIVE
        | NETHTTP_SOCK_OPT_OOB_INLINE
        | NETHTTP_SOCK_OPT_TCP_NO_DELAY
        | NETHTTP_SOCK_OPT_SOCKET_LINGER
        | NETHTTP_SOCK_OPT_TCP_FAST_OPEN => kind.is_tcp(),
        NETHTTP_SOCK_OPT_BROADCAST => kind.is_datagram(),
    }
}

impl nethttp_sock_option {
    pub fn from_i32(v: i32) -> Option<Self> {
        use nethttp_sock_option::*;
        [
            NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE,
            NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE,
            NETHTTP_SOCK_OPT_REUSE_ADDRESS,
            NETHTTP_SOCK_OPT_SOCKET_TIMEOUT,
            NETHTTP_SOCK_OPT_KEEP_ALIVE,
            NETHTTP_SOCK_OPT_OOB_INLINE,
            NETHTTP_SOCK_OPT_TCP_NO_DELAY,
            NETHTTP_SOCK_OPT_SOCKET_LINGER,
            NETHTTP_SOCK_OPT_TCP_FAST_OPEN,
            NETHTTP_SOCK_OPT_BROADCAST,
            NETHTTP_SOCK_OPT_READ_SIZE,
            NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT,
        ]
        .into_iter()
        .find(|o| *o as i32 == v)
    }

    /// The spec's JSON key (nethttp's own for the last two).
    pub fn key(self) -> &'static str {
        use nethttp_sock_option::*;
        match self {
            NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE => "receiveBufferSize",
            NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE => "sendBufferSize",
            NETHTTP_SOCK_OPT_REUSE_ADDRESS => "reuseAddress",
            NETHTTP_SOCK_OPT_SOCKET_TIMEOUT => "socketTimeout",
            NETHTTP_SOCK_OPT_KEEP_ALIVE => "keepAlive",
            NETHTTP_SOCK_OPT_OOB_INLINE => "OOBInline",
            NETHTTP_SOCK_OPT_TCP_NO_DELAY => "TCPNoDelay",
            NETHTTP_SOCK_OPT_SOCKET_LINGER => "socketLinger",
            NETHTTP_SOCK_OPT_TCP_FAST_OPEN => "tcpFastOpen",
            NETHTTP_SOCK_OPT_BROADCAST => "broadcast",
            NETHTTP_SOCK_OPT_READ_SIZE => "readSize",
            NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT => "sendQueueLimit",
        }
    }
}

fn want_bool(key: &str, v: i64) -> Result<bool, Error> {
    match v {
        0 => Ok(false),
        1 => Ok(true),
        _ => Err(Error::param(format!("{key}: {v} is not 0 or 1"))),
    }
}

fn want_u32(key: &str, v: i64) -> Result<u32, Error> {
    u32::try_from(v)
        .ok()
        .filter(|&n| n <= i32::MAX as u32)
        .ok_or_else(|| Error::param(format!("{key}: {v} is out of range (0..2147483647)")))
}

impl SockOpts {
    /// Sets one option on the kept values (checked for the kind and the range).
    pub fn set(&mut self, kind: Kind, opt: nethttp_sock_option, v: i64) -> Result<(), Error> {
        use nethttp_sock_option::*;
        let key = opt.key();
        if !applies(kind, opt) {
            return Err(Error::param(format!(
                "{key} does not apply to a {}",
                kind.name()
            )));
        }
        match opt {
            NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE => {
                self.receive_buffer_size = Some(want_u32(key, v)?)
            }
            NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE => self.send_buffer_size = Some(want_u32(key, v)?),
            NETHTTP_SOCK_OPT_REUSE_ADDRESS => self.reuse_address = Some(want_bool(key, v)?),
            NETHTTP_SOCK_OPT_SOCKET_TIMEOUT => self.socket_timeout = Some(want_u32(key, v)?),
            NETHTTP_SOCK_OPT_KEEP_ALIVE => self.keep_alive = Some(want_bool(key, v)?),
            NETHTTP_SOCK_OPT_OOB_INLINE => self.oob_inline = Some(want_bool(key, v)?),
            NETHTTP_SOCK_OPT_TCP_NO_DELAY => self.tcp_no_delay = Some(want_bool(key, v)?),
            NETHTTP_SOCK_OPT_SOCKET_LINGER => {
                self.linger = Some(match v {
                    -1 => None,
                    0..=65535 => Some(v as u16),
                    _ => {
                        return Err(Error::param(format!(
                            "{key}: {v} is not -1 (off) or 0..65535 seconds"
                        )))
                    }
                })
            }
            NETHTTP_SOCK_OPT_TCP_FAST_OPEN => {
                let on = want_bool(key, v)?;
                if on && !cfg!(target_os = "linux") {
                    return Err(Error::new(
                        super::ERRNO_BASE + libc::EOPNOTSUPP,
                        "tcpFastOpen: supported on Linux only",
                    ));
                }
                self.tcp_fast_open = Some(on)
            }
            NETHTTP_SOCK_OPT_BROADCAST => self.broadcast = Some(want_bool(key, v)?),
            NETHTTP_SOCK_OPT_READ_SIZE => {
                if v < 1 || v as u64 > MAX_READ_SIZE as u64 {
                    return Err(Error::param(format!(
                        "{key}: {v} is out of range (1..{MAX_READ_SIZE})"
                    )));
                }
                self.read_size = v as usize
            }
            NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT => {
                if v < 0 {
                    return Err(Error::param(format!("{key}: {v} is negative")));
                }
                self.send_queue_limit = v as u64
            }
        }
        Ok(())
    }

    /// The kept value of one option (-1 for a kernel option never set; linger -1 off).
    pub fn get(&self, opt: nethttp_sock_option) -> i64 {
        use nethttp_sock_option::*;
        let b = |v: Option<bool>| v.map_or(-1, i64::from);
        let n = |v: Option<u32>| v.map_or(-1, i64::from);
        match opt {
            NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE => n(self.receive_buffer_size),
            NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE => n(self.send_buffer_size),
            NETHTTP_SOCK_OPT_REUSE_ADDRESS => b(self.reuse_address),
            NETHTTP_SOCK_OPT_SOCKET_TIMEOUT => self.socket_timeout.map_or(0, i64::from),
            NETHTTP_SOCK_OPT_KEEP_ALIVE => b(self.keep_alive),
            NETHTTP_SOCK_OPT_OOB_INLINE => b(self.oob_inline),
            NETHTTP_SOCK_OPT_TCP_NO_DELAY => b(self.tcp_no_delay),
            NETHTTP_SOCK_OPT_SOCKET_LINGER => match self.linger {
                Some(Some(s)) => i64::from(s),
                _ => -1,
            },
            NETHTTP_SOCK_OPT_TCP_FAST_OPEN => b(self.tcp_fast_open),
            NETHTTP_SOCK_OPT_BROADCAST => b(self.broadcast),
            NETHTTP_SOCK_OPT_READ_SIZE => self.read_size as i64,
            NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT => self.send_queue_limit as i64,
        }
    }

    /// Parses the spec's extra-options JSON for `kind` into a copy of `self` (all or
    /// nothing). Returns the new options and the ones the JSON named.
    pub fn with_json(
        &self,
        kind: Kind,
        json: &str,
    ) -> Result<(SockOpts, Vec<nethttp_sock_option>), Error> {
        use nethttp_sock_option::*;
        let v: Value = serde_json::from_str(json)
            .map_err(|e| Error::param(format!("options: not JSON ({e})")))?;
        let Value::Object(o) = v else {
            return Err(Error::param("options: not a JSON object"));
        };
        let mut out = self.clone();
        let mut named = Vec::new();
        for (k, v) in &o {
            let opt = (1..=12)
                .filter_map(nethttp_sock_option::from_i32)
                .find(|opt| opt.key() == k)
                .ok_or_else(|| {
                    Error::param(format!("options: unknown key {k:?} for a {}", kind.name()))
                })?;
            let n = match (opt, v) {
                (NETHTTP_SOCK_OPT_SOCKET_LINGER, Value::Object(l)) => {
                    if let Some(extra) = l.keys().find(|x| *x != "on" && *x != "linger") {
                        return Err(Error::param(format!(
                            "socketLinger: unknown key {extra:?} (on, linger)"
                        )));
                    }
                    let on = match l.get("on") {
                        Some(Value::Bool(b)) => *b,
                        _ => return Err(Error::param("socketLinger.on: a boolean is required")),
                    };
                    let secs = match l.get("linger") {
                        Some(Value::Number(n)) => n
                            .as_i64()
                            .ok_or_else(|| Error::param("socketLinger.linger: not an integer"))?,
                        None => 0,
                        _ => return Err(Error::param("socketLinger.linger: not a number")),
                    };
                    if !on {
                        -1
                    } else if secs < 0 {
                        return Err(Error::param("socketLinger.linger: negative"));
                    } else {
                        secs
                    }
                }
                (NETHTTP_SOCK_OPT_SOCKET_LINGER, _) => {
                    return Err(Error::param(
                        "socketLinger: an object {\"on\": bool, \"linger\": seconds} is required",
                    ))
                }
                (_, Value::Bool(b)) => {
                    let is_bool = matches!(
                        opt,
                        NETHTTP_SOCK_OPT_REUSE_ADDRESS
                            | NETHTTP_SOCK_OPT_KEEP_ALIVE
                            | NETHTTP_SOCK_OPT_OOB_INLINE
                            | NETHTTP_SOCK_OPT_TCP_NO_DELAY
                            | NETHTTP_SOCK_OPT_TCP_FAST_OPEN
                            | NETHTTP_SOCK_OPT_BROADCAST
                    );
                    if !is_bool {
                        return Err(Error::param(format!("{k}: a number is required")));
                    }
                    i64::from(*b)
                }
                (_, Value::Number(n)) => {
                    let is_num = matches!(
                        opt,
                        NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE
                            | NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE
                            | NETHTTP_SOCK_OPT_SOCKET_TIMEOUT
                            | NETHTTP_SOCK_OPT_READ_SIZE
                            | NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT
                    );
                    if !is_num {
                        return Err(Error::param(format!("{k}: a boolean is required")));
                    }
                    n.as_i64()
                        .ok_or_else(|| Error::param(format!("{k}: not an integer")))?
                }
                _ => return Err(Error::param(format!("{k}: wrong type"))),
            };
            out.set(kind, opt, n)?;
            named.push(opt);
        }
        Ok((out, named))
    }

    /// Applies every option that was set to `s` (a new socket, or all of them again).
    pub fn apply_all(&self, s: &Socket, kind: Kind) -> Result<(), Error> {
        (1..=10)
            .filter_map(nethttp_sock_option::from_i32)
            .filter(|o| applies(kind, *o))
            .try_for_each(|o| self.apply(s, kind, o))?;
        if kind.is_local() {
            return Ok(());
        }
        self.apply_device(s)
    }

    /// Binds the socket to the kept interface (`bindSocket`), else to the application's
    /// network (`nethttp_net_set_app_net`), if any (SO_BINDTODEVICE).
    pub fn apply_device(&self, s: &Socket) -> Result<(), Error> {
        let d = match &self.device {
            Some(d) => d.clone(),
            None => match crate::net::app::app_net() {
                0 => return Ok(()),
                id => crate::net::app::interface_name(id).ok_or_else(|| {
                    super::errno_error(libc::ENODEV, &format!("the app's network {id} is gone"))
                })?,
            },
        };
        s.bind_device(Some(d.as_bytes()))
            .map_err(|e| super::io_error(&e, &format!("bindSocket to {d}")))
    }

    /// Applies one kept option to a live socket (nothing when it was never set).
    pub fn apply(&self, s: &Socket, kind: Kind, opt: nethttp_sock_option) -> Result<(), Error> {
        use nethttp_sock_option::*;
        let key = opt.key();
        let r = match opt {
            NETHTTP_SOCK_OPT_RECEIVE_BUFFER_SIZE => self
                .receive_buffer_size
                .map(|n| s.set_recv_buffer_size(n as usize)),
            NETHTTP_SOCK_OPT_SEND_BUFFER_SIZE => self
                .send_buffer_size
                .map(|n| s.set_send_buffer_size(n as usize)),
            NETHTTP_SOCK_OPT_REUSE_ADDRESS => self.reuse_address.map(|b| s.set_reuse_address(b)),
            NETHTTP_SOCK_OPT_SOCKET_TIMEOUT => self.socket_timeout.map(|ms| {
                let d = (ms > 0).then(|| Duration::from_millis(ms.into()));
                s.set_read_timeout(d).and_then(|_| s.set_write_timeout(d))
            }),
            NETHTTP_SOCK_OPT_KEEP_ALIVE => self.keep_alive.map(|b| s.set_keepalive(b)),
            NETHTTP_SOCK_OPT_OOB_INLINE => self.oob_inline.map(|b| s.set_out_of_band_inline(b)),
            NETHTTP_SOCK_OPT_TCP_NO_DELAY => self.tcp_no_delay.map(|b| s.set_tcp_nodelay(b)),
            NETHTTP_SOCK_OPT_SOCKET_LINGER => self
                .linger
                .map(|l| s.set_linger(l.map(|secs| Duration::from_secs(secs.into())))),
            NETHTTP_SOCK_OPT_TCP_FAST_OPEN => self.tcp_fast_open.map(|b| fast_open(s, kind, b)),
            NETHTTP_SOCK_OPT_BROADCAST => self.broadcast.map(|b| s.set_broadcast(b)),
            NETHTTP_SOCK_OPT_READ_SIZE | NETHTTP_SOCK_OPT_SEND_QUEUE_LIMIT => None,
        };
        match r {
            Some(Err(e)) => Err(io_error(&e, key)),
            _ => Ok(()),
        }
    }
}

#[cfg(target_os = "linux")]
fn fast_open(s: &Socket, kind: Kind, on: bool) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    // TCP_FASTOPEN_CONNECT (30): connect() returns at once and the first send carries the
    // SYN's data; TCP_FASTOPEN (23) on a listener: the pending-request queue length.
    let (opt, v): (libc::c_int, libc::c_int) = if kind == Kind::TcpServer {
        (libc::TCP_FASTOPEN, if on { 128 } else { 0 })
    } else {
        (30, on as libc::c_int)
    };
    // SAFETY: an int option on a live socket.
    let r = unsafe {
        libc::setsockopt(
            s.as_raw_fd(),
            libc::IPPROTO_TCP,
            opt,
            &v as *const libc::c_int as *const libc::c_void,
            std::mem::size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn fast_open(_: &Socket, _: Kind, on: bool) -> std::io::Result<()> {
    if on {
        Err(std::io::Error::from_raw_os_error(libc::EOPNOTSUPP))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes_and_kinds() {
        let o = SockOpts::default();
        let (n, named) = o
            .with_json(
                Kind::Tcp,
                r#"{"TCPNoDelay":true,"socketLinger":{"on":true,"linger":3},"receiveBufferSize":4096,"readSize":100}"#,
            )
            .unwrap();
        assert_eq!(n.tcp_no_delay, Some(true));
        assert_eq!(n.linger, Some(Some(3)));
        assert_eq!(n.receive_buffer_size, Some(4096));
        assert_eq!(n.read_size, 100);
        assert_eq!(named.len(), 4);
        let (n, _) = o
            .with_json(Kind::Tcp, r#"{"socketLinger":{"on":false}}"#)
            .unwrap();
        assert_eq!(n.linger, Some(None));
        for bad in [
            r#"{"broadcast":true}"#,
            r#"{"TCPNoDelay":1}"#,
            r#"{"receiveBufferSize":true}"#,
            r#"{"receiveBufferSize":-1}"#,
            r#"{"nope":1}"#,
            r#"{"socketLinger":true}"#,
            r#"{"readSize":0}"#,
            r#"[1]"#,
            "not json",
        ] {
            assert_eq!(o.with_json(Kind::Tcp, bad).unwrap_err().code, 401, "{bad}");
        }
        assert!(o.with_json(Kind::Udp, r#"{"broadcast":true}"#).is_ok());
        assert!(o.with_json(Kind::Udp, r#"{"keepAlive":true}"#).is_err());
        assert!(o
            .with_json(Kind::Local, r#"{"reuseAddress":true}"#)
            .is_err());
        assert!(o
            .with_json(Kind::LocalServer, r#"{"sendBufferSize":8192}"#)
            .is_ok());
    }
}
