//! RFC 6455 framing: the header parser for frames from the server and the encoder for the
//! client's (masked) frames. Pure functions on bytes; the connection state lives in
//! `proto`.

pub const OP_CONT: u8 = 0x0;
pub const OP_TEXT: u8 = 0x1;
pub const OP_BINARY: u8 = 0x2;
pub const OP_CLOSE: u8 = 0x8;
pub const OP_PING: u8 = 0x9;
pub const OP_PONG: u8 = 0xA;

/// Largest payload of a control frame.
pub const MAX_CONTROL: usize = 125;

/// A frame header as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub fin: bool,
    /// RSV1..RSV3 as bits 2..0 (RSV1 = 0b100).
    pub rsv: u8,
    pub opcode: u8,
    pub masked: bool,
    pub mask: [u8; 4],
    pub len: u64,
}

impl Header {
    pub fn is_control(&self) -> bool {
        self.opcode & 0x8 != 0
    }
}

/// Parses a frame header at the start of `b`: `Ok(None)` when more bytes are needed,
/// otherwise the header and its size in bytes. A 64-bit length with the top bit set is an
/// error (RFC 6455 5.2).
pub fn parse_header(b: &[u8]) -> Result<Option<(Header, usize)>, &'static str> {
    if b.len() < 2 {
        return Ok(None);
    }
    let fin = b[0] & 0x80 != 0;
    let rsv = (b[0] >> 4) & 0x7;
    let opcode = b[0] & 0xF;
    let masked = b[1] & 0x80 != 0;
    let (len, mut n) = match b[1] & 0x7F {
        126 => {
            if b.len() < 4 {
                return Ok(None);
            }
            (u64::from(u16::from_be_bytes([b[2], b[3]])), 4)
        }
        127 => {
            if b.len() < 10 {
                return Ok(None);
            }
            let mut a = [0u8; 8];
            a.copy_from_slice(&b[2..10]);
            let l = u64::from_be_bytes(a);
            if l >> 63 != 0 {
                return Err("a 64-bit frame length with the most significant bit set");
            }
            (l, 10)
        }
        l => (u64::from(l), 2),
    };
    let mut mask = [0u8; 4];
    if masked {
        if b.len() < n + 4 {
            return Ok(None);
        }
        mask.copy_from_slice(&b[n..n + 4]);
        n += 4;
    }
    Ok(Some((
        Header {
            fin,
            rsv,
            opcode,
            masked,
            mask,
            len,
        },
        n,
    )))
}

/// XORs `data` with `mask`, the mask's byte 0 falling on `data[0]`.
pub fn apply_mask(data: &mut [u8], mask: [u8; 4]) {
    let m = u32::from_ne_bytes(mask);
    let m64 = u64::from(m) | (u64::from(m) << 32);
    let mut chunks = data.chunks_exact_mut(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let v = u64::from_ne_bytes(w) ^ m64;
        c.copy_from_slice(&v.to_ne_bytes());
    }
    for (i, b) in chunks.into_remainder().iter_mut().enumerate() {
        *b ^= mask[i & 3];
    }
}

/// Appends one client frame (masked with `mask`) to `out`.
pub fn encode(out: &mut Vec<u8>, fin: bool, rsv1: bool, opcode: u8, payload: &[u8], mask: [u8; 4]) {
    let b0 = (u8::from(fin) << 7) | (u8::from(rsv1) << 6) | opcode;
    out.reserve(payload.len() + 14);
    out.push(b0);
    let len = payload.len();
    if len < 126 {
        out.push(0x80 | len as u8);
    } else if len <= 0xFFFF {
        out.push(0x80 | 126);
        out.extend_from_slice(&(len as u16).to_be_bytes());
    } else {
        out.push(0x80 | 127);
        out.extend_from_slice(&(len as u64).to_be_bytes());
    }
    out.extend_from_slice(&mask);
    let start = out.len();
    out.extend_from_slice(payload);
    apply_mask(&mut out[start..], mask);
}

/// Whether a close code received from the peer is valid on the wire (RFC 6455 7.4, the
/// IANA registry): 1000-1003, 1007-1014, 3000-4999.
pub fn valid_received_close_code(code: u16) -> bool {
    matches!(code, 1000..=1003 | 1007..=1014 | 3000..=4999)
}

/// A fast generator for masking keys, seeded from the OS per connection (RFC 6455 asks for
/// keys an intermediary cannot predict; the seed is secret and the sequence is not
/// observable from one key).
pub struct MaskRng(u64);

impl Default for MaskRng {
    fn default() -> Self {
        MaskRng::new()
    }
}

impl MaskRng {
    pub fn new() -> MaskRng {
        let mut seed = [0u8; 8];
        if getrandom::getrandom(&mut seed).is_err() {
            // No OS randomness: the address and the clock still vary per connection.
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(0);
            seed = (t ^ (&seed as *const _ as u64)).to_ne_bytes();
        }
        MaskRng(u64::from_ne_bytes(seed) | 1)
    }

    /// xorshift64*.
    pub fn next_mask(&mut self) -> [u8; 4] {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        ((x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 32) as u32).to_ne_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lengths_and_masks() {
        for len in [0usize, 1, 125, 126, 127, 65535, 65536, 100_000] {
            let payload = vec![0x5Au8; len];
            let mut out = Vec::new();
            encode(&mut out, true, false, OP_BINARY, &payload, [1, 2, 3, 4]);
            let (h, n) = parse_header(&out).unwrap().unwrap();
            assert_eq!(h.len, len as u64);
            assert!(h.fin && h.masked && h.opcode == OP_BINARY && h.rsv == 0);
            let mut p = out[n..].to_vec();
            assert_eq!(p.len(), len);
            apply_mask(&mut p, h.mask);
            assert_eq!(p, payload);
            // Every prefix is "need more".
            for cut in 0..n {
                assert_eq!(parse_header(&out[..cut]).unwrap(), None);
            }
        }
    }

    #[test]
    fn top_bit_length_refused() {
        let b = [0x82u8, 127, 0x80, 0, 0, 0, 0, 0, 0, 1];
        assert!(parse_header(&b).is_err());
    }

    #[test]
    fn mask_matches_bytewise() {
        let data: Vec<u8> = (0..37u8).collect();
        let mut a = data.clone();
        apply_mask(&mut a, [9, 8, 7, 6]);
        let b: Vec<u8> = data
            .iter()
            .enumerate()
            .map(|(i, x)| x ^ [9, 8, 7, 6][i % 4])
            .collect();
        assert_eq!(a, b);
    }

    #[test]
    fn close_codes() {
        for c in [1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4999] {
            assert!(valid_received_close_code(c), "{c}");
        }
        for c in [0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535] {
            assert!(!valid_received_close_code(c), "{c}");
        }
    }
}
