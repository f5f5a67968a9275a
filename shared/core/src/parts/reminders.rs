//! Escalations nobody claimed within the dealer's reminder window are sent to the group once
//! more, and noted on the case (every minute: EventBridge in AWS, a timer locally).

use super::model::*;
use super::{load_request, request_write};
use crate::cases;
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::{Happened, PartsRequestRef};
use crate::App;

/// The request once its reminder goes out, or `None` when no reminder is due any more
/// (claimed, finished, or reminded already).
pub(crate) fn decide_reminder(r: &PartsRequest, now: jiff::Timestamp) -> Option<PartsRequest> {
    if r.state != PartsState::Escalated || r.reminded_at.is_some() {
        return None;
    }
    let mut updated = r.clone();
    updated.reminded_at = Some(now);
    updated.history.push(HistoryEntry {
        what: "not claimed in time: re-sent to the group".into(),
        at: now,
        by: "casebridge".into(),
        event_id: None,
        state: r.state,
    });
    Some(updated)
}

/// Re-sends, once, every escalation not claimed within its dealer's reminder window, and
/// notes it on the case. Answers how many were re-sent.
pub async fn send_reminders(app: &App) -> Result<usize> {
    let mut sent = 0;
    for super::store::DueReminder { reminder, done } in
        super::store::due_reminders(app, app.clock.now()).await?
    {
        let done = || done.clone();
        let reminded = commit(
            app,
            &format!("parts request {}", reminder.request_id),
            || {
                let reminder = &reminder;
                async move {
                    let r = match load_request(app, &reminder.dealer_id, &reminder.request_id).await
                    {
                        Ok(r) => r,
                        Err(Error::NotFound(_)) => {
                            return Ok(Round::Write(Plan::new(false).write(done())))
                        }
                        Err(e) => return Err(e),
                    };
                    let Some(mut updated) = decide_reminder(&r, app.clock.now()) else {
                        return Ok(Round::Write(Plan::new(false).write(done())));
                    };
                    let minutes = r
                        .remind_at
                        .map(|t| (t - r.created_at).as_mins())
                        .unwrap_or_default();
                    let text = format!(
                        "Parts request {} was not claimed within {}; it was sent to {} again.",
                        r.label(),
                        crate::text::count(minutes, "minute", "minutes"),
                        r.group_name
                    );
                    let note =
                        cases::prepare_system_note(app, &reminder.dealer_id, &r.case_id, text)?;
                    let resend = DomainEvent::new(
                        app,
                        &reminder.dealer_id,
                        Some(&r.case_id),
                        Happened::PartsReminder(PartsRequestRef {
                            request_id: r.id.clone(),
                        }),
                    );
                    let plan = Plan::new(true)
                        .write(request_write(&reminder.dealer_id, r.version, &mut updated)?)
                        .write(done())
                        .raise(resend);
                    Ok(Round::Write(note.into_plan(plan)))
                }
            },
        )
        .await;
        match result_of(reminded) {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(sent)
}

/// A reminder that keeps losing races is left for the next run.
fn result_of(r: Result<bool>) -> Result<bool> {
    match r {
        Err(Error::Conflict(_)) => Ok(false),
        r => r,
    }
}
