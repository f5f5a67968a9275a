//! The SEARCH screens: the CUSTOMER search with its "search by" dropdown, the customers
//! found in Case and in Procede (with Add Customer / Edit Customer), the prefilled New
//! Customer and Edit Customer pages, and a customer's page with its assets and contacts, where
//! a case is opened on it.

use casebridge_core::contacts::Contact;
use casebridge_core::customers::{Customer, CustomerAsset, CustomerSummary};
use casebridge_core::procede::{Change, CustomerForm, SearchResult};
use maud::{html, Markup};

use super::pages::shell;
use super::session::Session;

/// The search as typed, and what each side found (or why it could not look).
pub struct Searched<'a> {
    pub by: &'a str,
    pub q: &'a str,
    pub in_case: Result<Vec<CustomerSummary>, String>,
    pub in_procede: Result<Vec<SearchResult>, String>,
}

const BY: [(&str, &str); 4] = [
    ("name", "Name"),
    ("customer_number", "Customer number"),
    ("phone", "Phone"),
    ("city", "City"),
];

/// `GET /console/search`.
pub fn search(session: &Session, s: Option<Searched<'_>>) -> Markup {
    let (by, q) = s.as_ref().map_or(("name", ""), |s| (s.by, s.q));
    shell(
        "SEARCH",
        Some(&session.person),
        html! {
            h1 { "SEARCH" }
            section aria-labelledby="customer" {
                h2 id="customer" { "CUSTOMER" }
                form method="get" action="/console/search" {
                    label for="by" { "Search by" }
                    select id="by" name="by" {
                        @for (value, name) in BY { option value=(value) selected[value == by] { (name) } }
                    }
                    label for="q" { "Search for" }
                    input type="text" id="q" name="q" value=(q) required;
                    " " button type="submit" { "SEARCH" }
                }
            }
            @if let Some(s) = s {
                h2 { "Customers in Case" }
                @match &s.in_case {
                    Err(why) => p { (why) },
                    Ok(found) if found.is_empty() => p { "No Case customer matches." },
                    Ok(found) => ul { @for c in found { li { a href=(format!("/console/customers/{}", c.id)) { (c.name) } @if let Some(city) = &c.city { " · " (city) } } } },
                }
                h2 { "Procede Customers" }
                @match &s.in_procede {
                    Err(why) => p { (why) },
                    Ok(found) if found.is_empty() => p { "No Procede customer matches." },
                    Ok(found) => (procede_table(found)),
                }
            }
        },
    )
}

fn procede_table(found: &[SearchResult]) -> Markup {
    html! {
        table {
            thead { tr { th scope="col" { "Name" } th scope="col" { "Customer number" } th scope="col" { "Phone" } th scope="col" { "City" } th scope="col" { "Action" } } }
            tbody {
                @for r in found {
                    tr {
                        td { (r.name) } td { (r.customer_number) } td { (r.phone) } td { (r.city) }
                        td {
                            // Named with whom it is for: a screen reader lists many of these.
                            @let whom = format!("{}, {}", r.name, r.customer_number);
                            @match &r.customer_id {
                                Some(id) => a href=(format!("/console/customers/{id}/edit")) aria-label=(format!("Edit Customer: {whom}")) { "Edit Customer" },
                                None => a href=(format!("/console/procede/{}/new", urlencode(&r.procede_id))) aria-label=(format!("Add Customer: {whom}")) { "Add Customer" },
                            }
                        }
                    }
                }
            }
        }
    }
}

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The fields of a Procede customer, read-only, as the seeds' pages show them.
fn fields(form: &CustomerForm) -> Markup {
    let rows = [
        ("Name", form.name.clone()),
        (
            "Customer number",
            form.customer_number.clone().unwrap_or_default(),
        ),
        ("Phones", form.phones.join(", ")),
        ("Emails", form.emails.join(", ")),
        ("City", form.city.clone().unwrap_or_default()),
        ("State", form.state.clone().unwrap_or_default()),
    ];
    html! {
        p.notice role="note" { "Do NOT modify: these fields come from the Procede DMS. Change them in Procede, then Edit Customer here." }
        @for (i, (name, value)) in rows.iter().enumerate() {
            label for=(format!("f{i}")) { (name) }
            input type="text" id=(format!("f{i}")) value=(value) readonly size="60";
        }
    }
}

