//! The HSTS cache (RFC 6797): hosts that asked, over a verified HTTPS connection, to be
//! reached only over HTTPS. nethttp keeps the cache and parses `Strict-Transport-Security`;
//! libcurl's own HSTS engine on each handle, fed from this cache through its read callback
//! before each transfer, upgrades `http://` to `https://` for the URL and for every redirect.
//!
//! The file is libcurl's (and the curl tool's `--hsts`) format: one host per line, a leading
//! dot for includeSubDomains, then the expiry in quotes: `.example.com "20271203 10:00:00"`.

use super::date;
use std::collections::HashMap;

/// At most this many hosts are kept (the ones expiring soonest are dropped first).
pub const MAX_HOSTS: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub expires: i64,
    pub include_subdomains: bool,
}

#[derive(Default)]
pub struct Hsts {
    hosts: HashMap<String, Entry>,
}

/// What a `Strict-Transport-Security` value asks for: `Some((max_age, include_subdomains))`,
/// `None` for an invalid value (ignored as a whole, RFC 6797 §6.1: max-age required, no
/// directive twice).
pub fn parse_sts(value: &str) -> Option<(u64, bool)> {
    let mut max_age = None;
    let mut sub = false;
    let mut seen = Vec::new();
    for d in value.split(';') {
        let d = d.trim();
        if d.is_empty() {
            continue;
        }
        let (name, v) = match d.split_once('=') {
            Some((n, v)) => (n.trim(), Some(v.trim())),
            None => (d, None),
        };
        let lname = name.to_ascii_lowercase();
        if seen.contains(&lname) {
            return None;
        }
        seen.push(lname.clone());
        match lname.as_str() {
            "max-age" => {
                let v = v?;
                let v = v
                    .strip_prefix('"')
                    .and_then(|v| v.strip_suffix('"'))
                    .unwrap_or(v);
                if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                // Saturates: "a very long time".
                max_age = Some(v.parse::<u64>().unwrap_or(u64::MAX));
            }
            "includesubdomains" => {
                if v.is_some() {
                    return None;
                }
                sub = true;
            }
            _ => {}
        }
    }
    max_age.map(|m| (m, sub))
}

