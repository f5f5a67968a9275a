//! The findings of the probe (issue 10), one scenario each: what an attacker or a flaky
//! network did, and what casebridge answers now. Lost replies and double texts under
//! failures are proven call by call in `faults.rs`; the attach/close race in
//! `transcripts.rs` (`attaches_and_closes_racing…`, run 100 times in a row); the
//! template's findings in `template.rs`; the renderer's line bound in the PDF crate.

use std::sync::Arc;

use async_trait::async_trait;
use casebridge_core::dealers::DealerId;
use casebridge_core::events::{self, DomainEvent};
use casebridge_core::keys;
use casebridge_core::mobile::links;
use casebridge_core::notifications::LOCAL_BUDGET;
use casebridge_core::ports::{
    Cond, EventPublisher, Item, ItemStore, Page, PageRequest, StoreError, WriteOp,
};
use casebridge_core::sms::inbound::{self, Inbound, TwoWaySms};
use casebridge_core::sms::notify::opted_out;
use casebridge_testkit::{parts, request, seed_dealers, Reply, TestBackend};
use common::{advisor, api, thread, user, user_reply, D1_ADVISOR};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};

mod common;

const ANN: &str = "+12145550101";

fn d1() -> DealerId {
    DealerId::parse("d1").unwrap()
}

/// A d1 case with Ann (a one-time contact) invited; answers (case, Ann's id).
async fn case_with_ann(b: &TestBackend) -> (String, String) {
    seed_dealers(&b.app).await;
    let (s, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Johnson Tires"}, "asset": {"unitNumber": "T-101"}})),
    )
    .await;
    assert_eq!(s, 201, "{case}");
    let case = case["id"].as_str().unwrap().to_string();
    let ann = contact_on(b, &case, "Ann Fleet", ANN).await;
    (case, ann)
}

/// A one-time contact of `case`, invited.
async fn contact_on(b: &TestBackend, case: &str, name: &str, mobile: &str) -> String {
    let (s, c) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/contacts"),
        Some(json!({"name": name, "mobile": mobile, "smsOptIn": true})),
    )
    .await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_str().unwrap().to_string();
    let (s, v) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": id})),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    id
}

/// The token of a fresh link to `case` for `contact`.
async fn link(b: &TestBackend, case: &str, contact: &str) -> String {
    casebridge_testkit::fixtures::mobile_link_token(&b.app, case, contact).await
}

async fn page(b: &TestBackend, token: &str) -> Reply {
    casebridge_testkit::send(api(&b.app), request("GET", &format!("/m/{token}"), None)).await
}

fn reply(from: &str, to: &str, body: &str, id: &str) -> TwoWaySms {
    TwoWaySms {
        origination_number: from.into(),
        destination_number: to.into(),
        message_keyword: None,
        message_body: body.into(),
        inbound_message_id: id.into(),
        previous_published_message_id: None,
    }
}

/// d1's texting number, as the fixtures give it.
async fn d1_number(b: &TestBackend) -> String {
    casebridge_core::dealers::load_dealer(&b.app, &d1())
        .await
        .unwrap()
        .sms_origination_number
        .unwrap()
}

// ------------------------------------------------------------------ mobile links

#[tokio::test]
async fn a_link_whose_tag_is_cut_short_opens_nothing() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let token = link(&b, &case, &ann).await;
    assert_eq!(page(&b, &token).await.status(), 200);
    // Given the probe's 1-byte tag (1 in 256 guesses passed): every shortened tag is refused
    let (id, tag) = token.split_once('.').unwrap();
    use base64::Engine as _;
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(tag)
        .unwrap();
    for len in [1, 8, 15] {
        let short = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&tag[..len]);
        let r = page(&b, &format!("{id}.{short}")).await;
        assert_eq!(r.status(), 404, "{len}-byte tag");
    }
}

