//! A PDF of every version: the lines as sent, the totals, the decisions and who authorised
//! them; the same figures as the page, from the advisor's API and from the customer's link.

use super::*;
use casebridge_testkit::{pdf_text, post_form};

/// The rows of the page's totals table, as "label: amount".
fn page_totals(page: &str) -> Vec<String> {
    page.split("<th scope=\"row\">")
        .skip(1)
        .filter_map(|row| {
            let (label, rest) = row.split_once("</th><td>")?;
            let (amount, _) = rest.split_once("</td>")?;
            Some(format!("{label}: {amount}"))
        })
        .collect()
}

async fn pdf(b: &TestBackend, path: &str) -> (u16, String, Vec<u8>) {
    let r = common::send_to_api(&b.app, casebridge_testkit::request("GET", path, None)).await;
    let kind = r
        .headers
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.status().as_u16(), kind, r.body.to_vec())
}

async fn each_version_prints_what_it_said_and_what_was_decided_on_it(b: TestBackend) {
    // Given Jo is asked about the brake job, tyres and wipers, and the page shows its totals
    let (case, jo) = case_with_contact(&b).await;
    let (id, ids) = brakes_tyres_wipers(&b, &case, "Tyres").await;
    let ask = || async {
        let (s, _) = advisor(
            &b.app,
            "POST",
            &format!("/v1/cases/{case}/quick-actions"),
            Some(json!({"action": "request_approval", "estimateId": id, "contactIds": [jo]})),
        )
        .await;
        assert_eq!(s, 200);
    };
    ask().await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let (_, page) = open(&b, &format!("/m/{token}/estimates/{id}")).await;
    let link = format!("/m/{token}/estimates/{id}/versions/1/pdf");
    assert!(page.contains(&format!("href=\"{link}\"")), "{page}");
    // When she approves all but the wipers, with her fleet's PO number
    let wipers = &ids[2];
    let (s, _) = post_form(
        &b.app,
        &format!("/m/{token}/estimates/{id}/decisions"),
        &format!(
            "version=1&all=approve&line-{wipers}=decline&reason-{wipers}=have+some&poNumber=PO-9"
        ),
    )
    .await;
    assert_eq!(s, 200);
    // Then the advisor's PDF of version 1 has every figure of the page and the decisions
    let staff = format!("/v1/cases/{case}/estimates/{id}/versions/1/pdf");
    let r = common::send_to_api(
        &b.app,
        casebridge_testkit::as_user(
            casebridge_testkit::request("GET", &staff, None),
            "d1",
            "advisor",
            None,
        ),
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers["content-type"], "application/pdf");
    let text = pdf_text(&r.body);
    let rows = page_totals(&page);
    assert!(rows.len() >= 2, "{rows:?}");
    for row in &rows {
        assert!(text.contains(row.as_str()), "{row:?} in {text}");
    }
    for said in [
        "Estimate, version 1",
        "Case #1001",
        "Brake job \u{2014} $1,200.00",
        "2 \u{d7} $600.00 \u{b7} Labour",
        "Approved: $2,100.00",
        "Jo Fleet declined Wipers (have some) on version 1",
        "Authorised by Jo Fleet, PO PO-9",
    ] {
        assert!(text.contains(said), "{said:?} in {text}");
    }
    // And the customer gets the same PDF from her link
    let (s, kind, body) = pdf(&b, &link).await;
    assert_eq!((s, kind.as_str()), (200, "application/pdf"));
    assert!(pdf_text(&body).contains("Authorised by Jo Fleet, PO PO-9"));
    // When the advisor revises the tyre price and sends version 2
    reprice(&b, &case, &id, 1, 42000).await;
    ask().await;
    // Then version 1 still prints what it said, and version 2 the new price
    let (_, _, v1) = pdf(&b, &link).await;
    assert!(pdf_text(&v1).contains("2 \u{d7} $450.00"));
    let (s, _, v2) = pdf(&b, &format!("/m/{token}/estimates/{id}/versions/2/pdf")).await;
    assert_eq!(s, 200);
    let v2 = pdf_text(&v2);
    assert!(
        v2.contains("2 \u{d7} $420.00") && v2.contains("Decisions on version 2"),
        "{v2}"
    );
    // And a version that does not exist, or another dealer's case, is not found
    let (s, _, body) = pdf(&b, &format!("/m/{token}/estimates/{id}/versions/3/pdf")).await;
    assert_eq!(s, 404);
    assert!(!has_uuid(&visible_text(&String::from_utf8_lossy(&body))));
    let (s, _) = common::user(&b.app, "GET", &staff, None, ("d2", "advisor", None)).await;
    assert_eq!(s, 404);
}

casebridge_testkit::on_every_backend!(each_version_prints_what_it_said_and_what_was_decided_on_it,);
