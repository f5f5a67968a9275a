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
        .layer(axum::middleware::from_fn(security_headers))
}

/// The content security policy of an HTML page whose inline style and script are these
/// (each allowed by its SHA-256, never `'unsafe-inline'`): nothing from elsewhere, no
/// framing, forms post back to us only.
pub fn html_csp(styles: &[&str], scripts: &[&str]) -> String {
    html_csp_with_images(styles, scripts, None)
}

/// [`html_csp`] for a page that shows images from `image_origin` as well (photos on the
/// bucket's short-lived links).
pub fn html_csp_with_images(
    styles: &[&str],
    scripts: &[&str],
    image_origin: Option<&str>,
) -> String {
    use base64::Engine;
    use sha2::Digest;
    let hashes = |texts: &[&str]| -> String {
        if texts.is_empty() {
            return "'none'".into();
        }
        texts
            .iter()
            .map(|t| {
                let digest = sha2::Sha256::digest(t.as_bytes());
                format!(
                    "'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Only an origin of plain URL characters goes into the policy.
    let images = image_origin
        .filter(|o| {
            o.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '/' | '.' | '-'))
        })
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    format!(
        "default-src 'none'; style-src {}; script-src {}; img-src 'self' data:{images}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        hashes(styles),
        hashes(scripts)
    )
}

/// The policy of an HTML answer that did not set its own: no inline style or script at all.
pub const HTML_CSP: &str = "default-src 'none'; style-src 'none'; script-src 'none'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Headers every answer carries, and the ones HTML pages need (a page is opened from a
/// text on a customer's phone: it must not be framed, sniffed, cached or leak its link).
async fn security_headers(req: Request, next: Next) -> Response {
    use http::header::{self, HeaderValue};
    let mut response = next.run(req).await;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if html {
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            headers.insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(HTML_CSP),
            );
        }
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
        headers.insert(
            "permissions-policy",
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        );
    }
    response
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
    let request_id_for_scope = request_id.clone();
    let span = tracing::info_span!("request", request_id = %request_id,
        method = %req.method(), route = %route, dealer = tracing::field::Empty);
    let answer = async move {
        let mut response = next.run(req).await;
        tracing::info!(status = response.status().as_u16(), "answered");
        if let Ok(v) = http::HeaderValue::from_str(&request_id) {
            response.headers_mut().insert("x-request-id", v);
        }
        response
    };
    casebridge_core::events::carrying(request_id_for_scope, answer.instrument(span)).await
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_with_photos_allows_the_buckets_origin_for_images_only() {
        let csp = html_csp_with_images(
            &["body{}"],
            &[],
            Some("https://attachments.s3.us-east-2.amazonaws.com"),
        );
        assert!(
            csp.contains("img-src 'self' data: https://attachments.s3.us-east-2.amazonaws.com;"),
            "{csp}"
        );
        assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'none'"));
        // An origin that would change the policy is left out, not written in.
        let odd = html_csp_with_images(&[], &[], Some("https://x; script-src *"));
        assert!(odd.contains("img-src 'self' data:;"), "{odd}");
        assert_eq!(html_csp(&[], &[]), html_csp_with_images(&[], &[], None));
    }
}
