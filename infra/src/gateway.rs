//! What API Gateway does in front of the functions, for the local server: the payload limit
//! and the whole body received before the route (within a time), the JWT authorizer for the
//! routes that declare the bearer scheme, a request id, and connections served with a
//! header-read timeout and the peer's address as the request's [`ClientIp`].

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use casebridge_core::Error;
use casebridge_http::problem::problem;
use casebridge_http::{AuthClaims, ClientIp, RequestId};
use tokio::net::TcpListener;

use crate::jwt;

/// Lambda's synchronous payload limit; API Gateway's (10 MB) is higher, so this one binds.
pub const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;

/// How long a client may take to send a request's headers, then its body. API Gateway
/// cuts slow clients off in AWS; without these a client sending a byte a minute would hold
/// a connection (and a task) forever.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub header_read: std::time::Duration,
    pub body_read: std::time::Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            header_read: std::time::Duration::from_secs(10),
            body_read: std::time::Duration::from_secs(30),
        }
    }
}

/// What API Gateway's JWT authorizer does, for the routes that declare the bearer scheme.
pub(crate) struct Authorizer {
    pub secret: Vec<u8>,
    pub bearer_routes: HashSet<(String, String)>,
}

/// API Gateway's part before the route: the whole body received first (within Lambda's
/// payload limit and `body_read`), then a request id.
pub(crate) async fn gateway(
    State(body_read): State<std::time::Duration>,
    req: Request,
    next: Next,
) -> Response {
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(size) = declared.filter(|&s| s > MAX_REQUEST_BYTES) {
        return problem(&Error::PayloadTooLarge {
            size,
            limit: MAX_REQUEST_BYTES,
        });
    }
    let (mut parts, body) = req.into_parts();
    let body = match tokio::time::timeout(body_read, axum::body::to_bytes(body, MAX_REQUEST_BYTES))
        .await
    {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return problem(&Error::PayloadTooLarge {
                size: declared.unwrap_or(MAX_REQUEST_BYTES + 1),
                limit: MAX_REQUEST_BYTES,
            })
        }
        Err(_) => {
            return problem(&Error::RequestTimeout(format!(
                "the request body did not arrive within {} seconds",
                body_read.as_secs()
            )))
        }
    };
    parts
        .extensions
        .insert(RequestId(uuid::Uuid::now_v7().to_string()));
    next.run(Request::from_parts(parts, axum::body::Body::from(body)))
        .await
}

pub(crate) async fn authorize(
    State(auth): State<Arc<Authorizer>>,
    mut req: Request,
    next: Next,
) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    if auth
        .bearer_routes
        .contains(&(req.method().as_str().to_string(), route))
    {
        match bearer_claims(&auth.secret, req.headers()) {
            Ok(claims) => {
                req.extensions_mut().insert(AuthClaims(claims));
            }
            Err(e) => return problem(&e),
        }
    }
    next.run(req).await
}

/// No valid token, no entry.
fn bearer_claims(
    secret: &[u8],
    headers: &http::HeaderMap,
) -> Result<std::collections::HashMap<String, String>, Error> {
    let value = headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            Error::Unauthorized(
                "this route needs a bearer token (Authorization: Bearer <JWT>)".into(),
            )
        })?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| {
            Error::Unauthorized("the Authorization header must be `Bearer <JWT>`".into())
        })?;
    jwt::verify(secret, token.trim())
}

/// Serves each connection as API Gateway fronts a function: HTTP/1.1, headers within
/// `header_read` (hyper's own timer closes a connection that stalls), the peer's address
/// as the request's [`ClientIp`]. On `shutdown`: stop accepting, let in-flight requests
/// finish (at most 10 s).
pub(crate) async fn accept(
    listener: TcpListener,
    router: axum::Router,
    header_read: std::time::Duration,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use tower::ServiceExt;
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_read);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                // A connection that failed before it was accepted (reset, out of files):
                // the next one may do.
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let ip = ClientIp(peer.ip().to_string());
        let service =
            router
                .clone()
                .map_request(move |mut req: http::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(ip.clone());
                    req.map(axum::body::Body::new)
                });
        let conn = builder.serve_connection(
            TokioIo::new(stream),
            hyper_util::service::TowerToHyperService::new(service),
        );
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), graceful.shutdown()).await;
    Ok(())
}
