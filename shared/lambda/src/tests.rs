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

/// What case-notify counted in one invocation leaves as EMF lines CloudWatch turns into
/// metrics: the stack's namespace, the function as dimension, units, and counts as deltas.
#[test]
fn what_a_function_counts_is_written_as_embedded_metrics() {
    use casebridge_core::measures;
    crate::emf::start("case-notify", "casebridge/test-stack");
    measures::text(true);
    measures::text(true);
    measures::email(false);
    measures::pdf_rendered("estimate", 2, std::time::Duration::from_millis(15));
    let mut out = Vec::new();
    crate::emf::flush_to(&mut out).unwrap();
    let docs: Vec<serde_json::Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let with_dimensions = |dims: serde_json::Value| {
        docs.iter()
            .find(|d| d["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == dims)
            .unwrap_or_else(|| panic!("no document with dimensions {dims}: {docs:?}"))
    };
    let counts = with_dimensions(serde_json::json!([["Function"]]));
    let declared = &counts["_aws"]["CloudWatchMetrics"][0];
    assert_eq!(declared["Namespace"], "casebridge/test-stack");
    assert_eq!(counts["Function"], "case-notify");
    assert_eq!(
        (
            &counts["TextsSent"],
            &counts["EmailsFailed"],
            &counts["ColdStarts"]
        ),
        (
            &serde_json::json!(2),
            &serde_json::json!(1),
            &serde_json::json!(1)
        )
    );
    assert!(declared["Metrics"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"Name": "TextsSent", "Unit": "Count"})));
    let pdfs = with_dimensions(serde_json::json!([["Function", "Kind"]]));
    assert_eq!(pdfs["Kind"], "estimate");
    assert_eq!(pdfs["PdfPages"], serde_json::json!([2.0]));
    assert_eq!(pdfs["PdfRenderTime"], serde_json::json!([15.0]));
    assert!(pdfs["_aws"]["CloudWatchMetrics"][0]["Metrics"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!({"Name": "PdfRenderTime", "Unit": "Milliseconds"})));
    // Counted once: the next invocation's flush starts from zero.
    let mut again = Vec::new();
    crate::emf::flush_to(&mut again).unwrap();
    assert!(again.is_empty(), "{}", String::from_utf8_lossy(&again));
}
