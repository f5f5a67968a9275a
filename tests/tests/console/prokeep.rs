//! The seeds that start in Prokeep, walked in the stand-in: an advisor exports a thread to a
//! case with "Decisiv integration" and closes it; the parts counter claims, orders and
//! receives an escalation from its inbox. Each step reaches casebridge as the connector's
//! signed call, so the case shows what the real connector would have put there.

use super::*;

/// One console for the whole walk: the stand-in remembers what Prokeep would.
fn standin(b: &TestBackend) -> axum::Router {
    casebridge_infra::console::router(b.app.clone(), SECRET.to_vec(), Some(b.prokeep.clone()))
}

async fn page(c: &axum::Router, path: &str, me: &str) -> String {
    let r = send(c.clone(), get(path, me)).await;
    assert_eq!(r.status(), 200, "{path}: {}", r.text());
    r.text()
}

async fn press(
    c: &axum::Router,
    me: &str,
    on: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> Reply {
    let csrf = csrf_of(&page(c, on, me).await);
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    send(c.clone(), post(action, me, &all)).await
}

#[tokio::test]
async fn an_advisor_exports_a_prokeep_thread_to_a_case_and_closing_it_makes_the_pdf_final() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let c = standin(&b);
    // Given the thread about the brakes, open in Prokeep
    let home = page(&c, "/console/prokeep", &me).await;
    assert!(
        home.contains("Prokeep, local stand-in") && home.contains("Brakes on unit T-101"),
        "{home}"
    );
    let thread = "/console/prokeep/threads/pk-thread-1001";
    assert!(page(&c, thread, &me)
        .await
        .contains("pulling left when braking"));
    // When the advisor picks Decisiv integration, finds the case by its customer, attaches it
    let picker = page(&c, &format!("{thread}/decisiv?q=acme"), &me).await;
    assert!(
        picker.contains("Acme Freight") && picker.contains(&case),
        "{picker}"
    );
    let label = value_of(&picker, "label");
    let attached = press(
        &c,
        &me,
        thread,
        &format!("{thread}/attachments"),
        &[("case", &case), ("label", &label)],
    )
    .await;
    assert_eq!(attached.status(), 303, "{}", attached.text());
    // Then the case has the thread's transcript, a draft, and the thread says where it went
    let files = api_get(&b.app, &format!("/v1/cases/{case}/attachments")).await;
    assert_eq!(files["items"].as_array().unwrap().len(), 1, "{files}");
    assert_eq!(files["items"][0]["state"], json!("draft"), "{files}");
    let after = page(&c, &location(&attached), &me).await;
    assert!(
        after.contains(&format!("The transcript is on {label}.")),
        "{after}"
    );
    // When the advisor closes the thread
    let closed = press(&c, &me, thread, &format!("{thread}/close"), &[]).await;
    assert_eq!(closed.status(), 303, "{}", closed.text());
    // Then the transcript on the case is final, and Prokeep shows the thread closed
    let files = api_get(&b.app, &format!("/v1/cases/{case}/attachments")).await;
    assert_eq!(files["items"][0]["state"], json!("final"), "{files}");
    assert!(page(&c, &location(&closed), &me)
        .await
        .contains("1 transcript is now final"));
    assert!(page(&c, "/console/prokeep", &me).await.contains("Closed"));
}

#[tokio::test]
async fn the_parts_counter_claims_orders_and_receives_an_escalation_from_its_inbox() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let c = standin(&b);
    let case_page = format!("/console/cases/{case}");
    // Given the advisor put the case on Parts Hold and escalated a turbo actuator
    let held = press(
        &c,
        &me,
        &case_page,
        &format!("{case_page}/status"),
        &[("status", "parts_hold")],
    )
    .await;
    assert_eq!(held.status(), 303);
    let sent = press(
        &c,
        &me,
        &case_page,
        &format!("{case_page}/parts-escalations"),
        &[
            ("group", "parts-counter"),
            ("part-0", "TRB-4471"),
            ("description-0", "Turbo actuator"),
            ("quantity-0", "1"),
            ("note", "Customer waiting"),
        ],
    )
    .await;
    assert_eq!(sent.status(), 303, "{}", sent.text());
    // And the delivery (the SNS subscriber) posted it to the group's Prokeep inbox
    let escalated = b
        .events
        .events()
        .into_iter()
        .rev()
        .find(|e| e.kind().as_str() == "parts.escalated")
        .unwrap();
    let delivery = b
        .app
        .as_function(&casebridge_core::ports::functions::PROKEEP_DELIVERY);
    casebridge_core::parts::deliver(
        &delivery,
        &escalated,
        casebridge_core::notifications::LOCAL_BUDGET,
    )
    .await
    .unwrap();
    // When the parts counter signs in, Then its inbox shows the request as Prokeep got it
    let counter = sign_in(&b.app, "counter", "d1").await;
    let inbox = page(&c, "/console/prokeep", &counter).await;
    assert!(
        inbox.contains("Parts request PR-")
            && inbox.contains("TRB-4471")
            && inbox.contains("Customer waiting"),
        "{inbox}"
    );
    let reference = inbox
        .split("Parts request ")
        .nth(1)
        .unwrap()
        .split(['<', '\n'])
        .next()
        .unwrap()
        .to_string();
    // And the counter has no Case screens
    let refused = send(c.clone(), get(&case_page, &counter)).await;
    assert_eq!(
        (refused.status().as_u16(), location(&refused).as_str()),
        (303, "/console/prokeep")
    );
    // When the counter claims it, orders it with a confirmation and an ETA, and receives it
    let events = format!("/console/prokeep/parts-requests/{reference}/events");
    for fields in [
        vec![("type", "claimed")],
        vec![
            ("type", "ordered"),
            ("confirmation", "PO-99812"),
            ("eta", "2026-12-09"),
        ],
        vec![("type", "received")],
    ] {
        let r = press(&c, &counter, "/console/prokeep", &events, &fields).await;
        assert_eq!(r.status(), 303, "{}", r.text());
    }
    // Then the inbox says what the case shows after each step
    let inbox = page(&c, "/console/prokeep", &counter).await;
    for want in [
        "Claimed: the case shows it as Claimed",
        "Parts Ordered, confirmation PO-99812, ETA 2026-12-09",
        "Parts Received: the case shows it as Parts Received",
    ] {
        assert!(inbox.contains(want), "{want}: {inbox}");
    }
    // And the advisor reads the counter's steps on the case, by the counter's name
    let seen = page(&c, &case_page, &me).await;
    for want in [
        "Parts Received",
        "PO-99812",
        "ETA Dec 9, 2026",
        "Demo parts counter",
    ] {
        assert!(seen.contains(want), "{want}: {seen}");
    }
}
