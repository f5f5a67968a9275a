//! The one domain error type. It is mapped exactly twice: to problem+json by
//! `casebridge-http` (`problem.rs`), and to Lambda retry / no-retry through
//! [`Error::is_retryable`] by `casebridge-lambda`.

use crate::ports::StoreError;

/// A problem with one input field, named so a person can fix it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is malformed: unparsable JSON, wrong types, unknown values.
    #[error("{detail}")]
    BadRequest {
        detail: String,
        errors: Vec<FieldError>,
    },
    /// Well-formed input that breaks a rule (empty thread, VIN of the wrong length).
    #[error("{detail}")]
    Unprocessable {
        detail: String,
        errors: Vec<FieldError>,
    },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    /// Not found, or not the caller's dealer's (the two are indistinguishable on purpose).
    #[error("{0} not found")]
    NotFound(String),
    /// The path exists, the method does not; carries the allowed methods.
    #[error("this route does not answer that method; allowed: {0}")]
    MethodNotAllowed(String),
    /// The request conflicts with the current state (wrong status, duplicate).
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is {size} bytes; the limit is {limit} bytes")]
    PayloadTooLarge { size: usize, limit: usize },
    /// The client took too long to send its request (a slow or stalled upload).
    #[error("{0}")]
    RequestTimeout(String),
    /// The body is not of the type the route reads (JSON sent as a form, or untyped).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// A partner (Prokeep, Procede) failed or answered nonsense. The message is shown to
    /// callers: it says which partner and what kind of failure, never hosts or SDK text
    /// (those are logged where the error is made).
    #[error("{0}")]
    Upstream(String),
    /// Our own infrastructure failed; retrying may help.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    /// A bug or corrupt data; never retried.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn bad_field(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        Error::BadRequest {
            detail: format!("{field}: {message}"),
            errors: vec![FieldError::new(field, message)],
        }
    }

    pub fn invalid(errors: Vec<FieldError>) -> Self {
        let detail = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Error::Unprocessable { detail, errors }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Error::NotFound(what.into())
    }

    /// For event handlers: should Lambda deliver the event again?
    pub fn is_retryable(&self) -> bool {
        matches!(self, Error::Unavailable(_) | Error::Upstream(_))
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::BadCursor => Error::bad_field("page", "the page cursor is not valid here"),
            StoreError::Conflict => {
                Error::Unavailable("a concurrent write got there first; retry".into())
            }
            StoreError::Unavailable(m) => Error::Unavailable(m),
            // A condition that fails and is not handled by the service is a lost race.
            StoreError::ConditionFailed { .. } => {
                Error::Conflict("the item changed while we were writing it; retry".into())
            }
            StoreError::Codec(m) | StoreError::Invalid(m) => Error::Internal(m),
        }
    }
}

impl From<crate::ports::ProcedeError> for Error {
    /// The DMS failing is a 502 for the caller, saying how it failed; the details are logged.
    fn from(e: crate::ports::ProcedeError) -> Self {
        tracing::warn!(error = %e, "Procede DMS call failed");
        Error::Upstream(match e {
            crate::ports::ProcedeError::Unavailable(_) => {
                "the Procede DMS did not answer in time or failed; nothing was changed".into()
            }
            crate::ports::ProcedeError::Refused(_) => {
                "the Procede DMS refused the request; nothing was changed".into()
            }
        })
    }
}

impl From<crate::ports::SmsError> for Error {
    /// A text that could not go out now is retried; one the carrier refuses (a bad number)
    /// is not, since retrying cannot fix it.
    fn from(e: crate::ports::SmsError) -> Self {
        match e {
            crate::ports::SmsError::Transient(m) => Error::Unavailable(m),
            // Callers that can tell a lost answer from a failure handle it before this.
            crate::ports::SmsError::Unconfirmed(m) => Error::Unavailable(m),
            crate::ports::SmsError::Refused(m) => {
                Error::invalid(vec![FieldError::new("mobile", m)])
            }
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
