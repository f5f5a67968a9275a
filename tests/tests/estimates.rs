//! Estimates through the whole API on both backends: an advisor builds one, asks an invited
//! contact to approve it with the Quick Action, records the customer's decisions, revises a
//! line, and only that line is asked about again.

mod common;

use casebridge_testkit::{seed_dealers, TestBackend};
use common::advisor;
use serde_json::{json, Value};

/// A case of d1 with one invited contact; answers (case id, contact id).
async fn case_with_contact(b: &TestBackend) -> (String, String) {
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Jo Fleet Inc"}, "asset": {"unitNumber": "T-7"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let case = case["id"].as_str().unwrap().to_string();
    let (s, jo) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": "Jo Fleet", "mobile": "+12145550123", "smsOptIn": true})),
    )
    .await;
    assert_eq!(s, 201, "{jo}");
    let jo = jo["id"].as_str().unwrap().to_string();
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": jo})),
    )
    .await;
    assert!(s == 200 || s == 201, "{v}");
    (case, jo)
}

fn line(kind: &str, description: &str, quantity: f64, cents: i64) -> Value {
    json!({"kind": kind, "description": description, "quantity": quantity, "unitPriceCents": cents})
}

/// The lines as a revision sends them back (ids kept).
fn as_input(estimate: &Value) -> Vec<Value> {
    estimate["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| json!({"id": l["id"], "kind": l["kind"], "description": l["description"],
            "quantity": l["quantity"], "unitPriceCents": l["unitPriceCents"], "taxable": l["taxable"]}))
        .collect()
}

/// An estimate of a brake job, two tyres (described as `tyres`) and wipers on `case`;
/// answers its id and its line ids.
async fn brakes_tyres_wipers(b: &TestBackend, case: &str, tyres: &str) -> (String, Vec<String>) {
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            line("labor", "Brake job", 2.0, 60000),
            line("part", tyres, 2.0, 45000),
            line("part", "Wipers", 2.0, 1500)
        ]})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let ids = est["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    (est["id"].as_str().unwrap().to_string(), ids)
}

