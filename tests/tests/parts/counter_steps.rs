//! An escalation reaches the group and every counter step lands on the case, never
//! backwards.

use super::*;

async fn an_escalation_reaches_the_group_and_every_counter_step_lands_on_the_case(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    // When the advisor escalates
    let r = escalate(&b.app, &case).await;
    let id = r["id"].as_str().unwrap();
    assert_eq!(
        (r["state"].as_str(), r["delivery"]["status"].as_str()),
        (Some("escalated"), Some("pending"))
    );
    // Then the delivery (the SNS subscriber) posts it to the group's inbox
    parts::deliver(
        &b.app.as_function(&functions::PROKEEP_DELIVERY),
        &last_event(&b, "parts.escalated"),
        LOCAL_BUDGET,
    )
    .await
    .unwrap();
    let sent = b.prokeep.recorded();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0]["to"].as_str(), sent[0]["username"].as_str()),
        (Some("parts-counter"), Some("d1-api"))
    );
    let text = sent[0]["text"].as_str().unwrap();
    // What the counter reads: the request's reference and the case number, never an id
    // (issue 21: this expected the request's and the case's ids before)
    assert_eq!(r["reference"], "PR-1001-1", "{r}");
    assert!(
        !text.contains(id) && !text.contains(case.as_str()),
        "{text}"
    );
    for part in [
        "Parts request PR-1001-1",
        "Case #1001",
        "Johnson Tires",
        "T-101",
        "TRB-4471",
        "2 x HSE-22",
        "Customer waiting",
    ] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    assert_eq!(
        requests(&b.app, &case).await[0]["delivery"]["status"],
        "delivered"
    );
    // And the counter's steps, each sent three times in shuffled order, land once each
    let steps = [claimed("e1"), ordered("e2"), received("e3")];
    for i in [2, 0, 1, 1, 2, 0, 0, 1, 2] {
        let (s, res) = event(&b.app, id, steps[i].clone()).await;
        assert_eq!(s, 200, "{res}");
    }
    let texts = notes(&b.app, &case).await;
    let prokeep_notes: Vec<&String> = texts
        .iter()
        .filter(|t| t.ends_with("PLEASE DO NOT REPLY"))
        .collect();
    assert_eq!(prokeep_notes.len(), 3, "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("claimed by Pat Counter")));
    assert!(texts
        .iter()
        .any(|t| t.contains("PO-99812") && t.contains("ETA 2026-11-25")));
    assert!(texts.iter().any(|t| t.contains("received at the counter")));
    let r = &requests(&b.app, &case).await[0];
    assert_eq!(
        (
            r["state"].as_str(),
            r["claim"]["by"].as_str(),
            r["eta"].as_str()
        ),
        (Some("received"), Some("Pat Counter"), Some("2026-11-25"))
    );
    let (_, n) = user(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/notes"),
        None,
        "d1",
    )
    .await;
    for note in n["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["source"] == "prokeep")
    {
        assert_eq!(note["visibility"], "internal");
    }
}

async fn events_out_of_order_never_move_the_request_backwards(b: TestBackend) {
    seed_dealers(&b.app).await;
    let case = case_on_hold(&b.app).await;
    let id = escalate(&b.app, &case).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Received before ordered, ordered before claimed
    assert_eq!(
        event(&b.app, &id, received("r")).await.1["state"],
        "received"
    );
    assert_eq!(
        event(&b.app, &id, ordered("o")).await.1["state"],
        "received"
    );
    assert_eq!(
        event(&b.app, &id, claimed("c")).await.1["state"],
        "received"
    );
    let r = &requests(&b.app, &case).await[0];
    assert_eq!(
        r["history"].as_array().unwrap().len(),
        4,
        "escalated + three recorded events"
    );
    assert_eq!(
        r["confirmation"], "PO-99812",
        "a late order still records its confirmation"
    );
    // A claim after the case is closed still lands
    user(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "closed"})),
        "d1",
    )
    .await;
    let (s, _) = event(&b.app, &id, json!({"eventId": "x", "type": "cancelled", "occurredAt": "2026-11-26T09:00:00Z", "actor": {"name": "Pat"}})).await;
    assert_eq!(s, 200);
    assert_eq!(
        requests(&b.app, &case).await[0]["state"],
        "received",
        "cancel after received changes nothing"
    );
}

casebridge_testkit::on_every_backend!(
    an_escalation_reaches_the_group_and_every_counter_step_lands_on_the_case,
    events_out_of_order_never_move_the_request_backwards,
);
