//! casebridge-http: the one mapping between HTTP and the domain, for every HTTP function
//! and the local server (which merges the same routers).
//!
//! - [`extract`]: what a handler takes — the Case user ([`User`]), a JSON body with a limit
//!   and field-named errors ([`JsonBody`]), the query, path ids, a connector-signed request
//!   ([`Signed`]);
//! - [`problem`]: the domain error as RFC 9457 `application/problem+json`, the only place
//!   that decides status codes ([`ApiError`]);
//! - [`layers`]: one span per request (request id, route, dealer), routing misses (404,
//!   405) answered as problems, security headers;
//! - [`idempotency`]: `Idempotency-Key` on Case users' POSTs;
//! - [`openapi`]: the API document assembled from the routers' own declarations.
//!
//! Claims arrive in an [`AuthClaims`] request extension, put there by whatever verified the
//! token: API Gateway's JWT authorizer in AWS (copied by `casebridge-lambda`), the local
//! server's stand-in locally, the request builders in tests.

pub mod extract;
pub mod forms;
pub mod idempotency;
pub mod layers;
pub mod openapi;
pub mod pages;
pub mod paths;
pub mod problem;

use std::collections::HashMap;

pub use extract::{Admin, JsonBody, PageParams, Path, QueryMap, Signed, User};
pub use problem::{ApiError, Problem};

/// The verified claims of a Case user's bearer token (a flat map of strings, as API
/// Gateway's JWT authorizer hands them over).
#[derive(Debug, Clone, Default)]
pub struct AuthClaims(pub HashMap<String, String>);

/// The address the request came from, as the gateway saw it (API Gateway's
/// `requestContext.http.sourceIp`; locally the socket's peer). Never a header: a client can
/// write `X-Forwarded-For`, so an audit trail never reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientIp(pub String);

/// The id that ties a request's logs together (Lambda's request id in AWS).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

#[doc(hidden)]
pub use axum as __axum;
#[doc(hidden)]
pub use utoipa_axum as __utoipa_axum;

/// Declares an HTTP function's routes once, from its `#[utoipa::path]` handlers grouped by
/// path, and defines from that one list:
/// - `routes()`: the routes with their OpenAPI declarations (the local server merges them;
///   `openapi.json` is generated from them);
/// - `router(app)`: the same routes, ready to serve, with the layers every router gets —
///   without building their documentation, which a Lambda never serves (so neither its
///   code nor its start-up time ends up in the function).
#[macro_export]
macro_rules! api {
    ( $( [ $( $handler:ident ),+ $(,)? ] ),+ $(,)? ) => {
        /// This function's routes with their OpenAPI declarations.
        pub fn routes() -> $crate::__utoipa_axum::router::OpenApiRouter<::casebridge_core::App> {
            $crate::__utoipa_axum::router::OpenApiRouter::new()
                $( .routes($crate::__utoipa_axum::routes!( $( $handler ),+ )) )+
        }

        /// This function's router, ready to serve.
        pub fn router(app: ::casebridge_core::App) -> $crate::__axum::Router {
            #[allow(unused_imports)]
            use $crate::__utoipa_axum::PathItemExt as _;
            #[allow(unused_imports)]
            use ::utoipa::Path as _;
            let router = $crate::__axum::Router::new()
                $( .route(&$crate::api!(@path $( $handler ),+), {
                    let mut methods = $crate::__axum::routing::MethodRouter::new();
                    $( methods = $crate::__utoipa_axum::paste! { [<__path_ $handler>]::methods() }
                        .iter()
                        .fold(methods, |r, m| r.on(m.to_method_filter(), $handler)); )+
                    methods
                }) )+;
            $crate::serve(router, app)
        }
    };
    (@path $first:ident $(, $rest:ident )*) => {
        $crate::__utoipa_axum::paste! { [<__path_ $first>]::path() }
    };
}

/// Routes made ready to serve over `app`, with the layers every router gets (the
/// `Idempotency-Key` layer on the routes, then [`layers::finish`]): what each function's
/// `router(app)` does, and what the test client does with every function's routes merged.
pub fn serve(
    routes: axum::Router<casebridge_core::App>,
    app: casebridge_core::App,
) -> axum::Router {
    layers::finish(over(routes, app))
}

/// Routes over `app` with the `Idempotency-Key` layer, not yet finished: the local server
/// and the test client merge each function's routes over that function's own App.
pub fn over(routes: axum::Router<casebridge_core::App>, app: casebridge_core::App) -> axum::Router {
    routes
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            idempotency::idempotent_posts,
        ))
        .with_state(app)
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

/// `201 Created` with a JSON body.
pub struct Created<T>(pub T);

impl<T: serde::Serialize> axum::response::IntoResponse for Created<T> {
    fn into_response(self) -> axum::response::Response {
        (http::StatusCode::CREATED, axum::Json(self.0)).into_response()
    }
}

/// 201 when the call created the thing, 200 when it answers the existing one.
pub fn created_or_ok<T: serde::Serialize>(created: bool, body: T) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = if created {
        http::StatusCode::CREATED
    } else {
        http::StatusCode::OK
    };
    (status, axum::Json(body)).into_response()
}

/// A redirect that must not be cached (download links expire).
pub fn redirect(location: &str) -> ApiResult<axum::response::Response> {
    http::Response::builder()
        .status(http::StatusCode::FOUND)
        .header(http::header::LOCATION, location)
        .header(http::header::CACHE_CONTROL, "no-store")
        .body(axum::body::Body::empty())
        .map_err(|e| ApiError::from(casebridge_core::Error::Internal(e.to_string())))
}

/// A PDF answered to read in the browser, under `filename` when saved; never cached (it
/// says what was decided, which changes).
pub fn pdf_response(pdf: Vec<u8>, filename: &str) -> axum::response::Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"{filename}\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        pdf,
    )
        .into_response()
}
