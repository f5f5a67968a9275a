//! `Idempotency-Key` on Case users' POSTs: a client that retries a POST (a timeout, a lost
//! answer) with the same key gets the first answer again instead of a second case or note.
//! Keys are the client's, scoped to the dealer and the user, kept 24 hours; the same key
//! with another request is 422; a retry while the first is still running is 409.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use casebridge_core::auth::Caller;
use casebridge_core::idempotency::{self, Claim, Guard, IdempotencyScope, Window};
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
    let Some(key) = key_of(&req) else {
        return next.run(req).await;
    };
    let key = match key {
        Ok(key) => key,
        Err(refused) => return refused,
    };
    let Some(caller) = caller_of(&req) else {
        return next.run(req).await; // the route answers 401
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return problem(&Error::PayloadTooLarge {
            size: MAX_BODY + 1,
            limit: MAX_BODY,
        });
    };
    let guard = match claim(&app, &caller, &key, &parts, &bytes).await {
        Ok(guard) => guard,
        Err(answer) => return answer,
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
    keep_answer(&app, guard, response).await
}

/// The key of a POST that carries one: `None` when the layer has nothing to do, an answer
/// when the key itself is refused.
fn key_of(req: &Request) -> Option<Result<String, Response>> {
    if req.method() != http::Method::POST {
        return None;
    }
    let raw = req.headers().get(HEADER)?;
    Some(match raw.to_str() {
        Ok(k) if valid_key(k) => Ok(k.to_string()),
        _ => Err(problem(&Error::bad_field(
            "Idempotency-Key",
            "1 to 255 visible ASCII characters",
        ))),
    })
}

fn caller_of(req: &Request) -> Option<Caller> {
    let AuthClaims(claims) = req.extensions().get::<AuthClaims>()?;
    Caller::from_claims(claims).ok()
}

/// Claims the key for this request, or answers: the first answer again, 409 while it is
/// still running, 422 for the same key with another request.
async fn claim(
    app: &App,
    caller: &Caller,
    key: &str,
    parts: &http::request::Parts,
    bytes: &[u8],
) -> Result<Guard, Response> {
    let target = parts
        .uri
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let mut hashed = format!("POST {target}\n").into_bytes();
    hashed.extend_from_slice(bytes);
    let payload = idempotency::payload_hash(&hashed);
    let scoped = format!("{}#{key}", caller.user_id);
    let record = idempotency::key(&caller.dealer, IdempotencyScope::HttpRequest, &scoped);
    let what = format!("Idempotency-Key {key:?}");
    let window = Window {
        in_progress: IN_PROGRESS,
        keep: KEPT,
    };
    match idempotency::claim::<Stored>(app, record, &payload, window, &what).await {
        Ok(Claim::Fresh(guard)) => Ok(guard),
        Ok(Claim::Done(stored)) => Err(replay(stored)),
        Ok(Claim::InProgress) => Err(problem(&Error::Conflict(format!(
            "a request with {what} is still being answered; retry shortly"
        )))),
        // The same key with another request.
        Err(Error::Conflict(m)) => Err(problem(&Error::invalid(vec![
            casebridge_core::FieldError::new("Idempotency-Key", m),
        ]))),
        Err(e) => Err(problem(&e)),
    }
}

/// Keeps a successful answer for repeats, and gives it.
async fn keep_answer(app: &App, guard: Guard, response: Response) -> Response {
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
    if let Err(e) = guard.complete(app, &stored).await {
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
