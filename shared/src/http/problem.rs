//! Domain errors as RFC 9457 problem details — the only place that decides status codes.

use lambda_http::Body;
use serde::Serialize;

use super::Response;
use crate::error::{Error, FieldError};

#[derive(Debug, Serialize)]
struct Problem<'a> {
    #[serde(rename = "type")]
    kind: String,
    title: &'static str,
    status: u16,
    detail: String,
    errors: &'a [FieldError],
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
        Error::Unprocessable { .. } => (422, "unprocessable", "The request breaks a rule"),
        Error::Upstream(_) => (502, "upstream", "A partner system failed"),
        Error::Unavailable(_) => (503, "unavailable", "Temporarily unavailable"),
        Error::Internal(_) => (500, "internal", "Internal error"),
    }
}

pub fn problem(e: &Error) -> Response {
    let (status, slug, title) = status_and_title(e);
    let detail = match e {
        // Internal details are for the logs, not for callers.
        Error::Internal(_) => {
            tracing::error!(error = %e, "internal error");
            "something went wrong on our side; it has been logged".to_string()
        }
        Error::Unavailable(_) | Error::Upstream(_) => {
            tracing::warn!(error = %e, "dependency failure");
            e.to_string()
        }
        _ => e.to_string(),
    };
    let errors: &[FieldError] = match e {
        Error::BadRequest { errors, .. } | Error::Unprocessable { errors, .. } => errors,
        _ => &[],
    };
    let body = Problem {
        kind: format!("urn:casebridge:problem:{slug}"),
        title,
        status,
        detail,
        errors,
    };
    let bytes = serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = http::Response::new(Body::Binary(bytes));
    *resp.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/problem+json"),
    );
    if let Error::MethodNotAllowed(allowed) = e {
        if let Ok(v) = http::HeaderValue::from_str(allowed) {
            resp.headers_mut().insert(http::header::ALLOW, v);
        }
    }
    resp
}
