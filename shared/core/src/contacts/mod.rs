//! Customer contacts (the people who get a case's texts and emails) and their place on cases.
//!
//! A contact is one-time (this case only) or ongoing (reusable across the customer's
//! cases), with an E.164 mobile and/or an email and a per-channel opt-in. Merging two
//! contacts of one person keeps every case link and, per channel, the stricter consent
//! (`merge`); mobiles are read as people type them ([`crate::phones`]).
//!
//! A case's recipients are its invited contacts and the contacts entered on it as its
//! `primary` contact or its `driver` (those need no invitation); an `other` contact hears
//! nothing until invited.
//!
//! A contact has its own item; a customer's, a case's contacts and a case's invitations are
//! link items in the customer's and the case's partitions (see [`crate::keys`]).

use crate::Language;
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::cases;
use crate::error::{Error, FieldError, Result};
use crate::ids::CaseId;
use crate::ids::ContactId;
use crate::ids::CustomerId;
use crate::ids::DealerId;
use crate::ports::WriteOp;
use crate::{customers, App, Listing};

mod merge;
mod on_cases;
pub(crate) mod store;

pub use crate::phones::{is_e164, normalize_phone, phone_country, read_mobile};
pub use merge::{decide_merge, merge, ConsentChange, ConsentChannel, MergedContact};

use on_cases::invitations_of;
pub use on_cases::{
    check_recipients, create_for_case, invite, is_recipient, list_for_case, prepare_for_case,
    recipients, uninvite,
};
use store::CaseLink;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    #[schema(value_type = String)]
    pub id: ContactId,
    #[schema(value_type = String)]
    pub dealer_id: DealerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub customer_id: Option<CustomerId>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub sms_opt_in: bool,
    pub email_opt_in: bool,
    pub ongoing: bool,
    /// Why this contact gets no email although it has an address: it unsubscribed, or the
    /// address bounced or complained. Cleared when the address changes (and, after an
    /// unsubscribe, when email is turned on again with the person's consent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_stopped: Option<EmailStopped>,
    /// The language their texts, emails and page are in (`en`, `es`, `fr`); none: English
    /// texts and emails, and a page in the language their browser asks for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Cases this contact is linked to (the one case of a one-time contact).
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    pub case_ids: Vec<CaseId>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
    pub version: u64,
}

/// Why a contact gets no email.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EmailStopped {
    pub reason: EmailStopReason,
    /// What the person or the receiving server said (a bounce's diagnostic, for example).
    pub detail: String,
    #[schema(value_type = String, format = DateTime)]
    pub at: jiff::Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmailStopReason {
    /// The person used the email's unsubscribe link.
    Unsubscribed,
    /// The receiving server refused the address for good (a hard bounce).
    Bounced,
    /// The person marked an email as spam.
    Complained,
}

/// A contact's part on a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseRole {
    /// The fleet's contact for this case: notified without an invitation.
    Primary,
    /// The unit's driver: notified without an invitation.
    Driver,
    /// Anyone else: notified once invited.
    Other,
}

impl CaseRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseRole::Primary => "primary",
            CaseRole::Driver => "driver",
            CaseRole::Other => "other",
        }
    }

    /// Whether this role hears of the case without an invitation.
    pub fn is_recipient(self) -> bool {
        matches!(self, CaseRole::Primary | CaseRole::Driver)
    }
}

/// A contact as a case shows it: its role there and whether it hears of the case.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseContact {
    #[serde(flatten)]
    pub contact: Contact,
    /// The role it was entered with on this case (absent: invited from the customer's
    /// contacts).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub case_role: Option<CaseRole>,
    /// Whether the case's notifications go to it (invited, or primary or driver).
    pub recipient: bool,
}

