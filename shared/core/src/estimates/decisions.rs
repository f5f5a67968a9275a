//! The rules of a customer's answer, without I/O: a submission checked on its own, then
//! applied to the estimate as it was read (only the contacts asked decide, on the version
//! they read), and the note that tells the advisor. `approval.rs` records it.

use super::model::*;
use super::sums::*;
use crate::error::{Error, FieldError, Result};

/// Who is deciding, and through what: the customer's link, or an advisor for them.
#[derive(Debug, Clone)]
pub(crate) struct Decider {
    pub author: crate::cases::Author,
    pub channel: Channel,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// Set from the submission once it is checked ([`super::authorise`]).
    pub authorisation: Option<super::Authorisation>,
}

pub use crate::text::dollars;

/// Checks a submission on its own (before anything is read).
pub(crate) fn check_decisions(input: &DecisionsInput, channel: Channel) -> Result<()> {
    let mut errors = Vec::new();
    if input.lines.is_empty() && input.all.is_none() {
        errors.push(FieldError::new(
            "lines",
            "choose approve, defer or decline for at least one line, or approve or decline all",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    for (i, d) in input.lines.iter().enumerate() {
        let reason = d.reason.as_deref().map(str::trim).unwrap_or("");
        if reason.chars().count() > MAX_REASON_CHARS {
            errors.push(FieldError::new(
                format!("lines[{i}].reason"),
                format!("at most {MAX_REASON_CHARS} characters"),
            ));
        }
        if channel == Channel::Staff && reason.is_empty() {
            errors.push(FieldError::new(
                format!("lines[{i}].reason"),
                "say how the customer decided (for example \"approved by phone\")",
            ));
        }
        if !seen.insert(d.line_id.as_str()) {
            errors.push(FieldError::new(
                format!("lines[{i}].lineId"),
                format!("line {:?} is decided twice", d.line_id),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(errors))
    }
}

/// The estimate after a submission, and the decisions it added (none when it repeats what
/// is recorded). Refused when the submission is for a version that is no longer current.
pub(crate) fn decide_decisions(
    e: &Estimate,
    input: &DecisionsInput,
    who: &Decider,
    now: jiff::Timestamp,
) -> Result<(Estimate, Vec<Decision>)> {
    // Said without the estimate's id: these words reach the customer's page, and the
    // request already names the estimate.
    let current = e.versions.last().ok_or_else(|| {
        Error::Conflict("this estimate has not been sent for approval yet".into())
    })?;
    may_decide(current, who)?;
    still_current(e, current, input)?;
    let mut after = e.clone();
    let input = &with_all(e, input);
    let added = record_lines(&mut after, current, input, who, now)?;
    if after.decisions.len() + added.len() > MAX_DECISIONS {
        return Err(Error::Conflict(format!(
            "this estimate has {MAX_DECISIONS} decisions recorded; write a new estimate"
        )));
    }
    after.decisions.extend(added.iter().cloned());
    let shop = after.totals.shop_supplies_cents;
    after.totals = totals(&after.lines, shop, Tax::of(&after.totals));
    Ok((after, added))
}

/// The submission with "approve all" or "decline all" spelled out: each line still waiting
/// that is not decided on its own gets the choice (after the lines decided on their own).
fn with_all(e: &Estimate, input: &DecisionsInput) -> DecisionsInput {
    let mut lines = input.lines.clone();
    if let Some(all) = input.all {
        for l in &e.lines {
            let waiting = l.approval.status == ApprovalStatus::Requested;
            if waiting && !input.lines.iter().any(|d| d.line_id == l.id) {
                lines.push(LineDecision {
                    line_id: l.id.clone(),
                    decision: all.choice(),
                    reason: None,
                });
            }
        }
    }
    DecisionsInput {
        lines,
        all: None,
        ..input.clone()
    }
}

/// On their link, only the contacts the version was sent to decide it.
fn may_decide(current: &EstimateVersion, who: &Decider) -> Result<()> {
    if who.channel != Channel::Mobile {
        return Ok(());
    }
    let contact = who.author.id.as_deref().unwrap_or_default();
    if current.asks(contact) {
        return Ok(());
    }
    Err(Error::Forbidden(format!(
        "only {} {} asked to decide version {} of this estimate; {} can read it but not decide it",
        super::asked_names(current, crate::Language::En),
        if current.asked_contacts.len() == 1 {
            "was"
        } else {
            "were"
        },
        current.number,
        who.author.name
    )))
}

/// A decision is on the version the customer read, and the lines still say what it said.
fn still_current(e: &Estimate, current: &EstimateVersion, input: &DecisionsInput) -> Result<()> {
    let unchanged = digest(&e.lines) == current.digest;
    if input.version == current.number && unchanged {
        return Ok(());
    }
    Err(Error::Conflict(format!(
        "version {} of this estimate is no longer current{}; decide on what it says now",
        input.version,
        if unchanged {
            format!(" (version {} is)", current.number)
        } else {
            " (the advisor is revising it)".to_string()
        }
    )))
}

/// Sets each line's approval; the decisions that changed something, in the submitted order.
fn record_lines(
    after: &mut Estimate,
    current: &EstimateVersion,
    input: &DecisionsInput,
    who: &Decider,
    now: jiff::Timestamp,
) -> Result<Vec<Decision>> {
    let mut errors = Vec::new();
    let mut added = Vec::new();
    for (i, d) in input.lines.iter().enumerate() {
        let Some(line) = after.lines.iter_mut().find(|l| l.id == d.line_id) else {
            errors.push(FieldError::new(
                format!("lines[{i}].lineId"),
                format!(
                    "{:?} is not a line of version {}",
                    d.line_id, current.number
                ),
            ));
            continue;
        };
        let reason = d
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        let status = d.decision.status();
        if line.approval.status == status && line.approval.reason == reason {
            continue; // the same decision again: recorded once
        }
        line.approval = Approval {
            status,
            reason: reason.clone(),
            reviewed_by: Some(who.author.clone()),
            reviewed_at: Some(now),
            channel: Some(who.channel),
        };
        added.push(Decision {
            line_id: line.id.clone(),
            status,
            reason,
            by: who.author.clone(),
            at: now,
            channel: who.channel,
            version: current.number,
            digest: current.digest.clone(),
            ip: who.ip.clone(),
            user_agent: who.user_agent.clone(),
            authorisation: who.authorisation.clone(),
        });
    }
    if errors.is_empty() {
        Ok(added)
    } else {
        Err(Error::invalid(errors))
    }
}

/// "Jo Fleet approved 2 lines, deferred 1, declined 1 — $1,234.00 approved".
pub(crate) fn decision_note(who: &Decider, added: &[Decision], approved_cents: i64) -> String {
    let count = |s: ApprovalStatus| added.iter().filter(|d| d.status == s).count();
    let mut parts = Vec::new();
    for (s, verb) in [
        (ApprovalStatus::Approved, "approved"),
        (ApprovalStatus::Deferred, "deferred"),
        (ApprovalStatus::Declined, "declined"),
    ] {
        let n = count(s);
        if n > 0 {
            let what = if parts.is_empty() {
                format!(" {}", crate::text::count(n as i64, "line", "lines"))
            } else {
                format!(" {n}")
            };
            parts.push(format!("{verb}{what}"));
        }
    }
    let on_behalf = match who.channel {
        Channel::Staff => " for the customer",
        Channel::Mobile => "",
    };
    let mut note = format!(
        "{}{on_behalf} {} \u{2014} {} approved",
        who.author.name,
        parts.join(", "),
        dollars(approved_cents)
    );
    if let Some(a) = &who.authorisation {
        if !a.approver.is_empty() && a.approver != who.author.name {
            note.push_str(&format!("; authorised by {}", a.approver));
        }
        if let Some(po) = &a.po_number {
            note.push_str(&format!("; PO {po}"));
        }
    }
    note
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimates::asking::{decide_send, Asking};
    use crate::estimates::fixtures::{ids, input};
    use crate::estimates::service::decide_lines;
    use crate::ids::CaseId;

    fn sent_estimate() -> Estimate {
        let i = input(serde_json::json!({"lines": [
            {"kind": "labor", "description": "Brakes", "quantity": 2, "unitPriceCents": 60000},
            {"kind": "part", "description": "Tyres", "quantity": 2, "unitPriceCents": 45000},
            {"kind": "part", "description": "Wipers", "quantity": 2, "unitPriceCents": 1500}
        ]}));
        let lines = decide_lines(&i, &i.validate().unwrap(), &[], &mut ids()).unwrap();
        let by = crate::cases::Author {
            id: None,
            name: "Ann Advisor".into(),
        };
        let now: jiff::Timestamp = "2026-11-25T16:00:00Z".parse().unwrap();
        let mut e = Estimate {
            id: "e1".into(),
            case_id: CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}")),
            totals: totals(&lines, 0, Tax::Lump(0)),
            lines,
            created_by: by.clone(),
            created_at: now,
            updated_at: now,
            version: 1,
            versions: Vec::new(),
            decisions: Vec::new(),
        };
        let Asking::NewVersion(v) = decide_send(&e, &by, &[], now).unwrap() else {
            panic!("a first send is a version");
        };
        e.versions.push(v);
        e
    }

    fn jo() -> Decider {
        Decider {
            author: crate::cases::Author {
                id: Some("k1".into()),
                name: "Jo Fleet".into(),
            },
            channel: Channel::Mobile,
            ip: Some("203.0.113.9".into()),
            user_agent: Some("Mobile Safari".into()),
            authorisation: None,
        }
    }

    fn decisions(version: u32, d: serde_json::Value) -> DecisionsInput {
        serde_json::from_value(serde_json::json!({"version": version, "lines": d})).unwrap()
    }

    #[test]
    fn three_lines_decided_three_ways_make_one_note_and_the_approved_total() {
        let e = sent_estimate();
        let now: jiff::Timestamp = "2026-11-25T17:00:00Z".parse().unwrap();
        let input = decisions(
            1,
            serde_json::json!([
                {"lineId": "l1", "decision": "approve"},
                {"lineId": "l2", "decision": "defer", "reason": "next month"},
                {"lineId": "l3", "decision": "decline"}
            ]),
        );
        check_decisions(&input, Channel::Mobile).unwrap();
        let (after, added) = decide_decisions(&e, &input, &jo(), now).unwrap();
        assert_eq!(added.len(), 3);
        assert_eq!(added[1].ip.as_deref(), Some("203.0.113.9"));
        assert_eq!(added[0].digest, e.versions[0].digest);
        assert_eq!(after.totals.approved_cents, 120000);
        assert_eq!(
            after.lines[1].approval.reason.as_deref(),
            Some("next month")
        );
        assert_eq!(
            decision_note(&jo(), &added, after.totals.approved_cents),
            "Jo Fleet approved 1 line, deferred 1, declined 1 \u{2014} $1,200.00 approved"
        );
        // The same submission again records nothing new
        let (_, again) = decide_decisions(&after, &input, &jo(), now).unwrap();
        assert!(again.is_empty());
    }

    #[test]
    fn a_decision_on_an_old_or_revised_version_is_refused() {
        let mut e = sent_estimate();
        let now: jiff::Timestamp = "2026-11-25T17:00:00Z".parse().unwrap();
        let one = decisions(
            1,
            serde_json::json!([{"lineId": "l1", "decision": "approve"}]),
        );
        e.lines[1].unit_price_cents = 42000; // revised, not sent again
        let err = decide_decisions(&e, &one, &jo(), now)
            .unwrap_err()
            .to_string();
        assert!(err.contains("revising"), "{err}");
        let by = crate::cases::Author {
            id: None,
            name: "Ann".into(),
        };
        let Asking::NewVersion(v) = decide_send(&e, &by, &[], now).unwrap() else {
            panic!("the revised lines are a new version");
        };
        e.versions.push(v);
        let err = decide_decisions(&e, &one, &jo(), now)
            .unwrap_err()
            .to_string();
        assert!(err.contains("version 2 is"), "{err}");
        // Sending the same lines again makes no new version: it asks again about this one
        assert!(matches!(
            decide_send(&e, &by, &[], now).unwrap(),
            Asking::Again(_)
        ));
    }

    #[test]
    fn bad_submissions_are_named() {
        let e = sent_estimate();
        let now: jiff::Timestamp = "2026-11-25T17:00:00Z".parse().unwrap();
        let none = decisions(1, serde_json::json!([]));
        assert!(check_decisions(&none, Channel::Mobile).is_err());
        let long = decisions(
            1,
            serde_json::json!([{"lineId": "l1", "decision": "approve", "reason": "x".repeat(501)}]),
        );
        assert!(check_decisions(&long, Channel::Mobile)
            .unwrap_err()
            .to_string()
            .contains("reason"));
        let twice = decisions(
            1,
            serde_json::json!([{"lineId": "l1", "decision": "approve"}, {"lineId": "l1", "decision": "decline"}]),
        );
        assert!(check_decisions(&twice, Channel::Mobile).is_err());
        let staff_without_reason = decisions(
            1,
            serde_json::json!([{"lineId": "l1", "decision": "approve"}]),
        );
        assert!(check_decisions(&staff_without_reason, Channel::Staff).is_err());
        let stranger = decisions(
            1,
            serde_json::json!([{"lineId": "l9", "decision": "approve"}]),
        );
        let err = decide_decisions(&e, &stranger, &jo(), now)
            .unwrap_err()
            .to_string();
        assert!(err.contains("lines[0].lineId"), "{err}");
    }

    #[test]
    fn dollars_read_as_people_write_them() {
        assert_eq!(dollars(123400), "$1,234.00");
        assert_eq!(dollars(5), "$0.05");
        assert_eq!(dollars(10_000_000_000), "$100,000,000.00");
    }
}
