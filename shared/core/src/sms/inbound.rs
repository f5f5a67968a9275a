//! `sms-inbound`: a text from a customer's phone (AWS End User Messaging two-way SMS, via
//! SNS). STOP-family words opt the number out, START/UNSTOP back in, HELP gets the help
//! text; a reply goes on the case of the text it answers (sms_and_mobile) or gets one
//! pointer to the mobile link an hour (mobile_only); unknown numbers get nothing.

use serde::{Deserialize, Serialize};

use super::notify::{opted_out, send_and_remember, SentText};
use crate::cases::{self, Author, NoteSource, Visibility};
use crate::commit::{commit_once, Plan};
use crate::contacts;
use crate::dealers::{self, Dealer, ReplyMode};
use crate::error::{Error, Result};
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
use crate::ids::CaseId;
use crate::ports::OutgoingSms;
use crate::App;

use super::store;

pub(crate) const STOP_WORDS: &[&str] = &[
    "STOP",
    "STOPALL",
    "UNSUBSCRIBE",
    "CANCEL",
    "END",
    "QUIT",
    "OPTOUT",
    "OPT-OUT",
    "REVOKE",
];
pub(crate) const START_WORDS: &[&str] = &["START", "UNSTOP"];
const DEDUPE_TTL_SECS: i64 = 7 * 24 * 3600;
const AUTOREPLY_EVERY_SECS: i64 = 3600;

/// The two-way SMS payload (the SNS message).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TwoWaySms {
    pub origination_number: String,
    pub destination_number: String,
    #[serde(default)]
    pub message_keyword: Option<String>,
    pub message_body: String,
    pub inbound_message_id: String,
    #[serde(default)]
    pub previous_published_message_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Inbound {
    OptedOut,
    OptedIn,
    Helped,
    Noted,
    PointedToLink,
    /// mobile_only, and the contact already got the pointer this hour.
    Quiet,
    /// This inbound message id was handled before.
    Duplicate,
    /// Nobody we texted: nothing sent, logged.
    UnknownNumber,
}

/// Parses the SNS message; anything else is refused (and, in Lambda, dropped with a log).
pub fn parse(message: &str) -> Result<TwoWaySms> {
    serde_json::from_str(message)
        .map_err(|e| Error::bad_field("Message", format!("not a two-way SMS payload: {e}")))
}

/// Answers a keyword (STOP, START, HELP). A lost answer from the SMS service counts as
/// sent: the person is not texted twice.
async fn text(app: &App, dealer: &Dealer, to: &str, body: String) -> Result<()> {
    let from = dealer.sms_origination_number.clone().unwrap_or_default();
    match app
        .sms
        .send(&OutgoingSms {
            from,
            to: to.to_string(),
            body,
        })
        .await
    {
        Ok(_) | Err(crate::ports::SmsError::Unconfirmed(_)) => {
            crate::measures::text(true);
            Ok(())
        }
        Err(e) => {
            crate::measures::text(false);
            Err(e.into())
        }
    }
}

/// How long an inbound message id is remembered (SNS redelivers within this window).
const SEEN_KEPT: std::time::Duration = std::time::Duration::from_secs(DEDUPE_TTL_SECS as u64);

/// A reply longer than a note may be is kept up to the limit, with a visible marker.
fn as_note_text(prefix: &str, body: &str) -> String {
    let max = crate::cases::MAX_NOTE_CHARS - prefix.chars().count();
    if body.chars().count() <= max {
        return format!("{prefix}{body}");
    }
    const MARK: &str = " [… the rest of this text was cut: notes hold 10,000 characters]";
    let keep = max - MARK.chars().count();
    let mut text: String = prefix.to_string();
    text.extend(body.chars().take(keep));
    text.push_str(MARK);
    text
}

