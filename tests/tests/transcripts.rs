//! Conversation transcripts (issue: Prokeep thread -> PDF on the case), through the
//! functions' handlers, on the embedded backend and on DynamoDB/S3/SNS in moto.

use std::sync::Arc;

use async_trait::async_trait;
use casebridge_core::dealers::DealerId;
use casebridge_core::ports::{BlobKey, BlobStore, BlobVersion, StoreError, StoredBlob};
use casebridge_core::App;
use casebridge_testkit::{as_user, parts, request, seed_dealers, signed, TestBackend};
use serde_json::{json, Value};
use tokio::sync::Notify;

const NOW: i64 = 1_795_424_400; // 2026-11-23T09:00:00Z, the test clock

fn thread(state: &str, bodies: &[&str]) -> Value {
    let messages: Vec<Value> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            json!({"id": format!("m{i}"), "senderId": if i % 2 == 0 { "c" } else { "a" },
            "sentAt": format!("2026-11-20T08:{:02}:00-06:00", i % 60), "body": b})
        })
        .collect();
    json!({"channel": "sms", "reference": "PK-1", "state": state,
        "participants": [{"id": "c", "name": "José Ramírez", "role": "customer", "phone": "+12145550199"},
                         {"id": "a", "name": "Dana Ortiz", "role": "advisor"}],
        "messages": messages})
}

async fn connector(
    app: &App,
    method: &str,
    path: &str,
    body: &Value,
    dealer: &str,
) -> (u16, Value) {
    let bytes = if body.is_null() {
        Vec::new()
    } else {
        serde_json::to_vec(body).unwrap()
    };
    let req = signed(
        method,
        path,
        &bytes,
        dealer,
        &format!("{dealer}-secret"),
        NOW,
    );
    parts(&casebridge_testkit::send_to_api(app, req).await)
}

async fn attach(app: &App, thread_id: &str, case: &str, t: Value) -> (u16, Value) {
    connector(
        app,
        "POST",
        &format!("/v1/prokeep/threads/{thread_id}/attachments"),
        &json!({"caseId": case, "thread": t}),
        "d1",
    )
    .await
}

async fn close(app: &App, thread_id: &str, t: Value) -> (u16, Value) {
    connector(
        app,
        "POST",
        &format!("/v1/prokeep/threads/{thread_id}/close"),
        &json!({"thread": t}),
        "d1",
    )
    .await
}

async fn new_case(app: &App, dealer: &str, name: &str) -> String {
    let body = json!({"customer": {"name": name}, "asset": {"unitNumber": "T-1", "vin": "1XKYD49X0MJ441256"}});
    let (s, c) = parts(
        &casebridge_testkit::send_to_api(
            app,
            as_user(
                request("POST", "/v1/cases", Some(&body)),
                dealer,
                "advisor",
                None,
            ),
        )
        .await,
    );
    assert_eq!(s, 201, "{c}");
    c["id"].as_str().unwrap().to_string()
}

async fn attachments(app: &App, case: &str) -> Vec<Value> {
    let (s, l) = parts(
        &casebridge_testkit::send_to_api(
            app,
            as_user(
                request("GET", &format!("/v1/cases/{case}/attachments"), None),
                "d1",
                "advisor",
                None,
            ),
        )
        .await,
    );
    assert_eq!(s, 200, "{l}");
    l["items"].as_array().unwrap().clone()
}

async fn pdf_versions(app: &App, case: &str, thread: &str) -> Vec<BlobVersion> {
    let key = BlobKey::for_dealer(
        &DealerId::parse("d1").unwrap(),
        &["cases", case, "threads", &format!("{thread}.pdf")],
    )
    .unwrap();
    app.blobs.versions(&key).await.unwrap()
}

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

