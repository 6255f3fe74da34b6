//! permessage-deflate (RFC 7692): the client's offer, the server's answer, and the
//! per-message compressor and decompressor (raw deflate through zlib, the 4-byte
//! `00 00 ff ff` tail removed on send and restored on receive).

use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};

/// What the client offers: permessage-deflate letting the server limit our window, then the
/// same with the client_no_context_takeover hint, for servers that want it (RFC 7692 5:
/// the server accepts one offer, in order of preference).
pub const OFFER: &str = "permessage-deflate; client_max_window_bits, \
                         permessage-deflate; client_no_context_takeover; client_max_window_bits";

/// The parameters the server accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub server_no_context_takeover: bool,
    pub client_no_context_takeover: bool,
    /// The server's LZ77 window (it compresses with at most this many bits).
    pub server_max_window_bits: u8,
    /// Ours.
    pub client_max_window_bits: u8,
}

/// Reads the server's `Sec-WebSocket-Extensions` answer (all its header lines joined with
/// ","): `Ok(None)` when it accepted no extension, an error (the connection must fail) for
/// an extension we did not offer, more than one, or a parameter RFC 7692 does not allow.
pub fn parse_answer(value: &str, offered: bool) -> Result<Option<Params>, String> {
    let mut found: Option<Params> = None;
    for ext in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let mut parts = ext.split(';').map(str::trim);
        let name = parts.next().unwrap_or("");
        if !name.eq_ignore_ascii_case("permessage-deflate") || !offered {
            return Err(format!(
                "the server accepted the extension {name:?}, which was not offered"
            ));
        }
        if found.is_some() {
            return Err("the server accepted permessage-deflate twice".into());
        }
        let mut p = Params {
            server_no_context_takeover: false,
            client_no_context_takeover: false,
            server_max_window_bits: 15,
            client_max_window_bits: 15,
        };
        let mut seen: Vec<String> = Vec::new();
        for param in parts.filter(|p| !p.is_empty()) {
            let (k, v) = match param.split_once('=') {
                Some((k, v)) => (k.trim(), Some(v.trim().trim_matches('"'))),
                None => (param, None),
            };
            let k = k.to_ascii_lowercase();
            if seen.contains(&k) {
                return Err(format!("permessage-deflate: parameter {k} given twice"));
            }
            seen.push(k.clone());
            let bits = |v: Option<&str>| -> Result<u8, String> {
                match v.and_then(|v| v.parse::<u8>().ok()) {
                    Some(b @ 8..=15) => Ok(b),
                    _ => Err(format!(
                        "permessage-deflate: {k} needs a value from 8 to 15, got {v:?}"
                    )),
                }
            };
            match (k.as_str(), v) {
                ("server_no_context_takeover", None) => p.server_no_context_takeover = true,
                ("client_no_context_takeover", None) => p.client_no_context_takeover = true,
                ("server_max_window_bits", v) => p.server_max_window_bits = bits(v)?,
                ("client_max_window_bits", v) => p.client_max_window_bits = bits(v)?,
                _ => {
                    return Err(format!(
                        "permessage-deflate: unknown or malformed parameter {param:?}"
                    ))
                }
            }
        }
        found = Some(p);
    }
    Ok(found)
}

/// The sending side: one compressor for the connection (or per message without context
/// takeover).
pub struct Deflater {
    c: Compress,
    reset_each: bool,
}

impl Deflater {
    pub fn new(p: &Params) -> Deflater {
        // zlib cannot deflate with an 8-bit window (it would use 9, which the server did not
        // agree to): stored blocks then, which use no window at all.
        let c = if p.client_max_window_bits < 9 {
            Compress::new(Compression::none(), false)
        } else {
            Compress::new_with_window_bits(Compression::fast(), false, p.client_max_window_bits)
        };
        Deflater {
            c,
            reset_each: p.client_no_context_takeover,
        }
    }

    /// Compresses one message's payload.
    pub fn compress(&mut self, data: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(data.len() / 2 + 64);
        let start = self.c.total_in();
        loop {
            if out.capacity() - out.len() < 64 {
                out.reserve(out.capacity().max(1024));
            }
            let done = (self.c.total_in() - start) as usize;
            if self
                .c
                .compress_vec(&data[done..], &mut out, FlushCompress::Sync)
                .is_err()
            {
                break;
            }
            // A sync flush is complete once all input is in and zlib left output room.
            if (self.c.total_in() - start) as usize == data.len() && out.len() < out.capacity() {
                break;
            }
        }
        if out.ends_with(&[0, 0, 0xff, 0xff]) {
            out.truncate(out.len() - 4);
        }
        if out.is_empty() {
            // Nothing to flush (an empty message right after a flush): RFC 7692 7.2.3.6's
            // one 0x00 byte, the header of the empty stored block the tail completes.
            out.push(0);
        }
        if self.reset_each {
            self.c.reset();
        }
        out
    }
}

/// Why inflating failed.
#[derive(Debug, PartialEq, Eq)]
pub enum InflateError {
    Corrupt(String),
    /// The output would exceed the limit.
    TooBig,
}

