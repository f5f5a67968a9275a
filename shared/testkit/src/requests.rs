//! Requests as the functions receive them, sent through the functions' own routers.
//!
//! A Case user's request carries the claims API Gateway's JWT authorizer would hand over
//! ([`as_user`]); a connector's request is signed as the connector signs ([`signed`]).

use axum::body::Body;
use casebridge_http::AuthClaims;
use tower::ServiceExt;

/// A request as API Gateway hands it to a function (no authorizer claims).
pub fn request(method: &str, path: &str, body: Option<&serde_json::Value>) -> http::Request<Body> {
    let body = match body {
        Some(v) => Body::from(serde_json::to_vec(v).unwrap_or_default()),
        None => Body::empty(),
    };
    http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(body)
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A form post as a browser sends one (the mobile page's forms).
pub fn form_request(path: &str, body: &str) -> http::Request<Body> {
    http::Request::builder()
        .method("POST")
        .uri(path)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.to_string()))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A request with a raw body (malformed JSON, oversized bodies).
pub fn raw_request(method: &str, path: &str, body: impl Into<Body>) -> http::Request<Body> {
    http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .body(body.into())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// Adds the JWT authorizer's claims for a Case user of `dealer`.
pub fn as_user(
    mut req: http::Request<Body>,
    dealer: &str,
    role: &str,
    oem: Option<&str>,
) -> http::Request<Body> {
    let mut claims = std::collections::HashMap::new();
    claims.insert("sub".into(), format!("{role}-of-{dealer}"));
    // A platform admin's token names no dealer (pass "").
    if !dealer.is_empty() {
        claims.insert("dealer_id".into(), dealer.into());
    }
    claims.insert("role".into(), role.into());
    if let Some(o) = oem {
        claims.insert("oem_id".into(), o.into());
    }
    req.extensions_mut().insert(AuthClaims(claims));
    req
}

/// A Prokeep connector request for `dealer`, signed at `t` with `secret` as the connector
/// signs (method, path with query, raw body).
pub fn signed(
    method: &str,
    path: &str,
    body: &[u8],
    dealer: &str,
    secret: &str,
    t: i64,
) -> http::Request<Body> {
    http::Request::builder()
        .method(method)
        .uri(path)
        .header("content-type", "application/json")
        .header(casebridge_core::auth::signature::DEALER_HEADER, dealer)
        .header(
            casebridge_core::auth::signature::SIGNATURE_HEADER,
            casebridge_core::auth::signature::sign(secret, t, method, path, body),
        )
        .body(Body::from(body.to_vec()))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A response read whole.
pub struct Reply {
    pub status: http::StatusCode,
    pub headers: http::HeaderMap,
    pub body: bytes::Bytes,
}

impl Reply {
    pub fn status(&self) -> http::StatusCode {
        self.status
    }
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
}

/// Sends `req` through `router` (one function's, or the local server's merged one).
pub async fn send(router: axum::Router, req: http::Request<Body>) -> Reply {
    let resp = router.oneshot(req).await.unwrap_or_else(|e| match e {});
    let (parts, body) = resp.into_parts();
    let body = http_body_util::BodyExt::collect(body)
        .await
        .map(|c| c.to_bytes())
        .unwrap_or_else(|e| panic!("response body: {e}"));
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

/// Status and JSON body of a response.
pub fn parts(resp: &Reply) -> (u16, serde_json::Value) {
    let json = if resp.body.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(&resp.body)
            .unwrap_or_else(|e| panic!("response is not JSON ({e}): {}", resp.text()))
    };
    (resp.status.as_u16(), json)
}

/// An HTTP client for tests (after installing the TLS crypto provider reqwest needs).
pub fn http_client() -> reqwest::Client {
    casebridge_aws::install_tls_provider();
    reqwest::Client::new()
}
