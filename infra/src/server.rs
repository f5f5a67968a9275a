//! `casebridge-local`: every HTTP route of `template.yaml` on 127.0.0.1, answered by the
//! functions' own handlers.
//!
//! The server does what API Gateway does in AWS and nothing more: it enforces the payload
//! limit, validates the bearer token on routes with the JWT authorizer and passes its claims
//! in the request context, then hands the request to the function that owns the route.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body as AxumBody;
use axum::extract::State;
use axum::response::Response as AxumResponse;
use casebridge::adapters::local_blobs::DOWNLOAD_PATH;
use casebridge::auth::jwt;
use casebridge::http::{path_matches, problem};
use casebridge::Error;
use lambda_http::aws_lambda_events::apigw::{
    ApiGatewayRequestAuthorizer, ApiGatewayRequestAuthorizerJwtDescription,
    ApiGatewayV2httpRequestContext,
};
use lambda_http::request::RequestContext;
use lambda_http::RequestExt;
use tokio::net::TcpListener;

use crate::local::LocalEnv;

/// Lambda's synchronous payload limit; API Gateway's (10 MB) is higher, so this one binds.
pub const MAX_REQUEST_BYTES: usize = 6 * 1024 * 1024;

/// How a route authenticates its caller, as `template.yaml` configures it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteAuth {
    /// The HTTP API's JWT authorizer.
    Jwt,
    /// No authorizer: the function checks a signature itself (Prokeep connector, links).
    None,
}

/// One Lambda function's HTTP routes.
pub struct FunctionRoutes {
    pub function: &'static str,
    pub routes: &'static [(&'static str, &'static str)],
    pub auth: RouteAuth,
    /// The function's own handler, as its Lambda `main.rs` calls it.
    pub handler: Handler,
}

pub type Handler = fn(
    casebridge::App,
    lambda_http::Request,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = casebridge::http::Response> + Send>,
>;

/// One table row per function crate: its name, routes, authorizer and handler.
macro_rules! function {
    ($name:literal, $krate:ident, $auth:ident) => {
        FunctionRoutes {
            function: $name,
            routes: $krate::ROUTES,
            auth: RouteAuth::$auth,
            handler: |app, req| Box::pin(async move { $krate::handle(&app, req).await }),
        }
    };
}

/// Every HTTP function of `template.yaml` (a test checks the two agree).
pub const FUNCTIONS: &[FunctionRoutes] = &[
    function!("cases-api", cases_api, Jwt),
    function!("thread-export", thread_export, None),
    function!("thread-close", thread_close, None),
    function!("parts-escalation", parts_escalation, Jwt),
    function!("prokeep-callback", prokeep_callback, None),
    function!("procede-lookup", procede_lookup, Jwt),
    function!("contacts-api", contacts_api, Jwt),
    function!("mobile-page", mobile_page, None),
];

/// Which function serves `path`.
pub fn function_for(path: &str) -> Option<&'static FunctionRoutes> {
    FUNCTIONS
        .iter()
        .find(|f| f.routes.iter().any(|(_, p)| path_matches(p, path)))
}

pub struct Server {
    env: LocalEnv,
}

type Shared = Arc<Server>;

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    env: LocalEnv,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The local stand-ins for the SNS subscriptions of `prokeep-delivery` (with its DLQ)
    // and `case-notify`: asynchronous, retried, then dead-lettered, as Lambda does.
    let app = env.app.clone();
    subscribe_async(
        &env,
        Arc::new(casebridge::parts::ProkeepDelivery { app: app.clone() }),
    );
    subscribe_async(&env, Arc::new(casebridge::sms::notify::CaseNotify { app }));
    let server = Arc::new(Server { env });
    let relay = tokio::spawn(run_schedules(server.clone()));
    let router = axum::Router::new().fallback(dispatch).with_state(server);
    let result = axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await;
    relay.abort();
    result
}

fn subscribe_async<H>(env: &LocalEnv, handler: Arc<H>)
where
    H: casebridge::ports::EventHandler + casebridge::adapters::in_process::DeadLetter + 'static,
{
    env.bus
        .subscribe(Arc::new(casebridge::adapters::in_process::AsyncInvoke {
            handler: handler.clone(),
            dead_letter: handler,
            attempts: 3,
            pause: std::time::Duration::from_millis(500),
        }));
}

/// The local stand-in for the scheduled functions (`outbox-relay`, `parts-reminder`).
async fn run_schedules(server: Shared) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
    loop {
        tick.tick().await;
        if let Err(e) = outbox_relay::handle(&server.env.app).await {
            tracing::warn!(error = %e, "outbox relay failed; will retry");
        }
        if let Err(e) = casebridge::parts::send_reminders(&server.env.app).await {
            tracing::warn!(error = %e, "parts reminders failed; will retry");
        }
    }
}

async fn dispatch(State(server): State<Shared>, req: axum::extract::Request) -> AxumResponse {
    use tracing::Instrument;
    // One span per request, carrying a request id, as Lambda's runtime does per invocation.
    let span = tracing::info_span!("request", request_id = %uuid::Uuid::now_v7(),
        method = %req.method(), path = %req.uri().path());
    async move {
        let response = match route(&server, req).await {
            Ok(r) => r,
            Err(e) => problem(&e),
        };
        tracing::info!(status = response.status().as_u16(), "answered");
        to_axum(response)
    }
    .instrument(span)
    .await
}

