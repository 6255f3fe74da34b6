//! The connection module (`@ohos.net.connection`), so far its name lookups
//! ([`lookup`]: `getAddressesByName` with the `family` option, blocking or asynchronous
//! and cancellable) and IDNA conversions (`getDnsAscii` / `getDnsUnicode`).

pub mod app;
pub mod lookup;
pub mod monitor;
pub mod netinfo;
pub mod netlink;

/// The spec's connection error codes.
pub const ERR_INVALID_VALUE: i32 = 2_100_001;
pub const ERR_SERVICE: i32 = 2_100_002;
pub const ERR_INTERNAL: i32 = 2_100_003;
/// `unregister` of a connection that is not registered.
pub const ERR_CALLBACK_MISSING: i32 = 2_101_007;
/// `register` of a connection that is registered already.
pub const ERR_CALLBACK_EXISTS: i32 = 2_101_008;
/// Too many registered connections.
pub const ERR_TOO_MANY: i32 = 2_101_022;
/// nethttp's own, in the same range: the name does not exist (or has no address of the
/// family asked for), and a temporary resolver failure (no answer; try again later).
pub const ERR_NOT_FOUND: i32 = 2_100_101;
pub const ERR_TRY_AGAIN: i32 = 2_100_102;

use crate::core::error::Error;

/// `getDnsAscii`: a domain name in its ASCII (punycode) form, UTS #46 processing.
pub fn dns_ascii(name: &str) -> Result<String, Error> {
    if name.is_empty() {
        return Err(Error::param("name: empty"));
    }
    idna::domain_to_ascii(name).map_err(|e| {
        Error::new(
            ERR_INVALID_VALUE,
            format!("{name:?} is not a valid domain name ({e})"),
        )
    })
}

/// `getDnsUnicode`: a domain name with its punycode labels decoded.
pub fn dns_unicode(name: &str) -> Result<String, Error> {
    if name.is_empty() {
        return Err(Error::param("name: empty"));
    }
    let (u, r) = idna::domain_to_unicode(name);
    r.map_err(|e| {
        Error::new(
            ERR_INVALID_VALUE,
            format!("{name:?} is not a valid domain name ({e})"),
        )
    })?;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idna_both_ways() {
        assert_eq!(dns_ascii("münchen.de").unwrap(), "xn--mnchen-3ya.de");
        assert_eq!(dns_ascii("EXAMPLE.com").unwrap(), "example.com");
        assert_eq!(dns_unicode("xn--mnchen-3ya.de").unwrap(), "münchen.de");
        assert_eq!(dns_ascii("").unwrap_err().code, 401);
        assert_eq!(dns_unicode("xn--a.de").unwrap_err().code, ERR_INVALID_VALUE);
    }
}
