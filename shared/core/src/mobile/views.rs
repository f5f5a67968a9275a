//! What the customer's pages show, built from what a link opened: the dealer as customers
//! reach it, the case in their words (no id), each estimate with its lines, totals, terms
//! and history, and the thank-you page. Plain data for `casebridge_templates`.

use super::links::Opened;
use crate::cases::Case;
use crate::dealers::{self, Dealer, DealerFront};
use crate::estimates::{self, ApprovalStatus, Estimate};
use crate::words::{say, word, Language};

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
pub(crate) fn case_view(case: &Case, language: Language) -> CaseView {
    let a = &case.asset;
    CaseView {
        // A case from before numbering is called by its id, which a customer never sees.
        number: (case.number > 0).then(|| case.label()),
        customer: case.customer.name.clone(),
        unit: a.unit_number.clone(),
        vehicle: a.vehicle(),
        vin: a.vin.clone(),
        status: status_for_people(case.status, language),
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
    let l = opened.language;
    let mut approved = estimate.approved.clone();
    if estimate.approved_before_tax {
        approved = format!("{approved} {}", word(l, "before-tax"));
    }
    Some(DecidedView {
        language: l,
        dealer: dealer_view(&opened.dealer),
        case: case_view(&opened.case, l),
        decided: say(l, "count-lines", &[("count", decided.into())]),
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
fn history(e: &Estimate, time_zone: &str, l: Language) -> Vec<String> {
    let when = |t| dealers::time_in(t, time_zone, l);
    let mut history: Vec<(jiff::Timestamp, String)> = Vec::new();
    for v in &e.versions {
        let n = || ("version", v.number.into());
        let sent = |id, name: &str, at| {
            say(
                l,
                id,
                &[n(), ("name", name.into()), ("when", when(at).into())],
            )
        };
        history.push((v.sent_at, sent("history-sent", &v.sent_by.name, v.sent_at)));
        for r in &v.reminders {
            history.push((
                r.sent_at,
                sent("history-sent-again", &r.sent_by.name, r.sent_at),
            ));
        }
        for o in &v.opened {
            history.push((o.at, sent("history-opened", &o.contact.name, o.at)));
        }
        for (i, at) in v.reminded_at.iter().enumerate() {
            let values = [n(), ("nth", (i + 1).into()), ("when", when(*at).into())];
            history.push((*at, say(l, "history-reminder", &values)));
        }
    }
    history.extend(decisions(e, &when, l));
    // Stable: a decision recorded at the same instant as a sending stays after it.
    history.sort_by_key(|(at, _)| *at);
    history.into_iter().map(|(_, text)| text).collect()
}

/// Each decision, and once per submission who authorised it.
fn decisions(
    e: &Estimate,
    when: &dyn Fn(jiff::Timestamp) -> String,
    l: Language,
) -> Vec<(jiff::Timestamp, String)> {
    let mut said = Vec::new();
    for (d, authorised) in estimates::with_authorisation(&e.decisions) {
        said.push((d.at, estimates::decision_sentence(e, d, &when(d.at), l)));
        if let Some(a) = authorised {
            let mut values = vec![
                ("approver", (&a.approver).into()),
                ("when", when(d.at).into()),
            ];
            let id = match &a.po_number {
                Some(po) => {
                    values.push(("po", po.into()));
                    "history-authorised-po"
                }
                None => "history-authorised",
            };
            said.push((d.at, say(l, id, &values)));
        }
    }
    said
}

/// An estimate sent for approval as `opened`'s contact reads it; `None` before it is sent.
pub(crate) fn estimate_view(e: &Estimate, opened: &Opened) -> Option<EstimateView> {
    let version = e.versions.last()?;
    let lines: Vec<LineView> = e
        .lines
        .iter()
        .map(|line| line_view(line, opened.language))
        .collect();
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
    let l = opened.language;
    let terms = crate::estimates::Authorising::on_page(&opened.dealer, &opened.contact.name, l);
    let asked = estimates::asked_names(version, l);
    Some(EstimateView {
        id: e.id.to_string(),
        version: version.number,
        standing: standing(l, (waiting, may_decide), &asked, t),
        waiting,
        may_decide,
        first_look,
        asked,
        asked_count: version.asked_contacts.len(),
        sections: estimates::sections(&e.lines)
            .into_iter()
            .map(|(job, total, lines)| SectionView {
                job: job.map(str::to_string),
                total: estimates::dollars(total),
                lines,
            })
            .collect(),
        lines,
        total_rows: total_rows(t, l),
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
        history: history(e, &opened.dealer.settings.time_zone, l),
        approver: opened.contact.name.clone(),
        po_required: terms.po_required,
        statement: terms.statement.unwrap_or_default(),
    })
}

/// Where an estimate stands, in a few words.
fn standing(
    l: Language,
    (waiting, may_decide): (bool, bool),
    asked: &str,
    t: &estimates::Totals,
) -> String {
    match (waiting, may_decide) {
        (true, true) => word(l, "standing-yours"),
        (true, false) => say(l, "standing-others", &[("names", asked.into())]),
        (false, _) if t.approved_cents > 0 => {
            let amount = estimates::dollars(t.approved_cents);
            say(l, "standing-decided-approved", &[("amount", amount.into())])
        }
        (false, _) => word(l, "standing-decided"),
    }
}

fn line_view(l: &crate::estimates::EstimateLine, language: Language) -> LineView {
    let kind = estimates::kind_word(l.kind, language);
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

fn total_rows(t: &crate::estimates::Totals, l: Language) -> Vec<TotalRow> {
    estimates::total_rows(t, l)
        .into_iter()
        .map(|(label, cents)| TotalRow {
            label,
            amount: estimates::dollars(cents),
        })
        .collect()
}

/// The case's status as the customer reads it, not in the shop's words.
pub(crate) fn status_for_people(status: crate::cases::CaseStatus, l: Language) -> String {
    use crate::cases::CaseStatus::*;
    let id = match status {
        Open => "case-open",
        CheckIn => "case-checked-in",
        RequestForApproval => "case-approval",
        PartsHold => "case-parts",
        AssetInService => "case-in-service",
        AssetReady => "case-ready",
        Closed => "case-closed",
    };
    word(l, id)
}
