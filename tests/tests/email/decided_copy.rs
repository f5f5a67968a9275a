//! After Jo decides an estimate on the page she gets a copy by email: what is approved and a
//! link to the decided version's PDF. Nobody is texted about it, and a decision an advisor
//! records for her sends nothing.

use super::*;

async fn jo_gets_the_decided_version_by_email_with_its_pdf(b: TestBackend) {
    // Given Jo (who takes email) is asked about an estimate
    let (case, jo, _, _) = case_with_fleet_contacts(&b).await;
    let (s, est) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/estimates"),
        Some(json!({"lines": [
            {"kind": "labor", "description": "Brake job", "quantity": 2, "unitPriceCents": 60000},
            {"kind": "part", "description": "Wipers", "quantity": 2, "unitPriceCents": 1500}
        ]})),
    )
    .await;
    assert_eq!(s, 201, "{est}");
    let id = est["id"].as_str().unwrap().to_string();
    let (s, _) = advisor(
        &b.app,
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
    )
    .await;
    assert_eq!(s, 200);
    let seen = notify_since(&b, 0).await;
    let (emails_before, texts_before) = (b.emails().await.len(), b.texts().await.len());
    // When she approves all on the page
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let (s, _) = casebridge_testkit::post_form(
        &b.app,
        &format!("/m/{token}/estimates/{id}/decisions"),
        "version=1&all=approve",
    )
    .await;
    assert_eq!(s, 200);
    notify_since(&b, seen).await;
    // Then one email reaches her with the approved amount and the version's PDF link, and
    // no text goes
    let emails = b.emails().await;
    let new: Vec<_> = emails.iter().skip(emails_before).collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert_eq!(new[0].to, JO_EMAIL);
    assert!(
        new[0]
            .subject
            .contains("your decisions on estimate version 1 are recorded: $1,230.00 approved"),
        "{}",
        new[0].subject
    );
    let html = &new[0].html;
    let url = html
        .split("href=\"")
        .filter_map(|h| h.split('"').next())
        .find(|h| h.ends_with("/pdf"))
        .unwrap_or_else(|| panic!("no PDF link in {html}"))
        .to_string();
    assert!(html.contains("Your copy as a PDF"), "{html}");
    assert!(
        url.ends_with(&format!("/estimates/{id}/versions/1/pdf")),
        "{url}"
    );
    assert_eq!(
        b.texts().await.len(),
        texts_before,
        "nobody is texted about it"
    );
    // And the link opens the PDF
    let path = &url[url.find("/m/").unwrap()..];
    let r = casebridge_testkit::send_to_api(&b.app, request("GET", path, None)).await;
    assert_eq!(r.status().as_u16(), 200);
    assert!(casebridge_testkit::pdf_text(&r.body).contains("Approved: $1,230.00"));
}

casebridge_testkit::on_every_backend!(jo_gets_the_decided_version_by_email_with_its_pdf,);
