//! SOCKS5 (RFC 1928, with RFC 1929's username/password) for sockets: the spec's
//! `ProxyOptions` for a TCP (or TLS) connect and for UDP (an association through the proxy's
//! relay). Only the protocol lives here, without I/O: what to send, and what a reply means.

use crate::core::error::Error;
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// The spec's SOCKS5 codes.
pub const ERR_CONNECT_PROXY: i32 = 2_301_206;
pub const ERR_AUTH: i32 = 2_301_207;
pub const ERR_CONNECT_REMOTE: i32 = 2_301_208;
pub const ERR_METHOD: i32 = 2_301_209;
pub const ERR_SEND: i32 = 2_301_210;
pub const ERR_RECEIVE: i32 = 2_301_211;
pub const ERR_SERIALIZE: i32 = 2_301_212;
pub const ERR_DESERIALIZE: i32 = 2_301_213;

/// `ProxyOptions` of type SOCKS5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proxy {
    pub addr: SocketAddr,
    pub user: Option<String>,
    pub pass: Option<String>,
}

impl Proxy {
    pub fn new(addr: SocketAddr, user: Option<&str>, pass: Option<&str>) -> Result<Proxy, Error> {
        for (what, v) in [("username", user), ("password", pass)] {
            if let Some(v) = v {
                if v.is_empty() || v.len() > 255 {
                    return Err(Error::param(format!(
                        "proxy {what}: 1 to 255 bytes (RFC 1929)"
                    )));
                }
            }
        }
        if user.is_some() != pass.is_some() {
            return Err(Error::param("proxy: username and password go together"));
        }
        Ok(Proxy {
            addr,
            user: user.map(str::to_string),
            pass: pass.map(str::to_string),
        })
    }

    /// The spec's JSON: `{"type":1,"address":{"address":"127.0.0.1","port":1080,
    /// "family":1},"username":"u","password":"p"}`; type 0 (NONE) gives None.
    pub fn from_json(text: &str) -> Result<Option<Proxy>, Error> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| Error::param(format!("proxy: not JSON ({e})")))?;
        let Value::Object(o) = v else {
            return Err(Error::param("proxy: not a JSON object"));
        };
        if let Some(k) = o
            .keys()
            .find(|k| !["type", "address", "username", "password"].contains(&k.as_str()))
        {
            return Err(Error::param(format!("proxy: unknown key {k:?}")));
        }
        match o.get("type").and_then(Value::as_i64) {
            Some(0) => return Ok(None),
            Some(1) => {}
            _ => return Err(Error::param("proxy.type: 0 (NONE) or 1 (SOCKS5)")),
        }
        let a = o
            .get("address")
            .and_then(Value::as_object)
            .ok_or_else(|| Error::param("proxy.address: a NetAddress object is required"))?;
        let host = a
            .get("address")
            .and_then(Value::as_str)
            .ok_or_else(|| Error::param("proxy.address.address: a string is required"))?;
        let port = a
            .get("port")
            .and_then(Value::as_u64)
            .filter(|p| (1..=65535).contains(p))
            .ok_or_else(|| Error::param("proxy.address.port: 1..65535 is required"))?;
        let family = a.get("family").and_then(Value::as_i64).unwrap_or(0) as i32;
        let addr = super::addr::parse_ip(host, port as u16, family)?;
        let s = |k: &str| -> Result<Option<&str>, Error> {
            match o.get(k) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.as_str())),
                Some(_) => Err(Error::param(format!("proxy.{k}: a string is required"))),
            }
        };
        Proxy::new(addr, s("username")?, s("password")?).map(Some)
    }

    /// The greeting: no authentication, or username/password when we have them.
    pub fn greeting(&self) -> Vec<u8> {
        if self.user.is_some() {
            vec![5, 1, 2]
        } else {
            vec![5, 1, 0]
        }
    }

    /// The username/password sub-negotiation.
    pub fn auth(&self) -> Vec<u8> {
        let u = self.user.as_deref().unwrap_or("");
        let p = self.pass.as_deref().unwrap_or("");
        let mut v = vec![1, u.len() as u8];
        v.extend_from_slice(u.as_bytes());
        v.push(p.len() as u8);
        v.extend_from_slice(p.as_bytes());
        v
    }
}