async fn closing_a_thread_replaces_its_draft_by_the_final_pdf(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let (_, draft) = attach(&b.app, "t1", &case, thread("open", &["hello"])).await;
    let draft_bytes = b
        .app
        .blobs
        .get(
            &BlobKey::for_dealer(
                &DealerId::parse("d1").unwrap(),
                &["cases", &case, "threads", "t1.pdf"],
            )
            .unwrap(),
            None,
        )
        .await
        .unwrap()
        .unwrap()
        .bytes;
    // When the thread closes with its final snapshot
    let (s, closed) = close(&b.app, "t1", thread("closed", &["hello", "bye"])).await;
    assert_eq!(s, 200, "{closed}");
    // Then the same attachment is final, version 2, and the draft is the older S3 version
    let att = &closed["attachments"][0];
    assert_eq!(
        (
            att["id"].clone(),
            att["state"].as_str(),
            att["version"].as_u64()
        ),
        (draft["id"].clone(), Some("final"), Some(2))
    );
    let versions = pdf_versions(&b.app, &case, "t1").await;
    assert_eq!(versions.len(), 2);
    let key = BlobKey::for_dealer(
        &DealerId::parse("d1").unwrap(),
        &["cases", &case, "threads", "t1.pdf"],
    )
    .unwrap();
    assert_eq!(
        b.app
            .blobs
            .get(&key, Some(&versions[1].version_id))
            .await
            .unwrap()
            .unwrap()
            .bytes,
        draft_bytes
    );
    assert!(b.events.kinds().contains(&"attachment.replaced"));
    // A second close changes nothing; a later attach of the open snapshot keeps it final
    let (s, _) = close(&b.app, "t1", thread("closed", &["hello", "bye", "late"])).await;
    assert_eq!(s, 200);
    let (_, later) = attach(&b.app, "t1", &case, thread("open", &["hello"])).await;
    assert_eq!(
        (later["state"].as_str(), later["version"].as_u64()),
        (Some("final"), Some(2))
    );
    assert_eq!(pdf_versions(&b.app, &case, "t1").await.len(), 2);
    let list = attachments(&b.app, &case).await;
    assert_eq!((list.len(), list[0]["state"].as_str()), (1, Some("final")));
}

async fn a_close_before_the_attach_makes_the_attach_final_directly(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let (s, c) = close(&b.app, "t9", thread("closed", &["done"])).await;
    assert_eq!(
        (s, c["attachments"].as_array().map(Vec::len)),
        (200, Some(0))
    );
    let (s, a) = attach(&b.app, "t9", &case, thread("open", &["done"])).await;
    assert_eq!(
        (s, a["state"].as_str(), a["version"].as_u64()),
        (201, Some("final"), Some(1))
    );
    assert_eq!(pdf_versions(&b.app, &case, "t9").await.len(), 1);
}

/// Holds the first transcript PUT until released, so a close can land between an
/// attach's PUT and its transaction.
struct GatedBlobs {
    inner: Arc<dyn BlobStore>,
    reached: Notify,
    release: Notify,
    armed: std::sync::atomic::AtomicBool,
}

#[async_trait]
impl BlobStore for GatedBlobs {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        let v = self.inner.put(key, bytes, ct).await;
        if key.as_str().ends_with(".pdf")
            && self.armed.swap(false, std::sync::atomic::Ordering::SeqCst)
        {
            self.reached.notify_one();
            self.release.notified().await;
        }
        v
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        self.inner.get(key, v).await
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        self.inner.versions(key).await
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        v: Option<&str>,
        n: &str,
        e: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.inner.download_url(key, v, n, e).await
    }
}

async fn a_close_that_lands_inside_an_attach_still_ends_with_one_final_pdf(mut b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let gate = Arc::new(GatedBlobs {
        inner: b.app.blobs.clone(),
        reached: Notify::new(),
        release: Notify::new(),
        armed: true.into(),
    });
    b.app.blobs = gate.clone();
    let app = b.app.clone();
    let c = case.clone();
    // Given an attach that has stored its draft PDF but not yet recorded it
    let attaching =
        tokio::spawn(async move { attach(&app, "t5", &c, thread("open", &["hi"])).await });
    gate.reached.notified().await;
    // When the close arrives and completes in between
    let (s, closed) = close(&b.app, "t5", thread("closed", &["hi", "bye"])).await;
    assert_eq!(s, 200, "{closed}");
    gate.release.notify_one();
    // Then the attach notices, and the case ends with the final PDF only
    let (s, a) = attaching.await.unwrap();
    assert_eq!((s, a["state"].as_str()), (201, Some("final")), "{a}");
    let list = attachments(&b.app, &case).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["state"], "final");
}

