//! Lambda entry points: what every function's `main.rs` would otherwise repeat — logs set up
//! the way the runtime does (so `AWS_LAMBDA_LOG_LEVEL` and the JSON log format apply), the
//! typed config read once, the AWS wiring, then the runtime loop.
//!
//! Event functions use [`serve_events`] (SNS domain events), [`serve_dead_letters`] (their
//! SQS dead-letter queue), [`serve_sns_messages`] (a topic of non-event messages) and
//! [`serve_schedule`]; HTTP functions use [`http::serve`] (feature `http`, which is the only
//! thing that links `lambda_http`). A domain error is mapped to retry / no retry once, here
//! ([`outcome`]).

pub mod emf;
#[cfg(feature = "http")]
pub mod http;

use std::future::Future;

use aws_lambda_events::sns::SnsEvent;
use aws_lambda_events::sqs::SqsEvent;
use casebridge_aws::Aws;
use casebridge_core::events::{DomainEvent, EventKind};
use casebridge_core::ports::{Function, Port};
use casebridge_core::{App, Error};

/// The deployed functions and the ports each wires.
pub use casebridge_core::ports::functions;
use lambda_runtime::{service_fn, Diagnostic, LambdaEvent};

/// What a `main` answers when the function cannot start or run.
pub use lambda_runtime::Error as LambdaError;

/// Logs as the runtime sets them up: level from `AWS_LAMBDA_LOG_LEVEL` (else `RUST_LOG`),
/// JSON when `AWS_LAMBDA_LOG_FORMAT` is JSON; one span per invocation with the request id.
pub fn init_logs() {
    lambda_runtime::tracing::init_default_subscriber();
}

/// The App of a deployed function: [`Aws::app`] (the table and the events topic) plus the
/// ports its entry in [`functions`] names, nothing else, so it neither links nor starts the
/// clients it does not use. A missing variable stops the start with its name.
pub async fn app(function: &'static Function) -> Result<App, lambda_runtime::Error> {
    init_logs();
    let aws = Aws::from_env().await?;
    emf::start(function.name, &aws.config.metrics_namespace);
    wire(&aws, function)
}

/// The AWS adapters of `function`'s ports (the local server and the tests take the same
/// list through [`App::wired_only`]).
pub fn wire(aws: &Aws, function: &Function) -> Result<App, lambda_runtime::Error> {
    let mut app = aws.app();
    for port in function.ports {
        match port {
            Port::Attachments => app.blobs = aws.blobs(),
            Port::AttachmentLinks => app.blobs = aws.download_links(),
            Port::Texts => app.sms = aws.sms(),
            Port::Emails => app.email = aws.email(),
            Port::MobileLinks => app.links = aws.links(),
            Port::Secrets => app.secrets = aws.secrets(),
            Port::Prokeep => app.prokeep = aws.prokeep(),
            Port::Procede => app.procede = aws.procede(),
            Port::Transcripts => app.transcripts = transcripts(function)?,
        }
    }
    Ok(app)
}

#[cfg(feature = "transcripts")]
fn transcripts(
    _: &Function,
) -> Result<std::sync::Arc<dyn casebridge_core::ports::TranscriptRenderer>, lambda_runtime::Error> {
    Ok(std::sync::Arc::new(
        casebridge_transcripts_pdf::PdfTranscripts::from_config(),
    ))
}

/// Only the functions that render PDFs link the PDF stack (feature `transcripts`).
#[cfg(not(feature = "transcripts"))]
fn transcripts(
    function: &Function,
) -> Result<std::sync::Arc<dyn casebridge_core::ports::TranscriptRenderer>, lambda_runtime::Error> {
    Err(format!(
        "{} wires the transcripts port but was built without casebridge-lambda's `transcripts` feature",
        function.name
    )
    .into())
}

/// A failed invocation, as Lambda records it.
#[derive(Debug)]
pub struct Failed(pub Error);

impl From<Failed> for Diagnostic {
    fn from(f: Failed) -> Self {
        let kind = match &f.0 {
            Error::Unavailable(_) => "casebridge.Unavailable",
            Error::Upstream(_) => "casebridge.Upstream",
            _ => "casebridge.Error",
        };
        Diagnostic {
            error_type: kind.to_string(),
            error_message: f.0.to_string(),
        }
    }
}

/// For functions triggered by events (SNS, schedules): a retryable failure is returned to
/// Lambda, which delivers the event again (and, past its retries, to the dead-letter queue);
/// any other failure cannot be fixed by retrying, so it is logged and the event is dropped.
pub fn outcome<T>(result: casebridge_core::Result<T>) -> Result<Option<T>, Failed> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_retryable() => Err(Failed(e)),
        Err(e) => {
            tracing::error!(error = %e, "event dropped: retrying cannot fix this");
            Ok(None)
        }
    }
}

