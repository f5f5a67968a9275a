//! No partition key shared by every dealer: two dealers do the same day's work (a case, its
//! contact, notes, a status change, an estimate sent for approval, a parts escalation and its
//! reminder, the relay), and the only partitions both wrote are shards of the platform's
//! queues, never one constant key.

use std::collections::BTreeSet;

use casebridge_core::keys;
use casebridge_core::notifications::{notify_case_event, LOCAL_BUDGET};
use casebridge_core::ports::functions;
use casebridge_testkit::cost::Meter;
use casebridge_testkit::{seed_dealers, user, TestBackend};
use serde_json::json;

async fn a_days_work(b: &TestBackend, app: &casebridge_core::App, dealer: &str, mobile: &str) {
    let call = |method: &'static str, path: String, body: serde_json::Value| async move {
        let (s, v) = user(app, method, &path, Some(body), (dealer, "advisor", None)).await;
        assert!((200..300).contains(&s), "{method} {path}: {s} {v}");
        v
    };
    let case = call(
        "POST",
        "/v1/cases".into(),
        json!({"customer": {"name": "Fleet Co"},
        "asset": {"unitNumber": "T-7"}}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let jo = call(
        "POST",
        format!("/v1/cases/{case}/contacts"),
        json!({"name": "Jo Fleet", "mobile": mobile, "smsOptIn": true}),
    )
    .await;
    let jo = jo["id"].as_str().unwrap().to_string();
    call(
        "POST",
        format!("/v1/cases/{case}/invitations"),
        json!({"contactId": jo}),
    )
    .await;
    call(
        "POST",
        format!("/v1/cases/{case}/notes"),
        json!({"text": "Brakes next", "visibility": "external"}),
    )
    .await;
    let estimate = call(
        "POST",
        format!("/v1/cases/{case}/estimates"),
        json!({"lines": [
        {"kind": "labor", "description": "Brake job", "quantity": 2.0, "unitPriceCents": 60000}]}),
    )
    .await;
    call(
        "POST",
        format!("/v1/cases/{case}/quick-actions"),
        json!({"action": "request_approval",
        "estimateId": estimate["id"], "contactIds": [jo]}),
    )
    .await;
    call(
        "POST",
        format!("/v1/cases/{case}/status"),
        json!({"status": "parts_hold"}),
    )
    .await;
    call(
        "POST",
        format!("/v1/cases/{case}/parts-escalations"),
        json!({"groupId": "parts-counter",
        "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]}),
    )
    .await;
    for e in b.events.events() {
        if e.dealer_id.as_str() == dealer {
            notify_case_event(&app.as_function(&functions::CASE_NOTIFY), &e, LOCAL_BUDGET)
                .await
                .unwrap();
        }
    }
}

#[tokio::test]
async fn no_partition_key_is_shared_by_every_dealer() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let mut app = b.app.clone();
    let meter = Meter::wrap(&mut app);
    let mut written = Vec::new();
    for (dealer, mobile) in [("d1", "+12145550123"), ("d2", "+12145550188")] {
        meter.reset();
        a_days_work(&b, &app, dealer, mobile).await;
        // A day later: the reminders fall due and the relay runs, for this dealer's work.
        b.clock.advance(jiff::SignedDuration::from_hours(25));
        casebridge_core::parts::send_reminders(&app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap();
        casebridge_core::estimates::send_approval_reminders(
            &app.as_function(&functions::PARTS_REMINDER),
        )
        .await
        .unwrap();
        casebridge_core::events::relay(&app.as_function(&functions::OUTBOX_RELAY))
            .await
            .unwrap();
        written.push(meter.partitions());
    }
    // A dealer's own partitions (`D#<dealer>#…`) may be written in the other's run (its
    // reminders fall due then); what both runs wrote besides those is shared by every dealer.
    let own = |pk: &str| pk.starts_with("D#d1#") || pk.starts_with("D#d2#");
    let shared: BTreeSet<&String> = written[0]
        .intersection(&written[1])
        .filter(|pk| !own(pk))
        .collect();
    let queues = [
        keys::OUTBOX,
        keys::OUTBOX_PARKED,
        keys::Queue::named("PARTS_REMIND"),
        keys::Queue::named("APPROVAL_REMIND"),
    ];
    let is_shard = |pk: &str| {
        queues.iter().any(|q| {
            pk.strip_prefix(q.name())
                .and_then(|n| n.strip_prefix('#'))
                .is_some_and(|n| n.len() == 2 && n.chars().all(|c| c.is_ascii_digit()))
        })
    };
    let constant: Vec<&&String> = shared.iter().filter(|pk| !is_shard(pk)).collect();
    assert!(constant.is_empty(), "both dealers wrote {constant:?}");
    let all: BTreeSet<&String> = written.iter().flatten().collect();
    assert!(
        all.iter().any(|pk| pk.starts_with("OUTBOX#")),
        "the scenario wrote no event: {all:?}"
    );
    assert!(
        all.iter().any(|pk| pk.starts_with("PARTS_REMIND#")),
        "the scenario scheduled no reminder: {all:?}"
    );
    for q in queues {
        assert!(
            !all.contains(&q.name().to_string()),
            "{} written unsharded",
            q.name()
        );
    }
}
