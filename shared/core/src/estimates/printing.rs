//! A version of an estimate as a PDF (`GET …/estimates/{estimateId}/versions/{n}/pdf`, and
//! the customer's link on the page): the dealer and the case, the lines as sent, the totals,
//! the decisions made on that version with who authorised them, so every figure on the page
//! can be checked against it.

use super::model::*;
use super::store::{self, VersionSnapshot};
use super::sums::totals;
use super::wording::{decision_sentence, kind_word, total_rows};
use crate::cases::Case;
use crate::dealers::{Dealer, DealerFront};
use crate::error::{Error, Result};
use crate::ids::{CaseId, EstimateId};
use crate::ports::{PrintedBlock, PrintedDocument, PrintedStyle};
use crate::text::dollars;
use crate::App;
// The PDF is the dealer's record of a version: in English, whatever the page was read in.
use crate::Language;

/// The PDF of version `n` of an estimate of `dealer`'s case (the caller checked the case is
/// theirs to read: a Case user's, or the customer's link's).
pub async fn version_pdf(
    app: &App,
    dealer: &Dealer,
    case: &Case,
    estimate_id: &EstimateId,
    n: u32,
) -> Result<Vec<u8>> {
    let e = store::load(app, &dealer.id, &case.id, estimate_id).await?;
    let version = version_of(&e, n)?;
    let snapshot = match store::load_snapshot(app, &dealer.id, &e, n).await? {
        Some(s) => s,
        // Sent before versions were kept whole: the current one is still what was sent.
        None if n as usize == e.versions.len()
            && super::sums::digest(&e.lines) == version.digest =>
        {
            VersionSnapshot {
                number: n,
                lines: e.lines.clone(),
                totals: e.totals.clone(),
            }
        }
        None => {
            return Err(Error::Conflict(format!(
                "version {n} was sent before versions were kept whole; its PDF cannot be made"
            )))
        }
    };
    let doc = document(app, dealer, case, &e, version, &snapshot);
    app.transcripts.render_document(&doc)
}

fn version_of(e: &Estimate, n: u32) -> Result<&EstimateVersion> {
    e.versions
        .iter()
        .find(|v| v.number == n)
        .ok_or_else(|| Error::not_found(format!("version {n} of this estimate")))
}

/// The version's lines with the decisions made on it, and what they come to.
fn as_decided(e: &Estimate, s: &VersionSnapshot) -> (Vec<EstimateLine>, Totals) {
    let mut lines = s.lines.clone();
    for d in e.decisions.iter().filter(|d| d.version == s.number) {
        if let Some(l) = lines.iter_mut().find(|l| l.id == d.line_id) {
            l.approval.status = d.status;
            l.approval.reason = d.reason.clone();
        }
    }
    let t = totals(&lines, s.totals.shop_supplies_cents, Tax::of(&s.totals));
    (lines, t)
}

fn document(
    app: &App,
    dealer: &Dealer,
    case: &Case,
    e: &Estimate,
    v: &EstimateVersion,
    s: &VersionSnapshot,
) -> PrintedDocument {
    let tz = &dealer.settings.time_zone;
    let when = |t| crate::dealers::time_for_people(t, tz);
    let mut b = Blocks(Vec::new());
    b.add(
        PrintedStyle::Title,
        format!("Estimate, version {}", v.number),
    );
    let front = DealerFront::of(dealer);
    let mut reach = vec![front.name.clone()];
    reach.extend(front.address.clone());
    reach.extend(front.phone.map(|(people, _)| people));
    b.add(PrintedStyle::Body, reach.join(" \u{b7} "));
    b.add(PrintedStyle::Body, about(case));
    let sent = format!("Sent by {}, {}", v.sent_by.name, when(v.sent_at));
    b.add(PrintedStyle::Small, sent);
    let (lines, t) = as_decided(e, s);
    lines_and_totals(&mut b, &lines, &t);
    decisions(&mut b, e, v, &when);
    let short = v.digest.get(..16).unwrap_or(&v.digest);
    let (n, label) = (v.number, case.label());
    PrintedDocument {
        title: format!("Estimate version {n} \u{b7} case {label}"),
        running: format!(
            "{} \u{b7} estimate version {n} \u{b7} case {label}",
            dealer.name
        ),
        footer: format!("Estimate version {n} \u{b7} case {label} \u{b7} "),
        footer2: format!(
            "Generated {} \u{b7} version SHA-256 {short}\u{2026}",
            when(app.clock.now())
        ),
        subject: format!("estimate version SHA-256 {}", v.digest),
        blocks: b.0,
    }
}

