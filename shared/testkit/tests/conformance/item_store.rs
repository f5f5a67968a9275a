//! Item store scenarios. Each runs unchanged on SQLite and on DynamoDB (moto).

use casebridge_core::ports::{
    Cond, FixedClock, Item, ItemStore, Order, PageRequest, StoreError, WriteOp,
};
use jiff::SignedDuration;
use serde_json::{json, Map, Value};

fn attrs(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => panic!("attrs must be an object"),
    }
}

fn item(pk: &str, sk: &str, v: Value) -> Item {
    Item::new(pk, sk, attrs(v))
}

pub async fn an_item_reads_back_exactly_as_written(store: &dyn ItemStore, _clock: &FixedClock) {
    // Given an item with every kind of attribute a record can have
    let written = item(
        "D#d1#C#c1",
        "CASE",
        json!({
            "name": "José's Trucking — “Denver”",
            "count": 42, "negative": -7, "ratio": 0.25, "big": 9007199254740993u64,
            "flag": true, "nothing": null,
            "nested": {"list": [1, "two", {"three": 3}], "empty": ""},
            "emoji": "🚚"
        }),
    );
    // When it is stored and read
    store.put(written.clone(), Cond::Always).await.unwrap();
    let read = store.get("D#d1#C#c1", "CASE").await.unwrap();
    // Then it is the same item
    assert_eq!(read, Some(written));
}

pub async fn a_missing_item_reads_as_none(store: &dyn ItemStore, _clock: &FixedClock) {
    assert_eq!(store.get("D#d1#C#nope", "CASE").await.unwrap(), None);
}

pub async fn a_second_create_of_the_same_key_conflicts(store: &dyn ItemStore, _clock: &FixedClock) {
    // Given an item created with "must not exist"
    store
        .put(item("p", "s", json!({"v": 1})), Cond::NotExists)
        .await
        .unwrap();
    // When a second writer creates the same key
    let second = store
        .put(item("p", "s", json!({"v": 2})), Cond::NotExists)
        .await;
    // Then it is refused and the first write stands
    assert!(
        matches!(second, Err(StoreError::ConditionFailed { op: None })),
        "{second:?}"
    );
    assert_eq!(
        store.get("p", "s").await.unwrap().unwrap().attrs["v"],
        json!(1)
    );
}

pub async fn a_stale_version_cannot_overwrite_a_newer_one(
    store: &dyn ItemStore,
    _clock: &FixedClock,
) {
    store
        .put(
            item("p", "s", json!({"version": 1, "text": "a"})),
            Cond::Always,
        )
        .await
        .unwrap();
    // Writer A moves version 1 -> 2
    store
        .put(
            item("p", "s", json!({"version": 2, "text": "b"})),
            Cond::AttrEquals("version".into(), json!(1)),
        )
        .await
        .unwrap();
    // Writer B, still holding version 1, loses
    let stale = store
        .put(
            item("p", "s", json!({"version": 2, "text": "c"})),
            Cond::AttrEquals("version".into(), json!(1)),
        )
        .await;
    assert!(matches!(stale, Err(StoreError::ConditionFailed { .. })));
    assert_eq!(
        store.get("p", "s").await.unwrap().unwrap().attrs["text"],
        json!("b")
    );
    // And a guard on a missing item fails too
    let missing = store
        .put(
            item("p", "other", json!({})),
            Cond::AttrEquals("version".into(), json!(1)),
        )
        .await;
    assert!(matches!(missing, Err(StoreError::ConditionFailed { .. })));
    let exists = store.put(item("p", "other", json!({})), Cond::Exists).await;
    assert!(matches!(exists, Err(StoreError::ConditionFailed { .. })));
}

async fn seed_partition(store: &dyn ItemStore) {
    for i in 0..10 {
        store
            .put(
                item("D#d1#CASES", &format!("ALL#{i:02}"), json!({ "n": i })),
                Cond::Always,
            )
            .await
            .unwrap();
    }
    store
        .put(
            item("D#d1#CASES", "ACTIVE#05", json!({"n": 99})),
            Cond::Always,
        )
        .await
        .unwrap();
    store
        .put(item("D#d2#CASES", "ALL#00", json!({"n": -1})), Cond::Always)
        .await
        .unwrap();
}

fn numbers(items: &[Item]) -> Vec<i64> {
    items
        .iter()
        .map(|i| i.attrs["n"].as_i64().unwrap())
        .collect()
}