/// Handles one inbound text, once per inbound message id: a redelivery is `Duplicate`; a
/// failure frees the id, so Lambda's retry handles it again (nothing lost); a redelivery
/// while the first is still being handled fails retryably. `budget` is the time this
/// invocation may still take.
pub async fn receive(app: &App, sms: &TwoWaySms, budget: std::time::Duration) -> Result<Inbound> {
    // Carriers and test tools send numbers in more than one shape; keys use E.164.
    let Some(to) = crate::contacts::normalize_phone(&sms.destination_number) else {
        tracing::warn!(to = %sms.destination_number, "inbound SMS to a number that is not a phone number; ignored");
        return Ok(Inbound::UnknownNumber);
    };
    let Some(dealer_id) = dealers::dealer_of_number(app, &to).await? else {
        tracing::warn!(to = %to, "inbound SMS to a number no dealer owns; ignored");
        return Ok(Inbound::UnknownNumber);
    };
    let Some(phone) = crate::contacts::normalize_phone(&sms.origination_number) else {
        tracing::warn!(dealer = %dealer_id, "inbound SMS from a number that is not a phone number; ignored");
        return Ok(Inbound::UnknownNumber);
    };
    let dealer = dealers::load_dealer(app, &dealer_id).await?;
    let key = idempotency::key(
        &dealer.id,
        IdempotencyScope::InboundSms,
        &sms.inbound_message_id,
    );
    let payload = idempotency::payload_hash(
        &serde_json::to_vec(&(&phone, &to, &sms.message_body)).unwrap_or_default(),
    );
    let window = idempotency::Window {
        in_progress: budget,
        keep: SEEN_KEPT,
    };
    let what = format!("inbound message {}", sms.inbound_message_id);
    let guard = match idempotency::claim::<Inbound>(app, key, &payload, window, &what).await? {
        idempotency::Claim::Fresh(guard) => guard,
        idempotency::Claim::Done(_) => return Ok(Inbound::Duplicate),
        idempotency::Claim::InProgress => {
            return Err(Error::Unavailable(format!(
                "{what} is being handled; retry"
            )))
        }
    };
    match handle(app, &dealer, &phone, sms, &guard).await {
        Ok((outcome, Completed::InTheWrite)) => Ok(outcome),
        Ok((outcome, Completed::NotYet)) => {
            // A text may have gone out: a store hiccup here must not let the retry send it
            // again.
            crate::commit::after_effect(|| guard.complete(app, &outcome)).await?;
            Ok(outcome)
        }
        Err(e) => {
            // The retry handles the text again (a completion whose answer was lost is
            // not undone: release only frees a key still in progress).
            if let Err(release) = guard.release(app).await {
                tracing::warn!(error = %release, "inbound key not released; it frees itself at its expiry");
            }
            Err(e)
        }
    }
}

/// Whether handling already wrote the idempotency completion (with the reply's note).
enum Completed {
    InTheWrite,
    NotYet,
}

async fn handle(
    app: &App,
    dealer: &Dealer,
    phone: &str,
    sms: &TwoWaySms,
    guard: &idempotency::Guard,
) -> Result<(Inbound, Completed)> {
    match keyword(app, dealer, phone, &sms.message_body).await? {
        Some(answered) => Ok((answered, Completed::NotYet)),
        None => route_reply(app, dealer, phone, sms, guard).await,
    }
}

/// STOP, START and HELP (the carriers' words), each answered with the one text it calls
/// for; `None` for any other text.
async fn keyword(app: &App, dealer: &Dealer, phone: &str, body: &str) -> Result<Option<Inbound>> {
    let word = body.trim().to_uppercase();
    let (answered, answer) = if STOP_WORDS.contains(&word.as_str()) {
        let now = app.clock.now();
        store::opt_out(app, &dealer.id, phone, now).await?;
        let stopped = crate::activity::Activity {
            id: format!("stop#{phone}#{}", now.as_second()),
            kind: crate::activity::ActivityKind::OptedOut,
            at: now,
            case_id: None,
            case_number: None,
            contact_id: None,
            contact_name: None,
            summary: format!("{phone} replied STOP: no more texts to this number"),
        };
        crate::activity::record(app, &dealer.id, stopped).await?;
        // The one text an opted-out number still gets: the confirmation.
        (
            Inbound::OptedOut,
            "you will get no more texts. Reply START to resume.",
        )
    } else if START_WORDS.contains(&word.as_str()) {
        store::opt_in(app, &dealer.id, phone).await?;
        (
            Inbound::OptedIn,
            "texts about your cases are back on. Reply STOP to opt out.",
        )
    } else if word == "HELP" {
        (
            Inbound::Helped,
            "case updates by text. Reply STOP to opt out. Msg & data rates may apply.",
        )
    } else {
        return Ok(None);
    };
    text(app, dealer, phone, format!("{}: {answer}", dealer.name)).await?;
    Ok(Some(answered))
}

