//! `casebridge-local`: every HTTP route of `template.yaml` on 127.0.0.1, answered by the
//! functions' own routers, merged into one.
//!
//! The server does what API Gateway does in AWS and nothing more ([`crate::gateway`]: the
//! payload limit and body timeout, the bearer token checked on the routes that declare the
//! JWT scheme, a request id, slow clients cut off). Beside the API it serves
//! `GET /openapi.json`, the signed local download links (S3's presigned URLs) and a loopback
//! stand-in for the two-way SMS topic (`casebridge sms-in`) and for the email-feedback
//! topic (SES's reports; the local email recorder answers SES's mailbox simulator with them).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use casebridge_core::ports::functions;
use casebridge_core::{App, Error};
use casebridge_embedded::in_process::AsyncInvoke;
use casebridge_embedded::local_blobs::{LocalBlobs, DOWNLOAD_PATH, UPLOAD_PATH};
use casebridge_embedded::prokeep_local::RecordingProkeep;
use casebridge_http::openapi::{self, BEARER};
use casebridge_http::problem::problem;
use casebridge_http::{ApiResult, QueryMap};
use tokio::net::TcpListener;

use crate::gateway::{accept, authorize, gateway, Authorizer};
pub use crate::gateway::{Timeouts, MAX_REQUEST_BYTES};
use crate::local::LocalEnv;

/// Where `casebridge sms-in` delivers an inbound text, as the two-way SMS topic would
/// deliver it to `sms-inbound` (local server only; loopback only).
pub const TWO_WAY_SMS_PATH: &str = "/_local/sns/two-way-sms";

/// Where an SES report (delivery, bounce, complaint) is delivered locally, as the
/// email-feedback topic would deliver it to `email-feedback` (loopback only).
pub const EMAIL_FEEDBACK_PATH: &str = "/_local/sns/email-feedback";

pub use crate::http_functions::{api, functions, openapi, routes_as_deployed};

/// The whole local API over `env`; a request body must arrive within `body_read`.
pub fn router(env: &LocalEnv, body_read: std::time::Duration) -> axum::Router {
    let doc = openapi();
    let bearer_routes = openapi::operations(&doc)
        .into_iter()
        .filter(|(m, p)| {
            openapi::security_of(&doc, m, p).is_some_and(|s| s.iter().any(|n| n == BEARER))
        })
        .collect();
    let authorizer = Arc::new(Authorizer {
        secret: env.jwt_secret.clone(),
        bearer_routes,
    });
    let doc = Arc::new(openapi::to_file(&doc));
    let local = axum::Router::new()
        .route(TWO_WAY_SMS_PATH, post(two_way_sms))
        .route(EMAIL_FEEDBACK_PATH, post(email_feedback))
        .route_layer(axum::middleware::from_fn_with_state(
            Arc::new(crate::local::local_route_token(&env.jwt_secret)),
            local_only,
        ))
        .route(&format!("{DOWNLOAD_PATH}{{*key}}"), get(download))
        .with_state(LocalState {
            app: env.app.clone(),
            blobs: env.blobs.clone(),
        });
    let api = routes_as_deployed(&env.app)
        .route_layer(axum::middleware::from_fn_with_state(authorizer, authorize))
        .route(
            "/openapi.json",
            get(move || async move {
                (
                    [(http::header::CONTENT_TYPE, "application/json")],
                    (*doc).clone(),
                )
            }),
        )
        .merge(local)
        .merge(crate::console::router(
            env.app.clone(),
            env.jwt_secret.clone(),
            Some(Arc::new(RecordingProkeep::new(
                crate::local::prokeep_outbox(&env.data_dir),
            ))),
        ));
    // The upload links stand in for S3's presigned PUT: not behind the gateway's 6 MB limit.
    let uploads = axum::Router::new()
        .route(&format!("{UPLOAD_PATH}{{*key}}"), put(upload))
        .with_state(LocalState {
            app: env.app.clone(),
            blobs: env.blobs.clone(),
        });
    casebridge_http::layers::finish(api)
        .layer(axum::middleware::from_fn_with_state(body_read, gateway))
        .merge(uploads)
}

/// The local-only routes (the SNS stand-ins) take a post only from whoever can read the
/// data folder: no `Origin` (a browser names the page that sends a cross-origin request),
/// a JSON body (no "simple" form or `text/plain` post) and the local token.
async fn local_only(State(token): State<Arc<String>>, req: Request, next: Next) -> Response {
    if req.headers().contains_key(http::header::ORIGIN) {
        return problem(&Error::Forbidden(
            "local routes take no request from a web page (an Origin header was sent)".into(),
        ));
    }
    if let Err(e) = casebridge_http::extract::require_json(req.headers()) {
        return problem(&e);
    }
    let given = req
        .headers()
        .get(crate::local::LOCAL_TOKEN_HEADER)
        .map(|v| v.as_bytes())
        .unwrap_or_default();
    if !bool::from(subtle::ConstantTimeEq::ct_eq(given, token.as_bytes())) {
        return problem(&Error::Unauthorized(format!(
            "local routes need the {} header (casebridge sms-in sends it)",
            crate::local::LOCAL_TOKEN_HEADER
        )));
    }
    next.run(req).await
}