async fn route(
    server: &Server,
    req: axum::extract::Request,
) -> Result<casebridge::http::Response, Error> {
    let path = req.uri().path().to_string();
    if path.starts_with(DOWNLOAD_PATH) {
        return download(server, req.uri().clone()).await;
    }
    if path == TWO_WAY_SMS_PATH && req.method() == http::Method::POST {
        return two_way_sms(server, req).await;
    }
    let function = function_for(&path).ok_or_else(|| Error::not_found(format!("route {path}")))?;
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_REQUEST_BYTES)
        .await
        .map_err(|_| Error::PayloadTooLarge {
            size: MAX_REQUEST_BYTES + 1,
            limit: MAX_REQUEST_BYTES,
        })?;
    // The structs are non-exhaustive: fill defaults, then set what API Gateway sets.
    let mut context = ApiGatewayV2httpRequestContext::default();
    context.stage = Some("$default".into());
    if function.auth == RouteAuth::Jwt {
        let mut jwt = ApiGatewayRequestAuthorizerJwtDescription::default();
        jwt.claims = bearer_claims(server, &parts.headers)?;
        let mut authorizer = ApiGatewayRequestAuthorizer::default();
        authorizer.jwt = Some(jwt);
        context.authorizer = Some(authorizer);
    }
    let body = if bytes.is_empty() {
        lambda_http::Body::Empty
    } else {
        lambda_http::Body::Binary(bytes.to_vec())
    };
    let request = lambda_http::Request::from_parts(parts, body)
        .with_request_context(RequestContext::ApiGatewayV2(context));
    Ok((function.handler)(server.env.app.clone(), request).await)
}

/// Where `casebridge sms-in` delivers an inbound text, as the two-way SMS topic would
/// deliver it to `sms-inbound` (local server only; loopback only).
pub const TWO_WAY_SMS_PATH: &str = "/_local/sns/two-way-sms";

async fn two_way_sms(
    server: &Server,
    req: axum::extract::Request,
) -> Result<casebridge::http::Response, Error> {
    let bytes = axum::body::to_bytes(req.into_body(), 64 * 1024)
        .await
        .map_err(|_| Error::PayloadTooLarge {
            size: 64 * 1024 + 1,
            limit: 64 * 1024,
        })?;
    let sms = casebridge::sms::inbound::parse(&String::from_utf8_lossy(&bytes))?;
    let outcome = casebridge::sms::inbound::receive(&server.env.app, &sms).await?;
    casebridge::http::json(200, &serde_json::json!({ "outcome": outcome }))
}

/// What the JWT authorizer does: no valid token, no entry.
fn bearer_claims(
    server: &Server,
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
    jwt::verify(&server.env.jwt_secret, token.trim())
}

/// Serves a signed local download link (the local stand-in for an S3 presigned URL).
async fn download(server: &Server, uri: http::Uri) -> Result<casebridge::http::Response, Error> {
    let key = uri.path().trim_start_matches(DOWNLOAD_PATH).to_string();
    let q: std::collections::HashMap<String, String> = uri
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let field = |k: &str| {
        q.get(k)
            .cloned()
            .ok_or_else(|| Error::bad_field(k, "missing from the link"))
    };
    let (version, sig, name) = (field("version")?, field("sig")?, field("name")?);
    let expires: i64 = field("expires")?
        .parse()
        .map_err(|_| Error::bad_field("expires", "not a number"))?;
    server
        .env
        .blobs
        .verify_download(&key, &version, expires, &sig)
        .map_err(|e| Error::Forbidden(format!("download link refused: {e}")))?;
    let blob = server
        .env
        .blobs
        .read_raw(&key, &version)
        .await?
        .ok_or_else(|| Error::not_found("file"))?;
    http::Response::builder()
        .status(200)
        .header("content-type", blob.content_type)
        .header(
            "content-disposition",
            casebridge::http::attachment_disposition(&name),
        )
        .body(lambda_http::Body::Binary(blob.bytes))
        .map_err(|e| Error::Internal(e.to_string()))
}

fn to_axum(resp: casebridge::http::Response) -> AxumResponse {
    let (parts, body) = resp.into_parts();
    let bytes: Vec<u8> = match body {
        lambda_http::Body::Empty => Vec::new(),
        lambda_http::Body::Text(t) => t.into_bytes(),
        lambda_http::Body::Binary(b) => b,
        _ => Vec::new(),
    };
    AxumResponse::from_parts(parts, AxumBody::from(bytes))
}

/// Binds 127.0.0.1:`port` (0 picks a free port) and answers the bound address.
pub async fn bind(port: u16) -> std::io::Result<(TcpListener, SocketAddr)> {
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// A server running in this process (tests, embedding).
pub struct Running {
    pub addr: SocketAddr,
    pub base_url: String,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting, finishes in-flight requests, and returns once the server is down.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.stop.send(());
        self.task.await.map_err(std::io::Error::other)?
    }
}

/// Starts the local server on 127.0.0.1 (`port` 0 picks a free one) over `data_dir`.
pub async fn spawn(
    data_dir: &std::path::Path,
    port: u16,
) -> Result<Running, crate::local::LocalError> {
    let (listener, addr) = bind(port)
        .await
        .map_err(|source| crate::local::LocalError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
    let base_url = format!("http://{addr}");
    let env = LocalEnv::open_at(data_dir, &base_url)?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve(listener, env, async {
        let _ = stopped.await;
    }));
    Ok(Running {
        addr,
        base_url,
        stop,
        task,
    })
}
