//! The value types of the transport, TLS and DNS options: proxies, client certificates, TLS
//! versions and suites, server authentication, address family, multipart form parts.

use crate::core::error::Error;

/// `usingProxy`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ProxyMode {
    /// `false` (the default): no proxy, whatever the environment says.
    #[default]
    None,
    /// `true`: the system proxy, i.e. the `http_proxy` / `https_proxy` / `all_proxy` /
    /// `no_proxy` environment as libcurl reads it.
    System,
    /// An `HttpProxy` object.
    Custom(HttpProxy),
}

/// `HttpProxy`: `{host, port, exclusionList, username?, password?}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpProxy {
    pub host: String,
    pub port: u16,
    pub exclusion_list: Vec<String>,
    pub username: Option<String>,
    pub password: Option<String>,
}

impl HttpProxy {
    pub fn new(
        host: &str,
        port: u32,
        exclusion_list: Vec<String>,
        username: Option<String>,
        password: Option<String>,
    ) -> Result<HttpProxy, Error> {
        let host = host.trim();
        if host.is_empty() || host.bytes().any(|b| b.is_ascii_whitespace() || b == b'/') {
            return Err(Error::param(format!(
                "usingProxy: host {host:?} is not a host name or IP address"
            )));
        }
        if !(1..=65535).contains(&port) {
            return Err(Error::param(format!(
                "usingProxy: port {port} is out of range 1..65535"
            )));
        }
        for e in &exclusion_list {
            let bare = e.strip_prefix("*.").unwrap_or(e);
            if bare.is_empty() && e != "*"
                || e.bytes().any(|b| b == b',' || b.is_ascii_whitespace())
                || bare.contains('*')
            {
                return Err(Error::param(format!(
                    "usingProxy: exclusionList entry {e:?} is not a host name, IP address or *.suffix"
                )));
            }
        }
        for (what, v) in [("username", &username), ("password", &password)] {
            if v.as_deref().is_some_and(|s| s.contains('\0')) {
                return Err(Error::param(format!("usingProxy: NUL in {what}")));
            }
        }
        Ok(HttpProxy {
            host: host.to_string(),
            port: port as u16,
            exclusion_list,
            username,
            password,
        })
    }

    /// The proxy URL for CURLOPT_PROXY (an IPv6 literal gets brackets).
    pub fn url(&self) -> String {
        let h = &self.host;
        if h.contains(':') && !h.starts_with('[') {
            format!("http://[{h}]:{}", self.port)
        } else {
            format!("http://{h}:{}", self.port)
        }
    }

    /// The exclusion list as CURLOPT_NOPROXY: `*.suffix` becomes `.suffix`.
    pub fn no_proxy(&self) -> String {
        self.exclusion_list
            .iter()
            .map(|e| match e.strip_prefix("*.") {
                Some(s) => format!(".{s}"),
                None => e.clone(),
            })
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// `CertType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertType {
    Pem = 0,
    Der = 1,
    P12 = 2,
}

impl CertType {
    pub fn from_i64(v: i64) -> Option<CertType> {
        match v {
            0 => Some(CertType::Pem),
            1 => Some(CertType::Der),
            2 => Some(CertType::P12),
            _ => None,
        }
    }

    pub fn parse(s: &str) -> Option<CertType> {
        match s.to_ascii_uppercase().as_str() {
            "PEM" => Some(CertType::Pem),
            "DER" => Some(CertType::Der),
            "P12" => Some(CertType::P12),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CertType::Pem => "PEM",
            CertType::Der => "DER",
            CertType::P12 => "P12",
        }
    }
}

/// `ClientCert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientCert {
    pub cert_path: String,
    pub cert_type: CertType,
    /// None (or "") when the key is in the certificate file (always for P12).
    pub key_path: Option<String>,
    pub key_password: Option<String>,
}

impl ClientCert {
    pub fn new(
        cert_path: &str,
        cert_type: CertType,
        key_path: Option<&str>,
        key_password: Option<&str>,
    ) -> Result<ClientCert, Error> {
        if cert_path.is_empty() {
            return Err(Error::param("clientCert: empty certPath"));
        }
        Ok(ClientCert {
            cert_path: cert_path.to_string(),
            cert_type,
            key_path: key_path.filter(|k| !k.is_empty()).map(str::to_string),
            key_password: key_password.map(str::to_string),
        })
    }
}

/// `TlsVersion` (values as in the spec, which are libcurl's CURL_SSLVERSION_TLSv1_x).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    V1_0 = 4,
    V1_1 = 5,
    V1_2 = 6,
    V1_3 = 7,
}

impl TlsVersion {
    pub fn from_i64(v: i64) -> Option<TlsVersion> {
        match v {
            4 => Some(TlsVersion::V1_0),
            5 => Some(TlsVersion::V1_1),
            6 => Some(TlsVersion::V1_2),
            7 => Some(TlsVersion::V1_3),
            _ => None,
        }
    }

