//! Fuzzing on the stable toolchain: the parsers that read untrusted bytes, driven by
//! generated inputs (proptest). Each target must return (an answer or an error) and never
//! panic, loop or allocate without bound. `cargo test` runs a bounded number of cases per
//! target (NETHTTP_FUZZ_CASES, default 256); a longer run, e.g.
//! `NETHTTP_FUZZ_CASES=100000 cargo test --release --lib fuzz`, is documented in the README.
//! A failing case is shrunk by proptest, saved under `proptest-regressions/` (replayed
//! first by every later run) and must become a regression test next to the code it fixed.
//!
//! Targets: response header blocks (arbitrary lines; lines shaped as libcurl delivers them,
//! ended and taken as a transfer does, lazy scan against full parse), options JSON (values
//! and text), URLs (`setup::prepare`, `CurlUrl`), multipart form parts (JSON through to
//! libcurl's form), content decoding (arbitrary and damaged streams of every encoding,
//! bounded output), the cache file (arbitrary, damaged, and damaged behind a valid CRC),
//! WebSocket frames from a server (arbitrary bytes and frame sequences, with and without
//! permessage-deflate, fed in pieces) and WebSocket options JSON.

use crate::core::curl::url::CurlUrl;
use crate::http::cache::disk;
use crate::http::cache::store::{Entry, Store};
use crate::http::decode::BodyDecoder;
use crate::http::options::RequestOptions;
use crate::http::response::HeaderBlock;
use crate::http::setup;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Cases per target: `NETHTTP_FUZZ_CASES`, 256 by default (a debug `cargo test` stays
/// short). Failures persist under `proptest-regressions/` (proptest's default place).
fn config() -> ProptestConfig {
    let cases = std::env::var("NETHTTP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Largest decoded chunk a decoder hands on (decode.rs's CHUNK).
const DECODE_CHUNK: usize = 16 * 1024;

// ---- header blocks ----

/// Header lines as a server might send them: mostly well-formed, with odd bytes mixed in
/// (bare CR/LF, folded lines, NUL, invalid UTF-8, huge values).
fn header_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => proptest::collection::vec(any::<u8>(), 0..200),
        4 => "(HTTP/1\\.[01]|HTTP/2|HTTP/3|HTTP/) ?[0-9]{0,4}( [ -~]{0,20})?(\\r\\n|\\n|\\r|)"
            .prop_map(String::into_bytes),
        8 => "(Content-Type|Content-Length|content-encoding|Location|Set-Cookie|set-COOKIE|X-[a-z]{1,5})[ \t]?:[ -~\\t\\r]{0,60}(\\r\\n|\\n|\\r\\r\\n|)"
            .prop_map(String::into_bytes),
        2 => "[ \\t\\x0b\\x0c][ -~]{0,30}(\\r\\n|\\n)".prop_map(String::into_bytes),
        1 => (proptest::sample::select(vec!["Location", "X-Big", "Content-Type"]), 1usize..80_000, any::<u8>())
            .prop_map(|(n, len, fill)| {
                let mut l = format!("{n}: ").into_bytes();
                l.resize(l.len() + len, fill);
                l.extend_from_slice(b"\r\n");
                l
            }),
        1 => Just(b"\r\n".to_vec()),
        1 => Just(b"\n".to_vec()),
    ]
}

/// A line as libcurl hands it to the header callback: exactly one LF, at the end.
fn libcurl_line() -> impl Strategy<Value = Vec<u8>> {
    header_line().prop_map(|l| {
        let mut l: Vec<u8> = l.into_iter().filter(|&b| b != b'\n').collect();
        l.push(b'\n');
        l
    })
}

/// What a transfer reads of a block without parsing it.
fn scanned(b: &HeaderBlock) -> (u32, String, Vec<Option<String>>, usize) {
    let known = [
        "content-type",
        "content-length",
        "content-encoding",
        "location",
    ]
    .iter()
    .map(|k| b.get(k).map(str::to_string))
    .collect();
    (
        b.status(),
        b.status_line().to_string(),
        known,
        b.cookie_field_count(),
    )
}

/// Everything a parsed block says.
fn parsed(b: &HeaderBlock) -> (String, Vec<(String, String)>, Map) {
    let mut b = b.parsed_copy();
    b.ensure_parsed();
    let fields = b
        .fields()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let text = b.to_json_text_nul();
    assert!(text.ends_with('\0'));
    (b.status_line().to_string(), fields, b.to_json())
}
type Map = serde_json::Map<String, Value>;

/// One header-callback call as the transfer (src/http/transfer) handles it: status and
/// field lines are pushed, an empty line ends a block (lazily unless `eager`, trailers
/// always parsed), and Set-Cookie fields are read at once.
fn on_header(head: &mut HeaderBlock, data: &[u8], eager: bool) {
    if data.starts_with(b"HTTP/") || (data != b"\r\n" && data != b"\n") {
        head.push_line(data);
        return;
    }
    if !head.pending_starts_block() {
        head.ensure_parsed();
        let _ = head.field_count();
        head.end_block();
    } else if eager {
        head.end_block();
    } else {
        head.end_block_lazy();
    }
    if head.cookie_field_count() > 0 {
        head.ensure_parsed();
        let _ = head.fields().filter(|(n, _)| *n == "set-cookie").count();
    }
}

// ---- options ----

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-3i64..70000).prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
        "[ -~]{0,20}".prop_map(Value::String),
    ]
}

