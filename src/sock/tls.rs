//! TLS for sockets (`TLSSocket`, `TLSSocketServer`, the upgrade of a connected TCPSocket),
//! on the OpenSSL libcurl is built with: the options (`TLSConnectOptions` without the
//! address, `TLSSecureOptions`), the contexts they make, one connection's TLS state over the
//! non-blocking descriptor, and the spec's 23035xx errors with OpenSSL's reason.

use crate::core::error::Error;
use base64::Engine as _;
use openssl::pkey::PKey;
use openssl::ssl::{
    ErrorCode, Ssl, SslContext, SslContextBuilder, SslMethod, SslMode, SslOptions, SslStream,
    SslVerifyMode, SslVersion,
};
use openssl::x509::store::X509StoreBuilder;
use openssl::x509::X509;
use serde_json::Value;
use std::io::{Read, Write};
use std::os::fd::RawFd;
use std::path::Path;

/// The spec's TLS error codes.
pub const ERR_SSL_NULL: i32 = 2_303_501;
pub const ERR_READ: i32 = 2_303_502;
pub const ERR_WRITE: i32 = 2_303_503;
pub const ERR_VERIFY: i32 = 2_303_504;
pub const ERR_SYSCALL: i32 = 2_303_505;
pub const ERR_CLOSE: i32 = 2_303_506;
/// 2303100 + ETIMEDOUT: a handshake that did not finish in time (the spec's 2303210).
pub const EXEC_TIMEOUT: i32 = 2_303_210;

/// Default bound on a server-side handshake (a client's is its connect timeout).
pub const DEFAULT_HANDSHAKE_MS: u32 = 30_000;

/// `TLSConnectOptions` (without `address` and `timeout`, which `nethttp_sock_connect`
/// takes) with its `secureOptions`, and nethttp's additions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsOptions {
    /// `secureOptions.ca`: PEM texts (each may hold several certificates).
    pub ca: Vec<String>,
    /// nethttp: a CA file or directory, like HTTP's caPath.
    pub ca_path: Option<String>,
    /// `secureOptions.cert` (PEM, the chain after the leaf) / nethttp's certPath.
    pub cert: Option<String>,
    pub cert_path: Option<String>,
    /// `secureOptions.key` (PEM) / nethttp's keyPath, `password` for an encrypted key.
    pub key: Option<String>,
    pub key_path: Option<String>,
    pub password: Option<String>,
    /// `secureOptions.protocols`: the versions allowed (none: TLS 1.2 and 1.3).
    pub protocols: Vec<u8>,
    pub use_remote_cipher_prefer: Option<bool>,
    pub signature_algorithms: Option<String>,
    pub cipher_suite: Option<String>,
    /// `secureOptions.isBidirectionalAuthentication` (servers: require a client certificate).
    pub bidirectional: bool,
    /// `ALPNProtocols`.
    pub alpn: Vec<String>,
    /// `skipRemoteValidation`.
    pub skip_remote_validation: bool,
    /// nethttp: the name sent (SNI) and verified instead of the connect address.
    pub server_name: Option<String>,
    /// nethttp: `certificatePinning` as for HTTP (SHA-256 of the peer's public key).
    pub pins: Vec<Vec<u8>>,
    /// nethttp: a server's bound on each handshake, ms.
    pub handshake_timeout_ms: Option<u32>,
}

fn want_str<'a>(key: &str, v: &'a Value) -> Result<&'a str, Error> {
    v.as_str()
        .ok_or_else(|| Error::param(format!("{key}: a string is required")))
}

fn want_bool(key: &str, v: &Value) -> Result<bool, Error> {
    v.as_bool()
        .ok_or_else(|| Error::param(format!("{key}: a boolean is required")))
}

/// A string or an array of strings.
fn str_list(key: &str, v: &Value) -> Result<Vec<String>, Error> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(a) => a
            .iter()
            .map(|x| want_str(key, x).map(str::to_string))
            .collect(),
        _ => Err(Error::param(format!(
            "{key}: a string or an array of strings is required"
        ))),
    }
}

/// 12 for TLS 1.2, 13 for TLS 1.3.
fn version_of(s: &str) -> Result<u8, Error> {
    match s {
        "TLSv1.2" => Ok(12),
        "TLSv1.3" => Ok(13),
        _ => Err(Error::param(format!(
            "protocols: {s:?} is not \"TLSv1.2\" or \"TLSv1.3\""
        ))),
    }
}

