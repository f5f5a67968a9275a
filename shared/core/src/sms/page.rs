//! The mobile page behind a text's link (`GET /m/{token}`): the case's status, its external
//! notes and a reply form (`POST /m/{token}/replies`).

use crate::cases::{self, Author, NoteSource, Visibility};
use crate::commit::{commit_once, Plan};
use crate::error::{Error, FieldError, Result};
use crate::keys::IdempotencyScope;
use crate::ports::{Cond, Item, WriteOp};
use crate::ports::{Order, PageRequest};
use crate::{dealers, App};

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The page a link opens, as HTML. Errors (unknown link, expired) go out as problems.
pub async fn render(app: &App, token: &str) -> Result<String> {
    let claims = super::links::resolve(app, token).await?;
    let dealer = dealers::load_dealer(app, &claims.dealer).await?;
    let case = cases::load_case(app, &claims.dealer, &claims.case_id).await?;
    let pk = crate::keys::case_partition(&claims.dealer, &crate::keys::CaseKeyId::parse(&case.id)?);
    let notes = app
        .store
        .query(
            &pk,
            crate::keys::EXTERNAL_NOTE_PREFIX,
            PageRequest::first(100, Order::Descending),
        )
        .await?;
    let mut items = String::new();
    for item in &notes.items {
        let note: cases::Note = item.record()?;
        if note.visibility == Visibility::External {
            items.push_str(&format!(
                "<li><b>{}</b> <small>{}</small><br>{}</li>",
                escape(&note.author.name),
                escape(&dealers::time_for_people(
                    note.created_at,
                    &dealer.settings.time_zone
                )),
                escape(&note.text)
            ));
        }
    }
    // Each rendering of the form gets its own submission id: sending it twice (a double tap,
    // a reload) notes the reply once.
    let form = format!(
        "<form method=\"post\" action=\"/m/{token}/replies\">\
         <label for=\"reply\">Your reply to {dealer}</label><br>\
         <textarea id=\"reply\" name=\"text\" rows=\"4\" maxlength=\"{max}\" required></textarea>\
         <input type=\"hidden\" name=\"submission\" value=\"{submission}\">\
         <br><button type=\"submit\" style=\"min-height:44px;min-width:44px\">Send reply</button></form>",
        token = escape(token),
        dealer = escape(&dealer.name),
        max = cases::MAX_NOTE_CHARS,
        submission = app.ids.new_id(),
    );
    Ok(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{dealer}</title></head>\
         <body><h1>{dealer}</h1><p>Case {case} &middot; unit {unit}</p><p>Status: <b>{status}</b></p>{form}<ul>{items}</ul></body></html>",
        dealer = escape(&dealer.name),
        case = escape(&case.label()),
        unit = escape(&case.asset.unit_number),
        status = case.status.as_str().replace('_', " "),
    ))
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
    let claims = super::links::resolve(app, token).await?;
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid(vec![FieldError::new(
            "text",
            "write a reply first",
        )]));
    }
    if text.chars().count() > cases::MAX_NOTE_CHARS {
        return Err(Error::invalid(vec![FieldError::new(
            "text",
            format!("a reply holds at most {} characters", cases::MAX_NOTE_CHARS),
        )]));
    }
    if submission.is_empty() || submission.len() > 64 {
        return Err(Error::bad_field(
            "submission",
            "send the reply from the page's form",
        ));
    }
    let contact = crate::contacts::get(app, &claims.dealer, &claims.contact_id).await?;
    let scoped = format!("{}#{}#{submission}", claims.case_id, claims.contact_id);
    let (pk, sk) = crate::keys::idempotency(&claims.dealer, IdempotencyScope::MobileReply, &scoped);
    if app.store.get(&pk, &sk).await?.is_some() {
        return Ok(Replied::Repeated);
    }
    let author = Author {
        id: Some(contact.id.clone()),
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
    // Kept as long as a link can open the page.
    let ttl = app.clock.now().as_second() + 8 * 24 * 3600;
    let marker = Item::new(pk, sk, Default::default()).with_ttl(ttl);
    let plan = Plan::new(())
        .write(check)
        .refuse_if_fails(missing)
        .write(WriteOp::put_if(marker, Cond::NotExists))
        .refuse_if_fails(Error::Conflict(REPEATED.into()));
    match commit_once(
        app,
        &format!("case {}", claims.case_id),
        note.into_plan(plan),
    )
    .await
    {
        Ok(()) => Ok(Replied::Noted),
        // Two sends of one form racing: the other one noted it.
        Err(Error::Conflict(m)) if m == REPEATED => Ok(Replied::Repeated),
        Err(e) => Err(e),
    }
}

const REPEATED: &str = "this reply was sent already";
