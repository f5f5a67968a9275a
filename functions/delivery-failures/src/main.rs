//! `delivery-failures`: the on-failure destinations of `case-notify`, `sms-inbound` and
//! `email-feedback`. What each failure becomes is `notifications::gave_up`: texts and emails
//! that still could not be sent, and customers' texts that could not be handled, become
//! internal notes on their case (and the queues alarm); an SES report is handled once more.

use casebridge_core::notifications::gave_up as failures;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_failures(
        &casebridge_lambda::functions::DELIVERY_FAILURES,
        |app, message, reason| async move { failures::gave_up(&app, &message, &reason).await },
    )
    .await
}
