//! Who of a case's recipients an event reaches, and why the others are not. The advisor must
//! know whether the customer was told: a note's answer counts who will hear of it, and each
//! recipient nobody texts or emails is logged `suppressed` with the reason
//! (`mobile_communications_off`, `no_consent`, `opted_out`, `no_address`).

use serde::Serialize;

use super::log::{Channel, DeliveryStatus, NotNotifiedReason, Notification};
use crate::auth::Caller;
use crate::cases::{self, Case, NewNote, Note, Visibility};
use crate::contacts::{self, Contact};
use crate::dealers::{self, Dealer};
use crate::error::Result;
use crate::events::DomainEvent;
use crate::ids::CaseId;
use crate::App;

/// One send an event calls for.
pub struct Pending {
    pub contact: Contact,
    pub channel: Channel,
    /// The number or the address.
    pub to: String,
}

/// A recipient nobody will text or email, and why.
pub struct Unreached {
    pub contact: Contact,
    pub reason: NotNotifiedReason,
}

/// The channels a contact takes, with the number or address: a text if it takes texts;
/// an email if it takes email, or if it unsubscribed or its address was stopped (those are
/// logged as not sent, so the advisor sees why).
fn channels(c: &Contact, dealer: &Dealer) -> Vec<(Channel, String)> {
    let mut out = Vec::new();
    if let (true, Some(mobile)) = (c.sms_opt_in, &c.mobile) {
        out.push((Channel::Sms, mobile.clone()));
    }
    if let (Some(address), Some(_)) = (&c.email, &dealer.email_from_address) {
        if c.email_opt_in || c.email_stopped.is_some() {
            out.push((Channel::Email, address.clone()));
        }
    }
    out
}

/// Why a contact with no channel to take is not notified: it takes email where the location
/// sends none, it has a number or an address it did not agree to be contacted at, or none.
fn why_not(c: &Contact, dealer: &Dealer) -> NotNotifiedReason {
    if c.email.is_some() && c.email_opt_in && dealer.email_from_address.is_none() {
        NotNotifiedReason::NoSender
    } else if c.mobile.is_some() || c.email.is_some() {
        NotNotifiedReason::NoConsent
    } else {
        NotNotifiedReason::NoAddress
    }
}

/// Whom a message is for: every recipient or `only` these, never `skip`; by every channel
/// each takes, or by email alone (a copy for the record).
#[derive(Debug, Clone, Copy, Default)]
pub struct Audience<'a> {
    pub only: Option<&'a [String]>,
    pub skip: Option<&'a str>,
    pub email_only: bool,
}

/// Every chosen recipient's sends, and the recipients who get none (all of them while the
/// location's mobile communications are off). `only` narrows the recipients to the contacts
/// the advisor named; `skip` leaves out the contact whose own reply this is.
pub fn plan(
    dealer: &Dealer,
    recipients: Vec<Contact>,
    audience: Audience<'_>,
) -> (Vec<Pending>, Vec<Unreached>) {
    let (mut sends, mut unreached) = (Vec::new(), Vec::new());
    // A copy for the record goes to whoever takes email; nobody is "not notified" of it.
    let mut not_reached = |u: Unreached| {
        if !audience.email_only {
            unreached.push(u);
        }
    };
    for contact in recipients {
        if audience
            .only
            .is_some_and(|ids| !ids.iter().any(|id| contact.id == *id))
            || audience.skip == Some(contact.id.as_str())
        {
            continue;
        }
        if !dealer.settings.mobile_communications_enabled {
            not_reached(Unreached {
                contact,
                reason: NotNotifiedReason::MobileCommunicationsOff,
            });
            continue;
        }
        let mut channels = channels(&contact, dealer);
        if audience.email_only {
            channels.retain(|(channel, _)| *channel == Channel::Email);
        }
        if channels.is_empty() {
            let reason = why_not(&contact, dealer);
            not_reached(Unreached { contact, reason });
            continue;
        }
        for (channel, to) in channels {
            sends.push(Pending {
                contact: contact.clone(),
                channel,
                to,
            });
        }
    }
    (sends, unreached)
}

