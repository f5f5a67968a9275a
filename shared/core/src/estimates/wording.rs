//! How an estimate reads, the same on the page and in its PDF: the rows its total is made
//! of, a line's kind, a decision as a sentence.

use super::model::*;
use crate::words::{say, word, Language};

/// The rows the total is made of, as (label, cents); a row that is zero is left out (a shop
/// without fees shows none), the subtotal always shows.
pub fn total_rows(t: &Totals, l: Language) -> Vec<(String, i64)> {
    let tax = match t.tax_rate_percent {
        Some(rate) => say(l, "total-tax-rate", &[("rate", rate.to_string().into())]),
        None => word(l, "total-tax"),
    };
    [
        (word(l, "total-parts"), t.parts_cents, false),
        (word(l, "total-labour"), t.labor_cents, false),
        (word(l, "total-fees"), t.fees_cents, false),
        (word(l, "total-subtotal"), t.subtotal_cents, true),
        (word(l, "total-supplies"), t.shop_supplies_cents, false),
        (tax, t.tax_cents, false),
    ]
    .into_iter()
    .filter(|(_, cents, always)| *always || *cents != 0)
    .map(|(label, cents, _)| (label, cents))
    .collect()
}

/// "Part", "Labour", "Fee".
pub fn kind_word(kind: LineKind, l: Language) -> String {
    let id = match kind {
        LineKind::Part => "kind-part",
        LineKind::Labor => "kind-labour",
        LineKind::Fee => "kind-fee",
    };
    word(l, id)
}

/// "Jo Fleet approved Brakes (by phone) on version 2, Mon 9:30 AM".
pub fn decision_sentence(e: &Estimate, d: &Decision, when: &str, l: Language) -> String {
    let line = e
        .lines
        .iter()
        .find(|line| line.id == d.line_id)
        .map_or_else(|| word(l, "line-removed"), |line| line.description.clone());
    let status = match d.status {
        ApprovalStatus::Approved => "approved",
        ApprovalStatus::Deferred => "deferred",
        ApprovalStatus::Declined => "declined",
        ApprovalStatus::Requested => "asked",
    };
    let reason = d
        .reason
        .as_deref()
        .map(|r| format!(" ({r})"))
        .unwrap_or_default();
    say(
        l,
        "decision",
        &[
            ("status", status.into()),
            ("name", (&d.by.name).into()),
            ("line", line.into()),
            ("reason", reason.into()),
            ("version", d.version.into()),
            ("when", when.into()),
        ],
    )
}

/// Who was asked to decide a version: "Jo Fleet, Ann Lee and Dave Driver", in `l`.
pub(crate) fn asked_names(version: &EstimateVersion, l: Language) -> String {
    let names: Vec<&str> = version
        .asked_contacts
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => say(
            l,
            "and-list",
            &[("rest", rest.join(", ").into()), ("last", (*last).into())],
        ),
    }
}

/// The lines as shown: each job's lines together (in the order its first line comes), with
/// the job's total; lines of no job stand alone where they are. As (job, total, indices).
pub fn sections(lines: &[EstimateLine]) -> Vec<(Option<&str>, i64, Vec<usize>)> {
    let mut out: Vec<(Option<&str>, i64, Vec<usize>)> = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let group = l.group.as_deref();
        match out
            .iter_mut()
            .find(|(g, _, _)| group.is_some() && *g == group)
        {
            Some((_, total, at)) => {
                *total += l.total_cents;
                at.push(i);
            }
            None => out.push((group, l.total_cents, vec![i])),
        }
    }
    out
}

/// The decisions in order, each with the authorisation of its submission on the first of
/// that submission's decisions (they share the instant and the approver), so the
/// authorisation is said once per submission.
pub fn with_authorisation<'a>(
    decisions: impl IntoIterator<Item = &'a Decision>,
) -> Vec<(&'a Decision, Option<&'a super::Authorisation>)> {
    let mut seen = std::collections::HashSet::new();
    decisions
        .into_iter()
        .map(|d| {
            let first = d
                .authorisation
                .as_ref()
                .filter(|a| !a.approver.is_empty() && seen.insert((d.at, a.approver.as_str())));
            (d, first)
        })
        .collect()
}
