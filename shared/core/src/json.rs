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
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner().to_string();
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
    })
}

/// A whole number as JSON Schema counts them: `5` and `5.0` alike (JSON has one number type;
/// some senders write every number with a fraction).
pub fn whole_number<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
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