/// JSON values shaped like options objects: known keys with values of any type.
fn options_json() -> impl Strategy<Value = Value> {
    let value = json_leaf().prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("name".to_string()),
                    Just("contentType".to_string()),
                    Just("data".to_string()),
                    Just("filePath".to_string()),
                    Just("host".to_string()),
                    Just("port".to_string()),
                    Just("tlsVersionMin".to_string()),
                    Just("certPath".to_string()),
                    Just("stallTimeout".to_string()),
                    Just("maxRecvSpeed".to_string()),
                    ".{0,8}".prop_map(|s| s),
                ],
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    let keys = proptest::sample::select(vec![
        "method",
        "extraData",
        "expectDataType",
        "header",
        "readTimeout",
        "connectTimeout",
        "usingProtocol",
        "usingProxy",
        "caPath",
        "caData",
        "resumeFrom",
        "resumeTo",
        "clientCert",
        "certificatePinning",
        "tlsOptions",
        "serverAuthentication",
        "addressFamily",
        "dnsOverHttps",
        "dnsServers",
        "maxLimit",
        "multiFormDataList",
        "remoteValidation",
        "priority",
        "usingCache",
        "maxRedirects",
        "nethttp",
    ]);
    proptest::collection::btree_map(keys, value, 0..6)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

/// A string field of a form part: usually plausible, sometimes with CR, LF, NUL or
/// arbitrary characters.
fn part_text() -> impl Strategy<Value = Value> {
    prop_oneof![
        10 => "[a-zA-Z0-9_./-]{0,16}".prop_map(Value::String),
        2 => ".{0,24}".prop_map(Value::String),
        1 => "[a-z]{0,4}[\\r\\n\\x00\"][a-z]{0,4}".prop_map(Value::String),
        1 => json_leaf(),
    ]
}

/// One `multiFormDataList` item; `filePath` names an existing file, a missing one, or
/// arbitrary text under a directory that does not exist (never a device or a FIFO).
fn form_part(file: String) -> impl Strategy<Value = Value> {
    let path = prop_oneof![
        Just(Value::String(file)),
        Just(Value::String("/nonexistent-nethttp-fuzz/x".into())),
        ".{0,20}".prop_map(|s| Value::String(format!("/nonexistent-nethttp-fuzz/{s}"))),
        Just(Value::String(String::new())),
        json_leaf(),
    ];
    let data = prop_oneof![
        ".{0,40}".prop_map(Value::String),
        Just(Value::String(String::new())),
        Just(json!({"a": [1, "x"]})),
        json_leaf(),
    ];
    (
        proptest::option::weighted(0.97, part_text()),
        proptest::option::of(part_text()),
        proptest::option::of(part_text()),
        proptest::option::weighted(0.7, data),
        proptest::option::weighted(0.6, path),
        proptest::option::weighted(0.03, (".{1,8}", json_leaf())),
    )
        .prop_map(|(name, ct, remote, data, path, extra)| {
            let mut m = serde_json::Map::new();
            for (k, v) in [
                ("name", name),
                ("contentType", ct),
                ("remoteFileName", remote),
                ("data", data),
                ("filePath", path),
            ] {
                if let Some(v) = v {
                    m.insert(k.into(), v);
                }
            }
            if let Some((k, v)) = extra {
                m.insert(k, v);
            }
            Value::Object(m)
        })
}

/// An easy handle's callbacks for options applied but never performed.
struct NoTransfer;
impl curl::easy::Handler for NoTransfer {}

/// A small file for `filePath` parts, made once.
fn form_file() -> String {
    static PATH: once_cell::sync::Lazy<String> = once_cell::sync::Lazy::new(|| {
        let p = std::env::temp_dir().join(format!("nethttp-fuzz-part-{}", std::process::id()));
        std::fs::write(&p, b"part file\n").unwrap();
        p.to_string_lossy().into_owned()
    });
    PATH.clone()
}

