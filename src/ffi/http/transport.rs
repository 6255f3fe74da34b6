//! Typed setters for the transport, TLS and DNS fields of `http_options` (usingProxy,
//! caData, remoteValidation, clientCert, certificatePinning, tlsOptions,
//! serverAuthentication, addressFamily, dnsOverHttps, dnsServers, multiFormDataList).

use crate::core::error::Error;
use crate::ffi::http::options::{with_opts, RequestOptionsHandle};
use crate::ffi::{arg_bytes, arg_opt_str as opt_str, arg_str, arg_str_array as str_array};
use crate::http::netopts::{
    AddressFamily, AuthType, CertType, ClientCert, FormContent, FormPart, ProxyMode, ServerAuth,
    TlsConfig, TlsVersion,
};
use crate::http::options::RequestOptions;
use std::os::raw::c_char;

/// `CertType`, for `http_options_set_client_cert`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_cert_type {
    /// PEM certificate (the default); the key is a PEM file.
    HTTP_CERT_TYPE_PEM = 0,
    /// DER certificate; the key is a DER file.
    HTTP_CERT_TYPE_DER = 1,
    /// PKCS#12 bundle holding certificate and key (`key_path` unused).
    HTTP_CERT_TYPE_P12 = 2,
}

/// `TlsVersion` (values as in the spec), for `http_options_set_tls_options`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_tls_version {
    HTTP_TLS_V_1_0 = 4,
    HTTP_TLS_V_1_1 = 5,
    HTTP_TLS_V_1_2 = 6,
    HTTP_TLS_V_1_3 = 7,
}

/// `AuthenticationType`, for `http_options_set_server_authentication`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_auth_type {
    /// Negotiated with the server (the spec's default when no type is given): the first
    /// request goes without credentials and the 401's WWW-Authenticate picks the scheme.
    HTTP_AUTH_AUTO = 0,
    /// Basic, sent with the first request.
    HTTP_AUTH_BASIC = 1,
    /// Digest (RFC 7616).
    HTTP_AUTH_DIGEST = 2,
    /// NTLM (only if the linked libcurl has it; else the request fails with 2300004).
    HTTP_AUTH_NTLM = 3,
}

/// `AddressFamily`, for `http_options_set_address_family`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub enum http_address_family {
    /// IPv4 or IPv6, whichever the name resolves to (the default).
    HTTP_ADDRESS_FAMILY_DEFAULT = 0,
    /// Only IPv4 addresses of the host are used.
    HTTP_ADDRESS_FAMILY_ONLY_V4 = 1,
    /// Only IPv6 addresses of the host are used.
    HTTP_ADDRESS_FAMILY_ONLY_V6 = 2,
}

/// Sets `usingProxy` to a boolean: false (the default) uses no proxy at all, whatever the
/// environment says; true uses the system proxy, which is the `http_proxy`,
/// `https_proxy`, `all_proxy` and `no_proxy` environment variables as libcurl reads them
/// (lowercase `http_proxy` only; `no_proxy` lists hosts that bypass it). See
/// `http_options_set_proxy` for an explicit proxy.
#[no_mangle]
pub extern "C" fn http_options_set_using_proxy(
    options: *mut RequestOptionsHandle,
    use_system_proxy: bool,
) -> i32 {
    with_opts(options, |o| {
        o.net.proxy = crate::ffi::proxy_mode(use_system_proxy);
        Ok(())
    })
}

/// Sets `usingProxy` to an `HttpProxy`: requests go through the HTTP proxy at
/// `host`:`port` (a host name or an IPv4/IPv6 address; port 1..65535). http:// requests
/// are sent to the proxy; https:// requests tunnel through it with CONNECT (TLS is
/// end-to-end with the server). `exclusions` (`count` strings, copied; may be NULL when
/// `count` is 0) lists hosts reached directly (the spec's `exclusionList`): an entry
/// `name` matches that host and every name below it, `*.suffix` (or `.suffix`) every
/// name below `suffix`, an IP address that address, `*` every host. Matching ignores
/// case and happens again on each redirect. `username` and `password` (may be NULL)
/// authenticate to the proxy (Basic). The environment's proxy variables do not apply.
/// Errors: 401 for NULL/invalid UTF-8 arguments, an empty host, port 0 or above 65535,
/// or an exclusion with a comma or space. JSON: `"usingProxy": {"host": "…", "port": N,
/// "exclusionList": […], "username": "…", "password": "…"}`.
#[no_mangle]
pub extern "C" fn http_options_set_proxy(
    options: *mut RequestOptionsHandle,
    host: *const c_char,
    port: u32,
    exclusions: *const *const c_char,
    count: usize,
    username: *const c_char,
    password: *const c_char,
) -> i32 {
    with_opts(options, |o| {
        let p = crate::ffi::arg_proxy(host, port, exclusions, count, username, password)?;
        o.net.proxy = ProxyMode::Custom(p);
        Ok(())
    })
}