/// A reply about a case: noted on the case of the text it answers, as the dealer's reply
/// mode says (an external note, or an internal one and a pointer to the page).
async fn route_reply(
    app: &App,
    dealer: &Dealer,
    phone: &str,
    sms: &TwoWaySms,
    guard: &idempotency::Guard,
) -> Result<(Inbound, Completed)> {
    // The case of the text this answers: the quoted message, else the last one to this phone.
    let quoted = sms.previous_published_message_id.as_deref();
    let Some(sent) = store::answered(app, &dealer.id, phone, quoted).await? else {
        tracing::warn!(dealer = %dealer.id, "inbound SMS from a number we never texted; ignored");
        return Ok((Inbound::UnknownNumber, Completed::NotYet));
    };
    let contact = contacts::get(app, &dealer.id, &sent.contact_id).await.ok();
    let language = contact
        .as_ref()
        .and_then(|c| c.language)
        .unwrap_or_default();
    let oem = dealers::load_oem(app, &dealer.oem_id).await?;
    let author = Author {
        id: Some(sent.contact_id.to_string()),
        name: contact.map(|c| c.name).unwrap_or_else(|| phone.to_string()),
    };
    match dealers::effective_reply_mode(dealer, &oem) {
        ReplyMode::SmsAndMobile => {
            let text = as_note_text("", &sms.message_body);
            let reply = Reply::new(dealer, &sent, author, text, Visibility::External);
            reply.note(app, guard, Inbound::Noted).await?;
            Ok((Inbound::Noted, Completed::InTheWrite))
        }
        // Replies by text are not read here, but the words are never lost: the advisor gets
        // them as an internal note, the customer the pointer to the page (once an hour).
        ReplyMode::MobileOnly => {
            let answered = point_to_link(app, dealer, (phone, language), &sent).await?;
            let text = as_note_text(MOBILE_ONLY_PREFIX, &sms.message_body);
            let reply = Reply::new(dealer, &sent, author, text, Visibility::Internal);
            reply.note(app, guard, answered).await?;
            Ok((answered, Completed::InTheWrite))
        }
    }
}

/// How a customer's text starts as a note where replies go through the page.
const MOBILE_ONLY_PREFIX: &str = "Texted (replies go through the page): ";

/// A customer's text, about to become a note on the case it answers.
struct Reply<'a> {
    dealer: &'a Dealer,
    case_id: &'a CaseId,
    author: Author,
    text: String,
    visibility: Visibility,
}

impl<'a> Reply<'a> {
    fn new(
        dealer: &'a Dealer,
        sent: &'a SentText,
        author: Author,
        text: String,
        visibility: Visibility,
    ) -> Self {
        Reply {
            dealer,
            case_id: &sent.case_id,
            author,
            text,
            visibility,
        }
    }

    /// The note and "this text was handled" (answered `outcome`) are one write: a lost
    /// answer from the store cannot lead to the text being noted twice.
    async fn note(self, app: &App, guard: &idempotency::Guard, outcome: Inbound) -> Result<()> {
        let note = cases::prepare_note(
            app,
            &self.dealer.id,
            self.case_id,
            self.text,
            self.visibility,
            NoteSource::Sms,
            self.author,
        )?;
        let (check, missing) = cases::case_exists(&self.dealer.id, self.case_id)?;
        let plan = Plan::new(())
            .write(check)
            .refuse_if_fails(missing)
            .write(guard.completion_op(app, &outcome)?);
        commit_once(app, &format!("case {}", self.case_id), note.into_plan(plan)).await
    }
}

/// In mobile-only mode, a text gets the pointer to the page at most once an hour per
/// contact (none to a number that said STOP): `PointedToLink` when it went, else `Quiet`.
async fn point_to_link(
    app: &App,
    dealer: &Dealer,
    (phone, language): (&str, crate::Language),
    sent: &SentText,
) -> Result<Inbound> {
    if opted_out(app, &dealer.id, phone).await? {
        return Ok(Inbound::Quiet);
    }
    let ttl = app.clock.now().as_second() + AUTOREPLY_EVERY_SECS;
    if !store::take_auto_answer(app, &dealer.id, phone, &sent.contact_id, ttl).await? {
        return Ok(Inbound::Quiet);
    }
    let pointed = async {
        let link =
            crate::mobile::links::issue(app, &dealer.id, &sent.case_id, &sent.contact_id).await?;
        let dealer_name = super::segments::plain_for_sms(&dealer.name);
        let values = [("dealer", dealer_name.into()), ("link", link.into())];
        let body = crate::words::say(language, "text-not-read", &values);
        send_and_remember(app, dealer, phone, body, &sent.case_id, &sent.contact_id).await
    };
    if let Err(e) = pointed.await {
        // The pointer did not go out: the retry must be allowed to send it.
        store::return_auto_answer(app, &dealer.id, phone, &sent.contact_id).await?;
        return Err(e);
    }
    Ok(Inbound::PointedToLink)
}
