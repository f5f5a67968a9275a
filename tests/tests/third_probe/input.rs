//! Input refused at the door, naming the field: line breaks in one-line fields, too many
//! contacts, addresses mail cannot reach, JSON that is not one value.

use super::*;

async fn line_breaks_in_one_line_fields_are_refused_naming_the_field(b: TestBackend) {
    seed_dealers(&b.app).await;
    // A unit number carrying a Bcc header
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1\r\nBcc: attacker@evil.example"}})),
    )
    .await;
    assert_refused(s, &p, 422, "asset.unitNumber");
    assert!(
        p["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("U+000D"),
        "{p}"
    );
    // A customer's name with a Unicode line separator
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet\u{2028}Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    assert_refused(s, &p, 422, "customer.name");
    // A contact's name, an estimate line's part number, a parts line, a Case customer's city
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let case = case["id"].as_str().unwrap();
    for (path, body, field) in [
        (
            format!("/v1/cases/{case}/contacts"),
            json!({"name": "Jo\nBcc: x", "mobile": JO}),
            "name",
        ),
        (
            format!("/v1/cases/{case}/estimates"),
            json!({"lines": [{"kind": "part", "description": "Tyre", "partNumber": "TY-1\u{85}", "quantity": 1, "unitPriceCents": 1}]}),
            "lines[0].partNumber",
        ),
        (
            "/v1/customers".to_string(),
            json!({"name": "Fleet Co", "city": "Dallas\r"}),
            "city",
        ),
    ] {
        let (s, p) = advisor(&b.app, "POST", &path, Some(body)).await;
        assert_refused(s, &p, 422, field);
    }
    let (s, p) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    assert_eq!(s, 200, "{p}");
    let (s, p) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/parts-escalations"),
        Some(json!({"groupId": "parts-counter", "lines": [{"partNumber": "TRB-1\u{7f}", "description": "Turbo", "quantity": 1}]})),
    )
    .await;
    assert_refused(s, &p, 422, "lines[0].partNumber");
    // A dealer's name, sent by a platform admin
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/dealers",
        Some(json!({"id": "d9", "name": "Lone Star\r\nBcc: x@evil.example", "oemId": "oem-a", "timeZone": "America/Chicago"})),
        ("", "platform_admin", None),
    )
    .await;
    assert_refused(s, &p, 422, "name");
}

async fn a_contact_named_twenty_one_times_is_one_and_twenty_one_contacts_are_too_many(
    b: TestBackend,
) {
    let (case, jo, _, est, _) = case_with_jo_dave_and_an_estimate(&b).await;
    // When a note names Jo 21 times, she is one recipient
    let (s, note) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Brakes done", "visibility": "external", "contactIds": vec![jo.clone(); 21]})),
    )
    .await;
    assert_eq!(s, 201, "{note}");
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": est, "contactIds": vec![jo.clone(); 21]})),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{est}/history"),
        None,
    )
    .await;
    assert_eq!(
        h["versions"][0]["askedContacts"].as_array().unwrap().len(),
        1,
        "{h}"
    );
    // When 21 different ids are named, the limit of 20 holds (before any is looked up)
    let many: Vec<String> = (0..21).map(|i| format!("c-{i}")).collect();
    for path in [
        format!("/v1/cases/{case}/notes"),
        format!("/v1/cases/{case}/quick-actions"),
    ] {
        let body = if path.ends_with("notes") {
            json!({"text": "x", "visibility": "external", "contactIds": many})
        } else {
            json!({"action": "check_in", "contactIds": many})
        };
        let (s, p) = advisor(&b.app, "POST", &path, Some(body)).await;
        assert_refused(s, &p, 422, "contactIds");
        assert!(
            p["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("at most 20"),
            "{p}"
        );
    }
}

async fn a_token_for_a_dealer_not_onboarded_opens_nothing(b: TestBackend) {
    seed_dealers(&b.app).await;
    let ghost = ("ghost-dealer", "advisor", None);
    let (s, p) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
        ghost,
    )
    .await;
    assert_eq!(s, 404, "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("ghost-dealer"),
        "{p}"
    );
    let (s, _) = user(&b.app, "GET", "/v1/cases?status=open", None, ghost).await;
    assert_eq!(s, 404);
    let (s, _) = user(
        &b.app,
        "GET",
        "/v1/cases?status=open",
        None,
        ("d1", "advisor", None),
    )
    .await;
    assert_eq!(s, 200);
}

async fn addresses_mail_cannot_reach_are_refused(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let case = case["id"].as_str().unwrap();
    for bad in ["a@b", "a@-x.example", "jo@fleet..example"] {
        let (s, p) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Jo", "email": bad, "emailOptIn": true})),
        )
        .await;
        assert_refused(s, &p, 422, "email");
    }
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Fleet Co", "emails": ["a@b"]})),
    )
    .await;
    assert_refused(s, &p, 422, "emails[0]");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Jo", "email": "jo.fleet@fleet.example", "emailOptIn": true})),
    )
    .await;
    assert_eq!(s, 201);
}

#[tokio::test]
async fn a_body_is_one_json_value_and_nothing_after_it() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let notes = format!("/v1/cases/{}/notes", case["id"].as_str().unwrap());
    let post =
        |body: &'static str| as_user(raw_request("POST", &notes, body), "d1", "advisor", None);
    let (s, p) = parts(
        &casebridge_testkit::send(api(&b.app), post(r#"{"text":"t"} trailing-garbage"#)).await,
    );
    assert_refused(s, &p, 400, "body");
    let (s, _) =
        parts(&casebridge_testkit::send(api(&b.app), post(r#"{"text":"t"}{"text":"u"}"#)).await);
    assert_eq!(s, 400);
    let (s, p) =
        parts(&casebridge_testkit::send(api(&b.app), post("{\"text\":\"t\"}\r\n  \n")).await);
    assert_eq!(s, 201, "{p}");
}

#[tokio::test]
async fn json_routes_take_json_only() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let body = r#"{"customer":{"name":"Fleet Co"},"asset":{"unitNumber":"T-1"}}"#;
    for (content_type, expected) in [
        (Some("text/plain"), 415),
        (Some("application/x-www-form-urlencoded"), 415),
        (Some("multipart/form-data; boundary=x"), 415),
        (None, 415),
        (Some("application/json; charset=utf-8"), 201),
        (Some("Application/JSON"), 201),
    ] {
        let mut req = as_user(
            raw_request("POST", "/v1/cases", body),
            "d1",
            "advisor",
            None,
        );
        match content_type {
            Some(t) => req.headers_mut().insert("content-type", t.parse().unwrap()),
            None => req.headers_mut().remove("content-type"),
        };
        let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
        assert_eq!(s, expected, "{content_type:?}: {p}");
        if expected == 415 {
            assert!(
                p["detail"].as_str().unwrap().contains("application/json"),
                "{p}"
            );
        }
    }
}

casebridge_testkit::on_every_backend!(
    line_breaks_in_one_line_fields_are_refused_naming_the_field,
    a_contact_named_twenty_one_times_is_one_and_twenty_one_contacts_are_too_many,
    a_token_for_a_dealer_not_onboarded_opens_nothing,
    addresses_mail_cannot_reach_are_refused,
);
