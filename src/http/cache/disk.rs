//! The cache's file: `DIR/nethttp-cache.bin`, rewritten whole by each flush.
//!
//! Layout (integers little-endian):
//! - 16 bytes magic `NETHTTP-CACHE-1\n`
//! - u64 number of entries, then per entry, least recently used first:
//!   u32 length + JSON metadata (URL, status line, header fields, HTTP version, and the
//!   http-cache-semantics policy: request fields named by `Vary`, response time), then
//!   u64 length + the body bytes
//! - u32 CRC-32 of everything before it.
//!
//! A flush writes `DIR/nethttp-cache.bin.tmp-<pid>`, fsyncs it, renames it over the file and
//! fsyncs the directory: a crash at any point leaves the previous file whole. A file that
//! is truncated, corrupt (CRC, lengths, JSON) or of another version is discarded.

use super::store::Entry;
use crate::http::response::HeaderBlock;
use http_cache_semantics::CachePolicy;
use serde::{Deserialize, Serialize};
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub const FILE_NAME: &str = "nethttp-cache.bin";
const MAGIC: &[u8; 16] = b"NETHTTP-CACHE-1\n";

#[derive(Serialize)]
struct MetaOut<'a> {
    url: &'a str,
    status_line: &'a str,
    fields: Vec<(&'a str, &'a str)>,
    http_version: &'a str,
    policy: &'a CachePolicy,
}

#[derive(Deserialize)]
struct MetaIn {
    url: String,
    status_line: String,
    fields: Vec<(String, String)>,
    http_version: String,
    policy: CachePolicy,
}

pub fn path(dir: &Path) -> PathBuf {
    dir.join(FILE_NAME)
}

/// Serializes entries (in the given order) into the file format.
pub fn encode(entries: &[Arc<Entry>]) -> Vec<u8> {
    // An entry that cannot be serialized (it never happens with valid headers) is left out.
    let metas: Vec<(Vec<u8>, &Entry)> = entries
        .iter()
        .filter_map(|e| {
            let m = serde_json::to_vec(&MetaOut {
                url: &e.url,
                status_line: e.head.status_line(),
                fields: e.head.fields().collect(),
                http_version: &e.http_version,
                policy: &e.policy,
            });
            m.ok().map(|m| (m, &**e))
        })
        .collect();
    let size: usize = metas
        .iter()
        .map(|(m, e)| m.len() + e.body.len() + 12)
        .sum::<usize>()
        + MAGIC.len()
        + 12;
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(metas.len() as u64).to_le_bytes());
    for (m, e) in &metas {
        out.extend_from_slice(&(m.len() as u32).to_le_bytes());
        out.extend_from_slice(m);
        out.extend_from_slice(&(e.body.len() as u64).to_le_bytes());
        out.extend_from_slice(&e.body);
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: u64) -> Result<&'a [u8], String> {
        if n > self.buf.len() as u64 {
            return Err("truncated".into());
        }
        let (a, b) = self.buf.split_at(n as usize);
        self.buf = b;
        Ok(a)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

/// Parses the file format; any inconsistency is an error (the caller discards the file).
pub fn decode(bytes: &[u8]) -> Result<Vec<Entry>, String> {
    if bytes.len() < MAGIC.len() + 12 {
        return Err("truncated".into());
    }
    if &bytes[..MAGIC.len()] != MAGIC {
        return Err("not a nethttp cache file of this version".into());
    }
    let (content, crc) = bytes.split_at(bytes.len() - 4);
    let crc = u32::from_le_bytes([crc[0], crc[1], crc[2], crc[3]]);
    if crc32fast::hash(content) != crc {
        return Err("checksum mismatch".into());
    }
    let mut r = Reader {
        buf: &content[MAGIC.len()..],
    };
    let count = r.u64()?;
    let mut entries = Vec::new();
    for _ in 0..count {
        let mlen = r.u32()?;
        let meta: MetaIn =
            serde_json::from_slice(r.take(mlen.into())?).map_err(|e| e.to_string())?;
        let blen = r.u64()?;
        let body: Arc<[u8]> = r.take(blen)?.into();
        let head = HeaderBlock::from_parts(
            &meta.status_line,
            meta.fields.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        );
        entries.push(Entry::new(
            meta.url,
            head,
            body,
            meta.http_version,
            meta.policy,
        ));
    }
    if !r.buf.is_empty() {
        return Err("trailing bytes".into());
    }
    Ok(entries)
}

/// What loading found.
pub enum Loaded {
    Missing,
    Entries(Vec<Entry>),
    /// Unreadable, corrupt or of another version (the file should be removed).
    Corrupt,
}

