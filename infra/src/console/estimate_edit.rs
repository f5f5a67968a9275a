//! One estimate on its own page: its lines revised (the call `PUT …/estimates/{estimateId}`
//! makes; a line that says what it said keeps its decision, a changed one is asked again),
//! its history (every version sent and every decision, by whom, how), and each version's
//! PDF. A form opened before the estimate moved on is refused (409) with the estimate as
//! it is now.

use super::words::when;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebridge_core::estimates::{self, Channel, Estimate, History};
use casebridge_core::ids::{CaseId, EstimateId};
use casebridge_core::text::dollars;
use casebridge_core::Error;
use maud::{html, Markup};

use super::estimate_pages::{approval_name, kind_name, standing};
use super::pages::shell;
use super::{ConsoleState, Page, PageResult, Refused, Session, SignedForm};

/// Blank rows under the estimate's own, for new lines.
const NEW_ROWS: usize = 2;

fn ids(case_id: &str, estimate_id: &str) -> Result<(CaseId, EstimateId), Refused> {
    Ok((CaseId::parse(case_id)?, EstimateId::parse(estimate_id)?))
}

async fn page(
    s: &ConsoleState,
    session: &Session,
    case: &CaseId,
    id: &EstimateId,
    said: Option<&str>,
) -> Result<Markup, Error> {
    let e = estimates::get(&s.app, &session.caller, case, id).await?;
    let history = estimates::history(&s.app, &session.caller, case, id).await?;
    Ok(estimate_page(session, case, &e, &history, said))
}

/// `GET /console/cases/{caseId}/estimates/{estimateId}`.
pub async fn show(
    State(s): State<ConsoleState>,
    session: Session,
    Path((case_id, estimate_id)): Path<(String, String)>,
) -> PageResult {
    let (case, id) = ids(&case_id, &estimate_id)?;
    Ok(Page(page(&s, &session, &case, &id, None).await?))
}