/// Sets `caData`: PEM text (one or more `-----BEGIN CERTIFICATE-----` blocks, copied)
/// of the CAs to trust for this request, instead of the system store. With `caPath` as
/// well, the CAs of both are trusted. A server whose chain does not lead to one of them
/// fails with 2300060. Errors: 401 when the text holds no PEM certificate.
#[no_mangle]
pub extern "C" fn http_options_set_ca_data(
    options: *mut RequestOptionsHandle,
    pem: *const c_char,
) -> i32 {
    with_opts(options, |o| o.net.set_ca_data(arg_str(pem, "pem")?))
}

/// Sets `remoteValidation`: "system" (the default) verifies the server's certificate
/// chain (against the system store, or `caPath` / `caData`) and its name; "skip" turns
/// both checks off for this request (an expired, self-signed or wrong-host certificate
/// is then accepted; certificate pins still apply). Other values: 401.
#[no_mangle]
pub extern "C" fn http_options_set_remote_validation(
    options: *mut RequestOptionsHandle,
    mode: *const c_char,
) -> i32 {
    with_opts(options, |o| {
        o.net.set_remote_validation(arg_str(mode, "mode")?)
    })
}

/// Sets `clientCert`, the certificate presented when the server asks for one (mutual
/// TLS). `cert_type` is one of `http_cert_type`: PEM (`cert_path` a PEM certificate,
/// `key_path` its PEM key, or NULL/"" when the key is in the certificate file), DER (both
/// files DER), P12 (`cert_path` a PKCS#12 bundle with certificate and key; `key_path`
/// unused). `key_password` (may be NULL) decrypts an encrypted key or the P12 bundle.
/// Paths are read when the request connects: a missing file, a wrong password or a key
/// that does not match the certificate fails the request with 2300058. Errors here: 401
/// for NULL/invalid UTF-8, an empty `cert_path` or an unknown `cert_type`.
/// JSON: `"clientCert": {"certPath": "…", "certType": "PEM"|"DER"|"P12", "keyPath": "…",
/// "keyPassword": "…"}`.
#[no_mangle]
pub extern "C" fn http_options_set_client_cert(
    options: *mut RequestOptionsHandle,
    cert_path: *const c_char,
    cert_type: i32,
    key_path: *const c_char,
    key_password: *const c_char,
) -> i32 {
    with_opts(options, |o| {
        let t = CertType::from_i64(cert_type.into())
            .ok_or_else(|| Error::param(format!("certType: invalid value {cert_type}")))?;
        o.net.client_cert = Some(ClientCert::new(
            arg_str(cert_path, "cert_path")?,
            t,
            opt_str(key_path, "key_path")?,
            opt_str(key_password, "key_password")?,
        )?);
        Ok(())
    })
}

/// Adds one `certificatePinning` entry. `public_key_hash` is the base64 SHA-256 hash of
/// the server certificate's public key (its DER SubjectPublicKeyInfo), as
/// `openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform DER |
/// openssl dgst -sha256 -binary | openssl enc -base64` prints it (a `sha256//` prefix is
/// accepted). `hash_algorithm` must be "SHA-256" (NULL means "SHA-256"). When pins are
/// set, the connection is accepted only if the server's key matches one of them; none
/// matching fails the request with 2300090. Pins are checked in addition to the normal
/// certificate verification. Errors: 401 for a hash that is not base64 of 32 bytes or
/// another algorithm. JSON: `"certificatePinning": {"publicKeyHash": "…",
/// "hashAlgorithm": "SHA-256"}` or an array of such objects (replacing earlier pins).
#[no_mangle]
pub extern "C" fn http_options_add_certificate_pin(
    options: *mut RequestOptionsHandle,
    public_key_hash: *const c_char,
    hash_algorithm: *const c_char,
) -> i32 {
    with_opts(options, |o| {
        let alg = opt_str(hash_algorithm, "hash_algorithm")?.unwrap_or("SHA-256");
        o.net
            .add_pin(arg_str(public_key_hash, "public_key_hash")?, alg)
    })
}

/// Removes every certificate pin.
#[no_mangle]
pub extern "C" fn http_options_clear_certificate_pins(options: *mut RequestOptionsHandle) -> i32 {
    with_opts(options, |o| {
        o.net.pins.clear();
        Ok(())
    })
}