/// Reads the cache file of `dir`. Files far larger than the cache could ever write are
/// refused unread.
pub fn load(dir: &Path, capacity: u64) -> Loaded {
    let p = path(dir);
    let meta = match fs::metadata(&p) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Loaded::Missing,
        Err(_) => return Loaded::Corrupt,
    };
    if meta.len() > capacity.saturating_mul(4).saturating_add(64 << 20) {
        return Loaded::Corrupt;
    }
    match fs::read(&p) {
        Ok(bytes) => match decode(&bytes) {
            Ok(v) => Loaded::Entries(v),
            Err(_) => Loaded::Corrupt,
        },
        Err(_) => Loaded::Corrupt,
    }
}

/// Test hook (debug builds only): `NETHTTP_TEST_ABORT_IN=cache-flush` aborts the process
/// half-way through writing the temporary file, to prove a crashed flush keeps the old one.
#[cfg(debug_assertions)]
fn test_abort(bytes: &[u8], f: &mut File) {
    use std::io::Write;
    if std::env::var("NETHTTP_TEST_ABORT_IN").is_ok_and(|v| v == "cache-flush") {
        let _ = f.write_all(&bytes[..bytes.len() / 2]);
        let _ = f.sync_all();
        std::process::abort();
    }
}
#[cfg(not(debug_assertions))]
fn test_abort(_: &[u8], _: &mut File) {}

/// Replaces the file of `dir` with `bytes` atomically (temporary file, fsync, rename,
/// fsync of the directory).
pub fn write_atomic(dir: &Path, bytes: &[u8]) -> io::Result<()> {
    crate::core::file::write_atomic_with(&path(dir), bytes, test_abort)
}

/// Removes the cache file of `dir` and this process's temporary file (missing is fine).
pub fn remove(dir: &Path) -> io::Result<()> {
    let _ = fs::remove_file(crate::core::file::temp_path(&path(dir)));
    match fs::remove_file(path(dir)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(url: &str, body: &[u8]) -> Arc<Entry> {
        let req = http::Request::get(url)
            .header("accept-language", "fr")
            .body(())
            .unwrap();
        let res = http::Response::builder()
            .status(200)
            .header("cache-control", "max-age=60")
            .header("vary", "accept-language")
            .body(())
            .unwrap();
        let mut head = HeaderBlock::default();
        head.push_line(b"HTTP/1.1 200 OK\r\n");
        head.push_line(b"Cache-Control: max-age=60\r\n");
        head.push_line(b"Vary: Accept-Language\r\n");
        head.end_block();
        Arc::new(Entry::new(
            url.into(),
            head,
            body.into(),
            "2".into(),
            CachePolicy::new(&req, &res),
        ))
    }

    #[test]
    fn round_trip() {
        let bin: Vec<u8> = (0..=255u8).collect();
        let v = vec![entry("http://h/a", b"hello"), entry("http://h/b", &bin)];
        let bytes = encode(&v);
        let back = decode(&bytes).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].url, "http://h/a");
        assert_eq!(&*back[0].body, b"hello");
        assert_eq!(&*back[1].body, &bin[..]);
        assert!(back[1].head.fields().eq(v[1].head.fields()));
        assert_eq!(back[1].http_version, "2");
        assert_eq!(back[1].size, v[1].size);
        // The policy survives: same Vary matching and freshness.
        let now = std::time::SystemTime::now();
        assert!(!back[0].policy.is_stale(now));
        let fr = http::Request::get("http://h/a")
            .header("accept-language", "fr")
            .body(())
            .unwrap();
        let en = http::Request::get("http://h/a")
            .header("accept-language", "en")
            .body(())
            .unwrap();
        use http_cache_semantics::BeforeRequest;
        assert!(matches!(
            back[0].policy.before_request(&fr, now),
            BeforeRequest::Fresh(_)
        ));
        assert!(matches!(
            back[0].policy.before_request(&en, now),
            BeforeRequest::Stale { matches: false, .. }
        ));
        assert_eq!(decode(&encode(&[])).unwrap().len(), 0);
    }

    #[test]
    fn corrupt_and_truncated_are_refused() {
        let bytes = encode(&[entry("http://h/a", b"hello world")]);
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_err(), "truncated at {n}");
        }
        for i in [0, 20, bytes.len() / 2, bytes.len() - 1] {
            let mut b = bytes.clone();
            b[i] ^= 0x40;
            assert!(decode(&b).is_err(), "flipped byte {i}");
        }
        assert!(decode(b"garbage").is_err());
        // A valid checksum over inconsistent lengths is still refused.
        let mut b = bytes[..bytes.len() - 4].to_vec();
        b[16] = 9; // entry count
        let crc = crc32fast::hash(&b);
        b.extend_from_slice(&crc.to_le_bytes());
        assert!(decode(&b).is_err());
    }
}
