//! `case-notify`: on `note.created` / `case.status_changed` / `estimate.sent` (events
//! topic, filtered), texts and emails the case's recipients.

use casebridge_core::notifications;

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::serve_events(
        notifications::NOTIFY_HANDLES,
        &casebridge_lambda::functions::CASE_NOTIFY,
        |app, event, budget| async move {
            notifications::notify_case_event(&app, &event, budget)
                .await
                .map(|_| ())
        },
    )
    .await
}