/// Sets `tlsOptions` to a `TlsConfig`: the lowest and highest TLS version allowed
/// (`http_tls_version`; `min` must not exceed `max`) and, optionally, the cipher suites
/// (`count` IANA names such as "TLS_AES_128_GCM_SHA256" or
/// "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", copied; NULL when `count` is 0). TLS 1.3
/// suites limit TLS 1.3 handshakes, the others limit TLS 1.2 and older ones; a version
/// whose suites are not listed keeps the library defaults. A server that cannot agree
/// fails with 2300035 (or 2300059). TLS 1.0 and 1.1: with OpenSSL 3 (the TLS library
/// nethttp links) they are refused at its default security level whatever this option
/// says, so a `min` of TLS_V_1_0 or TLS_V_1_1 acts as TLS 1.2, and a `max` below TLS 1.2
/// fails every handshake with 2300035 (a server that speaks only TLS 1.0/1.1 cannot be
/// reached). Errors: 401 for an invalid version, min > max, or a
/// suite the linked TLS library does not know. JSON: `"tlsOptions": "system"` (the
/// default: the library's versions and suites) or `{"tlsVersionMin": "TLS_V_1_2" | 6,
/// "tlsVersionMax": …, "cipherSuites": […]}`.
#[no_mangle]
pub extern "C" fn http_options_set_tls_options(
    options: *mut RequestOptionsHandle,
    min: i32,
    max: i32,
    cipher_suites: *const *const c_char,
    count: usize,
) -> i32 {
    with_opts(options, |o| {
        let v = |x: i32, what: &str| {
            TlsVersion::from_i64(x.into())
                .ok_or_else(|| Error::param(format!("tlsOptions: {what}: invalid value {x}")))
        };
        let suites = str_array(cipher_suites, count, "cipher_suites")?
            .into_iter()
            .map(str::to_string)
            .collect();
        let t = TlsConfig::new(v(min, "tlsVersionMin")?, v(max, "tlsVersionMax")?, suites)?;
        let mut probe = RequestOptions::default();
        probe.net.tls = Some(t.clone());
        crate::http::setup_net::validate(&probe)?;
        o.net.tls = Some(t);
        Ok(())
    })
}

/// Sets `serverAuthentication`: HTTP authentication to the server with `username` and
/// `password` (copied) using `auth_type` (`http_auth_type`). Credentials are not sent to
/// another host after a redirect. A server that still refuses answers 401, which is the
/// response (not an error). Errors: 401 for NULL/invalid UTF-8 or an unknown type.
/// JSON: `"serverAuthentication": {"credential": {"username": "…", "password": "…"},
/// "authenticationType": "basic"|"digest"|"ntlm"}` (no type: negotiated, AUTO).
#[no_mangle]
pub extern "C" fn http_options_set_server_authentication(
    options: *mut RequestOptionsHandle,
    username: *const c_char,
    password: *const c_char,
    auth_type: i32,
) -> i32 {
    with_opts(options, |o| {
        let kind = AuthType::from_i64(auth_type.into()).ok_or_else(|| {
            Error::param(format!(
                "serverAuthentication: invalid authenticationType {auth_type}"
            ))
        })?;
        o.net.server_auth = Some(ServerAuth {
            username: arg_str(username, "username")?.to_string(),
            password: arg_str(password, "password")?.to_string(),
            kind,
        });
        Ok(())
    })
}

/// Sets `addressFamily` (`http_address_family`): which addresses of the host name are
/// used. ONLY_V4 / ONLY_V6 with a host that has none of that family fail with 2300006
/// (or 2300007 when the address exists but nothing listens there). Other values: 401.
/// JSON: `"addressFamily": "DEFAULT"|"ONLY_V4"|"ONLY_V6"` (the spec's values
/// "CURL_IPRESOLVE_WHATEVER", "CURL_IPRESOLVE_V4", "CURL_IPRESOLVE_V6" are accepted too).
#[no_mangle]
pub extern "C" fn http_options_set_address_family(
    options: *mut RequestOptionsHandle,
    family: i32,
) -> i32 {
    with_opts(options, |o| {
        o.net.address_family = AddressFamily::from_i64(family.into())
            .ok_or_else(|| Error::param(format!("addressFamily: invalid value {family}")))?;
        Ok(())
    })
}

