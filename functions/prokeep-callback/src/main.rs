//! Lambda entry point of `prokeep-callback`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(
        |app, req| async move { prokeep_callback::handle(&app, req).await },
    )
    .await
}