async fn attaches_and_closes_racing_end_with_exactly_one_final_pdf_per_case_and_thread(
    b: TestBackend,
) {
    seed_dealers(&b.app).await;
    let cases = [
        new_case(&b.app, "d1", "A").await,
        new_case(&b.app, "d1", "B").await,
    ];
    for round in 0..4 {
        let thread_id = format!("race-{round}");
        let (a1, a2, c1, c2) = tokio::join!(
            attach(&b.app, &thread_id, &cases[0], thread("open", &["x"])),
            attach(&b.app, &thread_id, &cases[1], thread("open", &["x"])),
            close(&b.app, &thread_id, thread("closed", &["x", "y"])),
            close(&b.app, &thread_id, thread("closed", &["x", "y"])),
        );
        for (s, body) in [a1, a2, c1, c2] {
            assert!(s == 200 || s == 201, "{s} {body}");
        }
        for case in &cases {
            let mine: Vec<Value> = attachments(&b.app, case)
                .await
                .into_iter()
                .filter(|a| a["threadId"] == thread_id.as_str())
                .collect();
            assert_eq!(mine.len(), 1, "round {round}: {mine:?}");
            assert_eq!(mine[0]["state"], "final", "round {round}");
        }
    }
}

async fn bad_input_is_refused_clearly_and_stores_nothing(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let other = new_case(&b.app, "d2", "Other").await;
    let path = "/v1/prokeep/threads/t1/attachments";
    let body = |c: &str, t: Value| serde_json::to_vec(&json!({"caseId": c, "thread": t})).unwrap();
    let call = |req| async { parts(&casebridge_testkit::send_to_api(&b.app, req).await) };
    let ok = body(&case, thread("open", &["x"]));
    let mut bad_sentat = thread("open", &["x", "y"]);
    bad_sentat["messages"][1]["sentAt"] = json!("yesterday at noon");
    let cases: Vec<(axum::extract::Request, u16, &str)> = vec![
        (
            signed(
                "POST",
                path,
                &body("nope", thread("open", &["x"])),
                "d1",
                "d1-secret",
                NOW,
            ),
            404,
            "case nope",
        ),
        (
            signed(
                "POST",
                path,
                &body(&other, thread("open", &["x"])),
                "d1",
                "d1-secret",
                NOW,
            ),
            404,
            "not found",
        ),
        (
            signed("POST", path, &ok, "d1", "wrong-secret", NOW),
            401,
            "signature",
        ),
        // Every signature failure answers the same words (a stale time included), so a
        // failure tells nothing about which part was wrong or which dealers exist.
        (
            signed("POST", path, &ok, "d1", "d1-secret", NOW - 301),
            401,
            "unknown dealer or bad signature",
        ),
        (
            signed("POST", path, &ok, "d2", "d1-secret", NOW),
            401,
            "signature",
        ),
        (
            signed("POST", path, &ok, "nobody", "x", NOW),
            401,
            "unknown dealer",
        ),
        (
            signed(
                "POST",
                path,
                &body(&case, thread("open", &[])),
                "d1",
                "d1-secret",
                NOW,
            ),
            422,
            "at least one message",
        ),
        (
            signed(
                "POST",
                path,
                &body(&case, bad_sentat),
                "d1",
                "d1-secret",
                NOW,
            ),
            400,
            "\"m1\"",
        ),
        (
            signed(
                "POST",
                path,
                &vec![b' '; thread_export::MAX_BODY_BYTES + 1],
                "d1",
                "d1-secret",
                NOW,
            ),
            413,
            "limit",
        ),
        (
            signed(
                "POST",
                "/v1/prokeep/threads/bad%20id/attachments",
                &ok,
                "d1",
                "d1-secret",
                NOW,
            ),
            400,
            "thread id",
        ),
        (
            signed("POST", path, b"{\"caseId\": 5}", "d1", "d1-secret", NOW),
            400,
            "caseId",
        ),
    ];
    for (req, want, says) in cases {
        let (s, p) = call(req).await;
        assert_eq!(s, want, "{p}");
        assert!(p["detail"].as_str().unwrap().contains(says), "{says}: {p}");
    }
    // Without headers at all
    let mut bare = request("POST", path, None);
    *bare.body_mut() = axum::body::Body::from(ok.clone());
    assert_eq!(call(bare).await.0, 401);
    assert!(
        attachments(&b.app, &case).await.is_empty(),
        "nothing stored"
    );
    assert!(pdf_versions(&b.app, &case, "t1").await.is_empty());
    // A dealer whose connector is off is told so
    let mut d = casebridge_core::dealers::load_dealer(&b.app, &DealerId::parse("d1").unwrap())
        .await
        .unwrap();
    d.settings.prokeep_connector_enabled = false;
    casebridge_core::dealers::seed_dealer(&b.app, &d)
        .await
        .unwrap();
    let (s, p) = call(signed("POST", path, &ok, "d1", "d1-secret", NOW)).await;
    assert_eq!(s, 403, "{p}");
}

