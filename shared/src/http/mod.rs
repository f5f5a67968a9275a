//! The one mapping between HTTP and the domain, used by every HTTP function and therefore
//! by the local server too (it calls the functions' handlers).
//!
//! Requests are `lambda_http::Request`s: in AWS built by the runtime from the API Gateway
//! event, locally built by the server with the same request context (JWT claims included).
//! Errors leave here exactly one way: [`problem`], as RFC 9457 `application/problem+json`.

mod problem;

use std::collections::HashMap;

use lambda_http::request::RequestContext;
use lambda_http::{Body, Request, RequestExt};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::auth::Caller;
use crate::error::{Error, FieldError, Result};

pub use problem::problem;

pub type Response = http::Response<Body>;

/// Reads the Case user the JWT authorizer (or the local server) verified.
pub fn caller(req: &Request) -> Result<Caller> {
    let claims = match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => ctx
            .authorizer
            .as_ref()
            .and_then(|a| a.jwt.as_ref())
            .map(|j| &j.claims),
        _ => None,
    };
    match claims {
        Some(claims) if !claims.is_empty() => Caller::from_claims(claims),
        _ => Err(Error::Unauthorized(
            "this route needs a bearer token (Authorization: Bearer <JWT>)".into(),
        )),
    }
}

/// The raw body bytes, refused past `limit`.
pub fn body_bytes(req: &Request, limit: usize) -> Result<&[u8]> {
    let bytes: &[u8] = req.body().as_ref();
    if bytes.len() > limit {
        return Err(Error::PayloadTooLarge {
            size: bytes.len(),
            limit,
        });
    }
    Ok(bytes)
}

/// Parses a JSON body; errors name the field that is wrong.
pub fn json_body<T: DeserializeOwned>(req: &Request, limit: usize) -> Result<T> {
    parse_json(body_bytes(req, limit)?)
}

pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::BadRequest {
            detail: "the request needs a JSON body".into(),
            errors: vec![FieldError::new("body", "empty")],
        });
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let inner = e.inner().to_string();
        let mut field = e.path().to_string();
        // serde reports a missing field at its parent; name the field itself.
        if let Some(missing) = inner
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            field = if field == "." {
                missing.to_string()
            } else {
                format!("{field}.{missing}")
            };
        }
        // Where serde_json cannot place the error, the body as a whole is at fault.
        let placed = field != "." && !field.ends_with('?');
        if !placed {
            field = "body".into();
        }
        let message = if !placed && (e.inner().is_syntax() || e.inner().is_eof()) {
            format!("the body is not valid JSON: {inner}")
        } else {
            inner
        };
        Error::BadRequest {
            detail: format!("{field}: {message}"),
            errors: vec![FieldError::new(field, message)],
        }
    })
}

/// The query string as a map (last value wins).
pub fn query(req: &Request) -> HashMap<String, String> {
    req.uri()
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default()
}

/// A numeric query parameter, 400 naming it when it is not a number.
pub fn query_number(q: &HashMap<String, String>, name: &str) -> Result<Option<usize>> {
    q.get(name)
        .map(|v| {
            v.parse::<usize>()
                .map_err(|_| Error::bad_field(name, format!("{v:?} is not a whole number")))
        })
        .transpose()
}

/// The path split into its segments (`/v1/cases/c1` → `["v1", "cases", "c1"]`).
pub fn segments(req: &Request) -> Vec<String> {
    req.uri()
        .path()
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect()
}

fn percent_decode(s: &str) -> String {
    // form_urlencoded also turns '+' into ' ', which a path does not; protect it.
    let protected = s.replace('+', "%2B");
    form_urlencoded::parse(format!("x={protected}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

pub fn json<T: Serialize>(status: u16, value: &T) -> Result<Response> {
    let body = serde_json::to_vec(value).map_err(|e| Error::Internal(e.to_string()))?;
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Body::Binary(body))
        .map_err(|e| Error::Internal(e.to_string()))
}

pub fn redirect(location: &str) -> Result<Response> {
    http::Response::builder()
        .status(302)
        .header("location", location)
        .header("cache-control", "no-store")
        .body(Body::Empty)
        .map_err(|e| Error::Internal(e.to_string()))
}

/// Whether `path` fits a route pattern such as `/v1/cases/{caseId}`.
pub fn path_matches(pattern: &str, path: &str) -> bool {
    let pat: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let got: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    pat.len() == got.len()
        && pat
            .iter()
            .zip(&got)
            .all(|(p, g)| (p.starts_with('{') && p.ends_with('}')) || p == g)
}

/// The error for a request no route took: 405 naming the allowed methods when the path is
/// known, else 404.
pub fn unmatched(routes: &[(&str, &str)], req: &Request) -> Error {
    let path = req.uri().path();
    let allowed: Vec<&str> = routes
        .iter()
        .filter(|(_, pattern)| path_matches(pattern, path))
        .map(|(m, _)| *m)
        .collect();
    if allowed.is_empty() {
        Error::not_found(format!("route {path}"))
    } else {
        Error::MethodNotAllowed(allowed.join(", "))
    }
}

/// Turns a handler's result into the response, the error way through [`problem`].
pub fn respond(result: Result<Response>) -> Response {
    result.unwrap_or_else(|e| problem(&e))
}

/// `Content-Disposition` for a download; the file name is reduced to safe characters.
pub fn attachment_disposition(file_name: &str) -> String {
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("attachment; filename=\"{safe}\"")
}

/// Authenticates a Prokeep connector call: `X-Casebridge-Dealer` names the dealer, and
/// `X-Casebridge-Signature` must sign the raw body with one of its connector secrets.
/// An unknown dealer and a bad signature look the same to the caller (401).
pub async fn connector_dealer(
    app: &crate::App,
    req: &Request,
    body_limit: usize,
) -> Result<crate::dealers::Dealer> {
    use crate::auth::signature;
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let dealer_id = header(signature::DEALER_HEADER).ok_or_else(|| {
        Error::Unauthorized("the request has no X-Casebridge-Dealer header".into())
    })?;
    let refused = || Error::Unauthorized("unknown dealer or bad signature".into());
    let id = crate::dealers::DealerId::parse(dealer_id).map_err(|_| refused())?;
    let dealer = match crate::dealers::load_dealer(app, &id).await {
        Ok(d) => d,
        Err(Error::NotFound(_)) => return Err(refused()),
        Err(e) => return Err(e),
    };
    let body = body_bytes(req, body_limit)?;
    signature::verify(
        header(signature::SIGNATURE_HEADER),
        &dealer.connector_secrets,
        body,
        app.clock.now().as_second(),
    )?;
    if !dealer.settings.prokeep_connector_enabled {
        return Err(Error::Forbidden(format!(
            "the Prokeep connector is not enabled for dealer {}; a dealer admin can enable it",
            dealer.id
        )));
    }
    Ok(dealer)
}

pub fn no_content() -> Result<Response> {
    http::Response::builder()
        .status(204)
        .body(Body::Empty)
        .map_err(|e| Error::Internal(e.to_string()))
}
