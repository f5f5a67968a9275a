//! The readers of what Lambda hands the functions: S3 and SNS events, dead letters and
//! on-failure records.

use super::*;

#[test]
fn an_object_created_event_names_its_key() {
    // As EventBridge delivers S3's "Object Created" (trimmed).
    let event = serde_json::json!({
        "version": "0", "detail-type": "Object Created", "source": "aws.s3",
        "detail": {"bucket": {"name": "attachments"},
            "object": {"key": "dealers/d1/cases/c1/estimates/e1/photos/p1", "size": 4000,
                "version-id": "v1"}}
    });
    assert_eq!(
        created_object_key(&event).as_deref(),
        Some("dealers/d1/cases/c1/estimates/e1/photos/p1")
    );
    assert_eq!(
        created_object_key(&serde_json::json!({"Records": []})),
        None
    );
}

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
fn an_sns_delivery_yields_its_events_and_skips_foreign_messages() -> casebridge_core::Result<()> {
    let ok: aws_lambda_events::sns::SnsEvent =
        serde_json::from_value(sns_event(EVENT)).map_err(|e| Error::Internal(e.to_string()))?;
    let events = sns_events(&ok);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind(), EventKind::PartsEscalated);
    let foreign: aws_lambda_events::sns::SnsEvent =
        serde_json::from_value(sns_event("hello")).map_err(|e| Error::Internal(e.to_string()))?;
    assert!(sns_events(&foreign).is_empty());
    Ok(())
}

#[test]
fn an_on_failure_record_yields_the_sns_message_and_the_error() -> casebridge_core::Result<()> {
    let batch = serde_json::json!({"Records": [{
        "messageId": "q1", "receiptHandle": "h", "attributes": {}, "messageAttributes": {},
        "md5OfBody": "x", "eventSource": "aws:sqs", "awsRegion": "us-east-1",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:failures",
        "body": serde_json::json!({
            "version": "1.0", "timestamp": "2026-11-23T09:00:00.000Z",
            "requestContext": {"requestId": "r1", "functionArn": "arn:aws:lambda:us-east-1:123456789012:function:case-notify:$LATEST",
                "condition": "RetriesExhausted", "approximateInvokeCount": 3},
            "requestPayload": sns_event(EVENT),
            "responseContext": {"statusCode": 200, "executedVersion": "$LATEST", "functionError": "Unhandled"},
            "responsePayload": {"errorType": "casebridge.Unavailable", "errorMessage": "SMS could not be sent now"}
        }).to_string()
    }]});
    let batch: SqsEvent =
        serde_json::from_value(batch).map_err(|e| Error::Internal(e.to_string()))?;
    let failed = failed_messages(&batch);
    assert_eq!(
        failed,
        vec![(EVENT.to_string(), "SMS could not be sent now".to_string())]
    );
    Ok(())
}

#[test]
fn a_dead_letter_queue_fed_by_an_on_failure_destination_is_read_too() -> casebridge_core::Result<()>
{
    // What an on-failure destination (and MiniStack for a DeadLetterConfig) puts on the queue.
    let record = serde_json::json!({
        "requestContext": {"condition": "RetriesExhausted"},
        "requestPayload": sns_event(EVENT),
        "responsePayload": {"errorMessage": "Prokeep answered 500"}
    });
    let batch = serde_json::json!({"Records": [{
        "messageId": "q1", "receiptHandle": "h", "body": record.to_string(), "attributes": {},
        "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:dlq", "awsRegion": "us-east-1"
    }]});
    let batch: SqsEvent =
        serde_json::from_value(batch).map_err(|e| Error::Internal(e.to_string()))?;
    let letters = dead_letters(&batch);
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].0.kind(), EventKind::PartsEscalated);
    assert_eq!(letters[0].1, "Prokeep answered 500");
    Ok(())
}

#[test]
fn a_dead_letter_yields_the_failed_event_and_lambdas_error() -> casebridge_core::Result<()> {
    let batch = serde_json::json!({"Records": [{
        "messageId": "q1", "receiptHandle": "h", "body": sns_event(EVENT).to_string(),
        "attributes": {}, "messageAttributes": {"ErrorMessage": {"stringValue": "Prokeep answered 503", "dataType": "String", "stringListValues": [], "binaryListValues": []}},
        "md5OfBody": "x", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:dlq", "awsRegion": "us-east-1"
    }, {
        "messageId": "q2", "receiptHandle": "h", "body": "not json", "attributes": {}, "messageAttributes": {},
        "md5OfBody": "x", "eventSource": "aws:sqs", "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:dlq", "awsRegion": "us-east-1"
    }]});
    let batch: aws_lambda_events::sqs::SqsEvent =
        serde_json::from_value(batch).map_err(|e| Error::Internal(e.to_string()))?;
    let letters = dead_letters(&batch);
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].0.id, "e1");
    assert_eq!(letters[0].1, "Prokeep answered 503");
    Ok(())
}
