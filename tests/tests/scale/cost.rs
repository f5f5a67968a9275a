//! What each operation of a dealer's day costs, as AWS would bill it: an advisor's case from
//! opening to the customer's decision, a Prokeep thread as a PDF, a parts escalation and the
//! counter's claim, the customer's reply, and the functions each event invokes. Each step runs
//! once through the routes (or the handler its event reaches) over a metered App; the table
//! is printed and written to `target/cost/operations.json`, which `bench/cost-estimate.py`
//! prices for a month.

use casebridge_core::notifications::{notify_case_event, LOCAL_BUDGET};
use casebridge_core::ports::functions;
use casebridge_core::App;
use casebridge_testkit::cost::{Cost, Meter};
use casebridge_testkit::{connector, post_form, seed_dealers, user, TestBackend};
use serde_json::{json, Value};

use super::common::thread;

/// One step of the day, and what it cost.
struct Step {
    name: &'static str,
    cost: Cost,
}

struct Day<'a> {
    b: &'a TestBackend,
    app: App,
    meter: std::sync::Arc<Meter>,
    steps: Vec<Step>,
    seen: usize,
}

impl Day<'_> {
    /// The cost since the last step, booked to `name`.
    fn book(&mut self, name: &'static str) {
        self.steps.push(Step {
            name,
            cost: self.meter.take(),
        });
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let (s, v) = user(&self.app, method, path, body, ("d1", "advisor", None)).await;
        assert!((200..300).contains(&s), "{method} {path}: {s} {v}");
        v
    }

    /// case-notify on every event published since the last time, as the topic invokes it.
    async fn notify(&mut self, name: &'static str) {
        let notify = self.app.as_function(&functions::CASE_NOTIFY);
        let events = self.b.events.events();
        for e in &events[self.seen..] {
            notify_case_event(&notify, e, LOCAL_BUDGET).await.unwrap();
        }
        self.seen = events.len();
        self.book(name);
    }
}

async fn advisors_case(day: &mut Day<'_>) -> (String, String, String) {
    let case = day
        .call(
            "POST",
            "/v1/cases",
            Some(json!({"customer": {"name": "Fleet Co"},
            "asset": {"unitNumber": "T-7", "vin": "1XKYD49X0MJ441256"}})),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    day.book("POST /v1/cases (open a case)");
    let jo = day
        .call("POST", &format!("/v1/cases/{case}/contacts"), Some(json!({"name": "Jo Fleet",
            "mobile": "+12145550123", "email": "jo@fleet.example", "smsOptIn": true, "emailOptIn": true})))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    day.book("POST /v1/cases/{caseId}/contacts");
    day.call(
        "POST",
        &format!("/v1/cases/{case}/invitations"),
        Some(json!({"contactId": jo})),
    )
    .await;
    day.book("POST /v1/cases/{caseId}/invitations");
    day.notify("case-notify: the invitation").await;
    day.call(
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Brakes next, then the tyres", "visibility": "external"})),
    )
    .await;
    day.book("POST /v1/cases/{caseId}/notes (external)");
    day.notify("case-notify: an external note (text and email)")
        .await;
    day.call(
        "POST",
        &format!("/v1/cases/{case}/notes"),
        Some(json!({"text": "Call first"})),
    )
    .await;
    day.book("POST /v1/cases/{caseId}/notes (internal)");
    day.call("GET", &format!("/v1/cases/{case}"), None).await;
    day.book("GET /v1/cases/{caseId}");
    day.call("GET", &format!("/v1/cases/{case}/notes"), None)
        .await;
    day.book("GET /v1/cases/{caseId}/notes");
    day.call(
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "asset_ready"})),
    )
    .await;
    day.book("POST /v1/cases/{caseId}/status");
    day.notify("case-notify: a status change").await;
    let estimate = day
        .call(
            "POST",
            &format!("/v1/cases/{case}/estimates"),
            Some(json!({"lines": [
            {"kind": "labor", "description": "Brake job", "quantity": 2.0, "unitPriceCents": 60000},
            {"kind": "part", "description": "Tyres", "quantity": 2.0, "unitPriceCents": 45000}]})),
        )
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    day.book("POST /v1/cases/{caseId}/estimates");
    (case, jo, estimate)
}

async fn customers_decision(day: &mut Day<'_>, case: &str, jo: &str, estimate: &str) {
    day.call(
        "POST",
        &format!("/v1/cases/{case}/quick-actions"),
        Some(json!({
        "action": "request_approval", "estimateId": estimate, "contactIds": [jo]})),
    )
    .await;
    day.book("POST /v1/cases/{caseId}/quick-actions (ask for approval)");
    day.notify("case-notify: the approval request").await;
    let token = casebridge_testkit::fixtures::mobile_link_token(&day.app, case, jo).await;
    day.meter.take();
    let page = casebridge_testkit::send_to_api(
        &day.app,
        casebridge_testkit::request("GET", &format!("/m/{token}"), None),
    )
    .await;
    assert_eq!(page.status().as_u16(), 200);
    day.book("GET /m/{token} (the customer's page)");
    let again = casebridge_testkit::send_to_api(
        &day.app,
        casebridge_testkit::request("GET", &format!("/m/{token}"), None),
    )
    .await;
    assert_eq!(again.status().as_u16(), 200);
    day.book("GET /m/{token} (the page again)");
    let decide = format!("/m/{token}/estimates/{estimate}/decisions");
    let (s, thanks) = post_form(&day.app, &decide, "version=1&all=approve").await;
    assert_eq!(s, 200, "{thanks}");
    day.book("POST /m/{token}/estimates/{estimateId}/decisions");
    day.notify("case-notify: the decision (the decided copy by email)")
        .await;
    let pdf = casebridge_testkit::send_to_api(
        &day.app,
        casebridge_testkit::as_user(
            casebridge_testkit::request(
                "GET",
                &format!("/v1/cases/{case}/estimates/{estimate}/versions/1/pdf"),
                None,
            ),
            "d1",
            "advisor",
            None,
        ),
    )
    .await;
    assert_eq!(pdf.status().as_u16(), 200);
    day.book("GET /v1/cases/{caseId}/estimates/{estimateId}/versions/{n}/pdf");
}

