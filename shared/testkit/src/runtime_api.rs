//! A stand-in for the Lambda Runtime API on 127.0.0.1: it hands a function process one
//! event (`GET /2018-06-01/runtime/invocation/next`), records the answer
//! (`POST .../invocation/{id}/response` or `.../error`) and the moment it arrived, and holds
//! every later `next` open, as Lambda does between invocations. Used to measure cold starts
//! of the real binaries (`cargo bench -p casebridge-testkit --bench cold_start`).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tokio::sync::Notify;

/// What the function answered.
#[derive(Debug, Clone)]
pub struct Answer {
    /// `response` or `error` (a failed invocation) or `init-error`.
    pub kind: String,
    pub body: String,
    pub at: Instant,
}

#[derive(Default)]
struct Inner {
    event: Mutex<Option<String>>,
    answer: Mutex<Option<Answer>>,
    answered: Notify,
}

/// The running stand-in; stops when dropped.
pub struct RuntimeApi {
    pub addr: SocketAddr,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

const REQUEST_ID: &str = "cold-start-1";

async fn next(State(inner): State<Arc<Inner>>) -> Response {
    let event = inner.event.lock().unwrap_or_else(|p| p.into_inner()).take();
    match event {
        Some(body) => {
            let deadline = jiff::Timestamp::now().as_millisecond() + 30_000;
            (
                [
                    ("lambda-runtime-aws-request-id", REQUEST_ID.to_string()),
                    ("lambda-runtime-deadline-ms", deadline.to_string()),
                    (
                        "lambda-runtime-invoked-function-arn",
                        "arn:aws:lambda:us-east-1:123456789012:function:cold-start".into(),
                    ),
                    ("lambda-runtime-trace-id", "Root=1-0-0".into()),
                    ("content-type", "application/json".into()),
                ],
                body,
            )
                .into_response()
        }
        // Lambda holds `next` until the following invocation; there is none.
        None => std::future::pending().await,
    }
}

fn record(inner: &Inner, kind: &str, body: Bytes) {
    let answer = Answer {
        kind: kind.into(),
        body: String::from_utf8_lossy(&body).to_string(),
        at: Instant::now(),
    };
    *inner.answer.lock().unwrap_or_else(|p| p.into_inner()) = Some(answer);
    inner.answered.notify_one();
}

async fn response(
    State(inner): State<Arc<Inner>>,
    Path(_id): Path<String>,
    body: Bytes,
) -> &'static str {
    record(&inner, "response", body);
    "{}"
}

async fn error(
    State(inner): State<Arc<Inner>>,
    Path(_id): Path<String>,
    body: Bytes,
) -> &'static str {
    record(&inner, "error", body);
    "{}"
}

async fn init_error(State(inner): State<Arc<Inner>>, body: Bytes) -> &'static str {
    record(&inner, "init-error", body);
    "{}"
}

impl RuntimeApi {
    /// Starts on a free loopback port with `event` as the one invocation.
    pub async fn start(event: String) -> std::io::Result<RuntimeApi> {
        let inner = Arc::new(Inner::default());
        *inner.event.lock().unwrap_or_else(|p| p.into_inner()) = Some(event);
        let router = axum::Router::new()
            .route("/2018-06-01/runtime/invocation/next", get(next))
            .route(
                "/2018-06-01/runtime/invocation/{id}/response",
                post(response),
            )
            .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
            .route("/2018-06-01/runtime/init/error", post(init_error))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, router).await;
        });
        Ok(RuntimeApi { addr, inner, task })
    }

    /// The function's answer, once it has come (`None` after `timeout`).
    pub async fn answer(&self, timeout: std::time::Duration) -> Option<Answer> {
        let wait = async {
            loop {
                if let Some(a) = self
                    .inner
                    .answer
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .clone()
                {
                    return a;
                }
                self.inner.answered.notified().await;
            }
        };
        tokio::time::timeout(timeout, wait).await.ok()
    }
}

impl Drop for RuntimeApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}
