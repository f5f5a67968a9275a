//! Lambda entry point of `outbox-relay` (EventBridge schedule).

use casebridge::App;
use lambda_runtime::{service_fn, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    casebridge::telemetry::init();
    let app = App::from_aws_env().await?;
    lambda_runtime::run(service_fn(|_: LambdaEvent<serde_json::Value>| {
        let app = &app;
        // A retryable error fails this run; the next minute's run tries again.
        async move {
            let published = casebridge::lambda_outcome(outbox_relay::handle(app).await)?;
            Ok::<_, casebridge::Error>(serde_json::json!({ "published": published }))
        }
    }))
    .await
}
