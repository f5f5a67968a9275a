//! The case page's contacts, as the seeds create them "by the Case Information page": the
//! case's contacts with who hears of the case, the invitation for one who does not yet, and
//! a new contact (one-time for this case, or ongoing for the customer).

use super::words::when;
use casebridge_core::cases::Case;
use casebridge_core::contacts::{CaseContact, CaseRole};
use casebridge_core::notifications::log::Notification;
use maud::{html, Markup};

use super::session::Session;
use super::words::delivery_names;

fn role_name(r: Option<CaseRole>) -> &'static str {
    match r {
        Some(CaseRole::Primary) => "Primary contact",
        Some(CaseRole::Driver) => "Driver",
        Some(CaseRole::Other) => "Other",
        None => "Invited from the customer's contacts",
    }
}

/// The contacts section.
pub fn contacts(session: &Session, case: &Case, contacts: &[CaseContact]) -> Markup {
    html! {
        h2 { "Contacts" }
        @if contacts.is_empty() { p { "No contact on this case yet: nobody hears of it." } }
        @else {
            table {
                thead { tr { th scope="col" { "Name" } th scope="col" { "Mobile" } th scope="col" { "Email" } th scope="col" { "Role" } th scope="col" { "Kept" } th scope="col" { "Hears of the case" } } }
                tbody {
                    @for c in contacts {
                        tr {
                            td { a href=(format!("/console/cases/{}/contacts/{}", case.id, c.contact.id)) aria-label=(format!("{}: edit, merge or delete", c.contact.name)) { (c.contact.name) } }
                            td { (c.contact.mobile.as_deref().unwrap_or("—")) @if c.contact.mobile.is_some() && !c.contact.sms_opt_in { " (no texts)" } }
                            td { (c.contact.email.as_deref().unwrap_or("—")) @if c.contact.email.is_some() && !c.contact.email_opt_in { " (no email)" } }
                            td { (role_name(c.case_role)) }
                            td { @if c.contact.ongoing { "Ongoing" } @else { "This case only" } }
                            td {
                                @if c.recipient { "Yes" } @else {
                                    form method="post" action=(format!("/console/cases/{}/invitations", case.id)) {
                                        input type="hidden" name="csrf" value=(session.csrf);
                                        input type="hidden" name="contactId" value=(c.contact.id);
                                        "No · " button type="submit" aria-label=(format!("Invite {}", c.contact.name)) { "Invite" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        details {
            summary { "Add a contact" }
            (new_contact_form(session, case))
        }
    }
}

fn new_contact_form(session: &Session, case: &Case) -> Markup {
    html! {
        form method="post" action=(format!("/console/cases/{}/contacts", case.id)) {
            input type="hidden" name="csrf" value=(session.csrf);
            label for="contact-name" { "Name" }
            input type="text" id="contact-name" name="name" required size="40";
            label for="contact-mobile" { "Mobile" }
            input type="text" id="contact-mobile" name="mobile" inputmode="tel" placeholder="214-555-0100";
            label { input type="checkbox" name="smsOptIn" value="true"; " They agreed to texts about this case" }
            label for="contact-email" { "Email" }
            input type="text" id="contact-email" name="email" inputmode="email" size="40";
            label { input type="checkbox" name="emailOptIn" value="true" checked; " Email them" }
            label for="contact-role" { "Role on the case" }
            select id="contact-role" name="caseRole" {
                option value="primary" { "Primary contact (hears of the case)" }
                option value="driver" { "Driver (hears of the case)" }
                option value="other" selected { "Other (hears of it once invited)" }
            }
            label { input type="checkbox" name="ongoing" value="true"; " Keep for the customer's future cases (ongoing)" }
            p { button type="submit" { "Add contact" } }
        }
    }
}

/// The delivery log: every text and email about the case, newest first, and what became
/// of it, so the advisor knows whether the customer was told.
pub fn delivery_log(session: &Session, log: &[Notification]) -> Markup {
    html! {
        h2 { "Delivery log" }
        @if log.is_empty() { p { "Nothing sent about this case yet." } }
        @else {
            table {
                thead { tr { th scope="col" { "When" } th scope="col" { "To" } th scope="col" { "How" } th scope="col" { "What became of it" } } }
                tbody {
                    @for n in log {
                        @let (channel, status) = delivery_names(n.channel, n.status);
                        tr {
                            td { (when(&session.person, n.at)) }
                            td { (n.contact_name) " (" (n.to) ")" }
                            td { (channel) }
                            td { (status) @if let Some(d) = &n.detail { ": " (d) } }
                        }
                    }
                }
            }
        }
    }
}

/// The Quick Action buttons, with the case's recipients to choose from (every one ticked):
/// the chosen hear of the move, the others do not.
pub fn quick_actions(session: &Session, case: &Case, contacts: &[CaseContact]) -> Markup {
    let recipients: Vec<&CaseContact> = contacts.iter().filter(|c| c.recipient).collect();
    html! {
        form method="post" action=(format!("/console/cases/{}/quick-actions", case.id)) {
            input type="hidden" name="csrf" value=(session.csrf);
            fieldset {
                legend { "Quick Actions" }
                @if recipients.is_empty() {
                    p.meta { "Nobody hears of this case yet: add or invite a contact below." }
                } @else {
                    p.meta { "Who hears of it:" }
                    @for c in &recipients {
                        label { input type="checkbox" name="contact" value=(c.contact.id) checked; " " (c.contact.name) }
                    }
                }
                button type="submit" name="action" value="check_in" { "Check-in" } " "
                button type="submit" name="action" value="asset_in_service" { "Asset in Service" } " "
                button type="submit" name="action" value="asset_ready" { "Asset Ready" }
            }
        }
    }
}