// ---- content decoding ----

/// Feeds `input` through a decoder in `chunk`-sized pieces, the sink stopping it after
/// `cap` output bytes (as maxLimit does). Returns the bytes produced (None: refused
/// header), after checking the chunk size and that nothing came after the sink said stop.
fn decode_bounded(enc: &str, input: &[u8], chunk: usize, cap: usize) -> Option<Vec<u8>> {
    let mut d = BodyDecoder::for_header(enc).ok()??;
    let mut out = Vec::new();
    let mut stopped = false;
    for piece in input.chunks(chunk.max(1)) {
        let mut sink = |c: &[u8]| {
            assert!(!stopped, "output after the sink stopped");
            assert!(
                !c.is_empty() && c.len() <= DECODE_CHUNK,
                "a decoded chunk of {} bytes",
                c.len()
            );
            out.extend_from_slice(c);
            stopped = out.len() >= cap;
            !stopped
        };
        match d.feed(piece, &mut sink) {
            Ok(true) => assert!(!stopped, "feed went on after the sink stopped"),
            Ok(false) => {
                assert!(stopped, "feed stopped without the sink");
                break;
            }
            Err(e) => {
                assert!(!e.message.is_empty());
                break;
            }
        }
    }
    if !stopped {
        let _ = d.finish();
    }
    assert!(
        out.len() < cap + DECODE_CHUNK,
        "{} bytes past a limit of {cap}",
        out.len()
    );
    Some(out)
}

fn compress(enc: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    match enc {
        "gzip" => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "deflate" => {
            let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "raw-deflate" => {
            let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        "br" => {
            let mut out = Vec::new();
            {
                let mut w = brotli::CompressorWriter::new(&mut out, 4096, 3, 20);
                w.write_all(data).unwrap();
            }
            out
        }
        "zstd" => zstd::stream::encode_all(data, 1).unwrap(),
        other => unreachable!("{other}"),
    }
}

/// (Content-Encoding, encodings applied in order) of the streams damaged below.
const STACKS: &[(&str, &[&str])] = &[
    ("gzip", &["gzip"]),
    ("deflate", &["deflate"]),
    ("deflate", &["raw-deflate"]),
    ("br", &["br"]),
    ("zstd", &["zstd"]),
    ("gzip, br", &["gzip", "br"]),
    ("deflate, zstd", &["deflate", "zstd"]),
    ("zstd, gzip, deflate", &["zstd", "gzip", "deflate"]),
];

/// Plain bodies: random, repetitive (compresses well), or long runs (a small bomb).
fn plain_body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..3000),
        (proptest::collection::vec(any::<u8>(), 1..16), 0usize..2000).prop_map(|(p, n)| p
            .iter()
            .copied()
            .cycle()
            .take(n * p.len())
            .collect()),
        (any::<u8>(), 0usize..300_000).prop_map(|(b, n)| vec![b; n]),
    ]
}

// ---- the cache file ----

/// A valid cache file with two entries, made through the cache's own encoder.
fn sample_entries() -> Vec<std::sync::Arc<Entry>> {
    use http_cache_semantics::CachePolicy;
    use std::sync::Arc;
    let mut entries = Vec::new();
    for (i, url) in ["http://a.test/x", "https://b.test/y?z"].iter().enumerate() {
        let req = http::Request::get(*url)
            .header("accept-language", "fr")
            .body(())
            .unwrap();
        let res = http::Response::builder()
            .status(200)
            .header("cache-control", "max-age=600, stale-while-revalidate=30")
            .header("etag", "\"v1\"")
            .header("last-modified", "Tue, 15 Nov 1994 08:12:31 GMT")
            .header("vary", "accept-language")
            .header("age", "5")
            .body(())
            .unwrap();
        let head = HeaderBlock::from_lines(&[
            "HTTP/1.1 200 OK",
            "Content-Type: text/plain",
            "Cache-Control: max-age=600, stale-while-revalidate=30",
            "ETag: \"v1\"",
            "Vary: Accept-Language",
        ]);
        entries.push(Arc::new(Entry::new(
            url.to_string(),
            head,
            vec![b'x'; 10 + i].into(),
            "1.1".into(),
            CachePolicy::new(&req, &res),
        )));
    }
    entries
}

fn sample_cache_file() -> Vec<u8> {
    disk::encode(&sample_entries())
}

