//! An advisor's day on the local server: a case worked end to end and kept across a
//! restart, an attachment downloaded through a signed local link, a body over the Lambda
//! limit refused.

use super::*;

#[tokio::test]
async fn an_advisor_works_a_case_through_the_local_server_and_it_survives_a_restart() {
    // Given the demo data and an advisor of demo-dealer-1
    let dir = data_dir();
    seed(&dir).await;
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let other = token(&dir, demo::DEALER_2, Role::Advisor, None);
    let http = casebridge_testkit::http_client();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let url = |p: &str| format!("{}{p}", srv.base_url);
    use reqwest::Method as M;

    // When the advisor creates a case
    let (s, case) = send(&http, M::POST, url("/v1/cases"), Some(&advisor),
        Some(json!({"customer": {"name": "Johnson Tires - Denver"}, "asset": {"unitNumber": "T-7", "make": "Volvo", "model": "VNL"}}))).await;
    assert_eq!(s, StatusCode::CREATED, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    // Then it is listed first among the open cases, above the three demo cases
    let (s, open) = send(
        &http,
        M::GET,
        url("/v1/cases?status=open"),
        Some(&advisor),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<&str> = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 4);
    assert_eq!(ids[0], id);
    // And notes and a status change stick
    let (s, _) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/notes")),
        Some(&advisor),
        Some(json!({"text": "Called the driver"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, moved) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/status")),
        Some(&advisor),
        Some(json!({"status": "check_in"})),
    )
    .await;
    assert_eq!(
        (s, moved["status"].as_str()),
        (StatusCode::OK, Some("check_in"))
    );

    // Another dealer's advisor, no token, and a bad body
    let (s, p) = send(
        &http,
        M::GET,
        url(&format!("/v1/cases/{id}")),
        Some(&other),
        None,
    )
    .await;
    assert_eq!(
        (s, p["status"].as_u64()),
        (StatusCode::NOT_FOUND, Some(404))
    );
    let (s, _) = send(&http, M::GET, url(&format!("/v1/cases/{id}")), None, None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, _) = send(&http, M::GET, url("/v1/cases"), Some("not-a-jwt"), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let (s, p) = send(
        &http,
        M::POST,
        url("/v1/cases"),
        Some(&advisor),
        Some(json!({"customer": {"name": "A"}, "asset": {}})),
    )
    .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("asset.unitNumber"))
    );

    // When the server restarts on the same data folder
    srv.stop().await.unwrap();
    let srv = server::spawn(&dir, 0).await.unwrap();
    // Then the case, its note and its status are still there
    let (s, again) = send(
        &http,
        M::GET,
        format!("{}/v1/cases/{id}", srv.base_url),
        Some(&advisor),
        None,
    )
    .await;
    assert_eq!(
        (s, again["status"].as_str()),
        (StatusCode::OK, Some("check_in"))
    );
    let (_, notes) = send(
        &http,
        M::GET,
        format!("{}/v1/cases/{id}/notes", srv.base_url),
        Some(&advisor),
        None,
    )
    .await;
    assert_eq!(notes["items"][0]["text"], "Called the driver");
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_case_user_downloads_an_attachment_through_a_signed_local_link() {
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    // Given a PDF on a demo case (put there as the transcript feature will)
    let env = LocalEnv::open_at(&dir, &srv.base_url).unwrap();
    let d1 = DealerId::parse(demo::DEALER_1).unwrap();
    let file = NewFile {
        file_name: "thread 42.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.7 hello".to_vec(),
        thread_id: None,
        state: AttachmentState::Final,
    };
    let att = cases::attach_file(
        &env.app,
        &d1,
        &casebridge_core::ids::CaseId::parse("demo-dealer-1-case-1").unwrap(),
        file,
    )
    .await
    .unwrap();
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    // When the advisor opens the content link (following the redirect)
    let resp = casebridge_testkit::http_client()
        .get(format!(
            "{}/v1/cases/demo-dealer-1-case-1/attachments/{}/content",
            srv.base_url, att.id
        ))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap();
    // Then the file comes back
    assert_eq!(resp.status(), StatusCode::OK);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), b"%PDF-1.7 hello");
    // And a tampered link is refused
    let no_redirect = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let location = no_redirect
        .get(format!(
            "{}/v1/cases/demo-dealer-1-case-1/attachments/{}/content",
            srv.base_url, att.id
        ))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .headers()["location"]
        .to_str()
        .unwrap()
        .to_string();
    let forged = location.replace("demo-dealer-1", "demo-dealer-2");
    assert_eq!(
        no_redirect.get(forged).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    srv.stop().await.unwrap();
}

#[tokio::test]
async fn a_body_over_the_lambda_limit_is_refused_with_413() {
    let dir = data_dir();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let resp = casebridge_testkit::http_client()
        .post(format!("{}/v1/cases", srv.base_url))
        .bearer_auth(&advisor)
        .body(vec![b' '; server::MAX_REQUEST_BYTES + 1])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(resp.headers()["content-type"], "application/problem+json");
    srv.stop().await.unwrap();
}
