//! The reference console is served by the local server, beside the API: a newcomer at
//! `http://127.0.0.1:3000/console` signs in and sees the demo dealer's cases.

use super::*;

/// The `name=value` of the cookie an answer sets, as the browser sends it back.
fn cookie_set_by(answer: &reqwest::Response) -> String {
    let set = answer.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn the_local_server_serves_the_console_a_newcomer_signs_in_to() {
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    // A browser's redirects are followed by hand here, to see each answer (the test kit's
    // client installs the TLS provider every client needs).
    let _ = casebridge_testkit::http_client();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Given the sign-in page, under a policy that allows only its own stylesheet
    let front = http
        .get(format!("{}/console", srv.base_url))
        .send()
        .await
        .unwrap();
    assert_eq!(front.status(), StatusCode::OK);
    let csp = front.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("style-src 'sha256-") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let pre = cookie_set_by(&front);
    let html = front.text().await.unwrap();
    let at = html.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &html[at..at + 32];
    // When the newcomer signs in as the demo dealer's advisor
    let signed = http
        .post(format!("{}/console/sign-in", srv.base_url))
        .header("cookie", &pre)
        .form(&[
            ("csrf", csrf),
            ("as", "advisor"),
            ("dealer", demo::DEALER_1),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed.status(), StatusCode::SEE_OTHER);
    let session = cookie_set_by(&signed);
    // Then the demo dealer's active cases are listed
    let cases = http
        .get(format!("{}/console/cases", srv.base_url))
        .header("cookie", &session)
        .send()
        .await
        .unwrap();
    assert_eq!(cases.status(), StatusCode::OK);
    let page = cases.text().await.unwrap();
    assert!(
        page.contains("Active cases") && page.contains("/console/cases/"),
        "{page}"
    );
    srv.stop().await.unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}
