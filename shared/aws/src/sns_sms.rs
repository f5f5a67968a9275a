//! SMS through SNS `Publish` to a phone number: transactional, from the dealer's
//! origination number.

use async_trait::async_trait;
use aws_sdk_sns::error::{DisplayErrorContext, SdkError};
use aws_sdk_sns::types::MessageAttributeValue;
use aws_sdk_sns::Client;

use casebridge_core::ports::{OutgoingSms, SmsError, SmsSender};

pub struct SnsSms {
    client: Client,
}

impl SnsSms {
    pub fn new(client: Client) -> Self {
        SnsSms { client }
    }
}

fn attr(v: &str) -> Result<MessageAttributeValue, SmsError> {
    MessageAttributeValue::builder()
        .data_type("String")
        .string_value(v)
        .build()
        .map_err(|e| SmsError::Refused(e.to_string()))
}

#[async_trait]
impl SmsSender for SnsSms {
    async fn send(&self, sms: &OutgoingSms) -> Result<String, SmsError> {
        let out = self
            .client
            .publish()
            .phone_number(&sms.to)
            .message(&sms.body)
            .message_attributes("AWS.SNS.SMS.SMSType", attr("Transactional")?)
            .message_attributes("AWS.MM.SMS.OriginationNumber", attr(&sms.from)?)
            .send()
            .await
            .map_err(|e| {
                let invalid = e
                    .as_service_error()
                    .is_some_and(|s| s.is_invalid_parameter_exception());
                let text = format!("sns publish: {}", DisplayErrorContext(&e));
                match &e {
                    _ if invalid => SmsError::Refused(text),
                    // The request may have reached SNS: its answer was lost.
                    SdkError::TimeoutError(_) | SdkError::ResponseError(_) => {
                        SmsError::Unconfirmed(text)
                    }
                    _ => SmsError::Transient(text),
                }
            })?;
        Ok(out.message_id.unwrap_or_default())
    }
}
