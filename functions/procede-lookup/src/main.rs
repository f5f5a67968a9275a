//! Lambda entry point of `procede-lookup`: the table, the events topic and the Procede DMS, behind its router.

#[tokio::main]
async fn main() -> Result<(), casebridge_lambda::LambdaError> {
    casebridge_lambda::http::serve(
        |aws| {
            let mut app = aws.app();
            app.procede = aws.procede();
            app.secrets = aws.secrets();
            app
        },
        procede_lookup::router,
    )
    .await
}
