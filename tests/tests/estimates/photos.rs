//! Photos on lines: the technician's picture of the tyre bulge reaches the fleet manager
//! under the tyre line, full size a tap away; what is not a photo, too big or too late never
//! does; a reused upload link changes nothing; a removed photo is gone.

use super::*;
use common::{assert_refused, user};

/// A JPEG's first bytes (what the check reads), then filler.
fn jpeg(len: usize) -> Vec<u8> {
    let mut b = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0,
    ];
    b.resize(len.max(b.len()), 0x20);
    b
}

fn png() -> Vec<u8> {
    let mut b = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    b.resize(64, 0);
    b
}

/// The tyre line's photos path.
fn photos_path(case: &str, est: &str, line: &str) -> String {
    format!("/v1/cases/{case}/estimates/{est}/lines/{line}/photos")
}

/// The advisor asks for an upload link for `caption`: (photo id, upload URL).
async fn new_photo(b: &TestBackend, path: &str, caption: &str) -> (String, String) {
    let (s, v) = advisor(&b.app, "POST", path, Some(json!({"caption": caption}))).await;
    assert_eq!(s, 201, "{v}");
    assert_eq!(v["maxBytes"], 10 * 1024 * 1024);
    (
        v["id"].as_str().unwrap().to_string(),
        v["uploadUrl"].as_str().unwrap().to_string(),
    )
}

/// The line's photos as the advisor sees them.
async fn listed(b: &TestBackend, path: &str) -> Vec<Value> {
    let (s, v) = advisor(&b.app, "GET", path, None).await;
    assert_eq!(s, 200, "{v}");
    v["items"].as_array().unwrap().clone()
}

async fn the_tyre_photo_reaches_the_fleet_manager_under_its_line(b: TestBackend) {
    // Given an estimate sent to Jo, and the advisor's photo of the tyre bulge uploaded
    let (case, jo) = case_with_contact(&b).await;
    let (est, lines) = brakes_tyres_wipers(&b, &case, "2 steer tyres").await;
    ask_approval(&b, &case, &est, &jo).await;
    let path = photos_path(&case, &est, &lines[1]);
    let caption = "Bulge on the left steer tyre";
    let (photo, upload) = new_photo(&b, &path, caption).await;
    assert_eq!(listed(&b, &path).await[0]["status"], "waiting");
    let bytes = jpeg(4_000);
    assert_eq!(b.upload(&upload, bytes.clone(), "image/jpeg").await, 200);
    // Then the advisor sees it ready, with a link to look at it
    let items = listed(&b, &path).await;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["status"], "ready", "{items:?}");
    assert_eq!(items[0]["caption"], caption);
    assert_eq!(items[0]["contentType"], "image/jpeg");
    assert_eq!(items[0]["sizeBytes"], 4_000);
    let seen = b.fetch(items[0]["url"].as_str().unwrap()).await;
    assert_eq!(seen, Some(("image/jpeg".into(), bytes.clone())));
    // And Jo's estimate view shows it under the tyre line, with the caption as its alt text
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let (s, page) = open(&b, &format!("/m/{token}/estimates/{est}")).await;
    assert_eq!(s, 200, "{page}");
    let src = format!("/m/{token}/estimates/{est}/photos/{photo}");
    let img = format!("<img src=\"{src}\" alt=\"{caption}\"");
    assert!(page.contains(&img), "{page}");
    let at = |what: &str| page.find(what).unwrap_or_else(|| panic!("{what}"));
    assert!(at("2 steer tyres") < at(&img) && at(&img) < at("Wipers"));
    assert!(!has_uuid(&visible_text(&page)));
    // And tapping it opens the photo full size, from a link that works for minutes
    let r = common::send_to_api(&b.app, casebridge_testkit::request("GET", &src, None)).await;
    assert_eq!(r.status().as_u16(), 303);
    let location = r.headers["location"].to_str().unwrap().to_string();
    assert_eq!(
        b.fetch(&location).await,
        Some(("image/jpeg".into(), bytes.clone()))
    );

    // When the same upload link is used again with another picture
    assert_eq!(b.upload(&upload, png(), "image/png").await, 200);
    // Then nothing shown changes: the first upload is the photo
    let items = listed(&b, &path).await;
    assert_eq!(
        (items.len(), &items[0]["contentType"]),
        (1, &json!("image/jpeg"))
    );
    let r = common::send_to_api(&b.app, casebridge_testkit::request("GET", &src, None)).await;
    let location = r.headers["location"].to_str().unwrap().to_string();
    assert_eq!(b.fetch(&location).await, Some(("image/jpeg".into(), bytes)));

    // When the advisor removes it
    let (s, _) = advisor(&b.app, "DELETE", &format!("{path}/{photo}"), None).await;
    assert_eq!(s, 204);
    // Then it is gone from the list, the page and the store
    assert!(listed(&b, &path).await.is_empty());
    let (_, page) = open(&b, &format!("/m/{token}/estimates/{est}")).await;
    assert!(!page.contains("<img"), "{page}");
    let (s, gone) = open(&b, &src).await;
    assert_eq!(s, 404, "{gone}");
    assert!(gone.contains("Call"), "the page says whom to call: {gone}");
    assert_eq!(b.fetch(&location).await, None);
    let (s, _) = advisor(&b.app, "DELETE", &format!("{path}/{photo}"), None).await;
    assert_eq!(s, 404, "removing it twice");
}

