//! The mobile page behind a text's link (`GET /m/{token}`): for now the case's status and
//! its external notes; replies and estimates come with the mobile-page issue.

use crate::cases::{self, Visibility};
use crate::error::Result;
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
    Ok(format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{dealer}</title></head>\
         <body><h1>{dealer}</h1><p>Case {case} &middot; unit {unit}</p><p>Status: <b>{status}</b></p><ul>{items}</ul></body></html>",
        dealer = escape(&dealer.name),
        case = escape(&case.label()),
        unit = escape(&case.asset.unit_number),
        status = case.status.as_str().replace('_', " "),
    ))
}
