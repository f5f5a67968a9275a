//! `case-notify`: on `note.created` / `case.status_changed` (events topic, filtered), texts
//! the case's invited contacts.

use casebridge_core::sms::notify;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_events(
        notify::NOTIFY_HANDLES,
        |aws| {
            let mut app = aws.app();
            app.sms = aws.sms();
            app.links = aws.links();
            app
        },
        |app, event, budget| async move {
            notify::notify_case_event(&app, &event, budget)
                .await
                .map(|_| ())
        },
    )
    .await
}
