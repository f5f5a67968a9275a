//! The console's pages (maud, no script): the shell every page shares, with its "local
//! only" banner, and the sign-in, cases, case and refusal pages.

use super::words::when;
use casebridge_core::cases::{Case, CaseSummary, Note, Visibility};
use casebridge_http::problem::Problem;
use maud::{html, Markup, DOCTYPE};

use super::session::{Person, Persona, Session};
use super::words::status_name;
use casebridge_core::auth::Role;

pub const STYLE: &str = "
body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;color:#1a1a1a;background:#fafafa}
header.bar{background:#12355b;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header.bar a{color:#fff}header.bar form{margin-left:auto}
.local{background:#fff4d6;border-bottom:1px solid #c99a2e;padding:.4rem 1rem;margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.3rem 0}h2{font-size:1.15rem;margin:1.4rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #d0d0d0}
.card{background:#fff;border:1px solid #d0d0d0;border-radius:8px;padding:.8rem;margin:.6rem 0}
.meta{color:#444}.notice{background:#e7f3e8;border:1px solid #2e7d32;border-radius:6px;padding:.5rem .8rem}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
textarea,input[type=text],input[type=password],select{font:inherit;padding:.45rem;border:1px solid #767676;border-radius:6px;box-sizing:border-box}
textarea{width:100%}
button{font:inherit;min-height:40px;padding:.4rem 1rem;border:0;border-radius:6px;background:#0b5cad;color:#fff;cursor:pointer}
header.bar button{background:#fff;color:#12355b}
:focus-visible{outline:3px solid #b35900;outline-offset:2px}
pre{white-space:pre-wrap;background:#f3f3f3;padding:.5rem;border-radius:6px}
input[type=date]{font:inherit;padding:.4rem;border:1px solid #767676;border-radius:6px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
ol.thread{list-style:none;padding:0}
";

/// Every console page: the local-only banner, who is signed in, the page.
pub(crate) fn shell(title: &str, session: Option<&Person>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — casebridge console" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                p.local role="note" {
                    "Local reference console: demo people sign in without a password. \
                     It is served by the local server only and is not deployed."
                }
                @if let Some(s) = session {
                    header.bar {
                        strong { "casebridge" }
                        (nav(s))
                        span { (who(s)) }
                        form method="post" action="/console/sign-out" {
                            input type="hidden" name="csrf" value=(s.csrf);
                            button type="submit" { "Sign out" }
                        }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn who(s: &Person) -> String {
    format!("{} at {}", s.name, s.dealer)
}

/// The screens a person's role has: Case for a dealer's users, Administration for admins,
/// the Prokeep stand-in for everyone at the location (advisors text from it too).
fn nav(s: &Person) -> Markup {
    let case = matches!(
        s.persona,
        Persona::Case(Role::Advisor | Role::DealerAdmin | Role::OemAdmin)
    );
    let admin = matches!(s.persona, Persona::Case(r) if r != Role::Advisor);
    let links = [
        (case, "/console/cases", "Cases"),
        (case, "/console/search", "SEARCH"),
        (admin, "/console/admin", "Administration"),
        (true, "/console/prokeep", "Prokeep (stand-in)"),
    ];
    html! {
        nav aria-label="Console" {
            @for (i, (_, href, text)) in links.iter().filter(|l| l.0).enumerate() {
                @if i > 0 { " · " }
                a href=(href) { (text) }
            }
        }
    }
}

/// `GET /console`: who to sign in as.
pub fn sign_in(csrf: &str) -> Markup {
    shell(
        "Sign in",
        None,
        html! {
            h1 { "Sign in as a demo person" }
            form method="post" action="/console/sign-in" {
                input type="hidden" name="csrf" value=(csrf);
                label for="as" { "Who you are" }
                select id="as" name="as" {
                    option value="advisor" selected { "Service advisor" }
                    option value="dealer_admin" { "Dealer admin" }
                    option value="oem_admin" { "OEM admin (the location's OEM)" }
                    option value="platform_admin" { "Platform admin" }
                    option value="counter" { "Parts counter (in Prokeep)" }
                }
                label for="dealer" { "Dealer location (its id)" }
                input type="text" id="dealer" name="dealer" value="demo-dealer-1" required;
                p { button type="submit" { "Sign in" } }
            }
        },
    )
}

/// `GET /console/cases`: the dealer's active cases, newest first.
pub fn cases(session: &Session, cases: &[CaseSummary]) -> Markup {
    shell(
        "Active cases",
        Some(&session.person),
        html! {
            h1 { "Active cases" }
            @if cases.is_empty() {
                p { "No active cases." }
            } @else {
                table {
                    caption.meta { (cases.len()) " active, newest first" }
                    thead { tr { th scope="col" { "Case" } th scope="col" { "Customer" } th scope="col" { "Unit" } th scope="col" { "Status" } } }
                    tbody {
                        @for c in cases {
                            tr {
                                td { a href=(format!("/console/cases/{}", c.id)) { "#" (c.number) } }
                                td { (c.customer.name) }
                                td { (c.asset.unit_number) }
                                td { (status_name(c.status)) }
                            }
                        }
                    }
                }
            }
        },
    )
}

/// What the advisor learns after posting a note: who hears of it.
pub struct Posted {
    pub external: bool,
    pub told: usize,
    pub not_told: usize,
}

/// `GET /console/cases/{id}`: the case, its notes and the note form, then `sections` (its
/// contacts, attachments and parts requests).
pub fn case(
    session: &Session,
    case: &Case,
    notes: &[Note],
    posted: Option<Posted>,
    sections: Markup,
) -> Markup {
    shell(
        &format!("Case #{}", case.number),
        Some(&session.person),
        html! {
            h1 { "Case #" (case.number) " — " (case.customer.name) }
            p.meta { "Unit " (case.asset.unit_number) @if let Some(vin) = &case.asset.vin { ", VIN " (vin) } " · " strong { (status_name(case.status)) } }
            (super::parts_pages::status(session, case))
            @if let Some(p) = posted {
                p.notice role="status" { (told(&p)) }
            }
            h2 { "Notes" }
            @if notes.is_empty() { p { "No notes yet." } }
            @for n in notes {
                article.card {
                    p.meta { (n.author.name) " · " (when(&session.person, n.created_at)) " · "
                        @if n.visibility == Visibility::External { "external (the customer sees it)" } @else { "internal" } }
                    p { (n.text) }
                }
            }
            h2 { "Add a note" }
            form method="post" action=(format!("/console/cases/{}/notes", case.id)) {
                input type="hidden" name="csrf" value=(session.csrf);
                label for="text" { "Note" }
                textarea id="text" name="text" rows="4" required {}
                fieldset {
                    legend { "Who sees it" }
                    label { input type="radio" name="visibility" value="internal" checked; " Internal: the dealer's people only" }
                    label { input type="radio" name="visibility" value="external"; " External: the customer's contacts hear of it" }
                }
                p { button type="submit" { "Add note" } }
            }
            (sections)
        },
    )
}

fn told(p: &Posted) -> String {
    let people = |n: usize| casebridge_core::text::count(n as i64, "recipient", "recipients");
    match (p.external, p.told, p.not_told) {
        (false, _, _) => "Internal note added: only the dealer's people see it.".to_string(),
        (true, 0, 0) => {
            "External note added; the case has no recipients, so nobody was told.".to_string()
        }
        (true, t, 0) => format!("External note added; {} will hear of it.", people(t)),
        (true, t, n) => format!(
            "External note added; {} will hear of it and {} will not (the delivery log says why).",
            people(t),
            people(n)
        ),
    }
}

/// A refusal, in the API's words, with its status.
pub fn refused(p: &Problem) -> Markup {
    shell(
        p.title,
        None,
        html! {
            h1 { (p.title) }
            p { (p.detail) }
            @if !p.errors.is_empty() {
                ul { @for e in &p.errors { li { (e.field) ": " (e.message) } } }
            }
            p { a href="/console/cases" { "Back to the cases" } }
        },
    )
}
