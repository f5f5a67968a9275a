//! The advisor hears of it: the dealer's customer activity, newest first, with each item's
//! case number and contact, so a Case screen badges cases without polling each one.

use super::*;
use casebridge_core::sms::inbound::TwoWaySms;
use casebridge_testkit::post_form;

const JO: &str = "+12145550123";

/// The dealer's activity as its advisor reads it.
async fn feed(b: &TestBackend, query: &str) -> (u16, Value) {
    advisor(
        &b.app,
        "GET",
        &format!("/v1/dealers/d1/activity{query}"),
        None,
    )
    .await
}

async fn the_activity_feed_lists_what_jo_did_newest_first(b: TestBackend) {
    // Given Jo is asked by text about an estimate
    let (case, jo) = case_with_contact(&b).await;
    let (id, _) = brakes_tyres_wipers(&b, &case, "Tyres").await;
    ask_approval(&b, &case, &id, &jo).await;
    let seen = notify_since(&b, 0).await;
    let link = link_texted(&b, JO, "ready for your approval").await;
    let minute = || b.clock.advance(jiff::SignedDuration::from_mins(1));
    // When she opens it, asks a question from the page a minute later, and a minute after
    // that approves all
    minute();
    let (s, page) = open(&b, &link).await;
    assert_eq!(s, 200);
    let submission = page
        .split("name=\"submission\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    minute();
    let (s, _) = post_form(
        &b.app,
        &format!("{link}/replies"),
        &format!("text=Is+the+tyre+price+with+fitting%3F&submission={submission}"),
    )
    .await;
    assert_eq!(s, 303);
    minute();
    let (s, _) = post_form(
        &b.app,
        &format!("{link}/estimates/{id}/decisions"),
        "version=1&all=approve",
    )
    .await;
    assert_eq!(s, 200);
    // (case-notify reads the events, twice: a redelivery adds nothing)
    notify_since(&b, seen).await;
    notify_since(&b, seen).await;
    // Then the advisor's feed says decided, replied, opened: newest first, with case and
    // contact
    let (s, all) = feed(&b, "").await;
    assert_eq!(s, 200, "{all}");
    let items = all["items"].as_array().unwrap();
    let kinds: Vec<&str> = items.iter().map(|a| a["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["decided", "replied", "opened"], "{all}");
    for a in items {
        assert_eq!(
            (&a["caseNumber"], &a["contactName"]),
            (&json!("#1001"), &json!("Jo Fleet"))
        );
        assert_eq!(a["caseId"], json!(case));
    }
    assert_eq!(
        items[0]["summary"],
        "Jo Fleet decided 3 lines on estimate version 1 \u{2014} $2,130.00 approved"
    );
    assert_eq!(
        items[1]["summary"],
        "Jo Fleet replied on the page: \u{201c}Is the tyre price with fitting?\u{201d}"
    );
    // And since the reply, only the reply and the decision; one at a time by pages
    let (_, since) = feed(&b, "?since=2026-11-23T09:02:00Z").await;
    assert_eq!(since["items"].as_array().unwrap().len(), 2, "{since}");
    let (_, first) = feed(&b, "?limit=1").await;
    assert_eq!(first["items"][0]["kind"], "decided");
    let next = first["nextPage"].as_str().unwrap();
    let (_, second) = feed(&b, &format!("?limit=1&page={next}")).await;
    assert_eq!(second["items"][0]["kind"], "replied");
    // And the events are on the topic for integrations
    let kinds: Vec<String> = b
        .events
        .events()
        .iter()
        .map(|e| e.kind().to_string())
        .collect();
    for k in ["estimate.opened", "note.created", "estimate.decided"] {
        assert!(kinds.iter().any(|e| e == k), "{k} in {kinds:?}");
    }
}

async fn a_stop_shows_in_the_feed_and_the_feed_is_the_dealers_own(b: TestBackend) {
    let (_case, _jo) = case_with_contact(&b).await;
    let number = casebridge_core::dealers::load_dealer(
        &b.app,
        &casebridge_core::dealers::DealerId::parse("d1").unwrap(),
    )
    .await
    .unwrap()
    .sms_origination_number
    .unwrap();
    // When Jo's phone replies STOP
    let stop = TwoWaySms {
        origination_number: JO.into(),
        destination_number: number,
        message_keyword: None,
        message_body: "STOP".into(),
        inbound_message_id: "in-1".into(),
        previous_published_message_id: None,
    };
    b.text_in(&stop).await.unwrap();
    // Then the feed says so
    let (s, feed) = advisor(&b.app, "GET", "/v1/dealers/d1/activity", None).await;
    assert_eq!(s, 200, "{feed}");
    assert_eq!(feed["items"][0]["kind"], "opted_out", "{feed}");
    assert_eq!(
        feed["items"][0]["summary"],
        "+12145550123 replied STOP: no more texts to this number"
    );
    // And another dealer's people get 404; a bad time is refused by name
    let (s, _) = common::user(
        &b.app,
        "GET",
        "/v1/dealers/d1/activity",
        None,
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(s, 404);
    let (s, p) = advisor(
        &b.app,
        "GET",
        "/v1/dealers/d1/activity?since=yesterday",
        None,
    )
    .await;
    assert_eq!(s, 400, "{p}");
    assert!(p.to_string().contains("since"), "{p}");
}

casebridge_testkit::on_every_backend!(
    the_activity_feed_lists_what_jo_did_newest_first,
    a_stop_shows_in_the_feed_and_the_feed_is_the_dealers_own,
);