fn is_ip(host: &str) -> bool {
    host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[')
}

impl Hsts {
    /// Notes a `Strict-Transport-Security` value received from `host` over verified HTTPS.
    /// Returns `Some(removed)` when the cache changed (`removed`: an entry went, max-age 0),
    /// `None` when it did not (or the value was invalid, or the host is an IP address,
    /// which RFC 6797 §8.1 excludes).
    pub fn on_header(&mut self, host: &str, value: &str, now: i64) -> Option<bool> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host.is_empty() || is_ip(&host) {
            return None;
        }
        let (max_age, sub) = parse_sts(value)?;
        if max_age == 0 {
            return self.hosts.remove(&host).map(|_| true);
        }
        let expires = now.saturating_add(i64::try_from(max_age).unwrap_or(i64::MAX));
        let e = Entry {
            expires,
            include_subdomains: sub,
        };
        match self.hosts.get_mut(&host) {
            // The same policy renewed: a later expiry is noted, and is no change the handles
            // need (they hold the entry until their own copy expires, a max-age later).
            Some(old) if old.include_subdomains == sub => {
                old.expires = old.expires.max(expires);
                None
            }
            _ => {
                self.insert(host, e);
                Some(false)
            }
        }
    }

    fn insert(&mut self, host: String, e: Entry) {
        if self.hosts.len() >= MAX_HOSTS && !self.hosts.contains_key(&host) {
            if let Some(k) = self
                .hosts
                .iter()
                .min_by_key(|(_, e)| e.expires)
                .map(|(k, _)| k.clone())
            {
                self.hosts.remove(&k);
            }
        }
        self.hosts.insert(host, e);
    }

    /// Whether `host` is to be reached over HTTPS only (libcurl decides for requests, from
    /// the entries fed to it; this checks the cache's own rules).
    #[cfg(test)]
    pub fn is_known(&self, host: &str, now: i64) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if let Some(e) = self.hosts.get(&host) {
            if e.expires > now {
                return true;
            }
        }
        let mut rest = host.as_str();
        while let Some((_, parent)) = rest.split_once('.') {
            if let Some(e) = self.hosts.get(parent) {
                if e.include_subdomains && e.expires > now {
                    return true;
                }
            }
            rest = parent;
        }
        false
    }

    /// The live entries, for a handle's HSTS engine: (host, includeSubDomains, expiry text).
    pub fn entries(&self, now: i64) -> Vec<(String, bool, String)> {
        self.hosts
            .iter()
            .filter(|(_, e)| e.expires > now)
            .map(|(h, e)| (h.clone(), e.include_subdomains, date::format(e.expires)))
            .collect()
    }

    pub fn len(&self) -> usize {
        self.hosts.len()
    }

    pub fn clear(&mut self) {
        self.hosts.clear();
    }

    /// The cache as libcurl's HSTS file (expired entries left out).
    pub fn to_file_text(&self, now: i64) -> String {
        let mut lines: Vec<(String, bool, String)> = self.entries(now);
        lines.sort();
        let mut s = String::from(
            "# Your HSTS cache. https://curl.se/docs/hsts.html\n# Written by nethttp.\n",
        );
        for (h, sub, exp) in lines {
            s.push_str(&format!("{}{h} \"{exp}\"\n", if sub { "." } else { "" }));
        }
        s
    }

    /// Adds the entries of a file in libcurl's HSTS format; returns (loaded, bad lines).
    /// Expired entries are skipped silently; `"unlimited"` is a far expiry.
    pub fn load_file_text(&mut self, text: &str, now: i64) -> (usize, usize) {
        let (mut loaded, mut bad) = (0, 0);
        for line in text.lines() {
            let l = line.trim();
            if l.is_empty() || l.starts_with('#') {
                continue;
            }
            let parsed = l.split_once(' ').and_then(|(h, rest)| {
                let exp = rest.trim().strip_prefix('"')?.strip_suffix('"')?;
                let expires = if exp == "unlimited" {
                    i64::MAX
                } else {
                    date::parse(exp)?
                };
                let (sub, h) = match h.strip_prefix('.') {
                    Some(h) => (true, h),
                    None => (false, h),
                };
                let valid = !h.is_empty()
                    && h.len() <= 255
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-._".contains(&b));
                valid.then(|| (h.to_ascii_lowercase(), sub, expires))
            });
            match parsed {
                Some((h, sub, expires)) => {
                    if expires > now {
                        self.insert(
                            h,
                            Entry {
                                expires,
                                include_subdomains: sub,
                            },
                        );
                        loaded += 1;
                    }
                }
                None => bad += 1,
            }
        }
        (loaded, bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sts_values() {
        assert_eq!(parse_sts("max-age=31536000"), Some((31536000, false)));
        assert_eq!(
            parse_sts("max-age=\"600\"; includeSubDomains"),
            Some((600, true))
        );
        assert_eq!(parse_sts("includeSubDomains; max-age=0"), Some((0, true)));
        assert_eq!(parse_sts("MAX-AGE=5; preload; foo=bar"), Some((5, false)));
        assert_eq!(parse_sts("includeSubDomains"), None);
        assert_eq!(parse_sts("max-age=5; max-age=6"), None);
        assert_eq!(parse_sts("max-age=-1"), None);
        assert_eq!(parse_sts("max-age="), None);
        assert_eq!(parse_sts("max-age=5; includeSubDomains=1"), None);
        assert_eq!(
            parse_sts("max-age=99999999999999999999999"),
            Some((u64::MAX, false))
        );
    }

    #[test]
    fn cache_rules() {
        let mut h = Hsts::default();
        let now = 1_800_000_000;
        assert_eq!(h.on_header("Example.COM.", "max-age=100", now), Some(false));
        assert!(h.is_known("example.com", now));
        assert!(!h.is_known("a.example.com", now));
        // Renewed with the same policy: no change for the handles.
        assert_eq!(h.on_header("example.com", "max-age=200", now), None);
        assert_eq!(
            h.on_header("example.com", "max-age=200; includeSubDomains", now),
            Some(false)
        );
        assert!(h.is_known("a.b.example.com", now));
        assert!(!h.is_known("example.com", now + 1000));
        assert_eq!(h.on_header("127.0.0.1", "max-age=100", now), None);
        assert_eq!(h.on_header("::1", "max-age=100", now), None);
        assert_eq!(h.on_header("example.com", "max-age=0", now), Some(true));
        assert!(!h.is_known("example.com", now));
        assert_eq!(h.on_header("example.com", "bogus", now), None);
    }

    #[test]
    fn file_round_trip_and_bad_lines() {
        let now = 1_800_000_000;
        let mut h = Hsts::default();
        h.on_header("a.test", "max-age=1000; includeSubDomains", now);
        h.on_header("b.test", "max-age=1000", now);
        let text = h.to_file_text(now);
        let mut g = Hsts::default();
        assert_eq!(g.load_file_text(&text, now), (2, 0));
        assert!(g.is_known("x.a.test", now) && g.is_known("b.test", now));
        assert!(!g.is_known("x.b.test", now));
        let junk = "b.test \"20991231 23:59:59\"\nnonsense\n\u{0}\u{1}\nc.test \"2099\"\nd.test \"unlimited\"\ne.test \"19990101 00:00:00\"\n";
        let mut k = Hsts::default();
        assert_eq!(k.load_file_text(junk, now), (2, 3));
        assert!(k.is_known("d.test", now) && !k.is_known("e.test", now));
    }
}
