//! When a text or an email to a case's contact fails — refused for good by the provider, or
//! still failing after Lambda's retries (then Lambda's on-failure destination hands the
//! invocation to `delivery-failures`) — or a customer's text could not be put on its case,
//! the case shows it (an internal note: "Text to Jo Fleet failed: number unreachable") and
//! the delivery log says `failed`, so nobody waits for a message that never went out and no
//! reply is lost. Each failure is noted once, however often the queue delivers it.

use super::Channel;
use crate::cases;
use crate::commit::{commit_once, Plan};
use crate::contacts::Contact;
use crate::dealers;
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::Happened;
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::sms::inbound::TwoWaySms;
use crate::App;

/// How long a noted failure is remembered (the queue keeps messages 14 days).
const NOTED_KEPT: std::time::Duration = std::time::Duration::from_secs(15 * 24 * 3600);

/// Puts `text` on the case as an internal note, once per `unit`.
async fn note_once(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    unit: &str,
    text: String,
) -> Result<bool> {
    let key = idempotency::key(dealer, IdempotencyScope::Failure, unit);
    let payload = idempotency::payload_hash(unit.as_bytes());
    if idempotency::saved::<bool>(app, &key, &payload, unit)
        .await?
        .is_some()
    {
        return Ok(false);
    }
    let note = cases::prepare_system_note(app, dealer, case_id, text)?;
    let (check, missing) = cases::case_exists(dealer, case_id)?;
    let plan =
        Plan::new(true)
            .write(check)
            .refuse_if_fails(missing)
            .write(idempotency::completed_op(
                app, &key, &payload, &true, NOTED_KEPT,
            )?);
    match commit_once(app, unit, note.into_plan(plan)).await {
        Ok(noted) => Ok(noted),
        // Noted by a concurrent delivery of the same failure.
        Err(Error::Conflict(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// One send to one contact failed for good: noted on the case, once.
pub(crate) async fn send_failed(
    app: &App,
    event: &DomainEvent,
    case_id: &CaseId,
    contact: &Contact,
    channel: Channel,
    reason: &str,
) -> Result<bool> {
    let what = match channel {
        Channel::Sms => "Text",
        Channel::Email => "Email",
        Channel::Page => "The page",
    };
    let about = match event.what().ok() {
        Some(Happened::NoteCreated(note)) => format!("the message \"{}\"", excerpt(&note.text)),
        Some(Happened::CaseStatusChanged(change)) => {
            format!(
                "the case moving to {}",
                change.to.as_str().replace('_', " ")
            )
        }
        Some(Happened::EstimateSent(sent)) => format!("estimate version {}", sent.version),
        _ => "the case".into(),
    };
    let text = format!(
        "{what} to {} failed: {} (about {about}). Call them if they should have had it.",
        contact.name,
        excerpt(reason)
    );
    let unit = format!("failed#{}#{}#{}", event.id, contact.id, channel.as_str());
    let failed = crate::activity::Activity {
        id: unit.clone(),
        kind: match channel {
            Channel::Email => crate::activity::ActivityKind::EmailFailed,
            Channel::Sms | Channel::Page => crate::activity::ActivityKind::TextFailed,
        },
        at: app.clock.now(),
        case_id: Some(case_id.clone()),
        case_number: None,
        contact_id: Some(contact.id.to_string()),
        contact_name: Some(contact.name.clone()),
        summary: format!("{what} to {} failed (about {about})", contact.name),
    };
    let noted = note_once(app, &event.dealer_id, case_id, &unit, text).await?;
    // Once, as the note (a failure delivered again is not news).
    if noted {
        crate::activity::record(app, &event.dealer_id, failed).await?;
    }
    Ok(noted)
}

/// A customer's text could not be handled, even after retries: its words go on the case
/// it answers (the quoted message's, else the last text's), so the reply is not lost.
pub(crate) async fn inbound_gave_up(app: &App, sms: &TwoWaySms, reason: &str) -> Result<bool> {
    let (Some(to), Some(from)) = (
        crate::contacts::normalize_phone(&sms.destination_number),
        crate::contacts::normalize_phone(&sms.origination_number),
    ) else {
        return Ok(false);
    };
    let Some(dealer) = dealers::dealer_of_number(app, &to).await? else {
        return Ok(false);
    };
    let quoted = sms.previous_published_message_id.as_deref();
    let Some(sent) = crate::sms::store::answered(app, &dealer, &from, quoted).await? else {
        tracing::error!(dealer = %dealer, "a text that failed handling answers no case; only the alarm shows it");
        return Ok(false);
    };
    let text = format!(
        "A text from {from} could not be handled, even after retries ({}). It said: \"{}\"",
        excerpt(reason),
        excerpt(&sms.message_body)
    );
    note_once(
        app,
        &dealer,
        &sent.case_id,
        &format!("inbound#{}", sms.inbound_message_id),
        text,
    )
    .await
}

/// At most 500 characters of a text, for a note about it.
pub(super) fn excerpt(s: &str) -> String {
    let mut out: String = s.chars().take(500).collect();
    if s.chars().count() > 500 {
        out.push('…');
    }
    out
}
