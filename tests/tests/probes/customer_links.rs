//! The customer's links: a cut tag opens nothing, a link stops when its contact leaves or
//! the case is long closed, and the page is safe to show.

use super::*;

#[tokio::test]
async fn a_link_whose_tag_is_cut_short_opens_nothing() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let token = link(&b, &case, &ann).await;
    assert_eq!(page(&b, &token).await.status(), 200);
    // Given the probe's 1-byte tag (1 in 256 guesses passed): every shortened tag is refused
    let (id, tag) = token.split_once('.').unwrap();
    use base64::Engine as _;
    let tag = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(tag)
        .unwrap();
    for len in [1, 8, 15] {
        let short = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&tag[..len]);
        let r = page(&b, &format!("{id}.{short}")).await;
        assert_eq!(r.status(), 404, "{len}-byte tag");
    }
}

#[tokio::test]
async fn a_link_stops_opening_when_its_contact_leaves_the_case_or_the_case_is_long_closed() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let bob = contact_on(&b, &case, "Bob Driver", "+12145550102").await;
    let cy = contact_on(&b, &case, "Cy Fleet", "+12145550103").await;
    let dee = contact_on(&b, &case, "Dee Fleet", "+12145550104").await;
    let (ann_link, bob_link, cy_link) = (
        link(&b, &case, &ann).await,
        link(&b, &case, &bob).await,
        link(&b, &case, &cy).await,
    );
    for t in [&ann_link, &bob_link, &cy_link] {
        assert_eq!(page(&b, t).await.status(), 200);
    }
    // When Ann is uninvited, Bob deleted and Cy merged into Dee (the same person)
    let (s, _) = advisor(
        &b.app,
        "DELETE",
        &format!("/v1/cases/{case}/invitations/{ann}"),
        None,
    )
    .await;
    assert_eq!(s, 204);
    let (s, _) = advisor(&b.app, "DELETE", &format!("/v1/contacts/{bob}"), None).await;
    assert_eq!(s, 204);
    let (s, m) = advisor(
        &b.app,
        "POST",
        &format!("/v1/contacts/{cy}/merge"),
        Some(json!({"into": dee})),
    )
    .await;
    assert_eq!(s, 200, "{m}");
    // Then none of their old links opens the case
    for (who, t) in [
        ("uninvited", &ann_link),
        ("deleted", &bob_link),
        ("merged", &cy_link),
    ] {
        let r = page(&b, t).await;
        assert_eq!(r.status(), 403, "{who}: {}", r.text());
        assert!(r.text().contains("no longer opens"), "{who}");
    }
    // A link of an invited contact opens until the case has been closed a few days
    let dee_link = link(&b, &case, &dee).await;
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "closed"})),
    )
    .await;
    assert_eq!(s, 200);
    b.clock.advance(jiff::SignedDuration::from_hours(
        24 * (links::CLOSED_CASE_LINK_DAYS - 1),
    ));
    assert_eq!(
        page(&b, &dee_link).await.status(),
        200,
        "just closed: still readable"
    );
    b.clock.advance(jiff::SignedDuration::from_hours(48));
    assert_eq!(
        page(&b, &dee_link).await.status(),
        403,
        "closed for days: revoked"
    );
}

#[tokio::test]
async fn the_mobile_page_carries_security_headers() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let r = page(&b, &link(&b, &case, &ann).await).await;
    assert_eq!(r.status(), 200);
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"),
        "{csp}"
    );
    for (name, value) in [
        ("x-frame-options", "DENY"),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
    ] {
        assert_eq!(
            h.get(name).and_then(|v| v.to_str().ok()),
            Some(value),
            "{name}"
        );
    }
    assert!(h.contains_key("strict-transport-security"));
}

#[tokio::test]
async fn the_mobile_page_shows_external_notes_behind_150_newer_internal_ones() {
    let b = TestBackend::embedded();
    let (case, ann) = case_with_ann(&b).await;
    let notes = format!("/v1/cases/{case}/notes");
    let (s, _) = advisor(
        &b.app,
        "POST",
        &notes,
        Some(json!({"text": "Turbo replaced, ready Friday", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, 201);
    for i in 0..150 {
        b.clock.advance(jiff::SignedDuration::from_secs(1));
        let (s, _) = advisor(
            &b.app,
            "POST",
            &notes,
            Some(json!({"text": format!("internal {i}")})),
        )
        .await;
        assert_eq!(s, 201);
    }
    let html = page(&b, &link(&b, &case, &ann).await).await.text();
    assert!(html.contains("Turbo replaced, ready Friday"), "{html}");
    assert!(!html.contains("internal 1"), "internal notes stay internal");
}

// ------------------------------------------------------------ connector signatures