/// What the local-only routes need.
#[derive(Clone)]
struct LocalState {
    app: App,
    blobs: Arc<LocalBlobs>,
}

async fn two_way_sms(
    State(LocalState { app, .. }): State<LocalState>,
    req: Request,
) -> ApiResult<Response> {
    let bytes = casebridge_http::extract::read_body(req, 64 * 1024).await?;
    let sms = casebridge_core::sms::inbound::parse(&String::from_utf8_lossy(&bytes))?;
    let outcome = casebridge_core::sms::inbound::receive(
        &app.wired_only(functions::SMS_INBOUND.ports),
        &sms,
        casebridge_core::notifications::LOCAL_BUDGET,
    )
    .await?;
    Ok(axum::Json(serde_json::json!({ "outcome": outcome })).into_response())
}

async fn email_feedback(
    State(LocalState { app, .. }): State<LocalState>,
    req: Request,
) -> ApiResult<Response> {
    let bytes = casebridge_http::extract::read_body(req, 64 * 1024).await?;
    let report = casebridge_core::notifications::feedback::parse(&String::from_utf8_lossy(&bytes))?;
    let app = app.wired_only(functions::EMAIL_FEEDBACK.ports);
    let handled = casebridge_core::notifications::feedback::handle(&app, &report).await?;
    let outcome = match handled {
        casebridge_core::notifications::feedback::Handled::Recorded => "recorded",
        casebridge_core::notifications::feedback::Handled::Ignored => "ignored",
    };
    Ok(axum::Json(serde_json::json!({ "outcome": outcome })).into_response())
}

/// SES's reports about the mailbox simulator's addresses, handled as `email-feedback`
/// would: a moment after the send (as SES reports), again while the send is not yet
/// recorded.
async fn simulated_email_feedback(
    app: App,
    mut reports: tokio::sync::mpsc::UnboundedReceiver<String>,
) {
    use casebridge_core::notifications::feedback;
    let app = app.wired_only(functions::EMAIL_FEEDBACK.ports);
    while let Some(message) = reports.recv().await {
        let Ok(report) = feedback::parse(&message) else {
            continue;
        };
        for _ in 0..20 {
            tokio::time::sleep(std::time::Duration::from_millis(250)).await;
            match feedback::handle(&app, &report).await {
                Ok(feedback::Handled::Recorded) => break,
                Ok(feedback::Handled::Ignored) => continue,
                Err(e) => tracing::warn!(error = %e, "a simulated SES report failed; retrying"),
            }
        }
    }
}

/// Serves a signed local download link (the local stand-in for an S3 presigned URL).
async fn download(
    State(LocalState { blobs, .. }): State<LocalState>,
    q: QueryMap,
    uri: http::Uri,
) -> ApiResult<Response> {
    let blob = blobs
        .open_link(&uri.to_string())
        .await
        .map_err(|e| Error::Forbidden(format!("download link refused: {e}")))?
        .ok_or_else(|| Error::not_found("file"))?;
    // A link with a file name is a download; without one (a photo) it shows inline.
    let disposition = match q.get("name") {
        Some(name) => casebridge_core::cases::attachment_disposition(name),
        None => "inline".to_string(),
    };
    Ok((
        [
            (http::header::CONTENT_TYPE, blob.content_type),
            (http::header::CONTENT_DISPOSITION, disposition),
        ],
        blob.bytes,
    )
        .into_response())
}

/// The most an upload link takes locally (S3 takes up to 5 GB and the check refuses what is
/// over a photo's 10 MB; here what is far over is refused at the door).
const MAX_LOCAL_UPLOAD_BYTES: usize = 32 * 1024 * 1024;

