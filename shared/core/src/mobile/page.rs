//! The mobile page behind a text's link (`GET /m/{token}`): the case's status, its external
//! notes and a reply form (`POST /m/{token}/replies`).

use crate::cases::{self, Author, NoteSource, Visibility};
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, FieldError, Result};
use crate::estimates::{
    self, ApprovalStatus, Channel, Choice, Decider, DecisionsInput, Estimate, LineDecision,
};
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
use crate::ids::ContactId;
use crate::ids::EstimateId;
use crate::ports::{Order, PageRequest};
use crate::{dealers, App};

/// A note as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteView {
    pub author: String,
    /// In the dealer's zone, as people read it.
    pub time: String,
    pub text: String,
}

/// A line of an estimate as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct LineView {
    pub id: String,
    pub description: String,
    pub quantity: f64,
    pub total: String,
    pub total_cents: i64,
    pub status: ApprovalStatus,
    pub reason: Option<String>,
}

/// An estimate sent for approval, at its current version.
#[derive(Debug, Clone, PartialEq)]
pub struct EstimateView {
    pub id: EstimateId,
    pub version: u32,
    pub lines: Vec<LineView>,
    pub total: String,
    pub approved: String,
    pub approved_cents: i64,
    /// Whether any line still waits for the customer.
    pub waiting: bool,
    /// Whether this contact was asked to decide the version (others read it).
    pub may_decide: bool,
    /// Who was asked ("Jo Fleet and Dave Driver"); empty when every recipient was.
    pub asked: String,
    /// Versions sent and decisions recorded, oldest first, as sentences.
    pub history: Vec<String>,
}

/// Everything the page shows; the function crate renders it (HTML, escaped by its template).
#[derive(Debug, Clone, PartialEq)]
pub struct PageView {
    pub dealer: String,
    pub case: String,
    pub unit: String,
    pub status: String,
    pub notes: Vec<NoteView>,
    /// The cursor of the next (older) page of notes, if there is one.
    pub older_notes: Option<String>,
    pub estimates: Vec<EstimateView>,
    /// A fresh id for this rendering's forms: a re-sent form is recognised.
    pub submission: String,
}

fn estimate_view(e: &Estimate, time_zone: &str, contact_id: &ContactId) -> Option<EstimateView> {
    let version = e.versions.last()?;
    let when = |t| dealers::time_for_people(t, time_zone);
    let mut history: Vec<(jiff::Timestamp, String)> = e
        .versions
        .iter()
        .map(|v| {
            (
                v.sent_at,
                format!(
                    "Version {} sent by {}, {}",
                    v.number,
                    v.sent_by.name,
                    when(v.sent_at)
                ),
            )
        })
        .collect();
    for v in &e.versions {
        for r in &v.reminders {
            history.push((
                r.sent_at,
                format!(
                    "Version {} sent again by {}, {}",
                    v.number,
                    r.sent_by.name,
                    when(r.sent_at)
                ),
            ));
        }
    }
    for d in &e.decisions {
        let line = e
            .lines
            .iter()
            .find(|l| l.id == d.line_id)
            .map(|l| l.description.as_str())
            .unwrap_or("a line since removed");
        let verb = match d.status {
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Deferred => "deferred",
            ApprovalStatus::Declined => "declined",
            ApprovalStatus::Requested => "asked again about",
        };
        let reason = d
            .reason
            .as_deref()
            .map(|r| format!(" ({r})"))
            .unwrap_or_default();
        history.push((
            d.at,
            format!(
                "{} {verb} {line}{reason} on version {}, {}",
                d.by.name,
                d.version,
                when(d.at)
            ),
        ));
    }
    // Stable: a decision recorded at the same instant as a sending stays after it.
    history.sort_by_key(|(at, _)| *at);
    let lines: Vec<LineView> = e
        .lines
        .iter()
        .map(|l| LineView {
            id: l.id.clone(),
            description: l.description.clone(),
            quantity: l.quantity,
            total: estimates::dollars(l.total_cents),
            total_cents: l.total_cents,
            status: l.approval.status,
            reason: l.approval.reason.clone(),
        })
        .collect();
    Some(EstimateView {
        id: e.id.clone(),
        version: version.number,
        waiting: lines.iter().any(|l| l.status == ApprovalStatus::Requested),
        may_decide: version.asks(contact_id.as_str()),
        asked: version.asked_names(),
        lines,
        total: estimates::dollars(e.totals.total_cents),
        approved: estimates::dollars(e.totals.approved_cents),
        approved_cents: e.totals.approved_cents,
        history: history.into_iter().map(|(_, text)| text).collect(),
    })
}