/// The time this invocation may still take (its deadline, less a second to answer).
pub fn budget(context: &lambda_runtime::Context) -> std::time::Duration {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or_default();
    std::time::Duration::from_millis(context.deadline.saturating_sub(now).saturating_sub(1_000))
        .max(std::time::Duration::from_secs(1))
}

/// A domain event out of an SNS message; a message that is not one is logged and skipped
/// (retrying cannot make it parse).
fn event_of(message: &str) -> Option<DomainEvent> {
    let read = serde_json::from_str::<DomainEvent>(message)
        .map_err(|e| e.to_string())
        .and_then(|e| e.what().map(|_| e).map_err(|e| e.to_string()));
    match read {
        Ok(e) => Some(e),
        Err(e) => {
            tracing::error!(error = %e, "SNS message is not a casebridge event; skipped");
            None
        }
    }
}

/// The domain events in an SNS delivery (records that are not one are logged and skipped).
pub fn sns_events(event: &SnsEvent) -> Vec<DomainEvent> {
    event
        .records
        .iter()
        .filter_map(|r| event_of(&r.sns.message))
        .collect()
}

/// The domain events in a batch of dead letters, each with the error Lambda recorded. A
/// dead letter of an SNS-triggered function holds the SNS event it failed on (its error in
/// the message's attributes); an on-failure destination's record is read too, so the queue
/// may be either.
pub fn dead_letters(batch: &SqsEvent) -> Vec<(DomainEvent, String)> {
    let mut out = Vec::new();
    for msg in &batch.records {
        let recorded = msg
            .message_attributes
            .get("ErrorMessage")
            .and_then(|a| a.string_value.clone());
        let body = msg.body.as_deref().unwrap_or_default();
        let (sns, reason) = match serde_json::from_str::<SnsEvent>(body) {
            Ok(sns) => (sns, recorded),
            Err(e) => match on_failure_record(body) {
                Ok((sns, reason)) => (sns, recorded.or(Some(reason))),
                Err(_) => {
                    tracing::error!(error = %e, "dead letter is not an SNS event; skipped");
                    continue;
                }
            },
        };
        let reason = reason.unwrap_or_else(|| "no error message recorded".into());
        out.extend(sns_events(&sns).into_iter().map(|e| (e, reason.clone())));
    }
    out
}

/// Serves a function subscribed to the events topic: each event of a kind it `handles` (its
/// filter policy) goes to `handler`; a retryable failure fails the invocation so Lambda
/// retries it (then dead-letters it).
pub async fn serve_events<H, F>(
    handles: &'static [EventKind],
    function: &'static Function,
    handler: H,
) -> Result<(), lambda_runtime::Error>
where
    H: Fn(App, DomainEvent, std::time::Duration) -> F,
    F: Future<Output = casebridge_core::Result<()>> + Send,
{
    serve_sns_messages(function, |app, message, budget| {
        let call = event_of(&message)
            .filter(|e| handles.contains(&e.kind()))
            .map(|e| {
                // The request that raised the event names its handling in the logs, and
                // what this handling raises in turn.
                let correlation = e.correlation_id.clone().unwrap_or_else(|| e.id.clone());
                let span = tracing::info_span!("event", event_id = %e.id,
                    kind = %e.kind(), correlation_id = %correlation);
                let call = handler(app, e, budget);
                let handled = async move {
                    let outcome = call.await;
                    match &outcome {
                        Ok(()) => tracing::info!("event handled"),
                        Err(error) => tracing::warn!(%error, "event not handled"),
                    }
                    outcome
                };
                let handled = tracing::Instrument::instrument(handled, span);
                casebridge_core::events::carrying(correlation, handled)
            });
        async move {
            match call {
                Some(call) => call.await,
                None => Ok(()),
            }
        }
    })
    .await
}

/// Serves an SQS queue of things that failed elsewhere: `extract` reads each batch into
/// items with the reason they failed, and `handler` gets them one by one.
async fn serve_failed<T, H, F>(
    function: &'static Function,
    extract: fn(&SqsEvent) -> Vec<(T, String)>,
    handler: H,
) -> Result<(), lambda_runtime::Error>
where
    H: Fn(App, T, String) -> F,
    F: Future<Output = casebridge_core::Result<()>> + Send,
{
    let app = app(function).await?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<SqsEvent>| {
        let calls: Vec<F> = extract(&event.payload)
            .into_iter()
            .map(|(item, reason)| handler(app.clone(), item, reason))
            .collect();
        emf::flushed(async move {
            for call in calls {
                outcome(call.await)?;
            }
            Ok::<(), Failed>(())
        })
    }))
    .await
}

