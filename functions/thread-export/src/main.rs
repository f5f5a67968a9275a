//! Lambda entry point of `thread-export`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(|app, req| async move { thread_export::handle(&app, req).await })
        .await
}
