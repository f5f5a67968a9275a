//! Quicker to decide: approve (or decline) every line at once, and change one of them.

use super::*;
use casebridge_testkit::post_form;

async fn approve_all_but_one_line_on_the_page(b: TestBackend) {
    // Given Jo is asked about a brake job, tyres and wipers
    let (case, jo) = case_with_contact(&b).await;
    let (id, ids) = brakes_tyres_wipers(&b, &case, "Tyres").await;
    ask_approval(&b, &case, &id, &jo).await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&b.app, &case, &jo).await;
    let decide = format!("/m/{token}/estimates/{id}/decisions");
    // When Jo chooses "approve all", a choice nobody can send ("maybe") is refused by name
    let (s, page) = post_form(&b.app, &decide, "version=1&all=maybe").await;
    assert_eq!(s, 422, "{page}");
    assert!(page.contains("approve all or decline all"), "{page}");
    // And approve all, but declines the wipers with a reason
    let wipers = &ids[2];
    let (s, thanks) = post_form(
        &b.app,
        &decide,
        &format!("version=1&all=approve&line-{wipers}=decline&reason-{wipers}=had+some"),
    )
    .await;
    // Then the brake job and the tyres are approved, the wipers declined with the reason
    assert_eq!(s, 200, "{thanks}");
    assert!(
        thanks.contains("Approved: <strong>$2,100.00</strong>"),
        "{thanks}"
    );
    let (_, est) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{id}"),
        None,
    )
    .await;
    let statuses: Vec<(&str, Option<&str>)> = est["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["approval"]["status"].as_str().unwrap(),
                l["approval"]["reason"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("approved", None),
            ("approved", None),
            ("declined", Some("had some"))
        ]
    );
    // When the advisor revises the tyres and Jo sends "approve all" from the old page
    reprice(&b, &case, &id, 1, 42000).await;
    let (s, page) = post_form(&b.app, &decide, "version=1&all=approve").await;
    // Then nothing is recorded: the page says the estimate changed
    assert_eq!(s, 409, "{page}");
    assert!(
        page.contains("Nothing was recorded: version 1 of this estimate is no longer current"),
        "{page}"
    );
    let notice = &page[page.find("Nothing was recorded").unwrap()..];
    let notice = &notice[..notice.find("</strong>").unwrap()];
    assert!(
        !notice.contains(id.as_str()),
        "no id in what the customer reads: {notice}"
    );
    let (_, after) = advisor(
        &b.app,
        "GET",
        &format!("/v1/cases/{case}/estimates/{id}"),
        None,
    )
    .await;
    assert_eq!(after["lines"][1]["approval"]["status"], "requested");
}

casebridge_testkit::on_every_backend!(approve_all_but_one_line_on_the_page);
