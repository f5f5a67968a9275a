//! The case page's status and parts: the status as the advisor changes it, "Prokeep
//! escalation" in the attachments section on a Parts Hold case (the group, the parts lines,
//! a note), and the case's parts requests with their history.

use super::words::when;
use casebridge_core::cases::{Case, CaseStatus};
use casebridge_core::dealers::ProkeepGroup;
use casebridge_core::parts::PartsRequest;
use maud::{html, Markup};

use super::session::Session;
use super::words::{state_name, status_name};

/// Parts lines the escalation form offers (empty ones are left out).
pub const LINES: usize = 3;

/// The status, and the form that changes it.
pub fn status(session: &Session, case: &Case) -> Markup {
    html! {
        form method="post" action=(format!("/console/cases/{}/status", case.id)) {
            input type="hidden" name="csrf" value=(session.csrf);
            label for="status" { "Status" }
            select id="status" name="status" {
                @for s in CaseStatus::ALL { option value=(s.as_str()) selected[s == case.status] { (status_name(s)) } }
            }
            " " button type="submit" { "Change status" }
        }
    }
}

/// The attachments section's Prokeep escalation (under the attachments' list) (on Parts Hold, when the dealer's counter
/// uses Prokeep) and the case's parts requests.
pub fn parts(
    session: &Session,
    case: &Case,
    groups: &[ProkeepGroup],
    requests: &[PartsRequest],
) -> Markup {
    html! {
        @if case.status != CaseStatus::PartsHold {
            p.meta { "Prokeep escalation is offered while the case is on Parts Hold." }
        } @else if groups.is_empty() {
            p.meta { "Prokeep escalation: this dealer's parts counter does not use Prokeep (a dealer admin sets it up)." }
        } @else {
            details open {
                summary { "Prokeep escalation" }
                (escalation_form(session, case, groups))
            }
        }
        h2 { "Parts requests" }
        @if requests.is_empty() { p { "No parts request on this case." } }
        @for r in requests {
            article.card {
                h3 { (r.reference) " · " (state_name(r.state)) " · to " (r.group_name) }
                ul { @for l in &r.lines { li { (l.quantity) " × " (l.part_number) @if !l.description.is_empty() { " — " (l.description) } } } }
                @if let Some(c) = &r.confirmation { p { "Confirmation " (c) } }
                @if let Some(eta) = &r.eta { p { "ETA " (eta.strftime("%b %-d, %Y")) } }
                ol.meta { @for h in &r.history { li { (when(&session.person, h.at)) " · " (h.by) ": " (h.what) } } }
            }
        }
    }
}

fn escalation_form(session: &Session, case: &Case, groups: &[ProkeepGroup]) -> Markup {
    html! {
        form method="post" action=(format!("/console/cases/{}/parts-escalations", case.id)) {
            input type="hidden" name="csrf" value=(session.csrf);
            label for="group" { "Prokeep group" }
            select id="group" name="group" { @for g in groups { option value=(g.id) { (g.name) } } }
            table {
                caption { "Parts lines" }
                thead { tr { th scope="col" { "Part number" } th scope="col" { "Description" } th scope="col" { "Quantity" } } }
                tbody {
                    @for i in 0..LINES {
                        tr {
                            td { input type="text" name=(format!("part-{i}")) aria-label=(format!("Part number, parts line {}", i + 1)) required[i == 0]; }
                            td { input type="text" name=(format!("description-{i}")) aria-label=(format!("Description, parts line {}", i + 1)); }
                            td { input type="text" inputmode="numeric" name=(format!("quantity-{i}")) aria-label=(format!("Quantity, parts line {}", i + 1)) size="5"; }
                        }
                    }
                }
            }
            label for="parts-note" { "Note to the counter" }
            textarea id="parts-note" name="note" rows="2" {}
            p { button type="submit" { "Send to Prokeep" } }
        }
    }
}
