//! The SES v2 adapter's request, recorded by an HTTP test server on 127.0.0.1 (wiremock):
//! what moto ignores — the `List-Unsubscribe` headers, the configuration set, the tags, the
//! text part beside the HTML — is on the wire; and SES's answers map to sent, refused,
//! or sent-but-unconfirmed. (Sending itself is tested against moto's SES v2 in the
//! conformance and scenario suites.)

use aws_credential_types::Credentials;
use casebridge_aws::ses_email::SesEmail;
use casebridge_core::ports::{EmailError, EmailSender, OutgoingEmail};
use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// An SES client for the test server: no retries, and an attempt timeout if given.
fn client_with(server: &MockServer, timeout: Option<std::time::Duration>) -> aws_sdk_sesv2::Client {
    let mut config = aws_sdk_sesv2::Config::builder()
        .behavior_version(aws_sdk_sesv2::config::BehaviorVersion::latest())
        .region(aws_sdk_sesv2::config::Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "test"))
        .endpoint_url(server.uri())
        .retry_config(aws_sdk_sesv2::config::retry::RetryConfig::disabled());
    if let Some(t) = timeout {
        config = config.timeout_config(
            aws_sdk_sesv2::config::timeout::TimeoutConfig::builder()
                .operation_attempt_timeout(t)
                .build(),
        );
    }
    aws_sdk_sesv2::Client::from_conf(config.build())
}

fn client(server: &MockServer) -> aws_sdk_sesv2::Client {
    client_with(server, None)
}

fn email() -> OutgoingEmail {
    OutgoingEmail {
        from: "\"Lone Star Trucks\" <service@lonestar.example>".into(),
        to: "jo@fleet.example".into(),
        subject: "Lone Star Trucks: case #1001 (unit T-680) - your asset is ready".into(),
        text: "Case #1001, unit T-680: your asset is ready.".into(),
        html: "<p>Case #1001, unit T-680: your asset is ready.</p>".into(),
        headers: vec![
            (
                "List-Unsubscribe".into(),
                "<https://api.example/e/unsubscribe/tok>".into(),
            ),
            (
                "List-Unsubscribe-Post".into(),
                "List-Unsubscribe=One-Click".into(),
            ),
        ],
        tags: vec![("dealer".into(), "d1".into())],
    }
}

#[tokio::test]
async fn the_request_carries_both_parts_the_one_click_headers_the_configuration_set_and_tags() {
    // Given SES answers with a message id
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/email/outbound-emails"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"MessageId": "ses-1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    // When the adapter sends an email
    let id = SesEmail::new(client(&server), Some("casebridge-prod".into()))
        .send(&email())
        .await
        .unwrap();
    // Then the answer's id is the message id, and the recorded request says everything
    assert_eq!(id, "ses-1");
    let requests = server.received_requests().await.unwrap();
    let body: Value = serde_json::from_slice(&requests[0].body).unwrap();
    assert_eq!(body["FromEmailAddress"], email().from.as_str());
    assert_eq!(
        body["Destination"]["ToAddresses"],
        serde_json::json!(["jo@fleet.example"])
    );
    assert_eq!(body["ConfigurationSetName"], "casebridge-prod");
    assert_eq!(
        body["EmailTags"],
        serde_json::json!([{"Name": "dealer", "Value": "d1"}])
    );
    let simple = &body["Content"]["Simple"];
    assert_eq!(simple["Subject"]["Data"], email().subject.as_str());
    assert_eq!(simple["Subject"]["Charset"], "UTF-8");
    assert_eq!(simple["Body"]["Text"]["Data"], email().text);
    assert_eq!(simple["Body"]["Html"]["Data"], email().html);
    assert_eq!(
        simple["Headers"],
        serde_json::json!([
            {"Name": "List-Unsubscribe", "Value": "<https://api.example/e/unsubscribe/tok>"},
            {"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"},
        ])
    );
}

#[tokio::test]
async fn a_rejected_message_is_refused_for_good_and_a_throttle_may_be_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("x-amzn-errortype", "MessageRejected")
                .set_body_json(serde_json::json!({"message": "Email address is not verified."})),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-amzn-errortype", "TooManyRequestsException")
                .set_body_json(serde_json::json!({"message": "slow down"})),
        )
        .mount(&server)
        .await;
    let ses = SesEmail::new(client(&server), None);
    assert!(
        matches!(ses.send(&email()).await, Err(EmailError::Refused(m)) if m.contains("not verified"))
    );
    assert!(matches!(
        ses.send(&email()).await,
        Err(EmailError::Transient(_))
    ));
}

#[tokio::test]
async fn an_answer_that_never_comes_may_have_sent_the_email() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(5)))
        .mount(&server)
        .await;
    let ses = SesEmail::new(
        client_with(&server, Some(std::time::Duration::from_millis(200))),
        None,
    );
    assert!(matches!(
        ses.send(&email()).await,
        Err(EmailError::Unconfirmed(_))
    ));
}
