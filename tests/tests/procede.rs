//! Procede customer search and DMS customers in Case, through the handler, on the embedded
//! backend and on moto.

use casebridge_core::App;
use casebridge_testkit::{seed_dealers, TestBackend};
use serde_json::{json, Value};

fn dms(records: &[(&str, &str, &str, &str)]) -> Value {
    Value::Array(
        records
            .iter()
            .map(|(id, name, phone, city)| json!({"procedeId": id, "name": name, "customerNumber": format!("C-{id}"), "phone": phone, "city": city,
                "state": "TX", "emails": [format!("{id}@example.test")], "addresses": [{"line1": "1 Main St", "city": city}], "billing": {"terms": "NET30"}}))
            .collect(),
    )
}

fn write_dms(b: &TestBackend, v: &Value) {
    std::fs::write(&b.procede_file, serde_json::to_vec(v).unwrap()).unwrap();
}

fn sample() -> Value {
    dms(&[
        ("P1", "John Deere", "(515) 555-0199", "Des Moines"),
        ("P2", "Johnson Tires - Denver", "(303) 555-0100", "Denver"),
        ("P3", "José's Trucking", "(214) 555-0123", "Dallas"),
        ("P4", "Prairie Haulers", "(918) 555-0111", "Tulsa"),
    ])
}

async fn call(
    app: &App,
    method: &str,
    path: &str,
    body: Option<Value>,
    dealer: &str,
    role: &str,
) -> (u16, Value) {
    casebridge_testkit::user(app, method, path, body, (dealer, role, None)).await
}

async fn advisor(app: &App, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    call(app, method, path, body, "d1", "advisor").await
}

/// The dealer admin of `dealer` turns Procede search on.
async fn enable(app: &App, dealer: &str) {
    let (_, current) = call(
        app,
        "GET",
        &format!("/v1/dealers/{dealer}/settings"),
        None,
        dealer,
        "dealer_admin",
    )
    .await;
    let mut body = json!({});
    for k in [
        "timeZone",
        "prokeepConnectorEnabled",
        "partsCounterUsesProkeep",
        "prokeepGroups",
        "smsReplyMode",
        "partsReminderMinutes",
    ] {
        body[k] = current[k].clone();
    }
    body["procedeSearchEnabled"] = json!(true);
    let (s, v) = call(
        app,
        "PUT",
        &format!("/v1/dealers/{dealer}/settings"),
        Some(body),
        dealer,
        "dealer_admin",
    )
    .await;
    assert_eq!(s, 200, "{v}");
}

fn names(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect()
}

