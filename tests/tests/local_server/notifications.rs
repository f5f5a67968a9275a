//! Emails and texts reach the case's recipients through the local server's recording
//! outboxes.

use super::*;

#[tokio::test]
async fn emails_and_texts_reach_the_case_recipients_through_the_local_server() {
    use casebridge_infra::local::{email_outbox, sms_outbox};
    use reqwest::Method as M;
    // Given the demo data, an advisor of demo-dealer-1 and the local server
    // (the local carrier cannot reach the yard's phone; nextest runs each test in its own
    // process, so the variable is this test's alone)
    std::env::set_var("CASEBRIDGE_SMS_UNREACHABLE", "+12145550104");
    let dir = data_dir();
    seed(&dir).await;
    let advisor = token(&dir, demo::DEALER_1, Role::Advisor, None);
    let http = casebridge_testkit::http_client();
    let srv = server::spawn(&dir, 0).await.unwrap();
    let url = |p: &str| format!("{}{p}", srv.base_url);
    // When a case is opened with a primary contact (texts and email), a driver (texts only),
    // the fleet's office, whose address bounces (SES's mailbox simulator), and the yard's
    // phone, which the carrier cannot reach
    let (s, case) = send(&http, M::POST, url("/v1/cases"), Some(&advisor), Some(json!({
        "customer": {"name": "Fleet Co"}, "asset": {"unitNumber": "T-680"},
        "contacts": [
            {"name": "Jo Fleet", "mobile": "+12145550101", "email": "jo@fleet.example",
             "smsOptIn": true, "emailOptIn": true, "caseRole": "primary"},
            {"name": "Dave Driver", "mobile": "+12145550102", "smsOptIn": true, "caseRole": "driver"},
            {"name": "Fleet Office", "email": "bounce@simulator.amazonses.com", "emailOptIn": true, "caseRole": "primary"},
            {"name": "Yard Phone", "mobile": "+12145550104", "smsOptIn": true, "caseRole": "driver"},
        ]}))).await;
    assert_eq!(s, StatusCode::CREATED, "{case}");
    let id = case["id"].as_str().unwrap().to_string();
    let dave = case["contacts"][1]["id"].as_str().unwrap().to_string();
    // and the advisor posts an external note
    let (s, _) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/notes")),
        Some(&advisor),
        Some(json!({"text": "Brakes done, ready at 4", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    // Then Jo and Dave are texted and Jo and the office emailed, without an invitation
    let texts = outbox_lines(&sms_outbox(&dir), 2).await;
    let mut to: Vec<&str> = texts.iter().map(|t| t["to"].as_str().unwrap()).collect();
    to.sort();
    assert_eq!(to, vec!["+12145550101", "+12145550102"]);
    // and the text the carrier refused is a note on the case
    let mut noted = Vec::new();
    for _ in 0..100 {
        let (_, notes) = send(
            &http,
            M::GET,
            url(&format!("/v1/cases/{id}/notes")),
            Some(&advisor),
            None,
        )
        .await;
        noted = notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["source"] == "system" && n["visibility"] == "internal")
            .map(|n| n["text"].as_str().unwrap().to_string())
            .collect::<Vec<_>>();
        if !noted.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(noted.len(), 1, "{noted:?}");
    assert!(
        noted[0].starts_with("Text to Yard Phone failed: number unreachable"),
        "{noted:?}"
    );
    let emails = outbox_lines(&email_outbox(&dir), 2).await;
    let jo = emails
        .iter()
        .find(|e| e["to"] == "jo@fleet.example")
        .unwrap();
    assert!(
        jo["subject"]
            .as_str()
            .unwrap()
            .starts_with("Demo Truck Center Dallas: case #"),
        "{jo}"
    );
    assert!(
        jo["text"]
            .as_str()
            .unwrap()
            .contains("Brakes done, ready at 4"),
        "{jo}"
    );
    assert!(
        jo["html"]
            .as_str()
            .unwrap()
            .contains("Brakes done, ready at 4"),
        "{jo}"
    );
    assert_eq!(
        jo["headers"]["List-Unsubscribe-Post"],
        "List-Unsubscribe=One-Click"
    );
    let unsubscribe = jo["headers"]["List-Unsubscribe"].as_str().unwrap();
    let unsubscribe = unsubscribe
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    assert!(
        unsubscribe.starts_with(&url("/e/unsubscribe/")),
        "{unsubscribe}"
    );

    // When a Quick Action goes to the driver only
    let (s, moved) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/quick-actions")),
        Some(&advisor),
        Some(json!({"action": "check_in", "contactIds": [dave]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    // Then only Dave hears of it
    let texts = outbox_lines(&sms_outbox(&dir), 3).await;
    assert_eq!(texts[2]["to"], "+12145550102");
    assert!(texts[2]["body"].as_str().unwrap().contains("checked in"));

    // When Jo's mail client posts the one-click unsubscribe
    let resp = http
        .post(&unsubscribe)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    // and SES's simulator has bounced the office's email
    let log_url = url(&format!("/v1/cases/{id}/notifications"));
    let mut bounced = None;
    for _ in 0..100 {
        let (_, log) = send(&http, M::GET, log_url.clone(), Some(&advisor), None).await;
        bounced = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["to"] == "bounce@simulator.amazonses.com" && e["status"] == "failed")
            .cloned();
        if bounced.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let bounced = bounced.expect("the simulated bounce reaches the delivery log");
    assert!(
        bounced["detail"].as_str().unwrap().contains("user unknown"),
        "{bounced}"
    );
    // Then the next note texts Jo but emails nobody, and the log says why
    let (s, _) = send(
        &http,
        M::POST,
        url(&format!("/v1/cases/{id}/notes")),
        Some(&advisor),
        Some(json!({"text": "Invoice attached at pickup", "visibility": "external"})),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED);
    let texts = outbox_lines(&sms_outbox(&dir), 5).await;
    assert!(texts[3..].iter().any(|t| t["to"] == "+12145550101"));
    let mut statuses = Vec::new();
    for _ in 0..100 {
        let (_, log) = send(&http, M::GET, log_url.clone(), Some(&advisor), None).await;
        statuses = log["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["channel"] == "email")
            .map(|e| {
                (
                    e["contactName"].as_str().unwrap().to_string(),
                    e["status"].as_str().unwrap().to_string(),
                )
            })
            .collect::<Vec<_>>();
        if statuses.len() == 4 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    statuses.sort();
    assert_eq!(
        statuses,
        vec![
            ("Fleet Office".to_string(), "failed".to_string()),
            ("Fleet Office".to_string(), "suppressed".to_string()),
            ("Jo Fleet".to_string(), "opted_out".to_string()),
            ("Jo Fleet".to_string(), "sent".to_string()),
        ]
    );
    assert_eq!(
        outbox_lines(&email_outbox(&dir), 2).await.len(),
        2,
        "no email after the stop"
    );
    // And the contacts say why they get no email
    let (_, contacts) = send(
        &http,
        M::GET,
        url(&format!("/v1/cases/{id}/contacts")),
        Some(&advisor),
        None,
    )
    .await;
    let reasons: Vec<Value> = contacts["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["emailStopped"]["reason"].clone())
        .collect();
    assert_eq!(
        reasons,
        vec![
            json!("unsubscribed"),
            Value::Null,
            json!("bounced"),
            Value::Null
        ]
    );
    // and the delivery log shows the refused texts as failed, once per note
    let (_, log) = send(&http, M::GET, log_url.clone(), Some(&advisor), None).await;
    let yard: Vec<(&str, &str)> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["contactName"] == "Yard Phone")
        .map(|e| (e["status"].as_str().unwrap(), e["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(
        yard,
        vec![
            ("failed", "number unreachable"),
            ("failed", "number unreachable")
        ]
    );
    srv.stop().await.unwrap();
}
