//! Authorisation recorded: who authorised the work (the contact's name unless they type
//! another), a purchase-order number where the dealer requires one to approve work, and the
//! sentence they agreed to, kept with each decision and shown to the advisor.

use super::*;
use casebridge_testkit::post_form;

/// Dealer d1 requires a PO number and words its own sentence; Jo is asked about the brake
/// job, tyres and wipers. Answers (case, estimate id, line ids, link token).
async fn asked_where_a_po_is_required(b: &TestBackend) -> (String, String, Vec<String>, String) {
    let (case, jo) = case_with_contact(b).await;
    let (s, v) = common::user(
        &b.app,
        "PATCH",
        "/v1/dealers/d1/settings",
        Some(json!({"poNumberRequired": true,
            "authorisationText": "I authorise the work I approve and will pay on the PO given."})),
        ("d1", "dealer_admin", None),
    )
    .await;
    assert_eq!(s, 200, "{v}");
    let (id, ids) = brakes_tyres_wipers(b, &case, "Tyres").await;
    ask_approval(b, &case, &id, &jo).await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    (case, id, ids, token)
}

async fn a_fleet_that_requires_a_po_number_authorises_work_with_one(b: TestBackend) {
    let (case, id, _, token) = asked_where_a_po_is_required(&b).await;
    // When Jo opens the estimate, the form asks her name (hers already) and the PO number
    let (s, page) = open(&b, &format!("/m/{token}/estimates/{id}")).await;
    assert_eq!(s, 200, "{page}");
    assert!(
        page.contains("name=\"approver\" value=\"Jo Fleet\""),
        "{page}"
    );
    assert!(
        page.contains("name=\"poNumber\" maxlength=\"64\" required"),
        "{page}"
    );
    assert!(page.contains("I authorise the work I approve and will pay on the PO given."));
    // When she approves all without a PO number, with an empty name, or with a PO number
    // over 64 characters, each is refused by name and nothing is recorded
    let decide = format!("/m/{token}/estimates/{id}/decisions");
    for (body, says) in [
        (
            "version=1&all=approve&approver=Jo+Fleet".to_string(),
            "purchase-order (PO) number",
        ),
        (
            "version=1&all=approve&approver=+&poNumber=PO-1".to_string(),
            "write your full name",
        ),
        (
            format!("version=1&all=approve&poNumber={}", "P".repeat(65)),
            "at most 64 characters",
        ),
    ] {
        let (s, p) = post_form(&b.app, &decide, &body).await;
        assert_eq!(s, 422, "{body}: {p}");
        assert!(p.contains(says), "{says:?} in {p}");
    }
    let history = format!("/v1/cases/{case}/estimates/{id}/history");
    let (_, h) = advisor(&b.app, "GET", &history, None).await;
    assert_eq!(h["decisions"], json!([]), "{h}");
    // When her fleet manager, Sam Boss, approves all on her phone with the fleet's PO
    let (s, thanks) = post_form(
        &b.app,
        &decide,
        "version=1&all=approve&approver=Sam+Boss&poNumber=PO-4471",
    )
    .await;
    // Then the thank-you page says who authorised it and with which PO
    assert_eq!(s, 200, "{thanks}");
    assert!(
        thanks.contains("Authorised by Sam Boss, PO PO-4471."),
        "{thanks}"
    );
    // And each decision keeps the authorisation, the version's digest and the sentence
    let (_, h) = advisor(&b.app, "GET", &history, None).await;
    let decisions = h["decisions"].as_array().unwrap();
    assert_eq!(decisions.len(), 3, "{h}");
    for d in decisions {
        assert_eq!(d["by"]["name"], "Jo Fleet", "the link's contact sent it");
        assert_eq!(
            d["authorisation"],
            json!({"approver": "Sam Boss", "poNumber": "PO-4471",
                "statement": "I authorise the work I approve and will pay on the PO given."})
        );
        assert_eq!(d["digest"], h["versions"][0]["digest"]);
    }
    // And the advisor's note and the estimate's history say so
    let (_, notes) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/notes"), None).await;
    assert!(
        notes["items"].as_array().unwrap().iter().any(|n| n["text"]
            == "Jo Fleet approved 3 lines \u{2014} $2,130.00 approved; authorised by Sam Boss; PO PO-4471"),
        "{notes}"
    );
    let (_, page) = open(&b, &format!("/m/{token}/estimates/{id}")).await;
    assert!(
        page.contains("Authorised by Sam Boss (PO PO-4471)"),
        "{page}"
    );
}

async fn declining_needs_no_po_and_an_advisor_records_the_po_given_by_phone(b: TestBackend) {
    let (case, id, ids, token) = asked_where_a_po_is_required(&b).await;
    // When Jo declines the wipers without a PO number, it is recorded
    let decide = format!("/m/{token}/estimates/{id}/decisions");
    let wipers = &ids[2];
    let (s, thanks) = post_form(&b.app, &decide, &format!("version=1&line-{wipers}=decline")).await;
    assert_eq!(s, 200, "{thanks}");
    // When the advisor records the rest for her without the PO, it is refused by name
    let decisions = format!("/v1/cases/{case}/estimates/{id}/decisions");
    let approve = |po: Option<&str>| {
        let mut body = json!({"version": 1, "lines": [
            {"lineId": ids[0], "decision": "approve", "reason": "approved by phone"},
            {"lineId": ids[1], "decision": "approve", "reason": "approved by phone"}
        ], "approver": "Jo Fleet"});
        if let Some(po) = po {
            body["poNumber"] = json!(po);
        }
        body
    };
    let (s, p) = advisor(&b.app, "POST", &decisions, Some(approve(None))).await;
    assert_eq!(s, 422, "{p}");
    assert_eq!(p["errors"][0]["field"], "poNumber", "{p}");
    // With the PO Jo read out, it is recorded with the name and PO, and no sentence (Jo
    // agreed to none on a page)
    let (s, e) = advisor(&b.app, "POST", &decisions, Some(approve(Some("PO-88")))).await;
    assert_eq!(s, 200, "{e}");
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{id}/history"),
        None,
    )
    .await;
    let last = h["decisions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["channel"], "staff");
    assert_eq!(
        last["authorisation"],
        json!({"approver": "Jo Fleet", "poNumber": "PO-88"})
    );
}

async fn approve_all_on_an_old_version_is_refused_and_shows_the_current_one(b: TestBackend) {
    let (case, id, _, token) = asked_where_a_po_is_required(&b).await;
    // Given the advisor revised a price and sent version 2
    let est = reprice(&b, &case, &id, 1, 42000).await;
    let jo = est["versions"][0]["askedContacts"][0]["id"]
        .as_str()
        .unwrap();
    ask_approval(&b, &case, &id, jo).await;
    // When Jo sends "approve all" from the page of version 1
    let (s, page) = post_form(
        &b.app,
        &format!("/m/{token}/estimates/{id}/decisions"),
        "version=1&all=approve&poNumber=PO-1",
    )
    .await;
    // Then nothing is recorded, and she sees version 2 to decide, with no id said
    assert_eq!(s, 409, "{page}");
    assert!(page.contains("Nothing was recorded") && page.contains("Estimate, version 2"));
    assert!(!has_uuid(&visible_text(&page)), "{page}");
    let (_, h) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{id}/history"),
        None,
    )
    .await;
    assert_eq!(h["decisions"], json!([]));
}

casebridge_testkit::on_every_backend!(
    a_fleet_that_requires_a_po_number_authorises_work_with_one,
    declining_needs_no_po_and_an_advisor_records_the_po_given_by_phone,
    approve_all_on_an_old_version_is_refused_and_shows_the_current_one,
);
