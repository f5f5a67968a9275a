//! The Prokeep REST adapter against an HTTP test server on 127.0.0.1 (wiremock):
//! 202 is success; 4xx is a permanent refusal; 5xx, 429 and timeouts are transient.

use std::time::Duration;

use casebridge_aws::prokeep_rest::ProkeepRest;
use casebridge_core::ports::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};
use wiremock::matchers::{basic_auth, body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn creds() -> ProkeepCredentials {
    ProkeepCredentials {
        username: "dealer-api".into(),
        password: "s3cret".into(),
        sender: "casebridge".into(),
    }
}

fn message() -> ProkeepMessage {
    ProkeepMessage {
        from: "casebridge".into(),
        to: "parts-counter".into(),
        text: "Parts request r-1\n- 1 x TRB-4471".into(),
    }
}

async fn send_to(server: &MockServer, timeout: Duration) -> Result<(), DeliveryError> {
    ProkeepRest::new(&server.uri(), timeout)
        .unwrap()
        .send(&creds(), &message())
        .await
}

#[tokio::test]
async fn a_202_with_basic_auth_and_the_json_message_is_delivered() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/v1/messages"))
        .and(basic_auth("dealer-api", "s3cret"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({"from": "casebridge", "to": "parts-counter", "text": "Parts request r-1\n- 1 x TRB-4471"})))
        .respond_with(ResponseTemplate::new(202))
        .expect(1)
        .mount(&server)
        .await;
    send_to(&server, Duration::from_secs(2)).await.unwrap();
}

#[tokio::test]
async fn a_4xx_is_a_permanent_refusal_with_prokeeps_words() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(401).set_body_string("invalid credentials"))
        .mount(&server)
        .await;
    match send_to(&server, Duration::from_secs(2)).await {
        Err(DeliveryError::Permanent(m)) => assert!(
            m.contains("401") && m.contains("invalid credentials"),
            "{m}"
        ),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_5xx_or_429_is_transient() {
    for status in [500, 503, 429] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        assert!(
            matches!(
                send_to(&server, Duration::from_secs(2)).await,
                Err(DeliveryError::Transient(_))
            ),
            "{status}"
        );
    }
}

#[tokio::test]
async fn a_prokeep_that_does_not_answer_in_time_is_transient() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    match send_to(&server, Duration::from_millis(300)).await {
        Err(DeliveryError::Transient(m)) => assert!(m.contains("timed out"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_unreachable_prokeep_is_transient() {
    // A port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let p = ProkeepRest::new(&format!("http://127.0.0.1:{port}"), Duration::from_secs(1)).unwrap();
    assert!(matches!(
        p.send(&creds(), &message()).await,
        Err(DeliveryError::Transient(_))
    ));
}
