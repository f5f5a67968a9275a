//! What the customer's pages show, built from what a link opened: the dealer as customers
//! reach it, the case in their words (no id), each estimate with its lines, totals, terms
//! and history, and the thank-you page. Plain data for `casebridge_templates`.

use super::links::Opened;
use crate::cases::Case;
use crate::dealers::{self, Dealer, DealerFront};
use crate::estimates::{self, ApprovalStatus, Estimate};

pub use casebridge_templates::views::{
    CaseView, DealerView, DecidedView, EstimateView, LineStatus, LineView, NoteView, PageView,
    PhotoThumb, SectionView, Showing, TotalRow,
};

/// The dealer on every page, error pages included.
pub(crate) fn dealer_view(dealer: &Dealer) -> DealerView {
    let front = DealerFront::of(dealer);
    let (phone, tel) = front.phone.unzip();
    DealerView {
        name: front.name,
        address: front.address,
        phone,
        tel,
    }
}

/// The case as its customer knows it.
pub(crate) fn case_view(case: &Case) -> CaseView {
    let a = &case.asset;
    CaseView {
        // A case from before numbering is called by its id, which a customer never sees.
        number: (case.number > 0).then(|| case.label()),
        customer: case.customer.name.clone(),
        unit: a.unit_number.clone(),
        vehicle: a.vehicle(),
        vin: a.vin.clone(),
        status: status_for_people(case.status).to_string(),
    }
}

/// The thank-you page: the estimate as it now stands, and who authorised it.
pub(crate) fn decided_view(opened: &Opened, e: &Estimate, decided: usize) -> Option<DecidedView> {
    let estimate = estimate_view(e, opened)?;
    let mine = e
        .decisions
        .iter()
        .rev()
        .find(|d| d.by.id.as_deref() == Some(opened.contact.id.as_str()));
    let authorisation = mine.and_then(|d| d.authorisation.clone());
    let mut approved = estimate.approved.clone();
    if estimate.approved_before_tax {
        approved.push_str(" before tax");
    }
    Some(DecidedView {
        dealer: dealer_view(&opened.dealer),
        case: case_view(&opened.case),
        decided: crate::text::count(decided as i64, "line", "lines"),
        approved,
        approver: authorisation
            .as_ref()
            .map_or_else(|| opened.contact.name.clone(), |a| a.approver.clone()),
        po_number: authorisation.and_then(|a| a.po_number),
        estimate,
    })
}

fn line_status(s: ApprovalStatus) -> LineStatus {
    match s {
        ApprovalStatus::Requested => LineStatus::Waiting,
        ApprovalStatus::Approved => LineStatus::Approved,
        ApprovalStatus::Deferred => LineStatus::Deferred,
        ApprovalStatus::Declined => LineStatus::Declined,
    }
}

/// Versions sent (and sent again, and reminded), first looks, decisions and who authorised
/// them, oldest first, as sentences.
fn history(e: &Estimate, time_zone: &str) -> Vec<String> {
    let when = |t| dealers::time_for_people(t, time_zone);
    let mut history: Vec<(jiff::Timestamp, String)> = Vec::new();
    for v in &e.versions {
        let n = v.number;
        history.push((
            v.sent_at,
            format!(
                "Version {n} sent by {}, {}",
                v.sent_by.name,
                when(v.sent_at)
            ),
        ));
        for r in &v.reminders {
            let by = &r.sent_by.name;
            history.push((
                r.sent_at,
                format!("Version {n} sent again by {by}, {}", when(r.sent_at)),
            ));
        }
        for o in &v.opened {
            let who = &o.contact.name;
            history.push((o.at, format!("{who} opened version {n}, {}", when(o.at))));
        }
        for (i, at) in v.reminded_at.iter().enumerate() {
            let nth = i + 1;
            history.push((
                *at,
                format!("Reminder {nth} about version {n} sent, {}", when(*at)),
            ));
        }
    }
    history.extend(decisions(e, &when));
    // Stable: a decision recorded at the same instant as a sending stays after it.
    history.sort_by_key(|(at, _)| *at);
    history.into_iter().map(|(_, text)| text).collect()
}

