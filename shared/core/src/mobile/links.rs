//! Signed, expiring links to the mobile page, short enough for a text. The link carries an
//! id and its signature ([`crate::ports::LinkSigner`]); what the link opens — dealer, case,
//! contact, expiry — is stored under the id (TTL at expiry), so the text stays short and a
//! link can be checked without trusting anything in it but the id.

use crate::ids::ContactId;

use crate::error::{Error, Result};
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::App;

/// How long a link in a text stays valid.
pub(crate) const LINK_TTL_SECS: i64 = 7 * 24 * 3600;

pub use super::store::{LinkClaims, Opens};

/// Issues a link that opens `case_id` for `contact_id` until `LINK_TTL_SECS` from now, on
/// the view the case needs (the estimate waiting for the contact, else the messages).
pub async fn issue(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    contact_id: &ContactId,
) -> Result<String> {
    issue_to(app, dealer, case_id, contact_id, Opens::Case).await
}

/// [`issue`], for a link that opens one view (what the text or email was about).
pub async fn issue_to(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    contact_id: &ContactId,
    opens: Opens,
) -> Result<String> {
    let id = *uuid::Uuid::new_v4().as_bytes();
    let token = app.links.token(&id).await?;
    let expires = app.clock.now().as_second() + LINK_TTL_SECS;
    let claims = LinkClaims {
        dealer: dealer.clone(),
        case_id: case_id.clone(),
        contact_id: contact_id.into(),
        expires,
        opens,
    };
    // Kept past its expiry so that an expired link's page can still say whose link it was
    // and whom to call; `resolve` refuses it from `expires` on.
    super::store::save(app, &id, &claims, expires + EXPIRED_LINK_KEPT_SECS).await?;
    Ok(app.links.url(&token))
}

/// How long an expired link is remembered (to answer "expired, call the dealer").
pub(crate) const EXPIRED_LINK_KEPT_SECS: i64 = 30 * 24 * 3600;

/// How long after a case closes its links stop opening: long enough to read the "closed"
/// text's page, shorter than a link's own life (`LINK_TTL_SECS`, 7 days).
pub const CLOSED_CASE_LINK_DAYS: i64 = 3;

/// What a link was issued for, valid or not (`None`: never issued, or forgotten). A forged
/// token is refused here.
pub(crate) async fn claims_of(app: &App, token: &str) -> Result<Option<LinkClaims>> {
    let id = app.links.id_of(token).await?;
    super::store::load(app, &id).await
}

/// What a link token opens. A token that is not ours, or unknown, is "not found"; an
/// expired or revoked one says so, so the page can point to the latest text. A link stops
/// opening when its contact is deleted or merged away, is no longer a recipient of the case,
/// or when the case has been closed for [`CLOSED_CASE_LINK_DAYS`] days, and while the
/// dealer's mobile communications are off.
pub async fn resolve(app: &App, token: &str) -> Result<Opened> {
    let claims = match claims_of(app, token).await? {
        Some(claims) => claims,
        None => {
            return Err(Error::Forbidden(
                "this link has expired or was never issued; open the link in the latest text"
                    .into(),
            ))
        }
    };
    let now = app.clock.now();
    if now.as_second() > claims.expires {
        return Err(Error::Forbidden(
            "this link has expired; open the link in the latest text".into(),
        ));
    }
    let revoked = || {
        Error::Forbidden("this link no longer opens the case; ask the dealer for a new one".into())
    };
    let contact = match crate::contacts::get(app, &claims.dealer, &claims.contact_id).await {
        Ok(contact) => contact,
        Err(Error::NotFound(_)) => return Err(revoked()),
        Err(e) => return Err(e),
    };
    if !crate::contacts::is_recipient(app, &claims.dealer, &claims.case_id, &claims.contact_id)
        .await?
    {
        return Err(revoked());
    }
    let dealer = crate::dealers::load_dealer(app, &claims.dealer).await?;
    if !dealer.settings.mobile_communications_enabled {
        return Err(Error::Forbidden(
            "the dealership has turned its mobile page off; call them".into(),
        ));
    }
    let case = crate::cases::load_case(app, &claims.dealer, &claims.case_id).await?;
    if let Some(closed) = case.closed_at {
        if now - closed > jiff::SignedDuration::from_hours(24 * CLOSED_CASE_LINK_DAYS) {
            return Err(revoked());
        }
    }
    Ok(Opened {
        language: crate::contacts::reads_in(Some(&contact), None),
        claims,
        contact,
        dealer,
        case,
    })
}

/// What a link opens, as read to check it: the page and what the customer sends from it
/// use these, not a second read.
#[derive(Debug, Clone)]
pub struct Opened {
    pub claims: LinkClaims,
    pub contact: crate::contacts::Contact,
    pub dealer: crate::dealers::Dealer,
    pub case: crate::cases::Case,
    /// The language the page is shown in: the contact's, else (see [`Opened::read_by`]) the
    /// browser's, else English.
    pub language: crate::Language,
}

impl Opened {
    /// The page as `browser` (its `Accept-Language`, if it names one of ours) reads it,
    /// where the contact has not chosen a language.
    pub fn read_by(mut self, browser: Option<crate::Language>) -> Self {
        self.language = crate::contacts::reads_in(Some(&self.contact), browser);
        self
    }
}