/// Where a request goes: an address, or a name the proxy resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Ip(SocketAddr),
    Name(String, u16),
}

/// CONNECT (1) or UDP ASSOCIATE (3) for `t`.
pub fn request(cmd: u8, t: &Target) -> Result<Vec<u8>, Error> {
    let mut v = vec![5, cmd, 0];
    encode_addr(&mut v, t)?;
    Ok(v)
}

fn encode_addr(v: &mut Vec<u8>, t: &Target) -> Result<(), Error> {
    match t {
        Target::Ip(SocketAddr::V4(a)) => {
            v.push(1);
            v.extend_from_slice(&a.ip().octets());
            v.extend_from_slice(&a.port().to_be_bytes());
        }
        Target::Ip(SocketAddr::V6(a)) => {
            v.push(4);
            v.extend_from_slice(&a.ip().octets());
            v.extend_from_slice(&a.port().to_be_bytes());
        }
        Target::Name(n, port) => {
            if n.is_empty() || n.len() > 255 {
                return Err(Error::new(
                    ERR_SERIALIZE,
                    format!("SOCKS5: the name {n:?} does not fit a request (1 to 255 bytes)"),
                ));
            }
            v.push(3);
            v.push(n.len() as u8);
            v.extend_from_slice(n.as_bytes());
            v.extend_from_slice(&port.to_be_bytes());
        }
    }
    Ok(())
}

/// One step of the client's side: what it waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Method,
    Auth,
    Reply,
}

/// The outcome of feeding the bytes received so far.
#[derive(Debug, PartialEq, Eq)]
pub enum Progress {
    /// Not a whole message yet.
    More,
    /// Send this, then wait for the next phase.
    Send(Vec<u8>, Phase),
    /// The request succeeded: the proxy's bound address, and how many bytes were consumed
    /// (what follows belongs to the tunnel).
    Done(SocketAddr, usize),
}

/// A client's handshake with the proxy: greeting, optional authentication, then `req`.
pub struct Handshake {
    pub proxy: Proxy,
    pub req: Vec<u8>,
    pub phase: Phase,
    pub inbuf: Vec<u8>,
}

impl Handshake {
    pub fn new(proxy: Proxy, req: Vec<u8>) -> Handshake {
        Handshake {
            proxy,
            req,
            phase: Phase::Method,
            inbuf: Vec::new(),
        }
    }

    /// How many more bytes complete the current phase's message (read exactly that many, so
    /// nothing of what follows the reply, the tunnel's first bytes, is taken).
    pub fn want(&self) -> usize {
        let b = &self.inbuf;
        match self.phase {
            Phase::Method | Phase::Auth => 2usize.saturating_sub(b.len()),
            Phase::Reply => {
                if b.len() < 5 {
                    return 5 - b.len();
                }
                let total = match b[3] {
                    1 => 4 + 4 + 2,
                    4 => 4 + 16 + 2,
                    3 => 4 + 1 + b[4] as usize + 2,
                    // Malformed: step() reports it.
                    _ => b.len(),
                };
                total.saturating_sub(b.len())
            }
        }
    }

