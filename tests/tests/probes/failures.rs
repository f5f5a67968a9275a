//! When a part fails: a server error says nothing internal, a retried post creates one
//! case, an event the bus keeps refusing is set aside.

use super::*;

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
    // Written where the outbox was before it was sharded: the relay still reads it.
    let garbage = Item::new(
        keys::OUTBOX.name(),
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
    let first = events::relay(&app.as_function(&functions::OUTBOX_RELAY))
        .await
        .unwrap();
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
        parked += events::relay(&app.as_function(&functions::OUTBOX_RELAY))
            .await
            .unwrap()
            .parked;
    }
    assert_eq!(
        parked,
        1,
        "set aside after {} attempts",
        events::RELAY_ATTEMPTS
    );
    let entries = |queue: keys::Queue| {
        let store = b.app.store.clone();
        async move {
            let mut n = 0;
            for pk in queue.partitions() {
                let first = PageRequest::first(10, casebridge_core::ports::Order::Ascending);
                n += store.query(&pk, "", first).await.unwrap().items.len();
            }
            n
        }
    };
    assert_eq!(
        (
            entries(keys::OUTBOX).await,
            entries(keys::OUTBOX_PARKED).await
        ),
        (0, 2)
    );
}
