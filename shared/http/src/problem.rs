//! Domain errors as RFC 9457 problem details — the only place that decides status codes.

use axum::response::{IntoResponse, Response};
use casebridge_core::{Error, FieldError};
use serde::Serialize;

/// `application/problem+json`, as every error is answered.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `urn:casebridge:problem:<slug>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    /// What went wrong, for a person to act on.
    pub detail: String,
    /// The fields at fault (bad input), each with what is wrong with it.
    pub errors: Vec<FieldError>,
    /// This request (`urn:casebridge:request:<id>`), to quote when reporting a 5xx.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
}

/// The request being answered (the request span layer runs each request as its correlation
/// id, which the events it raises carry too).
fn request_id() -> Option<String> {
    casebridge_core::events::correlation_id()
}

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A handler's error: the domain error on its way out as a problem.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

fn status_and_title(e: &Error) -> (u16, &'static str, &'static str) {
    match e {
        Error::BadRequest { .. } => (400, "bad-request", "The request is not valid"),
        Error::Unauthorized(_) => (401, "unauthorized", "Authentication is required"),
        Error::Forbidden(_) => (403, "forbidden", "Not allowed"),
        Error::NotFound(_) => (404, "not-found", "Not found"),
        Error::MethodNotAllowed(_) => (405, "method-not-allowed", "Method not allowed"),
        Error::Conflict(_) => (409, "conflict", "Conflict with the current state"),
        Error::PayloadTooLarge { .. } => {
            (413, "payload-too-large", "The request body is too large")
        }
        Error::RequestTimeout(_) => (
            408,
            "request-timeout",
            "The request took too long to arrive",
        ),
        Error::UnsupportedMediaType(_) => (
            415,
            "unsupported-media-type",
            "The request body is not of a type this route reads",
        ),
        Error::Unprocessable { .. } => (422, "unprocessable", "The request breaks a rule"),
        Error::Upstream(_) => (502, "upstream", "A partner system failed"),
        Error::Unavailable(_) => (503, "unavailable", "Temporarily unavailable"),
        Error::Internal(_) => (500, "internal", "Internal error"),
    }
}

/// The problem document for `e`.
pub fn problem_of(e: &Error) -> Problem {
    let (status, slug, title) = status_and_title(e);
    let id = request_id();
    let quote = id
        .as_deref()
        .map(|id| format!(" (request id {id})"))
        .unwrap_or_default();
    // What failed inside is for the logs, never for callers: paths, hosts and SDK errors
    // stay out of 5xx bodies, which say what to do and which request to quote.
    let detail = match e {
        Error::Internal(_) => {
            tracing::error!(error = %e, "internal error");
            format!("something went wrong on our side; it has been logged{quote}")
        }
        Error::Unavailable(_) => {
            tracing::warn!(error = %e, "dependency unavailable");
            format!("a service casebridge depends on is unavailable; retry in a moment{quote}")
        }
        // Upstream messages say which partner and how, and nothing internal (see Error).
        Error::Upstream(_) => format!("{e}{quote}"),
        _ => e.to_string(),
    };
    let errors = match e {
        Error::BadRequest { errors, .. } | Error::Unprocessable { errors, .. } => errors.clone(),
        _ => Vec::new(),
    };
    Problem {
        kind: format!("urn:casebridge:problem:{slug}"),
        title,
        status,
        detail,
        errors,
        instance: id.map(|id| format!("urn:casebridge:request:{id}")),
    }
}

/// The response for `e`.
pub fn problem(e: &Error) -> Response {
    let body = problem_of(e);
    let bytes = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = Response::new(axum::body::Body::from(bytes));
    *resp.status_mut() =
        http::StatusCode::from_u16(body.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static(PROBLEM_JSON),
    );
    if let Error::MethodNotAllowed(allowed) = e {
        if let Ok(v) = http::HeaderValue::from_str(allowed) {
            resp.headers_mut().insert(http::header::ALLOW, v);
        }
    }
    resp
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        problem(&self.0)
    }
}