#[tokio::test]
async fn a_link_stops_opening_when_its_contact_leaves_the_case_or_the_case_is_long_closed() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let bob = contact_on(&b, &case, "Bob Driver", "+12145550102").await;
    let cy = contact_on(&b, &case, "Cy Fleet", "+12145550103").await;
    let dee = contact_on(&b, &case, "Dee Fleet", "+12145550104").await;
    let (ann_link, bob_link, cy_link) = (
        link(&b, &case, &ann).await,
        link(&b, &case, &bob).await,
        link(&b, &case, &cy).await,
    );
    for t in [&ann_link, &bob_link, &cy_link] {
        assert_eq!(page(&b, t).await.status(), 200);
    }
    // When Ann is uninvited, Bob deleted and Cy merged into Dee (the same person)
    let (s, _) = advisor(
        &b.app,
        "DELETE",
        &format!("/v1/cases/{case}/invitations/{ann}"),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = advisor(&b.app, "DELETE", &format!("/v1/contacts/{bob}"), None).await;
    assert_eq!(s, 204);
    let (s, m) = advisor(
        &b.app,
        "POST",
        &format!("/v1/contacts/{cy}/merge"),
        Some(json!({"into": dee})),
    )
    .await;
    assert_eq!(s, 200, "{m}");
    // Then none of their old links opens the case
    for (who, t) in [
        ("uninvited", &ann_link),
        ("deleted", &bob_link),
        ("merged", &cy_link),
    ] {
        let r = page(&b, t).await;
        assert_eq!(r.status(), 403, "{who}: {}", r.text());
        assert!(r.text().contains("no longer opens"), "{who}");
    }
    // A link of an invited contact opens until the case has been closed a few days
    let dee_link = link(&b, &case, &dee).await;
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "closed"})),
    )
    .await;
    assert_eq!(s, 200);
    b.clock.advance(jiff::SignedDuration::from_hours(
        24 * (links::CLOSED_CASE_LINK_DAYS - 1),
    ));
    assert_eq!(
        page(&b, &dee_link).await.status(),
        200,
        "just closed: still readable"
    );
    b.clock.advance(jiff::SignedDuration::from_hours(48));
    assert_eq!(
        page(&b, &dee_link).await.status(),
        403,
        "closed for days: revoked"
    );
}

#[tokio::test]
async fn the_mobile_page_carries_security_headers() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let r = page(&b, &link(&b, &case, &ann).await).await;
    assert_eq!(r.status(), 200);
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(
            h.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }
    assert!(h.contains_key("strict-transport-security"));
}

#[tokio::test]
async fn the_mobile_page_shows_external_notes_behind_150_newer_internal_ones() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let notes = format!("/v1/cases/{case}/notes");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &notes,
        Some(json!({"text": "Turbo replaced, ready Friday", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, 201);
    for i in 0..150 {
        b.clock.advance(jiff::SignedDuration::from_secs(1));
        let (s, _) = advisor(
            &b.app,
            "POST",
            &notes,
            Some(json!({"text": format!("internal {i}")})),
        )
        .await;
        assert_eq!(s, 201);
    }
    let html = page(&b, &link(&b, &case, &ann).await).await.text();
    assert!(html.contains("Turbo replaced, ready Friday"), "{html}");
    assert!(!html.contains("internal 1"), "internal notes stay internal");
}

// ------------------------------------------------------------ connector signatures

#[tokio::test]
async fn a_flood_of_signature_values_is_refused_before_the_body_is_read() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let now = b.app.clock.now().as_second();
    let tag = format!("v2={}", "ab".repeat(32));
    let five_mb = vec![b' '; 5 * 1024 * 1024];
    for (what, header) in [
        (
            "5,000 values",
            format!("t={now},{}", vec![tag.as_str(); 5000].join(",")),
        ),
        ("3 values", format!("t={now},{tag},{tag},{tag}")),
        (
            "over 256 bytes",
            format!("t={now},{tag},v2={}", "a".repeat(300)),
        ),
    ] {
        let req = http::Request::builder()
            .method("POST")
            .uri("/v1/prokeep/threads/t1/attachments")
            .header("x-casebridge-dealer", "d1")
            .header("x-casebridge-signature", header)
            .body(axum::body::Body::from(five_mb.clone()))
            .unwrap();
        let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
        assert_eq!(s, 401, "{what}: {p}");
        assert!(
            p["detail"].as_str().unwrap().contains("malformed"),
            "{what}: {p}"
        );
    }
}

