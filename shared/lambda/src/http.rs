//! HTTP functions on Lambda: the function's axum router behind `lambda_http`, as the
//! runtime's http-axum example runs it, with what API Gateway verified (the JWT claims) and
//! Lambda's request id copied into the request where the handlers' extractors look.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use casebridge_core::App;
use casebridge_http::{AuthClaims, ClientIp, RequestId};
use lambda_http::request::RequestContext;
use lambda_http::RequestExt;

/// Serves the function's router over its App (see [`crate::wire`]).
pub async fn serve(
    function: &'static casebridge_core::ports::Function,
    router: impl FnOnce(App) -> axum::Router,
) -> Result<(), crate::LambdaError> {
    let app = crate::app(function).await?;
    let router = router(app)
        .layer(axum::middleware::from_fn(api_gateway_context))
        .layer(axum::middleware::from_fn(flush_metrics));
    lambda_http::run(router).await
}

/// What the request counted is written once it is answered.
async fn flush_metrics(req: Request, next: Next) -> Response {
    crate::emf::flushed(next.run(req)).await
}

/// Copies the JWT authorizer's claims, the caller's address as API Gateway saw it and
/// Lambda's request id into the request.
async fn api_gateway_context(mut req: Request, next: Next) -> Response {
    let (claims, source_ip) = match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => (
            ctx.authorizer
                .as_ref()
                .and_then(|a| a.jwt.as_ref())
                .map(|j| j.claims.clone()),
            ctx.http.source_ip.clone(),
        ),
        _ => (None, None),
    };
    if let Some(ip) = source_ip.filter(|ip| !ip.is_empty()) {
        req.extensions_mut().insert(ClientIp(ip));
    }
    let request_id = req.lambda_context_ref().map(|c| c.request_id.clone());
    if let Some(claims) = claims {
        req.extensions_mut().insert(AuthClaims(claims));
    }
    if let Some(id) = request_id {
        req.extensions_mut().insert(RequestId(id));
    }
    next.run(req).await
}