    /// Consumes what arrived in `inbuf` for the current phase.
    pub fn step(&mut self) -> Result<Progress, Error> {
        let b = &self.inbuf;
        match self.phase {
            Phase::Method => {
                if b.len() < 2 {
                    return Ok(Progress::More);
                }
                if b[0] != 5 {
                    return Err(deser(format!(
                        "the proxy answered version {} (not 5)",
                        b[0]
                    )));
                }
                let m = b[1];
                self.inbuf.drain(..2);
                match m {
                    0 => Ok(Progress::Send(self.req.clone(), Phase::Reply)),
                    2 if self.proxy.user.is_some() => {
                        Ok(Progress::Send(self.proxy.auth(), Phase::Auth))
                    }
                    0xFF => Err(Error::new(
                        ERR_METHOD,
                        if self.proxy.user.is_some() {
                            "SOCKS5: the proxy accepts no method we offered (username/password)"
                        } else {
                            "SOCKS5: the proxy requires authentication (set a username and password)"
                        },
                    )),
                    m => Err(Error::new(
                        ERR_METHOD,
                        format!("SOCKS5: the proxy chose method {m}, which was not offered"),
                    )),
                }
            }
            Phase::Auth => {
                if b.len() < 2 {
                    return Ok(Progress::More);
                }
                let ok = b[1] == 0;
                self.inbuf.drain(..2);
                if ok {
                    Ok(Progress::Send(self.req.clone(), Phase::Reply))
                } else {
                    Err(Error::new(
                        ERR_AUTH,
                        "SOCKS5: the proxy refused the username or password",
                    ))
                }
            }
            Phase::Reply => {
                if b.len() < 5 {
                    return Ok(Progress::More);
                }
                if b[0] != 5 {
                    return Err(deser(format!("a reply of version {}", b[0])));
                }
                let rep = b[1];
                let (addr, used) = match decode_addr(&b[3..])? {
                    None => return Ok(Progress::More),
                    Some((a, n)) => (a, 3 + n),
                };
                if rep != 0 {
                    return Err(Error::new(
                        ERR_CONNECT_REMOTE,
                        format!(
                            "SOCKS5: the proxy could not reach the target: {}",
                            reply_text(rep)
                        ),
                    ));
                }
                let addr = match addr {
                    Target::Ip(a) => a,
                    // A bound "address" given as a name: unusual; the proxy's own address stands.
                    Target::Name(..) => self.proxy.addr,
                };
                self.inbuf.drain(..used);
                Ok(Progress::Done(addr, used))
            }
        }
    }
}

fn deser(what: String) -> Error {
    Error::new(ERR_DESERIALIZE, format!("SOCKS5: {what}"))
}

/// An address field (ATYP, address, port): the address and the bytes it took, or None when
/// more bytes are needed.
fn decode_addr(b: &[u8]) -> Result<Option<(Target, usize)>, Error> {
    let Some(&atyp) = b.first() else {
        return Ok(None);
    };
    let need = match atyp {
        1 => 1 + 4 + 2,
        4 => 1 + 16 + 2,
        3 => match b.get(1) {
            None => return Ok(None),
            Some(&n) => 2 + n as usize + 2,
        },
        t => return Err(deser(format!("address type {t}"))),
    };
    if b.len() < need {
        return Ok(None);
    }
    let port = u16::from_be_bytes([b[need - 2], b[need - 1]]);
    let t = match atyp {
        1 => Target::Ip(SocketAddr::new(
            IpAddr::V4(Ipv4Addr::new(b[1], b[2], b[3], b[4])),
            port,
        )),
        4 => {
            let mut o = [0u8; 16];
            o.copy_from_slice(&b[1..17]);
            Target::Ip(SocketAddr::new(IpAddr::V6(Ipv6Addr::from(o)), port))
        }
        _ => Target::Name(String::from_utf8_lossy(&b[2..need - 2]).into_owned(), port),
    };
    Ok(Some((t, need)))
}

fn reply_text(rep: u8) -> &'static str {
    match rep {
        1 => "general SOCKS server failure",
        2 => "connection not allowed by ruleset",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        _ => "unknown reply code",
    }
}

/// A datagram for the relay: RSV RSV FRAG=0, the destination, the data.
pub fn udp_wrap(to: &SocketAddr, data: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(data.len() + 22);
    v.extend_from_slice(&[0, 0, 0]);
    let _ = encode_addr(&mut v, &Target::Ip(*to));
    v.extend_from_slice(data);
    v
}

