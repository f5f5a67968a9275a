//! Lambda entry point of `cases-api`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(|app, req| async move { cases_api::handle(&app, req).await })
        .await
}
