//! `parts-reminder` (every minute): re-sends, once, escalations nobody claimed in time.

use casebridge::App;
use lambda_http::lambda_runtime::{run, service_fn, LambdaEvent};

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::telemetry::init();
    let app = App::from_aws_env().await?;
    run(service_fn(|_: LambdaEvent<serde_json::Value>| {
        let app = &app;
        async move {
            let sent = casebridge::lambda_outcome(casebridge::parts::send_reminders(app).await)?;
            Ok::<_, casebridge::Error>(serde_json::json!({ "reminded": sent }))
        }
    }))
    .await
}