#[tokio::test]
async fn a_signature_for_one_thread_or_query_does_not_work_for_another() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (_, case) = advisor(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "Acme"}, "asset": {"unitNumber": "T-1"}})),
    )
    .await;
    let body =
        serde_json::to_vec(&json!({"caseId": case["id"], "thread": thread("open", &["hi"])}))
            .unwrap();
    let now = b.app.clock.now().as_second();
    let sig = casebridge_core::auth::signature::sign(
        "d1-secret",
        now,
        "POST",
        "/v1/prokeep/threads/t1/attachments",
        &body,
    );
    let replay = |path: &str, method: &str, body: &[u8]| {
        http::Request::builder()
            .method(method)
            .uri(path)
            .header("content-type", "application/json")
            .header("x-casebridge-dealer", "d1")
            .header("x-casebridge-signature", sig.clone())
            .body(axum::body::Body::from(body.to_vec()))
            .unwrap()
    };
    // The signed request itself passes
    let ok = casebridge_testkit::send(
        api(&b.app),
        replay("/v1/prokeep/threads/t1/attachments", "POST", &body),
    )
    .await;
    assert_eq!(ok.status(), 201, "{}", ok.text());
    // Replayed on another thread, or as a close: refused
    for path in [
        "/v1/prokeep/threads/t2/attachments",
        "/v1/prokeep/threads/t1/close",
    ] {
        let r = casebridge_testkit::send(api(&b.app), replay(path, "POST", &body)).await;
        assert_eq!(r.status(), 401, "{path}");
    }
    // A search signed for one query does not answer another
    let q = casebridge_core::auth::signature::sign(
        "d1-secret",
        now,
        "GET",
        "/v1/prokeep/open-cases?q=acme",
        b"",
    );
    let other = http::Request::builder()
        .uri("/v1/prokeep/open-cases?q=johnson")
        .header("x-casebridge-dealer", "d1")
        .header("x-casebridge-signature", q)
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(
        casebridge_testkit::send(api(&b.app), other).await.status(),
        401
    );
}

#[tokio::test]
async fn the_first_signature_scheme_is_refused_even_when_correct() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let now = b.app.clock.now().as_second();
    let body = b"{}".to_vec();
    // v1: HMAC-SHA256 over "<t>.<body>", as the connector used to sign
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"d1-secret").unwrap();
    mac.update(format!("{now}.").as_bytes());
    mac.update(&body);
    let v1 = format!("t={now},v1={}", hex::encode(mac.finalize().into_bytes()));
    let req = http::Request::builder()
        .method("POST")
        .uri("/v1/prokeep/parts-requests/r1/events")
        .header("x-casebridge-dealer", "d1")
        .header("x-casebridge-signature", v1)
        .body(axum::body::Body::from(body))
        .unwrap();
    let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
    assert_eq!(s, 401, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("v1 scheme"), "{p}");
}

#[tokio::test]
async fn an_unknown_dealer_a_wrong_secret_and_a_stale_time_get_the_same_answer() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let now = b.app.clock.now().as_second();
    let path = "/v1/prokeep/open-cases";
    let attempt = |dealer: &str, secret: &str, t: i64| {
        casebridge_testkit::signed("GET", path, b"", dealer, secret, t)
    };
    let mut answers = Vec::new();
    for req in [
        attempt("no-such-dealer", "d1-secret", now),
        attempt("d1", "wrong-secret", now),
        attempt("d1", "d1-secret", now - 3600),
        attempt("d1", "d1-secret", now + 3600),
    ] {
        let (s, p) = parts(&casebridge_testkit::send(api(&b.app), req).await);
        answers.push((
            s,
            p["type"].clone(),
            p["title"].clone(),
            p["detail"].clone(),
        ));
    }
    assert_eq!(answers[0].0, 401);
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
}

// ------------------------------------------------------------------ bounds and ids

