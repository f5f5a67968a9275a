//! `sms-inbound`: texts from customers' phones (two-way SMS topic).

#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    casebridge::lambda::serve_sns_messages(|app, message| async move {
        let sms = casebridge::sms::inbound::parse(&message)?;
        casebridge::sms::inbound::receive(&app, &sms)
            .await
            .map(|_| ())
    })
    .await
}
