//! `email-feedback`: what SES reports about sent emails (the configuration set's event
//! destination publishes to the email-feedback topic): deliveries, bounces, complaints.

use casebridge_core::notifications::feedback;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_sns_messages(
        &casebridge_lambda::functions::EMAIL_FEEDBACK,
        |app, message, _budget| async move {
            let report = feedback::parse(&message)?;
            feedback::handle(&app, &report).await.map(|_| ())
        },
    )
    .await
}