#[tokio::test]
async fn a_case_names_only_its_own_dealers_customers() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (s, theirs) = user(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Other Co"})),
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(s, 201, "{theirs}");
    for (what, id) in [
        ("250 KB", json!("c".repeat(250_000))),
        ("unknown", json!("cust-nope")),
        ("another dealer's", theirs["id"].clone()),
    ] {
        let (s, p) = advisor(
            &b.app,
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "X", "id": id}, "asset": {"unitNumber": "T-1"}})),
        )
        .await;
        assert_eq!(s, 422, "{what}: {p}");
        assert_eq!(p["errors"][0]["field"], "customer.id", "{what}: {p}");
    }
    let (_, list) = advisor(&b.app, "GET", "/v1/cases", None).await;
    assert!(
        list["items"].as_array().unwrap().is_empty(),
        "nothing was stored"
    );
}

#[tokio::test]
async fn a_long_text_from_a_customer_is_kept_to_the_note_limit_with_a_marker() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let number = d1_number(&b).await;
    links::issue(
        &b.app,
        &d1(),
        &casebridge_core::ids::CaseId::parse(&case).unwrap(),
        &casebridge_core::ids::ContactId::parse(&ann).unwrap(),
    )
    .await
    .unwrap();
    // Ann was texted about the case
    let (_, n) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready", "visibility": "external"})),
    )
    .await;
    assert!(n["id"].is_string());
    let noted = b.events.of(events::EventKind::NoteCreated).pop().unwrap();
    casebridge_core::notifications::notify_case_event(&b.app, &noted, LOCAL_BUDGET)
        .await
        .unwrap();
    let r = reply(ANN, &number, &"word ".repeat(2_400), "in-long");
    assert_eq!(
        inbound::receive(&b.app, &r, LOCAL_BUDGET).await.unwrap(),
        Inbound::Noted
    );
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let text = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["source"] == "sms")
        .unwrap()["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(text.chars().count(), casebridge_core::cases::MAX_NOTE_CHARS);
    assert!(
        text.ends_with("notes hold 10,000 characters]"),
        "{}",
        &text[text.len() - 80..]
    );
}

#[tokio::test]
async fn stop_from_a_number_written_another_way_still_opts_the_contact_out() {
    let b = TestBackend::embedded();
    let (case, _ann) = case_with_ann(&b).await;
    let number = d1_number(&b).await;
    let (_, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready", "visibility": "external"})),
    )
    .await;
    let noted = b.events.of(events::EventKind::NoteCreated).pop().unwrap();
    casebridge_core::notifications::notify_case_event(&b.app, &noted, LOCAL_BUDGET)
        .await
        .unwrap();
    // The carrier writes Ann's number (and ours) without the E.164 shape
    let ours = format!("({}) {}-{}", &number[2..5], &number[5..8], &number[8..]);
    let stop = reply("(214) 555-0101", &ours, "Stop", "in-stop");
    assert_eq!(
        inbound::receive(&b.app, &stop, LOCAL_BUDGET).await.unwrap(),
        Inbound::OptedOut
    );
    assert!(opted_out(&b.app, &d1(), ANN).await.unwrap());
}

// ------------------------------------------------------------------ leaks

/// A store whose every query fails the way a misconfigured network does, with details no
/// caller should see.
struct LeakyStore {
    inner: Arc<dyn ItemStore>,
    error: fn() -> StoreError,
}

#[async_trait]
impl ItemStore for LeakyStore {
    async fn get(&self, pk: &str, sk: &str) -> Result<Option<Item>, StoreError> {
        self.inner.get(pk, sk).await
    }
    async fn put(&self, item: Item, cond: Cond) -> Result<(), StoreError> {
        self.inner.put(item, cond).await
    }
    async fn query(&self, _: &str, _: &str, _: PageRequest) -> Result<Page, StoreError> {
        Err((self.error)())
    }
    async fn transact(&self, ops: Vec<WriteOp>) -> Result<(), StoreError> {
        self.inner.transact(ops).await
    }
}

