//! Lambda entry point of `thread-close`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(|app, req| async move { thread_close::handle(&app, req).await })
        .await
}