/// The file format with the given (metadata, body) records and a valid CRC.
fn cache_file(records: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut out = b"NETHTTP-CACHE-1\n".to_vec();
    out.extend_from_slice(&(records.len() as u64).to_le_bytes());
    for (m, b) in records {
        out.extend_from_slice(&(m.len() as u32).to_le_bytes());
        out.extend_from_slice(m);
        out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        out.extend_from_slice(b);
    }
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// The metadata records of the sample file, as JSON values.
fn sample_metas() -> Vec<Value> {
    let f = sample_cache_file();
    let mut at = 24;
    let mut metas = Vec::new();
    while at + 4 < f.len() - 4 {
        let n = u32::from_le_bytes(f[at..at + 4].try_into().unwrap()) as usize;
        metas.push(serde_json::from_slice(&f[at + 4..at + 4 + n]).unwrap());
        at += 4 + n;
        let b = u64::from_le_bytes(f[at..at + 8].try_into().unwrap()) as usize;
        at += 8 + b;
    }
    metas
}

/// A replacement for a metadata leaf: of the leaf's own type (a number of any size and
/// sign, other text, the other boolean) or, with `other`, any JSON value.
#[derive(Debug, Clone)]
struct LeafEdit {
    other: Option<Value>,
    number: i128,
    shift: u32,
    text: String,
}

fn leaf_edit() -> impl Strategy<Value = LeafEdit> {
    (
        proptest::option::weighted(0.2, json_leaf()),
        any::<i128>(),
        0u32..128,
        prop_oneof![".{0,30}", "[ -~]{0,12}", Just(String::new())],
    )
        .prop_map(|(other, number, shift, text)| LeafEdit {
            other,
            number,
            shift,
            text,
        })
}

/// Replaces leaf number `*n` (depth first) of `v` as `edit` says.
fn replace_leaf(v: &mut Value, n: &mut usize, edit: &LeafEdit) -> bool {
    match v {
        Value::Array(a) => a.iter_mut().any(|x| replace_leaf(x, n, edit)),
        Value::Object(m) => m.values_mut().any(|x| replace_leaf(x, n, edit)),
        leaf => {
            if *n > 0 {
                *n -= 1;
                return false;
            }
            let x = edit.number >> edit.shift;
            *leaf = match (&edit.other, &*leaf) {
                (Some(o), _) => o.clone(),
                (None, Value::Number(old)) if old.is_f64() => json!(x as f64 / 7.0),
                (None, Value::Number(_)) => match (u64::try_from(x), i64::try_from(x)) {
                    (Ok(u), _) => json!(u),
                    (_, Ok(i)) => json!(i),
                    _ => json!(x as f64),
                },
                (None, Value::String(_)) => Value::String(edit.text.clone()),
                (None, Value::Bool(b)) => Value::Bool(!b),
                (None, _) => Value::String(edit.text.clone()),
            };
            true
        }
    }
}

fn count_leaves(v: &Value) -> usize {
    match v {
        Value::Array(a) => a.iter().map(count_leaves).sum(),
        Value::Object(m) => m.values().map(count_leaves).sum(),
        _ => 1,
    }
}

/// What the cache does with loaded entries: store them (sizes), look them up (freshness,
/// Vary, age), serve them (header object).
fn use_entries(entries: Vec<Entry>) {
    let now = std::time::SystemTime::now();
    let mut store = Store::new(1 << 20);
    for e in entries {
        let _ = e.policy.is_stale(now);
        let _ = e.policy.age(now);
        let _ = e.policy.time_to_live(now);
        let _ = e.policy.is_storable();
        for url in [e.url.as_str(), "http://a.test/x"] {
            if let Ok(req) = http::Request::get(url)
                .header("accept-language", "fr")
                .body(())
            {
                let _ = e.policy.before_request(&req, now);
            }
        }
        let _ = e.head.to_json_text_nul();
        let _ = e.head.get("vary");
        store.insert(e, &[]);
    }
    let _ = store.entries_lru_first();
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary lines, ended once: the lazy scan reads what the full parse reads.
    #[test]
    fn header_blocks(lines in proptest::collection::vec(header_line(), 0..40)) {
        let mut lazy = HeaderBlock::default();
        let mut eager = HeaderBlock::default();
        for l in &lines {
            lazy.push_line(l);
            eager.push_line(l);
        }
        lazy.end_block_lazy();
        eager.end_block();
        prop_assert_eq!(scanned(&lazy), scanned(&eager));
        prop_assert_eq!(parsed(&lazy), parsed(&eager));
        lazy.ensure_parsed();
        prop_assert_eq!(lazy.field_count(), eager.field_count());
    }

    /// Lines as libcurl delivers them, handled as a transfer does (blocks of redirects and
    /// 1xx, trailers, the block taken for the response and parsed there), lazily and not.
    #[test]
    fn header_transfer(lines in proptest::collection::vec(
        prop_oneof![8 => libcurl_line(), 1 => Just(b"\r\n".to_vec()), 1 => Just(b"HTTP/1.1 200 OK\r\n".to_vec())],
        0..40,
    )) {
        let mut lazy = HeaderBlock::default();
        let mut eager = HeaderBlock::default();
        for l in &lines {
            on_header(&mut lazy, l, false);
            on_header(&mut eager, l, true);
            if l == b"\r\n" || l == b"\n" {
                prop_assert_eq!(scanned(&lazy), scanned(&eager));
            }
        }
        // The body starts: the block is ended (if it was not) and moved to the response.
        lazy.end_block_lazy();
        eager.end_block();
        prop_assert_eq!(scanned(&lazy), scanned(&eager));
        let lazy_taken = lazy.take_block();
        let eager_taken = eager.take_block();
        prop_assert_eq!(scanned(&lazy_taken), scanned(&eager_taken));
        prop_assert_eq!(parsed(&lazy_taken), parsed(&eager_taken));
    }

    #[test]
    fn options_from_json(v in options_json()) {
        match RequestOptions::from_json(&v.to_string()) {
            Ok(o) => {
                // Accepted options go on to a request's preparation.
                if let Err(e) = setup::prepare("http://h.test/p", &o) {
                    prop_assert_eq!(e.code, 401, "{}", e.message);
                }
            }
            Err(e) => {
                prop_assert_eq!(e.code, 401, "{}", e.message);
                prop_assert!(!e.message.is_empty());
            }
        }
    }

    #[test]
    fn options_from_text(text in prop_oneof![
        ".{0,200}",
        "[\\[\\]{}\":,0-9a-zA-Z ]{0,200}",
        (1usize..300).prop_map(|n| "[".repeat(n)),
        (1usize..300).prop_map(|n| format!("{{\"extraData\":{}1{}}}", "[".repeat(n), "]".repeat(n))),
    ]) {
        if let Err(e) = RequestOptions::from_json(&text) {
            prop_assert_eq!(e.code, 401);
            prop_assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn urls(url in prop_oneof![
        ".{0,80}",
        "(https?|HTTP|file|ws|ftp|[a-z]{1,6})://[ -~]{0,40}",
        "(https?://)?[a-z.]{1,12}(:[0-9]{1,6})?(/[ -~]{0,20})?",
        "https?://(\\[[0-9a-f:]{0,20}\\]|[0-9.]{1,16}|[^/?#]{0,20})(:[^/]{0,8})?/[\\x00-\\x7f]{0,20}",
    ]) {
        let o = RequestOptions::default();
        let controls = url.bytes().any(|b| b <= b' ' || b == 0x7f);
        match setup::prepare(&url, &o) {
            Ok(p) => {
                prop_assert!(!controls, "{:?} accepted", url);
                prop_assert!(!p.url.bytes().any(|b| b <= b' ' || b == 0x7f));
                let scheme = crate::core::curl::url::scheme_of(&p.url).unwrap_or("");
                prop_assert!(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"), "{}", p.url);
                if let Ok(u) = CurlUrl::parse(&p.url) {
                    let _ = (u.scheme(), u.host(), u.port(), u.url());
                    let _ = crate::core::curl::url::check_policy(&u);
                }
            }
            Err(e) => prop_assert!(e.code == 401 || e.code == 2_300_001, "{:?}", e),
        }
        // libcurl's parser on anything, and a redirect's Location resolved against a URL.
        if let Ok(u) = CurlUrl::parse(&url) {
            let _ = (u.scheme(), u.host(), u.port(), u.url());
        }
        let base = CurlUrl::parse("https://a.test:8443/d/p?q").unwrap();
        if base.set(&url).is_ok() {
            let _ = (base.scheme(), base.host(), base.port(), base.url());
            let _ = crate::core::curl::url::check_policy(&base);
        }
    }

    /// multiFormDataList from JSON, then the request's preparation and libcurl's form.
    #[test]
    fn multipart(
        parts in proptest::collection::vec(form_part(form_file()), 0..4),
        method in proptest::sample::select(vec!["POST", "PUT", "PATCH", "POST", "GET"]),
        ct in proptest::option::weighted(0.5, proptest::sample::select(vec!["multipart/form-data", "Multipart/Form-Data; boundary=x", "text/plain"])),
        extra in proptest::option::weighted(0.1, Just("x")),
        not_array in proptest::option::weighted(0.05, json_leaf()),
    ) {
        let mut o = serde_json::Map::new();
        o.insert("method".into(), json!(method));
        o.insert("multiFormDataList".into(), not_array.unwrap_or(Value::Array(parts)));
        if let Some(ct) = ct {
            o.insert("header".into(), json!({"Content-Type": ct}));
        }
        if let Some(x) = extra {
            o.insert("extraData".into(), json!(x));
        }
        let opts = match RequestOptions::from_json(&Value::Object(o).to_string()) {
            Ok(opts) => opts,
            Err(e) => {
                prop_assert_eq!(e.code, 401, "{}", e.message);
                return Ok(());
            }
        };
        for p in &opts.net.form {
            prop_assert!(!p.name.is_empty());
            for s in [Some(&p.name), p.content_type.as_ref(), p.remote_file_name.as_ref()].into_iter().flatten() {
                prop_assert!(!s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0), "{:?}", s);
            }
        }
        let url = "http://h.test/upload";
        match setup::prepare(url, &opts) {
            Ok(p) => {
                let mut easy = curl::easy::Easy2::new(NoTransfer);
                let body_len = p.body.as_ref().map(|b| b.len() as u64);
                if let Err(e) = setup::apply(&mut easy, &p.url, &opts, body_len) {
                    prop_assert!(e.code == 401 || e.code > 2_300_000, "{:?}", e);
                }
            }
            Err(e) => prop_assert_eq!(e.code, 401, "{}", e.message),
        }
    }

    #[test]
    fn decoding_arbitrary_bytes(
        enc in prop_oneof![
            proptest::sample::select(vec!["gzip", "x-gzip", "deflate", "br", "zstd", "gzip, br", "identity", "zstd, deflate", "br, br, br, br, br", "GZIP , Deflate"]).prop_map(str::to_string),
            "[a-z, ]{0,24}",
        ],
        input in proptest::collection::vec(any::<u8>(), 0..2048),
        chunk in 1usize..700,
        cap in 1usize..(1 << 20),
    ) {
        decode_bounded(&enc, &input, chunk, cap);
    }

    /// Valid streams of every encoding, cut and bit-flipped: decoded (the original when
    /// undamaged), refused, or stopped at the output limit.
    #[test]
    fn decoding_damaged(
        stack in proptest::sample::select(STACKS),
        data in plain_body(),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
        cut in proptest::option::of(any::<usize>()),
        chunk in prop_oneof![Just(1usize), 1usize..64, 64usize..5000, Just(usize::MAX)],
        cap in prop_oneof![Just(usize::MAX / 2), 1usize..(64 << 10)],
    ) {
        let (header, applied) = stack;
        let mut z = data.clone();
        for enc in applied {
            z = compress(enc, &z);
        }
        let whole = flips.is_empty() && cut.is_none();
        if let Some(cut) = cut {
            z.truncate(cut % (z.len() + 1));
        }
        for (i, x) in flips {
            if let Some(n) = z.len().checked_sub(1) {
                z[i % (n + 1)] ^= x;
            }
        }
        let out = decode_bounded(header, &z, chunk, cap).unwrap();
        if whole {
            let want = &data[..data.len().min(out.len())];
            prop_assert!(out.len() == data.len() || out.len() >= cap, "{} of {} bytes", out.len(), data.len());
            prop_assert!(out == want, "decoded bytes differ");
        }
    }

    #[test]
    fn cache_file_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(entries) = disk::decode(&bytes) {
            use_entries(entries);
        }
        // The same bytes behind the magic and a valid CRC reach the parser.
        let mut f = b"NETHTTP-CACHE-1\n".to_vec();
        f.extend_from_slice(&bytes);
        let crc = crc32fast::hash(&f);
        f.extend_from_slice(&crc.to_le_bytes());
        if let Ok(entries) = disk::decode(&f) {
            use_entries(entries);
        }
    }

    #[test]
    fn cache_file_damaged(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in any::<usize>(),
        fix_crc in any::<bool>(),
    ) {
        let mut b = sample_cache_file();
        let n = b.len() - 4;
        for (i, x) in flips {
            b[i % n] ^= x;
        }
        b.truncate(cut % (n + 1));
        if fix_crc {
            // A valid checksum over damaged content: lengths, JSON and policy are checked.
            let crc = crc32fast::hash(&b);
            b.extend_from_slice(&crc.to_le_bytes());
        } else if b.len() == n {
            b.extend_from_slice(&sample_cache_file()[n..]);
        }
        // Either refused or read back; never a panic or an allocation sized by a bad length.
        if let Ok(entries) = disk::decode(&b) {
            use_entries(entries);
        }
    }

    /// Metadata records with leaves replaced by arbitrary JSON (URLs, status lines,
    /// fields, the policy's times and directives), in a well-formed file.
    #[test]
    fn cache_file_metadata(
        edits in proptest::collection::vec((any::<usize>(), any::<usize>(), leaf_edit()), 1..4),
        bodies in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..64), 2),
    ) {
        let mut metas = sample_metas();
        for (which, leaf, new) in edits {
            let m = &mut metas[which % 2];
            let mut n = leaf % count_leaves(m).max(1);
            replace_leaf(m, &mut n, &new);
        }
        let records: Vec<(Vec<u8>, Vec<u8>)> = metas
            .iter()
            .zip(bodies)
            .map(|(m, b)| (m.to_string().into_bytes(), b))
            .collect();
        if let Ok(entries) = disk::decode(&cache_file(&records)) {
            use_entries(entries);
        }
    }
}