/// Serves the dead-letter queue of an SNS-triggered function: `handler` gets each failed
/// domain event and the error Lambda recorded.
pub async fn serve_dead_letters<H, F>(
    function: &'static Function,
    handler: H,
) -> Result<(), lambda_runtime::Error>
where
    H: Fn(App, DomainEvent, String) -> F,
    F: Future<Output = casebridge_core::Result<()>> + Send,
{
    serve_failed(function, dead_letters, handler).await
}

/// An on-failure destination's record (`{requestContext, requestPayload, responsePayload}`):
/// the SNS event the function failed on, and why.
fn on_failure_record(body: &str) -> Result<(SnsEvent, String), String> {
    let record: serde_json::Value =
        serde_json::from_str(body).map_err(|_| "on-failure record is not JSON".to_string())?;
    let reason = record["responsePayload"]["errorMessage"]
        .as_str()
        .or(record["requestContext"]["condition"].as_str())
        .unwrap_or("no reason recorded")
        .to_string();
    let sns = serde_json::from_value::<SnsEvent>(record["requestPayload"].clone())
        .map_err(|e| format!("on-failure record holds no SNS event: {e}"))?;
    Ok((sns, reason))
}

/// The SNS messages of invocations Lambda gave up on, each with why, out of a batch of
/// on-failure destination records.
pub fn failed_messages(batch: &SqsEvent) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for msg in &batch.records {
        match on_failure_record(msg.body.as_deref().unwrap_or_default()) {
            Ok((sns, reason)) => out.extend(
                sns.records
                    .into_iter()
                    .map(|r| (r.sns.message, reason.clone())),
            ),
            Err(e) => tracing::error!(error = %e, "on-failure record skipped"),
        }
    }
    out
}

/// Serves a function consuming on-failure destination queues: `handler` gets each SNS
/// message whose invocation failed every retry, and the error Lambda recorded.
pub async fn serve_failures<H, F>(
    function: &'static Function,
    handler: H,
) -> Result<(), lambda_runtime::Error>
where
    H: Fn(App, String, String) -> F,
    F: Future<Output = casebridge_core::Result<()>> + Send,
{
    serve_failed(function, failed_messages, handler).await
}

/// Serves a function subscribed to a topic whose messages are not domain events (the
/// two-way SMS topic): `handler` gets each raw message and the invocation's [`budget`].
pub async fn serve_sns_messages<H, F>(
    function: &'static Function,
    handler: H,
) -> Result<(), lambda_runtime::Error>
where
    H: Fn(App, String, std::time::Duration) -> F,
    F: Future<Output = casebridge_core::Result<()>> + Send,
{
    let app = app(function).await?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<SnsEvent>| {
        let budget = budget(&event.context);
        let calls: Vec<F> = event
            .payload
            .records
            .iter()
            .map(|r| handler(app.clone(), r.sns.message.clone(), budget))
            .collect();
        emf::flushed(async move {
            for call in calls {
                outcome(call.await)?;
            }
            Ok::<(), Failed>(())
        })
    }))
    .await
}

/// Serves a function EventBridge tells of objects S3 created (the bucket's "Object Created"
/// events): `handler` gets the object's key. An event without one is a wiring mistake,
/// answered as an error (it goes to the rule's dead-letter queue, not silently nowhere).
pub async fn serve_created_objects<H, F>(
    function: &'static Function,
    handler: H,
) -> Result<(), lambda_runtime::Error>
where
    H: Fn(App, String) -> F,
    F: Future<Output = casebridge_core::Result<()>> + Send,
{
    let app = app(function).await?;
    lambda_runtime::run(service_fn(|event: LambdaEvent<serde_json::Value>| {
        let key = created_object_key(&event.payload);
        let call = key.map(|k| handler(app.clone(), k));
        emf::flushed(async move {
            match call {
                Some(call) => outcome(call.await).map(drop),
                None => Err(Failed(Error::bad_field(
                    "detail.object.key",
                    "not an S3 Object Created event",
                ))),
            }
        })
    }))
    .await
}

/// The key of an S3 "Object Created" event as EventBridge delivers it.
pub fn created_object_key(event: &serde_json::Value) -> Option<String> {
    event
        .pointer("/detail/object/key")
        .and_then(|k| k.as_str())
        .map(str::to_string)
}

/// Serves a scheduled function (EventBridge): `job` runs once per invocation and answers
/// a JSON summary; a retryable failure fails this run (the next run tries again).
pub async fn serve_schedule<H, F>(
    function: &'static Function,
    job: H,
) -> Result<(), lambda_runtime::Error>
where
    H: Fn(App) -> F,
    F: Future<Output = casebridge_core::Result<serde_json::Value>> + Send,
{
    let app = app(function).await?;
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| {
        let call = job(app.clone());
        emf::flushed(async move { Ok::<_, Failed>(outcome(call.await)?.unwrap_or_default()) })
    }))
    .await
}

#[cfg(test)]
mod tests;
