//! The case page's estimates: each with its lines, where each line stands with the
//! customer, the totals and the versions sent; a new estimate; and Request for Approval,
//! asking the recipients the advisor leaves ticked to decide.

use super::words::when;
use casebridge_core::cases::Case;
use casebridge_core::contacts::CaseContact;
use casebridge_core::estimates::{ApprovalStatus, Estimate, EstimateLine, LineKind};
use casebridge_core::text::dollars;
use maud::{html, Markup};

use super::session::Session;

/// Lines the new-estimate form offers (empty ones are left out).
pub const LINES: usize = 3;

pub(super) fn approval_name(s: ApprovalStatus) -> &'static str {
    match s {
        ApprovalStatus::Requested => "Waiting for the customer",
        ApprovalStatus::Approved => "Approved",
        ApprovalStatus::Deferred => "Deferred",
        ApprovalStatus::Declined => "Declined",
    }
}

/// Where a line stands with the customer, in the advisor's words.
pub(super) fn standing(e: &Estimate, l: &EstimateLine) -> &'static str {
    match l.approval.status {
        ApprovalStatus::Requested if !e.asked_about(&l.id) => "Not sent to the customer yet",
        status => approval_name(status),
    }
}

pub(super) fn kind_name(k: LineKind) -> &'static str {
    match k {
        LineKind::Part => "Part",
        LineKind::Labor => "Labor",
        LineKind::Fee => "Fee",
    }
}

/// The estimates section.
pub fn estimates(
    session: &Session,
    case: &Case,
    list: &[Estimate],
    contacts: &[CaseContact],
) -> Markup {
    html! {
        h2 { "Estimates" }
        @if list.is_empty() { p { "No estimate on this case yet." } }
        @for e in list {
            article.card {
                table {
                    caption { a href=(format!("/console/cases/{}/estimates/{}", case.id, e.id)) { "Estimate · " (dollars(e.totals.total_cents)) } " · approved " (dollars(e.totals.approved_cents)) " · revise it, its history and PDFs" }
                    thead { tr { th scope="col" { "Line" } th scope="col" { "Quantity" } th scope="col" { "Total" } th scope="col" { "With the customer" } } }
                    tbody {
                        @for l in &e.lines {
                            tr {
                                td { (kind_name(l.kind)) ": " (l.description) }
                                td { (l.quantity) }
                                td { (dollars(l.total_cents)) }
                                td { (standing(e, l)) @if let Some(r) = &l.approval.reason { " (" (r) ")" } }
                            }
                        }
                    }
                }
                @for v in &e.versions {
                    p.meta { "Version " (v.number) " sent by " (v.sent_by.name) " on " (when(&session.person, v.sent_at)) " to "
                        (v.asked_contacts.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")) }
                }
                (request_approval(session, case, e, contacts))
                (on_behalf(session, case, e))
            }
        }
        details {
            summary { "New estimate" }
            (new_estimate_form(session, case))
        }
    }
}

fn request_approval(
    session: &Session,
    case: &Case,
    e: &Estimate,
    contacts: &[CaseContact],
) -> Markup {
    let recipients: Vec<&CaseContact> = contacts.iter().filter(|c| c.recipient).collect();
    html! {
        @if recipients.is_empty() {
            p.meta { "Request for Approval needs a contact who hears of the case." }
        } @else {
            form method="post" action=(format!("/console/cases/{}/quick-actions", case.id)) {
                input type="hidden" name="csrf" value=(session.csrf);
                input type="hidden" name="estimateId" value=(e.id);
                fieldset {
                    legend { "Request for Approval: who is asked" }
                    @for c in &recipients {
                        label { input type="checkbox" name="contact" value=(c.contact.id) checked; " " (c.contact.name) }
                    }
                    button type="submit" name="action" value="request_approval" { "Request for Approval" }
                }
            }
        }
    }
}

/// The customer's decisions as the advisor records them (on the phone, at the counter), on
/// the version last sent, for the lines still waiting: the same fields as the customer's
/// page, so the same rules read them.
fn on_behalf(session: &Session, case: &Case, e: &Estimate) -> Markup {
    let waiting: Vec<_> = e
        .lines
        .iter()
        .filter(|l| l.approval.status == ApprovalStatus::Requested)
        .collect();
    let Some(version) = e.versions.last().map(|v| v.number) else {
        return html! {};
    };
    html! {
        @if !waiting.is_empty() {
            details {
                summary { "Record the customer's decision" }
                form method="post" action=(format!("/console/cases/{}/estimates/{}/decisions", case.id, e.id)) {
                    input type="hidden" name="csrf" value=(session.csrf);
                    input type="hidden" name="version" value=(version);
                    @for l in &waiting {
                        fieldset {
                            legend { (l.description) " · " (dollars(l.total_cents)) }
                            @for (value, name) in [("approve", "Approve"), ("defer", "Defer"), ("decline", "Decline")] {
                                label { input type="radio" name=(format!("line-{}", l.id)) value=(value); " " (name) }
                            }
                            label for=(format!("reason-{}", l.id)) { "How they decided, or why" }
                            input type="text" id=(format!("reason-{}", l.id)) name=(format!("reason-{}", l.id)) size="50";
                        }
                    }
                    label for=(format!("approver-{}", e.id)) { "Who authorised it (full name)" }
                    input type="text" id=(format!("approver-{}", e.id)) name="approver" size="40";
                    p { button type="submit" { "Record decision" } }
                }
            }
        }
    }
}

fn new_estimate_form(session: &Session, case: &Case) -> Markup {
    html! {
        form method="post" action=(format!("/console/cases/{}/estimates", case.id)) {
            input type="hidden" name="csrf" value=(session.csrf);
            table {
                caption { "Lines" }
                thead { tr { th scope="col" { "Kind" } th scope="col" { "Description" } th scope="col" { "Quantity" } th scope="col" { "Unit price ($)" } } }
                tbody {
                    @for i in 0..LINES {
                        tr {
                            td { select name=(format!("kind-{i}")) aria-label=(format!("Kind, line {}", i + 1)) { option value="labor" { "Labor" } option value="part" { "Part" } option value="fee" { "Fee" } } }
                            td { input type="text" name=(format!("description-{i}")) aria-label=(format!("Description, line {}", i + 1)) required[i == 0]; }
                            td { input type="text" inputmode="decimal" name=(format!("quantity-{i}")) aria-label=(format!("Quantity, line {}", i + 1)) size="6"; }
                            td { input type="text" inputmode="decimal" name=(format!("price-{i}")) aria-label=(format!("Unit price in dollars, line {}", i + 1)) size="9"; }
                        }
                    }
                }
            }
            p { button type="submit" { "Add estimate" } }
        }
    }
}
