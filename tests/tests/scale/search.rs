//! Searches read only what they find: an advisor's customer search and the connector's case
//! picker read the word index, so a rare name is on the first page among many customers, a
//! common one fills the page, and a change of name or status is what the next search sees.
//! Records stored before the index existed are found once a platform admin reindexes.

use casebridge_core::ports::{Order, PageRequest, WriteOp};
use casebridge_testkit::cost::Meter;
use casebridge_testkit::{connector, parts, seed_dealers, user, TestBackend};
use serde_json::{json, Value};

const ADVISOR: (&str, &str, Option<&str>) = ("d1", "advisor", None);
const PLATFORM: (&str, &str, Option<&str>) = ("", "platform_admin", None);

const LAST: [&str; 6] = ["Miller", "García", "Nguyen", "Okafor", "Schultz", "Begay"];
const WHAT: [&str; 4] = ["Trucking", "Freight", "Haulers", "Towing"];

async fn add_customer(app: &casebridge_core::App, body: Value) -> String {
    let (s, c) = user(app, "POST", "/v1/customers", Some(body), ADVISOR).await;
    assert_eq!(s, 201, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn search(app: &casebridge_core::App, q: &str, page: Option<&str>) -> Value {
    let mut path = format!(
        "/v1/customers?q={}",
        q.replace('+', "%2B").replace(' ', "+")
    );
    if let Some(p) = page {
        path.push_str(&format!("&page={p}"));
    }
    let (s, found) = user(app, "GET", &path, None, ADVISOR).await;
    assert_eq!(s, 200, "{q}: {found}");
    found
}

fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect()
}

/// Every customer a search finds, page after page (each page's name list).
async fn every_page(app: &casebridge_core::App, q: &str) -> Vec<Vec<String>> {
    let (mut pages, mut next) = (Vec::new(), None::<String>);
    loop {
        let found = search(app, q, next.as_deref()).await;
        pages.push(names(&found));
        match found["nextPage"].as_str() {
            Some(n) => next = Some(n.to_string()),
            None => return pages,
        }
    }
}

async fn an_advisor_finds_a_rare_customer_among_many_on_the_first_page(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given 120 customers sharing a few names, and one Zyzzyva Haulers added among them
    for i in 0..120 {
        let name = format!("{} {}", LAST[i % LAST.len()], WHAT[i % WHAT.len()]);
        add_customer(&b.app, json!({"name": name, "city": "Tulsa"})).await;
        if i == 60 {
            add_customer(&b.app, json!({"name": "Zyzzyva Haulers", "city": "Enid"})).await;
        }
    }
    let mut app = b.app.clone();
    let meter = Meter::wrap(&mut app);
    // When the advisor searches the rare name, Then it is on the first page, alone
    meter.reset();
    let rare = search(&app, "zyzz", None).await;
    assert_eq!(names(&rare), vec!["Zyzzyva Haulers"]);
    assert_eq!(rare["nextPage"], Value::Null);
    let rare_cost = meter.take();
    // And a common word fills the first page, and the pages list each customer once
    let common = search(&app, "trucking", None).await;
    let common_cost = meter.take();
    assert_eq!(names(&common).len(), 25, "{common}");
    let pages = every_page(&b.app, "trucking").await;
    let all: Vec<String> = pages.concat();
    assert_eq!(all.len(), 30, "{pages:?}");
    assert_eq!(pages.len(), 2, "25, then 5");
    assert!(all.iter().all(|n| n.ends_with("Trucking")));
    // And two words narrow it, in any order, accents ignored
    let two = every_page(&b.app, "freight garcia").await.concat();
    assert_eq!(two.len(), 10, "{two:?}");
    assert!(two.iter().all(|n| n == "García Freight"));
    // And on DynamoDB a page costs a handful of read units, not the dealer's whole list
    for (what, cost) in [("rare", rare_cost), ("common", common_cost)] {
        assert!(
            cost.read_units <= 10,
            "{what}: {} read units in {} queries",
            cost.read_units,
            cost.queries
        );
    }
}

async fn a_renamed_customer_is_found_by_its_new_name_and_its_phone_however_typed(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given Acme Freight of Denver, phone (303) 555-0100, customer number C-2024-118
    let acme = add_customer(
        &b.app,
        json!({"name": "Acme Freight", "city": "Denver", "phones": ["(303) 555-0100"],
               "customerNumber": "C-2024-118"}),
    )
    .await;
    // When the advisor searches it by its phone or its number, however typed
    for q in [
        "acme",
        "denver",
        "3035550100",
        "303-555-0100",
        "+1 303 555 0100",
        "555-0100",
        "0100",
        "2024-118",
        "c-2024",
    ] {
        assert_eq!(
            names(&search(&b.app, q, None).await),
            ["Acme Freight"],
            "{q}"
        );
    }
    // When it is renamed
    let (s, renamed) = user(
        &b.app,
        "PATCH",
        &format!("/v1/customers/{acme}"),
        Some(json!({"name": "Zenith Freight"})),
        ADVISOR,
    )
    .await;
    assert_eq!(s, 200, "{renamed}");
    // Then the old name finds nothing, the new one finds it, with the new name shown
    assert!(names(&search(&b.app, "acme", None).await).is_empty());
    assert_eq!(
        names(&search(&b.app, "zen fre", None).await),
        ["Zenith Freight"]
    );
    assert_eq!(
        names(&search(&b.app, "freight", None).await),
        ["Zenith Freight"]
    );
    // And another dealer's advisor finds none of it
    let (_, theirs) = user(
        &b.app,
        "GET",
        "/v1/customers?q=zenith",
        None,
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(theirs["items"], json!([]));
}

async fn open_cases(app: &casebridge_core::App, query: &str) -> Vec<(String, String)> {
    let (s, v) =
        parts(&connector(app, "GET", &format!("/v1/prokeep/open-cases?{query}"), b"").await);
    assert_eq!(s, 200, "{query}: {v}");
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["customer"]["name"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

async fn the_connector_finds_a_case_by_vin_tail_unit_or_customer_and_closed_ones_only_when_asked(
    b: TestBackend,
) {
    seed_dealers(&b.app).await;
    // Given a case for Johnson Tires on unit T-101, VIN 1XKYD49X0MJ441256, and one for Acme
    let (s, case) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Johnson Tires"},
            "asset": {"unitNumber": "T-101", "vin": "1XKYD49X0MJ441256"}})),
        ADVISOR,
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let (s, other) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Acme"}, "asset": {"unitNumber": "A-1"}})),
        ADVISOR,
    )
    .await;
    assert_eq!(s, 201, "{other}");
    let johnson = vec![("Johnson Tires".to_string(), "open".to_string())];
    // When the parts counter picks a case by what the driver reads out
    let number = case["number"].as_u64().unwrap();
    for q in [
        "q=johnson",
        "q=441256",
        "q=MJ441256",
        "q=T-101",
        "q=t101",
        "q=john+tires",
    ] {
        assert_eq!(open_cases(&b.app, q).await, johnson, "{q}");
    }
    assert_eq!(open_cases(&b.app, &format!("q={number}")).await, johnson);
    // When the case is closed
    let id = case["id"].as_str().unwrap();
    let (s, closed) = user(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/status"),
        Some(json!({"status": "closed"})),
        ADVISOR,
    )
    .await;
    assert_eq!(s, 200, "{closed}");
    // Then the picker no longer offers it, unless closed cases are asked for
    assert!(open_cases(&b.app, "q=johnson").await.is_empty());
    assert_eq!(
        open_cases(&b.app, "q=johnson&includeClosed=true").await,
        vec![("Johnson Tires".to_string(), "closed".to_string())]
    );
    // And with another Johnson open, one page at a time: open ones first, the closed one after
    let (s, _) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Johnson Freight"}, "asset": {"unitNumber": "J-2"}})),
        ADVISOR,
    )
    .await;
    assert_eq!(s, 201);
    let wider = "/v1/prokeep/open-cases?q=johnson&limit=1&includeClosed=true";
    let (_, first) = parts(&connector(&b.app, "GET", wider, b"").await);
    assert_eq!(
        first["items"][0]["customer"]["name"], "Johnson Freight",
        "{first}"
    );
    let next = first["nextPage"].as_str().unwrap();
    let (_, second) = parts(&connector(&b.app, "GET", &format!("{wider}&page={next}"), b"").await);
    assert_eq!(
        second["items"][0]["customer"]["name"], "Johnson Tires",
        "{second}"
    );
    assert_eq!(second["nextPage"], Value::Null, "{second}");
}