/// Notes a page shows, newest first; older ones are a link away.
pub const NOTES_PER_PAGE: usize = 20;

/// What the page behind a link shows. Errors (unknown link, expired, revoked) go out as
/// problems, which the function renders as pages.
pub async fn load(app: &App, token: &str, older: Option<&str>) -> Result<PageView> {
    let super::links::Opened {
        claims,
        dealer,
        case,
    } = super::links::resolve(app, token).await?;
    let older = PageRequest {
        after: older.map(str::to_string),
        ..PageRequest::first(NOTES_PER_PAGE, Order::Descending)
    };
    let notes = cases::store::notes(app, &claims.dealer, &case.id, true, older).await?;
    let mut note_views = Vec::new();
    for note in notes.items {
        if note.visibility == Visibility::External {
            note_views.push(NoteView {
                author: note.author.name,
                time: dealers::time_for_people(note.created_at, &dealer.settings.time_zone),
                text: note.text,
            });
        }
    }
    let newest = PageRequest::first(20, Order::Descending);
    let sent = crate::estimates::store::list(app, &claims.dealer, &case.id, newest).await?;
    let mut estimate_views = Vec::new();
    for e in &sent.items {
        estimate_views.extend(estimate_view(
            e,
            &dealer.settings.time_zone,
            &claims.contact_id,
        ));
    }
    Ok(PageView {
        dealer: dealer.name,
        case: case.label(),
        unit: case.asset.unit_number,
        status: case.status.as_str().replace('_', " "),
        notes: note_views,
        older_notes: notes.next_page,
        estimates: estimate_views,
        submission: app.ids.new_id(),
    })
}

/// `POST /m/{token}/estimates/{estimateId}/decisions`, from the page's form: `version`,
/// `line-<lineId>` = approve | defer | decline, `reason-<lineId>`. Lines left unchosen stay
/// as they are. Recorded as the contact's, through the mobile channel, with where it came
/// from.
pub async fn submit_decisions(
    app: &App,
    token: &str,
    estimate_id: &EstimateId,
    form: &[(String, String)],
    ip: Option<String>,
    user_agent: Option<String>,
) -> Result<Estimate> {
    let claims = super::links::resolve(app, token).await?.claims;
    let contact = crate::contacts::get(app, &claims.dealer, &claims.contact_id).await?;
    let mut version = None;
    let mut lines = Vec::new();
    let mut errors = Vec::new();
    for (k, v) in form {
        if k == "version" {
            version = v.parse::<u32>().ok();
        } else if let Some(line_id) = k.strip_prefix("line-") {
            if v.is_empty() {
                continue;
            }
            match Choice::parse(v) {
                Some(decision) => {
                    let reason = form
                        .iter()
                        .find(|(rk, _)| rk.strip_prefix("reason-") == Some(line_id))
                        .map(|(_, r)| r.clone())
                        .filter(|r| !r.trim().is_empty());
                    lines.push(LineDecision {
                        line_id: line_id.to_string(),
                        decision,
                        reason,
                    });
                }
                None => errors.push(FieldError::new(
                    k.as_str(),
                    "choose approve, defer or decline",
                )),
            }
        }
    }
    let Some(version) = version else {
        return Err(Error::bad_field(
            "version",
            "send the decisions from the page's form",
        ));
    };
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    let input = DecisionsInput { version, lines };
    let who = Decider {
        author: Author {
            id: Some(contact.id.to_string()),
            name: contact.name.clone(),
        },
        channel: Channel::Mobile,
        ip,
        user_agent: user_agent.map(|u| u.chars().take(300).collect()),
    };
    estimates::record_decisions(
        app,
        &claims.dealer,
        &claims.case_id,
        estimate_id,
        &input,
        &who,
    )
    .await
}