#[tokio::test]
async fn a_server_error_says_nothing_internal_and_quotes_its_request_id() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    for (status, error) in [
        (
            503,
            (|| StoreError::Unavailable("dial tcp 10.20.30.40:443 via /var/task/bootstrap".into()))
                as fn() -> StoreError,
        ),
        (500, || {
            StoreError::Codec("field `secret` at /var/task/bootstrap line 9".into())
        }),
    ] {
        let mut app = b.app.clone();
        app.store = Arc::new(LeakyStore {
            inner: b.app.store.clone(),
            error,
        });
        let r = user_reply(&app, "GET", "/v1/cases", None, D1_ADVISOR).await;
        assert_eq!(r.status().as_u16(), status);
        let body = r.text();
        assert!(
            !body.contains("10.20.30.40")
                && !body.contains("/var/task")
                && !body.contains("secret"),
            "{body}"
        );
        let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
        let (_, p) = parts(&r);
        assert_eq!(p["instance"], format!("urn:casebridge:request:{id}"));
        assert!(p["detail"].as_str().unwrap().contains(&id), "{p}");
    }
}

#[tokio::test]
async fn an_oem_admin_reaches_only_the_dealers_of_their_oem() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let (_, d3_case) = user(
        &b.app,
        "POST",
        "/v1/cases",
        Some(json!({"customer": {"name": "D3 Co"}, "asset": {"unitNumber": "T-3"}})),
        ("d3", "advisor", None),
    )
    .await;
    let d3_case = d3_case["id"].as_str().unwrap().to_string();
    // An oem-a admin whose token names d3 (oem-b's dealer)
    let stray = ("d3", "oem_admin", Some("oem-a"));
    for (method, path, body) in [
        ("GET", "/v1/cases".to_string(), None),
        ("GET", format!("/v1/cases/{d3_case}"), None),
        ("GET", format!("/v1/cases/{d3_case}/notes"), None),
        (
            "POST",
            format!("/v1/cases/{d3_case}/notes"),
            Some(json!({"text": "hi"})),
        ),
        ("GET", format!("/v1/cases/{d3_case}/contacts"), None),
        ("GET", format!("/v1/cases/{d3_case}/parts-requests"), None),
        ("GET", "/v1/dealers/d3/settings".to_string(), None),
        ("GET", "/v1/dealers/d3/sms-mode".to_string(), None),
        ("GET", "/v1/procede/customers?by=name&q=x".to_string(), None),
    ] {
        let (s, p) = user(&b.app, method, &path, body, stray).await;
        assert_eq!(s, 403, "{method} {path}: {p}");
    }
    // Their own OEM's dealer is fine
    let (s, _) = user(
        &b.app,
        "GET",
        "/v1/cases",
        None,
        ("d1", "oem_admin", Some("oem-a")),
    )
    .await;
    assert_eq!(s, 200);
}

// ------------------------------------------------------------------ retries and the relay

fn with_key(path: &str, body: &Value, key: &str) -> http::Request<axum::body::Body> {
    let mut req =
        casebridge_testkit::as_user(request("POST", path, Some(body)), "d1", "advisor", None);
    req.headers_mut()
        .insert("idempotency-key", key.parse().unwrap());
    req
}

#[tokio::test]
async fn a_retried_case_post_with_its_idempotency_key_creates_one_case() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let body = json!({"customer": {"name": "Johnson Tires"}, "asset": {"unitNumber": "T-101"}});
    let first =
        parts(&casebridge_testkit::send(api(&b.app), with_key("/v1/cases", &body, "k-1")).await);
    let again =
        parts(&casebridge_testkit::send(api(&b.app), with_key("/v1/cases", &body, "k-1")).await);
    assert_eq!(first.0, 201, "{}", first.1);
    assert_eq!(again, first, "the retry gets the first answer");
    assert_eq!(b.events.of(events::EventKind::CaseCreated).len(), 1);
    // The same key with another body is a mistake, said clearly
    let other = json!({"customer": {"name": "Other"}, "asset": {"unitNumber": "T-2"}});
    let (s, p) =
        parts(&casebridge_testkit::send(api(&b.app), with_key("/v1/cases", &other, "k-1")).await);
    assert_eq!(s, 422, "{p}");
    // Another user's same key is their own
    let mut theirs = with_key("/v1/cases", &body, "k-1");
    theirs.extensions_mut().clear();
    let theirs = casebridge_testkit::as_user(theirs, "d2", "advisor", None);
    assert_eq!(
        casebridge_testkit::send(api(&b.app), theirs).await.status(),
        201
    );
}

