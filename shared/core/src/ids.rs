//! The ground floor: every id the API and the table use, checked once when it is made.
//!
//! An id that goes into a key is `[A-Za-z0-9_-]{1,64}`, so a `#` can never forge another
//! partition. Handlers parse path ids into these types (see `casebridge_http::paths`), so
//! a service never parses an id again. A bad id answers as it always has: a dealer, OEM or
//! thread id is a 400 naming the field; the id of a thing that is looked up (a case, an
//! estimate, …) is a 404, because a thing with that id cannot exist.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Ids that go into keys: letters, digits, `-`, `_`; 1 to 64 characters.
pub fn is_safe_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// How a bad id of one kind is refused.
enum Refusal {
    /// 400 naming the field.
    BadField(&'static str, &'static str),
    /// 404: nothing by that id can exist.
    NotFound(&'static str),
}

impl Refusal {
    fn error(&self, raw: &str) -> Error {
        match self {
            Refusal::BadField(field, why) => Error::bad_field(field, *why),
            Refusal::NotFound(what) => Error::not_found(format!("{what} {raw}")),
        }
    }
}

macro_rules! safe_id {
    ($(#[$doc:meta])* $name:ident, $field:literal, $refusal:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(into = "String")]
        pub struct $name(String);

        // By hand rather than `try_from = "String"`: refused inside the visitor, so a path
        // extractor learns which parameter was bad (and answers as `refused` says).
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                struct Visitor;
                impl serde::de::Visitor<'_> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(f, "a {} (1 to 64 letters, digits, '-' or '_')", $field)
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<$name, E> {
                        $name::try_from(v.to_string()).map_err(E::custom)
                    }
                }
                d.deserialize_str(Visitor)
            }
        }

        impl $name {
            /// The path or body field this id arrives in.
            pub(crate) const FIELD: &'static str = $field;

            pub fn parse(raw: &str) -> Result<Self> {
                if is_safe_id(raw) {
                    Ok($name(raw.to_string()))
                } else {
                    Err($refusal.error(raw))
                }
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// An id the domain makes itself, not one it was given: a new one from the id
            /// generator (UUID text), or one composed of checked parts (`thread-<thread>`).
            #[allow(dead_code)] // not every kind of id is made by the domain
            pub(crate) fn derived(id: String) -> Self {
                debug_assert!(!id.is_empty() && !id.contains('#'), "{id:?}");
                $name(id)
            }
        }

        #[cfg(test)]
        impl From<&str> for $name {
            fn from(raw: &str) -> Self {
                $name::parse(raw).unwrap_or_else(|e| panic!("{e}"))
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;
            fn try_from(s: String) -> std::result::Result<Self, String> {
                if is_safe_id(&s) {
                    Ok($name(s))
                } else {
                    Err(format!("{s:?} is not a valid {}", $field))
                }
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&$name> for $name {
            fn from(id: &$name) -> Self {
                id.clone()
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }
    };
}

safe_id!(
    /// A dealer location. It starts every key of the dealer's data.
    DealerId,
    "dealerId",
    Refusal::BadField("dealerId", "a dealer id is 1 to 64 letters, digits, '-' or '_'")
);
safe_id!(
    /// An OEM (a dealer network).
    OemId,
    "oemId",
    Refusal::BadField("oemId", "an OEM id is 1 to 64 letters, digits, '-' or '_'")
);
safe_id!(
    /// A Prokeep thread.
    ThreadId,
    "threadId",
    Refusal::BadField("threadId", "a thread id is 1 to 64 letters, digits, '-' or '_'")
);
safe_id!(
    /// A service case.
    CaseId,
    "caseId",
    Refusal::NotFound("case")
);
safe_id!(
    /// An estimate on a case.
    EstimateId,
    "estimateId",
    Refusal::NotFound("estimate")
);
safe_id!(
    /// An attachment on a case (a transcript's is `thread-<thread>`).
    AttachmentId,
    "attachmentId",
    Refusal::NotFound("attachment")
);
safe_id!(
    /// A Case customer (the dealer's customer master).
    CustomerId,
    "customerId",
    Refusal::NotFound("customer")
);
safe_id!(
    /// A contact: a person who gets the case's texts and emails.
    ContactId,
    "contactId",
    Refusal::NotFound("contact")
);
safe_id!(
    /// A photo on an estimate's line.
    PhotoId,
    "photoId",
    Refusal::NotFound("photo")
);
safe_id!(
    /// A parts request on a case.
    PartsRequestId,
    "requestId",
    Refusal::NotFound("parts request")
);

/// The error for a bad id that arrived in the path field `field` (what the path extractor
/// answers, so a bad id is refused before any service runs).
pub fn refused(field: &str, raw: &str) -> Error {
    let parse_error = |r: Result<()>| r.err();
    let found = match field {
        DealerId::FIELD => parse_error(DealerId::parse(raw).map(drop)),
        OemId::FIELD => parse_error(OemId::parse(raw).map(drop)),
        ThreadId::FIELD => parse_error(ThreadId::parse(raw).map(drop)),
        CaseId::FIELD => parse_error(CaseId::parse(raw).map(drop)),
        EstimateId::FIELD => parse_error(EstimateId::parse(raw).map(drop)),
        PhotoId::FIELD => parse_error(PhotoId::parse(raw).map(drop)),
        AttachmentId::FIELD => parse_error(AttachmentId::parse(raw).map(drop)),
        CustomerId::FIELD => parse_error(CustomerId::parse(raw).map(drop)),
        ContactId::FIELD => parse_error(ContactId::parse(raw).map(drop)),
        PartsRequestId::FIELD => parse_error(PartsRequestId::parse(raw).map(drop)),
        _ => None,
    };
    found.unwrap_or_else(|| Error::bad_field(field, "not a valid id"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_that_could_forge_a_key_is_refused_as_its_kind_says() {
        assert!(DealerId::parse("d1").is_ok());
        assert!(matches!(
            DealerId::parse("d#1"),
            Err(Error::BadRequest { .. })
        ));
        assert!(matches!(CaseId::parse("c#1"), Err(Error::NotFound(_))));
        assert!(matches!(refused("caseId", "no#such"), Error::NotFound(_)));
        assert!(matches!(refused("dealerId", ""), Error::BadRequest { .. }));
        assert!(CaseId::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn ids_read_and_write_as_plain_strings() {
        let id: CaseId = serde_json::from_str("\"c-1\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"c-1\"");
        assert!(serde_json::from_str::<CaseId>("\"c#1\"").is_err());
    }
}
