//! What every HTTP router gets: a span per request, and routing misses as problems.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use casebridge_core::Error;
use tracing::Instrument;

use crate::problem::problem;
use crate::RequestId;

/// The layers every router gets, in AWS and locally. Misses are handled outside the whole
/// router: axum adds `Allow` to a 405 only on its way out of the route.
pub fn finish(router: axum::Router) -> axum::Router {
    let routes = router.route_layer(axum::middleware::from_fn(request_span));
    axum::Router::new()
        .fallback_service(routes)
        .layer(axum::middleware::from_fn(misses_as_problems))
}

/// One span per request: request id, method, route (the matched pattern) and the dealer,
/// recorded by the extractors once the caller is known.
async fn request_span(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let request_id = req
        .extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let span = tracing::info_span!("request", request_id = %request_id,
        method = %req.method(), route = %route, dealer = tracing::field::Empty);
    async move {
        let response = next.run(req).await;
        tracing::info!(status = response.status().as_u16(), "answered");
        response
    }
    .instrument(span)
    .await
}

/// axum answers an unknown path (404) or method (405) with an empty body; callers get a
/// problem like every other error. `Allow` lists the methods the API declares (axum adds
/// HEAD to every GET route; API Gateway routes no HEAD).
async fn misses_as_problems(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let response = next.run(req).await;
    let status = response.status();
    let bare = !response.headers().contains_key(http::header::CONTENT_TYPE);
    if bare && status == http::StatusCode::NOT_FOUND {
        return problem(&Error::not_found(format!("route {path}")));
    }
    if bare && status == http::StatusCode::METHOD_NOT_ALLOWED {
        let allowed: Vec<String> = response
            .headers()
            .get(http::header::ALLOW)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty() && *m != "HEAD")
            .map(str::to_string)
            .collect();
        return problem(&Error::MethodNotAllowed(allowed.join(", ")));
    }
    response
}
