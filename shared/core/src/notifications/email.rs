//! The email a recipient gets: from the dealer's verified address, a plain-text and an
//! HTML part saying the dealer, what happened, the case and unit, the words of a note, and
//! the signed link to the case's page; `List-Unsubscribe` / `List-Unsubscribe-Post`
//! (RFC 8058 one-click) pointing at `POST /e/unsubscribe/{token}`, which turns email off
//! for that contact at that dealer (texts go on).

use casebridge_templates::views::EmailView;

use super::sending::{Outcome, Sending};
use crate::contacts::{Contact, EmailStopReason, EmailStopped};
use crate::dealers::{self, Dealer, ReplyMode};
use crate::error::{Error, Result};
use crate::ids::ContactId;
use crate::ids::DealerId;
use crate::ports::{EmailError, HeaderText, OutgoingEmail, WriteOp};
use crate::words::{say, word};
use crate::{App, Language};

/// How long an unsubscribe link works: RFC 8058 asks that it keep working; a year and a
/// month covers any email a person still has.
const UNSUBSCRIBE_KEPT_SECS: i64 = 400 * 24 * 3600;
/// How long an email's message id finds its log entry (SES reports within days).
const SENT_EMAIL_KEPT_SECS: i64 = 30 * 24 * 3600;

use super::store::{self, UnsubscribeClaims};
pub use super::store::{SentEmail, Suppression};

/// One email, ready for the sender.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Where an email's links go: the case page, its unsubscribe, and a PDF when it carries one.
pub(crate) struct EmailLinks<'a> {
    pub page: &'a str,
    pub unsubscribe: &'a str,
    pub pdf: Option<&'a str>,
}

/// Says the same as the text, with room for a note's words, in the recipient's language.
pub(crate) fn compose(
    dealer: &Dealer,
    case: &crate::cases::Case,
    (headline, detail): (&str, Option<&str>),
    (mode, l): (ReplyMode, Language),
    links: &EmailLinks<'_>,
) -> Composed {
    let (link, unsubscribe) = (links.page, links.unsubscribe);
    let (case_label, unit) = (case.label(), &case.asset.unit_number);
    let on_case = || [("case", (&case_label).into()), ("unit", unit.into())];
    let about = say(l, "email-about", &on_case());
    let mut values = on_case().to_vec();
    values.extend([
        ("dealer", (&dealer.name).into()),
        ("headline", headline.into()),
    ]);
    let subject = say(l, "email-subject", &values);
    let reply = word(
        l,
        match mode {
            ReplyMode::SmsAndMobile => "email-reply-sms",
            ReplyMode::MobileOnly => "email-reply-page",
        },
    );
    // The number customers call (the dealer's, else the one it texts from).
    let phone = crate::dealers::DealerFront::of(dealer)
        .phone
        .map(|(people, _)| people);
    let said = crate::text::sentence(headline);
    let view = EmailView {
        language: l,
        subject: &subject,
        dealer: &dealer.name,
        about: &about,
        headline: &said,
        detail,
        link,
        pdf: links.pdf,
        reply: &reply,
        phone: phone.as_deref(),
        unsubscribe,
    };
    let text = casebridge_templates::email::notification_text(&view);
    let html = casebridge_templates::email::notification(&view);
    Composed {
        subject,
        text,
        html,
    }
}

/// Whether an email to `address` is stopped, and why (a bounce or a complaint about the
/// address, or the contact's own unsubscribe).
async fn email_stopped(
    app: &App,
    dealer: &Dealer,
    contact: &Contact,
    address: &str,
) -> Result<Option<Outcome>> {
    if let Some(stop) = &contact.email_stopped {
        if contact.email.as_deref() == Some(address) {
            return Ok(Some(match stop.reason {
                EmailStopReason::Unsubscribed => Outcome::OptedOut,
                _ => Outcome::Suppressed {
                    detail: stop.detail.clone(),
                },
            }));
        }
    }
    if !contact.email_opt_in {
        return Ok(Some(Outcome::OptedOut));
    }
    Ok(store::suppression(app, &dealer.id, address)
        .await?
        .map(|s| Outcome::Suppressed { detail: s.detail }))
}

