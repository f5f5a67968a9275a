//! A Prokeep thread through the local server: attached, closed, read as a final PDF.

use super::*;

#[tokio::test]
async fn a_thread_goes_from_prokeep_to_a_final_pdf_a_case_user_can_read() {
    let dir = data_dir();
    seed(&dir).await;
    let srv = server::spawn(&dir, 0).await.unwrap();
    let http = casebridge_testkit::http_client();
    let case = "demo-dealer-1-case-1";
    let thread = |state: &str, bodies: &[&str]| {
        let messages: Vec<Value> = bodies
            .iter()
            .enumerate()
            .map(|(i, b)| {
                json!({
            "id": format!("m{i}"), "senderId": if i % 2 == 0 { "c" } else { "a" },
            "sentAt": format!("2026-11-20T14:{i:02}:00Z"), "body": b})
            })
            .collect();
        json!({"channel": "sms", "reference": "PK-77", "state": state, "messages": messages,
            "participants": [{"id": "c", "name": "José Ramírez", "role": "customer"}, {"id": "a", "name": "Dana Ortiz", "role": "advisor"}]})
    };
    // The connector lists the open cases of its dealer
    let now = jiff::Timestamp::now().as_second();
    let list: Value = http
        .get(format!("{}/v1/prokeep/open-cases", srv.base_url))
        .header("x-casebridge-dealer", demo::DEALER_1)
        .header(
            "x-casebridge-signature",
            casebridge_core::auth::signature::sign(
                &demo::demo_connector_secret(demo::DEALER_1),
                now,
                "GET",
                "/v1/prokeep/open-cases",
                b"",
            ),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 3, "{list}");
    // attaches two threads to one case, then one again
    for t in ["th-1", "th-2", "th-1"] {
        let resp = signed_post(&http, format!("{}/v1/prokeep/threads/{t}/attachments", srv.base_url), demo::DEALER_1,
            &json!({"caseId": case, "thread": thread("open", &["Is the truck ready?", "Not yet, waiting on a part."])})).send().await.unwrap();
        assert!(resp.status().is_success(), "{}", resp.text().await.unwrap());
    }
    // and closes the first with its final snapshot
    let final_bodies = [
        "Is the truck ready?",
        "Not yet, waiting on a part.",
        "Part arrived — it’s ready at 4 pm.",
        "Great, on my way 🚚",
        "你好，我的卡车修好了吗？",
        "أنا في الطريق إليك",
    ];
    let closed: Value = signed_post(
        &http,
        format!("{}/v1/prokeep/threads/th-1/close", srv.base_url),
        demo::DEALER_1,
        &json!({"thread": thread("closed", &final_bodies)}),
    )
    .send()
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    assert_eq!(closed["attachments"][0]["state"], "final", "{closed}");
    // The advisor sees two transcripts, the first final, and downloads it
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let list: Value = http
        .get(format!("{}/v1/cases/{case}/attachments", srv.base_url))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{list}");
    let th1 = items.iter().find(|a| a["threadId"] == "th-1").unwrap();
    assert_eq!(
        (th1["state"].as_str(), th1["version"].as_u64()),
        (Some("final"), Some(2))
    );
    let pdf = http
        .get(format!(
            "{}/v1/cases/{case}/attachments/{}/content",
            srv.base_url,
            th1["id"].as_str().unwrap()
        ))
        .bearer_auth(&advisor)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    // Every message reads back as written: emoji, Chinese and Arabic as text (pdftotext
    // marks a right-to-left run with embedding characters of its own).
    let text = pdftotext(&pdf).replace(['\u{202B}', '\u{202C}'], "");
    for body in &final_bodies {
        assert!(text.contains(body), "{body:?} missing from:\n{text}");
    }
    assert!(!text.contains("[U+"), "{text}");
    assert!(
        text.contains("America/Chicago") && text.contains("Fri Nov 20, 2026, 8:00:00 AM CST"),
        "{text}"
    );
    assert!(
        text.contains("Page 1 of 1") && text.contains("José Ramírez"),
        "{text}"
    );
    srv.stop().await.unwrap();
}