async fn an_advisor_finds_adds_and_refreshes_a_dms_customer(b: TestBackend) {
    seed_dealers(&b.app).await;
    write_dms(&b, &sample());
    // Until the dealer admin enables it, search is refused with the reason
    let (s, p) = advisor(&b.app, "GET", "/v1/procede/customers?by=name&q=John", None).await;
    assert_eq!(s, 403, "{p}");
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("dealer admin must enable"));
    enable(&b.app, "d1").await;
    let (s, john) = advisor(&b.app, "GET", "/v1/procede/customers?by=name&q=John", None).await;
    assert_eq!(s, 200, "{john}");
    assert_eq!(names(&john), vec!["John Deere", "Johnson Tires - Denver"]);
    assert_eq!(john["items"][0]["action"], "add");
    let (_, jd) = advisor(
        &b.app,
        "GET",
        "/v1/procede/customers?by=name&q=John%20Denver",
        None,
    )
    .await;
    assert_eq!(names(&jd), vec!["Johnson Tires - Denver"]);
    let (_, jose) = advisor(&b.app, "GET", "/v1/procede/customers?by=name&q=jose", None).await;
    assert_eq!(names(&jose), vec!["José's Trucking"]);
    let (_, phone) = advisor(
        &b.app,
        "GET",
        "/v1/procede/customers?by=phone&q=303-555",
        None,
    )
    .await;
    assert_eq!(names(&phone), vec!["Johnson Tires - Denver"]);
    // Add Customer: exactly as the DMS has it, read-only
    let (s, added) = advisor(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P2"})),
    )
    .await;
    assert_eq!(s, 201, "{added}");
    assert_eq!(
        (
            added["name"].as_str(),
            added["source"].as_str(),
            added["readOnly"].as_bool()
        ),
        (Some("Johnson Tires - Denver"), Some("procede"), Some(true))
    );
    assert_eq!(added["billing"]["terms"], "NET30");
    let id = added["id"].as_str().unwrap().to_string();
    // Adding it again answers the same customer
    let (s, again) = advisor(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P2"})),
    )
    .await;
    assert_eq!(
        (s, again["id"].as_str(), again["created"].as_bool()),
        (200, Some(id.as_str()), Some(false))
    );
    // The search now says edit, with the customer
    let (_, john) = advisor(&b.app, "GET", "/v1/procede/customers?by=name&q=John", None).await;
    assert_eq!(
        (
            john["items"][1]["action"].as_str(),
            john["items"][1]["customerId"].as_str()
        ),
        (Some("edit"), Some(id.as_str()))
    );
    // Edits in Case are refused, with what to do instead
    let (s, p) = advisor(
        &b.app,
        "PATCH",
        &format!("/v1/customers/{id}"),
        Some(json!({"name": "Johnson Tyres"})),
    )
    .await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .contains("change it in Procede"));
    // The DMS changes; refresh reports what changed
    let mut changed = sample();
    changed[1]["name"] = json!("Johnson Tires & Service - Denver");
    changed[1]["phone"] = json!("(303) 555-0177");
    write_dms(&b, &changed);
    let (s, r) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{id}/refresh-from-procede"),
        None,
    )
    .await;
    assert_eq!(s, 200, "{r}");
    let fields: Vec<&str> = r["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["name", "phones"]);
    assert_eq!(
        r["changes"][0],
        json!({"field": "name", "old": "Johnson Tires - Denver", "new": "Johnson Tires & Service - Denver"})
    );
    assert_eq!(
        advisor(&b.app, "GET", &format!("/v1/customers/{id}"), None)
            .await
            .1["name"],
        "Johnson Tires & Service - Denver"
    );
    // Deleted in the DMS: reported, left unchanged
    write_dms(
        &b,
        &dms(&[("P1", "John Deere", "(515) 555-0199", "Des Moines")]),
    );
    let (s, r) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{id}/refresh-from-procede"),
        None,
    )
    .await;
    assert_eq!(
        (
            s,
            r["deletedInDms"].as_bool(),
            r["customer"]["name"].as_str()
        ),
        (200, Some(true), Some("Johnson Tires & Service - Denver"))
    );
    // Another dealer cannot see the customer
    assert_eq!(
        call(
            &b.app,
            "GET",
            &format!("/v1/customers/{id}"),
            None,
            "d2",
            "advisor"
        )
        .await
        .0,
        404
    );
    enable(&b.app, "d2").await;
    assert_eq!(
        call(
            &b.app,
            "POST",
            &format!("/v1/customers/{id}/refresh-from-procede"),
            None,
            "d2",
            "advisor"
        )
        .await
        .0,
        404
    );
    let (_, d2) = call(
        &b.app,
        "GET",
        "/v1/procede/customers?by=name&q=John",
        None,
        "d2",
        "advisor",
    )
    .await;
    assert!(
        d2["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["action"] == "add"),
        "d2 has not added anyone: {d2}"
    );
}

