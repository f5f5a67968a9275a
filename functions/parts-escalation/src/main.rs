//! Lambda entry point of `parts-escalation`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(
        |app, req| async move { parts_escalation::handle(&app, req).await },
    )
    .await
}
