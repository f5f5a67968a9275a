//! The Procede HTTP adapter against an HTTP test server on 127.0.0.1 (wiremock): bearer
//! credentials, 5xx retried, timeouts and persistent failures reported, 404 as "deleted".

use std::time::Duration;

use casebridge_aws::procede_http::ProcedeHttp;
use casebridge_core::dealers::DealerId;
use casebridge_core::ports::{ProcedeAccount, ProcedeDms, ProcedeError};
use casebridge_core::procede::{Query, SearchField};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn account() -> ProcedeAccount {
    ProcedeAccount {
        dealer: DealerId::parse("d1").unwrap(),
        api_key: Some("key-123".to_string().into()),
    }
}

fn john() -> serde_json::Value {
    serde_json::json!([{"procedeId": "P1", "name": "John Deere", "customerNumber": "C1", "phone": "515", "city": "Des Moines"},
                       {"procedeId": "P2", "name": "Prairie Haulers", "customerNumber": "C2", "phone": "918", "city": "Tulsa"}])
}

fn adapter(server: &MockServer, timeout: Duration) -> ProcedeHttp {
    ProcedeHttp::new(&server.uri(), timeout).unwrap()
}

#[tokio::test]
async fn search_sends_the_field_the_words_and_the_dealers_key() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers"))
        .and(query_param("by", "name"))
        .and(query_param("q", "john"))
        .and(header("authorization", "Bearer key-123"))
        .respond_with(ResponseTemplate::new(200).set_body_json(john()))
        .expect(1)
        .mount(&server)
        .await;
    let q = Query::parse(SearchField::Name, "John").unwrap();
    let set = adapter(&server, Duration::from_secs(2))
        .candidates(&account(), &q)
        .await
        .unwrap();
    // The DMS may return loose candidates; the shared matcher decides
    let hits: Vec<&str> = set
        .search(&q)
        .into_iter()
        .map(|i| set.records[i].name.as_str())
        .collect();
    assert_eq!(hits, vec!["John Deere"]);
}

#[tokio::test]
async fn a_5xx_is_retried_and_a_later_success_counts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(john()))
        .mount(&server)
        .await;
    let q = Query::parse(SearchField::Name, "john").unwrap();
    let set = adapter(&server, Duration::from_secs(2))
        .candidates(&account(), &q)
        .await
        .unwrap();
    assert_eq!(set.records.len(), 2);
}

#[tokio::test]
async fn a_dms_that_keeps_failing_or_times_out_is_unavailable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(3)
        .mount(&server)
        .await;
    let q = Query::parse(SearchField::Name, "john").unwrap();
    let err = adapter(&server, Duration::from_secs(2))
        .candidates(&account(), &q)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ProcedeError::Unavailable(m) if m.contains("500")),
        "{err:?}"
    );
    let slow = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(john())
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&slow)
        .await;
    let err = adapter(&slow, Duration::from_millis(200))
        .candidates(&account(), &q)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, ProcedeError::Unavailable(m) if m.contains("timed out")),
        "{err:?}"
    );
    // And the caller sees a 502 with the reason
    let problem = casebridge_http::problem::problem(&casebridge_core::Error::from(err));
    assert_eq!(problem.status(), 502);
}

#[tokio::test]
async fn a_customer_the_dms_no_longer_has_is_none_and_a_4xx_is_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers/GONE"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers/P1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&john()[0]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers/DENIED"))
        .respond_with(ResponseTemplate::new(403))
        .mount(&server)
        .await;
    let a = adapter(&server, Duration::from_secs(2));
    assert_eq!(a.customer(&account(), "GONE").await.unwrap(), None);
    assert_eq!(
        a.customer(&account(), "P1").await.unwrap().unwrap().name,
        "John Deere"
    );
    assert!(matches!(
        a.customer(&account(), "DENIED").await,
        Err(ProcedeError::Refused(_))
    ));
}
