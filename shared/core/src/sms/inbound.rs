//! `sms-inbound`: a text from a customer's phone (AWS End User Messaging two-way SMS, via
//! SNS). STOP-family words opt the number out, START/UNSTOP back in, HELP gets the help
//! text; a reply goes on the case of the text it answers (sms_and_mobile) or gets one
//! pointer to the mobile link an hour (mobile_only); unknown numbers get nothing.

use serde::{Deserialize, Serialize};

use super::notify::{opted_out, send_and_remember, SentText};
use crate::cases::{self, Author, NoteSource, Visibility};
use crate::contacts;
use crate::dealers::{self, Dealer, ReplyMode};
use crate::error::{Error, Result};
use crate::keys::{self, IdempotencyScope};
use crate::ports::{Cond, Item, OutgoingSms, StoreError, WriteOp};
use crate::App;

pub const STOP_WORDS: &[&str] = &[
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
pub const START_WORDS: &[&str] = &["START", "UNSTOP"];
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
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

async fn text(app: &App, dealer: &Dealer, to: &str, body: String) -> Result<()> {
    let from = dealer.sms_origination_number.clone().unwrap_or_default();
    app.sms
        .send(&OutgoingSms {
            from,
            to: to.to_string(),
            body,
        })
        .await
        .map(|_| ())
        .map_err(Error::from)
}

pub async fn receive(app: &App, sms: &TwoWaySms) -> Result<Inbound> {
    let Some(dealer_id) = dealers::dealer_of_number(app, &sms.destination_number).await? else {
        tracing::warn!(to = %sms.destination_number, "inbound SMS to a number no dealer owns; ignored");
        return Ok(Inbound::UnknownNumber);
    };
    let dealer = dealers::load_dealer(app, &dealer_id).await?;
    let phone = sms.origination_number.trim().to_string();
    let ttl = app.clock.now().as_second() + DEDUPE_TTL_SECS;
    let (seen_pk, seen_sk) = keys::idempotency(
        &dealer.id,
        IdempotencyScope::InboundSms,
        &sms.inbound_message_id,
    );
    let seen = Item::new(seen_pk, seen_sk, Default::default()).with_ttl(ttl);
    match app.store.put(seen, Cond::NotExists).await {
        Ok(()) => {}
        Err(StoreError::ConditionFailed { .. }) => return Ok(Inbound::Duplicate),
        Err(e) => return Err(e.into()),
    }
    let word = sms.message_body.trim().to_uppercase();
    if STOP_WORDS.contains(&word.as_str()) {
        let mut attrs = serde_json::Map::new();
        attrs.insert("at".into(), app.clock.now().to_string().into());
        let (pk, sk) = keys::opt_out(&dealer.id, &phone);
        app.store
            .put(Item::new(pk, sk, attrs), Cond::Always)
            .await?;
        // The one text an opted-out number still gets: the confirmation.
        text(
            app,
            &dealer,
            &phone,
            format!(
                "{}: you will get no more texts. Reply START to resume.",
                dealer.name
            ),
        )
        .await?;
        return Ok(Inbound::OptedOut);
    }
    if START_WORDS.contains(&word.as_str()) {
        let (pk, sk) = keys::opt_out(&dealer.id, &phone);
        app.store.transact(vec![WriteOp::delete(pk, sk)]).await?;
        text(
            app,
            &dealer,
            &phone,
            format!(
                "{}: texts about your cases are back on. Reply STOP to opt out.",
                dealer.name
            ),
        )
        .await?;
        return Ok(Inbound::OptedIn);
    }
    if word == "HELP" {
        text(
            app,
            &dealer,
            &phone,
            format!(
                "{}: case updates by text. Reply STOP to opt out. Msg & data rates may apply.",
                dealer.name
            ),
        )
        .await?;
        return Ok(Inbound::Helped);
    }
    // The case of the text this answers: the quoted message, else the last one to this phone.
    let answered = match &sms.previous_published_message_id {
        Some(id) if !id.is_empty() => {
            let (pk, sk) = keys::sent_message(&dealer.id, id);
            app.store.get(&pk, &sk).await?
        }
        _ => None,
    };
    let answered = match answered {
        Some(i) => Some(i),
        None => {
            let (pk, sk) = keys::last_text(&dealer.id, &phone);
            app.store.get(&pk, &sk).await?
        }
    };
    let Some(answered) = answered else {
        tracing::warn!(dealer = %dealer.id, "inbound SMS from a number we never texted; ignored");
        return Ok(Inbound::UnknownNumber);
    };
    let sent: SentText = answered.record()?;
    let contact = contacts::get(app, &dealer.id, &sent.contact_id).await.ok();
    let oem = dealers::load_oem(app, &dealer.oem_id).await?;
    match dealers::effective_reply_mode(&dealer.settings, &oem) {
        ReplyMode::SmsAndMobile => {
            let author = Author {
                id: Some(sent.contact_id.clone()),
                name: contact.map(|c| c.name).unwrap_or_else(|| phone.clone()),
            };
            cases::post_note(
                app,
                &dealer.id,
                &sent.case_id,
                sms.message_body.clone(),
                Visibility::External,
                NoteSource::Sms,
                author,
            )
            .await?;
            Ok(Inbound::Noted)
        }
        ReplyMode::MobileOnly => {
            let ttl = app.clock.now().as_second() + AUTOREPLY_EVERY_SECS;
            let (pk, sk) = keys::auto_reply(&dealer.id, &phone, &sent.contact_id);
            let once = Item::new(pk, sk, Default::default()).with_ttl(ttl);
            match app.store.put(once, Cond::NotExists).await {
                Ok(()) => {}
                Err(StoreError::ConditionFailed { .. }) => return Ok(Inbound::Quiet),
                Err(e) => return Err(e.into()),
            }
            if opted_out(app, &dealer.id, &phone).await? {
                return Ok(Inbound::Quiet);
            }
            let link =
                super::links::issue(app, &dealer.id, &sent.case_id, &sent.contact_id).await?;
            let body = format!(
                "{}: replies by text are not read. Please answer through your link: {link}",
                dealer.name
            );
            send_and_remember(app, &dealer, &phone, body, &sent.case_id, &sent.contact_id).await?;
            Ok(Inbound::PointedToLink)
        }
    }
}
