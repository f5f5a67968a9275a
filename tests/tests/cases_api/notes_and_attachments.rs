//! Notes added and listed oldest first; attachments listed, made external and downloaded.

use super::*;

async fn notes_are_added_and_listed_oldest_first(b: TestBackend) {
    seed_dealers(&b.app).await;
    let id = create(&b.app, "Acme").await;
    let (status, first) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/notes"),
        Some(json!({"text": "Customer called"})),
    )
    .await;
    assert_eq!(status, 201, "{first}");
    assert_eq!(
        first["visibility"], "internal",
        "internal unless said otherwise"
    );
    assert_eq!(first["source"], "case");
    assert_eq!(first["author"]["id"], "advisor-of-d1");
    b.clock.advance(jiff::SignedDuration::from_secs(1));
    let (_, second) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{id}/notes"),
        Some(json!({"text": "Ready Friday", "visibility": "external"})),
    )
    .await;
    assert_eq!(second["visibility"], "external");
    let (status, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{id}/notes"), None).await;
    assert_eq!(status, 200);
    // The list shows the notes; an external note's answer also said who hears of it
    assert_eq!(second["notified"], 0, "{second}");
    let mut second = second;
    for counted in ["notified", "notNotified"] {
        second.as_object_mut().unwrap().remove(counted);
    }
    assert_eq!(notes["items"], json!([first, second]));
    assert_eq!(notes["nextPage"], Value::Null);
    assert_eq!(
        b.events.kinds(),
        vec!["case.created", "note.created", "note.created"]
    );
    // A note on a case that does not exist is 404 and leaves nothing behind
    let (status, _) = advisor(
        &b.app,
        "POST",
        "/v1/cases/nope/notes",
        Some(json!({"text": "x"})),
    )
    .await;
    assert_eq!(status, 404);
}

async fn attachments_are_listed_switched_external_and_downloaded(b: TestBackend) {
    seed_dealers(&b.app).await;
    let id = create(&b.app, "Acme").await;
    let d1 = DealerId::parse("d1").unwrap();
    let file = NewFile {
        file_name: "transcript.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.7 test".to_vec(),
        thread_id: Some("t1".into()),
        state: AttachmentState::Draft,
    };
    let att = cases::attach_file(
        &b.app,
        &d1,
        &casebridge_core::ids::CaseId::parse(&id).unwrap(),
        file,
    )
    .await
    .unwrap();
    let (status, list) = advisor(&b.app, "GET", &format!("/v1/cases/{id}/attachments"), None).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["id"], att.id.as_str());
    assert_eq!(list["items"][0]["visibility"], "internal");
    assert_eq!(list["items"][0]["state"], "draft");
    assert!(
        list["items"][0].get("blobKey").is_none(),
        "storage internals stay inside"
    );
    let path = format!("/v1/cases/{id}/attachments/{}", att.id);
    let (status, patched) = advisor(
        &b.app,
        "PATCH",
        &path,
        Some(json!({"visibility": "external"})),
    )
    .await;
    assert_eq!((status, &patched["visibility"]), (200, &json!("external")));
    let (_, back) = advisor(
        &b.app,
        "PATCH",
        &path,
        Some(json!({"visibility": "internal"})),
    )
    .await;
    assert_eq!(back["visibility"], "internal");
    let resp = casebridge_testkit::send_to_api(
        &b.app,
        as_user(
            request("GET", &format!("{path}/content"), None),
            "d1",
            "advisor",
            None,
        ),
    )
    .await;
    assert_eq!(resp.status(), 302);
    let location = resp.headers()["location"].to_str().unwrap();
    assert!(
        location.contains("transcript.pdf") || location.contains(att.id.as_str()),
        "{location}"
    );
    let (status, bad) = advisor(
        &b.app,
        "PATCH",
        &path,
        Some(json!({"visibility": "public"})),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(bad["errors"][0]["field"], "visibility");
}

casebridge_testkit::on_every_backend!(
    notes_are_added_and_listed_oldest_first,
    attachments_are_listed_switched_external_and_downloaded,
);
