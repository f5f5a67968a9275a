//! Delivery to Prokeep: a failure that lasts ends on the case, an unclaimed escalation is
//! sent again once, retries locally.

use super::*;

/// Prokeep that fails, as configured.
struct FailingProkeep(DeliveryError);

#[async_trait]
impl ProkeepApi for FailingProkeep {
    async fn send(&self, _: &ProkeepCredentials, _: &ProkeepMessage) -> Result<(), DeliveryError> {
        Err(self.0.clone())
    }
}

async fn a_delivery_that_keeps_failing_ends_on_the_case_as_delivery_failed(mut b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    escalate(&b.app, &case).await;
    let escalated = last_event(&b, "parts.escalated");
    // A transient failure is handed back for Lambda to retry
    b.app.prokeep = Arc::new(FailingProkeep(DeliveryError::Transient(
        "503 from Prokeep".into(),
    )));
    let err = parts::deliver(
        &b.app.as_function(&functions::PROKEEP_DELIVERY),
        &escalated,
        LOCAL_BUDGET,
    )
    .await
    .unwrap_err();
    assert!(err.is_retryable(), "{err}");
    assert_eq!(
        requests(&b.app, &case).await[0]["delivery"]["status"],
        "pending"
    );
    // Past the retries the dead-letter consumer shows it on the case (once, however often)
    parts::delivery_gave_up(
        &b.app.as_function(&functions::PROKEEP_DEAD_LETTER),
        &escalated,
        "503 from Prokeep",
    )
    .await
    .unwrap();
    parts::delivery_gave_up(
        &b.app.as_function(&functions::PROKEEP_DEAD_LETTER),
        &escalated,
        "503 from Prokeep",
    )
    .await
    .unwrap();
    let r = &requests(&b.app, &case).await[0];
    assert_eq!(r["delivery"]["status"], "failed");
    assert_eq!(
        notes(&b.app, &case)
            .await
            .iter()
            .filter(|t| t.starts_with("Delivery failed"))
            .count(),
        1
    );
    // A permanent refusal (bad credentials) is shown at once, without retries
    let case2 = case_on_hold(&b.app).await;
    escalate(&b.app, &case2).await;
    b.app.prokeep = Arc::new(FailingProkeep(DeliveryError::Permanent(
        "401 bad credentials".into(),
    )));
    parts::deliver(
        &b.app.as_function(&functions::PROKEEP_DELIVERY),
        &last_event(&b, "parts.escalated"),
        LOCAL_BUDGET,
    )
    .await
    .unwrap();
    assert_eq!(
        requests(&b.app, &case2).await[0]["delivery"]["status"],
        "failed"
    );
}

async fn an_escalation_is_reminded_the_minute_its_window_ends(b: TestBackend) {
    // Given an escalation nobody claims, with the dealer's 15-minute window
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    escalate(&b.app, &case).await;
    // When exactly 15 minutes have passed, the reminder goes (not a run later)
    b.clock.advance(jiff::SignedDuration::from_mins(15));
    assert_eq!(
        parts::send_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        1
    );
}

async fn an_unclaimed_escalation_is_resent_once_after_the_reminder_window(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    escalate(&b.app, &case).await;
    let claimed_case = case_on_hold(&b.app).await;
    let other = escalate(&b.app, &claimed_case).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    event(&b.app, &other, claimed("c1")).await;
    // Before the window nothing happens
    b.clock.advance(jiff::SignedDuration::from_mins(14));
    assert_eq!(
        parts::send_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        0
    );
    // After it, the unclaimed one is re-sent once and noted; the claimed one is not
    b.clock.advance(jiff::SignedDuration::from_mins(2));
    assert_eq!(
        parts::send_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        parts::send_reminders(&b.app.as_function(&functions::PARTS_REMINDER))
            .await
            .unwrap(),
        0
    );
    assert!(notes(&b.app, &case)
        .await
        .iter()
        .any(|t| t.contains("not claimed within 15 minutes")));
    parts::deliver(
        &b.app.as_function(&functions::PROKEEP_DELIVERY),
        &last_event(&b, "parts.reminder"),
        LOCAL_BUDGET,
    )
    .await
    .unwrap();
    let sent = b.prokeep.recorded();
    assert_eq!(sent.len(), 1);
    assert!(sent[0]["text"].as_str().unwrap().starts_with("REMINDER"));
    assert_eq!(requests(&b.app, &case).await[0]["delivery"]["sends"], 1);
}

/// Locally, delivery runs like Lambda's asynchronous invocation: retried in the background,
/// then dead-lettered onto the case.
#[tokio::test]
async fn locally_a_failing_prokeep_is_retried_then_shown_on_the_case() {
    use casebridge_core::ports::EventHandler;
    use casebridge_embedded::in_process::AsyncInvoke;
    let mut b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    escalate(&b.app, &case).await;
    b.app.prokeep = Arc::new(FailingProkeep(DeliveryError::Transient(
        "connection refused".into(),
    )));
    let delivery = Arc::new(parts::ProkeepDelivery { app: b.app.clone() });
    let invoke = AsyncInvoke {
        handler: delivery.clone(),
        dead_letter: delivery,
        attempts: 3,
        pause: std::time::Duration::from_millis(10),
    };
    invoke
        .handle(&last_event(&b, "parts.escalated"))
        .await
        .unwrap();
    let mut status = Value::Null;
    for _ in 0..200 {
        status = requests(&b.app, &case).await[0]["delivery"]["status"].clone();
        if status == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(status, "failed");
    let texts = notes(&b.app, &case).await;
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Delivery failed") && t.contains("connection refused")),
        "{texts:?}"
    );
}

casebridge_testkit::on_every_backend!(
    a_delivery_that_keeps_failing_ends_on_the_case_as_delivery_failed,
    an_unclaimed_escalation_is_resent_once_after_the_reminder_window,
    an_escalation_is_reminded_the_minute_its_window_ends,
);