/// Takes a file sent to a signed local upload link (the stand-in for an S3 presigned PUT),
/// then checks it as S3's notification has `photo-check` do.
async fn upload(
    State(LocalState { app, blobs }): State<LocalState>,
    req: Request,
) -> ApiResult<Response> {
    let link = req.uri().to_string();
    let content_type = req
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("application/octet-stream")
        .to_string();
    let bytes = axum::body::to_bytes(req.into_body(), MAX_LOCAL_UPLOAD_BYTES)
        .await
        .map_err(|_| Error::PayloadTooLarge {
            size: MAX_LOCAL_UPLOAD_BYTES + 1,
            limit: MAX_LOCAL_UPLOAD_BYTES,
        })?;
    let key = blobs
        .accept_upload(&link, bytes.to_vec(), &content_type)
        .await
        .map_err(|e| Error::Forbidden(format!("upload link refused: {e}")))?;
    // S3 answers the PUT whatever the check makes of it; so does this.
    match casebridge_core::estimates::check_upload(
        &app.wired_only(functions::PHOTO_CHECK.ports),
        key.as_str(),
    )
    .await
    {
        Ok(checked) => tracing::info!(key = %key.as_str(), ?checked, "estimate photo checked"),
        Err(e) => {
            tracing::warn!(key = %key.as_str(), error = %e, "an uploaded photo could not be checked")
        }
    }
    Ok(http::StatusCode::OK.into_response())
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    env: LocalEnv,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, env, Timeouts::default(), shutdown).await
}

/// [`serve`] with other [`Timeouts`] (tests of slow clients).
pub async fn serve_with(
    listener: TcpListener,
    mut env: LocalEnv,
    timeouts: Timeouts,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    // The local stand-ins for the SNS subscriptions of `prokeep-delivery` (with its DLQ)
    // and `case-notify`: asynchronous, retried, then dead-lettered, as Lambda does.
    let app = env.app.clone();
    subscribe_async(
        &env,
        Arc::new(casebridge_core::parts::ProkeepDelivery {
            app: app.wired_only(functions::PROKEEP_DELIVERY.ports),
        }),
    );
    subscribe_async(
        &env,
        Arc::new(casebridge_core::notifications::CaseNotify {
            app: app.wired_only(functions::CASE_NOTIFY.ports),
        }),
    );
    let feedback = env
        .email_feedback
        .take()
        .map(|reports| tokio::spawn(simulated_email_feedback(app.clone(), reports)));
    let schedules = tokio::spawn(run_schedules(app));
    let result = accept(
        listener,
        router(&env, timeouts.body_read),
        timeouts.header_read,
        shutdown,
    )
    .await;
    schedules.abort();
    if let Some(f) = feedback {
        f.abort();
    }
    result
}

fn subscribe_async<H>(env: &LocalEnv, handler: Arc<H>)
where
    H: casebridge_core::ports::EventHandler + casebridge_core::ports::DeadLetter + 'static,
{
    env.bus.subscribe(Arc::new(AsyncInvoke {
        handler: handler.clone(),
        dead_letter: handler,
        attempts: 3,
        pause: std::time::Duration::from_millis(500),
    }));
}

/// The local stand-in for the scheduled functions (`outbox-relay`, `parts-reminder`).
async fn run_schedules(app: App) {
    let (relay, reminders) = (
        app.wired_only(functions::OUTBOX_RELAY.ports),
        app.wired_only(functions::PARTS_REMINDER.ports),
    );
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(10));
    loop {
        tick.tick().await;
        if let Err(e) = casebridge_core::events::relay(&relay).await {
            tracing::warn!(error = %e, "outbox relay failed; will retry");
        }
        if let Err(e) = casebridge_core::parts::send_reminders(&reminders).await {
            tracing::warn!(error = %e, "parts reminders failed; will retry");
        }
        if let Err(e) = casebridge_core::estimates::send_approval_reminders(&reminders).await {
            tracing::warn!(error = %e, "approval reminders failed; will retry");
        }
    }
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
    spawn_with(data_dir, port, Timeouts::default()).await
}

/// [`spawn`] with other [`Timeouts`].
pub async fn spawn_with(
    data_dir: &std::path::Path,
    port: u16,
    timeouts: Timeouts,
) -> Result<Running, crate::local::LocalError> {
    start(data_dir, port, timeouts, None).await
}

/// [`spawn`] over the DMS file `dms` (a walk that changes a customer's record in it).
pub async fn spawn_over_dms(
    data_dir: &std::path::Path,
    dms: &std::path::Path,
) -> Result<Running, crate::local::LocalError> {
    start(data_dir, 0, Timeouts::default(), Some(dms)).await
}

async fn start(
    data_dir: &std::path::Path,
    port: u16,
    timeouts: Timeouts,
    dms: Option<&std::path::Path>,
) -> Result<Running, crate::local::LocalError> {
    let (listener, addr) = bind(port)
        .await
        .map_err(|source| crate::local::LocalError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
    let base_url = format!("http://{addr}");
    let env = match dms {
        Some(dms) => LocalEnv::open_with(data_dir, &base_url, dms)?,
        None => LocalEnv::open_at(data_dir, &base_url)?,
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve_with(listener, env, timeouts, async {
        let _ = stopped.await;
    }));
    Ok(Running {
        addr,
        base_url,
        stop,
        task,
    })
}
