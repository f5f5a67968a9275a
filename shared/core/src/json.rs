//! Reading JSON that people and partners send: errors name the field that is wrong, so the
//! caller can fix it (`customer.name: missing field`, not "invalid body").

use serde::de::DeserializeOwned;

use crate::error::{Error, FieldError, Result};

/// Parses a JSON document; an error names the field at fault (`body` when it cannot be placed).
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::BadRequest {
            detail: "the request needs a JSON body".into(),
            errors: vec![FieldError::new("body", "empty")],
        });
    }
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let inner = e.inner().to_string();
        if let Some(why) = inner.strip_prefix(REFUSED_VALUE) {
            let field = e.path().to_string();
            // serde_json adds where it was; the field's name says that better.
            let why = why.rsplit_once(" at line ").map_or(why, |(w, _)| w);
            return Error::invalid(vec![FieldError::new(field, why.trim_start())]);
        }
        let mut field = e.path().to_string();
        // serde reports a missing field at its parent; name the field itself.
        if let Some(missing) = inner
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            field = if field == "." {
                missing.to_string()
            } else {
                format!("{field}.{missing}")
            };
        }
        // Where serde_json cannot place the error, the body as a whole is at fault.
        let placed = field != "." && !field.ends_with('?');
        if !placed {
            field = "body".into();
        }
        let message = if !placed && (e.inner().is_syntax() || e.inner().is_eof()) {
            format!("the body is not valid JSON: {inner}")
        } else {
            inner
        };
        Error::BadRequest {
            detail: format!("{field}: {message}"),
            errors: vec![FieldError::new(field, message)],
        }
    })?;
    // A body is one JSON value: bytes after it (whitespace aside) are not ignored.
    de.end().map_err(|e| Error::BadRequest {
        detail: format!("the body is one JSON value and nothing after it: {e}"),
        errors: vec![FieldError::new(
            "body",
            "trailing characters after the JSON value",
        )],
    })?;
    Ok(value)
}

/// The start of a deserializer's message for a value that is well-formed JSON but not
/// acceptable (a control character in a one-line field): [`parse`] answers it as 422
/// naming the field, like every other validation, not as a malformed body.
const REFUSED_VALUE: &str = "refused value:";

/// `#[serde(deserialize_with = "crate::json::single_line")]` for a name, a unit number, a
/// VIN, a part number, a subject: refused (422 naming the field) if it holds a control or
/// line-break character, so none reaches an email header, a text or a PDF line.
pub(crate) fn single_line<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<String, D::Error> {
    use serde::Deserialize;
    let s = String::deserialize(d)?;
    match crate::text::single_line_problem(&s) {
        Some(why) => Err(serde::de::Error::custom(format!("{REFUSED_VALUE} {why}"))),
        None => Ok(s),
    }
}

/// [`single_line`] for an optional field (pair it with `#[serde(default)]`).
pub(crate) fn single_line_opt<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<String>, D::Error> {
    use serde::Deserialize;
    let s = Option::<String>::deserialize(d)?;
    match s.as_deref().and_then(crate::text::single_line_problem) {
        Some(why) => Err(serde::de::Error::custom(format!("{REFUSED_VALUE} {why}"))),
        None => Ok(s),
    }
}

/// An optional list of one-line values (contact ids, phones, emails), each kept once in the
/// order first given: a list's limit counts distinct values, so 21 copies of one id are one.
pub(crate) fn distinct_lines_opt<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Vec<String>>, D::Error> {
    use serde::Deserialize;
    let s = Option::<Vec<String>>::deserialize(d)?.map(|list| {
        let mut seen = std::collections::HashSet::new();
        list.into_iter()
            .filter(|v| seen.insert(v.clone()))
            .collect::<Vec<_>>()
    });
    let problem = s.iter().flatten().enumerate().find_map(|(i, v)| {
        crate::text::single_line_problem(v).map(|why| format!("item {}: {why}", i + 1))
    });
    match problem {
        Some(why) => Err(serde::de::Error::custom(format!("{REFUSED_VALUE} {why}"))),
        None => Ok(s),
    }
}

/// A whole number as JSON Schema counts them: `5` and `5.0` alike (JSON has one number type;
/// some senders write every number with a fraction).
pub(crate) fn whole_number<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<i64, D::Error> {
    use serde::Deserialize;
    // Beyond 2^53 a float no longer holds every whole number exactly.
    const EXACT: f64 = 9_007_199_254_740_992.0;
    let n = serde_json::Number::deserialize(d)?;
    n.as_i64()
        .or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() <= EXACT)
                .map(|f| f as i64)
        })
        .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Line {
        #[serde(deserialize_with = "whole_number")]
        quantity: i64,
    }

    #[test]
    fn a_quantity_written_with_a_zero_fraction_is_the_whole_number() {
        let line: Line = parse(br#"{"quantity": 3.0}"#).unwrap();
        assert_eq!(line.quantity, 3);
        let line: Line = parse(br#"{"quantity": -82885}"#).unwrap();
        assert_eq!(line.quantity, -82885);
    }

    #[test]
    fn a_quantity_with_a_fraction_names_the_field() {
        let err = parse::<Line>(br#"{"quantity": 2.5}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("quantity") && err.contains("not a whole number"),
            "{err}"
        );
        assert!(parse::<Line>(br#"{"quantity": 1e300}"#).is_err());
        assert!(parse::<Line>(br#"{"quantity": "3"}"#).is_err());
    }
}
