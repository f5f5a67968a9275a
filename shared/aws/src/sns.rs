//! The event bus on SNS: each domain event is one message on the events topic, its JSON the
//! body, its type and dealer as message attributes (so subscriptions can filter).

use async_trait::async_trait;
use aws_sdk_sns::error::DisplayErrorContext;
use aws_sdk_sns::types::MessageAttributeValue;
use aws_sdk_sns::Client;

use casebridge_core::events::DomainEvent;
use casebridge_core::ports::EventPublisher;
use casebridge_core::Error;

pub struct SnsEvents {
    client: Client,
    topic_arn: String,
}

impl SnsEvents {
    pub fn new(client: Client, topic_arn: impl Into<String>) -> Self {
        SnsEvents {
            client,
            topic_arn: topic_arn.into(),
        }
    }
}

fn string_attr(v: &str) -> Result<MessageAttributeValue, Error> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(v)
        .build()
        .map_err(|e| Error::Internal(e.to_string()))
}

#[async_trait]
impl EventPublisher for SnsEvents {
    async fn publish(&self, event: &DomainEvent) -> Result<(), Error> {
        let body = serde_json::to_string(event).map_err(|e| Error::Internal(e.to_string()))?;
        let mut publish = self
            .client
            .publish()
            .topic_arn(&self.topic_arn)
            .message(body);
        for (name, value) in event.routing() {
            publish = publish.message_attributes(name, string_attr(&value)?);
        }
        publish
            .send()
            .await
            .map_err(|e| Error::Unavailable(format!("sns publish: {}", DisplayErrorContext(&e))))?;
        Ok(())
    }
}