async fn what_is_not_a_photo_too_big_or_too_late_never_reaches_the_customer(b: TestBackend) {
    // Given an estimate sent to Jo
    let (case, jo) = case_with_contact(&b).await;
    let (est, lines) = brakes_tyres_wipers(&b, &case, "2 steer tyres").await;
    ask_approval(&b, &case, &est, &jo).await;
    let path = photos_path(&case, &est, &lines[1]);
    // When the advisor sends a PDF as a JPEG, a text file, and a 10 MB + 1 byte JPEG
    let (_, pdf) = new_photo(&b, &path, "Invoice").await;
    b.upload(&pdf, b"%PDF-1.7 not a photo".to_vec(), "image/jpeg")
        .await;
    let (_, text) = new_photo(&b, &path, "Notes").await;
    b.upload(&text, b"hello".to_vec(), "text/plain").await;
    let (_, big) = new_photo(&b, &path, "Huge").await;
    b.upload(&big, jpeg(10 * 1024 * 1024 + 1), "image/jpeg")
        .await;
    // Then each is refused, saying why, in words the advisor can act on
    let items = listed(&b, &path).await;
    let reasons: Vec<(&str, &str)> = items
        .iter()
        .map(|p| {
            (
                p["status"].as_str().unwrap(),
                p["reason"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(reasons.len(), 3, "{items:?}");
    assert!(reasons.iter().all(|(s, _)| *s == "refused"), "{reasons:?}");
    assert!(reasons[0].1.contains("is not one"), "{reasons:?}");
    assert!(reasons[1].1.contains("JPEG, PNG or HEIC"), "{reasons:?}");
    assert!(reasons[2].1.contains("up to 10 MB"), "{reasons:?}");
    assert!(items.iter().all(|p| p.get("url").is_none()));

    // When a link is used two hours after it was handed out (it works ten minutes)
    let (_, late) = new_photo(&b, &path, "Late").await;
    b.clock.advance(jiff::SignedDuration::from_hours(2));
    let status = b.upload(&late, jpeg(100), "image/jpeg").await;
    // Then the photo is not taken: the local store refuses the PUT (as S3 does); moto takes
    // any PUT, and the check refuses what arrived that late
    let last = listed(&b, &path).await.pop().unwrap();
    if b.name == "embedded" {
        assert_eq!(
            (status, &last["status"]),
            (403, &json!("expired")),
            "{last}"
        );
    } else {
        assert_eq!(last["status"], "refused", "{last}");
        assert!(
            last["reason"].as_str().unwrap().contains("expired"),
            "{last}"
        );
    }
    // And Jo's page shows no photo at all
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let (_, page) = open(&b, &format!("/m/{token}/estimates/{est}")).await;
    assert!(!page.contains("<img"), "{page}");
}

async fn a_photo_is_asked_for_properly(b: TestBackend) {
    // Given an estimate
    let (case, _jo) = case_with_contact(&b).await;
    let (est, lines) = brakes_tyres_wipers(&b, &case, "2 steer tyres").await;
    let path = photos_path(&case, &est, &lines[0]);
    // Then a photo needs a caption (its alt text), of at most 200 characters
    for body in [
        json!({"caption": "  "}),
        json!({"caption": "x".repeat(201)}),
    ] {
        let (s, p) = advisor(&b.app, "POST", &path, Some(body)).await;
        assert_refused(s, &p, 422, "caption");
    }
    let (s, p) = advisor(&b.app, "POST", &path, Some(json!({}))).await;
    assert_refused(s, &p, 400, "caption");
    // And only on a line of the estimate, of the caller's dealer, by the dealer's staff
    let other = photos_path(&case, &est, "no-such-line");
    let (s, _) = advisor(&b.app, "POST", &other, Some(json!({"caption": "x"}))).await;
    assert_eq!(s, 404);
    let (s, _) = user(
        &b.app,
        "POST",
        &path,
        Some(json!({"caption": "x"})),
        ("d2", "advisor", None),
    )
    .await;
    assert_eq!(s, 404, "another dealer's case is not there");
    let (s, _) = user(&b.app, "GET", &path, None, ("d2", "advisor", None)).await;
    assert_eq!(s, 404);
    let (s, _) = user(
        &b.app,
        "POST",
        &path,
        Some(json!({"caption": "x"})),
        ("d1", "oem_admin", Some("oem1")),
    )
    .await;
    assert_eq!(s, 403);
    // And a line holds ten photos at most
    for i in 0..10 {
        new_photo(&b, &path, &format!("Photo {i}")).await;
    }
    let (s, p) = advisor(&b.app, "POST", &path, Some(json!({"caption": "One more"}))).await;
    assert_eq!(s, 409, "{p}");
    assert!(p["detail"].as_str().unwrap().contains("remove one"), "{p}");
}

casebridge_testkit::on_every_backend!(
    the_tyre_photo_reaches_the_fleet_manager_under_its_line,
    what_is_not_a_photo_too_big_or_too_late_never_reaches_the_customer,
    a_photo_is_asked_for_properly,
);
