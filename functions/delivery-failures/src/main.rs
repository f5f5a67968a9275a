//! `delivery-failures`: the on-failure destinations of `case-notify`, `sms-inbound` and
//! `email-feedback`. Texts and emails that still could not be sent, and customers' texts
//! that could not be handled, become internal notes on their case (and the queues alarm),
//! so nothing fails silently; an SES report (a bounce) is handled once more, so the address
//! is still stopped.

use casebridge_core::events::DomainEvent;
use casebridge_core::notifications::feedback;
use casebridge_core::sms::{failures, inbound};

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_failures(
        casebridge_lambda::store_and_events,
        |app, message, reason| async move {
            if let Ok(event) = serde_json::from_str::<DomainEvent>(&message) {
                return failures::notify_gave_up(&app, &event, &reason)
                    .await
                    .map(|_| ());
            }
            if let Ok(report) = feedback::parse(&message) {
                return feedback::handle(&app, &report).await.map(|_| ());
            }
            let sms = inbound::parse(&message)?;
            failures::inbound_gave_up(&app, &sms, &reason)
                .await
                .map(|_| ())
        },
    )
    .await
}