/// Length fields far beyond the file (behind a valid CRC) are refused before allocating.
#[test]
fn cache_file_huge_lengths() {
    let metas = sample_metas();
    let m = metas[0].to_string().into_bytes();
    let mut f = cache_file(&[(m.clone(), b"body".to_vec())]);
    f.truncate(f.len() - 4);
    let patch = |f: &[u8], at: usize, bytes: &[u8]| {
        let mut g = f.to_vec();
        g[at..at + bytes.len()].copy_from_slice(bytes);
        let crc = crc32fast::hash(&g);
        g.extend_from_slice(&crc.to_le_bytes());
        g
    };
    // entry count, metadata length, body length
    assert!(disk::decode(&patch(&f, 16, &u64::MAX.to_le_bytes())).is_err());
    assert!(disk::decode(&patch(&f, 24, &u32::MAX.to_le_bytes())).is_err());
    assert!(disk::decode(&patch(&f, 28 + m.len(), &u64::MAX.to_le_bytes())).is_err());
    let ok = patch(&f, 16, &1u64.to_le_bytes());
    assert_eq!(disk::decode(&ok).unwrap().len(), 1);
}

/// A server frame (unmasked) as bytes: FIN, RSV bits, opcode, payload.
fn ws_server_frame(fin: bool, rsv: u8, op: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![(u8::from(fin) << 7) | ((rsv & 7) << 4) | (op & 0xF)];
    let n = payload.len();
    if n < 126 {
        v.push(n as u8);
    } else if n <= 0xFFFF {
        v.push(126);
        v.extend_from_slice(&(n as u16).to_be_bytes());
    } else {
        v.push(127);
        v.extend_from_slice(&(n as u64).to_be_bytes());
    }
    v.extend_from_slice(payload);
    v
}

