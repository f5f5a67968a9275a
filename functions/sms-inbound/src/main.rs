//! `sms-inbound`: texts from customers' phones (two-way SMS topic).

use casebridge_core::sms::inbound;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_sns_messages(
        &casebridge_lambda::functions::SMS_INBOUND,
        |app, message, budget| async move {
            let sms = inbound::parse(&message)?;
            inbound::receive(&app, &sms, budget).await.map(|_| ())
        },
    )
    .await
}
