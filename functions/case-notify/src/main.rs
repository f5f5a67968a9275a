//! `case-notify`: on `note.created` / `case.status_changed` (events topic, filtered), texts
//! the case's invited contacts.

use casebridge_core::sms::notify;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_events(notify::NOTIFY_HANDLES, |app, event| async move {
        notify::notify_case_event(&app, &event).await.map(|_| ())
    })
    .await
}