/// The email to one contact about one event (stops checked first).
pub(super) async fn send_to(s: &Sending<'_>, contact: &Contact, address: &str) -> Result<Outcome> {
    if let Some(stopped) = email_stopped(s.app, s.dealer, contact, address).await? {
        return Ok(stopped);
    }
    let Some(from_address) = &s.dealer.email_from_address else {
        return Err(Error::Internal(format!(
            "dealer {} has no email sender",
            s.dealer.id
        )));
    };
    let link =
        crate::mobile::links::issue_to(s.app, &s.dealer.id, &s.case.id, &contact.id, s.opens())
            .await?;
    let unsubscribe = issue_unsubscribe(s.app, &s.dealer.id, &contact.id, address).await?;
    let pdf = s.message.pdf_link(&link);
    let links = EmailLinks {
        page: &link,
        unsubscribe: &unsubscribe,
        pdf: pdf.as_deref(),
    };
    let language = crate::contacts::reads_in(Some(contact), None);
    let headline = s.message.headline.in_language(language);
    let composed = compose(
        s.dealer,
        s.case,
        (&headline, s.message.detail.as_deref()),
        (s.mode, language),
        &links,
    );
    let email = OutgoingEmail {
        from: HeaderText::new(&format!(
            "{} <{from_address}>",
            display_name(&s.dealer.name)
        )),
        to: HeaderText::new(address),
        subject: HeaderText::new(&composed.subject),
        text: composed.text,
        html: composed.html,
        headers: vec![
            (
                HeaderText::new("List-Unsubscribe"),
                HeaderText::new(&format!("<{unsubscribe}>")),
            ),
            (
                HeaderText::new("List-Unsubscribe-Post"),
                HeaderText::new("List-Unsubscribe=One-Click"),
            ),
        ],
        tags: vec![("dealer".into(), s.dealer.id.to_string())],
    };
    outcome_of(s, s.app.email.send(&email).await)
}

/// What SES's answer means for the log entry (and what operators count).
fn outcome_of(s: &Sending<'_>, sent: std::result::Result<String, EmailError>) -> Result<Outcome> {
    match sent {
        Ok(message_id) => {
            crate::measures::email(true);
            Ok(Outcome::Sent { message_id })
        }
        Err(EmailError::Unconfirmed(m)) => {
            tracing::warn!(dealer = %s.dealer.id, error = %m, "an email may have been sent; not sending it again");
            Ok(Outcome::Unconfirmed)
        }
        Err(EmailError::Refused(reason)) => {
            crate::measures::email(false);
            Ok(Outcome::Failed { reason })
        }
        Err(EmailError::Transient(m)) => Err(Error::Unavailable(m)),
    }
}