async fn partners(day: &mut Day<'_>, case: &str) {
    let attach =
        json!({"caseId": case, "thread": thread("open", &["Is it ready?", "Tomorrow 9am"])});
    let body = serde_json::to_vec(&attach).unwrap();
    let r = connector(
        &day.app,
        "POST",
        "/v1/prokeep/threads/t1/attachments",
        &body,
    )
    .await;
    assert_eq!(r.status().as_u16(), 201);
    day.book("POST /v1/prokeep/threads/{threadId}/attachments (draft PDF)");
    let close = json!({"thread": thread("closed", &["Is it ready?", "Tomorrow 9am", "Thanks"])});
    let body = serde_json::to_vec(&close).unwrap();
    let r = connector(&day.app, "POST", "/v1/prokeep/threads/t1/close", &body).await;
    assert_eq!(r.status().as_u16(), 200);
    day.book("POST /v1/prokeep/threads/{threadId}/close (final PDF)");
    day.call(
        "POST",
        &format!("/v1/cases/{case}/status"),
        Some(json!({"status": "parts_hold"})),
    )
    .await;
    day.meter.take();
    let request = day
        .call("POST", &format!("/v1/cases/{case}/parts-escalations"), Some(json!({
            "groupId": "parts-counter",
            "lines": [{"partNumber": "TRB-4471", "description": "Turbo actuator", "quantity": 1}]})))
        .await;
    day.book("POST /v1/cases/{caseId}/parts-escalations");
    let escalated = day.b.events.events().last().unwrap().clone();
    casebridge_core::parts::deliver(
        &day.app.as_function(&functions::PROKEEP_DELIVERY),
        &escalated,
        LOCAL_BUDGET,
    )
    .await
    .unwrap();
    day.book("prokeep-delivery: the escalation to Prokeep");
    let id = request["id"].as_str().unwrap();
    let claimed = json!({"eventId": "e1", "type": "claimed", "occurredAt": "2026-11-23T09:05:00Z",
        "actor": {"name": "Pat Counter"}});
    let path = format!("/v1/prokeep/parts-requests/{id}/events");
    let r = connector(
        &day.app,
        "POST",
        &path,
        &serde_json::to_vec(&claimed).unwrap(),
    )
    .await;
    assert_eq!(r.status().as_u16(), 200);
    day.book("POST /v1/prokeep/parts-requests/{requestId}/events (claimed)");
    day.seen = day.b.events.events().len();
}

async fn schedules(day: &mut Day<'_>) {
    casebridge_core::events::relay(&day.app.as_function(&functions::OUTBOX_RELAY))
        .await
        .unwrap();
    day.book("outbox-relay: one run, nothing left over");
    let reminders = day.app.as_function(&functions::PARTS_REMINDER);
    casebridge_core::parts::send_reminders(&reminders)
        .await
        .unwrap();
    casebridge_core::estimates::send_approval_reminders(&reminders)
        .await
        .unwrap();
    day.book("parts-reminder: one run, nothing due");
}

#[tokio::test]
async fn what_each_operation_of_a_dealers_day_costs() {
    let b = TestBackend::embedded();
    seed_dealers(&b.app).await;
    let mut app = b.app.clone();
    let meter = Meter::wrap(&mut app);
    let mut day = Day {
        b: &b,
        app,
        meter,
        steps: Vec::new(),
        seen: b.events.events().len(),
    };
    day.meter.take();
    let (case, jo, estimate) = advisors_case(&mut day).await;
    customers_decision(&mut day, &case, &jo, &estimate).await;
    partners(&mut day, &case).await;
    schedules(&mut day).await;
    let rows: Vec<Value> = day
        .steps
        .iter()
        .map(|s| {
            let c = s.cost;
            json!({"operation": s.name, "reads": c.reads(), "readUnits": c.read_units,
                "writes": c.writes, "writeUnits": c.write_units, "s3Puts": c.s3_puts,
                "s3Gets": c.s3_gets, "publishes": c.publishes, "texts": c.texts, "emails": c.emails})
        })
        .collect();
    println!("| operation | reads | RRU | writes | WRU | S3 PUT | S3 GET | SNS | texts | emails |");
    for s in &day.steps {
        let c = s.cost;
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.name,
            c.reads(),
            c.read_units,
            c.writes,
            c.write_units,
            c.s3_puts,
            c.s3_gets,
            c.publishes,
            c.texts,
            c.emails
        );
    }
    // What must hold whatever the figures: each write was billed, texts and emails went.
    let total = day.steps.iter().fold(Cost::default(), |mut t, s| {
        t += s.cost;
        t
    });
    assert!(total.write_units >= total.writes && total.read_units >= total.reads());
    assert!(total.texts >= 3 && total.emails >= 2, "{total:?}");
    assert!(
        total.s3_puts >= 2,
        "the draft and the final transcript: {total:?}"
    );
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/cost");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("operations.json"),
        serde_json::to_vec_pretty(&rows).unwrap(),
    )
    .unwrap();
}