impl TlsOptions {
    /// Parses the JSON: `{"secureOptions":{...},"ALPNProtocols":[...],
    /// "skipRemoteValidation":bool,"serverName":"...","certificatePinning":...,
    /// "handshakeTimeout":ms}`. Unknown keys are refused.
    pub fn from_json(text: &str) -> Result<TlsOptions, Error> {
        let v: Value = serde_json::from_str(text)
            .map_err(|e| Error::param(format!("TLS options: not JSON ({e})")))?;
        let Value::Object(o) = v else {
            return Err(Error::param("TLS options: not a JSON object"));
        };
        let mut t = TlsOptions::default();
        for (k, v) in &o {
            match k.as_str() {
                "secureOptions" => t.secure_options(v)?,
                "ALPNProtocols" => {
                    t.alpn = str_list(k, v)?;
                    if t.alpn.iter().any(|p| p.is_empty() || p.len() > 255) {
                        return Err(Error::param("ALPNProtocols: each name has 1 to 255 bytes"));
                    }
                }
                "skipRemoteValidation" => t.skip_remote_validation = want_bool(k, v)?,
                "serverName" => t.server_name = Some(want_str(k, v)?.to_string()),
                "certificatePinning" => {
                    let list =
                        match v {
                            Value::Array(a) => a.clone(),
                            Value::Object(_) => vec![v.clone()],
                            _ => return Err(Error::param(
                                "certificatePinning: an object or an array of objects is required",
                            )),
                        };
                    for p in &list {
                        let hash =
                            p.get("publicKeyHash")
                                .and_then(Value::as_str)
                                .ok_or_else(|| {
                                    Error::param("certificatePinning: publicKeyHash is required")
                                })?;
                        let alg = p
                            .get("hashAlgorithm")
                            .and_then(Value::as_str)
                            .unwrap_or("SHA-256");
                        if !alg.eq_ignore_ascii_case("SHA-256") {
                            return Err(Error::param(format!(
                                "certificatePinning: hashAlgorithm {alg:?} is not SHA-256"
                            )));
                        }
                        let h = hash.trim().strip_prefix("sha256//").unwrap_or(hash.trim());
                        match base64::engine::general_purpose::STANDARD.decode(h) {
                            Ok(d) if d.len() == 32 => t.pins.push(d),
                            _ => {
                                return Err(Error::param(format!(
                                "certificatePinning: {hash:?} is not the base64 of a SHA-256 hash"
                            )))
                            }
                        }
                    }
                }
                "handshakeTimeout" => {
                    let n = v.as_u64().filter(|&n| n > 0 && n <= u32::MAX as u64);
                    t.handshake_timeout_ms = Some(n.ok_or_else(|| {
                        Error::param("handshakeTimeout: a positive number of ms is required")
                    })? as u32);
                }
                _ => return Err(Error::param(format!("TLS options: unknown key {k:?}"))),
            }
        }
        Ok(t)
    }

    fn secure_options(&mut self, v: &Value) -> Result<(), Error> {
        let Value::Object(o) = v else {
            return Err(Error::param("secureOptions: not an object"));
        };
        for (k, v) in o {
            match k.as_str() {
                "ca" => self.ca = str_list(k, v)?,
                "caPath" => self.ca_path = Some(want_str(k, v)?.to_string()),
                "cert" => self.cert = Some(want_str(k, v)?.to_string()),
                "certPath" => self.cert_path = Some(want_str(k, v)?.to_string()),
                "key" => self.key = Some(want_str(k, v)?.to_string()),
                "keyPath" => self.key_path = Some(want_str(k, v)?.to_string()),
                "password" => self.password = Some(want_str(k, v)?.to_string()),
                "protocols" => {
                    self.protocols = str_list(k, v)?
                        .iter()
                        .map(|s| version_of(s))
                        .collect::<Result<_, _>>()?
                }
                "useRemoteCipherPrefer" => self.use_remote_cipher_prefer = Some(want_bool(k, v)?),
                "signatureAlgorithms" => {
                    self.signature_algorithms = Some(want_str(k, v)?.to_string())
                }
                "cipherSuite" => self.cipher_suite = Some(want_str(k, v)?.to_string()),
                "isBidirectionalAuthentication" => self.bidirectional = want_bool(k, v)?,
                _ => return Err(Error::param(format!("secureOptions: unknown key {k:?}"))),
            }
        }
        Ok(())
    }

