//! Process-wide request policy: a domain allow-list and a cleartext switch.
//! Both are off by default.

use crate::core::error::{Error, CLEARTEXT_NOT_PERMITTED, DOMAIN_NOT_ALLOWED};
use parking_lot::RwLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

static ALLOWED: RwLock<Vec<String>> = RwLock::new(Vec::new());
static CLEARTEXT_FORBIDDEN: AtomicBool = AtomicBool::new(false);
static ACTIVE: AtomicBool = AtomicBool::new(false);
/// Bumped by every change of the policy (a cached check is good while it stays).
static GENERATION: AtomicU64 = AtomicU64::new(0);

/// The policy's generation: a check made under it stays valid while this is unchanged.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

fn refresh_active() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
    let on = !ALLOWED.read().is_empty() || CLEARTEXT_FORBIDDEN.load(Ordering::SeqCst);
    ACTIVE.store(on, Ordering::SeqCst);
}

/// Replaces the allow-list. Entries are exact host names or IP literals, or
/// `*.suffix` (matching any name below `suffix`, not `suffix` itself). Empty = allow all.
pub fn set_allowed_domains(domains: Vec<String>) -> Result<(), Error> {
    let mut list = Vec::with_capacity(domains.len());
    for d in domains {
        let d = d.trim().trim_end_matches('.').to_ascii_lowercase();
        let bare = d.strip_prefix("*.").unwrap_or(&d);
        if bare.is_empty() || bare.contains(['*', '/', ' ', ':']) && !bare.starts_with('[') {
            return Err(Error::param(format!(
                "allowed domain {d:?} is not a host name or *.suffix"
            )));
        }
        list.push(d);
    }
    *ALLOWED.write() = list;
    refresh_active();
    Ok(())
}

pub fn set_cleartext_permitted(permitted: bool) {
    CLEARTEXT_FORBIDDEN.store(!permitted, Ordering::SeqCst);
    refresh_active();
}

/// Whether any policy is in force (a cheap check for the hot path).
pub fn active() -> bool {
    ACTIVE.load(Ordering::Relaxed)
}

/// Checks a request or redirect target given its scheme and host (host without brackets).
pub fn check(scheme: &str, host: &str) -> Result<(), Error> {
    // Every scheme but the TLS ones is cleartext (ws:// as much as http://, tcp:// and
    // udp:// for sockets; "tls" names a TLS socket's connect).
    if CLEARTEXT_FORBIDDEN.load(Ordering::SeqCst)
        && !["https", "wss", "tls"]
            .iter()
            .any(|s| scheme.eq_ignore_ascii_case(s))
    {
        return Err(Error::new(
            CLEARTEXT_NOT_PERMITTED,
            format!("cleartext {scheme}:// is not permitted by policy"),
        ));
    }
    let allowed = ALLOWED.read();
    if allowed.is_empty() {
        return Ok(());
    }
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let ok = allowed.iter().any(|pat| match pat.strip_prefix("*.") {
        Some(suffix) => {
            host.len() > suffix.len() + 1
                && host.ends_with(suffix)
                && host.as_bytes()[host.len() - suffix.len() - 1] == b'.'
        }
        None => *pat == host || pat.trim_start_matches('[').trim_end_matches(']') == host,
    });
    if ok {
        Ok(())
    } else {
        Err(Error::new(
            DOMAIN_NOT_ALLOWED,
            format!("host {host:?} is not on the allowed-domain list"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        set_allowed_domains(vec![
            "example.com".into(),
            "*.good.test".into(),
            "127.0.0.1".into(),
        ])
        .unwrap();
        assert!(check("https", "example.com").is_ok());
        assert!(check("https", "EXAMPLE.com.").is_ok());
        assert!(check("https", "a.example.com").is_err());
        assert!(check("https", "x.good.test").is_ok());
        assert!(check("https", "a.b.good.test").is_ok());
        assert!(check("https", "good.test").is_err());
        assert!(check("https", "xgood.test").is_err());
        assert_eq!(
            check("http", "evil.test").unwrap_err().code,
            DOMAIN_NOT_ALLOWED
        );
        assert!(check("http", "127.0.0.1").is_ok());
        set_cleartext_permitted(false);
        assert_eq!(
            check("http", "127.0.0.1").unwrap_err().code,
            CLEARTEXT_NOT_PERMITTED
        );
        assert_eq!(
            check("ws", "127.0.0.1").unwrap_err().code,
            CLEARTEXT_NOT_PERMITTED
        );
        assert!(check("HTTPS", "127.0.0.1").is_ok());
        assert!(check("wss", "127.0.0.1").is_ok());
        set_cleartext_permitted(true);
        set_allowed_domains(vec![]).unwrap();
        assert!(!active());
        assert!(check("http", "anything").is_ok());
        assert!(set_allowed_domains(vec!["".into()]).is_err());
    }
}
