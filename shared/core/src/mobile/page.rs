//! The mobile page behind a text's link (`GET /m/{token}`): the case's status, its external
//! notes and a reply form (`POST /m/{token}/replies`).

use crate::cases::{self, Author, NoteSource, Visibility};
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, Result};
use crate::estimates::{self, Channel, Decider, DecisionsInput, Estimate};
use crate::idempotency;
use crate::idempotency::IdempotencyScope;
use crate::ids::EstimateId;
use crate::ports::{Order, PageRequest};
use crate::{dealers, App};

pub use super::language::{choose_language, problem_reader};
use super::links::Opens;
use super::views;
pub use super::views::{DecidedView, EstimateView, NoteView, PageView, Showing};

/// Notes a page shows, newest first; older ones are a link away.
pub(crate) const NOTES_PER_PAGE: usize = 20;

/// What a link opens, checked (see [`super::links::resolve`]): what the page and what the
/// customer sends from it work from, read once.
pub use super::links::Opened;

pub async fn open(app: &App, token: &str) -> Result<Opened> {
    super::links::resolve(app, token).await
}

/// The view a link opens (errors — unknown link, expired, revoked — go out as problems,
/// which the function renders as pages): the estimate an approval request was about, the messages for a
/// note or a status text; a link from before the two views opens the estimate waiting for
/// the contact's decision, if any. Asking for older messages is the messages view.
pub async fn view(app: &App, opened: &Opened, older: Option<&str>) -> Result<PageView> {
    if older.is_some() {
        return notes_page(app, opened, older).await;
    }
    match &opened.claims.opens {
        Opens::Notes => notes_page(app, opened, None).await,
        Opens::Estimate { estimate_id } => estimate_or_notes(app, opened, estimate_id).await,
        Opens::Case => {
            let sent = sent_estimates(app, opened).await?;
            let waiting = sent.iter().find(|e| e.may_decide && e.waiting);
            match waiting {
                Some(e) => {
                    let estimate_id = EstimateId::parse(&e.id)?;
                    showing_estimate(app, opened, &estimate_id, e.clone()).await
                }
                None => notes_with(app, opened, None, sent).await,
            }
        }
    }
}

/// `GET /m/{token}/notes`: the case's messages newest first, a reply form, and the estimates
/// sent (each a link to its view).
pub async fn notes_page(app: &App, opened: &Opened, older: Option<&str>) -> Result<PageView> {
    let sent = sent_estimates(app, opened).await?;
    notes_with(app, opened, older, sent).await
}

async fn notes_with(
    app: &App,
    opened: &Opened,
    older: Option<&str>,
    estimates: Vec<EstimateView>,
) -> Result<PageView> {
    let claims = &opened.claims;
    let older = PageRequest {
        after: older.map(str::to_string),
        ..PageRequest::first(NOTES_PER_PAGE, Order::Descending)
    };
    let notes = cases::store::notes(app, &claims.dealer, &claims.case_id, true, older).await?;
    let time_zone = &opened.dealer.settings.time_zone;
    let mut view = page_view(app, opened, Showing::Notes, estimates);
    view.notes = notes
        .items
        .into_iter()
        .filter(|note| note.visibility == Visibility::External)
        .map(|note| NoteView {
            author: note.author.name,
            time: dealers::time_in(note.created_at, time_zone, opened.language),
            text: note.text,
        })
        .collect();
    view.older_notes = notes.next_page;
    Ok(view)
}

/// `GET /m/{token}/estimates/{estimateId}`: one estimate sent for approval, to read and
/// decide. Another case's estimate, or one not sent yet, is "not on your case" (no id said).
pub async fn estimate_page(
    app: &App,
    opened: &Opened,
    estimate_id: &EstimateId,
) -> Result<PageView> {
    let view = shown_estimate(app, opened, estimate_id).await?;
    showing_estimate(app, opened, estimate_id, view).await
}

/// The estimate's view, or the case's messages when the estimate was deleted since the
/// text went (what a link to an estimate opens, and where a refused form lands).
pub async fn estimate_or_notes(
    app: &App,
    opened: &Opened,
    estimate_id: &EstimateId,
) -> Result<PageView> {
    match estimate_page(app, opened, estimate_id).await {
        Err(Error::NotFound(_)) => notes_page(app, opened, None).await,
        shown => shown,
    }
}

