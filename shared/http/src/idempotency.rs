//! `Idempotency-Key` on Case users' POSTs: a client that retries a POST (a timeout, a lost
//! answer) with the same key gets the first answer again instead of a second case or note.
//! Keys are the client's, scoped to the dealer and the user, kept 24 hours; the same key
//! with another request is 422; a retry while the first is still running is 409.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use casebridge_core::auth::Caller;
use casebridge_core::idempotency::{self, Claim, Window};
use casebridge_core::keys::{self, IdempotencyScope};
use casebridge_core::{App, Error};
use serde::{Deserialize, Serialize};

use crate::problem::problem;
use crate::AuthClaims;

pub const HEADER: &str = "idempotency-key";
/// How long a key answers repeats.
pub const KEPT: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
/// API Gateway gives up on a request after 30 s: a key is held no longer.
const IN_PROGRESS: std::time::Duration = std::time::Duration::from_secs(30);
/// No POST body is larger (Lambda's payload limit).
const MAX_BODY: usize = 6 * 1024 * 1024;

/// The first answer, as repeats get it.
#[derive(Serialize, Deserialize)]
struct Stored {
    status: u16,
    content_type: String,
    body: String,
}

fn valid_key(k: &str) -> bool {
    (1..=255).contains(&k.len()) && k.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// The layer: only POSTs by a Case user that carry the header are affected.
pub async fn idempotent_posts(State(app): State<App>, req: Request, next: Next) -> Response {
    if req.method() != http::Method::POST {
        return next.run(req).await;
    }
    let Some(key) = req
        .headers()
        .get(HEADER)
        .map(|v| v.to_str().map(str::to_string))
    else {
        return next.run(req).await;
    };
    let Ok(key) = key
        .map_err(|_| ())
        .and_then(|k| if valid_key(&k) { Ok(k) } else { Err(()) })
    else {
        return problem(&Error::bad_field(
            "Idempotency-Key",
            "1 to 255 visible ASCII characters",
        ));
    };
    let caller = match req.extensions().get::<AuthClaims>() {
        Some(AuthClaims(claims)) => match Caller::from_claims(claims) {
            Ok(c) => c,
            Err(_) => return next.run(req).await, // the route answers 401
        },
        None => return next.run(req).await,
    };
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return problem(&Error::PayloadTooLarge {
                size: MAX_BODY + 1,
                limit: MAX_BODY,
            })
        }
    };
    let target = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let mut hashed = format!("POST {target}\n").into_bytes();
    hashed.extend_from_slice(&bytes);
    let payload = idempotency::payload_hash(&hashed);
    let scoped = format!("{}#{key}", caller.user_id);
    let record = keys::idempotency(&caller.dealer, IdempotencyScope::HttpRequest, &scoped);
    let what = format!("Idempotency-Key {key:?}");
    let window = Window {
        in_progress: IN_PROGRESS,
        keep: KEPT,
    };
    let guard = match idempotency::claim::<Stored>(&app, record, &payload, window, &what).await {
        Ok(Claim::Fresh(guard)) => guard,
        Ok(Claim::Done(stored)) => return replay(stored),
        Ok(Claim::InProgress) => {
            return problem(&Error::Conflict(format!(
                "a request with {what} is still being answered; retry shortly"
            )))
        }
        // The same key with another request.
        Err(Error::Conflict(m)) => {
            return problem(&Error::invalid(vec![casebridge_core::FieldError::new(
                "Idempotency-Key",
                m,
            )]))
        }
        Err(e) => return problem(&e),
    };
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !response.status().is_success() {
        if let Err(e) = guard.release(&app).await {
            tracing::warn!(error = %e, "idempotency key not released; it frees itself in 30 s");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let stored = Stored {
        status: parts.status.as_u16(),
        content_type: parts
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/json")
            .to_string(),
        body: String::from_utf8_lossy(&bytes).to_string(),
    };
    if let Err(e) = guard.complete(&app, &stored).await {
        tracing::warn!(error = %e, "idempotent answer not saved; a retry runs again");
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn replay(stored: Stored) -> Response {
    let mut response = Response::new(Body::from(stored.body));
    *response.status_mut() =
        http::StatusCode::from_u16(stored.status).unwrap_or(http::StatusCode::OK);
    if let Ok(v) = http::HeaderValue::from_str(&stored.content_type) {
        response.headers_mut().insert(http::header::CONTENT_TYPE, v);
    }
    response.headers_mut().insert(
        "idempotent-replayed",
        http::HeaderValue::from_static("true"),
    );
    response
}