fn ws_frame() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        prop_oneof![8 => Just(0u8), 1 => 0u8..8],
        prop_oneof![
            Just(0u8),
            Just(1),
            Just(2),
            Just(8),
            Just(9),
            Just(10),
            0u8..16
        ],
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..40),
            "[a-zé€😀]{0,30}".prop_map(String::into_bytes),
            proptest::collection::vec(any::<u8>(), 120..300),
        ],
    )
        .prop_map(|(fin, rsv, op, p)| ws_server_frame(fin, rsv, op, &p))
}

/// Runs bytes from a "server" through a connection's protocol state, in pieces, and checks
/// what came out against the limits: no panic, messages within the size limit, text valid
/// UTF-8, at most one end, nothing after it, everything we write well-formed.
fn ws_feed(bytes: &[u8], step: usize, deflate: bool) {
    use crate::ws::proto::{Proto, Received};
    let params = deflate.then_some(crate::ws::deflate::Params {
        server_no_context_takeover: false,
        client_no_context_takeover: false,
        server_max_window_bits: 15,
        client_max_window_bits: 15,
    });
    let max = 4096;
    let mut p = Proto::new(max, params);
    let mut out = Vec::new();
    for c in bytes.chunks(step.max(1)) {
        p.feed(c, &mut out);
    }
    let mut ended = false;
    for r in &out {
        assert!(!ended, "events after the end: {out:?}");
        match r {
            Received::Message { text, data } => {
                assert!(data.len() <= max);
                if *text {
                    assert!(std::str::from_utf8(data).is_ok());
                }
            }
            Received::Pong => {}
            Received::Close { code, reason } => {
                ended = true;
                assert!(code.is_none_or(crate::ws::frame::valid_received_close_code));
                assert!(reason.len() <= 123);
            }
            Received::Fail(f) => {
                ended = true;
                assert!([1002, 1007, 1009].contains(&f.close_code));
            }
        }
    }
    // What we write back parses as masked client frames.
    let mut written = Vec::new();
    let mut done = Vec::new();
    loop {
        let o = p.out().to_vec();
        if o.is_empty() {
            break;
        }
        p.advance(o.len(), &mut done);
        written.extend(o);
    }
    let mut b = &written[..];
    while !b.is_empty() {
        let (h, n) = crate::ws::frame::parse_header(b)
            .expect("our frame header")
            .expect("a whole frame");
        assert!(h.masked && h.len <= 125 + 2);
        b = &b[n + h.len as usize..];
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn ws_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600), step in 1usize..64, deflate in any::<bool>()) {
        ws_feed(&bytes, step, deflate);
    }

    #[test]
    fn ws_frame_sequences(frames in proptest::collection::vec(ws_frame(), 0..12), step in 1usize..40, deflate in any::<bool>()) {
        ws_feed(&frames.concat(), step, deflate);
    }

    #[test]
    fn ws_options_from_text(text in prop_oneof![
        "\\{[\"a-zA-Z:0-9,\\[\\]{} ]{0,80}\\}",
        Just(r#"{"pingInterval":30,"pongTimeout":30,"protocol":"chat","header":{"A":"b"}}"#.to_string()),
    ]) {
        let _ = crate::ws::options::WsOptions::from_json(&text);
    }
}

