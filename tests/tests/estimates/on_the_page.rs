//! The customer decides three lines three ways on the page.

use super::*;

async fn form(b: &TestBackend, path: &str, body: &str, ua: &str) -> (u16, String) {
    let mut req = casebridge_testkit::form_request(path, body);
    let headers = req.headers_mut();
    headers.insert("user-agent", ua.parse().unwrap());
    // The client may claim any address; the audit takes the one the gateway saw (issue 20).
    headers.insert("x-forwarded-for", "203.0.113.66, 10.0.0.1".parse().unwrap());
    req.extensions_mut()
        .insert(casebridge_http::ClientIp("203.0.113.9".into()));
    let resp = casebridge_testkit::send(common::api(&b.app), req).await;
    (
        resp.status().as_u16(),
        String::from_utf8_lossy(&resp.body).into_owned(),
    )
}

async fn the_customer_decides_three_lines_three_ways_on_the_page(b: TestBackend) {
    // Given an estimate sent to Jo, and the link a text would carry
    let (case, jo) = case_with_contact(&b).await;
    let base = format!("/v1/cases/{case}/estimates");
    let (id, ids) = brakes_tyres_wipers(&b, &case, "Tyres <b>new</b>").await;
    ask_approval(&b, &case, &id, &jo).await;
    let dealer = casebridge_core::dealers::DealerId::parse("d1").unwrap();
    let url = casebridge_core::mobile::links::issue(
        &b.app,
        &dealer,
        &casebridge_core::ids::CaseId::parse(&case).unwrap(),
        &casebridge_core::ids::ContactId::parse(&jo).unwrap(),
    )
    .await
    .unwrap();
    let token = url.rsplit("/m/").next().unwrap().to_string();
    // When Jo opens it, the estimate is there with a choice per line, escaped
    let page = casebridge_testkit::send(
        common::api(&b.app),
        casebridge_testkit::request("GET", &format!("/m/{token}"), None),
    )
    .await;
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert_eq!(page.status().as_u16(), 200);
    assert!(
        html.contains("Estimate, version 1")
            && html.contains("Tyres &lt;b&gt;new&lt;/b&gt; \u{2014} $900.00"),
        "{html}"
    );
    assert_eq!(html.matches("name=\"line-").count(), 9, "{html}");
    assert_eq!(
        html.matches("name=\"all\"").count(),
        2,
        "approve all, decline all"
    );
    // When Jo approves the brakes, defers the tyres and declines the wipers
    let decide = format!("/m/{token}/estimates/{id}/decisions");
    let body = format!(
        "version=1&line-{}=approve&line-{}=defer&reason-{}=next+%3Ci%3Emonth%3C%2Fi%3E&line-{}=decline&reason-{}=",
        ids[0], ids[1], ids[1], ids[2], ids[2]
    );
    let (s, confirm) = form(&b, &decide, &body, "Mobile Safari").await;
    // Then a confirmation page says what is approved
    assert_eq!(s, 200, "{confirm}");
    assert!(
        confirm.contains("3 lines decided by you") && confirm.contains("$1,200.00"),
        "{confirm}"
    );
    // And the advisor sees Jo's decisions, from the phone, with where they came from
    let (_, history) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    let d = history["decisions"].as_array().unwrap();
    assert_eq!(d.len(), 3, "{history}");
    assert!(d.iter().all(|d| d["channel"] == "mobile"
        && d["by"]["name"] == "Jo Fleet"
        && d["ip"] == "203.0.113.9" // the gateway's, not X-Forwarded-For's
        && d["userAgent"] == "Mobile Safari"));
    assert_eq!(d[1]["reason"], "next <i>month</i>");
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert!(
        notes["items"].as_array().unwrap().iter().any(|n| n["text"]
            == "Jo Fleet approved 1 line, deferred 1, declined 1 \u{2014} $1,200.00 approved"),
        "{notes}"
    );
    // And the estimate's view shows the history of versions and decisions, the reason
    // escaped (with nothing left to decide, the link itself opens the messages)
    let page = casebridge_testkit::send(
        common::api(&b.app),
        casebridge_testkit::request("GET", &format!("/m/{token}/estimates/{id}"), None),
    )
    .await;
    let html = String::from_utf8_lossy(&page.body).into_owned();
    assert!(
        html.contains("Version 1 sent by Service advisor")
            && html.contains(
                "Jo Fleet deferred Tyres &lt;b&gt;new&lt;/b&gt; (next &lt;i&gt;month&lt;/i&gt;) on version 1"
            ),
        "{html}"
    );
    // Sending the same form again records nothing more
    let (s, _) = form(&b, &decide, &body, "Mobile Safari").await;
    assert_eq!(s, 200);
    let (_, history) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    assert_eq!(history["decisions"].as_array().unwrap().len(), 3);
    // Bad input gets a page that says what to fix: an unknown line, a bad choice, a long reason
    let (s, p) = form(&b, &decide, "version=1&line-nope=approve", "x").await;
    assert!(s == 422 && p.contains("not a line of version 1"), "{s} {p}");
    let (s, _) = form(
        &b,
        &decide,
        &format!("version=1&line-{}=maybe", ids[0]),
        "x",
    )
    .await;
    assert_eq!(s, 422);
    let (s, _) = form(
        &b,
        &decide,
        &format!(
            "version=1&line-{}=approve&reason-{}={}",
            ids[0],
            ids[0],
            "r".repeat(501)
        ),
        "x",
    )
    .await;
    assert_eq!(s, 422);
    let (s, p) = form(&b, &decide, "version=1", "x").await;
    assert!(s == 422 && p.contains("at least one line"), "{s} {p}");
    // When the advisor revises a line and sends version 2, a decision on version 1 is refused
    // with a page that leads back to the case
    reprice(&b, &case, &id, 1, 42000).await;
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    let (s, p) = form(
        &b,
        &decide,
        &format!("version=1&line-{}=approve", ids[1]),
        "x",
    )
    .await;
    // (the page shows the estimate as it is now, version 2, under a notice)
    assert!(
        s == 409
            && p.contains("version 2 is")
            && p.contains("Estimate, version 2")
            && p.contains("role=\"alert\""),
        "{s} {p}"
    );
    // And a link to another case cannot decide this case's estimate
    let (_, other) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Other"}, "asset": {"unitNumber": "O-1"}})),
    )
    .await;
    let other = other["id"].as_str().unwrap();
    let (_, kim) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{other}/contacts"),
        Some(json!({"name": "Kim", "mobile": "+12145550177", "smsOptIn": true})),
    )
    .await;
    let kim = kim["id"].as_str().unwrap();
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{other}/invitations"),
        Some(json!({"contactId": kim})),
    )
    .await;
    assert!(s == 200 || s == 201, "{v}");
    let other_url = casebridge_core::mobile::links::issue(
        &b.app,
        &dealer,
        &casebridge_core::ids::CaseId::parse(other).unwrap(),
        &casebridge_core::ids::ContactId::parse(kim).unwrap(),
    )
    .await
    .unwrap();
    let other_token = other_url.rsplit("/m/").next().unwrap();
    let (s, _) = form(
        &b,
        &format!("/m/{other_token}/estimates/{id}/decisions"),
        &format!("version=2&line-{}=approve", ids[1]),
        "x",
    )
    .await;
    assert_eq!(s, 404);
}

casebridge_testkit::on_every_backend!(the_customer_decides_three_lines_three_ways_on_the_page,);
