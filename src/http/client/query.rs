//! Godot's `HTTPClient.query_string_from_dict`, for a JSON object.

use crate::core::error::Error;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// Godot's `String.uri_encode`: everything but RFC 3986 unreserved characters is
/// percent-encoded (a space is `%20`).
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, URI_ENCODE).to_string()
}

/// A value as text: strings as they are, other scalars (and nested objects or arrays)
/// as their JSON text.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Builds a query string from a JSON object, in the object's key order: `key=value`
/// pairs joined with `&`; a `null` value gives the bare key; an array repeats the key
/// once per element (a `null` element gives the bare key). Keys and values are
/// URL-encoded. `{}` gives "".
pub fn query_string_from_json(json: &str) -> Result<String, Error> {
    let value: Value =
        serde_json::from_str(json).map_err(|e| Error::param(format!("fields: {e}")))?;
    let Value::Object(map) = value else {
        return Err(Error::param("fields: expected a JSON object"));
    };
    let mut parts: Vec<String> = Vec::new();
    let mut push = |key: &str, v: &Value| match v {
        Value::Null => parts.push(key.to_string()),
        v => parts.push(format!("{key}={}", encode(&text(v)))),
    };
    for (k, v) in &map {
        let key = encode(k);
        match v {
            Value::Array(items) => items.iter().for_each(|item| push(&key, item)),
            v => push(&key, v),
        }
    }
    Ok(parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn godot_examples() {
        assert_eq!(
            query_string_from_json(r#"{"username":"user","password":"pass"}"#).unwrap(),
            "username=user&password=pass"
        );
        assert_eq!(
            query_string_from_json(r#"{"single":123,"not_valued":null,"multiple":[22,33,44]}"#)
                .unwrap(),
            "single=123&not_valued&multiple=22&multiple=33&multiple=44"
        );
    }

    #[test]
    fn encoding_and_edge_cases() {
        assert_eq!(
            query_string_from_json(r#"{"a b":"c&d=e/f~g","é":true}"#).unwrap(),
            "a%20b=c%26d%3De%2Ff~g&%C3%A9=true"
        );
        assert_eq!(query_string_from_json("{}").unwrap(), "");
        assert_eq!(
            query_string_from_json(r#"{"e":[],"n":[null,1]}"#).unwrap(),
            "n&n=1"
        );
        assert_eq!(query_string_from_json("[1]").unwrap_err().code, 401);
        assert_eq!(query_string_from_json("{").unwrap_err().code, 401);
    }
}