    /// The context for a client (`server` false) or a server. Every option is checked here:
    /// a PEM that does not parse, a key that does not match, an unknown cipher are 401.
    /// Contexts are kept for a minute and shared by sockets with the same options: making one
    /// reads and parses the CA store, which costs more than a TLS 1.3 handshake (files that
    /// change are read again after that minute, as libcurl's CA cache does after a day).
    pub fn context(&self, server: bool) -> Result<SslContext, Error> {
        static CACHE: parking_lot::Mutex<Vec<(TlsOptions, bool, std::time::Instant, SslContext)>> =
            parking_lot::Mutex::new(Vec::new());
        const KEEP: std::time::Duration = std::time::Duration::from_secs(60);
        const MOST: usize = 8;
        let now = std::time::Instant::now();
        {
            let mut c = CACHE.lock();
            c.retain(|e| now.duration_since(e.2) < KEEP);
            if let Some(e) = c.iter().find(|e| e.1 == server && e.0 == *self) {
                return Ok(e.3.clone());
            }
        }
        let ctx = self.make_context(server)?;
        let mut c = CACHE.lock();
        if c.len() >= MOST {
            c.remove(0);
        }
        c.push((self.clone(), server, now, ctx.clone()));
        Ok(ctx)
    }

    fn make_context(&self, server: bool) -> Result<SslContext, Error> {
        let method = if server {
            SslMethod::tls_server()
        } else {
            SslMethod::tls_client()
        };
        let mut b = SslContextBuilder::new(method).map_err(|e| ssl_setup(&e, "context"))?;
        b.set_mode(
            SslMode::ENABLE_PARTIAL_WRITE
                | SslMode::ACCEPT_MOVING_WRITE_BUFFER
                | SslMode::RELEASE_BUFFERS,
        );
        let v = |n: u8| {
            if n == 12 {
                SslVersion::TLS1_2
            } else {
                SslVersion::TLS1_3
            }
        };
        let (min, max) = match (self.protocols.iter().min(), self.protocols.iter().max()) {
            (Some(a), Some(b)) => (v(*a), v(*b)),
            _ => (SslVersion::TLS1_2, SslVersion::TLS1_3),
        };
        b.set_min_proto_version(Some(min))
            .and_then(|_| b.set_max_proto_version(Some(max)))
            .map_err(|e| ssl_setup(&e, "protocols"))?;
        if let Some(c) = &self.cipher_suite {
            // TLS 1.3 suites (TLS_...) and the TLS 1.2 cipher list are separate in OpenSSL.
            let (v13, v12): (Vec<&str>, Vec<&str>) = c
                .split([':', ','])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .partition(|s| s.starts_with("TLS_"));
            if v13.is_empty() && v12.is_empty() {
                return Err(Error::param("cipherSuite: empty"));
            }
            if !v13.is_empty() {
                b.set_ciphersuites(&v13.join(":"))
                    .map_err(|e| param_ssl(&e, "cipherSuite"))?;
            }
            if !v12.is_empty() {
                b.set_cipher_list(&v12.join(":"))
                    .map_err(|e| param_ssl(&e, "cipherSuite"))?;
            }
        }
        if let Some(s) = &self.signature_algorithms {
            b.set_sigalgs_list(s)
                .map_err(|e| param_ssl(&e, "signatureAlgorithms"))?;
        }
        match (self.use_remote_cipher_prefer, server) {
            (Some(true), true) => {}
            (_, true) => {
                b.set_options(SslOptions::CIPHER_SERVER_PREFERENCE);
            }
            (Some(false), false) => {
                return Err(Error::param(
                    "useRemoteCipherPrefer: false cannot apply to a client: in TLS the server chooses the cipher",
                ))
            }
            _ => {}
        }
        // Trust: the given CAs, else the system's (the store libcurl's OpenSSL uses).
        if !self.ca.is_empty() || self.ca_path.is_some() {
            let mut store = X509StoreBuilder::new().map_err(|e| ssl_setup(&e, "CA store"))?;
            for pem in &self.ca {
                let certs = X509::stack_from_pem(pem.as_bytes())
                    .map_err(|e| param_ssl(&e, "secureOptions.ca"))?;
                if certs.is_empty() {
                    return Err(Error::param("secureOptions.ca: no certificate in the PEM"));
                }
                for c in certs {
                    store
                        .add_cert(c)
                        .map_err(|e| param_ssl(&e, "secureOptions.ca"))?;
                }
            }
            b.set_cert_store(store.build());
            if let Some(p) = &self.ca_path {
                let path = Path::new(p);
                if path.is_dir() {
                    b.load_verify_locations(None, Some(path))
                } else if path.is_file() {
                    b.load_verify_locations(Some(path), None)
                } else {
                    return Err(Error::param(format!("caPath: {p:?} does not exist")));
                }
                .map_err(|e| param_ssl(&e, "caPath"))?;
            }
        } else {
            b.set_default_verify_paths()
                .map_err(|e| ssl_setup(&e, "the system CA store"))?;
        }
        // Our certificate and key.
        let cert = match (&self.cert, &self.cert_path) {
            (Some(p), _) => Some(p.clone().into_bytes()),
            (None, Some(path)) => Some(
                std::fs::read(path)
                    .map_err(|e| Error::param(format!("certPath: {path:?}: {e}")))?,
            ),
            _ => None,
        };
        let key = match (&self.key, &self.key_path) {
            (Some(p), _) => Some(p.clone().into_bytes()),
            (None, Some(path)) => Some(
                std::fs::read(path).map_err(|e| Error::param(format!("keyPath: {path:?}: {e}")))?,
            ),
            _ => None,
        };
        match (cert, key) {
            (Some(cert), Some(key)) => {
                let chain = X509::stack_from_pem(&cert).map_err(|e| param_ssl(&e, "cert"))?;
                let mut it = chain.into_iter();
                let leaf = it
                    .next()
                    .ok_or_else(|| Error::param("cert: no certificate in the PEM"))?;
                b.set_certificate(&leaf).map_err(|e| param_ssl(&e, "cert"))?;
                for c in it {
                    b.add_extra_chain_cert(c).map_err(|e| param_ssl(&e, "cert"))?;
                }
                let pkey = match &self.password {
                    Some(pw) => PKey::private_key_from_pem_passphrase(&key, pw.as_bytes()),
                    None => PKey::private_key_from_pem(&key),
                }
                .map_err(|e| param_ssl(&e, "key (or its password)"))?;
                b.set_private_key(&pkey).map_err(|e| param_ssl(&e, "key"))?;
                b.check_private_key()
                    .map_err(|e| param_ssl(&e, "key does not match cert"))?;
            }
            (None, None) if server => {
                return Err(Error::param(
                    "a TLS server needs secureOptions.cert and secureOptions.key (or certPath and keyPath)",
                ))
            }
            (None, None) => {}
            _ => {
                return Err(Error::param(
                    "secureOptions: cert and key go together",
                ))
            }
        }
        if server {
            if self.bidirectional {
                b.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
            } else {
                b.set_verify(SslVerifyMode::NONE);
            }
            if !self.alpn.is_empty() {
                let ours = self.alpn.clone();
                b.set_alpn_select_callback(move |_, client| {
                    alpn_select(&ours, client).ok_or(openssl::ssl::AlpnError::NOACK)
                });
            }
        } else {
            b.set_verify(if self.skip_remote_validation {
                SslVerifyMode::NONE
            } else {
                SslVerifyMode::PEER
            });
            if !self.alpn.is_empty() {
                b.set_alpn_protos(&wire_alpn(&self.alpn))
                    .map_err(|e| param_ssl(&e, "ALPNProtocols"))?;
            }
        }
        Ok(b.build())
    }
}

