//! Lambda entry point of `mobile-page`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(|app, req| async move { mobile_page::handle(&app, req).await })
        .await
}
