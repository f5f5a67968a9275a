//! What an attach costs in the store and the blob store.

use super::*;
use casebridge_testkit::cost::Meter;

#[tokio::test]
async fn one_attach_costs_one_pdf_put_and_one_transaction() {
    let mut b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let case = new_case(&b.app, "d1", "Acme").await;
    let meter = Meter::wrap(&mut b.app);
    let (s, _) = attach(&b.app, "t1", &case, thread("open", &["hi"])).await;
    assert_eq!(s, 201);
    assert_eq!(meter.cost().s3_puts, 1, "one S3 PUT");
    let writes = meter.writes();
    // The attach's one transaction, then the outbox clean-up once the event is out
    assert_eq!(writes.len(), 2, "{writes:?}");
    assert!(
        writes[0].iter().any(|sk| sk == "ATT#thread-t1") && writes[0].len() == 4,
        "{writes:?}"
    );
    assert_eq!(writes[1].len(), 1, "outbox clean-up: {writes:?}");
}