/// The log entry of a recipient nobody texts or emails about `event`. One per (event,
/// contact): a redelivered event writes the same entry again.
pub(super) fn unreached_entry(
    event: &DomainEvent,
    u: &Unreached,
    now: jiff::Timestamp,
) -> Notification {
    let (channel, to) = match (&u.contact.mobile, &u.contact.email) {
        (Some(m), _) => (Channel::Sms, m.clone()),
        (None, Some(e)) => (Channel::Email, e.clone()),
        (None, None) => (Channel::Sms, String::new()),
    };
    Notification {
        event_id: event.id.clone(),
        event: event.kind().as_str().to_string(),
        contact_id: u.contact.id.clone(),
        contact_name: u.contact.name.clone(),
        channel,
        to,
        status: DeliveryStatus::Suppressed,
        provider_message_id: None,
        detail: Some(u.reason.in_words().to_string()),
        reason: Some(u.reason),
        at: now,
    }
}

/// Logs each recipient nobody texts or emails about `event`, with why (the same entry again
/// when the event is delivered again).
pub(super) async fn log_unreached(
    app: &App,
    event: &DomainEvent,
    dealer: &Dealer,
    case: &Case,
    unreached: &[Unreached],
) -> Result<()> {
    for chunk in unreached.chunks(25) {
        let mut ops = Vec::with_capacity(chunk.len());
        for u in chunk {
            let entry = unreached_entry(event, u, app.clock.now());
            let key = super::log::key_of(&dealer.id, &case.id, event, &entry)?;
            ops.push(super::log::record_op(key, &entry)?);
        }
        app.store.transact(ops).await?;
    }
    Ok(())
}

/// Whether a planned send will go out (not to a number that said STOP, an address that
/// unsubscribed or was stopped).
async fn will_go(app: &App, dealer: &Dealer, p: &Pending) -> Result<bool> {
    Ok(match p.channel {
        Channel::Sms => !crate::sms::notify::opted_out(app, &dealer.id, &p.to).await?,
        Channel::Email => p.contact.email_opt_in && p.contact.email_stopped.is_none(),
        Channel::Page => false,
    })
}

/// How many of the chosen recipients will be texted or emailed, and how many not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Reach {
    pub notified: usize,
    pub not_notified: usize,
}

/// Who of the case's recipients (or the ones named) a customer-facing event will reach.
pub async fn reach(
    app: &App,
    dealer: &Dealer,
    case_id: &CaseId,
    only: Option<&[String]>,
) -> Result<Reach> {
    let recipients = contacts::recipients(app, &dealer.id, case_id).await?;
    let audience = Audience {
        only,
        ..Audience::default()
    };
    let (sends, unreached) = plan(dealer, recipients, audience);
    let mut reached: Vec<&str> = Vec::new();
    let mut tried: Vec<&str> = Vec::new();
    for p in &sends {
        if !tried.contains(&p.contact.id.as_str()) {
            tried.push(p.contact.id.as_str());
        }
        if !reached.contains(&p.contact.id.as_str()) && will_go(app, dealer, p).await? {
            reached.push(p.contact.id.as_str());
        }
    }
    Ok(Reach {
        notified: reached.len(),
        not_notified: unreached.len() + tried.len() - reached.len(),
    })
}

/// A note as `POST /v1/cases/{caseId}/notes` answers it: for an external note, how many of
/// the recipients will hear of it (each one who will not is in the delivery log, with why).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PostedNote {
    #[serde(flatten)]
    pub note: Note,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notified: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_notified: Option<usize>,
}

/// Posts a Case user's note; an external one is answered with who will hear of it.
pub async fn post_note(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    new: NewNote,
) -> Result<PostedNote> {
    let only = new.contact_ids.clone();
    let note = cases::add_note(app, caller, case_id, new).await?;
    if note.visibility != Visibility::External {
        return Ok(PostedNote {
            note,
            notified: None,
            not_notified: None,
        });
    }
    let dealer = dealers::load_dealer(app, &caller.dealer).await?;
    let r = reach(app, &dealer, &note.case_id, only.as_deref()).await?;
    Ok(PostedNote {
        note,
        notified: Some(r.notified),
        not_notified: Some(r.not_notified),
    })
}
