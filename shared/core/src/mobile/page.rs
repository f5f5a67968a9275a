//! The mobile page behind a text's link (`GET /m/{token}`): the case's status, its external
//! notes and a reply form (`POST /m/{token}/replies`).

use crate::cases::{self, Author, NoteSource, Visibility};
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, Result};
use crate::estimates::{
    self, ApprovalStatus, Channel, Decider, Decision, DecisionsInput, Estimate, LineKind,
};
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
use crate::ids::ContactId;
use crate::ids::EstimateId;
use crate::ports::{Order, PageRequest};
use crate::{dealers, App};

pub use casebridge_templates::views::{
    EstimateView, LineStatus, LineView, NoteView, PageView, TotalRow,
};

fn line_status(s: ApprovalStatus) -> LineStatus {
    match s {
        ApprovalStatus::Requested => LineStatus::Waiting,
        ApprovalStatus::Approved => LineStatus::Approved,
        ApprovalStatus::Deferred => LineStatus::Deferred,
        ApprovalStatus::Declined => LineStatus::Declined,
    }
}

/// Versions sent (and sent again) and decisions recorded, oldest first, as sentences.
fn history(e: &Estimate, time_zone: &str) -> Vec<String> {
    let when = |t| dealers::time_for_people(t, time_zone);
    let mut history: Vec<(jiff::Timestamp, String)> = Vec::new();
    for v in &e.versions {
        history.push((
            v.sent_at,
            format!(
                "Version {} sent by {}, {}",
                v.number,
                v.sent_by.name,
                when(v.sent_at)
            ),
        ));
    }
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
        history.push((d.at, decision_sentence(e, d, &when(d.at))));
    }
    // Stable: a decision recorded at the same instant as a sending stays after it.
    history.sort_by_key(|(at, _)| *at);
    history.into_iter().map(|(_, text)| text).collect()
}

/// "Jo Fleet approved Brakes (by phone) on version 2, Mon 9:30 AM".
fn decision_sentence(e: &Estimate, d: &Decision, when: &str) -> String {
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
    format!(
        "{} {verb} {line}{reason} on version {}, {when}",
        d.by.name, d.version
    )
}

fn estimate_view(e: &Estimate, time_zone: &str, contact_id: &ContactId) -> Option<EstimateView> {
    let version = e.versions.last()?;
    let lines: Vec<LineView> = e.lines.iter().map(line_view).collect();
    let t = &e.totals;
    let approved_taxable_cents = e
        .lines
        .iter()
        .filter(|l| l.taxable && l.approval.status == ApprovalStatus::Approved)
        .map(|l| l.total_cents)
        .sum();
    Some(EstimateView {
        id: e.id.to_string(),
        version: version.number,
        waiting: lines.iter().any(|l| l.status == LineStatus::Waiting),
        may_decide: version.asks(contact_id.as_str()),
        asked: version.asked_names(),
        lines,
        total_rows: total_rows(t),
        total: estimates::dollars(t.total_cents),
        approved: estimates::dollars(t.approved_cents),
        approved_cents: t.approved_cents,
        approved_before_tax: t.approved_before_tax(),
        approved_subtotal_cents: t.approved_subtotal_cents,
        approved_taxable_cents,
        any_approved: e
            .lines
            .iter()
            .any(|l| l.approval.status == ApprovalStatus::Approved),
        shop_supplies_cents: t.shop_supplies_cents,
        tax_rate_milli_percent: t.tax_rate_percent.map(|r| (r * 1000.0).round() as i64),
        history: history(e, time_zone),
    })
}

fn line_view(l: &crate::estimates::EstimateLine) -> LineView {
    let kind = match l.kind {
        LineKind::Part => "Part",
        LineKind::Labor => "Labour",
        LineKind::Fee => "Fee",
    };
    LineView {
        id: l.id.clone(),
        description: l.description.clone(),
        kind,
        part_number: l.part_number.clone(),
        quantity: l.quantity,
        quantity_times_price: format!(
            "{} \u{d7} {}",
            l.quantity,
            estimates::dollars(l.unit_price_cents)
        ),
        total: estimates::dollars(l.total_cents),
        total_cents: l.total_cents,
        taxable: l.taxable,
        status: line_status(l.approval.status),
        reason: l.approval.reason.clone(),
    }
}