/// The first of our protocols (in our order) that the client offered, as a slice of the
/// client's list.
fn alpn_select<'a>(ours: &[String], client: &'a [u8]) -> Option<&'a [u8]> {
    for p in ours {
        let mut rest = client;
        while let Some((&n, tail)) = rest.split_first() {
            let n = n as usize;
            if tail.len() < n {
                break;
            }
            if &tail[..n] == p.as_bytes() {
                return Some(&tail[..n]);
            }
            rest = &tail[n..];
        }
    }
    None
}

fn wire_alpn(list: &[String]) -> Vec<u8> {
    let mut w = Vec::new();
    for p in list {
        w.push(p.len() as u8);
        w.extend_from_slice(p.as_bytes());
    }
    w
}

fn param_ssl(e: &openssl::error::ErrorStack, what: &str) -> Error {
    Error::param(format!("{what}: {}", reason(e)))
}

fn ssl_setup(e: &openssl::error::ErrorStack, what: &str) -> Error {
    Error::new(ERR_SSL_NULL, format!("{what}: {}", reason(e)))
}

/// OpenSSL's reasons, without the library and function noise.
fn reason(e: &openssl::error::ErrorStack) -> String {
    let r: Vec<String> = e
        .errors()
        .iter()
        .map(|x| x.reason().unwrap_or("unknown").to_string())
        .collect();
    if r.is_empty() {
        "unknown OpenSSL error".into()
    } else {
        r.join("; ")
    }
}