/// Sets `dnsOverHttps`: host names of this request (and of its redirects) are resolved
/// by the DNS-over-HTTPS (RFC 8484) server at `url`, `https://host:port/path`, instead of
/// the system resolver. The DoH request itself verifies the DoH server's certificate
/// with `caPath` / `caData` when set (else the system store), even under
/// `remoteValidation: "skip"`. A name the DoH server cannot resolve fails with 2300006.
/// Answers are cached per DoH server, apart from the system resolver's cache (for that,
/// the request's handle uses its DoH server's libcurl share object, so the cookie jar of
/// `nethttp_store_open` and the TLS sessions shared by other requests do not apply to it).
/// Errors: 401 for a URL that is not https://.
#[no_mangle]
pub extern "C" fn http_options_set_dns_over_https(
    options: *mut RequestOptionsHandle,
    url: *const c_char,
) -> i32 {
    with_opts(options, |o| o.net.set_doh_url(arg_str(url, "url")?))
}

/// Sets `dnsServers`: the request's host name is resolved by these DNS servers (`count`
/// IPv4 or IPv6 address strings, port 53; beyond three only the first three are used),
/// not by the system resolver. nethttp asks them itself, on a resolver thread, before the
/// transfer starts (the worker thread never waits for DNS), and connects to the first
/// address returned (of the `addressFamily` asked for), keeping the name for the Host
/// header, TLS SNI and certificate checks. Redirects to another host use the system
/// resolver. Each server gets 2 s to answer before the next is asked. A name none of them
/// can resolve fails with 2300006 (through the completion, as usual). `count` 0 clears the
/// list. Errors: 401 for an entry that is not an IP address. JSON: `"dnsServers": […]`.
#[no_mangle]
pub extern "C" fn http_options_set_dns_servers(
    options: *mut RequestOptionsHandle,
    servers: *const *const c_char,
    count: usize,
) -> i32 {
    with_opts(options, |o| {
        o.net
            .set_dns_servers(&str_array(servers, count, "servers")?)
    })
}

/// Adds a `multiFormDataList` part whose content is `data` (`len` bytes, copied;
/// binary-safe). `content_type` (may be NULL: text/plain for a plain part,
/// application/octet-stream for a file part) is the part's Content-Type;
/// `remote_file_name` (may be NULL) makes it a file part with that filename. A request
/// with parts sends them as a `multipart/form-data` body (libcurl writes the boundary): its
/// method must be POST, PUT or PATCH, its Content-Type header absent or
/// multipart/form-data, and it must have no extraData, else the request fails with 401.
/// JSON: `"multiFormDataList": [{"name": "…", "contentType": "…", "remoteFileName": "…",
/// "data": "text" | {JSON object} } | {…, "filePath": "…"}]` (replacing earlier parts;
/// with both, `data` wins as in the spec).
#[no_mangle]
pub extern "C" fn http_options_add_form_data(
    options: *mut RequestOptionsHandle,
    name: *const c_char,
    content_type: *const c_char,
    data: *const u8,
    len: usize,
    remote_file_name: *const c_char,
) -> i32 {
    with_opts(options, |o| {
        let part = FormPart::new(
            arg_str(name, "name")?,
            opt_str(content_type, "content_type")?,
            opt_str(remote_file_name, "remote_file_name")?,
            FormContent::Data(arg_bytes(data, len, "data")?.to_vec()),
        )?;
        o.net.form.push(part);
        Ok(())
    })
}

/// Adds a `multiFormDataList` part whose content is the file at `file_path`, streamed
/// from disk while the request is sent (never read whole into memory). The filename sent
/// is `remote_file_name`, or the file's own name when NULL. `content_type` as in
/// `http_options_add_form_data`. A file that cannot be opened when the request starts
/// fails it with 2300026. Same rules for the request as `http_options_add_form_data`.
#[no_mangle]
pub extern "C" fn http_options_add_form_file(
    options: *mut RequestOptionsHandle,
    name: *const c_char,
    content_type: *const c_char,
    file_path: *const c_char,
    remote_file_name: *const c_char,
) -> i32 {
    with_opts(options, |o| {
        let part = FormPart::new(
            arg_str(name, "name")?,
            opt_str(content_type, "content_type")?,
            opt_str(remote_file_name, "remote_file_name")?,
            FormContent::File(arg_str(file_path, "file_path")?.to_string()),
        )?;
        o.net.form.push(part);
        Ok(())
    })
}

/// Removes every `multiFormDataList` part.
#[no_mangle]
pub extern "C" fn http_options_clear_form(options: *mut RequestOptionsHandle) -> i32 {
    with_opts(options, |o| {
        o.net.form.clear();
        Ok(())
    })
}