/// A bus that refuses one event id.
struct Refusing {
    inner: Arc<dyn EventPublisher>,
    refuse: String,
}

#[async_trait]
impl EventPublisher for Refusing {
    async fn publish(&self, event: &DomainEvent) -> casebridge_core::Result<()> {
        if event.id == self.refuse {
            return Err(casebridge_core::Error::Unavailable("refused".into()));
        }
        self.inner.publish(event).await
    }
}

#[tokio::test]
async fn an_event_the_bus_keeps_refusing_is_set_aside_and_later_events_still_go_out() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let event = |id: &str, at: &str| {
        DomainEvent::at(
            id.into(),
            &d1(),
            Some(&casebridge_core::ids::CaseId::parse("c1").unwrap()),
            at.parse().unwrap(),
            casebridge_core::happened::Happened::PartsEscalated(
                casebridge_core::happened::PartsRequestRef {
                    request_id: casebridge_core::ids::PartsRequestId::parse("r1").unwrap(),
                },
            ),
        )
    };
    // The poison event is the oldest in the outbox; an unreadable item sits there too
    let poison = event("e-poison", "2026-11-23T08:00:00Z");
    let fine = event("e-fine", "2026-11-23T08:01:00Z");
    let garbage = Item::new(
        keys::OUTBOX_PK,
        "2026-11-23T07:00:00Z#junk",
        serde_json::Map::from_iter([("x".to_string(), json!(1))]),
    );
    b.app
        .store
        .transact(vec![
            events::outbox_op(&poison).unwrap(),
            events::outbox_op(&fine).unwrap(),
            WriteOp::put(garbage),
        ])
        .await
        .unwrap();
    let mut app = b.app.clone();
    app.events = Arc::new(Refusing {
        inner: b.app.events.clone(),
        refuse: poison.id.clone(),
    });
    let first = events::relay(&app).await.unwrap();
    assert_eq!(
        (first.published, first.failed, first.parked),
        (1, 1, 1),
        "the fine event is not held up"
    );
    assert_eq!(
        b.events
            .events()
            .iter()
            .map(|e| e.id.as_str())
            .collect::<Vec<_>>(),
        vec!["e-fine"]
    );
    let mut parked = 0;
    for _ in 1..events::RELAY_ATTEMPTS {
        parked += events::relay(&app).await.unwrap().parked;
    }
    assert_eq!(
        parked,
        1,
        "set aside after {} attempts",
        events::RELAY_ATTEMPTS
    );
    let page = |pk: &'static str| {
        let store = b.app.store.clone();
        async move {
            store
                .query(
                    pk,
                    "",
                    PageRequest::first(10, casebridge_core::ports::Order::Ascending),
                )
                .await
                .unwrap()
                .items
                .len()
        }
    };
    assert_eq!(
        (
            page(keys::OUTBOX_PK).await,
            page(keys::OUTBOX_PARKED_PK).await
        ),
        (0, 2)
    );
}

#[tokio::test]
async fn texts_that_never_went_out_are_noted_on_the_case_once() {
    let b = TestBackend::embedded();
    let (case, _ann) = case_with_ann(&b).await;
    let (_, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Ready at 4", "visibility": "external"})),
    )
    .await;
    let noted = b.events.of(events::EventKind::NoteCreated).pop().unwrap();
    use casebridge_core::notifications::gave_up::notify_gave_up;
    assert!(notify_gave_up(&b.app, &noted, "SNS throttled")
        .await
        .unwrap());
    assert!(
        !notify_gave_up(&b.app, &noted, "SNS throttled")
            .await
            .unwrap(),
        "the queue redelivered it"
    );
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    let failures: Vec<&Value> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "system")
        .collect();
    assert_eq!(failures.len(), 1, "{notes}");
    let text = failures[0]["text"].as_str().unwrap();
    assert!(
        text.contains("Ready at 4") && text.contains("SNS throttled"),
        "{text}"
    );
    assert_eq!(failures[0]["visibility"], "internal");
}
