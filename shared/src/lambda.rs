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
    serve_sns_messages(|app, message| {
        let call = event_of(&message).map(|e| handler(app, e));
        async move {
            match call {
                Some(call) => call.await,
                None => Ok(()),
            }
        }
    })
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
    use aws_lambda_events::sqs::SqsEvent;
    use lambda_http::lambda_runtime::{service_fn, LambdaEvent};
    crate::telemetry::init();
    let app = App::from_aws_env().await?;
    lambda_http::lambda_runtime::run(service_fn(|event: LambdaEvent<SqsEvent>| {
        let calls: Vec<F> = dead_letters(&event.payload)
            .into_iter()
            .map(|(e, reason)| handler(app.clone(), e, reason))
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

/// The domain events in an SNS delivery (records that are not one are logged and skipped).
pub fn sns_events(event: &aws_lambda_events::sns::SnsEvent) -> Vec<crate::events::DomainEvent> {
    event
        .records
        .iter()
        .filter_map(|r| event_of(&r.sns.message))
        .collect()
}

/// The domain events in a batch of dead letters, each with the error Lambda recorded. A
/// dead letter of an SNS-triggered function holds the SNS event it failed on.
pub fn dead_letters(
    batch: &aws_lambda_events::sqs::SqsEvent,
) -> Vec<(crate::events::DomainEvent, String)> {
    let mut out = Vec::new();
    for msg in &batch.records {
        let reason = msg
            .message_attributes
            .get("ErrorMessage")
            .and_then(|a| a.string_value.clone())
            .unwrap_or_else(|| "no error message recorded".into());
        let body = msg.body.as_deref().unwrap_or_default();
        match serde_json::from_str::<aws_lambda_events::sns::SnsEvent>(body) {
            Ok(sns) => out.extend(sns_events(&sns).into_iter().map(|e| (e, reason.clone()))),
            Err(e) => tracing::error!(error = %e, "dead letter is not an SNS event; skipped"),
        }
    }
    out
}

/// Serves a function subscribed to a topic whose messages are not domain events (the
/// two-way SMS topic): `handler` gets each raw message.
pub async fn serve_sns_messages<H, F>(handler: H) -> Result<(), lambda_http::Error>
where
    H: Fn(App, String) -> F,
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
            .map(|r| handler(app.clone(), r.sns.message.clone()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sns_event(message: &str) -> serde_json::Value {
        serde_json::json!({"Records": [{
            "EventSource": "aws:sns", "EventVersion": "1.0",
            "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:events:sub",
            "Sns": {"Type": "Notification", "MessageId": "m1", "TopicArn": "arn:aws:sns:us-east-1:123456789012:events",
                "Subject": null, "Message": message, "Timestamp": "2026-11-23T09:00:00.000Z",
                "SignatureVersion": "1", "Signature": "x", "SigningCertUrl": "https://example.test/c.pem",
                "UnsubscribeUrl": "https://example.test/u", "MessageAttributes": {}}
        }]})
    }

    const EVENT: &str = r#"{"id":"e1","type":"parts.escalated","dealerId":"d1","caseId":"c1","occurredAt":"2026-11-23T09:00:00Z","data":{"requestId":"r1"}}"#;

    #[test]
    fn an_sns_delivery_yields_its_events_and_skips_foreign_messages() -> crate::Result<()> {
        let ok: aws_lambda_events::sns::SnsEvent = serde_json::from_value(sns_event(EVENT))
            .map_err(|e| crate::Error::Internal(e.to_string()))?;
        let events = sns_events(&ok);
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].kind, "parts.escalated");
        let foreign: aws_lambda_events::sns::SnsEvent = serde_json::from_value(sns_event("hello"))
            .map_err(|e| crate::Error::Internal(e.to_string()))?;
        assert!(sns_events(&foreign).is_empty());
        Ok(())
    }

    #[test]
    fn a_dead_letter_yields_the_failed_event_and_lambdas_error() -> crate::Result<()> {
        let batch = serde_json::json!({"Records": [{
            "messageId": "q1", "receiptHandle": "h", "body": sns_event(EVENT).to_string(),
            "attributes": {}, "messageAttributes": {"ErrorMessage": {"stringValue": "Prokeep answered 503", "dataType": "String", "stringListValues": [], "binaryListValues": []}},
            "md5OfBody": "x", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:dlq", "awsRegion": "us-east-1"
        }, {
            "messageId": "q2", "receiptHandle": "h", "body": "not json", "attributes": {}, "messageAttributes": {},
            "md5OfBody": "x", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:dlq", "awsRegion": "us-east-1"
        }]});
        let batch: aws_lambda_events::sqs::SqsEvent =
            serde_json::from_value(batch).map_err(|e| crate::Error::Internal(e.to_string()))?;
        let letters = dead_letters(&batch);
        assert_eq!(letters.len(), 1);
        assert_eq!(letters[0].0.id, "e1");
        assert_eq!(letters[0].1, "Prokeep answered 503");
        Ok(())
    }
}