async fn an_estimate_is_asked_decided_line_by_line_revised_and_asked_again(b: TestBackend) {
    // Given a case with Jo invited, and an estimate of three lines
    let (case, jo) = case_with_contact(&b).await;
    let base = format!("/v1/cases/{case}/estimates");
    let (id, ids) = brakes_tyres_wipers(&b, &case, "Tyres").await;

    // A decision before anything was sent is refused
    let (s, _) = advisor(&b.app, "POST", &format!("{base}/{id}/decisions"), Some(json!({"version": 1, "lines": [{"lineId": ids[0], "decision": "approve", "reason": "by phone"}]}))).await;
    assert_eq!(s, 409);

    // When the advisor requests approval from Jo
    let quick = format!("/v1/cases/{case}/quick-actions");
    let (s, p) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(
            json!({"action": "request_approval", "estimateId": id, "contactIds": ["not-invited"]}),
        ),
    )
    .await;
    assert_eq!(
        (s, p["errors"][0]["field"].as_str()),
        (422, Some("contactIds[0]")),
        "{p}"
    );
    let (s, moved) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    // Then the case is in Request for Approval and version 1 is frozen with every line asked
    assert_eq!(s, 200, "{moved}");
    assert_eq!(moved["status"], "request_for_approval");
    let (_, history) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        1,
        "{history}"
    );
    assert_eq!(history["versions"][0]["askedLineIds"], json!(ids));
    // And asking again makes no new version (issue 21: it reminds Jo of version 1)
    let (s, _) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200);
    let (_, again) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    assert_eq!(again["versions"].as_array().unwrap().len(), 1);
    assert_eq!(
        again["versions"][0]["reminders"].as_array().unwrap().len(),
        1
    );

    // When Jo's decisions come in by phone: brakes approved, tyres deferred, wipers declined
    let decide = format!("{base}/{id}/decisions");
    let body = json!({"version": 1, "lines": [
        {"lineId": ids[0], "decision": "approve", "reason": "approved by phone"},
        {"lineId": ids[1], "decision": "defer", "reason": "next month, by phone"},
        {"lineId": ids[2], "decision": "decline", "reason": "declined by phone"}
    ]});
    let (s, decided) = advisor(&b.app, "POST", &decide, Some(body.clone())).await;
    assert_eq!(s, 200, "{decided}");
    // Then each line carries its approval and the approved total is the brake job
    let statuses: Vec<&str> = decided["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["approval"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["approved", "deferred", "declined"]);
    assert_eq!(decided["lines"][0]["approval"]["channel"], "staff");
    assert_eq!(decided["totals"]["approvedCents"], 120000);
    // And the case has an internal note that says so, once even if the advisor submits twice
    let (s, _) = advisor(&b.app, "POST", &decide, Some(body)).await;
    assert_eq!(s, 200);
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let said: Vec<&str> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap())
        .filter(|t| t.contains("approved"))
        .collect();
    assert_eq!(said, ["Service advisor for the customer approved 1 line, deferred 1, declined 1 \u{2014} $1,200.00 approved"], "{notes}");
    assert_eq!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["visibility"] == "internal" && n["source"] == "system")
            .count(),
        1
    );

    // When the advisor revises the tyre price and asks again
    let (_, current) = advisor(&b.app, "GET", &format!("{base}/{id}"), None).await;
    let mut lines = as_input(&current);
    lines[1]["unitPriceCents"] = json!(42000);
    let (s, revised) = advisor(
        &b.app,
        "PUT",
        &format!("{base}/{id}"),
        Some(json!({"lines": lines})),
    )
    .await;
    assert_eq!(s, 200, "{revised}");
    // A decision on version 1 is now refused: the advisor is revising it
    let (s, p) = advisor(&b.app, "POST", &decide, Some(json!({"version": 1, "lines": [{"lineId": ids[1], "decision": "approve", "reason": "by phone"}]}))).await;
    assert_eq!(s, 409, "{p}");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &quick,
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200);
    // Then only the tyres are asked about in version 2; the other decisions stand
    let (_, history) = advisor(&b.app, "GET", &format!("{base}/{id}/history"), None).await;
    assert_eq!(history["versions"][1]["number"], 2);
    assert_eq!(history["versions"][1]["askedLineIds"], json!([ids[1]]));
    assert_eq!(history["decisions"].as_array().unwrap().len(), 3);
    assert!(history["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["version"] == 1 && d["channel"] == "staff"));
    let (_, now) = advisor(&b.app, "GET", &format!("{base}/{id}"), None).await;
    let statuses: Vec<&str> = now["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["approval"]["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["approved", "requested", "declined"]);
    assert_eq!(
        b.events
            .kinds()
            .iter()
            .filter(|k| **k == "estimate.sent")
            .count(),
        3,
        "version 1, the reminder about it, version 2"
    );
    assert_eq!(
        b.events
            .kinds()
            .iter()
            .filter(|k| **k == "estimate.decided")
            .count(),
        1
    );
}

async fn another_dealer_and_strangers_get_nothing(b: TestBackend) {
    let (case, _) = case_with_contact(&b).await;
    let base = format!("/v1/cases/{case}/estimates");
    let (_, est) = advisor(
        &b.app,
        "POST",
        &base,
        Some(json!({"lines": [line("fee", "Diagnostics", 1.0, 9900)]})),
    )
    .await;
    let id = est["id"].as_str().unwrap();
    let d2 = ("d2", "advisor", None);
    for (method, path, body) in [
        ("GET", format!("{base}/{id}"), None),
        ("GET", format!("{base}/{id}/history"), None),
        (
            "POST",
            format!("{base}/{id}/decisions"),
            Some(
                json!({"version": 1, "lines": [{"lineId": "x", "decision": "approve", "reason": "r"}]}),
            ),
        ),
        (
            "POST",
            format!("/v1/cases/{case}/quick-actions"),
            Some(json!({"action": "check_in"})),
        ),
    ] {
        let (s, _) = common::user(&b.app, method, &path, body, d2).await;
        assert_eq!(s, 404, "{method} {path}");
    }
    // Other Quick Actions take no estimate
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "check_in", "estimateId": id})),
    )
    .await;
    assert_eq!(s, 422);
    let (s, c) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "check_in"})),
    )
    .await;
    assert_eq!((s, c["status"].as_str()), (200, Some("check_in")));
}

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
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200);
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
    assert_eq!(html.matches("type=\"radio\"").count(), 9, "{html}");
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
    // And the page shows the history of versions and decisions, the reason escaped
    let page = casebridge_testkit::send(
        common::api(&b.app),
        casebridge_testkit::request("GET", &format!("/m/{token}"), None),
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
    let (_, current) = advisor(&b.app, "GET", &format!("{base}/{id}"), None).await;
    let mut lines = as_input(&current);
    lines[1]["unitPriceCents"] = json!(42000);
    advisor(
        &b.app,
        "PUT",
        &format!("{base}/{id}"),
        Some(json!({"lines": lines})),
    )
    .await;
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

casebridge_testkit::on_every_backend!(
    an_estimate_is_asked_decided_line_by_line_revised_and_asked_again,
    the_customer_decides_three_lines_three_ways_on_the_page,
    another_dealer_and_strangers_get_nothing,
);
