//! Case users on the cases API, end to end through the handler, on the embedded backend and
//! on DynamoDB/S3/SNS in moto (`embedded::…` and `moto::…`).

use casebridge_core::cases::{self, AttachmentState, NewFile};
use casebridge_core::dealers::DealerId;
use casebridge_core::App;
use casebridge_testkit::{as_user, parts, request, seed_dealers, TestBackend};
use serde_json::{json, Value};

async fn call(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    dealer: &str,
    role: &str,
) -> (u16, Value) {
    let req = as_user(request(method, path, body.as_ref()), dealer, role, None);
    parts(&casebridge_testkit::send_to_api(app, req).await)
}

async fn advisor(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call(app, method, path, body, "d1", "advisor").await
}

fn new_case(name: &str, unit: &str) -> Value {
    json!({"customer": {"name": name}, "asset": {"unitNumber": unit, "vin": "1XKYD49X0MJ441256", "make": "Kenworth", "model": "T680"}})
}

async fn create(app: &App, name: &str) -> String {
    let (status, case) = advisor(app, "POST", "/v1/cases", Some(new_case(name, "U-1"))).await;
    assert_eq!(status, 201, "{case}");
    case["id"].as_str().unwrap().to_string()
}

async fn an_advisor_creates_a_case_and_reads_it_back(b: TestBackend) {
    seed_dealers(&b.app).await;
    // When an advisor of d1 creates a case
    let (status, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(new_case("Johnson Tires", "T-101")),
    )
    .await;
    // Then it is open, on d1, with its customer, asset and first history entry
    assert_eq!(status, 201, "{case}");
    assert_eq!(case["status"], "open");
    assert_eq!(case["dealerId"], "d1");
    assert_eq!(case["customer"]["name"], "Johnson Tires");
    assert_eq!(case["asset"]["unitNumber"], "T-101");
    assert_eq!(case["statusHistory"][0]["status"], "open");
    assert_eq!(case["openedAt"], "2026-11-23T09:00:00Z");
    let id = case["id"].as_str().unwrap();
    let (status, read) = advisor(&b.app, "GET", &format!("/v1/cases/{id}"), None).await;
    assert_eq!((status, &read), (200, &case));
    assert_eq!(b.events.kinds(), vec!["case.created"]);
}

async fn open_cases_are_listed_newest_first_one_page_at_a_time(b: TestBackend) {
    seed_dealers(&b.app).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        ids.push(create(&b.app, &format!("Customer {n}")).await);
        b.clock.advance(jiff::SignedDuration::from_secs(60));
    }
    // Another dealer's case never shows in d1's list
    call(
        &b.app,
        "POST",
        "/v1/cases",
        Some(new_case("Other", "X")),
        "d2",
        "advisor",
    )
    .await;
    let mut seen = Vec::new();
    let mut path = "/v1/cases?status=open&limit=2".to_string();
    loop {
        let (status, page) = advisor(&b.app, "GET", &path, None).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_string()),
        );
        match page["nextPage"].as_str() {
            Some(next) => path = format!("/v1/cases?status=open&limit=2&page={next}"),
            None => break,
        }
    }
    ids.reverse();
    assert_eq!(seen, ids);
}

async fn a_status_change_is_recorded_and_moves_the_case_between_lists(b: TestBackend) {
    seed_dealers(&b.app).await;
    let id = create(&b.app, "Acme").await;
    b.clock.advance(jiff::SignedDuration::from_secs(90));
    // When the advisor puts the case on Parts Hold
    let (status, case) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/status"),
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    assert_eq!(status, 200, "{case}");
    assert_eq!(case["status"], "parts_hold");
    // (a token without a name is shown by what the user is, never by its login id)
    assert_eq!(
        case["statusHistory"][1],
        json!({"status": "parts_hold", "from": "open", "at": "2026-11-23T09:01:30Z", "by": {"id": "advisor-of-d1", "name": "Service advisor"}})
    );
    // Then it left the open list and is in the parts-hold list
    let (_, open) = advisor(&b.app, "GET", "/v1/cases?status=open", None).await;
    assert!(open["items"].as_array().unwrap().is_empty());
    let (_, hold) = advisor(&b.app, "GET", "/v1/cases?status=parts_hold", None).await;
    assert_eq!(hold["items"][0]["id"], id.as_str());
    assert_eq!(hold["items"][0]["status"], "parts_hold");
    // And setting the same status again changes nothing
    let (_, again) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/status"),
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    assert_eq!(again["statusHistory"].as_array().unwrap().len(), 2);
    // Closing takes it out of every list but closed and all
    advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/status"),
        Some(json!({"status": "closed"})),
    )
    .await;
    let (_, closed) = advisor(&b.app, "GET", "/v1/cases?status=closed", None).await;
    assert_eq!(closed["items"][0]["id"], id.as_str());
    let (_, all) = advisor(&b.app, "GET", "/v1/cases", None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        b.events.kinds(),
        vec!["case.created", "case.status_changed", "case.status_changed"]
    );
}