/// `POST .../contacts` and `PATCH /v1/contacts/{id}` (every field optional on PATCH).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ContactFields {
    #[schema(max_length = 200)]
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    pub name: Option<String>,
    /// As the customer gives it (`214-555-0100`, `(214) 555-0100`, read in the dealer's
    /// `country`) or with its country code (`+12145550100`); stored and answered in E.164.
    /// Empty removes it.
    #[schema(max_length = 32)]
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    pub mobile: Option<String>,
    /// An email address; empty removes it.
    #[schema(max_length = 254)]
    #[serde(default, deserialize_with = "crate::json::single_line_opt")]
    pub email: Option<String>,
    pub sms_opt_in: Option<bool>,
    pub email_opt_in: Option<bool>,
    pub ongoing: Option<bool>,
    /// The language their texts, emails and page are in: `en`, `es` or `fr` (Canadian
    /// French).
    pub language: Option<Language>,
    /// The contact's role on the case (`POST /v1/cases` and `POST /v1/cases/{caseId}/contacts`
    /// only; default `other`): `primary` and `driver` are notified without an invitation.
    pub case_role: Option<CaseRole>,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeRequest {
    pub into: String,
}

#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InvitationRequest {
    pub contact_id: String,
}

/// The language a contact reads: their choice, else the one their browser asks for (a page;
/// texts and emails have no browser), else English.
pub fn reads_in(contact: Option<&Contact>, browser: Option<Language>) -> Language {
    contact
        .and_then(|c| c.language)
        .or(browser)
        .unwrap_or_default()
}

pub async fn get(app: &App, dealer: &DealerId, id: &ContactId) -> Result<Contact> {
    store::load(app, dealer, id).await
}

/// The country a dealer's customers' mobiles are read in (its `country` setting).
pub(crate) async fn mobile_country(app: &App, dealer: &DealerId) -> Result<String> {
    Ok(crate::dealers::load_dealer(app, dealer)
        .await?
        .settings
        .country)
}

/// An empty number removes the mobile; another is read as the dealer's country reads it.
fn set_mobile(c: &mut Contact, m: &str, country: &str, errors: &mut Vec<FieldError>) {
    let m = m.trim();
    if m.is_empty() {
        c.mobile = None;
        return;
    }
    match read_mobile(m, country) {
        Ok(e164) => c.mobile = Some(e164),
        Err(why) => errors.push(FieldError::new("mobile", why)),
    }
}

/// An empty address removes the email; a new one starts clean (the old one's bounce stays
/// with the old address).
fn set_email(c: &mut Contact, e: &str, errors: &mut Vec<FieldError>) {
    if e.is_empty() {
        c.email = None;
    } else if crate::text::is_deliverable_email(e) {
        if c.email.as_deref() != Some(e) {
            c.email_stopped = None;
        }
        c.email = Some(e.to_string());
    } else {
        errors.push(FieldError::new(
            "email",
            format!("{e:?} is not an email address mail can reach (for example jo@fleet.example)"),
        ));
    }
}

fn apply(c: &mut Contact, f: ContactFields, country: &str) -> Result<()> {
    let mut errors = Vec::new();
    if f.case_role.is_some() {
        errors.push(FieldError::new(
            "caseRole",
            "a role is given to a contact entered on a case only",
        ));
    }
    if let Some(n) = f.name {
        if n.trim().is_empty() || n.chars().count() > 200 {
            errors.push(FieldError::new("name", "1 to 200 characters"));
        }
        c.name = n.trim().to_string();
    }
    if let Some(m) = f.mobile {
        set_mobile(c, &m, country, &mut errors);
    }
    if let Some(e) = f.email {
        set_email(c, e.trim(), &mut errors);
    }
    c.sms_opt_in = f.sms_opt_in.unwrap_or(c.sms_opt_in);
    // Turning email on again after an unsubscribe is the person's new consent, given to the
    // advisor; a bounce or a complaint is about the address and stays.
    if f.email_opt_in == Some(true)
        && c.email_stopped.as_ref().map(|s| s.reason) == Some(EmailStopReason::Unsubscribed)
    {
        c.email_stopped = None;
    }
    c.email_opt_in = f.email_opt_in.unwrap_or(c.email_opt_in);
    c.ongoing = f.ongoing.unwrap_or(c.ongoing);
    c.language = f.language.or(c.language);
    // One error per field: a number or address that could not be read already says so.
    let unread = |field: &str| errors.iter().any(|e| e.field == field);
    let (mobile_unread, email_unread) = (unread("mobile"), unread("email"));
    if c.mobile.is_none() && c.email.is_none() && !mobile_unread && !email_unread {
        errors.push(FieldError::new(
            "mobile",
            "a contact needs a mobile number or an email",
        ));
    }
    if c.sms_opt_in && c.mobile.is_none() && !mobile_unread {
        errors.push(FieldError::new("smsOptIn", "SMS needs a mobile number"));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::invalid(errors))
    }
}

