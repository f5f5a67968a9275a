//! Texts to a case's contacts: the 2-segment text with its signed link, the opt-out check
//! before every send, and what a reply needs to find its case (the last text to each phone,
//! each message by its id). Who is texted about what is decided in
//! [`crate::notifications::dispatch`].

use crate::ids::ContactId;

use super::segments::{fit, plain_for_sms};
use crate::cases;
use crate::dealers::{Dealer, ReplyMode};
use crate::error::{Error, Result};
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::mobile::links::LINK_TTL_SECS;
use crate::ports::{OutgoingSms, WriteOp};
use crate::words::say;
use crate::{App, Language};

/// Notifications fit in two SMS segments.
pub(crate) const MAX_SEGMENTS: usize = 2;
const ROUTING_TTL_SECS: i64 = LINK_TTL_SECS * 4;

pub use super::store::SentText;

/// Whether the number said STOP (and not START since).
pub async fn opted_out(app: &App, dealer: &DealerId, phone: &str) -> Result<bool> {
    super::store::opted_out(app, dealer, phone).await
}

/// Whose text it is and which case it is about, as the text names them.
pub(crate) struct About {
    pub dealer: String,
    /// "#1042".
    pub case: String,
    pub unit: String,
}

impl About {
    pub(crate) fn of(dealer: &Dealer, case: &cases::Case) -> About {
        About {
            dealer: dealer.name.clone(),
            case: case.label(),
            unit: case.asset.unit_number.clone(),
        }
    }
}

/// The text for one contact, in their language: the dealer, the case, what happened and the
/// note's words, then how to reply and the link (always whole). Our words and the dealer's
/// name keep to the GSM alphabet where they can ([`plain_for_sms`]); a note's words are
/// sent as written.
pub(crate) fn compose(
    about: &About,
    (headline, detail): (&str, Option<&str>),
    (mode, language): (ReplyMode, Language),
    link: &str,
) -> String {
    let what = match detail {
        Some(d) => format!("{}: {d}", plain_for_sms(headline)),
        None => plain_for_sms(headline),
    };
    let head = say(
        language,
        "text-head",
        &[
            ("dealer", plain_for_sms(&about.dealer).into()),
            ("case", (&about.case).into()),
            ("unit", plain_for_sms(&about.unit).into()),
            ("what", crate::text::sentence(&what).into()),
        ],
    );
    let reply = match mode {
        ReplyMode::SmsAndMobile => "text-reply-sms",
        ReplyMode::MobileOnly => "text-reply-page",
    };
    let tail = format!(" {}", say(language, reply, &[("link", link.into())]));
    fit(&head, &tail, MAX_SEGMENTS)
}

/// What sending a text came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sent {
    Sent(String),
    /// The number said STOP: nothing was sent.
    OptedOut,
    /// The SMS service may have sent it, but its answer was lost: not sent again.
    Unconfirmed,
    /// The SMS service refused it for good (a number it cannot reach): retrying cannot help.
    Refused(String),
}

/// Sends `body` to `to` from the dealer's number, unless the number opted out.
pub async fn send(app: &App, dealer: &Dealer, to: &str, body: String) -> Result<Sent> {
    if opted_out(app, &dealer.id, to).await? {
        return Ok(Sent::OptedOut);
    }
    let from = dealer.sms_origination_number.clone().ok_or_else(|| {
        Error::Internal(format!(
            "dealer {} has no SMS origination number",
            dealer.id
        ))
    })?;
    match app
        .sms
        .send(&OutgoingSms {
            from,
            to: to.to_string(),
            body,
        })
        .await
    {
        Ok(message_id) => {
            crate::measures::text(true);
            Ok(Sent::Sent(message_id))
        }
        Err(crate::ports::SmsError::Unconfirmed(m)) => {
            tracing::warn!(dealer = %dealer.id, error = %m, "a text may have been sent; not sending it again");
            Ok(Sent::Unconfirmed)
        }
        Err(crate::ports::SmsError::Refused(m)) => {
            crate::measures::text(false);
            Ok(Sent::Refused(m))
        }
        Err(e) => Err(e.into()),
    }
}

