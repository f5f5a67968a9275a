//! The page a text's link opens: the contact reads the case and answers from it.

use super::*;

/// The page behind the last link texted to `phone`, and that link's path.
async fn open_page(b: &TestBackend, phone: &str) -> (String, String) {
    let text = to(&b.texts().await, phone).pop().unwrap();
    let path = format!("/m/{}", text.rsplit("/m/").next().unwrap());
    let resp = casebridge_testkit::send_to_api(&b.app, request("GET", &path, None)).await;
    assert_eq!(resp.status(), 200);
    (path, String::from_utf8(resp.body.to_vec()).unwrap())
}

async fn post_form(b: &TestBackend, path: &str, form: &str) -> (u16, String) {
    let resp =
        casebridge_testkit::send_to_api(&b.app, casebridge_testkit::form_request(path, form)).await;
    let location = resp
        .headers
        .get("location")
        .map(|v| v.to_str().unwrap().to_string());
    (
        resp.status().as_u16(),
        location.unwrap_or_else(|| String::from_utf8_lossy(&resp.body).into_owned()),
    )
}

fn form_field<'h>(html: &'h str, name: &str) -> &'h str {
    let at = html.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
    &html[at..at + html[at..].find('"').unwrap()]
}

async fn a_contact_answers_from_the_page_and_the_advisor_sees_it_once(b: TestBackend) {
    // Given Ann texted about a case (the page answers in either reply mode: it does not look
    // at the mode)
    let (case, _ann, _bob, _) = setup(&b).await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Parts arrived", "visibility": "external"})),
    )
    .await;
    notify_since(&b, 0).await;
    let (path, html) = open_page(&b, ANN).await;
    assert!(html.contains("<label for=\"reply\">"), "{html}");
    let submission = form_field(&html, "submission").to_string();
    // When she sends a reply with markup in it from the page's form
    let form = format!("text=Picking+up+at+5+%3Cscript%3Ex%3C%2Fscript%3E&submission={submission}");
    let (status, location) = post_form(&b, &format!("{path}/replies"), &form).await;
    // Then she is taken back to the page, where her reply shows, escaped
    assert_eq!((status, location.as_str()), (303, path.as_str()));
    let (_, html) = open_page(&b, ANN).await;
    assert!(
        // (the page's own script enhances the estimate form; the reply's markup is text)
        html.contains("Picking up at 5 &lt;script&gt;x&lt;/script&gt;")
            && !html.contains("<script>x</script>"),
        "{html}"
    );
    // And the advisor sees it on the case as an external note from Ann, through the page
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let replies: Vec<&Value> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "mobile")
        .collect();
    assert_eq!(replies.len(), 1, "{notes}");
    assert_eq!(
        (
            replies[0]["author"]["name"].as_str(),
            replies[0]["visibility"].as_str()
        ),
        (Some("Ann Fleet"), Some("external"))
    );
    // When the same form is sent again (a double tap), nothing more is noted
    let (status, _) = post_form(&b, &format!("{path}/replies"), &form).await;
    assert_eq!(status, 303);
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert_eq!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["source"] == "mobile")
            .count(),
        1
    );
    // Bad replies are refused with the field named: empty, over the note limit, a forged link
    let (status, body) = post_form(
        &b,
        &format!("{path}/replies"),
        &format!("text=+&submission={submission}x"),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let long = "a".repeat(10_001);
    let (status, body) = post_form(
        &b,
        &format!("{path}/replies"),
        &format!("text={long}&submission=s2"),
    )
    .await;
    assert!(status == 422 && body.contains("10000"), "{status} {body}");
    let (status, _) = post_form(
        &b,
        "/m/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA/replies",
        "text=hi&submission=s3",
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_link_in_a_text_opens_the_case_page_and_a_forged_one_does_not() {
    let b = TestBackend::embedded();
    let (case, _ann, _bob, _) = setup(&b).await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "<b>Ready</b> at 4 & done", "visibility": "external"})),
    )
    .await;
    notify_since(&b, 0).await;
    let text = to(&b.texts().await, ANN).pop().unwrap();
    let path = format!("/m/{}", text.rsplit("/m/").next().unwrap());
    let resp = casebridge_testkit::send_to_api(&b.app, request("GET", &path, None)).await;
    assert_eq!(resp.status(), 200);
    let html = String::from_utf8(resp.body.to_vec()).unwrap();
    // The page names the case as people do (its number, not its id) and times the note in
    // the dealer's zone
    assert!(
        html.contains("Case #1001") && !html.contains(&case),
        "{html}"
    );
    assert!(
        html.contains("&lt;b&gt;Ready&lt;/b&gt; at 4 &amp; done"),
        "{html}"
    );
    assert!(html.contains("Mon Nov 23, 3:00 AM CST"), "{html}");
    assert_eq!(
        casebridge_testkit::send_to_api(
            &b.app,
            request(
                "GET",
                "/m/AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
                None
            )
        )
        .await
        .status(),
        404
    );
    b.clock.advance(jiff::SignedDuration::from_hours(24 * 8));
    let expired = casebridge_testkit::send_to_api(&b.app, request("GET", &path, None)).await;
    assert_eq!(expired.status(), 403, "expired");
    // The expired link's page says so and whom to call, in people's format
    let html = String::from_utf8(expired.body.to_vec()).unwrap();
    assert!(
        html.contains("This link no longer works")
            && html.contains("Call or text")
            && html.contains("href=\"tel:+"),
        "{html}"
    );
}

#[tokio::test]
async fn the_page_shows_twenty_messages_and_older_ones_a_link_away() {
    // Given a case with 25 external notes and Ann's link
    let b = TestBackend::embedded();
    let (case, _ann, _bob, _) = setup(&b).await;
    for n in 1..=25 {
        b.clock.advance(jiff::SignedDuration::from_secs(60));
        advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/notes"),
            Some(json!({"text": format!("Update number {n}."), "visibility": "external"})),
        )
        .await;
    }
    notify_since(&b, 0).await;
    // When Ann opens the page, the 20 newest show, newest first, with a link to older ones
    let (path, html) = open_page(&b, ANN).await;
    assert!(
        html.contains("Update number 25.") && html.contains("Update number 6."),
        "{html}"
    );
    assert!(!html.contains("Update number 5."), "{html}");
    assert!(html.find("Update number 25.") < html.find("Update number 24."));
    let at = html.find("?older=").expect("a link to older messages");
    let older = &html[at..at + html[at..].find('"').unwrap()];
    // Then the link shows the 5 oldest
    let resp = casebridge_testkit::send_to_api(
        &b.app,
        request(
            "GET",
            &format!("{path}{}", older.replace("&amp;", "&")),
            None,
        ),
    )
    .await;
    let html = String::from_utf8(resp.body.to_vec()).unwrap();
    assert!(
        html.contains("Update number 5.") && html.contains("Update number 1."),
        "{html}"
    );
    assert!(
        !html.contains("Update number 6.") && !html.contains("?older="),
        "{html}"
    );
}

casebridge_testkit::on_every_backend!(a_contact_answers_from_the_page_and_the_advisor_sees_it_once,);
