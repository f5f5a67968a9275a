//! Seen and reminded: the first time a contact opens a version's estimate view is recorded
//! (history, delivery log, activity, `estimate.opened`); an approval request nobody
//! answered is sent again after the dealer's `approvalReminderHours`, at most twice, never
//! once every line asked is decided, on the schedule the parts reminders run on.

use super::model::*;
use super::store::{self, ApprovalReminder};
use crate::cases::{self, Author};
use crate::commit::{commit, Plan, Round};
use crate::dealers::Dealer;
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::{EstimateOpened, EstimateReminded, Happened};
use crate::ids::{CaseId, DealerId, EstimateId};
use crate::ports::WriteOp;
use crate::App;

/// Reminders per version the schedule sends (the advisor may still ask again).
pub(crate) const MAX_AUTO_REMINDERS: usize = 2;

/// The reminder a version asked about at `asked_at` gets, after the dealer's hours.
pub(crate) fn schedule_op(
    dealer: &Dealer,
    e: &Estimate,
    version: u32,
    asked_at: jiff::Timestamp,
) -> Result<WriteOp> {
    let due = ApprovalReminder {
        dealer_id: dealer.id.clone(),
        case_id: e.case_id.clone(),
        estimate_id: e.id.clone(),
        version,
        asked_at,
    };
    store::schedule_reminder_op(&due, asked_at + hours(dealer))
}

fn hours(dealer: &Dealer) -> jiff::SignedDuration {
    jiff::SignedDuration::from_hours(dealer.settings.approval_reminder_hours as i64)
}

/// The estimate once the reminder goes out, and which reminder it is (1 or 2); `None` when
/// no reminder is due any more: another version was sent, the advisor asked again since,
/// every line is decided, or two went already.
pub(crate) fn decide_reminder(
    e: &Estimate,
    due: &ApprovalReminder,
    now: jiff::Timestamp,
) -> Option<(Estimate, u32)> {
    let current = e.versions.last()?;
    let last_asked = current
        .reminders
        .last()
        .map_or(current.sent_at, |r| r.sent_at.max(current.sent_at));
    let waiting = e
        .lines
        .iter()
        .any(|l| l.approval.status == ApprovalStatus::Requested);
    if current.number != due.version
        || due.asked_at < last_asked
        || !waiting
        || current.reminded_at.len() >= MAX_AUTO_REMINDERS
    {
        return None;
    }
    let mut after = e.clone();
    let v = after.versions.last_mut()?;
    v.reminded_at.push(now);
    let n = v.reminded_at.len() as u32;
    after.updated_at = now;
    after.version += 1;
    Some((after, n))
}

/// Sends every approval reminder that is due (every minute, with the parts reminders).
/// Answers how many went.
pub async fn send_approval_reminders(app: &App) -> Result<usize> {
    let mut sent = 0;
    for (due, done) in store::due_reminders(app, app.clock.now()).await? {
        match remind(app, &due, done).await {
            Ok(true) => sent += 1,
            // A reminder that keeps losing races is left for the next run.
            Ok(false) | Err(Error::Conflict(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(sent)
}

async fn remind(app: &App, due: &ApprovalReminder, done: WriteOp) -> Result<bool> {
    let dealer = crate::dealers::load_dealer(app, &due.dealer_id).await?;
    let label = format!("estimate {}", due.estimate_id);
    commit(app, &label, || async {
        let e = match store::load(app, &due.dealer_id, &due.case_id, &due.estimate_id).await {
            Ok(e) => e,
            Err(Error::NotFound(_)) => return Ok(Round::Write(Plan::new(false).write(done.clone()))),
            Err(e) => return Err(e),
        };
        let now = app.clock.now();
        let Some((after, n)) = decide_reminder(&e, due, now) else {
            return Ok(Round::Write(Plan::new(false).write(done.clone())));
        };
        let version = after.versions.last().cloned().unwrap_or_else(|| unreachable!());
        let note = cases::prepare_system_note(
            app,
            &due.dealer_id,
            &due.case_id,
            format!(
                "No answer on estimate version {} after {}: reminder {n} of {MAX_AUTO_REMINDERS} sent to {}.",
                version.number,
                crate::text::count(dealer.settings.approval_reminder_hours as i64, "hour", "hours"),
                if version.asked_contacts.is_empty() { "the case's contacts".to_string() } else { super::asked_names(&version, crate::Language::En) },
            ),
        )?;
        let event = DomainEvent::new(
            app,
            &due.dealer_id,
            Some(&due.case_id),
            Happened::EstimateReminded(EstimateReminded {
                estimate_id: e.id.clone(),
                version: version.number,
                reminder: n,
                contact_ids: version.asked_contacts.iter().filter_map(|a| a.id.clone()).collect(),
                total_cents: after.totals.total_cents,
            }),
        );
        let mut plan = Plan::new(true)
            .write(store::replace_op(&due.dealer_id, &e, &after)?)
            .write(done.clone())
            .raise(event);
        if (n as usize) < MAX_AUTO_REMINDERS {
            let next = ApprovalReminder { asked_at: due.asked_at, ..due.clone() };
            plan = plan.write(store::schedule_reminder_op(&next, now + hours(&dealer))?);
        }
        Ok(Round::Write(note.into_plan(plan)))
    })
    .await
}

/// Records the first time `contact` opens the current version's estimate view (a later
/// opening, or one of an older version, changes nothing). Answers whether it was the first.
pub(crate) async fn record_opened(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    contact: &Author,
) -> Result<bool> {
    commit(app, &format!("estimate {estimate_id}"), || async {
        let before = store::load(app, dealer, case_id, estimate_id).await?;
        let now = app.clock.now();
        let Some((after, version)) = decide_opened(&before, contact, now) else {
            return Ok(Round::Done(false));
        };
        let event = DomainEvent::new(
            app,
            dealer,
            Some(case_id),
            Happened::EstimateOpened(EstimateOpened {
                estimate_id: estimate_id.clone(),
                version,
                contact_id: contact.id.clone().unwrap_or_default(),
                contact_name: contact.name.clone(),
            }),
        );
        Ok(Round::Write(
            Plan::new(true)
                .write(store::replace_op(dealer, &before, &after)?)
                .raise(event),
        ))
    })
    .await
}

/// The estimate with `contact`'s first opening of the current version, if it is the first.
fn decide_opened(e: &Estimate, contact: &Author, now: jiff::Timestamp) -> Option<(Estimate, u32)> {
    let current = e.versions.last()?;
    if current.opened.iter().any(|o| o.contact.id == contact.id) {
        return None;
    }
    let mut after = e.clone();
    let v = after.versions.last_mut()?;
    v.opened.push(Opening {
        contact: contact.clone(),
        at: now,
    });
    let number = v.number;
    after.version += 1;
    Some((after, number))
}