fn blank(app: &App, caller: &Caller) -> Contact {
    let now = app.clock.now();
    Contact {
        id: ContactId::derived(app.ids.new_id()),
        dealer_id: caller.dealer.clone(),
        customer_id: None,
        name: String::new(),
        mobile: None,
        email: None,
        sms_opt_in: false,
        email_opt_in: false,
        ongoing: true,
        email_stopped: None,
        language: None,
        case_ids: vec![],
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

/// `POST /v1/customers/{customerId}/contacts`: an ongoing contact of the customer.
pub async fn create_for_customer(
    app: &App,
    caller: &Caller,
    customer_id: &CustomerId,
    f: ContactFields,
) -> Result<Contact> {
    let customer = customers::get(app, &caller.dealer, customer_id).await?;
    let country = mobile_country(app, &caller.dealer).await?;
    let mut c = blank(app, caller);
    c.customer_id = Some(customer.id.clone());
    if f.name.is_none() {
        return Err(Error::invalid(vec![FieldError::new(
            "name",
            "a contact needs a name",
        )]));
    }
    apply(
        &mut c,
        ContactFields {
            ongoing: Some(true),
            ..f
        },
        &country,
    )?;
    app.store
        .transact(vec![
            store::create_op(&c)?,
            store::customer_link_op(&caller.dealer, &customer.id, &c.id),
        ])
        .await?;
    Ok(c)
}

async fn existing_all(app: &App, dealer: &DealerId, ids: Vec<ContactId>) -> Result<Vec<Contact>> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(c) = existing(app, dealer, &id).await? {
            out.push(c);
        }
    }
    Ok(out)
}

/// A linked contact, unless it was deleted or merged away since.
async fn existing(app: &App, dealer: &DealerId, id: &ContactId) -> Result<Option<Contact>> {
    match get(app, dealer, id).await {
        Ok(c) => Ok(Some(c)),
        Err(Error::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn list_for_customer(
    app: &App,
    caller: &Caller,
    customer_id: &CustomerId,
) -> Result<Listing<Contact>> {
    let customer = customers::get(app, &caller.dealer, customer_id).await?;
    let ids = store::customer_links(app, &caller.dealer, &customer.id).await?;
    Ok(Listing {
        items: existing_all(app, &caller.dealer, ids).await?,
        next_page: None,
    })
}

impl crate::commit::Versioned for Contact {
    fn version(&self) -> u64 {
        self.version
    }
    fn set_version(&mut self, v: u64) {
        self.version = v;
    }
}

pub async fn update(
    app: &App,
    caller: &Caller,
    id: &ContactId,
    f: ContactFields,
) -> Result<Contact> {
    let now = app.clock.now();
    let country = match f.mobile {
        Some(_) => mobile_country(app, &caller.dealer).await?,
        None => String::new(),
    };
    store::update(app, &caller.dealer, id, |c: &mut Contact| {
        apply(c, f.clone(), &country)?;
        c.updated_at = now;
        Ok(())
    })
    .await
}

pub async fn delete(app: &App, caller: &Caller, id: &ContactId) -> Result<()> {
    let c = get(app, &caller.dealer, id).await?;
    // Links to a deleted contact are skipped when read; the contact itself goes.
    store::delete(app, &caller.dealer, &c.id).await
}
