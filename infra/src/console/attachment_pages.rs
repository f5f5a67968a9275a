//! The case page's attachments: transcript PDFs and files, each opened from its link, and
//! switched internal ↔ external (an external one is on the customer's page).

use casebridge_core::cases::{AttachmentState, AttachmentView, Case, Visibility};
use maud::{html, Markup};

use super::session::Session;

/// The attachments section's list.
pub fn attachments(session: &Session, case: &Case, list: &[AttachmentView]) -> Markup {
    html! {
        h2 { "Attachments" }
        @if list.is_empty() { p { "No attachment yet." } }
        @else {
            table {
                thead { tr { th scope="col" { "File" } th scope="col" { "State" } th scope="col" { "Who sees it" } } }
                tbody { @for a in list { (row(session, case, a)) } }
            }
        }
    }
}

fn row(session: &Session, case: &Case, a: &AttachmentView) -> Markup {
    let (seen_by, other, switch_to) = match a.visibility {
        Visibility::Internal => ("Internal", "external", "Show it to the customer"),
        Visibility::External => (
            "External (on the customer's page)",
            "internal",
            "Make it internal",
        ),
    };
    let path = format!("/console/cases/{}/attachments/{}", case.id, a.id);
    html! {
        tr {
            td { a href=(format!("{path}/content")) { (a.file_name) } " (version " (a.version) ")" }
            td { @match a.state { AttachmentState::Draft => "Draft", AttachmentState::Final => "Final" } }
            td {
                (seen_by) " "
                form method="post" action=(format!("{path}/visibility")) {
                    input type="hidden" name="csrf" value=(session.csrf);
                    input type="hidden" name="visibility" value=(other);
                    button type="submit" aria-label=(format!("{switch_to}: {}", a.file_name)) { (switch_to) }
                }
            }
        }
    }
}