async fn hostile_text_renders_safely(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let long_word = "A".repeat(5_000);
    let rtl = "invoice \u{202E}fdp.exe\u{202C} and a bell \u{7} and CJK 你好 and emoji 🚚";
    let (s, a) = attach(
        &b.app,
        "t-hostile",
        &case,
        thread(
            "open",
            &[&long_word, rtl, "José’s “quotes” Ελληνικά Русский"],
        ),
    )
    .await;
    assert_eq!(s, 201, "{a}");
    assert!(a["size"].as_u64().unwrap() > 1000);
}

casebridge_testkit::on_every_backend!(
    the_connector_lists_only_its_dealers_open_cases_newest_first,
    two_threads_make_two_pdfs_and_attaching_again_makes_no_duplicate,
    closing_a_thread_replaces_its_draft_by_the_final_pdf,
    a_close_before_the_attach_makes_the_attach_final_directly,
    a_close_that_lands_inside_an_attach_still_ends_with_one_final_pdf,
    attaches_and_closes_racing_end_with_exactly_one_final_pdf_per_case_and_thread,
    bad_input_is_refused_clearly_and_stores_nothing,
    hostile_text_renders_safely,
);

/// Counts what an operation costs in writes.
struct Counting {
    store: Arc<dyn casebridge_core::ports::ItemStore>,
    blobs: Arc<dyn BlobStore>,
    transactions: std::sync::Mutex<Vec<Vec<String>>>,
    puts: std::sync::atomic::AtomicUsize,
}

#[async_trait]
impl casebridge_core::ports::ItemStore for Counting {
    async fn get(
        &self,
        pk: &str,
        sk: &str,
    ) -> Result<Option<casebridge_core::ports::Item>, StoreError> {
        self.store.get(pk, sk).await
    }
    async fn put(
        &self,
        item: casebridge_core::ports::Item,
        cond: casebridge_core::ports::Cond,
    ) -> Result<(), StoreError> {
        self.transactions
            .lock()
            .unwrap()
            .push(vec![format!("put {}", item.sk)]);
        self.store.put(item, cond).await
    }
    async fn query(
        &self,
        pk: &str,
        p: &str,
        page: casebridge_core::ports::PageRequest,
    ) -> Result<casebridge_core::ports::Page, StoreError> {
        self.store.query(pk, p, page).await
    }
    async fn transact(&self, ops: Vec<casebridge_core::ports::WriteOp>) -> Result<(), StoreError> {
        self.transactions
            .lock()
            .unwrap()
            .push(ops.iter().map(|o| o.key().1.to_string()).collect());
        self.store.transact(ops).await
    }
}

#[async_trait]
impl BlobStore for Counting {
    async fn put(&self, key: &BlobKey, bytes: Vec<u8>, ct: &str) -> Result<String, StoreError> {
        self.puts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.blobs.put(key, bytes, ct).await
    }
    async fn get(&self, key: &BlobKey, v: Option<&str>) -> Result<Option<StoredBlob>, StoreError> {
        self.blobs.get(key, v).await
    }
    async fn versions(&self, key: &BlobKey) -> Result<Vec<BlobVersion>, StoreError> {
        self.blobs.versions(key).await
    }
    async fn download_url(
        &self,
        key: &BlobKey,
        v: Option<&str>,
        n: &str,
        e: std::time::Duration,
    ) -> Result<String, StoreError> {
        self.blobs.download_url(key, v, n, e).await
    }
}

#[tokio::test]
async fn one_attach_costs_one_pdf_put_and_one_transaction() {
    let mut b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let counting = Arc::new(Counting {
        store: b.app.store.clone(),
        blobs: b.app.blobs.clone(),
        transactions: Default::default(),
        puts: 0.into(),
    });
    b.app.store = counting.clone();
    b.app.blobs = counting.clone();
    let (s, _) = attach(&b.app, "t1", &case, thread("open", &["hi"])).await;
    assert_eq!(s, 201);
    assert_eq!(
        counting.puts.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "one S3 PUT"
    );
    let writes = counting.transactions.lock().unwrap().clone();
    // The attach's one transaction, then the outbox clean-up once the event is out
    assert_eq!(writes.len(), 2, "{writes:?}");
    assert!(
        writes[0].iter().any(|sk| sk == "ATT#thread-t1") && writes[0].len() == 4,
        "{writes:?}"
    );
    assert_eq!(writes[1].len(), 1, "outbox clean-up: {writes:?}");
}
