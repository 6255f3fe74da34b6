//! Reading the options' JSON shape: typed field access with errors naming the field.

use super::HttpProxy;
use crate::core::error::Error;
use serde_json::Value;

pub(crate) fn parse_proxy(v: &Value) -> Result<HttpProxy, Error> {
    let key = "usingProxy";
    let o = want_obj(key, v)?;
    only_keys(
        key,
        o,
        &["host", "port", "exclusionList", "username", "password"],
    )?;
    let port = match o.get("port") {
        Some(Value::Number(n)) => n
            .as_u64()
            .and_then(|p| u32::try_from(p).ok())
            .ok_or_else(|| Error::param(format!("usingProxy: port {n} is out of range")))?,
        _ => return Err(Error::param("usingProxy: port: expected a number")),
    };
    let exclusion = match o.get("exclusionList") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|e| {
                e.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| Error::param("usingProxy: exclusionList: expected strings"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(Error::param(
                "usingProxy: exclusionList: expected an array of strings",
            ))
        }
    };
    HttpProxy::new(
        req_str(key, o, "host")?,
        port,
        exclusion,
        opt_str(key, o, "username")?.map(str::to_string),
        opt_str(key, o, "password")?.map(str::to_string),
    )
}

pub(crate) type Obj = serde_json::Map<String, Value>;

/// An options JSON text as its top-level object (401 for bad JSON or another value).
pub(crate) fn object_of(text: &str) -> Result<Obj, Error> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| Error::param(format!("options JSON: {e}")))?;
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(Error::param("options JSON: expected an object")),
    }
}

pub(crate) fn want_str<'a>(key: &str, v: &'a Value) -> Result<&'a str, Error> {
    v.as_str()
        .ok_or_else(|| Error::param(format!("{key}: expected a string")))
}

pub(crate) fn want_obj<'a>(key: &str, v: &'a Value) -> Result<&'a Obj, Error> {
    v.as_object()
        .ok_or_else(|| Error::param(format!("{key}: expected an object")))
}

pub(crate) fn only_keys(key: &str, o: &Obj, allowed: &[&str]) -> Result<(), Error> {
    match o.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(Error::param(format!("{key}: unknown field {k:?}"))),
        None => Ok(()),
    }
}

pub(crate) fn req_str<'a>(key: &str, o: &'a Obj, field: &str) -> Result<&'a str, Error> {
    opt_str(key, o, field)?.ok_or_else(|| Error::param(format!("{key}: {field} is missing")))
}

pub(crate) fn opt_str<'a>(key: &str, o: &'a Obj, field: &str) -> Result<Option<&'a str>, Error> {
    match o.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::param(format!("{key}: {field}: expected a string"))),
    }
}

pub(crate) fn enum_of<T>(
    v: &Value,
    by_num: impl Fn(i64) -> Option<T>,
    by_name: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    match v {
        Value::Number(n) => n.as_i64().and_then(by_num),
        Value::String(s) => by_name(s),
        _ => None,
    }
}