/// The rows the total is made of; a row that is zero is left out (a shop without fees shows
/// none), the subtotal always shows.
fn total_rows(t: &crate::estimates::Totals) -> Vec<TotalRow> {
    let tax = match t.tax_rate_percent {
        Some(rate) => format!("Tax ({rate} %)"),
        None => "Tax".to_string(),
    };
    [
        ("Parts".to_string(), t.parts_cents, false),
        ("Labour".to_string(), t.labor_cents, false),
        ("Fees".to_string(), t.fees_cents, false),
        ("Subtotal".to_string(), t.subtotal_cents, true),
        ("Shop supplies".to_string(), t.shop_supplies_cents, false),
        (tax, t.tax_cents, false),
    ]
    .into_iter()
    .filter(|(_, cents, always)| *always || *cents != 0)
    .map(|(label, cents, _)| TotalRow {
        label,
        amount: estimates::dollars(cents),
    })
    .collect()
}

/// Notes a page shows, newest first; older ones are a link away.
pub(crate) const NOTES_PER_PAGE: usize = 20;

/// What a link opens, checked (see [`super::links::resolve`]): what the page and what the
/// customer sends from it work from, read once.
pub use super::links::Opened;

pub async fn open(app: &App, token: &str) -> Result<Opened> {
    super::links::resolve(app, token).await
}

/// What the page behind a link shows. Errors (unknown link, expired, revoked) go out as
/// problems, which the function renders as pages.
pub async fn load(app: &App, token: &str, older: Option<&str>) -> Result<PageView> {
    view(app, &open(app, token).await?, older).await
}

/// The page of a link already opened: its notes and estimates as they are now.
pub async fn view(app: &App, opened: &Opened, older: Option<&str>) -> Result<PageView> {
    let Opened {
        claims,
        dealer,
        case,
        ..
    } = opened;
    let older = PageRequest {
        after: older.map(str::to_string),
        ..PageRequest::first(NOTES_PER_PAGE, Order::Descending)
    };
    let notes = cases::store::notes(app, &claims.dealer, &case.id, true, older).await?;
    let time_zone = &dealer.settings.time_zone;
    let note_views = notes
        .items
        .into_iter()
        .filter(|note| note.visibility == Visibility::External)
        .map(|note| NoteView {
            author: note.author.name,
            time: dealers::time_for_people(note.created_at, time_zone),
            text: note.text,
        })
        .collect();
    let newest = PageRequest::first(20, Order::Descending);
    let sent = crate::estimates::store::list(app, &claims.dealer, &case.id, newest).await?;
    let estimate_views = sent
        .items
        .iter()
        .filter_map(|e| estimate_view(e, time_zone, &claims.contact_id))
        .collect();
    Ok(PageView {
        dealer: dealer.name.clone(),
        case: case.label(),
        unit: case.asset.unit_number.clone(),
        status: status_for_people(case.status).to_string(),
        notes: note_views,
        older_notes: notes.next_page,
        estimates: estimate_views,
        submission: app.ids.new_id(),
    })
}

/// The case's status as the customer reads it, not in the shop's words.
fn status_for_people(status: crate::cases::CaseStatus) -> &'static str {
    use crate::cases::CaseStatus::*;
    match status {
        Open => "Opened",
        CheckIn => "Checked in",
        RequestForApproval => "Waiting for your approval",
        PartsHold => "Waiting for parts",
        AssetInService => "Being worked on",
        AssetReady => "Ready for pickup",
        Closed => "Closed",
    }
}

/// Where a submission came from, kept with each decision.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The address the gateway saw.
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// `POST /m/{token}/estimates/{estimateId}/decisions`: the decisions the page's form
/// carried (lines left unchosen stay as they are), recorded as the contact's, through the
/// mobile channel, with where they came from.
pub async fn submit_decisions(
    app: &App,
    opened: &Opened,
    estimate_id: &EstimateId,
    input: &DecisionsInput,
    origin: Origin,
) -> Result<Estimate> {
    let who = Decider {
        author: Author {
            id: Some(opened.contact.id.to_string()),
            name: opened.contact.name.clone(),
        },
        channel: Channel::Mobile,
        ip: origin.ip,
        user_agent: origin.user_agent.map(|u| u.chars().take(300).collect()),
    };
    let claims = &opened.claims;
    estimates::record_decisions(
        app,
        &claims.dealer,
        &claims.case_id,
        estimate_id,
        input,
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
pub(crate) fn phone_for_people(e164: &str) -> String {
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
    let Opened {
        claims, contact, ..
    } = open(app, token).await?;
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
