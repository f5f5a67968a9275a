//! Event bus scenarios: in-process delivery and SNS (moto, delivering to an HTTP subscriber
//! on 127.0.0.1), and the outbox on each backend's store.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use async_trait::async_trait;
use casebridge_core::auth::{Caller, Role};
use casebridge_core::cases::{
    self, Asset, Author, Customer, NewCase, Note, NoteSource, Visibility,
};
use casebridge_core::dealers::DealerId;
use casebridge_core::events::{self, DomainEvent};
use casebridge_core::happened::Happened;
use casebridge_core::keys;
use casebridge_core::ports::{EventPublisher, FixedClock, Order, PageRequest};
use casebridge_core::{App, Error};
use jiff::SignedDuration;

/// Reads what the subscriber has received so far.
pub type Received<'a> =
    &'a (dyn Fn() -> Pin<Box<dyn Future<Output = Vec<DomainEvent>> + Send>> + Sync);

fn event(n: u32) -> DomainEvent {
    let at: jiff::Timestamp = "2026-11-23T10:00:00Z".parse().unwrap();
    DomainEvent::at(
        format!("evt-{n}"),
        &DealerId::parse("d1").unwrap(),
        Some(&casebridge_core::ids::CaseId::parse("c1").unwrap()),
        at,
        Happened::NoteCreated(Note {
            id: format!("note-{n}"),
            case_id: casebridge_core::ids::CaseId::parse("c1").unwrap(),
            text: format!("Ünïcode ✓ note {n}"),
            visibility: Visibility::External,
            source: NoteSource::Case,
            author: Author {
                id: None,
                name: "Ann Advisor".into(),
            },
            created_at: at,
            contact_ids: None,
        }),
    )
}

async fn wait_for(received: Received<'_>, n: usize) -> Vec<DomainEvent> {
    for _ in 0..100 {
        let got = received().await;
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    received().await
}

pub async fn published_events_reach_the_subscriber_intact(
    publisher: &dyn EventPublisher,
    received: Received<'_>,
) {
    // When two events are published
    publisher.publish(&event(1)).await.unwrap();
    publisher.publish(&event(2)).await.unwrap();
    // Then the subscriber gets both, exactly as published
    let got = wait_for(received, 2).await;
    assert_eq!(got, vec![event(1), event(2)]);
}

/// Fails the first `fail` publishes, as a crash or an SNS outage would.
pub struct FlakyPublisher {
    pub inner: Arc<dyn EventPublisher>,
    pub fail: AtomicUsize,
}

#[async_trait]
impl EventPublisher for FlakyPublisher {
    async fn publish(&self, event: &DomainEvent) -> Result<(), Error> {
        if self.fail.load(Ordering::SeqCst) > 0 {
            self.fail.fetch_sub(1, Ordering::SeqCst);
            return Err(Error::Unavailable("publish failed".into()));
        }
        self.inner.publish(event).await
    }
}

async fn outbox_len(app: &App) -> usize {
    let mut n = 0;
    for pk in keys::OUTBOX.partitions() {
        let first = PageRequest::first(100, Order::Ascending);
        n += app.store.query(&pk, "", first).await.unwrap().items.len();
    }
    n
}

/// `app.events` must be a [`FlakyPublisher`] failing once, over a publisher feeding `received`.
pub async fn an_event_whose_publish_failed_is_delivered_by_the_relay(
    app: &App,
    clock: &FixedClock,
    received: Received<'_>,
) {
    let advisor = Caller {
        user_id: "u1".into(),
        name: Some("Ann".into()),
        dealer: DealerId::parse("d1").unwrap(),
        role: Role::Advisor,
        oem: None,
    };
    // Given the bus is down when a case is created
    let case = cases::create_case(
        app,
        &advisor,
        NewCase {
            customer: Customer {
                name: "Acme".into(),
                id: None,
                number: None,
            },
            asset: Asset {
                unit_number: "U1".into(),
                vin: None,
                make: None,
                model: None,
            },
            status: None,
            contacts: vec![],
        },
    )
    .await
    .unwrap();
    // Then the case is saved, and its event waits in the outbox
    assert_eq!(outbox_len(app).await, 1);
    assert!(received().await.is_empty());
    // When the relay runs (too early, then after the grace period)
    assert_eq!(
        events::relay_pending(app, SignedDuration::from_secs(30))
            .await
            .unwrap()
            .published,
        0
    );
    clock.advance(SignedDuration::from_secs(31));
    assert_eq!(
        events::relay_pending(app, SignedDuration::from_secs(30))
            .await
            .unwrap()
            .published,
        1
    );
    // Then the event arrives once and the outbox is empty
    let got = wait_for(received, 1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].kind().as_str(), "case.created");
    assert_eq!(got[0].case_id.as_ref(), Some(&case.case.id));
    assert_eq!(outbox_len(app).await, 0);
}