/// A datagram from the relay: its source and where the data starts; None for a fragment
/// (FRAG != 0, which we do not reassemble: dropped, as RFC 1928 allows) or a malformed one.
pub fn udp_unwrap(d: &[u8]) -> Option<(SocketAddr, usize)> {
    if d.len() < 4 || d[0] != 0 || d[1] != 0 || d[2] != 0 {
        return None;
    }
    match decode_addr(&d[3..]) {
        Ok(Some((Target::Ip(a), n))) => Some((a, 3 + n)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handshake_with_auth() {
        let p = Proxy::new("127.0.0.1:1080".parse().unwrap(), Some("u"), Some("pw")).unwrap();
        assert_eq!(p.greeting(), [5, 1, 2]);
        let req = request(1, &Target::Name("example.com".into(), 443)).unwrap();
        assert_eq!(&req[..5], &[5, 1, 0, 3, 11]);
        let mut h = Handshake::new(p, req.clone());
        h.inbuf.extend_from_slice(&[5]);
        assert_eq!(h.step().unwrap(), Progress::More);
        h.inbuf.extend_from_slice(&[2]);
        assert_eq!(
            h.step().unwrap(),
            Progress::Send(vec![1, 1, b'u', 2, b'p', b'w'], Phase::Auth)
        );
        h.phase = Phase::Auth;
        h.inbuf.extend_from_slice(&[1, 0]);
        assert_eq!(h.step().unwrap(), Progress::Send(req, Phase::Reply));
        h.phase = Phase::Reply;
        h.inbuf.extend_from_slice(&[5, 0, 0, 1, 10, 0, 0, 1, 0x1F]);
        assert_eq!(h.step().unwrap(), Progress::More);
        h.inbuf.extend_from_slice(&[0x90, b'x']);
        assert_eq!(
            h.step().unwrap(),
            Progress::Done("10.0.0.1:8080".parse().unwrap(), 10)
        );
        assert_eq!(h.inbuf, b"x");
    }

    #[test]
    fn failures() {
        let p = Proxy::new("127.0.0.1:1080".parse().unwrap(), None, None).unwrap();
        let mut h = Handshake::new(p.clone(), vec![]);
        h.inbuf.extend_from_slice(&[5, 0xFF]);
        assert_eq!(h.step().unwrap_err().code, ERR_METHOD);
        let mut h = Handshake::new(p.clone(), vec![]);
        h.inbuf.extend_from_slice(&[4, 0]);
        assert_eq!(h.step().unwrap_err().code, ERR_DESERIALIZE);
        let mut h = Handshake::new(p.clone(), vec![]);
        h.phase = Phase::Reply;
        h.inbuf.extend_from_slice(&[5, 5, 0, 1, 0, 0, 0, 0, 0, 0]);
        let e = h.step().unwrap_err();
        assert_eq!(e.code, ERR_CONNECT_REMOTE);
        assert!(e.message.contains("refused"));
        let mut h = Handshake::new(p, vec![]);
        h.phase = Phase::Auth;
        h.inbuf.extend_from_slice(&[1, 1]);
        assert_eq!(h.step().unwrap_err().code, ERR_AUTH);
        assert_eq!(
            request(1, &Target::Name("x".repeat(300), 1))
                .unwrap_err()
                .code,
            ERR_SERIALIZE
        );
        assert!(Proxy::new("127.0.0.1:1".parse().unwrap(), Some("u"), None).is_err());
    }

    #[test]
    fn udp_and_json() {
        let to: SocketAddr = "[::1]:53".parse().unwrap();
        let w = udp_wrap(&to, b"hi");
        assert_eq!(udp_unwrap(&w), Some((to, w.len() - 2)));
        assert_eq!(udp_unwrap(&[0, 0, 1, 1, 0, 0, 0, 0, 0, 0]), None);
        let p = Proxy::from_json(
            r#"{"type":1,"address":{"address":"127.0.0.1","port":1080,"family":1},"username":"a","password":"b"}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(p.addr.port(), 1080);
        assert_eq!(Proxy::from_json(r#"{"type":0}"#).unwrap(), None);
        for bad in [
            r#"{"type":2,"address":{"address":"127.0.0.1","port":1}}"#,
            r#"{"type":1,"address":{"address":"proxy.example","port":1}}"#,
            r#"{"type":1,"address":{"address":"127.0.0.1","port":0}}"#,
            r#"{"type":1,"address":{"address":"127.0.0.1","port":1},"x":1}"#,
        ] {
            assert_eq!(Proxy::from_json(bad).unwrap_err().code, 401, "{bad}");
        }
    }
}