/// Whom a customer can call when their link no longer opens the case: the dealer, and the
/// number it texts from (people's format for North American numbers, and E.164 for `tel:`).
/// `None` for a link we never issued.
pub async fn who_to_call(app: &App, token: &str) -> Option<(String, String, String)> {
    let claims = super::links::claims_of(app, token).await.ok()??;
    let dealer = dealers::load_dealer(app, &claims.dealer).await.ok()?;
    let number = dealer.sms_origination_number?;
    Some((dealer.name, phone_for_people(&number), number))
}

/// `+12145550000` → `(214) 555-0000`; other numbers as they are.
pub fn phone_for_people(e164: &str) -> String {
    match e164.strip_prefix("+1") {
        Some(d) if d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()) => {
            format!("({}) {}-{}", &d[..3], &d[3..6], &d[6..])
        }
        _ => e164.to_string(),
    }
}

/// What a reply from the page came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replied {
    Noted,
    /// The same form was sent again; the reply was noted the first time.
    Repeated,
}

/// `POST /m/{token}/replies`: the contact's reply becomes an external note on the case, from
/// them, whatever the reply mode (the page is the way to answer in mobile-only mode). A
/// reply over the note limit is refused with the limit (the person can shorten it, unlike a
/// text message, which is kept with a marker).
pub async fn reply(app: &App, token: &str, text: &str, submission: &str) -> Result<Replied> {
    let claims = super::links::resolve(app, token).await?.claims;
    let mut errors = Vec::new();
    cases::require_text(&mut errors, "text", text, cases::MAX_NOTE_CHARS);
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    let text = text.trim();
    if submission.is_empty() || submission.len() > 64 {
        return Err(Error::bad_field(
            "submission",
            "send the reply from the page's form",
        ));
    }
    let contact = crate::contacts::get(app, &claims.dealer, &claims.contact_id).await?;
    // One note per rendering of the form: the key is the form's submission id, written in
    // the note's own transaction (the idempotency module's in-transaction variant).
    let scoped = format!("{}#{}#{submission}", claims.case_id, claims.contact_id);
    let key = crate::idempotency::key(&claims.dealer, IdempotencyScope::MobileReply, &scoped);
    let payload = idempotency::payload_hash(text.as_bytes());
    let what = "this reply form";
    let (key, payload, claims, contact) = (&key, &payload, &claims, &contact);
    commit(app, &format!("case {}", claims.case_id), || async move {
        if idempotency::saved::<()>(app, key, payload, what)
            .await?
            .is_some()
        {
            return Ok(Round::Done(Replied::Repeated));
        }
        let author = Author {
            id: Some(contact.id.to_string()),
            name: contact.name.clone(),
        };
        let note = cases::prepare_note(
            app,
            &claims.dealer,
            &claims.case_id,
            text.to_string(),
            Visibility::External,
            NoteSource::Mobile,
            author,
        )?;
        let (check, missing) = cases::case_exists(&claims.dealer, &claims.case_id)?;
        let plan = Plan::new(Replied::Noted)
            .write(check)
            .refuse_if_fails(missing)
            .write(idempotency::completed_op(
                app,
                key,
                payload,
                &(),
                REPLY_KEPT,
            )?);
        Ok(Round::Write(note.into_plan(plan)))
    })
    .await
}

/// As long as a link can open the page.
const REPLY_KEPT: std::time::Duration = std::time::Duration::from_secs(8 * 24 * 3600);