pub async fn a_prefix_query_returns_that_prefix_of_that_partition_in_order(
    store: &dyn ItemStore,
    _clock: &FixedClock,
) {
    seed_partition(store).await;
    let asc = store
        .query(
            "D#d1#CASES",
            "ALL#",
            PageRequest::first(100, Order::Ascending),
        )
        .await
        .unwrap();
    assert_eq!(numbers(&asc.items), (0..10).collect::<Vec<_>>());
    assert_eq!(asc.next, None);
    let desc = store
        .query(
            "D#d1#CASES",
            "ALL#",
            PageRequest::first(100, Order::Descending),
        )
        .await
        .unwrap();
    assert_eq!(numbers(&desc.items), (0..10).rev().collect::<Vec<_>>());
    let whole = store
        .query("D#d1#CASES", "", PageRequest::first(100, Order::Ascending))
        .await
        .unwrap();
    assert_eq!(
        whole.items.len(),
        11,
        "an empty prefix reads the whole partition"
    );
}

pub async fn paging_visits_every_item_once_and_ends_with_no_cursor(
    store: &dyn ItemStore,
    _clock: &FixedClock,
) {
    seed_partition(store).await;
    for (limit, order) in [
        (3, Order::Ascending),
        (5, Order::Descending),
        (10, Order::Ascending),
        (1, Order::Descending),
    ] {
        let mut seen = Vec::new();
        let mut page = PageRequest::first(limit, order);
        let mut pages = 0;
        loop {
            let p = store
                .query("D#d1#CASES", "ALL#", page.clone())
                .await
                .unwrap();
            assert!(p.items.len() <= limit);
            seen.extend(numbers(&p.items));
            pages += 1;
            match p.next {
                Some(n) => page.after = Some(n),
                None => break,
            }
        }
        let mut expected: Vec<i64> = (0..10).collect();
        if order == Order::Descending {
            expected.reverse();
        }
        assert_eq!(seen, expected, "limit {limit}");
        assert_eq!(
            pages,
            10usize.div_ceil(limit),
            "no empty trailing page at limit {limit}"
        );
    }
}

pub async fn a_cursor_cannot_leave_its_prefix(store: &dyn ItemStore, _clock: &FixedClock) {
    seed_partition(store).await;
    let p = store
        .query(
            "D#d1#CASES",
            "ALL#",
            PageRequest::first(2, Order::Ascending),
        )
        .await
        .unwrap();
    let forged = PageRequest {
        after: p.next,
        ..PageRequest::first(2, Order::Ascending)
    };
    let r = store.query("D#d1#CASES", "ACTIVE#", forged).await;
    assert!(matches!(r, Err(StoreError::BadCursor)));
    let garbage = PageRequest {
        after: Some("%%%".into()),
        ..PageRequest::first(2, Order::Ascending)
    };
    assert!(matches!(
        store.query("D#d1#CASES", "ALL#", garbage).await,
        Err(StoreError::BadCursor)
    ));
}

pub async fn a_transaction_applies_every_write(store: &dyn ItemStore, _clock: &FixedClock) {
    store
        .put(item("p", "old", json!({})), Cond::Always)
        .await
        .unwrap();
    store
        .transact(vec![
            WriteOp::put_if(item("p", "a", json!({"x": 1})), Cond::NotExists),
            WriteOp::put(item("q", "b", json!({"x": 2}))),
            WriteOp::Delete {
                pk: "p".into(),
                sk: "old".into(),
                cond: Cond::Exists,
            },
            WriteOp::Check {
                pk: "q".into(),
                sk: "none".into(),
                cond: Cond::NotExists,
            },
        ])
        .await
        .unwrap();
    assert!(store.get("p", "a").await.unwrap().is_some());
    assert!(store.get("q", "b").await.unwrap().is_some());
    assert!(store.get("p", "old").await.unwrap().is_none());
}

pub async fn a_transaction_with_one_failed_condition_changes_nothing(
    store: &dyn ItemStore,
    _clock: &FixedClock,
) {
    // Given an existing item and one to be deleted
    store
        .put(item("p", "taken", json!({"v": 1})), Cond::Always)
        .await
        .unwrap();
    store
        .put(item("p", "keep", json!({"v": 1})), Cond::Always)
        .await
        .unwrap();
    // When a transaction's third operation fails its condition
    let r = store
        .transact(vec![
            WriteOp::put(item("p", "new", json!({}))),
            WriteOp::delete("p", "keep"),
            WriteOp::put_if(item("p", "taken", json!({"v": 2})), Cond::NotExists),
        ])
        .await;
    // Then it names that operation, and none of the three happened
    assert!(
        matches!(r, Err(StoreError::ConditionFailed { op: Some(2) })),
        "{r:?}"
    );
    assert!(store.get("p", "new").await.unwrap().is_none());
    assert!(store.get("p", "keep").await.unwrap().is_some());
    assert_eq!(
        store.get("p", "taken").await.unwrap().unwrap().attrs["v"],
        json!(1)
    );
    // And a failed check on a missing item also stops the whole transaction
    let r = store
        .transact(vec![
            WriteOp::Check {
                pk: "p".into(),
                sk: "absent".into(),
                cond: Cond::Exists,
            },
            WriteOp::put(item("p", "new", json!({}))),
        ])
        .await;
    assert!(
        matches!(r, Err(StoreError::ConditionFailed { op: Some(0) })),
        "{r:?}"
    );
    assert!(store.get("p", "new").await.unwrap().is_none());
}