/// The descriptor as OpenSSL's transport: non-blocking recv/send without SIGPIPE.
pub struct Fd(pub RawFd);

impl Read for Fd {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // SAFETY: reading into the caller's buffer from our descriptor.
        let n = unsafe { libc::recv(self.0, buf.as_mut_ptr() as *mut libc::c_void, buf.len(), 0) };
        if n < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }
}

impl Write for Fd {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        #[cfg(any(target_os = "linux", target_os = "android"))]
        let flags = libc::MSG_NOSIGNAL;
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        let flags = 0;
        // SAFETY: writing the caller's buffer to our descriptor.
        let n = unsafe {
            libc::send(
                self.0,
                buf.as_ptr() as *const libc::c_void,
                buf.len(),
                flags,
            )
        };
        if n < 0 {
            Err(std::io::Error::last_os_error())
        } else {
            Ok(n as usize)
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One connection's TLS state.
pub struct TlsConn {
    pub stream: SslStream<Fd>,
    pub established: bool,
    pins: Vec<Vec<u8>>,
    /// The peer's certificate is verified (a client without skipRemoteValidation; a
    /// server, whose verify result is X509_V_OK unless it asked for a client certificate):
    /// only then does a failed verify result explain a failure. With verification skipped
    /// OpenSSL still records why the chain would not verify, which says nothing about a
    /// connection the peer reset.
    verifying: bool,
    /// A write wants the socket readable (or a read writable): retry on either edge.
    pub crossed: bool,
    /// close_notify was sent.
    closed: bool,
}

/// What a TLS step came to.
pub enum Step {
    Done,
    Again,
    Failed(Error),
}

impl TlsConn {
    /// A client connection: SNI and name verification for `host` (an IP literal is verified
    /// as an address and sends no SNI) unless validation is skipped.
    pub fn client(ctx: &SslContext, fd: RawFd, host: &str, o: &TlsOptions) -> Result<Self, Error> {
        let mut ssl = Ssl::new(ctx).map_err(|e| ssl_setup(&e, "TLS"))?;
        let name = o.server_name.as_deref().unwrap_or(host);
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        let ip = super::addr::ip_literal(bare).map(|(ip, _)| ip);
        if ip.is_none() && !bare.is_empty() {
            ssl.set_hostname(bare)
                .map_err(|e| param_ssl(&e, "server name"))?;
        }
        if !o.skip_remote_validation {
            let p = ssl.param_mut();
            match ip {
                Some(ip) => p.set_ip(ip),
                None => p.set_host(bare),
            }
            .map_err(|e| param_ssl(&e, "server name"))?;
        }
        ssl.set_connect_state();
        Self::new(ssl, fd, o.pins.clone(), !o.skip_remote_validation)
    }

    pub fn server(ctx: &SslContext, fd: RawFd) -> Result<Self, Error> {
        let mut ssl = Ssl::new(ctx).map_err(|e| ssl_setup(&e, "TLS"))?;
        ssl.set_accept_state();
        Self::new(ssl, fd, Vec::new(), true)
    }

    fn new(ssl: Ssl, fd: RawFd, pins: Vec<Vec<u8>>, verifying: bool) -> Result<Self, Error> {
        Ok(TlsConn {
            stream: SslStream::new(ssl, Fd(fd)).map_err(|e| ssl_setup(&e, "TLS"))?,
            established: false,
            pins,
            verifying,
            crossed: false,
            closed: false,
        })
    }

    /// Drives the handshake.
    pub fn handshake(&mut self) -> Step {
        match self.stream.do_handshake() {
            Ok(()) => {
                if let Err(e) = self.check_pins() {
                    return Step::Failed(e);
                }
                self.established = true;
                Step::Done
            }
            Err(e) if matches!(e.code(), ErrorCode::WANT_READ | ErrorCode::WANT_WRITE) => {
                Step::Again
            }
            Err(e) => Step::Failed(self.failure(&e, "handshake", ERR_READ)),
        }
    }

    fn check_pins(&self) -> Result<(), Error> {
        if self.pins.is_empty() {
            return Ok(());
        }
        let der = self
            .stream
            .ssl()
            .peer_certificate()
            .and_then(|c| c.public_key().ok())
            .and_then(|k| k.public_key_to_der().ok())
            .ok_or_else(|| Error::new(ERR_VERIFY, "certificatePinning: the peer sent no key"))?;
        let h = openssl::sha::sha256(&der);
        if self.pins.iter().any(|p| p[..] == h[..]) {
            Ok(())
        } else {
            Err(Error::new(
                ERR_VERIFY,
                format!(
                    "certificatePinning: the server's public key (sha256//{}) matches no pin",
                    base64::engine::general_purpose::STANDARD.encode(h)
                ),
            ))
        }
    }

    /// A TLS failure as the spec's code: verification 2303504, a system call 2303505,
    /// else `code` (read 2303502 / write 2303503), with OpenSSL's reason.
    pub fn failure(&self, e: &openssl::ssl::Error, what: &str, code: i32) -> Error {
        let v = self.stream.ssl().verify_result();
        if self.verifying && v.as_raw() != 0 {
            return Error::new(
                ERR_VERIFY,
                format!(
                    "{what}: certificate verification failed: {}",
                    v.error_string()
                ),
            );
        }
        if let Some(io) = e.io_error() {
            return Error::new(ERR_SYSCALL, format!("{what}: {io}"));
        }
        let why = e.ssl_error().map(reason).unwrap_or_else(|| {
            if e.code() == ErrorCode::SYSCALL {
                "the peer closed the connection".into()
            } else {
                format!("OpenSSL error {:?}", e.code())
            }
        });
        let code = if e.code() == ErrorCode::SYSCALL {
            ERR_SYSCALL
        } else {
            code
        };
        Error::new(code, format!("{what}: {why}"))
    }

    /// Sends close_notify once, without waiting for the peer's: 2303506 when it could not be
    /// sent (the socket is closed either way).
    pub fn close_notify(&mut self) -> Result<(), Error> {
        if !self.established || self.closed {
            return Ok(());
        }
        self.closed = true;
        match self.stream.shutdown() {
            Ok(_) => Ok(()),
            Err(e) if would_block(&e) => Ok(()),
            Err(e) => Err(Error::new(
                ERR_CLOSE,
                format!(
                    "close: close_notify not sent: {}",
                    e.io_error()
                        .map(|x| x.to_string())
                        .or_else(|| e.ssl_error().map(reason))
                        .unwrap_or_else(|| format!("{:?}", e.code()))
                ),
            )),
        }
    }
}

/// Whether an OpenSSL error only means "not now".
pub fn would_block(e: &openssl::ssl::Error) -> bool {
    matches!(e.code(), ErrorCode::WANT_READ | ErrorCode::WANT_WRITE)
}

extern "C" {
    // In libssl since 1.0.2; openssl-sys does not bind it.
    fn SSL_get_shared_sigalgs(
        s: *mut openssl_sys::SSL,
        idx: libc::c_int,
        psign: *mut libc::c_int,
        phash: *mut libc::c_int,
        psignhash: *mut libc::c_int,
        rsig: *mut u8,
        rhash: *mut u8,
    ) -> libc::c_int;
}

extern "C" {
    fn SSL_get_peer_signature_type_nid(
        s: *const openssl_sys::SSL,
        pnid: *mut libc::c_int,
    ) -> libc::c_int;
}

/// SSL_CTRL_GET_PEER_SIGNATURE_NID (SSL_get_peer_signature_nid is a macro over SSL_ctrl).
const CTRL_GET_PEER_SIGNATURE_NID: libc::c_int = 108;

fn nid_name(nid: libc::c_int) -> Option<String> {
    // SAFETY: OBJ_nid2sn returns a static string or NULL.
    let s = unsafe { openssl_sys::OBJ_nid2sn(nid) };
    if s.is_null() {
        None
    } else {
        // SAFETY: a NUL-terminated static string.
        Some(
            unsafe { std::ffi::CStr::from_ptr(s) }
                .to_string_lossy()
                .into_owned(),
        )
    }
}

/// The signature algorithms of the handshake (`getSignatureAlgorithms`), as OpenSSL names
/// them ("RSA+SHA256", "ECDSA+SHA256", "RSA-PSS+SHA256", ...): those both sides support where
/// OpenSSL knows them (a server, or a client asked for a certificate), else the one the peer
/// signed the handshake with.
pub fn shared_sigalgs(ssl: &openssl::ssl::SslRef) -> Vec<String> {
    use foreign_types_shared::ForeignTypeRef;
    let p = ssl.as_ptr();
    let mut out = shared_list(p);
    if out.is_empty() {
        let (mut hash, mut ty) = (0, 0);
        // SAFETY: a live SSL; the ctrl writes one int.
        let ok_hash = unsafe {
            openssl_sys::SSL_ctrl(
                p,
                CTRL_GET_PEER_SIGNATURE_NID,
                0,
                &mut hash as *mut libc::c_int as *mut libc::c_void,
            )
        } == 1;
        // SAFETY: as above.
        let ok_ty = unsafe { SSL_get_peer_signature_type_nid(p, &mut ty) } == 1;
        if let (true, true, Some(t), Some(h)) = (ok_hash, ok_ty, nid_name(ty), nid_name(hash)) {
            out.push(format!("{t}+{h}"));
        }
    }
    out
}

fn shared_list(p: *mut openssl_sys::SSL) -> Vec<String> {
    let mut out = Vec::new();
    // SAFETY: a live SSL; index queries with NULL out-pointers return the count.
    let n = unsafe {
        SSL_get_shared_sigalgs(
            p,
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    };
    for i in 0..n.max(0) {
        let (mut sign, mut hash, mut both) = (0, 0, 0);
        // SAFETY: as above, with out-pointers to locals.
        unsafe {
            SSL_get_shared_sigalgs(
                p,
                i,
                &mut sign,
                &mut hash,
                &mut both,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            )
        };
        let name = nid_name;
        let n = if both != 0 { name(both) } else { None }
            .or_else(|| Some(format!("{}+{}", name(sign)?, name(hash)?)));
        if let Some(n) = n {
            if !out.contains(&n) {
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_json() {
        let t = TlsOptions::from_json(
            r#"{"secureOptions":{"protocols":["TLSv1.2","TLSv1.3"],"cipherSuite":"TLS_AES_128_GCM_SHA256:ECDHE-RSA-AES128-GCM-SHA256"},"ALPNProtocols":["h2","http/1.1"],"skipRemoteValidation":true}"#,
        )
        .unwrap();
        assert_eq!(t.protocols.len(), 2);
        assert_eq!(t.alpn, ["h2", "http/1.1"]);
        assert!(t.skip_remote_validation);
        assert!(t.context(false).is_ok());
        for bad in [
            r#"{"nope":1}"#,
            r#"{"secureOptions":{"protocols":"TLSv1.1"}}"#,
            r#"{"secureOptions":{"ca":"not a pem"}}"#,
            r#"{"secureOptions":{"cipherSuite":"NOPE-CIPHER"}}"#,
            r#"{"certificatePinning":{"publicKeyHash":"abc"}}"#,
            r#"{"ALPNProtocols":[""]}"#,
        ] {
            let r = TlsOptions::from_json(bad).and_then(|t| t.context(false).map(|_| ()));
            assert_eq!(r.unwrap_err().code, 401, "{bad}");
        }
        // A server needs a certificate; a client cannot prefer its own cipher order.
        assert_eq!(TlsOptions::default().context(true).unwrap_err().code, 401);
        let t =
            TlsOptions::from_json(r#"{"secureOptions":{"useRemoteCipherPrefer":false}}"#).unwrap();
        assert_eq!(t.context(false).unwrap_err().code, 401);
    }
}
