//! The transport, TLS and DNS fields of `HttpRequestOptions` (usingProxy, caData,
//! remoteValidation, clientCert, certificatePinning, tlsOptions, serverAuthentication,
//! addressFamily, dnsOverHttps, dnsServers, multiFormDataList): their typed model,
//! validation and JSON shape. Applied to libcurl by `setup_net`.

pub(crate) mod json;
mod types;

use json::*;
pub use types::*;

use crate::core::error::Error;
use base64::Engine as _;
use serde_json::Value;
use std::net::IpAddr;

/// JSON keys handled here (the rest of `HttpRequestOptions` is in `options`).
pub const FIELDS: &[&str] = &[
    "usingProxy",
    "caData",
    "remoteValidation",
    "clientCert",
    "certificatePinning",
    "tlsOptions",
    "serverAuthentication",
    "addressFamily",
    "dnsOverHttps",
    "dnsServers",
    "multiFormDataList",
];

/// Most DNS servers used (the spec: more than three, the first three).
pub const MAX_DNS_SERVERS: usize = 3;

/// The transport, TLS and DNS options of one request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NetOptions {
    pub proxy: ProxyMode,
    /// `caData`: PEM text of the CAs to trust.
    pub ca_data: Option<String>,
    /// `remoteValidation: "skip"`.
    pub skip_validation: bool,
    pub client_cert: Option<ClientCert>,
    /// `certificatePinning`: base64 SHA-256 hashes of acceptable SPKIs.
    pub pins: Vec<String>,
    pub tls: Option<TlsConfig>,
    pub server_auth: Option<ServerAuth>,
    pub address_family: AddressFamily,
    pub doh_url: Option<String>,
    pub dns_servers: Vec<IpAddr>,
    pub form: Vec<FormPart>,
    /// nethttp's own: the network (`netId`) the transfer goes through (0: the app's
    /// network from `nethttp_net_set_app_net`, if any).
    pub net_id: i32,
}

impl NetOptions {
    pub fn set_ca_data(&mut self, pem: &str) -> Result<(), Error> {
        if !pem.contains("-----BEGIN CERTIFICATE-----") {
            return Err(Error::param(
                "caData: no PEM certificate (-----BEGIN CERTIFICATE-----) in the text",
            ));
        }
        self.ca_data = Some(pem.to_string());
        Ok(())
    }

    pub fn set_remote_validation(&mut self, v: &str) -> Result<(), Error> {
        self.skip_validation = match v {
            "system" => false,
            "skip" => true,
            _ => {
                return Err(Error::param(format!(
                    "remoteValidation: {v:?} is neither \"system\" nor \"skip\""
                )))
            }
        };
        Ok(())
    }

    /// Adds one `publicKeyHash` (base64 of a 32-byte SHA-256; a `sha256//` prefix is
    /// accepted too).
    pub fn add_pin(&mut self, hash: &str, algorithm: &str) -> Result<(), Error> {
        if !algorithm.eq_ignore_ascii_case("SHA-256") && !algorithm.eq_ignore_ascii_case("SHA256") {
            return Err(Error::param(format!(
                "certificatePinning: hashAlgorithm {algorithm:?} is not supported (only SHA-256)"
            )));
        }
        let h = hash.trim();
        let h = h.strip_prefix("sha256//").unwrap_or(h);
        match base64::engine::general_purpose::STANDARD.decode(h) {
            Ok(d) if d.len() == 32 => {}
            _ => {
                return Err(Error::param(format!(
                    "certificatePinning: publicKeyHash {hash:?} is not the base64 of a SHA-256 hash"
                )))
            }
        }
        self.pins.push(h.to_string());
        Ok(())
    }

    pub fn set_doh_url(&mut self, url: &str) -> Result<(), Error> {
        let lower = url.to_ascii_lowercase();
        if !lower.starts_with("https://") || url.len() <= 8 || url.bytes().any(|b| b <= b' ') {
            return Err(Error::param(format!(
                "dnsOverHttps: {url:?} is not an https://host:port/path URL"
            )));
        }
        self.doh_url = Some(url.to_string());
        Ok(())
    }

