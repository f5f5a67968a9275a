//! Asking the customer: the estimate's current lines frozen as a version and sent, or, when
//! they have not changed, the same version asked about again (a reminder); either way the
//! contacts asked are recorded and texted once per call.

use super::model::*;
use super::service::{get, may_write};
use super::sums::*;
use crate::auth::Caller;
use crate::cases::author_of;
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, Result};
use crate::ids::CaseId;
use crate::ids::EstimateId;
use crate::App;

/// What a Request for Approval comes to: a new version when the lines changed since the
/// last one sent, else the same version asked about again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Asking {
    NewVersion(EstimateVersion),
    Again(Reminder),
}

/// What to send now: the estimate's current lines frozen as a new version, or, when they are
/// what was last sent, a reminder about that version (refused when none of its lines waits).
pub(crate) fn decide_send(
    e: &Estimate,
    by: &crate::cases::Author,
    asked_contacts: &[crate::cases::Author],
    now: jiff::Timestamp,
) -> Result<Asking> {
    let digest = digest(&e.lines);
    let waiting: Vec<String> = e
        .lines
        .iter()
        .filter(|l| l.approval.status == ApprovalStatus::Requested)
        .map(|l| l.id.clone())
        .collect();
    if waiting.is_empty() {
        return Err(Error::Conflict(format!(
            "every line of estimate {} is decided; there is nothing to ask",
            e.id
        )));
    }
    if e.versions.last().is_some_and(|v| v.digest == digest) {
        return Ok(Asking::Again(Reminder {
            sent_by: by.clone(),
            sent_at: now,
            asked_contacts: asked_contacts.to_vec(),
        }));
    }
    if e.versions.len() >= MAX_VERSIONS {
        return Err(Error::Conflict(format!(
            "estimate {} was sent {MAX_VERSIONS} times; write a new estimate",
            e.id
        )));
    }
    Ok(Asking::NewVersion(EstimateVersion {
        number: e.versions.len() as u32 + 1,
        digest,
        asked_line_ids: waiting,
        asked_contacts: asked_contacts.to_vec(),
        sent_by: by.clone(),
        sent_at: now,
        reminders: Vec::new(),
        reminded_at: Vec::new(),
        opened: Vec::new(),
    }))
}

/// The estimate after `asking` (the version added, or the reminder recorded on the current
/// version with its contacts asked too), and the lines the customer is asked about.
fn apply_asking(
    before: &Estimate,
    asking: Asking,
    now: jiff::Timestamp,
) -> Result<(Estimate, EstimateVersion)> {
    let mut after = before.clone();
    match asking {
        Asking::NewVersion(v) => after.versions.push(v),
        Asking::Again(reminder) => {
            if before
                .versions
                .last()
                .is_some_and(|v| v.reminders.len() >= MAX_REMINDERS)
            {
                return Err(Error::Conflict(format!(
                    "version {} of estimate {} was sent again {MAX_REMINDERS} times; call the customer",
                    before.versions.len(),
                    before.id
                )));
            }
            let waiting: Vec<String> = before
                .lines
                .iter()
                .filter(|l| l.approval.status == ApprovalStatus::Requested)
                .map(|l| l.id.clone())
                .collect();
            let Some(current) = after.versions.last_mut() else {
                return Err(Error::Internal("a reminder about no version".into()));
            };
            for c in &reminder.asked_contacts {
                if !current.asked_contacts.iter().any(|a| a.id == c.id)
                    && !current.asked_contacts.is_empty()
                {
                    current.asked_contacts.push(c.clone());
                }
            }
            current.reminders.push(reminder);
            // The event names the lines still waiting, not every line first asked about.
            let mut asked = current.clone();
            asked.asked_line_ids = waiting;
            after.updated_at = now;
            after.version += 1;
            return Ok((after, asked));
        }
    }
    after.updated_at = now;
    after.version += 1;
    let current = after
        .versions
        .last()
        .cloned()
        .ok_or_else(|| Error::Internal("no version".into()))?;
    Ok((after, current))
}

/// Freezes the estimate's current lines as a version for the customer (the Quick Action
/// "request approval" does this with the status change), or asks again about the version
/// already sent when the lines have not changed: each call texts the contacts asked once.
pub async fn send(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    asked: &[crate::cases::Author],
) -> Result<Estimate> {
    may_write(caller)?;
    let contact_ids: Vec<String> = asked.iter().filter_map(|a| a.id.clone()).collect();
    // Its approval reminder falls due after the dealer's hours.
    let dealer = crate::dealers::load_dealer(app, &caller.dealer).await?;
    commit(app, &format!("estimate {estimate_id}"), || async {
        let before = get(app, caller, case_id, estimate_id).await?;
        let now = app.clock.now();
        let asking = decide_send(&before, &author_of(caller), asked, now)?;
        let (after, version) = apply_asking(&before, asking, now)?;
        let event = crate::events::DomainEvent::new(
            app,
            &caller.dealer,
            Some(&after.case_id),
            crate::happened::Happened::EstimateSent(crate::happened::EstimateSent {
                estimate_id: after.id.clone(),
                version: version.number,
                asked_line_ids: version.asked_line_ids.clone(),
                by: author_of(caller),
                contact_ids: contact_ids.clone(),
                total_cents: Some(after.totals.total_cents),
            }),
        );
        // A new version is kept as sent, for its PDF.
        let snapshot =
            (after.versions.len() > before.versions.len()).then(|| super::store::VersionSnapshot {
                number: version.number,
                lines: after.lines.clone(),
                totals: after.totals.clone(),
            });
        let kept = snapshot
            .map(|s| super::store::snapshot_op(&caller.dealer, &after, &s))
            .transpose()?;
        Ok(Round::Write(
            Plan::new(after.clone())
                .writes(kept)
                .write(super::store::replace_op(&caller.dealer, &before, &after)?)
                .write(super::reminders::schedule_op(
                    &dealer,
                    &after,
                    version.number,
                    now,
                )?)
                .raise(event),
        ))
    })
    .await
}

/// How often one version may be sent again (a runaway button is not a reminder).
const MAX_REMINDERS: usize = 20;
