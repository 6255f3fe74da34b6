//! Response content decoding done in the library: gzip and deflate (zlib through flate2),
//! br (brotli-decompressor) and zstd (libzstd through the zstd crate).
//!
//! libcurl decodes only the encodings it was built with, and cannot be told to leave some
//! alone (an encoding it lacks fails the transfer). So when the linked libcurl lacks br or
//! zstd, nethttp turns libcurl's decoding off, advertises every encoding below and decodes
//! here; otherwise libcurl does it all. Output comes in bounded chunks, so `maxLimit`
//! counts decoded bytes and a decompression bomb stops as soon as it crosses the limit.

use crate::core::error::{Error, CURL_BASE};
use brotli_decompressor::{BrotliDecompressStream, BrotliResult, BrotliState, StandardAlloc};
use flate2::{Decompress, FlushDecompress, Status};
use zstd::stream::raw::{Decoder as ZstdDecoder, InBuffer, Operation, OutBuffer};

/// What a request advertises when nethttp decodes.
pub const ACCEPT_ENCODING: &str = "gzip, deflate, br, zstd";

/// Largest decoded chunk handed on at once.
const CHUNK: usize = 16 * 1024;

/// Most stacked encodings accepted (as libcurl).
const MAX_STACK: usize = 5;

/// Whether nethttp, rather than libcurl, decodes responses.
pub fn in_library() -> bool {
    static IN_LIBRARY: once_cell::sync::OnceCell<bool> = once_cell::sync::OnceCell::new();
    *IN_LIBRARY.get_or_init(|| {
        let v = curl::Version::get();
        !(v.feature_libz() && v.feature_brotli() && v.feature_zstd())
    })
}

fn bad(msg: impl Into<String>) -> Error {
    Error::new(CURL_BASE + 61, msg)
}

enum Codec {
    Flate {
        d: Decompress,
        /// `deflate` not yet started: a zlib header is expected, raw deflate accepted
        /// (told apart by the first two bytes).
        probe_raw: bool,
        /// The first byte of a `deflate` body that came alone, until the second comes.
        held: Option<u8>,
    },
    Brotli(Box<BrotliState<StandardAlloc, StandardAlloc, StandardAlloc>>),
    Zstd(ZstdDecoder<'static>),
}

struct Stage {
    codec: Codec,
    done: bool,
    name: &'static str,
}

impl Stage {
    fn new(coding: &str) -> Result<Option<Stage>, Error> {
        let (codec, name) = match coding {
            "identity" | "" => return Ok(None),
            "gzip" | "x-gzip" => (
                Codec::Flate {
                    d: Decompress::new_gzip(15),
                    probe_raw: false,
                    held: None,
                },
                "gzip",
            ),
            "deflate" => (
                Codec::Flate {
                    d: Decompress::new(true),
                    probe_raw: true,
                    held: None,
                },
                "deflate",
            ),
            "br" => (
                Codec::Brotli(Box::new(BrotliState::new(
                    StandardAlloc::default(),
                    StandardAlloc::default(),
                    StandardAlloc::default(),
                ))),
                "br",
            ),
            "zstd" => (
                Codec::Zstd(ZstdDecoder::new().map_err(|e| bad(format!("zstd decoder: {e}")))?),
                "zstd",
            ),
            other => {
                return Err(bad(format!(
                    "unsupported Content-Encoding {other:?} (decodable: {ACCEPT_ENCODING})"
                )))
            }
        };
        Ok(Some(Stage {
            codec,
            done: false,
            name,
        }))
    }

