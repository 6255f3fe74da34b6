//! Godot's `TLSOptions`: trusted CAs, the common-name override, the pinned key.

use super::address::check_host;
use crate::core::error::Error;

/// The certificates a TLS connection trusts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustedCa {
    /// A PEM file, or a directory of hashed certificates.
    Path(String),
    /// PEM text (one or more certificates).
    Pem(Vec<u8>),
}

/// TLS settings for `http_client_connect_to_host` (Godot's `TLSOptions` for a client,
/// plus public-key pinning). Created by `http_client_tls_client` or
/// `http_client_tls_client_unsafe`, released by `http_client_tls_free`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TlsOptions {
    /// `TLSOptions.client_unsafe()`: no certificate or name verification.
    pub unsafe_no_verify: bool,
    /// `None`: the system's trusted CAs.
    pub trusted_ca: Option<TrustedCa>,
    /// Verify the certificate for this name instead of the host (also sent as SNI).
    pub common_name: Option<String>,
    /// libcurl's CURLOPT_PINNEDPUBLICKEY: `sha256//<base64>[;sha256//...]` or a PEM/DER file.
    pub pinned_public_key: Option<String>,
}

impl TlsOptions {
    /// `TLSOptions.client(trusted_chain, common_name_override)`. `trusted_ca` is a path or
    /// PEM text (it contains `-----BEGIN`); empty or `None` means the system's CAs.
    pub fn client(trusted_ca: Option<&str>, common_name: Option<&str>) -> Result<Self, Error> {
        let trusted_ca = match trusted_ca.filter(|s| !s.is_empty()) {
            None => None,
            Some(pem) if pem.contains("-----BEGIN") => {
                Some(TrustedCa::Pem(pem.as_bytes().to_vec()))
            }
            Some(path) => {
                if !std::path::Path::new(path).exists() {
                    return Err(Error::param(format!(
                        "trusted_ca: {path:?} is neither PEM text nor an existing file or directory"
                    )));
                }
                Some(TrustedCa::Path(path.to_string()))
            }
        };
        let common_name = match common_name.filter(|s| !s.is_empty()) {
            None => None,
            Some(cn) => Some(check_host("common_name", cn)?.to_string()),
        };
        Ok(TlsOptions {
            unsafe_no_verify: false,
            trusted_ca,
            common_name,
            pinned_public_key: None,
        })
    }

    /// `TLSOptions.client_unsafe()`.
    pub fn client_unsafe() -> Self {
        TlsOptions {
            unsafe_no_verify: true,
            ..Default::default()
        }
    }

    pub fn set_pinned_public_key(&mut self, pin: &str) -> Result<(), Error> {
        if pin.is_empty() {
            self.pinned_public_key = None;
            return Ok(());
        }
        if pin.bytes().any(|b| b.is_ascii_control()) {
            return Err(Error::param("pinned_public_key: control characters"));
        }
        self.pinned_public_key = Some(pin.to_string());
        Ok(())
    }
}
