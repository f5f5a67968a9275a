//! What handlers take from a request. Every rejection is a problem naming what to fix.

use std::collections::HashMap;

use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRef, FromRequest, FromRequestParts, Request};
use bytes::Bytes;
use casebridge_core::auth::{self, Caller, Principal};
use casebridge_core::dealers::Dealer;
use casebridge_core::ports::{Order, PageRequest};
use casebridge_core::{App, Error};
use http::request::Parts;
use serde::de::DeserializeOwned;

use crate::{ApiError, AuthClaims};

/// The Case user the JWT authorizer verified (no claims: 401), checked against the store
/// (an OEM admin's dealer must be of their OEM).
pub struct User(pub Caller);

impl<S> FromRequestParts<S> for User
where
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let caller = Caller::from_claims(verified_claims(parts)?)?;
        tracing::Span::current().record("dealer", caller.dealer.as_str());
        let caller = auth::authorize(&App::from_ref(state), caller).await?;
        Ok(User(caller))
    }
}

/// The claims the JWT authorizer verified; none (no token) is 401.
fn verified_claims(parts: &Parts) -> Result<&HashMap<String, String>, Error> {
    match parts.extensions.get::<AuthClaims>() {
        Some(claims) if !claims.0.is_empty() => Ok(&claims.0),
        _ => Err(Error::Unauthorized(
            "this route needs a bearer token (Authorization: Bearer <JWT>)".into(),
        )),
    }
}

/// Whoever the JWT authorizer verified, for the administration routes: a platform admin
/// (no dealer), an OEM admin, a dealer's user. What each may do there is
/// `casebridge_core::auth::permissions`.
pub struct Admin(pub Principal);

impl<S> FromRequestParts<S> for Admin
where
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let p = Principal::from_claims(verified_claims(parts)?)?;
        if let Some(d) = &p.dealer {
            tracing::Span::current().record("dealer", d.as_str());
        }
        // A token that names a dealer is held to it as on every other route (an OEM admin's
        // dealer must be of their OEM).
        if p.dealer.is_some() {
            auth::authorize(&App::from_ref(state), p.clone().into_caller()?).await?;
        }
        Ok(Admin(p))
    }
}

/// Reads the body, refusing it past `limit` bytes (413 saying both sizes).
pub async fn read_body(req: Request, limit: usize) -> Result<Bytes, Error> {
    let declared = req
        .headers()
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if let Some(size) = declared.filter(|&s| s > limit) {
        return Err(Error::PayloadTooLarge { size, limit });
    }
    axum::body::to_bytes(req.into_body(), limit)
        .await
        .map_err(|_| Error::PayloadTooLarge {
            size: declared.unwrap_or(limit + 1),
            limit,
        })
}

/// Whether the request says its body is JSON (`application/json`, or a `+json` type such as
/// `application/merge-patch+json`); a JSON route refuses anything else (415), so a web page
/// cannot post one as a "simple" cross-origin form or `text/plain` request.
pub fn require_json(headers: &http::HeaderMap) -> Result<(), Error> {
    let declared = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = declared
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if json {
        return Ok(());
    }
    Err(Error::UnsupportedMediaType(if declared.is_empty() {
        "the request has no Content-Type; send the JSON body with Content-Type: application/json"
            .into()
    } else {
        format!("this route reads JSON, not {declared:?}; send Content-Type: application/json")
    }))
}

/// A JSON body of at most `LIMIT` bytes; errors name the field at fault.
pub struct JsonBody<T, const LIMIT: usize>(pub T);

impl<S, T, const LIMIT: usize> FromRequest<S> for JsonBody<T, LIMIT>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, ApiError> {
        require_json(req.headers())?;
        let bytes = read_body(req, LIMIT).await?;
        Ok(JsonBody(casebridge_core::json::parse(&bytes)?))
    }
}

