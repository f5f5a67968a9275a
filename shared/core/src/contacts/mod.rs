//! Customer contacts (the people who get a case's texts and emails) and their place on cases.
//!
//! A contact is one-time (this case only) or ongoing (reusable across the customer's
//! cases), with an E.164 mobile and/or an email and a per-channel opt-in. Merging two
//! contacts of one person keeps every case link and the stricter consent.
//!
//! A case's recipients are its invited contacts and the contacts entered on it as its
//! `primary` contact or its `driver` (those need no invitation); an `other` contact hears
//! nothing until invited.
//!
//! A contact has its own item; a customer's, a case's contacts and a case's invitations are
//! link items in the customer's and the case's partitions (see [`crate::keys`]).

use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::cases;
use crate::dealers::DealerId;
use crate::error::{Error, FieldError, Result};
use crate::keys::{self, CaseKeyId};
use crate::ports::{Cond, Item, Order, PageRequest, StoreError, WriteOp};
use crate::{customers, App, Listing};

mod on_cases;

use on_cases::{case_link, invitations_of, links, CaseLink};
pub use on_cases::{
    check_recipients, create_for_case, invite, is_recipient, list_for_case, prepare_for_case,
    recipients, uninvite,
};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Contact {
    pub id: String,
    #[schema(value_type = String)]
    pub dealer_id: DealerId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
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
    /// Cases this contact is linked to (the one case of a one-time contact).
    #[serde(default)]
    pub case_ids: Vec<String>,
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

/// The phone-number data's id for a country code (`US`, `CA`, `MX`…).
pub fn phone_country(code: &str) -> Option<phonenumber::country::Id> {
    use std::str::FromStr;
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    phonenumber::country::Id::from_str(code).ok()
}

/// A mobile as people type it (`214-555-0100`, `(214) 555-0100`, `214.555.0100`,
/// `+1 214 555 0100`), read as a number of `country` unless it starts with `+`, and answered
/// in E.164; the error says what could not be read, once.
pub fn read_mobile(raw: &str, country: &str) -> std::result::Result<String, String> {
    let refused = || {
        format!(
            "{raw:?} is not a phone number we can text: type it as the customer gives it \
             (for example 214-555-0100) or with its country code (+12145550100)"
        )
    };
    if raw.chars().count() > 32 {
        return Err(refused());
    }
    let number = phonenumber::parse(phone_country(country), raw).map_err(|_| refused())?;
    if !number.is_valid() || number.extension().is_some() {
        return Err(refused());
    }
    Ok(number.format().mode(phonenumber::Mode::E164).to_string())
}

/// An E.164 number: `+`, a country code not starting with 0, 8 to 15 digits in all.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.chars().all(|c| c.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A phone number in E.164, from the shapes numbers arrive in: spaces, dashes, dots and
/// parentheses dropped, `00` read as `+`, a bare 10-digit number read as North American
/// (`+1`), bare digits otherwise given their `+`. `None` when what is left is not E.164.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    if trimmed.len() > 32 {
        return None;
    }
    let plus = trimmed.starts_with('+');
    let mut digits = String::with_capacity(16);
    for (i, c) in trimmed.chars().enumerate() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if i == 0 => {}
            ' ' | '-' | '.' | '(' | ')' => {}
            _ => return None,
        }
    }
    let e164 = if plus {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if digits.len() == 10 {
        format!("+1{digits}")
    } else {
        format!("+{digits}")
    };
    is_e164(&e164).then_some(e164)
}

pub(crate) fn contact_item(c: &Contact) -> Result<Item> {
    let (pk, sk) = keys::contact(&c.dealer_id, &c.id)?;
    Ok(Item::from_record(pk, sk, c)?)
}

pub async fn get(app: &App, dealer: &DealerId, id: &str) -> Result<Contact> {
    let (pk, sk) = keys::contact(dealer, id)?;
    match app.store.get(&pk, &sk).await? {
        Some(item) => Ok(item.record()?),
        None => Err(Error::not_found(format!("contact {id}"))),
    }
}

/// The country a dealer's customers' mobiles are read in (its `country` setting).
pub async fn mobile_country(app: &App, dealer: &DealerId) -> Result<String> {
    Ok(crate::dealers::load_dealer(app, dealer)
        .await?
        .settings
        .country)
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
        let m = m.trim();
        if m.is_empty() {
            c.mobile = None;
        } else {
            match read_mobile(m, country) {
                Ok(e164) => c.mobile = Some(e164),
                Err(why) => errors.push(FieldError::new("mobile", why)),
            }
        }
    }
    if let Some(e) = f.email {
        let e = e.trim().to_string();
        if e.is_empty() {
            c.email = None;
        } else if crate::text::is_deliverable_email(&e) {
            // A new address starts clean (the old one's bounce stays with the old address).
            if c.email.as_deref() != Some(e.as_str()) {
                c.email_stopped = None;
            }
            c.email = Some(e);
        } else {
            errors.push(FieldError::new(
                "email",
                format!(
                    "{e:?} is not an email address mail can reach (for example jo@fleet.example)"
                ),
            ));
        }
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
        id: app.ids.new_id(),
        dealer_id: caller.dealer.clone(),
        customer_id: None,
        name: String::new(),
        mobile: None,
        email: None,
        sms_opt_in: false,
        email_opt_in: false,
        ongoing: true,
        email_stopped: None,
        case_ids: vec![],
        created_at: now,
        updated_at: now,
        version: 1,
    }
}