/// `POST /console/cases/{caseId}/estimates/{estimateId}`: the lines as the form has them,
/// under the revision it showed (`seen`).
pub async fn revise(
    State(s): State<ConsoleState>,
    Path((case_id, estimate_id)): Path<(String, String)>,
    SignedForm { session, form }: SignedForm,
) -> Result<Response, Refused> {
    let (case, id) = ids(&case_id, &estimate_id)?;
    let before = estimates::get(&s.app, &session.caller, &case, &id).await?;
    let rows = before.lines.len() + NEW_ROWS;
    let lines = super::estimates::lines(&form, rows, &before.lines)?;
    let input = before.revised_with(lines);
    let seen = form.get("seen").parse().ok();
    match estimates::revise_seen(&s.app, &session.caller, &case, &id, input, seen).await {
        Ok(_) => Ok(Redirect::to(&format!("/console/cases/{case}/estimates/{id}")).into_response()),
        Err(Error::Conflict(why)) => {
            let now = page(&s, &session, &case, &id, Some(&why)).await?;
            Ok((StatusCode::CONFLICT, Page(now)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

/// `GET /console/cases/{caseId}/estimates/{estimateId}/versions/{n}/pdf`: the version as
/// sent, with its decisions, as the API's version PDF.
pub async fn version_pdf(
    State(s): State<ConsoleState>,
    session: Session,
    Path((case_id, estimate_id, n)): Path<(String, String, u32)>,
) -> Result<Response, Refused> {
    let (case, id) = ids(&case_id, &estimate_id)?;
    let pdf = estimates::version_pdf_for(&s.app, &session.caller, &case, &id, n).await?;
    let disposition = format!("inline; filename=\"estimate-v{n}.pdf\"");
    Ok((
        [
            (http::header::CONTENT_TYPE, "application/pdf".to_string()),
            (http::header::CONTENT_DISPOSITION, disposition),
        ],
        pdf,
    )
        .into_response())
}

fn estimate_page(
    session: &Session,
    case: &CaseId,
    e: &Estimate,
    history: &History,
    said: Option<&str>,
) -> Markup {
    let at = format!("/console/cases/{case}/estimates/{}", e.id);
    shell(
        "Estimate",
        Some(&session.person),
        html! {
            h1 { "Estimate · " (dollars(e.totals.total_cents)) }
            p { a href=(format!("/console/cases/{case}")) { "Back to the case" } }
            @if let Some(said) = said { p.notice role="alert" { (said) } }
            form method="post" action=(at) {
                input type="hidden" name="csrf" value=(session.csrf);
                input type="hidden" name="seen" value=(e.version);
                table {
                    caption { "Lines (empty a description to remove its line; a changed line is asked again)" }
                    thead { tr { th scope="col" { "Kind" } th scope="col" { "Description" } th scope="col" { "Quantity" } th scope="col" { "Unit price ($)" } th scope="col" { "With the customer" } } }
                    tbody {
                        @for (i, l) in e.lines.iter().enumerate() {
                            (row(i, Some((l, standing(e, l)))))
                        }
                        @for i in e.lines.len()..e.lines.len() + NEW_ROWS { (row(i, None)) }
                    }
                }
                p { button type="submit" { "Save the estimate" } }
            }
            h2 { "Versions sent" }
            @if history.versions.is_empty() { p { "Not sent to the customer yet." } }
            ul {
                @for v in &history.versions {
                    li {
                        a href=(format!("{at}/versions/{}/pdf", v.number)) { "Version " (v.number) " (PDF)" }
                        " — sent by " (v.sent_by.name) " on " (when(&session.person, v.sent_at))
                        ", " (casebridge_core::text::count(v.asked_line_ids.len() as i64, "line", "lines")) " asked"
                    }
                }
            }
            h2 { "Decisions" }
            @if history.decisions.is_empty() { p { "No decision yet." } }
            ul {
                @for d in &history.decisions {
                    @let line = e.lines.iter().find(|l| l.id == d.line_id).map_or(d.line_id.as_str(), |l| l.description.as_str());
                    li {
                        (line) ": " strong { (approval_name(d.status)) } " by " (d.by.name)
                        @if d.channel == Channel::Staff { " (recorded by the dealer)" } @else { " (on the mobile page)" }
                        " on version " (d.version) ", " (when(&session.person, d.at))
                        @if let Some(r) = &d.reason { " — " (r) }
                    }
                }
            }
        },
    )
}

/// A line's row (a blank one for a new line), with where it stands.
fn row(i: usize, line: Option<(&estimates::EstimateLine, &str)>) -> Markup {
    let n = i + 1;
    let l = line.map(|(l, _)| l);
    let kind = l.map(|l| l.kind);
    html! {
        tr {
            td {
                @if let Some(l) = l { input type="hidden" name=(format!("line-{i}")) value=(l.id); }
                select name=(format!("kind-{i}")) aria-label=(format!("Kind, line {n}")) {
                    @for k in [estimates::LineKind::Labor, estimates::LineKind::Part, estimates::LineKind::Fee] {
                        option value=(kind_value(k)) selected[kind == Some(k)] { (kind_name(k)) }
                    }
                }
            }
            td { input type="text" name=(format!("description-{i}")) aria-label=(format!("Description, line {n}")) value=(l.map(|l| l.description.as_str()).unwrap_or("")); }
            td { input type="text" inputmode="decimal" size="6" name=(format!("quantity-{i}")) aria-label=(format!("Quantity, line {n}")) value=(l.map(|l| l.quantity.to_string()).unwrap_or_default()); }
            td { input type="text" inputmode="decimal" size="9" name=(format!("price-{i}")) aria-label=(format!("Unit price in dollars, line {n}")) value=(l.map(|l| price(l.unit_price_cents)).unwrap_or_default()); }
            td { @if let Some((_, standing)) = line { (standing) } }
        }
    }
}

fn kind_value(k: estimates::LineKind) -> &'static str {
    match k {
        estimates::LineKind::Part => "part",
        estimates::LineKind::Labor => "labor",
        estimates::LineKind::Fee => "fee",
    }
}

/// A price as the form takes it back: `600.00`.
fn price(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}