/// The writes that let a reply find its case: the last text to the phone, and the message
/// by its id (what a reply quotes).
pub(crate) fn remember_ops(
    app: &App,
    dealer: &Dealer,
    to: &str,
    message_id: &str,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<Vec<WriteOp>> {
    let sent = SentText {
        case_id: case_id.clone(),
        contact_id: contact_id.into(),
        message_id: message_id.to_string(),
        sent_at: app.clock.now(),
    };
    let ttl = app.clock.now().as_second() + ROUTING_TTL_SECS;
    super::store::remember_ops(&dealer.id, to, &sent, ttl)
}

/// A write after a text went out: tried a few times, since giving up means the next attempt
/// may text the person again.
pub(crate) async fn write_after_send(app: &App, ops: Vec<WriteOp>) -> Result<()> {
    crate::commit::after_effect(|| async {
        match app.store.transact(ops.clone()).await {
            // Only a completion guards its write: it landed already (a lost answer).
            Ok(()) | Err(crate::ports::StoreError::ConditionFailed { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Sends `body` to `to` for `case`/`contact` and remembers it for replies. Answers `None`
/// when the number opted out.
pub(crate) async fn send_and_remember(
    app: &App,
    dealer: &Dealer,
    to: &str,
    body: String,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<Option<String>> {
    let message_id = match send(app, dealer, to, body).await? {
        Sent::Sent(message_id) => message_id,
        Sent::Refused(m) => return Err(crate::ports::SmsError::Refused(m).into()),
        Sent::OptedOut | Sent::Unconfirmed => return Ok(None),
    };
    let ops = remember_ops(app, dealer, to, &message_id, case_id, contact_id)?;
    write_after_send(app, ops).await?;
    Ok(Some(message_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::segments::{measure, Encoding};

    /// A link as long as the page's (a 45-character token on a 40-character origin).
    const LINK: &str =
        "https://cases.northtexas-trucks.example/m/AAECAwQFBgcICQoLDA0ODw.EBESExQVFhcYGRobHB0eHw";

    fn longest() -> About {
        About {
            dealer: "Rush Truck Centers of North Texas - Dallas Peterbilt".into(),
            case: "#104231".into(),
            unit: "TRK-40512-A".into(),
        }
    }

    /// Every message a text carries without a note's words, at its longest (a version in two
    /// figures, an amount in nine).
    fn every_headline() -> Vec<crate::words::Said> {
        use crate::words::Said;
        let amount = "$100,000,000.00";
        vec![
            Said::new("estimate-asked").with("total", amount),
            Said::new("estimate-asked-version")
                .with("version", 12u32)
                .with("total", amount),
            Said::new("estimate-asked-unpriced").with("version", 12u32),
            Said::new("estimate-waiting").with("total", amount),
            Said::new("estimate-waiting-version")
                .with("version", 12u32)
                .with("total", amount),
            Said::new("status-checked-in"),
            Said::new("status-approval"),
            Said::new("status-ready"),
            Said::new("status-in-service"),
        ]
    }

    #[test]
    fn the_longest_texts_fit_two_gsm_segments_whole_in_every_language() {
        for language in Language::ALL {
            for mode in [ReplyMode::SmsAndMobile, ReplyMode::MobileOnly] {
                for said in every_headline() {
                    let headline = said.in_language(language);
                    let text = compose(&longest(), (&headline, None), (mode, language), LINK);
                    let m = measure(&text);
                    assert_eq!(m.encoding, Encoding::Gsm7, "{language}: {text}");
                    assert!(m.segments <= MAX_SEGMENTS, "{language}: {m:?} {text}");
                    // Whole: nothing cut, the amount and the link as they are.
                    assert!(!text.contains("..."), "{language}: cut: {text}");
                    assert!(text.ends_with(LINK), "{text}");
                    assert!(
                        text.contains(&crate::sms::segments::plain_for_sms(&headline)),
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn spanish_and_french_texts_drop_only_the_accents_the_gsm_alphabet_lacks() {
        let said = crate::words::Said::new("estimate-asked").with("total", "$2,302.18");
        let es = compose(
            &longest(),
            (&said.in_language(Language::Es), None),
            (ReplyMode::SmsAndMobile, Language::Es),
            LINK,
        );
        assert!(
            es.contains("presupuesto de $2,302.18 listo para su aprobacion."),
            "{es}"
        );
        let fr = compose(
            &longest(),
            (&said.in_language(Language::Fr), None),
            (ReplyMode::SmsAndMobile, Language::Fr),
            LINK,
        );
        assert!(
            fr.contains("estimation de $2,302.18 prete pour votre approbation."),
            "{fr}"
        );
        assert!(fr.contains("Répondez à ce texto"), "é and à are GSM: {fr}");
    }

    #[test]
    fn a_long_note_is_cut_and_the_link_still_comes_whole_in_every_language() {
        let note = "Les freins avant sont usés jusqu'au métal; nous recommandons ".repeat(20);
        for language in Language::ALL {
            let headline = crate::words::word(language, "new-message");
            let text = compose(
                &longest(),
                (&headline, Some(&note)),
                (ReplyMode::SmsAndMobile, language),
                LINK,
            );
            assert!(measure(&text).segments <= MAX_SEGMENTS, "{text}");
            assert!(text.ends_with(LINK), "{text}");
        }
    }
}
