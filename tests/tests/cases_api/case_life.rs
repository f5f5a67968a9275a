//! A case's life: created and read back, listed newest first, moved by status changes,
//! numbered from 1001 per dealer.

use super::*;

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

casebridge_testkit::on_every_backend!(
    an_advisor_creates_a_case_and_reads_it_back,
    each_dealers_cases_are_numbered_from_1001_once_and_without_gaps,
    open_cases_are_listed_newest_first_one_page_at_a_time,
    a_status_change_is_recorded_and_moves_the_case_between_lists,
);
