//! The customer's language on the page: the contact's choice, kept from the page's switch,
//! else the browser's; error pages included.

use super::links::Opened;
use crate::error::{Error, Result};
use crate::{App, Language};

/// Who a problem page about `token` speaks for, read once from the link (which may no
/// longer open): the dealer to call, when `with_dealer` and the link is ours, and the
/// language — the contact's, else the one `browser` asks for, else English.
pub async fn problem_reader(
    app: &App,
    token: &str,
    browser: Option<Language>,
    with_dealer: bool,
) -> (Option<super::views::DealerView>, Language) {
    let Ok(Some(claims)) = super::links::claims_of(app, token).await else {
        return (None, crate::contacts::reads_in(None, browser));
    };
    let contact = crate::contacts::get(app, &claims.dealer, &claims.contact_id).await;
    let language = crate::contacts::reads_in(contact.ok().as_ref(), browser);
    let dealer = match with_dealer {
        true => crate::dealers::load_dealer(app, &claims.dealer).await.ok(),
        false => None,
    };
    (dealer.as_ref().map(super::views::dealer_view), language)
}

/// `POST /m/{token}/language`: the contact's choice of language (`en`, `es`, `fr`), kept on
/// the contact, so their texts and emails follow it too. Answers where to go back to: `back`
/// when it is a page of this link, else the link itself.
pub async fn choose_language(
    app: &App,
    opened: &Opened,
    (code, back): (&str, &str),
    token: &str,
) -> Result<String> {
    let Some(language) = Language::parse(code) else {
        return Err(Error::bad_field(
            "language",
            format!("{code:?} is not a language of the page: en, es or fr"),
        ));
    };
    let claims = &opened.claims;
    crate::contacts::store::update(app, &claims.dealer, &claims.contact_id, |c| {
        if c.language != Some(language) {
            c.language = Some(language);
            c.updated_at = app.clock.now();
        }
        Ok(())
    })
    .await?;
    // Only a page of this same link: a form cannot send the customer anywhere else.
    let own = format!("/m/{token}");
    let stays = back == own
        || back.strip_prefix(&format!("{own}/")).is_some_and(|rest| {
            rest.chars()
                .all(|c| c.is_ascii_alphanumeric() || "/-_".contains(c))
        });
    Ok(if stays { back.to_string() } else { own })
}