pub async fn malformed_transactions_are_refused(store: &dyn ItemStore, _clock: &FixedClock) {
    let twice = store
        .transact(vec![
            WriteOp::put(item("p", "a", json!({}))),
            WriteOp::delete("p", "a"),
        ])
        .await;
    assert!(matches!(twice, Err(StoreError::Invalid(_))));
    assert!(matches!(
        store.transact(vec![]).await,
        Err(StoreError::Invalid(_))
    ));
    let reserved = store
        .put(item("p", "a", json!({"pk": "x"})), Cond::Always)
        .await;
    assert!(matches!(reserved, Err(StoreError::Invalid(_))));
}

pub async fn an_expired_item_is_gone_for_reads_and_conditions(
    store: &dyn ItemStore,
    clock: &FixedClock,
) {
    // Given an idempotency record that lives 60 seconds
    let now = clock.now_secs();
    store
        .put(
            item("D#d1#IDEMP", "k1", json!({"v": 1})).with_ttl(now + 60),
            Cond::NotExists,
        )
        .await
        .unwrap();
    assert!(store.get("D#d1#IDEMP", "k1").await.unwrap().is_some());
    let dup = store
        .put(
            item("D#d1#IDEMP", "k1", json!({"v": 2})).with_ttl(now + 60),
            Cond::NotExists,
        )
        .await;
    assert!(
        matches!(dup, Err(StoreError::ConditionFailed { .. })),
        "live record blocks"
    );
    // When its time has passed (before any TTL sweeper ran)
    clock.advance(SignedDuration::from_secs(61));
    // Then it is invisible, and a new record may take its key
    assert_eq!(store.get("D#d1#IDEMP", "k1").await.unwrap(), None);
    let q = store
        .query("D#d1#IDEMP", "", PageRequest::first(10, Order::Ascending))
        .await
        .unwrap();
    assert!(q.items.is_empty());
    let exists = store
        .put(item("D#d1#IDEMP", "k1", json!({"v": 3})), Cond::Exists)
        .await;
    assert!(matches!(exists, Err(StoreError::ConditionFailed { .. })));
    store
        .put(item("D#d1#IDEMP", "k1", json!({"v": 3})), Cond::NotExists)
        .await
        .unwrap();
    assert_eq!(
        store.get("D#d1#IDEMP", "k1").await.unwrap().unwrap().attrs["v"],
        json!(3)
    );
}

/// Exposes the clock's seconds for TTL arithmetic.
pub trait NowSecs {
    fn now_secs(&self) -> i64;
}

impl NowSecs for FixedClock {
    fn now_secs(&self) -> i64 {
        use casebridge_core::ports::Clock;
        self.now().as_second()
    }
}

pub async fn a_lone_conditional_delete_behaves_like_one_in_a_transaction(
    store: &dyn ItemStore,
    _clock: &FixedClock,
) {
    store
        .put(item("p", "a", json!({"v": 1})), Cond::Always)
        .await
        .unwrap();
    let guarded = store
        .transact(vec![WriteOp::Delete {
            pk: "p".into(),
            sk: "a".into(),
            cond: Cond::AttrEquals("v".into(), json!(2)),
        }])
        .await;
    assert!(
        matches!(guarded, Err(StoreError::ConditionFailed { op: Some(0) })),
        "{guarded:?}"
    );
    assert!(store.get("p", "a").await.unwrap().is_some());
    store
        .transact(vec![WriteOp::delete("p", "a")])
        .await
        .unwrap();
    assert!(store.get("p", "a").await.unwrap().is_none());
    // Deleting what is not there is fine unless the condition says otherwise
    store
        .transact(vec![WriteOp::delete("p", "a")])
        .await
        .unwrap();
    let missing = store
        .transact(vec![WriteOp::Delete {
            pk: "p".into(),
            sk: "a".into(),
            cond: Cond::Exists,
        }])
        .await;
    assert!(matches!(
        missing,
        Err(StoreError::ConditionFailed { op: Some(0) })
    ));
}
