//! The Prokeep stand-in's pages: every one says it stands in for Prokeep.

use casebridge_core::cases::CaseSummary;
use casebridge_core::parts::PartsState;
use maud::{html, Markup};

use super::pages::shell;
use super::prokeep_threads::Sample;
use super::session::Person;
use super::words::{state_name, status_name, when};

/// An escalation as it arrived in the counter's Prokeep inbox.
pub struct Arrived {
    pub reference: String,
    pub group: String,
    pub at: Option<jiff::Timestamp>,
    pub text: String,
    /// What the counter did about it so far, oldest first.
    pub steps: Vec<String>,
}

/// Every stand-in page: the label, then the page.
fn standin(title: &str, person: &Person, body: Markup) -> Markup {
    shell(
        title,
        Some(person),
        html! {
            p.notice role="note" { strong { "Prokeep, local stand-in." } " Not Prokeep: it shows what a Prokeep user at " (person.dealer) " would see, and reaches casebridge as the real connector does (signed calls)." }
            (body)
        },
    )
}

/// `GET /console/prokeep`.
pub fn home(
    person: &Person,
    threads: &[(&Sample, bool, Vec<String>)],
    inbox: &[Arrived],
) -> Markup {
    standin(
        "Prokeep",
        person,
        html! {
            h1 { "Prokeep" }
            h2 { "Conversation threads" }
            table {
                thead { tr { th scope="col" { "Thread" } th scope="col" { "Customer" } th scope="col" { "State" } th scope="col" { "On a case" } } }
                tbody {
                    @for (t, closed, attached) in threads {
                        tr {
                            td { a href=(format!("/console/prokeep/threads/{}", t.id)) { (t.subject) } }
                            td { (t.customer) }
                            td { @if *closed { "Closed" } @else { "Open" } }
                            td { @if attached.is_empty() { "Not yet" } @else { (attached.join("; ")) } }
                        }
                    }
                }
            }
            h2 id="inbox" { "Parts counter's inbox" }
            @if inbox.is_empty() { p { "No parts escalations have arrived." } }
            @for a in inbox { (arrived(person, a)) }
        },
    )
}

fn arrived(person: &Person, a: &Arrived) -> Markup {
    let action = format!("/console/prokeep/parts-requests/{}/events", a.reference);
    let eta_id = format!("eta-{}", a.reference);
    let confirmation_id = format!("confirmation-{}", a.reference);
    html! {
        article.card aria-labelledby=(format!("pr-{}", a.reference)) {
            h3 id=(format!("pr-{}", a.reference)) { "Parts request " (a.reference) }
            p.meta { "To " (a.group) @if let Some(at) = a.at { " · arrived " (when(person, at)) } }
            pre { (a.text) }
            @if !a.steps.is_empty() {
                ul { @for s in &a.steps { li { (s) } } }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(person.csrf);
                input type="hidden" name="type" value="claimed";
                button type="submit" { "Claim " (a.reference) }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(person.csrf);
                input type="hidden" name="type" value="ordered";
                label for=(confirmation_id) { "Order confirmation" }
                input type="text" id=(confirmation_id) name="confirmation";
                label for=(eta_id) { "ETA" }
                input type="date" id=(eta_id) name="eta";
                " " button type="submit" { "Parts Ordered " (a.reference) }
            }
            form method="post" action=(action) {
                input type="hidden" name="csrf" value=(person.csrf);
                input type="hidden" name="type" value="received";
                button type="submit" { "Parts Received " (a.reference) }
            }
        }
    }
}

/// What the inbox says of a step once Case answered it.
pub fn step_said(
    kind: &str,
    data: &serde_json::Map<String, serde_json::Value>,
    state: &str,
) -> String {
    let what = match kind {
        "claimed" => "Claimed".to_string(),
        "ordered" => {
            let mut w = "Parts Ordered".to_string();
            if let Some(c) = data.get("confirmation").and_then(|v| v.as_str()) {
                w.push_str(&format!(", confirmation {c}"));
            }
            if let Some(e) = data.get("eta").and_then(|v| v.as_str()) {
                w.push_str(&format!(", ETA {e}"));
            }
            w
        }
        "received" => "Parts Received".to_string(),
        other => other.to_string(),
    };
    let now = serde_json::from_value::<PartsState>(state.into())
        .map(state_name)
        .unwrap_or("unknown");
    format!("{what}: the case shows it as {now}")
}

/// `GET /console/prokeep/threads/{threadId}`.
pub fn thread(
    person: &Person,
    t: &Sample,
    closed: bool,
    attached: &[String],
    said: Option<&str>,
) -> Markup {
    standin(
        t.subject,
        person,
        html! {
            h1 { (t.subject) }
            p.meta { (t.customer) " · " (t.phone) " · " @if closed { "Closed" } @else { "Open" } }
            @if let Some(said) = said { p.notice role="status" { (said) } }
            @if !attached.is_empty() { p { "On " (attached.join("; ")) "." } }
            ol.thread {
                @for (from_customer, _, text) in t.messages {
                    li.card { p.meta { @if *from_customer { (t.customer) } @else { "You" } } p { (text) } }
                }
            }
            p { a href=(format!("/console/prokeep/threads/{}/decisiv", t.id)) { "Decisiv integration" } }
            @if !closed {
                form method="post" action=(format!("/console/prokeep/threads/{}/close", t.id)) {
                    input type="hidden" name="csrf" value=(person.csrf);
                    button type="submit" { "Close thread" }
                }
            }
        },
    )
}

/// `GET /console/prokeep/threads/{threadId}/decisiv`: pick the case.
pub fn decisiv(person: &Person, t: &Sample, q: &str, open: &[CaseSummary]) -> Markup {
    standin(
        "Decisiv integration",
        person,
        html! {
            h1 { "Decisiv integration" }
            p { "Attach \u{201c}" (t.subject) "\u{201d} to a case at " (person.dealer) " as a PDF transcript." }
            form method="get" action=(format!("/console/prokeep/threads/{}/decisiv", t.id)) {
                label for="q" { "Customer, unit number or VIN" }
                input type="text" id="q" name="q" value=(q);
                " " button type="submit" { "Find" }
            }
            @if open.is_empty() { p { "No open case matches." } }
            table {
                caption.meta { "Open cases, newest first" }
                thead { tr { th scope="col" { "Case" } th scope="col" { "Customer" } th scope="col" { "Asset" } th scope="col" { "Status" } th scope="col" { span.visually-hidden { "Attach" } } } }
                tbody {
                    @for c in open {
                        @let label = format!("Case #{}, {}", c.number, c.customer.name);
                        tr {
                            td { "#" (c.number) }
                            td { (c.customer.name) }
                            td { (c.asset.unit_number) @if let Some(v) = &c.asset.vin { " · " (v) } }
                            td { (status_name(c.status)) }
                            td {
                                form method="post" action=(format!("/console/prokeep/threads/{}/attachments", t.id)) {
                                    input type="hidden" name="csrf" value=(person.csrf);
                                    input type="hidden" name="case" value=(c.id);
                                    input type="hidden" name="label" value=(label);
                                    button type="submit" aria-label=(format!("Attach to {label}")) { "Attach" }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
