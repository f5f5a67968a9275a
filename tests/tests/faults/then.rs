//! What must hold after each step, whichever call failed once: nothing lost, nothing twice.

use super::*;

/// The invariants after the step succeeded (and was redelivered once).
pub(super) async fn then(b: &TestBackend, step: Step, g: &Given, why: &str) {
    let texts = b.texts().await;
    let new_texts = &texts[g.texts_before..];
    match step {
        Step::Attach => {
            let a = the_one_transcript(b, g, why).await;
            assert_eq!((a.state, a.version), (AttachmentState::Draft, 1), "{why}");
        }
        Step::Close => {
            let a = the_one_transcript(b, g, why).await;
            assert_eq!((a.state, a.version), (AttachmentState::Final, 2), "{why}");
        }
        Step::PartsCallback | Step::PartsDelivery => {
            let requests: Vec<PartsRequest> = case_items(&b.app, &g.case, keys::PARTS_PREFIX).await;
            assert_eq!(requests.len(), 1, "{why}");
            let r = &requests[0];
            let notes: Vec<Note> = case_items(&b.app, &g.case, keys::NOTE_PREFIX).await;
            if let Step::PartsCallback = step {
                assert_eq!(r.state, PartsState::Claimed, "{why}");
                let claimed = notes
                    .iter()
                    .filter(|n| n.text.contains("claimed by Pat Counter"));
                assert_eq!(claimed.count(), 1, "{why}: {notes:?}");
            } else {
                assert_eq!(
                    b.prokeep.recorded().len(),
                    1,
                    "{why}: one post to the group"
                );
                assert_eq!(r.delivery.sends, 1, "{why}: {r:?}");
                assert_eq!(
                    r.history
                        .iter()
                        .filter(|h| h.what.starts_with("delivered"))
                        .count(),
                    1,
                    "{why}"
                );
            }
        }
        Step::Notify => {
            assert_eq!(new_texts.len(), 1, "{why}: {new_texts:?}");
            assert!(new_texts[0].1.contains("Turbo replaced"), "{why}");
            let emails = b.emails().await;
            assert_eq!(emails.len(), 1, "{why}: {emails:?}");
            assert!(emails[0].html.contains("Turbo replaced"), "{why}");
            // and the log holds one entry per channel, each sent
            let (_, log) = user(
                &b.app,
                "GET",
                &format!("/v1/cases/{}/notifications", g.case),
                None,
            )
            .await;
            let mut sent: Vec<(&str, &str)> = log["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["channel"].as_str().unwrap(),
                        e["status"].as_str().unwrap(),
                    )
                })
                .collect();
            sent.sort();
            assert_eq!(
                sent,
                vec![("email", "sent"), ("sms", "sent")],
                "{why}: {log}"
            );
        }
        Step::Reply => {
            let notes: Vec<Note> = case_items(&b.app, &g.case, keys::NOTE_PREFIX).await;
            let replies = notes.iter().filter(|n| n.text == "Approved, go ahead");
            assert_eq!(replies.count(), 1, "{why}: {notes:?}");
            assert!(new_texts.is_empty(), "{why}: {new_texts:?}");
        }
        Step::Stop => {
            assert_eq!(new_texts.len(), 1, "{why}: one confirmation {new_texts:?}");
            assert!(new_texts[0].1.contains("no more texts"), "{why}");
            let opted_out = casebridge_core::sms::notify::opted_out(
                &b.app,
                &DealerId::parse("d1").unwrap(),
                ANN,
            )
            .await
            .unwrap();
            assert!(opted_out, "{why}: Ann said STOP");
        }
    }
}