/// The lines, each job's together under its name and total, then the totals.
fn lines_and_totals(b: &mut Blocks, lines: &[EstimateLine], t: &Totals) {
    b.add(PrintedStyle::Heading, "Lines".into());
    for (job, total, at) in super::wording::sections(lines) {
        if let Some(job) = job {
            b.add(
                PrintedStyle::Heading,
                format!("{job} \u{2014} {}", dollars(total)),
            );
        }
        for l in at.iter().filter_map(|i| lines.get(*i)) {
            line_blocks(b, l);
        }
    }
    totals_blocks(b, t);
}

/// A line: what it is and its total, then how the total is made and where it stands.
fn line_blocks(b: &mut Blocks, l: &EstimateLine) {
    let head = format!("{} \u{2014} {}", l.description, dollars(l.total_cents));
    b.add(PrintedStyle::Strong, head);
    let mut detail = vec![
        format!("{} \u{d7} {}", l.quantity, dollars(l.unit_price_cents)),
        kind_word(l.kind, Language::En),
    ];
    detail.extend(l.part_number.as_ref().map(|p| format!("part no. {p}")));
    if l.taxable {
        detail.push("taxed".into());
    }
    detail.push(format!("now: {}", status_word(l.approval.status)));
    b.indented(detail.join(" \u{b7} "));
}

fn totals_blocks(b: &mut Blocks, t: &Totals) {
    b.add(PrintedStyle::Heading, "Totals".into());
    for (label, cents) in total_rows(t, Language::En) {
        b.add(PrintedStyle::Body, format!("{label}: {}", dollars(cents)));
    }
    let total = format!("Estimate total: {}", dollars(t.total_cents));
    b.add(PrintedStyle::Strong, total);
    let before_tax = if t.approved_before_tax() {
        " before tax"
    } else {
        ""
    };
    let approved = format!("Approved: {}{before_tax}", dollars(t.approved_cents));
    b.add(PrintedStyle::Strong, approved);
}

/// The decisions made on the version, and who authorised each submission.
fn decisions(
    b: &mut Blocks,
    e: &Estimate,
    v: &EstimateVersion,
    when: &dyn Fn(jiff::Timestamp) -> String,
) {
    let made: Vec<&Decision> = e
        .decisions
        .iter()
        .filter(|d| d.version == v.number)
        .collect();
    b.add(
        PrintedStyle::Heading,
        format!("Decisions on version {}", v.number),
    );
    if made.is_empty() {
        b.add(PrintedStyle::Body, "None yet.".into());
    }
    for (d, authorised) in super::wording::with_authorisation(made) {
        b.add(
            PrintedStyle::Body,
            decision_sentence(e, d, &when(d.at), Language::En),
        );
        let Some(a) = authorised else { continue };
        let mut said = format!("Authorised by {}", a.approver);
        if let Some(po) = &a.po_number {
            said.push_str(&format!(", PO {po}"));
        }
        if let Some(statement) = &a.statement {
            said.push_str(&format!(", agreeing: \u{201c}{statement}\u{201d}"));
        }
        let from: Vec<&str> = [d.ip.as_deref(), d.user_agent.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !from.is_empty() {
            said.push_str(&format!(" (from {})", from.join(", ")));
        }
        b.indented(said);
    }
}

/// "Case #1001 · Jo Fleet Inc · unit T-7 · Kenworth T680 · VIN …".
fn about(case: &Case) -> String {
    let a = &case.asset;
    let mut parts = vec![
        format!("Case {}", case.label()),
        case.customer.name.clone(),
        format!("unit {}", a.unit_number),
    ];
    parts.extend(a.vehicle());
    parts.extend(a.vin.as_ref().map(|v| format!("VIN {v}")));
    parts.join(" \u{b7} ")
}

fn status_word(s: ApprovalStatus) -> &'static str {
    match s {
        ApprovalStatus::Requested => "waiting for the customer",
        ApprovalStatus::Approved => "approved",
        ApprovalStatus::Deferred => "deferred",
        ApprovalStatus::Declined => "declined",
    }
}

struct Blocks(Vec<PrintedBlock>);

impl Blocks {
    fn add(&mut self, style: PrintedStyle, text: String) {
        self.0.push(PrintedBlock {
            text,
            style,
            indent: 0.0,
        });
    }

    fn indented(&mut self, text: String) {
        self.0.push(PrintedBlock {
            text,
            style: PrintedStyle::Body,
            indent: 14.0,
        });
    }
}

/// `GET /v1/cases/{caseId}/estimates/{estimateId}/versions/{n}/pdf` for a Case user.
pub async fn version_pdf_for(
    app: &App,
    caller: &crate::auth::Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    n: u32,
) -> Result<Vec<u8>> {
    let case = crate::cases::get_case(app, caller, case_id).await?;
    let dealer = crate::dealers::load_dealer(app, &caller.dealer).await?;
    version_pdf(app, &dealer, &case, estimate_id, n).await
}