    /// Decodes from `input` into `out`: (bytes consumed, bytes produced).
    fn run(&mut self, input: &[u8], out: &mut [u8]) -> Result<(usize, usize), Error> {
        let name = self.name;
        match &mut self.codec {
            Codec::Flate { d, probe_raw, held } => {
                if *probe_raw {
                    // Some servers send raw deflate for "deflate": the first two bytes tell.
                    // (Deciding on the first error instead failed when the first piece of the
                    // body was one byte: zlib had taken it. A fuzzing find.)
                    let (b0, b1) = match (*held, input) {
                        (_, []) => return Ok((0, 0)),
                        (None, &[b0]) => {
                            *held = Some(b0);
                            return Ok((1, 0));
                        }
                        (None, &[b0, b1, ..]) | (Some(b0), &[b1, ..]) => (b0, b1),
                    };
                    *probe_raw = false;
                    *d = Decompress::new(is_zlib_header(b0, b1));
                    if let Some(b0) = held.take() {
                        // One byte only goes into the bit buffer (no room for output).
                        d.decompress(&[b0], &mut [], FlushDecompress::None)
                            .map_err(|e| bad(format!("{name} body: {e}")))?;
                    }
                }
                let (in0, out0) = (d.total_in(), d.total_out());
                let status = d
                    .decompress(input, out, FlushDecompress::None)
                    .map_err(|e| bad(format!("{name} body: {e}")))?;
                if status == Status::StreamEnd {
                    self.done = true;
                }
                Ok((
                    (d.total_in() - in0) as usize,
                    (d.total_out() - out0) as usize,
                ))
            }
            Codec::Brotli(state) => {
                let (mut avail_in, mut in_off) = (input.len(), 0usize);
                let (mut avail_out, mut out_off, mut total) = (out.len(), 0usize, 0usize);
                let r = BrotliDecompressStream(
                    &mut avail_in,
                    &mut in_off,
                    input,
                    &mut avail_out,
                    &mut out_off,
                    out,
                    &mut total,
                    state,
                );
                match r {
                    BrotliResult::ResultFailure => return Err(bad("br body: invalid data")),
                    BrotliResult::ResultSuccess => self.done = true,
                    BrotliResult::NeedsMoreInput | BrotliResult::NeedsMoreOutput => {}
                }
                Ok((in_off, out_off))
            }
            Codec::Zstd(z) => {
                let mut i = InBuffer::around(input);
                let mut o = OutBuffer::around(out);
                let hint = z
                    .run(&mut i, &mut o)
                    .map_err(|e| bad(format!("zstd body: {e}")))?;
                if hint == 0 {
                    self.done = true;
                }
                Ok((i.pos(), o.pos()))
            }
        }
    }
}

/// Whether two bytes start a zlib stream that zlib would read (RFC 1950: deflate, a window
/// of at most 32 KiB, a valid check, no preset dictionary); otherwise `deflate` is raw.
fn is_zlib_header(b0: u8, b1: u8) -> bool {
    b0 & 0x0f == 8
        && b0 >> 4 <= 7
        && b1 & 0x20 == 0
        && (u16::from(b0) << 8 | u16::from(b1)) % 31 == 0
}

/// The decoders of one response, outermost (last applied) first.
pub struct BodyDecoder {
    stages: Vec<Stage>,
    fed: bool,
}

impl BodyDecoder {
    /// A decoder for a `Content-Encoding` value; None when nothing is to be decoded.
    pub fn for_header(content_encoding: &str) -> Result<Option<BodyDecoder>, Error> {
        let mut stages = Vec::new();
        for coding in content_encoding.split(',') {
            if let Some(s) = Stage::new(&coding.trim().to_ascii_lowercase())? {
                stages.push(s);
            }
        }
        if stages.is_empty() {
            return Ok(None);
        }
        if stages.len() > MAX_STACK {
            return Err(bad("too many stacked Content-Encodings"));
        }
        stages.reverse();
        Ok(Some(BodyDecoder { stages, fed: false }))
    }

    /// Decodes a chunk of the body, handing decoded chunks (at most 16 KiB each) to `sink`.
    /// `sink` returns false to stop (then so does this, with Ok(false)).
    pub fn feed(
        &mut self,
        input: &[u8],
        sink: &mut dyn FnMut(&[u8]) -> bool,
    ) -> Result<bool, Error> {
        self.fed |= !input.is_empty();
        feed_stages(&mut self.stages, input, sink)
    }

