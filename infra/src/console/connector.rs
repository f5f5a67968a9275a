//! How the Prokeep stand-in reaches casebridge: as the real connector does, each call signed
//! with the location's connector secret and answered by the functions' routes as deployed
//! (the signature, replay and dealer checks of `Signed` included), in process.

use axum::body::Body;
use casebridge_core::auth::signature;
use casebridge_core::ids::DealerId;
use casebridge_core::{Error, FieldError};
use serde::de::DeserializeOwned;
use tower::ServiceExt;

use super::ConsoleState;

/// The newest connector secret of `dealer`: the one its platform admin gave the connector.
async fn connector_secret(s: &ConsoleState, dealer: &DealerId) -> Result<String, Error> {
    let secrets = s.app.secrets.dealer_uncached(dealer).await?;
    secrets
        .connector_values()
        .into_iter()
        .next()
        .ok_or_else(|| {
            Error::Conflict(format!(
            "{dealer} has no connector secret, so the Prokeep connector cannot sign its calls: \
             a platform admin creates one under Administration"
        ))
        })
}

/// The largest answer the stand-in reads (a page of open cases is far smaller).
const ANSWER_LIMIT: usize = 4 * 1024 * 1024;

/// Sends one signed call; a refusal comes back as the error the API answered with.
pub async fn call<T: DeserializeOwned>(
    s: &ConsoleState,
    dealer: &DealerId,
    method: &str,
    path: &str,
    body: Option<&serde_json::Value>,
) -> Result<T, Error> {
    let secret = connector_secret(s, dealer).await?;
    let bytes = body.map(serde_json::to_vec).transpose().map_err(internal)?;
    let bytes = bytes.unwrap_or_default();
    let now = s.app.clock.now().as_second();
    let mut req = http::Request::builder()
        .method(method)
        .uri(path)
        .header(signature::DEALER_HEADER, dealer.as_str())
        .header(
            signature::SIGNATURE_HEADER,
            signature::sign(&secret, now, method, path, &bytes),
        );
    if body.is_some() {
        req = req.header(http::header::CONTENT_TYPE, "application/json");
    }
    let req = req.body(Body::from(bytes)).map_err(internal)?;
    let reply = s.connector.clone().oneshot(req).await.map_err(internal)?;
    let status = reply.status();
    let answer = axum::body::to_bytes(reply.into_body(), ANSWER_LIMIT)
        .await
        .map_err(internal)?;
    if status.is_success() {
        return serde_json::from_slice(&answer).map_err(internal);
    }
    Err(refusal(status.as_u16(), &answer))
}

/// The API's problem answer as the error it came from (its status and words kept).
fn refusal(status: u16, body: &[u8]) -> Error {
    let problem: serde_json::Value = serde_json::from_slice(body).unwrap_or_default();
    let detail = problem["detail"]
        .as_str()
        .unwrap_or("casebridge refused the connector's call")
        .to_string();
    match status {
        400 => Error::bad_field("connector", detail),
        422 => Error::invalid(vec![FieldError::new("connector", detail)]),
        401 => Error::Unauthorized(detail),
        403 => Error::Forbidden(detail),
        404 => Error::NotFound(detail.trim_end_matches(" not found").to_string()),
        409 => Error::Conflict(detail),
        _ => Error::Internal(format!("{status}: {detail}")),
    }
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("the connector's call: {e}"))
}
