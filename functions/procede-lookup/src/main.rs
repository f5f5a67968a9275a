//! Lambda entry point of `procede-lookup`.

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_http(
        |app, req| async move { procede_lookup::handle(&app, req).await },
    )
    .await
}