fn link_value(contact_id: &str) -> serde_json::Map<String, serde_json::Value> {
    let mut m = serde_json::Map::new();
    m.insert("contactId".into(), contact_id.into());
    m
}

/// `POST /v1/customers/{customerId}/contacts`: an ongoing contact of the customer.
pub async fn create_for_customer(
    app: &App,
    caller: &Caller,
    customer_id: &str,
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
    let (lpk, lsk) = keys::customer_contact(&caller.dealer, &customer.id, &c.id);
    app.store
        .transact(vec![
            WriteOp::put_if(contact_item(&c)?, Cond::NotExists),
            WriteOp::put(Item::new(lpk, lsk, link_value(&c.id))),
        ])
        .await?;
    Ok(c)
}

async fn linked(app: &App, pk: &str, prefix: &str, dealer: &DealerId) -> Result<Vec<Contact>> {
    let mut out = Vec::new();
    for (id, _) in links(app, pk, prefix).await? {
        if let Some(c) = existing(app, dealer, &id).await? {
            out.push(c);
        }
    }
    Ok(out)
}

/// A linked contact, unless it was deleted or merged away since.
async fn existing(app: &App, dealer: &DealerId, id: &str) -> Result<Option<Contact>> {
    match get(app, dealer, id).await {
        Ok(c) => Ok(Some(c)),
        Err(Error::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn list_for_customer(
    app: &App,
    caller: &Caller,
    customer_id: &str,
) -> Result<Listing<Contact>> {
    let customer = customers::get(app, &caller.dealer, customer_id).await?;
    let (pk, _) = keys::customer_contact(&caller.dealer, &customer.id, "");
    Ok(Listing {
        items: linked(app, &pk, keys::CONTACT_LINK_PREFIX, &caller.dealer).await?,
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

pub async fn update(app: &App, caller: &Caller, id: &str, f: ContactFields) -> Result<Contact> {
    let (pk, sk) = keys::contact(&caller.dealer, id)?;
    let now = app.clock.now();
    let country = match f.mobile {
        Some(_) => mobile_country(app, &caller.dealer).await?,
        None => String::new(),
    };
    crate::commit::update(
        app,
        &pk,
        &sk,
        &format!("contact {id}"),
        |c: &mut Contact| {
            apply(c, f.clone(), &country)?;
            c.updated_at = now;
            Ok(())
        },
    )
    .await
}

pub async fn delete(app: &App, caller: &Caller, id: &str) -> Result<()> {
    let c = get(app, &caller.dealer, id).await?;
    let (pk, sk) = keys::contact(&caller.dealer, &c.id)?;
    // Links to a deleted contact are skipped when read; the contact itself goes.
    app.store
        .transact(vec![WriteOp::Delete {
            pk,
            sk,
            cond: Cond::Exists,
        }])
        .await?;
    Ok(())
}

/// Merges `id` into `into` (two contacts of one person): the survivor keeps every case link
/// and invitation of both and the stricter consent (opted in only where both were).
/// A channel a contact consents to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentChannel {
    Sms,
    Email,
}

/// What a merge changed in the kept contact's consent, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentChange {
    pub channel: ConsentChannel,
    /// Whether the kept contact had this channel on before the merge, and has it after.
    pub before: bool,
    pub after: bool,
    /// In words, as the case notes say it.
    pub reason: String,
}

/// `POST /v1/contacts/{contactId}/merge`: the contact that stays, and what the merge changed
/// in its consent (empty when nothing changed).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MergedContact {
    #[serde(flatten)]
    pub contact: Contact,
    pub consent_changed: Vec<ConsentChange>,
}

/// One channel's consent after a merge: the stricter of the two contacts that have an
/// address for it (a contact without a mobile said nothing about texts), either one's when
/// only it has an address.
fn merged_consent(keep: (bool, bool), gone: (bool, bool)) -> bool {
    let ((keep_has, keep_on), (gone_has, gone_on)) = (keep, gone);
    match (keep_has, gone_has) {
        (true, false) => keep_on,
        (false, true) => gone_on,
        _ => keep_on && gone_on,
    }
}

/// The kept contact after `gone` is merged into it, and the consent that changed.
pub fn decide_merge(
    keep: &Contact,
    gone: &Contact,
    now: jiff::Timestamp,
) -> (Contact, Vec<ConsentChange>) {
    let mut merged = keep.clone();
    merged.sms_opt_in = merged_consent(
        (keep.mobile.is_some(), keep.sms_opt_in),
        (gone.mobile.is_some(), gone.sms_opt_in),
    );
    merged.email_opt_in = merged_consent(
        (keep.email.is_some(), keep.email_opt_in),
        (gone.email.is_some(), gone.email_opt_in),
    );
    merged.mobile = keep.mobile.clone().or(gone.mobile.clone());
    merged.email = keep.email.clone().or(gone.email.clone());
    // Why the kept address gets no email stays with that address.
    merged.email_stopped = if keep.email.is_some() {
        keep.email_stopped.clone()
    } else {
        gone.email_stopped.clone()
    };
    merged.ongoing = keep.ongoing || gone.ongoing;
    merged.customer_id = keep.customer_id.clone().or(gone.customer_id.clone());
    for case in &gone.case_ids {
        if !merged.case_ids.contains(case) {
            merged.case_ids.push(case.clone());
        }
    }
    merged.updated_at = now;
    merged.version += 1;
    let mut changed = Vec::new();
    for (channel, what, before, after, gone_on) in [
        (
            ConsentChannel::Sms,
            "texts",
            keep.sms_opt_in,
            merged.sms_opt_in,
            gone.sms_opt_in,
        ),
        (
            ConsentChannel::Email,
            "emails",
            keep.email_opt_in,
            merged.email_opt_in,
            gone.email_opt_in,
        ),
    ] {
        if before != after {
            let state = if after { "on" } else { "off" };
            let had = if gone_on { "on" } else { "off" };
            changed.push(ConsentChange {
                channel,
                before,
                after,
                reason: format!(
                    "{what} {state} for {}: the merged contact {} had {what} {had}",
                    keep.name, gone.name
                ),
            });
        }
    }
    (merged, changed)
}

pub async fn merge(app: &App, caller: &Caller, id: &str, into: &str) -> Result<MergedContact> {
    if id == into {
        return Err(Error::invalid(vec![FieldError::new(
            "into",
            "a contact cannot be merged into itself",
        )]));
    }
    let gone = get(app, &caller.dealer, id).await?;
    let keep = get(app, &caller.dealer, into).await?;
    if gone.customer_id.is_some()
        && keep.customer_id.is_some()
        && gone.customer_id != keep.customer_id
    {
        return Err(Error::invalid(vec![FieldError::new(
            "into",
            "the two contacts belong to different customers; only one person's contacts merge",
        )]));
    }
    let (merged, consent_changed) = decide_merge(&keep, &gone, app.clock.now());
    let (gpk, gsk) = keys::contact(&caller.dealer, &gone.id)?;
    let mut ops = vec![
        WriteOp::put_if(
            contact_item(&merged)?,
            Cond::AttrEquals("version".into(), keep.version.into()),
        ),
        WriteOp::Delete {
            pk: gpk,
            sk: gsk,
            cond: Cond::AttrEquals("version".into(), gone.version.into()),
        },
    ];
    // Every case link and invitation of the merged-away contact moves to the survivor.
    for case in &gone.case_ids {
        let (pk, sk) = case_link(&caller.dealer, case, CaseLink::Listed, &merged.id)?;
        ops.push(WriteOp::put(Item::new(pk, sk, link_value(&merged.id))));
    }
    for case in invitations_of(app, &caller.dealer, &gone).await? {
        let (pk, sk) = case_link(&caller.dealer, &case, CaseLink::Invited, &merged.id)?;
        if !ops.iter().any(|o| o.key() == (pk.as_str(), sk.as_str())) {
            ops.push(WriteOp::put(Item::new(pk, sk, link_value(&merged.id))));
        }
    }
    if let Some(cu) = &merged.customer_id {
        let (pk, sk) = keys::customer_contact(&caller.dealer, cu, &merged.id);
        ops.push(WriteOp::put(Item::new(pk, sk, link_value(&merged.id))));
    }
    // The advisor must see that consent changed, on every case the person is on: the notes
    // go with the merge while the transaction has room, the rest right after it.
    let mut plan = crate::commit::Plan::new(()).writes(ops);
    let mut later = Vec::new();
    if !consent_changed.is_empty() {
        let text = format!(
            "Contacts merged: {} into {}. Consent changed: {}.",
            gone.name,
            keep.name,
            consent_changed
                .iter()
                .map(|c| c.reason.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        );
        for (i, case) in merged.case_ids.iter().enumerate() {
            let note = crate::cases::prepare_note(
                app,
                &caller.dealer,
                case,
                text.clone(),
                crate::cases::Visibility::Internal,
                crate::cases::NoteSource::System,
                crate::cases::author_of(caller),
            )?;
            if i < NOTES_WITH_THE_MERGE {
                plan = note.into_plan(plan);
            } else {
                later.push(note);
            }
        }
    }
    match crate::commit::commit_once(app, &format!("contact {}", keep.id), plan).await {
        Ok(()) => {}
        Err(Error::Conflict(_)) => {
            return Err(Error::Conflict(
                "one of the contacts changed meanwhile; try again".into(),
            ))
        }
        Err(e) => return Err(e),
    }
    for note in later {
        crate::cases::commit_note(app, &caller.dealer, note).await?;
    }
    Ok(MergedContact {
        contact: merged,
        consent_changed,
    })
}

/// How many case notes go in the merge's own transaction (each is a note and its event:
/// well inside DynamoDB's 100 operations beside the merge's own writes).
const NOTES_WITH_THE_MERGE: usize = 20;