async fn case_customers_are_editable_and_dms_ones_are_not(b: TestBackend) {
    seed_dealers(&b.app).await;
    let (s, c) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Walk-in Wally", "phones": ["+12145550100"]})),
    )
    .await;
    assert_eq!((s, c["readOnly"].as_bool()), (201, Some(false)), "{c}");
    let id = c["id"].as_str().unwrap();
    let (s, u) = advisor(
        &b.app,
        "PATCH",
        &format!("/v1/customers/{id}"),
        Some(json!({"emails": ["wally@example.test"]})),
    )
    .await;
    assert_eq!(
        (s, u["emails"][0].as_str(), u["name"].as_str()),
        (200, Some("wally@example.test"), Some("Walk-in Wally"))
    );
    assert_eq!(
        advisor(
            &b.app,
            "PATCH",
            &format!("/v1/customers/{id}"),
            Some(json!({"emails": ["not-an-email"]}))
        )
        .await
        .0,
        422
    );
    assert_eq!(
        advisor(
            &b.app,
            "PATCH",
            &format!("/v1/customers/{id}"),
            Some(json!({"colour": "red"}))
        )
        .await
        .0,
        400
    );
    assert_eq!(
        call(
            &b.app,
            "PATCH",
            &format!("/v1/customers/{id}"),
            Some(json!({"name": "x"})),
            "d2",
            "advisor"
        )
        .await
        .0,
        404
    );
    assert_eq!(
        advisor(&b.app, "POST", "/v1/customers", Some(json!({"phones": []})))
            .await
            .0,
        422
    );
}

async fn bad_searches_are_refused_with_a_reason(b: TestBackend) {
    seed_dealers(&b.app).await;
    write_dms(&b, &sample());
    enable(&b.app, "d1").await;
    let fifty = vec!["a"; 50].join("%20");
    for (q, status, field) in [
        ("by=name&q=", 400, "q"),
        ("by=name&q=j", 400, "q"),
        (&*format!("by=name&q={fifty}"), 400, "q"),
        ("by=zip&q=john", 400, "by"),
        ("by=name&q=%21%21%21", 400, "q"),
        ("by=name&q=john&page=garbage", 400, "page"),
        ("by=name&q=john&limit=0", 400, "limit"),
    ] {
        let (s, p) = advisor(&b.app, "GET", &format!("/v1/procede/customers?{q}"), None).await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (status, Some(field)),
            "{q}: {p}"
        );
    }
    // Metacharacters are just text
    for q in ["%25%27%20OR%201%3D1%20--", ".%2A%5Bjohn"] {
        let (s, _) = advisor(
            &b.app,
            "GET",
            &format!("/v1/procede/customers?by=name&q={q}"),
            None,
        )
        .await;
        assert_eq!(s, 200, "{q}");
    }
    // Paging to the end and past it
    let (_, p1) = advisor(
        &b.app,
        "GET",
        "/v1/procede/customers?by=name&q=john&limit=1",
        None,
    )
    .await;
    let next = p1["nextPage"].as_str().unwrap();
    let (_, p2) = advisor(
        &b.app,
        "GET",
        &format!("/v1/procede/customers?by=name&q=john&limit=1&page={next}"),
        None,
    )
    .await;
    assert_eq!(
        (names(&p2), &p2["nextPage"]),
        (vec!["Johnson Tires - Denver"], &Value::Null)
    );
    let past = "b2Zmc2V0Ojk5"; // offset:99
    let (s, p3) = advisor(
        &b.app,
        "GET",
        &format!("/v1/procede/customers?by=name&q=john&page={past}"),
        None,
    )
    .await;
    assert_eq!((s, p3["items"].as_array().unwrap().len()), (200, 0));
    // An unknown DMS customer is 404; nothing was written
    assert_eq!(
        advisor(
            &b.app,
            "POST",
            "/v1/customers/from-procede",
            Some(json!({"procedeId": "NOPE"}))
        )
        .await
        .0,
        404
    );
    // A DMS that is not there answers 502, nothing written
    std::fs::remove_file(&b.procede_file).unwrap();
    let (s, p) = advisor(
        &b.app,
        "POST",
        "/v1/customers/from-procede",
        Some(json!({"procedeId": "P1"})),
    )
    .await;
    assert_eq!(s, 502, "{p}");
    write_dms(&b, &sample());
    let (_, john) = advisor(&b.app, "GET", "/v1/procede/customers?by=name&q=John", None).await;
    assert!(john["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["action"] == "add"));
}

casebridge_testkit::on_every_backend!(
    an_advisor_finds_adds_and_refreshes_a_dms_customer,
    case_customers_are_editable_and_dms_ones_are_not,
    bad_searches_are_refused_with_a_reason,
);
