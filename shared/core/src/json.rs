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