/// The estimate as this link may see it: sent, on the link's case.
async fn shown_estimate(
    app: &App,
    opened: &Opened,
    estimate_id: &EstimateId,
) -> Result<EstimateView> {
    let claims = &opened.claims;
    let not_here = || Error::not_found("this estimate on your case");
    let e = match estimates::store::load(app, &claims.dealer, &claims.case_id, estimate_id).await {
        Ok(e) => e,
        Err(Error::NotFound(_)) => return Err(not_here()),
        Err(e) => return Err(e),
    };
    views::estimate_view(&e, opened).ok_or_else(not_here)
}

/// The page showing one estimate, its checked photos each under its line.
async fn showing_estimate(
    app: &App,
    opened: &Opened,
    estimate_id: &EstimateId,
    mut view: EstimateView,
) -> Result<PageView> {
    let claims = &opened.claims;
    for p in estimates::shown_photos(app, &claims.dealer, &claims.case_id, estimate_id).await? {
        if let Some(line) = view.lines.iter_mut().find(|l| l.id == p.line_id) {
            line.photos.push(views::PhotoThumb {
                id: p.id.to_string(),
                caption: p.caption,
            });
        }
    }
    Ok(page_view(
        app,
        opened,
        Showing::Estimate(view.id.clone()),
        vec![view],
    ))
}

/// `GET /m/{token}/estimates/{estimateId}/photos/{photoId}`: where one photo of an estimate
/// the link may see can be seen for a few minutes. Another case's photo is "not found".
pub async fn photo(
    app: &App,
    opened: &Opened,
    estimate_id: &EstimateId,
    photo_id: &crate::ids::PhotoId,
) -> Result<String> {
    let claims = &opened.claims;
    shown_estimate(app, opened, estimate_id).await?;
    estimates::photo_link(app, &claims.dealer, &claims.case_id, estimate_id, photo_id).await
}

/// `GET /m/{token}/estimates/{estimateId}/versions/{n}/pdf`: a version of an estimate on the
/// link's case as a PDF. Anything not there — a bad id or number, another case's estimate —
/// is "not on your case", no id said.
pub async fn version_pdf(
    app: &App,
    opened: &Opened,
    estimate_id: &str,
    n: &str,
) -> Result<Vec<u8>> {
    let not_here = || Error::not_found("this version of an estimate on your case");
    let (Ok(estimate_id), Ok(n)) = (EstimateId::parse(estimate_id), n.parse::<u32>()) else {
        return Err(not_here());
    };
    match estimates::version_pdf(app, &opened.dealer, &opened.case, &estimate_id, n).await {
        Err(Error::NotFound(_)) => Err(not_here()),
        printed => printed,
    }
}

/// What the estimate's page says on top when a form's decisions were refused yet the
/// estimate can still be shown: it changed under the customer, or was not theirs to decide.
/// Other refusals are not shown this way.
pub fn not_recorded(refusal: &Error, language: crate::Language) -> Option<String> {
    let (id, why) = match refusal {
        Error::Conflict(why) => ("not-recorded-changed", why),
        Error::Forbidden(why) => ("not-recorded-refused", why),
        _ => return None,
    };
    Some(crate::words::say(language, id, &[("why", why.into())]))
}

/// Records the contact's first look at the estimate a page shows (its current version). A
/// failure to record is logged, never the customer's problem: the page still shows.
pub async fn seen(app: &App, opened: &Opened, view: &PageView) {
    let Showing::Estimate(id) = &view.showing else {
        return;
    };
    if !view.estimates.iter().any(|e| &e.id == id && e.first_look) {
        return;
    }
    let Ok(estimate_id) = EstimateId::parse(id) else {
        return;
    };
    let contact = Author {
        id: Some(opened.contact.id.to_string()),
        name: opened.contact.name.clone(),
    };
    let claims = &opened.claims;
    let recorded =
        estimates::record_opened(app, &claims.dealer, &claims.case_id, &estimate_id, &contact)
            .await;
    if let Err(e) = recorded {
        tracing::warn!(error = %e, estimate = %estimate_id, "could not record that the estimate was opened");
    }
}