/// One extra-options JSON value on the spec's keys (and a few that are not), with values of
/// every JSON type.
fn sock_options_json() -> impl Strategy<Value = Value> {
    let keys = prop_oneof![
        Just("receiveBufferSize"),
        Just("sendBufferSize"),
        Just("reuseAddress"),
        Just("socketTimeout"),
        Just("keepAlive"),
        Just("OOBInline"),
        Just("TCPNoDelay"),
        Just("socketLinger"),
        Just("tcpFastOpen"),
        Just("broadcast"),
        Just("readSize"),
        Just("sendQueueLimit"),
        Just("nope"),
    ];
    let linger = (any::<bool>(), any::<i64>())
        .prop_map(|(on, l)| serde_json::json!({"on": on, "linger": l}));
    let value = prop_oneof![json_leaf(), linger, (-2i64..100_000).prop_map(Value::from)];
    proptest::collection::vec((keys, value), 0..6)
        .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

proptest! {
    #![proptest_config(config())]

    /// Every kind takes or refuses any options object without panicking; what it takes is
    /// within the documented ranges and reads back as given.
    #[test]
    fn sock_options_from_json(v in sock_options_json(), kind in 1i32..=8) {
        use crate::sock::options::{nethttp_sock_option, SockOpts, MAX_READ_SIZE};
        let kind = crate::sock::Kind::from_i32(kind).expect("1..=8");
        let text = v.to_string();
        if let Ok((o, named)) = SockOpts::default().with_json(kind, &text) {
            prop_assert!(o.read_size >= 1 && o.read_size <= MAX_READ_SIZE);
            let obj = v.as_object().expect("an object");
            prop_assert!(named.len() <= obj.len());
            if let Some(Value::Number(n)) = obj.get("readSize") {
                prop_assert_eq!(o.get(nethttp_sock_option::NETHTTP_SOCK_OPT_READ_SIZE), n.as_i64().unwrap());
            }
        }
    }

    /// Addresses: any text is an IP literal of the right family or a parameter error.
    #[test]
    fn sock_addresses(text in prop_oneof![
        "[0-9a-fA-F:.%\\[\\]a-z]{0,60}",
        any::<String>(),
    ], port in any::<u16>(), family in -1i32..4) {
        use crate::sock::addr::*;
        match parse_ip(&text, port, family) {
            Ok(sa) => {
                prop_assert_eq!(sa.port(), port);
                prop_assert!(family == 0 || (family == 1) == sa.is_ipv4());
                let a = nethttp_net_address::from_ip(&sa);
                prop_assert_eq!(a.address[ADDRESS_CAP - 1], 0);
                let back = a.address.iter().take_while(|&&c| c != 0).map(|&c| c as u8 as char).collect::<String>();
                prop_assert_eq!(back, ip_text(&sa));
            }
            Err(e) => prop_assert_eq!(e.code, 401),
        }
        let _ = parse_local(&text);
    }

    /// Text in every encoding: refused only with 401, UTF-16 of the right length.
    #[test]
    fn sock_text(text in any::<String>(), enc in prop_oneof![
        Just("UTF-8"), Just("utf-16le"), Just("UTF-16BE"), Just("UTF-16"), Just("US-ASCII"),
        Just("iso-8859-1"), Just("x"),
    ]) {
        match crate::sock::text::encode(&text, Some(enc)) {
            Ok(b) if enc.eq_ignore_ascii_case("utf-16le") => prop_assert_eq!(b.len(), text.encode_utf16().count() * 2),
            Ok(_) => {}
            Err(e) => prop_assert_eq!(e.code, 401),
        }
    }
}