async fn notes_are_added_and_listed_oldest_first(b: TestBackend) {
    seed_dealers(&b.app).await;
    let id = create(&b.app, "Acme").await;
    let (status, first) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/notes"),
        Some(json!({"text": "Customer called"})),
    )
    .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(
        first["visibility"], "internal",
        "internal unless said otherwise"
    );
    assert_eq!(first["source"], "case");
    assert_eq!(first["author"]["id"], "advisor-of-d1");
    b.clock.advance(jiff::SignedDuration::from_secs(1));
    let (_, second) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/notes"),
        Some(json!({"text": "Ready Friday", "visibility": "external"})),
    )
    .await;
    assert_eq!(second["visibility"], "external");
    let (status, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{id}/notes"), None).await;
    assert_eq!(status, 200);
    // The list shows the notes; an external note's answer also said who hears of it
    assert_eq!(second["notified"], 0, "{second}");
    let mut second = second;
    for counted in ["notified", "notNotified"] {
        second.as_object_mut().unwrap().remove(counted);
    }
    assert_eq!(notes["items"], json!([first, second]));
    assert_eq!(notes["nextPage"], Value::Null);
    assert_eq!(
        b.events.kinds(),
        vec!["case.created", "note.created", "note.created"]
    );
    // A note on a case that does not exist is 404 and leaves nothing behind
    let (status, _) = advisor(
        &b.app,
        "POST",
        "/v1/cases/nope/notes",
        Some(json!({"text": "x"})),
    )
    .await;
    assert_eq!(status, 404);
}