    /// Sets `dnsServers`: IPv4/IPv6 addresses; beyond three, the first three are used.
    pub fn set_dns_servers<S: AsRef<str>>(&mut self, servers: &[S]) -> Result<(), Error> {
        let mut out = Vec::new();
        for s in servers {
            let s = s.as_ref().trim();
            let bare = s.trim_start_matches('[').trim_end_matches(']');
            let ip: IpAddr = bare.parse().map_err(|_| {
                Error::param(format!("dnsServers: {s:?} is not an IPv4 or IPv6 address"))
            })?;
            if out.len() < MAX_DNS_SERVERS {
                out.push(ip);
            }
        }
        self.dns_servers = out;
        Ok(())
    }

    /// Applies one JSON field (a key of [`FIELDS`]).
    pub fn apply_field(&mut self, key: &str, v: &Value) -> Result<(), Error> {
        match key {
            "usingProxy" => {
                self.proxy = match v {
                    Value::Bool(false) => ProxyMode::None,
                    Value::Bool(true) => ProxyMode::System,
                    Value::Object(_) => ProxyMode::Custom(parse_proxy(v)?),
                    _ => {
                        return Err(Error::param(
                            "usingProxy: expected a boolean or an HttpProxy object",
                        ))
                    }
                }
            }
            "caData" => self.set_ca_data(want_str(key, v)?)?,
            "remoteValidation" => self.set_remote_validation(want_str(key, v)?)?,
            "clientCert" => {
                let o = want_obj(key, v)?;
                only_keys(key, o, &["certPath", "certType", "keyPath", "keyPassword"])?;
                let cert_type = match o.get("certType") {
                    None | Some(Value::Null) => CertType::Pem,
                    Some(Value::String(s)) => CertType::parse(s).ok_or_else(|| {
                        Error::param(format!("clientCert: certType {s:?} is not PEM, DER or P12"))
                    })?,
                    Some(Value::Number(n)) => n
                        .as_i64()
                        .and_then(CertType::from_i64)
                        .ok_or_else(|| Error::param(format!("clientCert: certType {n}")))?,
                    Some(_) => return Err(Error::param("clientCert: certType: expected a string")),
                };
                self.client_cert = Some(ClientCert::new(
                    req_str(key, o, "certPath")?,
                    cert_type,
                    opt_str(key, o, "keyPath")?,
                    opt_str(key, o, "keyPassword")?,
                )?);
            }
            "certificatePinning" => {
                let items: Vec<&Value> = match v {
                    Value::Array(a) => a.iter().collect(),
                    Value::Object(_) => vec![v],
                    _ => {
                        return Err(Error::param(
                            "certificatePinning: expected an object or an array of objects",
                        ))
                    }
                };
                let mut n = NetOptions::default();
                for item in items {
                    let o = want_obj(key, item)?;
                    only_keys(key, o, &["publicKeyHash", "hashAlgorithm"])?;
                    let alg = opt_str(key, o, "hashAlgorithm")?.unwrap_or("SHA-256");
                    n.add_pin(req_str(key, o, "publicKeyHash")?, alg)?;
                }
                self.pins = n.pins;
            }
            "tlsOptions" => {
                self.tls = match v {
                    Value::String(s) if s == "system" => None,
                    Value::Object(o) => {
                        only_keys(key, o, &["tlsVersionMin", "tlsVersionMax", "cipherSuites"])?;
                        let ver = |k: &str| -> Result<TlsVersion, Error> {
                            let v = o.get(k).ok_or_else(|| {
                                Error::param(format!("tlsOptions: {k} is missing"))
                            })?;
                            enum_of(v, TlsVersion::from_i64, TlsVersion::parse).ok_or_else(|| {
                                Error::param(format!("tlsOptions: {k}: invalid {v}"))
                            })
                        };
                        let suites = match o.get("cipherSuites") {
                            None | Some(Value::Null) => Vec::new(),
                            Some(Value::Array(a)) => a
                                .iter()
                                .map(|s| {
                                    s.as_str().map(str::to_string).ok_or_else(|| {
                                        Error::param("tlsOptions: cipherSuites: expected strings")
                                    })
                                })
                                .collect::<Result<_, _>>()?,
                            Some(_) => {
                                return Err(Error::param(
                                    "tlsOptions: cipherSuites: expected an array of strings",
                                ))
                            }
                        };
                        Some(TlsConfig::new(
                            ver("tlsVersionMin")?,
                            ver("tlsVersionMax")?,
                            suites,
                        )?)
                    }
                    _ => {
                        return Err(Error::param(
                            "tlsOptions: expected \"system\" or a TlsConfig object",
                        ))
                    }
                }
            }
            "serverAuthentication" => {
                let o = want_obj(key, v)?;
                only_keys(key, o, &["credential", "authenticationType"])?;
                let cred = o
                    .get("credential")
                    .ok_or_else(|| Error::param("serverAuthentication: credential is missing"))?;
                let c = want_obj(key, cred)?;
                only_keys(key, c, &["username", "password"])?;
                let kind = match o.get("authenticationType") {
                    None | Some(Value::Null) => AuthType::Auto,
                    Some(t) => enum_of(t, AuthType::from_i64, AuthType::parse).ok_or_else(|| {
                        Error::param(format!(
                            "serverAuthentication: authenticationType {t} is not basic, digest, ntlm or auto"
                        ))
                    })?,
                };
                self.server_auth = Some(ServerAuth {
                    username: opt_str(key, c, "username")?.unwrap_or("").to_string(),
                    password: opt_str(key, c, "password")?.unwrap_or("").to_string(),
                    kind,
                });
            }
            "addressFamily" => {
                self.address_family = enum_of(v, AddressFamily::from_i64, AddressFamily::parse)
                    .ok_or_else(|| Error::param(format!("addressFamily: invalid value {v}")))?;
            }
            "dnsOverHttps" => self.set_doh_url(want_str(key, v)?)?,
            "dnsServers" => {
                let Value::Array(a) = v else {
                    return Err(Error::param("dnsServers: expected an array of strings"));
                };
                let list = a
                    .iter()
                    .map(|s| {
                        s.as_str()
                            .ok_or_else(|| Error::param("dnsServers: expected an array of strings"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                self.set_dns_servers(&list)?;
            }
            "multiFormDataList" => {
                let Value::Array(a) = v else {
                    return Err(Error::param("multiFormDataList: expected an array"));
                };
                let mut parts = Vec::with_capacity(a.len());
                for item in a {
                    let o = want_obj(key, item)?;
                    only_keys(
                        key,
                        o,
                        &["name", "contentType", "remoteFileName", "data", "filePath"],
                    )?;
                    let name = req_str(key, o, "name")?;
                    // The spec: with `data` present, `filePath` does not take effect.
                    let content = match (o.get("data"), opt_str(key, o, "filePath")?) {
                        (Some(Value::String(s)), _) => FormContent::Data(s.as_bytes().to_vec()),
                        (Some(d @ (Value::Object(_) | Value::Array(_))), _) => {
                            FormContent::Data(d.to_string().into_bytes())
                        }
                        (Some(Value::Null) | None, Some(p)) => FormContent::File(p.to_string()),
                        (Some(Value::Null) | None, None) => {
                            return Err(Error::param(format!(
                                "multiFormDataList: part {name:?} has neither data nor filePath"
                            )))
                        }
                        (Some(_), _) => {
                            return Err(Error::param(format!(
                                "multiFormDataList: data of part {name:?} must be a string or an object"
                            )))
                        }
                    };
                    parts.push(FormPart::new(
                        name,
                        opt_str(key, o, "contentType")?,
                        opt_str(key, o, "remoteFileName")?,
                        content,
                    )?);
                }
                self.form = parts;
            }
            other => {
                return Err(Error::param(format!(
                    "{other}: unknown field of HttpRequestOptions"
                )))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(key: &str, json: &str) -> Result<NetOptions, Error> {
        let mut n = NetOptions::default();
        n.apply_field(key, &serde_json::from_str(json).unwrap())?;
        Ok(n)
    }

    #[test]
    fn proxy_shapes() {
        assert_eq!(
            apply("usingProxy", "true").unwrap().proxy,
            ProxyMode::System
        );
        assert_eq!(apply("usingProxy", "false").unwrap().proxy, ProxyMode::None);
        let n = apply(
            "usingProxy",
            r#"{"host":"127.0.0.1","port":3128,"exclusionList":["a.test","*.b.test","10.0.0.1"]}"#,
        )
        .unwrap();
        let ProxyMode::Custom(p) = n.proxy else {
            panic!()
        };
        assert_eq!(p.url(), "http://127.0.0.1:3128");
        assert_eq!(p.no_proxy(), "a.test,.b.test,10.0.0.1");
        assert!(apply("usingProxy", r#"{"host":"h","port":0}"#).is_err());
        assert!(apply(
            "usingProxy",
            r#"{"host":"h","port":1,"exclusionList":["a,b"]}"#
        )
        .is_err());
        assert!(apply("usingProxy", r#"{"host":"","port":1}"#).is_err());
        assert!(apply("usingProxy", r#"{"host":"h","port":1,"bogus":1}"#).is_err());
    }

    #[test]
    fn pins_and_tls() {
        let h = "0efti7NgVuxHV37BOGu6+t9wxaZNxXd9RhxJ0+ifDB0=";
        let one = format!(r#"{{"publicKeyHash":"{h}","hashAlgorithm":"SHA-256"}}"#);
        assert_eq!(apply("certificatePinning", &one).unwrap().pins, vec![h]);
        let two = format!("[{one},{one}]");
        assert_eq!(apply("certificatePinning", &two).unwrap().pins.len(), 2);
        assert!(apply("certificatePinning", r#"{"publicKeyHash":"AAAA"}"#).is_err());
        assert!(apply(
            "certificatePinning",
            &format!(r#"{{"publicKeyHash":"{h}","hashAlgorithm":"MD5"}}"#)
        )
        .is_err());
        let t = apply(
            "tlsOptions",
            r#"{"tlsVersionMin":"TLS_V_1_2","tlsVersionMax":6,"cipherSuites":["TLS_AES_128_GCM_SHA256"]}"#,
        )
        .unwrap()
        .tls
        .unwrap();
        assert_eq!((t.min, t.max), (TlsVersion::V1_2, TlsVersion::V1_2));
        assert!(apply("tlsOptions", r#""system""#).unwrap().tls.is_none());
        assert!(apply("tlsOptions", r#"{"tlsVersionMin":7,"tlsVersionMax":6}"#).is_err());
        assert!(apply("tlsOptions", r#""fast""#).is_err());
    }

    #[test]
    fn dns_and_family() {
        let n = apply("dnsServers", r#"["127.0.0.2","::1","[::2]","10.0.0.1"]"#).unwrap();
        assert_eq!(n.dns_servers.len(), 3);
        assert!(apply("dnsServers", r#"["not-an-ip"]"#).is_err());
        assert!(apply("dnsServers", r#""127.0.0.1""#).is_err());
        assert!(apply("dnsOverHttps", r#""http://x/dns""#).is_err());
        assert!(apply("dnsOverHttps", r#""https://127.0.0.1:1/dns-query""#).is_ok());
        assert_eq!(
            apply("addressFamily", r#""CURL_IPRESOLVE_V6""#)
                .unwrap()
                .address_family,
            AddressFamily::OnlyV6
        );
        assert_eq!(
            apply("addressFamily", r#""ONLY_V4""#)
                .unwrap()
                .address_family,
            AddressFamily::OnlyV4
        );
        assert!(apply("addressFamily", r#""V5""#).is_err());
    }

    #[test]
    fn cert_auth_form() {
        let c = apply(
            "clientCert",
            r#"{"certPath":"/c.p12","certType":"P12","keyPath":"","keyPassword":"x"}"#,
        )
        .unwrap()
        .client_cert
        .unwrap();
        assert_eq!(c.cert_type, CertType::P12);
        assert_eq!(c.key_path, None);
        assert!(apply("clientCert", r#"{"certPath":"/c","certType":"JKS"}"#).is_err());
        assert!(apply("clientCert", r#"{"keyPath":"/k"}"#).is_err());
        let a = apply(
            "serverAuthentication",
            r#"{"credential":{"username":"u","password":"p"},"authenticationType":"digest"}"#,
        )
        .unwrap()
        .server_auth
        .unwrap();
        assert_eq!(a.kind, AuthType::Digest);
        assert!(apply(
            "serverAuthentication",
            r#"{"credential":{"username":"u"},"authenticationType":"kerberos"}"#
        )
        .is_err());
        let f = apply(
            "multiFormDataList",
            r#"[{"name":"a","contentType":"text/plain","data":"x"},
                {"name":"b","contentType":"application/json","data":{"k":1}},
                {"name":"c","contentType":"text/plain","filePath":"/f","remoteFileName":"f.txt"}]"#,
        )
        .unwrap()
        .form;
        assert_eq!(f[1].content, FormContent::Data(b"{\"k\":1}".to_vec()));
        assert_eq!(f[2].content, FormContent::File("/f".into()));
        assert!(apply("multiFormDataList", r#"[{"name":"a","contentType":"t"}]"#).is_err());
        assert!(apply("remoteValidation", r#""maybe""#).is_err());
        assert!(apply("caData", r#""not pem""#).is_err());
    }
}
