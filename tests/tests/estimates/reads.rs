//! What a customer's decision costs in reads: the link, the contact, the dealer, the case and
//! the estimate, each read once; a stale form's 409 page answers from what was read.

use super::*;
use casebridge_testkit::cost::Meter;
use casebridge_testkit::post_form;

#[tokio::test]
async fn a_decision_reads_each_record_once_and_a_stale_form_reads_no_link_again() {
    // Given an estimate sent to Jo, and the link a text would carry
    let mut b = TestBackend::embedded();
    let (case, jo) = case_with_contact(&b).await;
    let (id, ids) = brakes_tyres_wipers(&b, &case, "Tyres").await;
    ask_approval(&b, &case, &id, &jo).await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let decide = format!("/m/{token}/estimates/{id}/decisions");
    let meter = Meter::wrap(&mut b.app);
    // When Jo approves the brakes from the page
    let (s, _) = post_form(
        &b.app,
        &decide,
        &format!("version=1&line-{}=approve", ids[0]),
    )
    .await;
    // Then the link, its contact and recipient link, the dealer, the case and the estimate
    // are each read once (6 gets: the link, Jo, her invitation, d1, the case, the estimate),
    // nothing is listed, and one transaction writes the
    // estimate, the advisor's note and its two events (then each event leaves the outbox)
    assert_eq!(s, 200);
    assert_eq!(meter.cost().gets, 6);
    assert_eq!(meter.cost().queries, 0);
    let writes = meter.writes();
    assert_eq!(writes.len(), 3, "{writes:?}");
    assert_eq!(writes[0].len(), 4, "{writes:?}");
    assert!(
        writes[0][0].starts_with("EST#") && writes[0][1].starts_with("NOTE#"),
        "{writes:?}"
    );
    assert!(writes[1..].iter().all(|w| w.len() == 1), "{writes:?}");
    // When Jo sends the same form again after the advisor sent version 2
    reprice(&b, &case, &id, 2, 1700).await;
    meter.reset();
    let (s, _) = post_form(
        &b.app,
        &decide,
        &format!("version=1&line-{}=approve", ids[1]),
    )
    .await;
    // Then the 409 page is made from the link already opened: the same 6 gets, and the page
    // is that estimate's view, read once more (one get, and one query: its lines' photos)
    assert_eq!(s, 409);
    assert_eq!(
        meter.cost().gets,
        6 + 1,
        "the decision's 6 and the estimate shown"
    );
    assert_eq!(
        meter.cost().queries,
        1,
        "the estimate's photos, and no notes or lists, on the estimate's view"
    );
    assert!(meter.writes().is_empty(), "{:?}", meter.writes());
}