/// The dealer's name as an RFC 5322 display name: quoted, with quotes and backslashes
/// escaped, and no line breaks.
fn display_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !c.is_control())
        .flat_map(|c| match c {
            '"' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("\"{clean}\"")
}

/// The write that lets SES's notifications about `message_id` find the log entry.
pub(super) fn remember_op(
    app: &App,
    dealer: &Dealer,
    message_id: &str,
    log_key: &store::EntryKey,
    contact: &Contact,
    address: &str,
) -> Result<WriteOp> {
    let sent = SentEmail {
        dealer: dealer.id.clone(),
        contact_id: contact.id.clone(),
        address: address.to_string(),
        log_pk: log_key.0.clone(),
        log_sk: log_key.1.clone(),
    };
    let ttl = app.clock.now().as_second() + SENT_EMAIL_KEPT_SECS;
    store::sent_email_op(message_id, &sent, ttl)
}

/// A one-click unsubscribe link for `contact` at `address` (signed like the page links,
/// stored under its own prefix, so a page link cannot unsubscribe anyone).
async fn issue_unsubscribe(
    app: &App,
    dealer: &DealerId,
    contact_id: &ContactId,
    address: &str,
) -> Result<String> {
    let id = *uuid::Uuid::new_v4().as_bytes();
    let token = app.links.token(&id).await?;
    let claims = UnsubscribeClaims {
        dealer: dealer.clone(),
        contact_id: contact_id.into(),
        email: address.into(),
    };
    let ttl = app.clock.now().as_second() + UNSUBSCRIBE_KEPT_SECS;
    store::save_unsubscribe(app, &id, &claims, ttl).await?;
    Ok(app.links.unsubscribe_url(&token))
}

/// What an unsubscribe link is for, as its page says it.
pub use casebridge_templates::views::UnsubscribeView;

async fn unsubscribe_claims(app: &App, token: &str) -> Result<UnsubscribeClaims> {
    let id = app.links.id_of(token).await?;
    store::unsubscribe(app, &id)
        .await?
        .ok_or_else(|| Error::not_found("unsubscribe link"))
}

/// The language an unsubscribe page is in: the contact's, else the browser's.
async fn unsubscribe_language(
    app: &App,
    claims: &UnsubscribeClaims,
    browser: Option<Language>,
) -> Language {
    let contact = crate::contacts::get(app, &claims.dealer, &claims.contact_id).await;
    crate::contacts::reads_in(contact.ok().as_ref(), browser)
}

/// What the unsubscribe page shows before the person confirms (in the contact's language,
/// else the one `browser` asks for).
pub async fn unsubscribe_view(
    app: &App,
    token: &str,
    browser: Option<Language>,
) -> Result<UnsubscribeView> {
    let claims = unsubscribe_claims(app, token).await?;
    let dealer = dealers::load_dealer(app, &claims.dealer).await?;
    Ok(UnsubscribeView {
        language: unsubscribe_language(app, &claims, browser).await,
        dealer_name: dealer.name,
        email: crate::text::masked_email(&claims.email),
    })
}

/// `POST /e/unsubscribe/{token}`: email off for that contact at that dealer, from the next
/// email on; texts go on. Posting twice is the same as once; a contact since deleted, or
/// whose address has changed, is left alone (the link was for the old address).
pub async fn unsubscribe(
    app: &App,
    token: &str,
    browser: Option<Language>,
) -> Result<UnsubscribeView> {
    let claims = unsubscribe_claims(app, token).await?;
    let dealer = dealers::load_dealer(app, &claims.dealer).await?;
    let stop = EmailStopped {
        reason: EmailStopReason::Unsubscribed,
        detail: "used the unsubscribe link in an email".into(),
        at: app.clock.now(),
    };
    let at = stop.at;
    let before = crate::contacts::get(app, &claims.dealer, &claims.contact_id)
        .await
        .ok();
    let language = crate::contacts::reads_in(before.as_ref(), browser);
    let already = before.as_ref().is_some_and(|c| {
        c.email_stopped.as_ref().map(|s| s.reason) == Some(EmailStopReason::Unsubscribed)
    });
    stop_contact_email(app, &claims.dealer, &claims.contact_id, &claims.email, stop).await?;
    if !already {
        let name = before.map(|c| c.name);
        let masked = crate::text::masked_email(&claims.email);
        let stopped = crate::activity::Activity {
            id: format!("unsubscribed#{}#{}", claims.contact_id, at.as_second()),
            kind: crate::activity::ActivityKind::OptedOut,
            at,
            case_id: None,
            case_number: None,
            contact_id: Some(claims.contact_id.to_string()),
            summary: format!(
                "{} stopped emails to {masked} (the unsubscribe link)",
                name.as_deref().unwrap_or("A contact")
            ),
            contact_name: name,
        };
        crate::activity::record(app, &claims.dealer, stopped).await?;
    }
    Ok(UnsubscribeView {
        language,
        dealer_name: dealer.name,
        email: crate::text::masked_email(&claims.email),
    })
}

/// Marks `address` as no longer emailed by `dealer` (a hard bounce, a complaint), and the
/// contact the email went to, so the advisor sees why.
pub(crate) async fn suppress(
    app: &App,
    dealer: &DealerId,
    contact_id: &ContactId,
    address: &str,
    reason: EmailStopReason,
    detail: String,
) -> Result<()> {
    let now = app.clock.now();
    let marker = Suppression {
        reason,
        detail: detail.clone(),
        at: now,
    };
    store::suppress(app, dealer, address, &marker).await?;
    let stop = EmailStopped {
        reason,
        detail,
        at: now,
    };
    stop_contact_email(app, dealer, contact_id, address, stop).await
}

/// Stops email to a contact while it still has `address` (an unsubscribe also turns its
/// email off); a contact since deleted, or moved to another address, is left alone, and
/// one already stopped for the same reason keeps its first stop.
async fn stop_contact_email(
    app: &App,
    dealer: &DealerId,
    contact_id: &ContactId,
    address: &str,
    stop: EmailStopped,
) -> Result<()> {
    let result = crate::contacts::store::update(app, dealer, contact_id, |c: &mut Contact| {
        let same_address = c
            .email
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case(address));
        if same_address && c.email_stopped.as_ref().map(|s| s.reason) != Some(stop.reason) {
            if stop.reason == EmailStopReason::Unsubscribed {
                c.email_opt_in = false;
            }
            c.email_stopped = Some(stop.clone());
            c.updated_at = stop.at;
        }
        Ok(())
    })
    .await;
    match result {
        Ok(_) | Err(Error::NotFound(_)) => Ok(()),
        Err(e) => Err(e),
    }
}
