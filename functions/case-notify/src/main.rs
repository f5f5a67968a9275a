//! `case-notify`: on `note.created` / `case.status_changed` (events topic, filtered), texts
//! the case's invited contacts.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_sns(|app, event| async move {
        casebridge::sms::notify::notify_case_event(&app, &event)
            .await
            .map(|_| ())
    })
    .await
}
