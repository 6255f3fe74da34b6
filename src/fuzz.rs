//! Fuzzing on the stable toolchain: the parsers that read untrusted bytes, driven by
//! generated inputs (proptest). Each target must return (an answer or an error) and never
//! panic, loop or allocate without bound. `cargo test` runs a bounded number of cases per
//! target (NETHTTP_FUZZ_CASES, default 256); a longer run, e.g.
//! `NETHTTP_FUZZ_CASES=100000 cargo test --release --lib fuzz`, is documented in the README.
//! A failing case is shrunk by proptest and must become a regression test below.

use crate::http::cache::disk;
use crate::http::decode::BodyDecoder;
use crate::http::options::RequestOptions;
use crate::http::response::HeaderBlock;
use crate::http::setup;
use proptest::prelude::*;
use serde_json::{json, Value};

fn config() -> ProptestConfig {
    let cases = std::env::var("NETHTTP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Header lines as a server might send them: mostly well-formed, with odd bytes mixed in.
fn header_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..200),
        "(HTTP/1\\.[01]|HTTP/2|HTTP/3) [0-9]{1,4}( [ -~]{0,20})?\r\n".prop_map(String::into_bytes),
        "(Content-Type|Content-Length|content-encoding|Location|Set-Cookie|X-[a-z]{1,5})[ ]?:[ -~\\t]{0,60}(\r\n|\n)"
            .prop_map(String::into_bytes),
        "[ \t][ -~]{0,30}\r\n".prop_map(String::into_bytes),
        Just(b"\r\n".to_vec()),
    ]
}

/// JSON values shaped like options objects: known keys with values of any type.
fn options_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,40}".prop_map(Value::String),
    ];
    let value = leaf.prop_recursive(3, 24, 6, |inner| {
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
    let keys = prop_oneof![
        Just("method"),
        Just("extraData"),
        Just("expectDataType"),
        Just("header"),
        Just("readTimeout"),
        Just("connectTimeout"),
        Just("usingProtocol"),
        Just("usingProxy"),
        Just("caPath"),
        Just("caData"),
        Just("resumeFrom"),
        Just("resumeTo"),
        Just("clientCert"),
        Just("certificatePinning"),
        Just("tlsOptions"),
        Just("serverAuthentication"),
        Just("addressFamily"),
        Just("dnsOverHttps"),
        Just("dnsServers"),
        Just("maxLimit"),
        Just("multiFormDataList"),
        Just("remoteValidation"),
        Just("priority"),
        Just("usingCache"),
        Just("maxRedirects"),
        Just("nethttp"),
    ];
    proptest::collection::btree_map(keys, value, 0..6)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()))
}

/// Feeds `input` through a decoder in `chunk`-sized pieces, stopping after `cap` output bytes.
fn decode_bounded(enc: &str, input: &[u8], chunk: usize, cap: usize) -> usize {
    let Ok(Some(mut d)) = BodyDecoder::for_header(enc) else {
        return 0;
    };
    let mut out = 0usize;
    for piece in input.chunks(chunk.max(1)) {
        let mut sink = |c: &[u8]| {
            assert!(c.len() <= 64 * 1024, "a decoded chunk of {} bytes", c.len());
            out += c.len();
            out < cap
        };
        match d.feed(piece, &mut sink) {
            Ok(true) => {}
            Ok(false) | Err(_) => return out,
        }
    }
    let _ = d.finish();
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

proptest! {
    #![proptest_config(config())]

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
        prop_assert_eq!(lazy.status(), eager.status());
        for name in ["content-type", "content-length", "content-encoding", "location"] {
            prop_assert_eq!(lazy.get(name), eager.get(name), "field {}", name);
        }
        lazy.ensure_parsed();
        let _ = lazy.to_json_text_nul();
        let _ = eager.to_json();
        prop_assert_eq!(lazy.field_count(), eager.field_count());
    }

    #[test]
    fn options_from_json(v in options_json()) {
        match RequestOptions::from_json(&v.to_string()) {
            Ok(_) => {}
            Err(e) => prop_assert_eq!(e.code, 401, "{}", e.message),
        }
    }

    #[test]
    fn options_from_text(text in ".{0,200}") {
        if let Err(e) = RequestOptions::from_json(&text) {
            prop_assert_eq!(e.code, 401);
        }
    }

    #[test]
    fn urls(url in prop_oneof![
        ".{0,80}",
        "(https?|HTTP|file|ws|ftp|[a-z]{1,6})://[ -~]{0,40}",
        "[a-z.]{1,12}(:[0-9]{1,6})?(/[ -~]{0,20})?",
    ]) {
        let o = RequestOptions::default();
        match setup::prepare(&url, &o) {
            Ok(p) => {
                prop_assert!(!p.url.bytes().any(|b| b <= b' ' || b == 0x7f));
                let scheme = crate::core::curl::url::scheme_of(&p.url).unwrap_or("");
                prop_assert!(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https"), "{}", p.url);
                let _ = crate::core::curl::url::CurlUrl::parse(&p.url);
            }
            Err(e) => prop_assert!(e.code == 401 || e.code == 2_300_001, "{:?}", e),
        }
    }

    #[test]
    fn decoding_arbitrary_bytes(
        enc in prop_oneof![Just("gzip"), Just("deflate"), Just("br"), Just("zstd"), Just("gzip, br"), Just("identity")],
        input in proptest::collection::vec(any::<u8>(), 0..2048),
        chunk in 1usize..700,
    ) {
        decode_bounded(enc, &input, chunk, 4 << 20);
    }

    #[test]
    fn decoding_damaged_gzip(
        data in proptest::collection::vec(any::<u8>(), 0..4096),
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
        cut in any::<usize>(),
        chunk in 1usize..500,
    ) {
        let mut z = gzip(&data);
        let cut = cut % (z.len() + 1);
        z.truncate(cut.max(1).min(z.len()));
        for (i, x) in flips {
            let n = z.len();
            z[i % n] ^= x;
        }
        let out = decode_bounded("gzip", &z, chunk, 1 << 20);
        prop_assert!(out <= data.len() + (1 << 20));
    }

    #[test]
    fn cache_file_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = disk::decode(&bytes);
    }

    #[test]
    fn cache_file_damaged(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in any::<usize>(),
    ) {
        let good = sample_cache_file();
        let mut b = good.clone();
        for (i, x) in flips {
            let n = b.len();
            b[i % n] ^= x;
        }
        b.truncate(cut % (b.len() + 1));
        // Either refused or read back; never a panic or an allocation sized by a bad length.
        let _ = disk::decode(&b);
    }
}

/// A valid cache file with two entries, made through the cache's own encoder.
fn sample_cache_file() -> Vec<u8> {
    use crate::http::cache::store::Entry;
    use http_cache_semantics::CachePolicy;
    use std::sync::Arc;
    let mut entries = Vec::new();
    for (i, url) in ["http://a.test/x", "https://b.test/y?z"].iter().enumerate() {
        let req = http::Request::get(*url).body(()).unwrap();
        let res = http::Response::builder()
            .status(200)
            .header("cache-control", "max-age=600")
            .body(())
            .unwrap();
        let head = HeaderBlock::from_lines(&[
            "HTTP/1.1 200 OK",
            "Content-Type: text/plain",
            "Cache-Control: max-age=600",
        ]);
        entries.push(Arc::new(Entry::new(
            url.to_string(),
            head,
            vec![b'x'; 10 + i].into(),
            "1.1".into(),
            CachePolicy::new(&req, &res),
        )));
    }
    disk::encode(&entries)
}
