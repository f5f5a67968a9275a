//! A thread's transcript on the case page: listed as a draft, opened from its link, and
//! shown to the customer (external) or kept internal by the advisor.

use super::*;
use casebridge_testkit::client::thread;
use casebridge_testkit::connector;

#[tokio::test]
async fn a_transcript_attached_by_the_connector_is_opened_and_made_external_from_the_case_page() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    // Given Prokeep attached thread PK-1 to the case
    let body = serde_json::to_vec(
        &json!({"caseId": case, "thread": thread("open", &["Truck is in", "Thanks"])}),
    )
    .unwrap();
    let attached = connector(
        &b.app,
        "POST",
        "/v1/prokeep/threads/PK-1/attachments",
        &body,
    )
    .await;
    assert_eq!(attached.status(), 201, "{}", attached.text());
    // Then the case page lists its transcript as a draft, internal
    let page_path = format!("/console/cases/{case}");
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    let section = &page[page.find("<h2>Attachments</h2>").expect("the section")..];
    assert!(
        section.contains("Draft") && section.contains("Internal"),
        "{section}"
    );
    let open_at = section.find("/attachments/").unwrap();
    let link = &section[section[..open_at].rfind('"').unwrap() + 1
        ..open_at + section[open_at..].find('"').unwrap()];
    // When the advisor opens it, Then the browser is sent to its download link
    let opened = send(console(&b.app), get(link, &me)).await;
    assert_eq!(opened.status(), 303, "{}", opened.text());
    assert!(!location(&opened).is_empty());
    // When the advisor shows it to the customer
    let shown = send_form(
        &b.app,
        &me,
        &page_path,
        &link.replace("/content", "/visibility"),
        &[("visibility", "external")],
    )
    .await;
    assert_eq!(shown.status(), 303, "{}", shown.text());
    // Then it is external, as the API says too
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(page.contains("External (on the customer's page)"), "{page}");
    let listed = api_get(&b.app, &format!("/v1/cases/{case}/attachments")).await;
    assert_eq!(listed["items"][0]["visibility"], "external", "{listed}");
}