async fn attachments_are_listed_switched_external_and_downloaded(b: TestBackend) {
    seed_dealers(&b.app).await;
    let id = create(&b.app, "Acme").await;
    let d1 = DealerId::parse("d1").unwrap();
    let file = NewFile {
        file_name: "transcript.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.7 test".to_vec(),
        thread_id: Some("t1".into()),
        state: AttachmentState::Draft,
    };
    let att = cases::attach_file(
        &b.app,
        &d1,
        &casebridge_core::ids::CaseId::parse(&id).unwrap(),
        file,
    )
    .await
    .unwrap();
    let (status, list) = advisor(&b.app, "GET", &format!("/v1/cases/{id}/attachments"), None).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["id"], att.id.as_str());
    assert_eq!(list["items"][0]["visibility"], "internal");
    assert_eq!(list["items"][0]["state"], "draft");
    assert!(
        list["items"][0].get("blobKey").is_none(),
        "storage internals stay inside"
    );
    let path = format!("/v1/cases/{id}/attachments/{}", att.id);
    let (status, patched) = advisor(
        &b.app,
        "PATCH",
        &path,
        Some(json!({"visibility": "external"})),
    )
    .await;
    assert_eq!((status, &patched["visibility"]), (200, &json!("external")));
    let (_, back) = advisor(
        &b.app,
        "PATCH",
        &path,
        Some(json!({"visibility": "internal"})),
    )
    .await;
    assert_eq!(back["visibility"], "internal");
    let resp = casebridge_testkit::send_to_api(
        &b.app,
        as_user(
            request("GET", &format!("{path}/content"), None),
            "d1",
            "advisor",
            None,
        ),
    )
    .await;
    assert_eq!(resp.status(), 302);
    let location = resp.headers()["location"].to_str().unwrap();
    assert!(
        location.contains("transcript.pdf") || location.contains(att.id.as_str()),
        "{location}"
    );
    let (status, bad) = advisor(
        &b.app,
        "PATCH",
        &path,
        Some(json!({"visibility": "public"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(bad["errors"][0]["field"], "visibility");
}

async fn another_dealers_user_gets_404_on_every_route_for_a_case(b: TestBackend) {
    seed_dealers(&b.app).await;
    let id = create(&b.app, "Acme").await;
    let d1 = DealerId::parse("d1").unwrap();
    let file = NewFile {
        file_name: "a.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"x".to_vec(),
        thread_id: None,
        state: AttachmentState::Final,
    };
    let att = cases::attach_file(
        &b.app,
        &d1,
        &casebridge_core::ids::CaseId::parse(&id).unwrap(),
        file,
    )
    .await
    .unwrap()
    .id;
    let routes = [
        ("GET", format!("/v1/cases/{id}"), None),
        (
            "POST",
            format!("/v1/cases/{id}/status"),
            Some(json!({"status": "closed"})),
        ),
        ("GET", format!("/v1/cases/{id}/notes"), None),
        (
            "POST",
            format!("/v1/cases/{id}/notes"),
            Some(json!({"text": "sneaky"})),
        ),
        ("GET", format!("/v1/cases/{id}/attachments"), None),
        (
            "PATCH",
            format!("/v1/cases/{id}/attachments/{att}"),
            Some(json!({"visibility": "external"})),
        ),
        (
            "GET",
            format!("/v1/cases/{id}/attachments/{att}/content"),
            None,
        ),
    ];
    for role in ["advisor", "dealer_admin"] {
        for (method, path, body) in &routes {
            let (status, problem) = call(&b.app, method, path, body.clone(), "d2", role).await;
            assert_eq!(status, 404, "{role} {method} {path}: {problem}");
            assert_eq!(problem["status"], 404);
        }
    }
    // And d1's case is untouched
    let (_, case) = advisor(&b.app, "GET", &format!("/v1/cases/{id}"), None).await;
    assert_eq!(case["status"], "open");
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{id}/notes"), None).await;
    assert!(notes["items"].as_array().unwrap().is_empty());
    let (_, list) = call(&b.app, "GET", "/v1/cases", None, "d2", "advisor").await;
    assert!(list["items"].as_array().unwrap().is_empty());
}

async fn a_request_without_a_token_gets_401(b: TestBackend) {
    let doc = casebridge_http::openapi::complete(cases_api::routes().into_openapi());
    let routes = casebridge_http::openapi::operations(&doc);
    assert!(routes.len() >= 11, "{routes:?}");
    for (method, path) in &routes {
        let path = path
            .replace("{caseId}", "c1")
            .replace("{attachmentId}", "a1")
            .replace("{dealerId}", "d1");
        let resp = casebridge_testkit::send_to_api(&b.app, request(method, &path, None)).await;
        let (status, problem) = parts(&resp);
        assert_eq!(status, 401, "{method} {path}");
        assert_eq!(resp.headers()["content-type"], "application/problem+json");
        assert!(problem["detail"].as_str().unwrap().contains("bearer token"));
    }
}

async fn bad_bodies_get_a_problem_naming_the_field(b: TestBackend) {
    seed_dealers(&b.app).await;
    let id = create(&b.app, "Acme").await;
    let raw = |body: &str, path: &str, method: &str| {
        let mut req = request(method, path, None);
        *req.body_mut() = axum::body::Body::from(body.as_bytes().to_vec());
        as_user(req, "d1", "advisor", None)
    };
    let cases: Vec<(axum::extract::Request, u16, &str)> = vec![
        (raw("{not json", "/v1/cases", "POST"), 400, "body"),
        (raw("", "/v1/cases", "POST"), 400, "body"),
        (
            raw(
                r#"{"customer":{"name":"A"},"asset":{"unitNumber":7}}"#,
                "/v1/cases",
                "POST",
            ),
            400,
            "asset.unitNumber",
        ),
        (
            raw(r#"{"asset":{"unitNumber":"7"}}"#, "/v1/cases", "POST"),
            400,
            "customer",
        ),
        (
            raw(
                r#"{"customer":{},"asset":{"unitNumber":"7"}}"#,
                "/v1/cases",
                "POST",
            ),
            // A rule since issue 21 (the name may be left out when the customer id is
            // given), so 422, no longer a shape error (400); the field is named as before.
            422,
            "customer.name",
        ),
        (
            raw(
                r#"{"customer":{"name":"A"},"asset":{"unitNumber":"7"},"colour":"red"}"#,
                "/v1/cases",
                "POST",
            ),
            400,
            "colour",
        ),
        (
            raw(
                r#"{"customer":{"name":"A"},"asset":{"unitNumber":"7"},"status":"lost"}"#,
                "/v1/cases",
                "POST",
            ),
            400,
            "status",
        ),
        (
            raw(
                r#"{"customer":{"name":"  "},"asset":{"unitNumber":"7"}}"#,
                "/v1/cases",
                "POST",
            ),
            422,
            "customer.name",
        ),
        (
            raw(
                r#"{"customer":{"name":"A"},"asset":{"unitNumber":"7","vin":"SHORT"}}"#,
                "/v1/cases",
                "POST",
            ),
            422,
            "asset.vin",
        ),
        (
            raw(
                r#"{"status":"bogus"}"#,
                &format!("/v1/cases/{id}/status"),
                "POST",
            ),
            400,
            "status",
        ),
        (
            raw(r#"{"status":3}"#, &format!("/v1/cases/{id}/status"), "POST"),
            400,
            "status",
        ),
        (
            raw(r#"{"text":""}"#, &format!("/v1/cases/{id}/notes"), "POST"),
            422,
            "text",
        ),
        (
            raw(
                r#"{"text":"x","visibility":"public"}"#,
                &format!("/v1/cases/{id}/notes"),
                "POST",
            ),
            400,
            "visibility",
        ),
        (raw("", "/v1/cases?status=lost", "GET"), 400, "status"),
        (raw("", "/v1/cases?limit=abc", "GET"), 400, "limit"),
        (raw("", "/v1/cases?limit=0", "GET"), 400, "limit"),
        (raw("", "/v1/cases?page=!!", "GET"), 400, "page"),
    ];
    for (req, want, field) in cases {
        let what = format!("{} {}", req.method(), req.uri());
        let resp = casebridge_testkit::send_to_api(&b.app, req).await;
        let (status, problem) = parts(&resp);
        assert_eq!(status, want, "{what}: {problem}");
        assert_eq!(resp.headers()["content-type"], "application/problem+json");
        assert_eq!(problem["status"], want);
        assert_eq!(problem["errors"][0]["field"], field, "{what}: {problem}");
        assert!(!problem["detail"].as_str().unwrap().is_empty());
    }
    // Nothing was created by any of them
    let (_, all) = advisor(&b.app, "GET", "/v1/cases", None).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
}

async fn a_body_over_the_limit_gets_413(b: TestBackend) {
    seed_dealers(&b.app).await;
    let huge = json!({"customer": {"name": "x".repeat(cases_api::MAX_BODY_BYTES)}, "asset": {"unitNumber": "1"}});
    let (status, problem) = advisor(&b.app, "POST", "/v1/cases", Some(huge)).await;
    assert_eq!(status, 413, "{problem}");
    assert!(problem["detail"].as_str().unwrap().contains("limit"));
}

async fn unknown_routes_are_404_and_wrong_methods_405(b: TestBackend) {
    let (status, _) = advisor(&b.app, "GET", "/v1/nothing-here", None).await;
    assert_eq!(status, 404);
    let resp = casebridge_testkit::send_to_api(
        &b.app,
        as_user(
            request("DELETE", "/v1/cases/c1", None),
            "d1",
            "advisor",
            None,
        ),
    )
    .await;
    assert_eq!(resp.status(), 405);
    assert_eq!(resp.headers()["allow"], "GET");
}

async fn dealer_settings_are_for_that_dealers_admins_and_their_oem(b: TestBackend) {
    seed_dealers(&b.app).await;
    let app = &b.app;
    let settings =
        |oem: Option<&str>, dealer: &str, role: &str, method: &str, body: Option<Value>| {
            let req = as_user(
                request(method, "/v1/dealers/d1/settings", body.as_ref()),
                dealer,
                role,
                oem,
            );
            async move { parts(&casebridge_testkit::send_to_api(app, req).await) }
        };
    // A dealer admin reads the settings, without the connector secrets
    let (status, s) = settings(None, "d1", "dealer_admin", "GET", None).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(s["timeZone"], "America/Chicago");
    assert_eq!(s["connectorSecretsConfigured"], 1);
    assert!(!s.to_string().contains("d1-secret"), "secrets never leave");
    // and switches Procede search on
    let mut change = json!({"timeZone": "America/Denver", "prokeepConnectorEnabled": true, "partsCounterUsesProkeep": false,
        "prokeepGroups": [{"id": "parts-counter", "name": "Parts"}], "procedeSearchEnabled": true});
    let (status, s) = settings(None, "d1", "dealer_admin", "PUT", Some(change.clone())).await;
    assert_eq!(status, 200, "{s}");
    assert_eq!(
        (s["procedeSearchEnabled"].clone(), s["timeZone"].clone()),
        (json!(true), json!("America/Denver"))
    );
    // An advisor may not; another dealer's admin does not even see the dealer
    assert_eq!(settings(None, "d1", "advisor", "GET", None).await.0, 403);
    assert_eq!(
        settings(None, "d2", "dealer_admin", "GET", None).await.0,
        404
    );
    assert_eq!(
        settings(None, "d2", "dealer_admin", "PUT", Some(change.clone()))
            .await
            .0,
        404
    );
    // The OEM's admin may; another OEM's admin may not
    assert_eq!(
        settings(Some("oem-a"), "d2", "oem_admin", "GET", None)
            .await
            .0,
        200
    );
    assert_eq!(
        settings(Some("oem-b"), "d3", "oem_admin", "GET", None)
            .await
            .0,
        404
    );
    // OEM oem-a does not let dealer admins pick the reply mode; its OEM admin can
    change["smsReplyMode"] = json!("mobile_only");
    let (status, p) = settings(None, "d1", "dealer_admin", "PUT", Some(change.clone())).await;
    assert_eq!(status, 403, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("reply mode"));
    assert_eq!(
        settings(
            Some("oem-a"),
            "d1",
            "oem_admin",
            "PUT",
            Some(change.clone())
        )
        .await
        .0,
        200
    );
    // Invalid settings are refused with the field named
    change["timeZone"] = json!("Mars/Olympus");
    let (status, p) = settings(Some("oem-a"), "d1", "oem_admin", "PUT", Some(change)).await;
    assert_eq!(
        (status, &p["errors"][0]["field"]),
        (422, &json!("timeZone"))
    );
}

async fn each_dealers_cases_are_numbered_from_1001_once_and_without_gaps(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given five advisors of d1 creating cases at the same moment (each lost race means
    // another create went through, so five always fit in the retries), and one of d2
    let mut creates = tokio::task::JoinSet::new();
    for n in 0..5 {
        let app = b.app.clone();
        creates.spawn(async move {
            let body = new_case(&format!("Fleet {n}"), "U-1");
            advisor(&app, "POST", "/v1/cases", Some(body)).await
        });
    }
    let mut numbers = Vec::new();
    while let Some(done) = creates.join_next().await {
        let (status, case) = done.unwrap();
        assert_eq!(status, 201, "{case}");
        numbers.push(case["number"].as_u64().unwrap());
    }
    let (status, other) = call(
        &b.app,
        "POST",
        "/v1/cases",
        Some(new_case("Other", "X")),
        "d2",
        "advisor",
    )
    .await;
    assert_eq!(status, 201, "{other}");
    // Then d1's cases are #1001 to #1005, each number given once, and d2 starts its own
    numbers.sort();
    assert_eq!(numbers, (1001..=1005).collect::<Vec<u64>>());
    assert_eq!(other["number"], 1001);
    // And a refused create uses no number up
    let (status, _) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": ""}, "asset": {"unitNumber": "U"}})),
    )
    .await;
    assert_eq!(status, 422);
    let (_, next) = advisor(&b.app, "POST", "/v1/cases", Some(new_case("Next", "U-2"))).await;
    assert_eq!(next["number"], 1006);
    // And the list shows the number beside the id
    let (_, list) = advisor(&b.app, "GET", "/v1/cases?limit=1", None).await;
    assert_eq!(list["items"][0]["number"], 1006);
}

async fn an_advisor_builds_an_estimate_and_revises_one_line(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = create(&b.app, "Jo Fleet").await;
    let path = format!("/v1/cases/{case}/estimates");
    // When the advisor writes an estimate (with totals the client made up)
    let (status, est) = advisor(&b.app, "POST", &path, Some(json!({"lines": [
        {"kind": "labor", "description": "Brake job, front axle", "quantity": 2.5, "unitPriceCents": 12000, "taxable": false},
        {"kind": "part", "description": "Tyres", "partNumber": "TY-295", "quantity": 2, "unitPriceCents": 45000, "taxable": true},
        {"kind": "part", "description": "Wiper blades", "quantity": 2, "unitPriceCents": 1999, "taxable": true}
    ], "shopSuppliesCents": 1500, "taxCents": 7560}))).await;
    // Then the totals are the server's: 300.00 + 900.00 + 39.98, plus supplies and tax
    assert_eq!(status, 201, "{est}");
    assert_eq!(est["totals"]["subtotalCents"], 123998);
    assert_eq!(est["totals"]["totalCents"], 123998 + 1500 + 7560);
    assert_eq!(
        (
            est["totals"]["laborCents"].clone(),
            est["totals"]["partsCents"].clone()
        ),
        (json!(30000), json!(93998))
    );
    assert_eq!(est["lines"][0]["quantity"], 2.5);
    assert!(est["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["approval"]["status"] == "requested"));
    let id = est["id"].as_str().unwrap().to_string();
    // And it is read back and listed on the case
    let (_, read) = advisor(&b.app, "GET", &format!("{path}/{id}"), None).await;
    assert_eq!(read, est);
    let (_, list) = advisor(&b.app, "GET", &path, None).await;
    assert_eq!(list["items"][0]["id"], id.as_str());
    // When the advisor revises the tyre line only
    let mut lines: Vec<Value> = est["lines"].as_array().unwrap().iter().map(|l| json!({
        "id": l["id"], "kind": l["kind"], "description": l["description"], "partNumber": l.get("partNumber"),
        "quantity": l["quantity"], "unitPriceCents": l["unitPriceCents"], "taxable": l["taxable"]})).collect();
    lines[1]["unitPriceCents"] = json!(42000);
    let (status, revised) = advisor(
        &b.app,
        "PUT",
        &format!("{path}/{id}"),
        Some(json!({"lines": lines, "shopSuppliesCents": 1500, "taxCents": 7200})),
    )
    .await;
    assert_eq!(status, 200, "{revised}");
    assert_eq!(revised["totals"]["subtotalCents"], 117998);
    assert_eq!(revised["version"], 2);
    assert_eq!(revised["lines"][0]["id"], est["lines"][0]["id"]);
    // Bad input is named, another dealer sees nothing, an OEM admin cannot write
    let (status, p) = advisor(
        &b.app,
        "POST",
        &path,
        Some(json!({"lines": [
        {"kind": "fee", "description": "", "quantity": 0.333, "unitPriceCents": 1}]})),
    )
    .await;
    assert_eq!(status, 422, "{p}");
    assert_eq!(p["errors"].as_array().unwrap().len(), 2, "{p}");
    let (status, _) = call(
        &b.app,
        "GET",
        &format!("{path}/{id}"),
        None,
        "d2",
        "advisor",
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = advisor(&b.app, "GET", &format!("{path}/no%23such"), None).await;
    assert_eq!(status, 404);
}

casebridge_testkit::on_every_backend!(
    an_advisor_creates_a_case_and_reads_it_back,
    an_advisor_builds_an_estimate_and_revises_one_line,
    each_dealers_cases_are_numbered_from_1001_once_and_without_gaps,
    open_cases_are_listed_newest_first_one_page_at_a_time,
    a_status_change_is_recorded_and_moves_the_case_between_lists,
    notes_are_added_and_listed_oldest_first,
    attachments_are_listed_switched_external_and_downloaded,
    another_dealers_user_gets_404_on_every_route_for_a_case,
    a_request_without_a_token_gets_401,
    bad_bodies_get_a_problem_naming_the_field,
    a_body_over_the_limit_gets_413,
    unknown_routes_are_404_and_wrong_methods_405,
    dealer_settings_are_for_that_dealers_admins_and_their_oem,
);
