//! `mobile-page`: the page a text's signed link opens. No JWT: the link is the credential.

use casebridge::http::{self, Response};
use casebridge::{sms, App, Error, Result};
use lambda_http::http::Method;
use lambda_http::{Body, Request};

pub const ROUTES: &[(&str, &str)] = &[("GET", "/m/{token}")];

pub async fn handle(app: &App, req: Request) -> Response {
    http::respond(route(app, &req).await)
}

async fn route(app: &App, req: &Request) -> Result<Response> {
    let segs = http::segments(req);
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    match (segs.as_slice(), req.method()) {
        (["m", token], &Method::GET) => {
            let html = sms::page::render(app, token).await?;
            lambda_http::http::Response::builder()
                .status(200)
                .header("content-type", "text/html; charset=utf-8")
                .header("cache-control", "no-store")
                .body(Body::Text(html))
                .map_err(|e| Error::Internal(e.to_string()))
        }
        _ => Err(http::unmatched(ROUTES, req)),
    }
}
