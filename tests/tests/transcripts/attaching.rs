//! Attaching threads: the connector lists only its dealer's open cases; two threads make
//! two PDFs, and attaching again makes no duplicate.

use super::*;

async fn the_connector_lists_only_its_dealers_open_cases_newest_first(b: TestBackend) {
    seed_dealers(&b.app).await;
    let first = new_case(&b.app, "d1", "Johnson Tires").await;
    b.clock.advance(jiff::SignedDuration::from_secs(60));
    let second = new_case(&b.app, "d1", "John Deere Logistics").await;
    b.clock.advance(jiff::SignedDuration::from_secs(60));
    let closed = new_case(&b.app, "d1", "Closed Co").await;
    casebridge_testkit::send_to_api(
        &b.app,
        as_user(
            request(
                "POST",
                &format!("/v1/cases/{closed}/status"),
                Some(&json!({"status": "closed"})),
            ),
            "d1",
            "advisor",
            None,
        ),
    )
    .await;
    new_case(&b.app, "d2", "Other Dealer's Customer").await;
    let (s, list) = connector(&b.app, "GET", "/v1/prokeep/open-cases", &Value::Null, "d1").await;
    assert_eq!(s, 200, "{list}");
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![second.as_str(), first.as_str()]);
    assert_eq!(list["items"][0]["customer"]["name"], "John Deere Logistics");
    assert_eq!(list["items"][0]["asset"]["vin"], "1XKYD49X0MJ441256");
    // Narrowed by customer, and paged
    let (_, johnson) = connector(
        &b.app,
        "GET",
        "/v1/prokeep/open-cases?q=johnson",
        &Value::Null,
        "d1",
    )
    .await;
    assert_eq!(johnson["items"].as_array().unwrap().len(), 1);
    let (_, page1) = connector(
        &b.app,
        "GET",
        "/v1/prokeep/open-cases?limit=1",
        &Value::Null,
        "d1",
    )
    .await;
    let next = page1["nextPage"].as_str().unwrap();
    let (_, page2) = connector(
        &b.app,
        "GET",
        &format!("/v1/prokeep/open-cases?limit=1&page={next}"),
        &Value::Null,
        "d1",
    )
    .await;
    assert_eq!(page2["items"][0]["id"], first.as_str());
    assert_eq!(page2["nextPage"], Value::Null);
}

async fn two_threads_make_two_pdfs_and_attaching_again_makes_no_duplicate(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let (s, a) = attach(&b.app, "t1", &case, thread("open", &["hello", "hi"])).await;
    assert_eq!(s, 201, "{a}");
    assert_eq!(
        (
            a["state"].as_str(),
            a["version"].as_u64(),
            a["visibility"].as_str()
        ),
        (Some("draft"), Some(1), Some("internal"))
    );
    let (s, _) = attach(&b.app, "t2", &case, thread("open", &["another thread"])).await;
    assert_eq!(s, 201);
    // The same thread again, unchanged: the same attachment, no new version
    let (s, again) = attach(&b.app, "t1", &case, thread("open", &["hello", "hi"])).await;
    assert_eq!(
        (
            s,
            again["id"].clone(),
            again["version"].as_u64(),
            again["changed"].as_bool()
        ),
        (200, a["id"].clone(), Some(1), Some(false))
    );
    // With a new message: the same attachment, version 2
    let (s, grown) = attach(
        &b.app,
        "t1",
        &case,
        thread("open", &["hello", "hi", "are you there?"]),
    )
    .await;
    assert_eq!(
        (s, grown["id"].clone(), grown["version"].as_u64()),
        (200, a["id"].clone(), Some(2))
    );
    let list = attachments(&b.app, &case).await;
    assert_eq!(list.len(), 2, "one PDF per thread: {list:?}");
    assert_eq!(pdf_versions(&b.app, &case, "t1").await.len(), 2);
    // A thread may go on several cases, including a closed one
    let other = new_case(&b.app, "d1", "Beta").await;
    casebridge_testkit::send_to_api(
        &b.app,
        as_user(
            request(
                "POST",
                &format!("/v1/cases/{other}/status"),
                Some(&json!({"status": "closed"})),
            ),
            "d1",
            "advisor",
            None,
        ),
    )
    .await;
    assert_eq!(
        attach(&b.app, "t1", &other, thread("open", &["hello"]))
            .await
            .0,
        201
    );
    assert_eq!(
        b.events
            .kinds()
            .iter()
            .filter(|k| k.starts_with("attachment."))
            .count(),
        4
    );
}

casebridge_testkit::on_every_backend!(
    the_connector_lists_only_its_dealers_open_cases_newest_first,
    two_threads_make_two_pdfs_and_attaching_again_makes_no_duplicate,
);
