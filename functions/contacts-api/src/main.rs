//! Lambda entry point of `contacts-api`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(|app, req| async move { contacts_api::handle(&app, req).await })
        .await
}
