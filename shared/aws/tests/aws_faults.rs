//! What the AWS adapters make of AWS failures that moto cannot stage (throttling,
//! cancelled transactions, an unversioned bucket), with the SDK's own mock client.
//! Each failure must become the domain error whose retry and HTTP mapping is right.

use std::sync::Arc;

use aws_sdk_dynamodb::operation::get_item::GetItemError;
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::error::{
    ProvisionedThroughputExceededException, TransactionCanceledException,
};
use aws_sdk_dynamodb::types::CancellationReason;
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use casebridge_aws::dynamodb::DynamoStore;
use casebridge_aws::s3::S3Blobs;
use casebridge_aws::sns::SnsEvents;
use casebridge_core::dealers::DealerId;
use casebridge_core::events::DomainEvent;
use casebridge_core::happened::{Happened, PartsRequestRef};
use casebridge_core::ports::{
    BlobKey, BlobStore, EventPublisher, Item, ItemStore, StoreError, SystemClock, WriteOp,
};
use casebridge_core::Error;

fn cancelled(codes: &[&str]) -> TransactWriteItemsError {
    let mut b = TransactionCanceledException::builder().message("cancelled");
    for c in codes {
        b = b.cancellation_reasons(CancellationReason::builder().code(*c).build());
    }
    TransactWriteItemsError::TransactionCanceledException(b.build())
}

fn two_puts() -> Vec<WriteOp> {
    vec![
        WriteOp::put(Item::new("p", "a", Default::default())),
        WriteOp::put(Item::new("p", "b", Default::default())),
    ]
}

#[tokio::test]
async fn throttling_that_outlasts_the_sdk_retries_is_unavailable_and_retryable() {
    let rule = mock!(aws_sdk_dynamodb::Client::get_item)
        .sequence()
        .error(|| {
            GetItemError::ProvisionedThroughputExceededException(
                ProvisionedThroughputExceededException::builder()
                    .message("slow down")
                    .build(),
            )
        })
        .repeatedly()
        .build();
    let client = mock_client!(aws_sdk_dynamodb, RuleMode::MatchAny, [&rule]);
    let store = DynamoStore::new(client, "t", Arc::new(SystemClock));
    let err = store.get("p", "s").await.unwrap_err();
    assert!(matches!(err, StoreError::Unavailable(_)), "{err:?}");
    let domain = Error::from(err);
    assert!(
        domain.is_retryable(),
        "an event handler hands it back to Lambda to retry"
    );
    assert_eq!(casebridge_http::problem::problem(&domain).status(), 503);
}

#[tokio::test]
async fn a_cancelled_transaction_names_the_operation_whose_condition_failed() {
    let rule = mock!(aws_sdk_dynamodb::Client::transact_write_items)
        .then_error(|| cancelled(&["None", "ConditionalCheckFailed"]));
    let client = mock_client!(aws_sdk_dynamodb, [&rule]);
    let store = DynamoStore::new(client, "t", Arc::new(SystemClock));
    let err = store.transact(two_puts()).await.unwrap_err();
    assert!(
        matches!(err, StoreError::ConditionFailed { op: Some(1) }),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_transaction_lost_to_a_concurrent_one_is_a_retryable_conflict() {
    let rule = mock!(aws_sdk_dynamodb::Client::transact_write_items)
        .then_error(|| cancelled(&["TransactionConflict", "None"]));
    let client = mock_client!(aws_sdk_dynamodb, [&rule]);
    let store = DynamoStore::new(client, "t", Arc::new(SystemClock));
    let err = store.transact(two_puts()).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict), "{err:?}");
    assert!(Error::from(err).is_retryable());
}

#[tokio::test]
async fn a_put_into_an_unversioned_bucket_is_refused_rather_than_losing_the_draft() {
    let rule = mock!(aws_sdk_s3::Client::put_object)
        .then_output(|| aws_sdk_s3::operation::put_object::PutObjectOutput::builder().build());
    let client = mock_client!(aws_sdk_s3, [&rule]);
    let blobs = S3Blobs::new(client, "unversioned");
    let key = BlobKey::for_dealer(&DealerId::parse("d1").unwrap(), &["x.pdf"]).unwrap();
    let err = blobs
        .put(&key, b"pdf".to_vec(), "application/pdf")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Unavailable(m) if m.contains("not versioned")),
        "{err:?}"
    );
}

#[tokio::test]
async fn an_sns_outage_is_retryable_so_the_event_stays_in_the_outbox() {
    let rule = mock!(aws_sdk_sns::Client::publish)
        .sequence()
        .http_status(500, None)
        .repeatedly()
        .build();
    let client = mock_client!(aws_sdk_sns, RuleMode::MatchAny, [&rule]);
    let sns = SnsEvents::new(client, "arn:aws:sns:us-east-1:123456789012:events");
    let event = DomainEvent::at(
        "e1".into(),
        &DealerId::parse("d1").unwrap(),
        None,
        jiff::Timestamp::now(),
        Happened::PartsReminder(PartsRequestRef {
            request_id: casebridge_core::ids::PartsRequestId::parse("r1").unwrap(),
        }),
    );
    let err = sns.publish(&event).await.unwrap_err();
    assert!(err.is_retryable(), "{err:?}");
}