/// Takes the dealer's word index away, as a table written before it existed has none.
async fn forget_the_index(app: &casebridge_core::App, dealer: &str) {
    // The partitions `keys::words` names (spelled here: the table as an older release left it).
    for pk in [
        format!("D#{dealer}#CUWORDS"),
        format!("D#{dealer}#CASEWORDS"),
    ] {
        let all = app
            .store
            .query(&pk, "", PageRequest::first(1_000, Order::Ascending))
            .await
            .unwrap();
        for item in all.items {
            let gone = WriteOp::delete(item.pk, item.sk);
            app.store.transact(vec![gone]).await.unwrap();
        }
    }
}

async fn reindex(app: &casebridge_core::App) -> (u64, u64, usize) {
    let (mut customers, mut cases, mut calls, mut page) = (0, 0, 0, String::new());
    loop {
        let path = format!("/v1/dealers/d1/reindex?page={page}");
        let (s, done) = user(app, "POST", &path, None, PLATFORM).await;
        assert_eq!(s, 200, "{done}");
        calls += 1;
        customers += done["customers"].as_u64().unwrap();
        cases += done["cases"].as_u64().unwrap();
        match done["nextPage"].as_str() {
            Some(next) => page = next.to_string(),
            None => return (customers, cases, calls),
        }
    }
}