    /// At the end of the body: a compressed stream that did not end is an error.
    pub fn finish(&self) -> Result<(), Error> {
        match self.stages.iter().find(|s| !s.done) {
            Some(s) if self.fed => Err(bad(format!("{} body ended before its end marker", s.name))),
            _ => Ok(()),
        }
    }
}

fn feed_stages(
    stages: &mut [Stage],
    mut input: &[u8],
    sink: &mut dyn FnMut(&[u8]) -> bool,
) -> Result<bool, Error> {
    let Some((first, rest)) = stages.split_first_mut() else {
        return Ok(input.is_empty() || sink(input));
    };
    let mut buf = vec![0u8; CHUNK];
    while !first.done {
        let (used, made) = first.run(input, &mut buf)?;
        input = &input[used..];
        if made > 0 && !feed_stages(rest, &buf[..made], sink)? {
            return Ok(false);
        }
        // Output space left over means the decoder wants more input.
        if (used == 0 && made == 0) || (input.is_empty() && made < buf.len()) {
            break;
        }
    }
    // Bytes after the end of the compressed stream are ignored (as libcurl does).
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn decode_all(enc: &str, data: &[u8], piece: usize) -> Result<Vec<u8>, Error> {
        let mut d = BodyDecoder::for_header(enc)?.unwrap();
        let mut out = Vec::new();
        for c in data.chunks(piece) {
            d.feed(c, &mut |b| {
                assert!(b.len() <= CHUNK);
                out.extend_from_slice(b);
                true
            })?;
        }
        d.finish()?;
        Ok(out)
    }

    fn sample() -> Vec<u8> {
        (0..200_000u32).map(|i| (i % 251) as u8).collect()
    }

    #[test]
    fn gzip_and_deflate() {
        let plain = sample();
        let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        g.write_all(&plain).unwrap();
        let gz = g.finish().unwrap();
        for piece in [1, 7, 4096, gz.len()] {
            assert_eq!(decode_all("gzip", &gz, piece).unwrap(), plain);
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&plain).unwrap();
        assert_eq!(
            decode_all("deflate", &z.finish().unwrap(), 999).unwrap(),
            plain
        );
        let mut r = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        r.write_all(&plain).unwrap();
        assert_eq!(
            decode_all("Deflate", &r.finish().unwrap(), 999).unwrap(),
            plain
        );
        // truncated
        assert!(decode_all("gzip", &gz[..gz.len() / 2], 100).is_err());
        assert!(decode_all("gzip", b"not gzip at all", 100).is_err());
    }

    #[test]
    fn brotli_zstd_and_stacks() {
        let plain = sample();
        let mut br = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut br, 4096, 5, 22);
            w.write_all(&plain).unwrap();
        }
        assert_eq!(decode_all("br", &br, 333).unwrap(), plain);
        let zs = zstd::stream::encode_all(&plain[..], 3).unwrap();
        assert_eq!(decode_all("zstd", &zs, 10).unwrap(), plain);
        // "gzip, br": gzip applied first, then br
        let mut g = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        g.write_all(&plain).unwrap();
        let gz = g.finish().unwrap();
        let mut both = Vec::new();
        {
            let mut w = brotli::CompressorWriter::new(&mut both, 4096, 5, 22);
            w.write_all(&gz).unwrap();
        }
        assert_eq!(decode_all("gzip, br", &both, 500).unwrap(), plain);
        assert!(BodyDecoder::for_header("identity").unwrap().is_none());
        assert!(BodyDecoder::for_header("compress").is_err());
    }

    /// Fuzzing find: raw deflate for "deflate" whose first piece was a single byte was
    /// refused (zlib took the byte, so the switch to raw deflate came too late).
    #[test]
    fn raw_deflate_in_one_byte_pieces() {
        let mut r = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        r.write_all(b"hello hello hello").unwrap();
        let raw = r.finish().unwrap();
        assert_eq!(
            decode_all("deflate", &raw, 1).unwrap(),
            b"hello hello hello"
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(b"hello").unwrap();
        assert_eq!(
            decode_all("deflate", &z.finish().unwrap(), 1).unwrap(),
            b"hello"
        );
        assert_eq!(decode_all("deflate", b"", 1).unwrap(), b"");
        // The minimal case proptest shrank to: raw deflate of one zero byte.
        let mut r = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        r.write_all(&[0]).unwrap();
        assert_eq!(decode_all("deflate", &r.finish().unwrap(), 1).unwrap(), [0]);
    }

    #[test]
    fn bomb_stops_at_the_sink() {
        let zeros = vec![0u8; 50 * 1024 * 1024];
        let zs = zstd::stream::encode_all(&zeros[..], 19).unwrap();
        let mut d = BodyDecoder::for_header("zstd").unwrap().unwrap();
        let mut got = 0usize;
        let more = d
            .feed(&zs, &mut |b| {
                got += b.len();
                got < 1024 * 1024
            })
            .unwrap();
        assert!(!more);
        assert!(got <= 1024 * 1024 + CHUNK);
    }
}