/// The estimates sent on the case, newest first (the twenty newest).
async fn sent_estimates(app: &App, opened: &Opened) -> Result<Vec<EstimateView>> {
    let claims = &opened.claims;
    let newest = PageRequest::first(20, Order::Descending);
    let sent = estimates::store::list(app, &claims.dealer, &claims.case_id, newest).await?;
    Ok(sent
        .items
        .iter()
        .filter_map(|e| views::estimate_view(e, opened))
        .collect())
}

fn page_view(
    app: &App,
    opened: &Opened,
    showing: Showing,
    estimates: Vec<EstimateView>,
) -> PageView {
    PageView {
        language: opened.language,
        showing,
        dealer: views::dealer_view(&opened.dealer),
        case: views::case_view(&opened.case, opened.language),
        notes: Vec::new(),
        older_notes: None,
        estimates,
        submission: app.ids.new_id(),
    }
}

/// The thank-you page after `e`'s decisions were recorded (`decided`: how many lines the
/// contact has decided on it).
pub fn thank_you(opened: &Opened, e: &Estimate, decided: usize) -> Result<DecidedView> {
    views::decided_view(opened, e, decided)
        .ok_or_else(|| Error::Internal("a decided estimate was never sent".into()))
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
        authorisation: None,
    };
    let claims = &opened.claims;
    let terms =
        estimates::Authorising::on_page(&opened.dealer, &opened.contact.name, opened.language);
    estimates::record_decisions(
        app,
        &claims.dealer,
        &claims.case_id,
        estimate_id,
        input,
        &who,
        &terms,
    )
    .await
}

/// What a reply from the page came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replied {
    Noted,
    /// The same form was sent again; the reply was noted the first time.
    Repeated,
}

/// Where a reply shows once it is noted: the link itself when it opens the messages, else
/// the messages view.
pub fn reply_shows_at(token: &str, opened_notes: bool) -> String {
    if opened_notes {
        format!("/m/{token}")
    } else {
        format!("/m/{token}/notes")
    }
}

/// `POST /m/{token}/replies`: the contact's reply becomes an external note on the case, from
/// them, whatever the reply mode (the page is the way to answer in mobile-only mode). A
/// reply over the note limit is refused with the limit (the person can shorten it, unlike a
/// text message, which is kept with a marker). Answers where the reply now shows.
pub async fn reply(app: &App, token: &str, text: &str, submission: &str) -> Result<String> {
    let Opened {
        claims, contact, ..
    } = open(app, token).await?;
    let shows_at = reply_shows_at(token, claims.opens == Opens::Notes);
    reply_as(app, &claims, &contact, text, submission).await?;
    Ok(shows_at)
}

/// A reply's text (trimmed) and its form's id, checked.
fn check_reply<'t>(text: &'t str, submission: &str) -> Result<&'t str> {
    let mut errors = Vec::new();
    cases::require_text(&mut errors, "text", text, cases::MAX_NOTE_CHARS);
    if !errors.is_empty() {
        return Err(Error::invalid(errors));
    }
    if submission.is_empty() || submission.len() > 64 {
        return Err(Error::bad_field(
            "submission",
            "send the reply from the page's form",
        ));
    }
    Ok(text.trim())
}

async fn reply_as(
    app: &App,
    claims: &super::links::LinkClaims,
    contact: &crate::contacts::Contact,
    text: &str,
    submission: &str,
) -> Result<Replied> {
    let text = check_reply(text, submission)?;
    // One note per rendering of the form: the key is the form's submission id, written in
    // the note's own transaction (the idempotency module's in-transaction variant).
    let scoped = format!("{}#{}#{submission}", claims.case_id, claims.contact_id);
    let key = crate::idempotency::key(&claims.dealer, IdempotencyScope::MobileReply, &scoped);
    let payload = idempotency::payload_hash(text.as_bytes());
    let what = "this reply form";
    let (key, payload) = (&key, &payload);
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
