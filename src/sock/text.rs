//! `TCPSendOptions.encoding`: text given as UTF-8 sent in the encoding the spec names
//! (UTF-8, UTF-16BE, UTF-16LE, UTF-16, US-ASCII, ISO-8859-1; any case, default UTF-8).

use crate::core::error::Error;

/// `text` in `encoding` (None: UTF-8). UTF-16 is big-endian with a byte-order mark, as
/// Java's and ICU's "UTF-16" writes it. A character the encoding cannot represent (non-ASCII
/// for US-ASCII, above U+00FF for ISO-8859-1) is a parameter error, not a silent `?`.
pub fn encode(text: &str, encoding: Option<&str>) -> Result<Vec<u8>, Error> {
    let enc = encoding.unwrap_or("UTF-8").to_ascii_uppercase();
    let enc = enc.replace('_', "-");
    match enc.as_str() {
        "UTF-8" | "UTF8" => Ok(text.as_bytes().to_vec()),
        "UTF-16BE" => Ok(text.encode_utf16().flat_map(u16::to_be_bytes).collect()),
        "UTF-16LE" => Ok(text.encode_utf16().flat_map(u16::to_le_bytes).collect()),
        "UTF-16" => {
            let mut v = vec![0xFE, 0xFF];
            v.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            Ok(v)
        }
        "US-ASCII" | "ASCII" => match text.char_indices().find(|(_, c)| !c.is_ascii()) {
            None => Ok(text.as_bytes().to_vec()),
            Some((i, c)) => Err(Error::param(format!(
                "data: {c:?} at byte {i} is not US-ASCII"
            ))),
        },
        "ISO-8859-1" | "LATIN1" => text
            .char_indices()
            .map(|(i, c)| {
                u8::try_from(u32::from(c)).map_err(|_| {
                    Error::param(format!("data: {c:?} at byte {i} is not in ISO-8859-1"))
                })
            })
            .collect(),
        _ => Err(Error::param(format!(
            "encoding: {:?} is not one of UTF-8, UTF-16BE, UTF-16LE, UTF-16, US-ASCII, ISO-8859-1",
            encoding.unwrap_or("")
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        assert_eq!(encode("hé", None).unwrap(), "hé".as_bytes());
        assert_eq!(encode("hé", Some("utf-16le")).unwrap(), [b'h', 0, 0xE9, 0]);
        assert_eq!(encode("hé", Some("UTF-16BE")).unwrap(), [0, b'h', 0, 0xE9]);
        assert_eq!(encode("h", Some("UTF-16")).unwrap(), [0xFE, 0xFF, 0, b'h']);
        assert_eq!(encode("hé", Some("iso-8859-1")).unwrap(), [b'h', 0xE9]);
        assert_eq!(encode("h€", Some("ISO-8859-1")).unwrap_err().code, 401);
        assert_eq!(encode("hé", Some("US-ASCII")).unwrap_err().code, 401);
        assert_eq!(encode("h", Some("ebcdic")).unwrap_err().code, 401);
        assert_eq!(encode("😀", Some("UTF-16BE")).unwrap().len(), 4);
    }
}
