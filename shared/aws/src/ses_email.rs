//! Email through SES v2 `SendEmail`: from the dealer's verified address, with the
//! deployment's configuration set (whose event destination publishes deliveries, bounces
//! and complaints to the email-feedback topic), a text and an HTML part, and our headers.

use async_trait::async_trait;
use aws_sdk_sesv2::error::{DisplayErrorContext, SdkError};
use aws_sdk_sesv2::operation::send_email::SendEmailError;
use aws_sdk_sesv2::types::{
    Body, Content, Destination, EmailContent, Message, MessageHeader, MessageTag,
};
use aws_sdk_sesv2::Client;

use casebridge_core::ports::{EmailError, EmailSender, OutgoingEmail};

pub struct SesEmail {
    client: Client,
    configuration_set: Option<String>,
}

impl SesEmail {
    pub fn new(client: Client, configuration_set: Option<String>) -> Self {
        SesEmail {
            client,
            configuration_set,
        }
    }
}

fn utf8(data: &str) -> Result<Content, EmailError> {
    Content::builder()
        .data(data)
        .charset("UTF-8")
        .build()
        .map_err(|e| EmailError::Refused(e.to_string()))
}

/// The request's content: subject, both parts, our headers.
fn content(email: &OutgoingEmail) -> Result<EmailContent, EmailError> {
    let refused = |e: aws_sdk_sesv2::error::BuildError| EmailError::Refused(e.to_string());
    let mut message = Message::builder()
        .subject(utf8(email.subject.as_str())?)
        .body(
            Body::builder()
                .text(utf8(&email.text)?)
                .html(utf8(&email.html)?)
                .build(),
        );
    for (name, value) in &email.headers {
        message = message.headers(
            MessageHeader::builder()
                .name(name.as_str())
                .value(value.as_str())
                .build()
                .map_err(refused)?,
        );
    }
    Ok(EmailContent::builder().simple(message.build()).build())
}

fn classify(e: SdkError<SendEmailError>) -> EmailError {
    let text = format!("ses send_email: {}", DisplayErrorContext(&e));
    let refused = e.as_service_error().is_some_and(|s| {
        s.is_message_rejected()
            || s.is_bad_request_exception()
            || s.is_not_found_exception()
            || s.is_mail_from_domain_not_verified_exception()
    });
    match &e {
        _ if refused => EmailError::Refused(text),
        // The request may have reached SES: its answer was lost.
        SdkError::TimeoutError(_) | SdkError::ResponseError(_) => EmailError::Unconfirmed(text),
        _ => EmailError::Transient(text),
    }
}

#[async_trait]
impl EmailSender for SesEmail {
    async fn send(&self, email: &OutgoingEmail) -> Result<String, EmailError> {
        let mut req = self
            .client
            .send_email()
            .from_email_address(email.from.as_str())
            .destination(
                Destination::builder()
                    .to_addresses(email.to.as_str())
                    .build(),
            )
            .content(content(email)?)
            .set_configuration_set_name(self.configuration_set.clone());
        for (name, value) in &email.tags {
            req = req.email_tags(
                MessageTag::builder()
                    .name(name)
                    .value(value)
                    .build()
                    .map_err(|e| EmailError::Refused(e.to_string()))?,
            );
        }
        let out = req.send().await.map_err(classify)?;
        out.message_id
            .ok_or_else(|| EmailError::Unconfirmed("SES answered without a message id".into()))
    }
}
