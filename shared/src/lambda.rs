//! Lambda entry points: what every function's `main.rs` would otherwise repeat — logs,
//! typed config read once, the AWS clients, then the runtime loop.

use std::future::Future;

use crate::adapters::{aws_sdk_config, AwsClients};
use crate::config::AwsConfig;
use crate::http::Response;
use crate::App;

impl App {
    /// The production App from the function's environment (fails naming a missing variable).
    pub async fn from_aws_env() -> Result<App, crate::config::ConfigError> {
        let config = AwsConfig::from_env()?;
        Ok(App::on_aws(
            &AwsClients::new(&aws_sdk_config().await),
            &config,
        ))
    }
}

/// Serves an HTTP API function: every request goes to `handler` with the wired App.
pub async fn serve_http<H, F>(handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(App, lambda_http::Request) -> F,
    F: Future<Output = Response> + Send,
{
    crate::telemetry::init();
    let app = App::from_aws_env().await?;
    lambda_http::run(lambda_http::service_fn(|req| {
        let response = handler(app.clone(), req);
        async move { Ok::<_, std::convert::Infallible>(response.await) }
    }))
    .await
}

/// A domain event out of an SNS record; a message that is not one is logged and skipped
/// (retrying cannot make it parse).
fn event_of(message: &str) -> Option<crate::events::DomainEvent> {
    match serde_json::from_str(message) {
        Ok(e) => Some(e),
        Err(e) => {
            tracing::error!(error = %e, "SNS message is not a casebridge event; skipped");
            None
        }
    }
}

/// Serves a function subscribed to the events topic: each event goes to `handler`; a
/// retryable failure fails the invocation so Lambda retries it (then dead-letters it).
pub async fn serve_sns<H, F>(handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(App, crate::events::DomainEvent) -> F,
    F: Future<Output = crate::Result<()>> + Send,
{
    use aws_lambda_events::sns::SnsEvent;
    use lambda_http::lambda_runtime::{service_fn, LambdaEvent};
    crate::telemetry::init();
    let app = App::from_aws_env().await?;
    lambda_http::lambda_runtime::run(service_fn(|event: LambdaEvent<SnsEvent>| {
        let calls: Vec<F> = event
            .payload
            .records
            .iter()
            .filter_map(|r| event_of(&r.sns.message))
            .map(|e| handler(app.clone(), e))
            .collect();
        async move {
            for call in calls {
                crate::lambda_outcome(call.await)?;
            }
            Ok::<(), crate::Error>(())
        }
    }))
    .await
}

/// Serves the dead-letter queue of an SNS-triggered function: each SQS message holds the
/// SNS event that failed every retry; `handler` gets each of its domain events and the
/// error Lambda recorded.
pub async fn serve_dead_letters<H, F>(handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(App, crate::events::DomainEvent, String) -> F,
    F: Future<Output = crate::Result<()>> + Send,
{
    use aws_lambda_events::sns::SnsEvent;
    use aws_lambda_events::sqs::SqsEvent;
    use lambda_http::lambda_runtime::{service_fn, LambdaEvent};
    crate::telemetry::init();
    let app = App::from_aws_env().await?;
    lambda_http::lambda_runtime::run(service_fn(|event: LambdaEvent<SqsEvent>| {
        let mut calls = Vec::new();
        for msg in &event.payload.records {
            let reason = msg
                .message_attributes
                .get("ErrorMessage")
                .and_then(|a| a.string_value.clone())
                .unwrap_or_else(|| "no error message recorded".into());
            match serde_json::from_str::<SnsEvent>(msg.body.as_deref().unwrap_or_default()) {
                Ok(sns) => calls.extend(
                    sns.records
                        .iter()
                        .filter_map(|r| event_of(&r.sns.message))
                        .map(|e| handler(app.clone(), e, reason.clone())),
                ),
                Err(e) => tracing::error!(error = %e, "dead letter is not an SNS event; skipped"),
            }
        }
        async move {
            for call in calls {
                crate::lambda_outcome(call.await)?;
            }
            Ok::<(), crate::Error>(())
        }
    }))
    .await
}
