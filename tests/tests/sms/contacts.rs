//! Contacts: validated, merged, and kept to their customer.

use super::*;

async fn contacts_are_validated_merged_and_kept_to_their_customer(b: TestBackend) {
    let (case, ann, bob, _) = setup(&b).await;
    // Numbers that cannot be read are one clear 422 each
    for bad in [
        "+0123456789",
        "+12",
        "214-555-01",
        "call me",
        "+1 214 555 0100 ext 5",
    ] {
        let (s, p) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "X", "mobile": bad, "smsOptIn": true})),
        )
        .await;
        assert_eq!(
            (s, p["errors"][0]["field"].as_str()),
            (422, Some("mobile")),
            "{bad}: {p}"
        );
        assert_eq!(p["errors"].as_array().unwrap().len(), 1, "{bad}: {p}");
    }
    // Merge Bob into Ann: every case link, and the stricter consent
    advisor(
        &b.app,
        "PATCH",
        &format!("/v1/contacts/{bob}"),
        Some(json!({"smsOptIn": false})),
    )
    .await;
    let (s, merged) = advisor(
        &b.app,
        "POST",
        &format!("/v1/contacts/{bob}/merge"),
        Some(json!({"into": ann})),
    )
    .await;
    assert_eq!(s, 200, "{merged}");
    assert_eq!(merged["smsOptIn"], false, "the stricter consent wins");
    assert!(merged["caseIds"].as_array().unwrap().contains(&json!(case)));
    let (_, on_case) = advisor(&b.app, "GET", &format!("/v1/cases/{case}/contacts"), None).await;
    let ids: Vec<&str> = on_case["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![ann.as_str()], "Bob is gone, Ann holds his links");
    assert_eq!(
        advisor(
            &b.app,
            "POST",
            &format!("/v1/contacts/{ann}/merge"),
            Some(json!({"into": ann}))
        )
        .await
        .0,
        422
    );
    // A contact of another customer can be neither merged in nor invited
    let (_, other) = advisor(
        &b.app,
        "POST",
        "/v1/customers",
        Some(json!({"name": "Other Co"})),
    )
    .await;
    let (_, stranger) = advisor(
        &b.app,
        "POST",
        &format!("/v1/customers/{}/contacts", other["id"].as_str().unwrap()),
        Some(json!({"name": "Stranger", "email": "s@example.test"})),
    )
    .await;
    let stranger = stranger["id"].as_str().unwrap();
    assert_eq!(
        advisor(
            &b.app,
            "POST",
            &format!("/v1/contacts/{stranger}/merge"),
            Some(json!({"into": ann}))
        )
        .await
        .0,
        422
    );
    assert_eq!(
        advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/invitations"),
            Some(json!({"contactId": stranger}))
        )
        .await
        .0,
        422
    );
    // Another dealer sees none of it
    assert_eq!(
        call(
            &b.app,
            "PATCH",
            &format!("/v1/contacts/{ann}"),
            Some(json!({"name": "x"})),
            "d2",
            "advisor",
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        call(
            &b.app,
            "GET",
            &format!("/v1/cases/{case}/contacts"),
            None,
            "d2",
            "advisor",
            None
        )
        .await
        .0,
        404
    );
    // Uninvite, delete
    assert_eq!(
        advisor(
            &b.app,
            "DELETE",
            &format!("/v1/cases/{case}/invitations/{ann}"),
            None
        )
        .await
        .0,
        204
    );
    assert_eq!(
        advisor(
            &b.app,
            "DELETE",
            &format!("/v1/cases/{case}/invitations/{ann}"),
            None
        )
        .await
        .0,
        404
    );
    assert_eq!(
        advisor(&b.app, "DELETE", &format!("/v1/contacts/{ann}"), None)
            .await
            .0,
        204
    );
    assert_eq!(
        advisor(
            &b.app,
            "PATCH",
            &format!("/v1/contacts/{ann}"),
            Some(json!({"name": "x"}))
        )
        .await
        .0,
        404
    );
    // Numbers as people type them are read in the dealer's country and kept in E.164
    // (issue 21: these two were refused before)
    for typed in ["2145550100", "+1 214 555 0100"] {
        let (s, c) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/contacts"),
            Some(json!({"name": "Y", "mobile": typed})),
        )
        .await;
        assert_eq!(
            (s, c["mobile"].as_str()),
            (201, Some("+12145550100")),
            "{typed}: {c}"
        );
    }
}

casebridge_testkit::on_every_backend!(contacts_are_validated_merged_and_kept_to_their_customer,);