/// `GET /console/procede/{procedeId}/new`: the New Customer page, filled in from Procede.
pub fn new_customer(
    session: &Session,
    procede_id: &str,
    form: &CustomerForm,
    dms_version: &str,
) -> Markup {
    shell(
        "New Customer",
        Some(&session.person),
        html! {
            h1 { "New Customer" }
            form method="post" action=(format!("/console/procede/{}/new", urlencode(procede_id))) {
                input type="hidden" name="csrf" value=(session.csrf);
                input type="hidden" name="dmsVersion" value=(dms_version);
                (fields(form))
                p { button type="submit" { "CREATE" } }
            }
        },
    )
}

/// `GET /console/customers/{id}/edit`: the Edit Customer page, with what Procede changed.
pub fn edit_customer(
    session: &Session,
    c: &Customer,
    form: &CustomerForm,
    changes: &[Change],
    dms_version: &str,
) -> Markup {
    shell(
        "Edit Customer",
        Some(&session.person),
        html! {
            h1 { "Edit Customer" }
            @if changes.is_empty() {
                p { "Procede has nothing new for " (c.name) "." }
            } @else {
                table {
                    caption { "What changed in Procede" }
                    thead { tr { th scope="col" { "Field" } th scope="col" { "In Case" } th scope="col" { "In Procede" } } }
                    tbody { @for ch in changes { tr { td { (ch.field) } td { (shown(&ch.old)) } td { (shown(&ch.new)) } } } }
                }
            }
            form method="post" action=(format!("/console/customers/{}/edit", c.id)) {
                input type="hidden" name="csrf" value=(session.csrf);
                input type="hidden" name="dmsVersion" value=(dms_version);
                (fields(form))
                p { button type="submit" { "SAVE" } }
            }
        },
    )
}

fn shown(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "—".into(),
        other => other.to_string(),
    }
}

/// `GET /console/customers/{id}`: the customer and the units its cases were opened on.
pub fn customer(
    session: &Session,
    c: &Customer,
    assets: &[CustomerAsset],
    contacts: &[Contact],
) -> Markup {
    shell(
        &c.name,
        Some(&session.person),
        html! {
            h1 { (c.name) }
            p.meta {
                @if c.read_only { "From Procede (read-only in Case)" } @else { "Typed into Case" }
                @if let Some(n) = &c.customer_number { " · customer number " (n) }
                @if let Some(city) = &c.city { " · " (city) }
            }
            @if !c.phones.is_empty() { p { "Phones: " (c.phones.join(", ")) } }
            @if c.read_only { p { a href=(format!("/console/customers/{}/edit", c.id)) { "Edit Customer" } } }
            h2 { "Assets" }
            @if assets.is_empty() { p { "No unit yet: a case opened on this customer adds its unit." } }
            @for a in assets {
                p.card { "Unit " (a.unit_number) @if let Some(vin) = &a.vin { ", VIN " (vin) } " · " (casebridge_core::text::count(a.case_ids.len() as i64, "case", "cases")) }
            }
            h2 { "Contacts" }
            @if contacts.is_empty() { p { "No ongoing contact: contacts kept for future cases are added from a case page." } }
            ul { @for p in contacts { li { (p.name) @if let Some(m) = &p.mobile { " · " (m) } @if let Some(e) = &p.email { " · " (e) } } } }
            h2 { "Open a case" }
            form method="post" action=(format!("/console/customers/{}/cases", c.id)) {
                input type="hidden" name="csrf" value=(session.csrf);
                label for="unitNumber" { "Unit number" }
                input type="text" id="unitNumber" name="unitNumber" required;
                label for="vin" { "VIN" }
                input type="text" id="vin" name="vin" size="20";
                label for="make" { "Make" }
                input type="text" id="make" name="make";
                label for="model" { "Model" }
                input type="text" id="model" name="model";
                p { button type="submit" { "Open a case for " (c.name) } }
            }
        },
    )
}