/// The receiving side.
pub struct Inflater {
    d: Decompress,
    reset_each: bool,
}

impl Inflater {
    pub fn new(p: &Params) -> Inflater {
        // A 15-bit window inflates anything a smaller window produced.
        Inflater {
            d: Decompress::new_with_window_bits(false, 15),
            reset_each: p.server_no_context_takeover,
        }
    }

    /// Inflates `input` (part of a message's compressed payload) onto `out`, which must not
    /// grow past `limit`.
    pub fn inflate(
        &mut self,
        mut input: &[u8],
        out: &mut Vec<u8>,
        limit: usize,
    ) -> Result<(), InflateError> {
        loop {
            if out.capacity() - out.len() < 1024 {
                let want = (out.capacity().max(4096)).min(limit.saturating_sub(out.len()) + 1);
                out.reserve(want.max(1024));
            }
            let in0 = self.d.total_in();
            let out0 = self.d.total_out();
            let st = self
                .d
                .decompress_vec(input, out, FlushDecompress::None)
                .map_err(|e| InflateError::Corrupt(e.to_string()))?;
            let used = (self.d.total_in() - in0) as usize;
            input = &input[used..];
            if out.len() > limit {
                return Err(InflateError::TooBig);
            }
            let produced = self.d.total_out() - out0;
            if st == Status::StreamEnd {
                // A final deflate block inside a message: the stream is done; what follows
                // would need a fresh stream.
                if !input.is_empty() {
                    return Err(InflateError::Corrupt(
                        "data after the end of the deflate stream".into(),
                    ));
                }
                self.d.reset(false);
                return Ok(());
            }
            if input.is_empty() && out.len() < out.capacity() {
                return Ok(());
            }
            if used == 0 && produced == 0 && out.len() < out.capacity() {
                return Err(InflateError::Corrupt("the deflate stream is stuck".into()));
            }
        }
    }

    /// Ends one message: feeds the removed tail and resets without context takeover.
    pub fn finish(&mut self, out: &mut Vec<u8>, limit: usize) -> Result<(), InflateError> {
        let r = self.inflate(&[0, 0, 0xff, 0xff], out, limit);
        if self.reset_each {
            self.d.reset(false);
        }
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(c_bits: u8, nct: bool) -> Params {
        Params {
            server_no_context_takeover: nct,
            client_no_context_takeover: nct,
            server_max_window_bits: 15,
            client_max_window_bits: c_bits,
        }
    }

    #[test]
    fn answers() {
        assert_eq!(parse_answer("", true), Ok(None));
        let p = parse_answer("permessage-deflate", true).unwrap().unwrap();
        assert_eq!(p, params(15, false));
        let p = parse_answer(
            "permessage-deflate; server_no_context_takeover; client_max_window_bits=9",
            true,
        )
        .unwrap()
        .unwrap();
        assert!(p.server_no_context_takeover && !p.client_no_context_takeover);
        assert_eq!(p.client_max_window_bits, 9);
        assert!(parse_answer("permessage-deflate", false).is_err());
        assert!(parse_answer("x-webkit-deflate-frame", true).is_err());
        assert!(parse_answer("permessage-deflate, permessage-deflate", true).is_err());
        assert!(parse_answer("permessage-deflate; client_max_window_bits", true).is_err());
        assert!(parse_answer("permessage-deflate; server_max_window_bits=16", true).is_err());
        assert!(parse_answer("permessage-deflate; foo", true).is_err());
        assert!(parse_answer(
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            true
        )
        .is_err());
    }

    #[test]
    fn round_trips() {
        for (bits, nct) in [(15, false), (9, false), (8, true), (12, true)] {
            let p = params(bits, nct);
            let mut d = Deflater::new(&p);
            let mut i = Inflater::new(&p);
            for msg in [
                b"hello hello hello hello".to_vec(),
                Vec::new(),
                Vec::new(),
                (0..200_000u32).map(|x| (x % 251) as u8).collect(),
                b"hello hello hello hello".to_vec(),
            ] {
                let c = d.compress(&msg);
                let mut out = Vec::new();
                // In pieces, as frames arrive.
                for piece in c.chunks(7) {
                    i.inflate(piece, &mut out, 1 << 20).unwrap();
                }
                i.finish(&mut out, 1 << 20).unwrap();
                assert_eq!(out, msg, "bits {bits} nct {nct}");
            }
        }
    }

    #[test]
    fn bomb_is_bounded() {
        let p = params(15, false);
        let mut d = Deflater::new(&p);
        let c = d.compress(&vec![0u8; 10 << 20]);
        assert!(c.len() < 64 * 1024);
        let mut i = Inflater::new(&p);
        let mut out = Vec::new();
        assert_eq!(i.inflate(&c, &mut out, 1 << 20), Err(InflateError::TooBig));
        assert!(out.capacity() < 4 << 20, "capacity {}", out.capacity());
    }

    #[test]
    fn garbage_is_corrupt() {
        let mut i = Inflater::new(&params(15, false));
        let mut out = Vec::new();
        assert!(matches!(
            i.inflate(&[0xff; 16], &mut out, 1 << 20),
            Err(InflateError::Corrupt(_))
        ));
    }
}