async fn records_stored_before_the_index_are_found_after_a_reindex_run_twice(b: TestBackend) {
    seed_dealers(&b.app).await;
    // Given 105 customers and a case stored by a release without the word index
    for i in 0..105 {
        add_customer(
            &b.app,
            json!({"name": format!("{} {}", LAST[i % LAST.len()], WHAT[i % WHAT.len()])}),
        )
        .await;
    }
    let (s, _) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Okafor Farms"}, "asset": {"unitNumber": "F-9"}})),
        ADVISOR,
    )
    .await;
    assert_eq!(s, 201);
    forget_the_index(&b.app, "d1").await;
    assert!(names(&search(&b.app, "okafor", None).await).is_empty());
    assert!(open_cases(&b.app, "q=okafor").await.is_empty());
    // When an advisor tries to reindex, Then only a platform admin may
    let (s, refused) = user(&b.app, "POST", "/v1/dealers/d1/reindex", None, ADVISOR).await;
    assert_eq!(s, 403, "{refused}");
    // When a platform admin reindexes, batch after batch
    assert_eq!(reindex(&b.app).await, (105, 1, 3));
    // Then every customer and the case are found, each once
    let okafors = every_page(&b.app, "okafor").await.concat();
    assert_eq!(okafors.len(), 17, "{okafors:?}");
    assert_eq!(open_cases(&b.app, "q=okafor").await.len(), 1);
    // And running it again writes the same index: the same answers
    assert_eq!(reindex(&b.app).await, (105, 1, 3));
    assert_eq!(every_page(&b.app, "okafor").await.concat(), okafors);
    assert_eq!(open_cases(&b.app, "q=okafor").await.len(), 1);
}

casebridge_testkit::on_every_backend!(
    an_advisor_finds_a_rare_customer_among_many_on_the_first_page,
    a_renamed_customer_is_found_by_its_new_name_and_its_phone_however_typed,
    the_connector_finds_a_case_by_vin_tail_unit_or_customer_and_closed_ones_only_when_asked,
    records_stored_before_the_index_are_found_after_a_reindex_run_twice,
);