/// The paging parameters every list takes, declared once for the API document (handlers
/// read them from the [`QueryMap`]).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct PageParams {
    /// Page size, 1 to 100 (default 25)
    #[param(minimum = 1, maximum = 100)]
    limit: Option<usize>,
    /// The previous page's nextPage (an opaque cursor)
    page: Option<String>,
}

/// The query string as a map (last value wins). Never refused: handlers name bad values.
pub struct QueryMap(pub HashMap<String, String>);

impl QueryMap {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// A whole number, 400 naming the parameter when it is not one.
    pub fn number(&self, name: &str) -> Result<Option<usize>, Error> {
        self.0
            .get(name)
            .map(|v| {
                v.parse::<usize>()
                    .map_err(|_| Error::bad_field(name, format!("{v:?} is not a whole number")))
            })
            .transpose()
    }

    /// The page asked for by `limit` and `page` (the previous answer's `nextPage`), in
    /// `order`; 400 naming the parameter that is wrong.
    pub fn page(&self, order: Order) -> Result<PageRequest, Error> {
        PageRequest::asked(
            self.number("limit")?,
            self.get("page").map(str::to_string),
            order,
        )
    }

    /// `true` or `false` (absent: false), 400 naming the parameter otherwise.
    pub fn flag(&self, name: &str) -> Result<bool, Error> {
        match self.0.get(name).map(String::as_str) {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(v) => Err(Error::bad_field(
                name,
                format!("{v:?} is not true or false"),
            )),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        Ok(QueryMap(
            parts
                .uri
                .query()
                .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                .unwrap_or_default(),
        ))
    }
}

/// Path parameters (percent-decoded), usually one of [`crate::paths`]. An id that is not
/// key-safe is refused as its kind says (`casebridge_core::ids::refused`); a segment that
/// cannot be decoded names nothing: 404.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(Path(v)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => match e.into_kind() {
                ErrorKind::DeserializeError { key, value, .. } => {
                    Err(casebridge_core::ids::refused(&key, &value).into())
                }
                kind => {
                    Err(Error::not_found(format!("route {} ({kind})", parts.uri.path())).into())
                }
            },
            Err(e) => Err(Error::not_found(format!("route {} ({e})", parts.uri.path())).into()),
        }
    }
}

/// A Prokeep connector call: the dealer it names, authenticated by its connector signature
/// over the raw body (at most `LIMIT` bytes).
pub struct Signed<const LIMIT: usize> {
    pub dealer: Dealer,
    pub body: Bytes,
    /// Whether the request said its body is JSON (checked where the body is read as JSON).
    json_declared: Result<(), String>,
}

impl<const LIMIT: usize> Signed<LIMIT> {
    /// The signed body as JSON (415 unless declared so); errors name the field at fault.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        if let Err(why) = &self.json_declared {
            return Err(Error::UnsupportedMediaType(why.clone()).into());
        }
        Ok(casebridge_core::json::parse(&self.body)?)
    }
}

impl<S, const LIMIT: usize> FromRequest<S> for Signed<LIMIT>
where
    S: Send + Sync,
    App: FromRef<S>,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let app = App::from_ref(state);
        // Everything about the headers is checked before the body is read.
        let (dealer_header, signature, method, path) = {
            let header = |name: &str| {
                req.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            let dealer = header(auth::signature::DEALER_HEADER).ok_or_else(|| {
                Error::Unauthorized("the request has no X-Casebridge-Dealer header".into())
            })?;
            let signature =
                auth::signature::parse(header(auth::signature::SIGNATURE_HEADER).as_deref())?;
            let path = req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| req.uri().path().to_string());
            (dealer, signature, req.method().as_str().to_string(), path)
        };
        let json_declared = require_json(req.headers()).map_err(|e| e.to_string());
        let body = read_body(req, LIMIT).await?;
        let dealer =
            auth::connector_dealer(&app, &dealer_header, &signature, &method, &path, &body).await?;
        tracing::Span::current().record("dealer", dealer.id.as_str());
        Ok(Signed {
            dealer,
            body,
            json_declared,
        })
    }
}