    pub(crate) fn parse(s: &str) -> Option<TlsVersion> {
        match s {
            "TLS_V_1_0" => Some(TlsVersion::V1_0),
            "TLS_V_1_1" => Some(TlsVersion::V1_1),
            "TLS_V_1_2" => Some(TlsVersion::V1_2),
            "TLS_V_1_3" => Some(TlsVersion::V1_3),
            _ => None,
        }
    }
}

/// TLS 1.3 suites, named as in the spec (and OpenSSL).
pub const TLS13_SUITES: &[&str] = &[
    "TLS_AES_128_GCM_SHA256",
    "TLS_AES_256_GCM_SHA384",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_AES_128_CCM_SHA256",
    "TLS_AES_128_CCM_8_SHA256",
];

/// `TlsConfig`: versions and cipher suites (IANA names, as the spec lists them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsConfig {
    pub min: TlsVersion,
    pub max: TlsVersion,
    pub cipher_suites: Vec<String>,
}

impl TlsConfig {
    pub fn new(
        min: TlsVersion,
        max: TlsVersion,
        cipher_suites: Vec<String>,
    ) -> Result<TlsConfig, Error> {
        if max < min {
            return Err(Error::param(
                "tlsOptions: tlsVersionMax is lower than tlsVersionMin",
            ));
        }
        for s in &cipher_suites {
            if s.is_empty() || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return Err(Error::param(format!(
                    "tlsOptions: cipher suite {s:?} is not an IANA suite name"
                )));
            }
        }
        Ok(TlsConfig {
            min,
            max,
            cipher_suites,
        })
    }
}

/// `AuthenticationType`; `Auto` when not given (negotiated with the server).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthType {
    Auto = 0,
    Basic = 1,
    Digest = 2,
    Ntlm = 3,
}

impl AuthType {
    pub fn from_i64(v: i64) -> Option<AuthType> {
        match v {
            0 => Some(AuthType::Auto),
            1 => Some(AuthType::Basic),
            2 => Some(AuthType::Digest),
            3 => Some(AuthType::Ntlm),
            _ => None,
        }
    }

    pub(super) fn parse(s: &str) -> Option<AuthType> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Some(AuthType::Auto),
            "basic" => Some(AuthType::Basic),
            "digest" => Some(AuthType::Digest),
            "ntlm" => Some(AuthType::Ntlm),
            _ => None,
        }
    }
}

/// `ServerAuthentication`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAuth {
    pub username: String,
    pub password: String,
    pub kind: AuthType,
}

/// `AddressFamily`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AddressFamily {
    #[default]
    Default = 0,
    OnlyV4 = 1,
    OnlyV6 = 2,
}

impl AddressFamily {
    pub fn from_i64(v: i64) -> Option<AddressFamily> {
        match v {
            0 => Some(AddressFamily::Default),
            1 => Some(AddressFamily::OnlyV4),
            2 => Some(AddressFamily::OnlyV6),
            _ => None,
        }
    }

    pub(super) fn parse(s: &str) -> Option<AddressFamily> {
        match s {
            "DEFAULT" | "CURL_IPRESOLVE_WHATEVER" => Some(AddressFamily::Default),
            "ONLY_V4" | "CURL_IPRESOLVE_V4" => Some(AddressFamily::OnlyV4),
            "ONLY_V6" | "CURL_IPRESOLVE_V6" => Some(AddressFamily::OnlyV6),
            _ => None,
        }
    }
}

/// The content of one `MultiFormData` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormContent {
    /// `data` (a string, bytes, or JSON text).
    Data(Vec<u8>),
    /// `filePath`: read from disk while the request is sent.
    File(String),
}

/// `MultiFormData`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPart {
    pub name: String,
    pub content_type: Option<String>,
    pub remote_file_name: Option<String>,
    pub content: FormContent,
}

impl FormPart {
    pub fn new(
        name: &str,
        content_type: Option<&str>,
        remote_file_name: Option<&str>,
        content: FormContent,
    ) -> Result<FormPart, Error> {
        if name.is_empty() {
            return Err(Error::param("multiFormDataList: a part has an empty name"));
        }
        for (what, v) in [
            ("name", Some(name)),
            ("contentType", content_type),
            ("remoteFileName", remote_file_name),
        ] {
            if v.is_some_and(|s| s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)) {
                return Err(Error::param(format!(
                    "multiFormDataList: CR, LF or NUL in {what} of part {name:?}"
                )));
            }
        }
        if let FormContent::File(p) = &content {
            if p.is_empty() || p.contains('\0') {
                return Err(Error::param(format!(
                    "multiFormDataList: part {name:?} has an empty filePath"
                )));
            }
        }
        Ok(FormPart {
            name: name.to_string(),
            content_type: content_type.filter(|c| !c.is_empty()).map(str::to_string),
            remote_file_name: remote_file_name
                .filter(|c| !c.is_empty())
                .map(str::to_string),
            content,
        })
    }
}
