//! The `SameSite` attribute of the jar's cookies. libcurl's cookie engine and its Netscape
//! file have no place for it, so nethttp keeps it beside them: noted from each `Set-Cookie`
//! a response sends (any hop), saved in the jar file as comment lines that curl ignores
//! (`#nethttp-samesite<TAB>domain<TAB>path<TAB>name<TAB>Strict|Lax|None`), reloaded on open,
//! and reported by `nethttp_store_cookies_json`. A client that is not a browser has no
//! "site" to compare, so it is kept, not enforced.

use std::collections::HashMap;

/// A cookie's identity in the jar (RFC 6265 §5.3 step 11): domain (lowercase, without a
/// leading dot), path, name.
pub type Key = (String, String, String);

/// The comment prefix of the lines in the jar file.
pub const LINE_PREFIX: &str = "#nethttp-samesite\t";

/// At most this many attributes are kept (a jar of libcurl's holds far fewer cookies).
const MAX: usize = 20_000;

#[derive(Default)]
pub struct SameSites {
    map: HashMap<Key, &'static str>,
}

fn canonical(v: &str) -> Option<&'static str> {
    match v.trim().to_ascii_lowercase().as_str() {
        "strict" => Some("Strict"),
        "lax" => Some("Lax"),
        "none" => Some("None"),
        _ => None,
    }
}

/// RFC 6265 §5.1.4: the directory of the request path.
fn default_path(req_path: &str) -> String {
    if !req_path.starts_with('/') {
        return "/".into();
    }
    match req_path.rfind('/') {
        Some(0) | None => "/".into(),
        Some(i) => req_path[..i].to_string(),
    }
}

/// The key and the SameSite value (None: absent or unknown) of one `Set-Cookie` value
/// received from `host` for a request to `req_path`.
pub fn parse_set_cookie(
    value: &str,
    host: &str,
    req_path: &str,
) -> Option<(Key, Option<&'static str>)> {
    let mut parts = value.split(';');
    let (name, _) = parts.next()?.split_once('=')?;
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    let mut domain = host.trim_end_matches('.').to_ascii_lowercase();
    let mut path = default_path(req_path);
    let mut same = None;
    for a in parts {
        let (k, v) = a.split_once('=').unwrap_or((a, ""));
        let (k, v) = (k.trim(), v.trim());
        if k.eq_ignore_ascii_case("domain") && !v.is_empty() {
            domain = v
                .trim_start_matches('.')
                .trim_end_matches('.')
                .to_ascii_lowercase();
        } else if k.eq_ignore_ascii_case("path") && v.starts_with('/') {
            path = v.to_string();
        } else if k.eq_ignore_ascii_case("samesite") {
            same = canonical(v);
        }
    }
    Some(((domain, path, name.to_string()), same))
}

impl SameSites {
    /// Notes a `Set-Cookie` value (a cookie set again without SameSite loses it).
    pub fn note(&mut self, value: &str, host: &str, req_path: &str) {
        if let Some((k, v)) = parse_set_cookie(value, host, req_path) {
            match v {
                Some(v) if self.map.len() < MAX || self.map.contains_key(&k) => {
                    self.map.insert(k, v);
                }
                Some(_) => {}
                None => {
                    self.map.remove(&k);
                }
            }
        }
    }

    pub fn get(&self, k: &Key) -> Option<&'static str> {
        self.map.get(k).copied()
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }

    /// Keeps only the attributes of cookies the jar still has.
    pub fn retain(&mut self, live: &std::collections::HashSet<Key>) {
        self.map.retain(|k, _| live.contains(k));
    }

    /// Reads one line of the jar file: true when it was one of ours (well-formed or not).
    pub fn load_line(&mut self, line: &str) -> bool {
        let Some(rest) = line.strip_prefix(LINE_PREFIX) else {
            return false;
        };
        let f: Vec<&str> = rest.trim_end_matches(['\r', '\n']).split('\t').collect();
        if let [d, p, n, v] = f[..] {
            if let Some(v) = canonical(v) {
                if self.map.len() < MAX {
                    self.map
                        .insert((d.to_ascii_lowercase(), p.to_string(), n.to_string()), v);
                }
            }
        }
        true
    }

    /// The lines for the jar file.
    pub fn lines(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .map
            .iter()
            .map(|((d, p, n), s)| format!("{LINE_PREFIX}{d}\t{p}\t{n}\t{s}"))
            .collect();
        v.sort();
        v
    }
}

/// One cookie of the jar (a line of libcurl's Netscape cookie list) as JSON, with its
/// SameSite from `same`.
pub fn cookie_json(line: &str, same: &SameSites) -> Option<(Key, serde_json::Value)> {
    let (http_only, line) = match line.strip_prefix("#HttpOnly_") {
        Some(l) => (true, l),
        None => (false, line),
    };
    let f: Vec<&str> = line.split('\t').collect();
    let [domain, tail, path, secure, expires, name, value] = f[..] else {
        return None;
    };
    let d = domain.trim_start_matches('.').to_ascii_lowercase();
    let key = (d.clone(), path.to_string(), name.to_string());
    let j = serde_json::json!({
        "name": name,
        "value": value,
        "domain": d,
        "hostOnly": tail != "TRUE",
        "path": path,
        "secure": secure == "TRUE",
        "httpOnly": http_only,
        "expires": expires.parse::<i64>().unwrap_or(0),
        "sameSite": same.get(&key),
    });
    Some((key, j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_cookie_keys() {
        let (k, s) = parse_set_cookie(
            "sid=1; Path=/app; SameSite=strict; HttpOnly",
            "Example.COM",
            "/x/y",
        )
        .unwrap();
        assert_eq!(k, ("example.com".into(), "/app".into(), "sid".into()));
        assert_eq!(s, Some("Strict"));
        let (k, s) =
            parse_set_cookie("a=b; Domain=.Example.com", "www.example.com", "/x/y").unwrap();
        assert_eq!(k, ("example.com".into(), "/x".into(), "a".into()));
        assert_eq!(s, None);
        assert_eq!(
            parse_set_cookie("a=b; SameSite=Bogus", "h", "/").unwrap().1,
            None
        );
        assert_eq!(parse_set_cookie("a=b", "h", "/").unwrap().0 .1, "/");
        assert!(parse_set_cookie("novalue", "h", "/").is_none());
        assert!(parse_set_cookie("=v", "h", "/").is_none());
    }

    #[test]
    fn note_load_lines() {
        let mut s = SameSites::default();
        s.note("a=1; SameSite=Lax; Path=/", "h.test", "/");
        s.note("b=1; SameSite=None; Secure; Path=/", "h.test", "/");
        s.note("b=2; Path=/", "h.test", "/"); // set again without: gone
        let lines = s.lines();
        assert_eq!(lines, vec![format!("{LINE_PREFIX}h.test\t/\ta\tLax")]);
        let mut t = SameSites::default();
        assert!(t.load_line(&lines[0]));
        assert!(t.load_line("#nethttp-samesite\tbroken"));
        assert!(!t.load_line("h.test\tFALSE\t/\tFALSE\t0\ta\t1"));
        let (k, j) = cookie_json("#HttpOnly_h.test\tFALSE\t/\tTRUE\t0\ta\t1", &t).unwrap();
        assert_eq!(k.2, "a");
        assert_eq!(j["sameSite"], "Lax");
        assert_eq!(j["httpOnly"], true);
        assert_eq!(j["secure"], true);
        assert_eq!(j["hostOnly"], true);
        assert!(cookie_json("garbage", &t).is_none());
    }
}