/// Each decision, and once per submission who authorised it.
fn decisions(
    e: &Estimate,
    when: &dyn Fn(jiff::Timestamp) -> String,
) -> Vec<(jiff::Timestamp, String)> {
    let mut said = Vec::new();
    for (d, authorised) in estimates::with_authorisation(&e.decisions) {
        said.push((d.at, estimates::decision_sentence(e, d, &when(d.at))));
        if let Some(a) = authorised {
            let po = a
                .po_number
                .as_deref()
                .map(|p| format!(" (PO {p})"))
                .unwrap_or_default();
            let who = format!("Authorised by {}{po}, {}", a.approver, when(d.at));
            said.push((d.at, who));
        }
    }
    said
}

/// An estimate sent for approval as `opened`'s contact reads it; `None` before it is sent.
pub(crate) fn estimate_view(e: &Estimate, opened: &Opened) -> Option<EstimateView> {
    let version = e.versions.last()?;
    let lines: Vec<LineView> = e.lines.iter().map(line_view).collect();
    let t = &e.totals;
    let approved_taxable_cents = e
        .lines
        .iter()
        .filter(|l| l.taxable && l.approval.status == ApprovalStatus::Approved)
        .map(|l| l.total_cents)
        .sum();
    let waiting = lines.iter().any(|l| l.status == LineStatus::Waiting);
    let may_decide = version.asks(opened.contact.id.as_str());
    let contact_id = Some(opened.contact.id.to_string());
    let first_look = !version.opened.iter().any(|o| o.contact.id == contact_id);
    let terms = crate::estimates::Authorising::on_page(&opened.dealer, &opened.contact.name);
    Some(EstimateView {
        id: e.id.to_string(),
        version: version.number,
        standing: standing(waiting, may_decide, &version.asked_names(), t),
        waiting,
        may_decide,
        first_look,
        asked: version.asked_names(),
        sections: estimates::sections(&e.lines)
            .into_iter()
            .map(|(job, total, lines)| SectionView {
                job: job.map(str::to_string),
                total: estimates::dollars(total),
                lines,
            })
            .collect(),
        lines,
        total_rows: total_rows(t),
        total: estimates::dollars(t.total_cents),
        approved: estimates::dollars(t.approved_cents),
        approved_cents: t.approved_cents,
        approved_before_tax: t.approved_before_tax(),
        approved_subtotal_cents: t.approved_subtotal_cents,
        approved_taxable_cents,
        any_approved: e
            .lines
            .iter()
            .any(|l| l.approval.status == ApprovalStatus::Approved),
        shop_supplies_cents: t.shop_supplies_cents,
        tax_rate_milli_percent: t.tax_rate_percent.map(|r| (r * 1000.0).round() as i64),
        history: history(e, &opened.dealer.settings.time_zone),
        approver: opened.contact.name.clone(),
        po_required: terms.po_required,
        statement: terms.statement.unwrap_or_default(),
    })
}

/// Where an estimate stands, in a few words.
fn standing(waiting: bool, may_decide: bool, asked: &str, t: &estimates::Totals) -> String {
    match (waiting, may_decide) {
        (true, true) => "Waiting for your decision".to_string(),
        (true, false) => format!("Waiting for {asked}"),
        (false, _) if t.approved_cents > 0 => {
            format!("Decided: {} approved", estimates::dollars(t.approved_cents))
        }
        (false, _) => "Decided".to_string(),
    }
}

fn line_view(l: &crate::estimates::EstimateLine) -> LineView {
    let kind = estimates::kind_word(l.kind);
    LineView {
        id: l.id.clone(),
        description: l.description.clone(),
        kind,
        part_number: l.part_number.clone(),
        quantity: l.quantity,
        quantity_times_price: format!(
            "{} \u{d7} {}",
            l.quantity,
            estimates::dollars(l.unit_price_cents)
        ),
        total: estimates::dollars(l.total_cents),
        total_cents: l.total_cents,
        taxable: l.taxable,
        status: line_status(l.approval.status),
        reason: l.approval.reason.clone(),
        photos: Vec::new(),
    }
}

fn total_rows(t: &crate::estimates::Totals) -> Vec<TotalRow> {
    estimates::total_rows(t)
        .into_iter()
        .map(|(label, cents)| TotalRow {
            label,
            amount: estimates::dollars(cents),
        })
        .collect()
}

/// The case's status as the customer reads it, not in the shop's words.
pub(crate) fn status_for_people(status: crate::cases::CaseStatus) -> &'static str {
    use crate::cases::CaseStatus::*;
    match status {
        Open => "Opened",
        CheckIn => "Checked in",
        RequestForApproval => "Waiting for your approval",
        PartsHold => "Waiting for parts",
        AssetInService => "Being worked on",
        AssetReady => "Ready for pickup",
        Closed => "Closed",
    }
}
