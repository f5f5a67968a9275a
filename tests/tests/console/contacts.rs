//! A contact created from the case page and invited, as the seeds say ("by the Case
//! Information page"): then an external note reaches them, and the advisor is told so.

use super::*;

#[tokio::test]
async fn a_contact_added_on_the_case_page_and_invited_hears_of_the_next_external_note() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let page_path = format!("/console/cases/{case}");
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(page.contains("nobody hears of it"), "{page}");
    // When the advisor adds Jo Fleet, who agreed to texts, as an "other" contact
    let added = send(
        console(&b.app),
        post(
            &format!("{page_path}/contacts"),
            &me,
            &[
                ("csrf", &csrf_of(&page)),
                ("name", "Jo Fleet"),
                ("mobile", "214-555-0100"),
                ("smsOptIn", "true"),
                ("email", ""),
                ("caseRole", "other"),
            ],
        ),
    )
    .await;
    assert_eq!(added.status(), 303, "{}", added.text());
    // Then Jo is listed, by the number as stored, and does not hear of the case until invited
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("Jo Fleet")
            && page.contains("+12145550100")
            && page.contains("Invite Jo Fleet"),
        "{page}"
    );
    let contacts = api_get(&b.app, &format!("/v1/cases/{case}/contacts")).await;
    let jo = contacts["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(contacts["items"][0]["recipient"], false);
    // When the advisor invites Jo
    let invited = send(
        console(&b.app),
        post(
            &format!("{page_path}/invitations"),
            &me,
            &[("csrf", &csrf_of(&page)), ("contactId", &jo)],
        ),
    )
    .await;
    assert_eq!(invited.status(), 303, "{}", invited.text());
    // Then an external note says one recipient will hear of it, and Jo is texted
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(!page.contains("Invite Jo Fleet"), "{page}");
    let noted = send(
        console(&b.app),
        post(
            &format!("{page_path}/notes"),
            &me,
            &[
                ("csrf", &csrf_of(&page)),
                ("text", "Your truck is ready at 4"),
                ("visibility", "external"),
            ],
        ),
    )
    .await;
    let said = send(console(&b.app), get(&location(&noted), &me))
        .await
        .text();
    assert!(said.contains("1 recipient will hear of it"), "{said}");
    // When case-notify has run on what happened (as the events topic runs it)
    for e in b.events.events() {
        b.notify(&e).await.unwrap();
    }
    // Then the delivery log on the case page says Jo was texted, at which number
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    let log = &page[page.find("Delivery log").expect("the log")..];
    assert!(
        log.contains("Jo Fleet (+12145550100)") && log.contains("Text") && log.contains("Sent"),
        "{log}"
    );
}

#[tokio::test]
async fn a_mobile_that_cannot_be_texted_is_refused_naming_the_field_and_nothing_is_added() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let r = send_form(
        &b.app,
        &me,
        &format!("/console/cases/{case}"),
        &format!("/console/cases/{case}/contacts"),
        &[
            ("name", "Jo Fleet"),
            ("mobile", "call me"),
            ("smsOptIn", "true"),
            ("caseRole", "other"),
        ],
    )
    .await;
    assert_eq!(r.status(), 422, "as the API answers it");
    assert!(
        r.text().contains("mobile") && r.text().contains("214-555-0100"),
        "{}",
        r.text()
    );
    assert_eq!(
        api_get(&b.app, &format!("/v1/cases/{case}/contacts")).await["items"],
        json!([])
    );
}

#[tokio::test]
async fn a_quick_action_tells_only_the_recipients_the_advisor_leaves_ticked() {
    let b = TestBackend::embedded();
    let (case, me) = an_advisor_of_d1_on_a_new_case(&b).await;
    let page_path = format!("/console/cases/{case}");
    // Given Jo (primary contact) and Sam (driver) both hear of the case
    for (name, mobile, role) in [
        ("Jo Fleet", "214-555-0100", "primary"),
        ("Sam Driver", "214-555-0111", "driver"),
    ] {
        let added = send_form(
            &b.app,
            &me,
            &page_path,
            &format!("{page_path}/contacts"),
            &[
                ("name", name),
                ("mobile", mobile),
                ("smsOptIn", "true"),
                ("caseRole", role),
            ],
        )
        .await;
        assert_eq!(added.status(), 303, "{}", added.text());
    }
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(
        page.contains("Quick Actions") && page.contains("Asset Ready"),
        "{page}"
    );
    let people = api_get(&b.app, &format!("/v1/cases/{case}/contacts")).await;
    let id_of = |name: &str| {
        people["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let jo = id_of("Jo Fleet");
    let from = b.events.events().len();
    // When the advisor clicks Asset Ready with only Jo ticked
    let moved = send_form(
        &b.app,
        &me,
        &page_path,
        &format!("{page_path}/quick-actions"),
        &[("contact", &jo), ("action", "asset_ready")],
    )
    .await;
    assert_eq!(moved.status(), 303, "{}", moved.text());
    for e in b.events.events().into_iter().skip(from) {
        b.notify(&e).await.unwrap();
    }
    // Then the case is Asset Ready, Jo is texted and Sam is not
    let page = send(console(&b.app), get(&page_path, &me)).await.text();
    assert!(page.contains("<strong>Asset Ready</strong>"), "{page}");
    let log = &page[page.find("Delivery log").expect("the log")..];
    assert!(log.contains("Jo Fleet (+12145550100)"), "{log}");
    assert!(!log.contains("Sam Driver"), "{log}");
}
