//! The single table's keys, designed from the access patterns below. Every key builder and
//! sort-key prefix lives here; no other module spells a key.
//!
//! Every partition key of dealer data starts with `D#<dealer>`, and every builder here that
//! makes one takes a [`DealerId`], so a dealer's items cannot be named without the dealer.
//! Ids that go into keys are checked once at the edge (`[A-Za-z0-9_-]{1,64}`), so a `#` can
//! never forge another partition. Timestamps in sort keys are fixed-width UTC
//! (`2026-11-23T13:45:00.000Z`) so that string order is time order.
//!
//! | access pattern                                  | pk                          | sk                                   |
//! |-------------------------------------------------|-----------------------------|--------------------------------------|
//! | a dealer's settings and connector secrets       | `D#<dealer>`                | `DEALER`                             |
//! | the number the dealer's last case got           | `D#<dealer>`                | `CASENO`                             |
//! | an OEM and its SMS policy                       | `OEM#<oem>`                 | `OEM`                                |
//! | an OEM's dealers                                | `OEM#<oem>`                 | `DEALER#<dealer>`                    |
//! | which dealer owns a texting number              | `NUMBER#<e164>`             | `DEALER`                             |
//! | a case                                          | `D#<dealer>#C#<case>`       | `CASE`                               |
//! | a case's notes, oldest first                    | `D#<dealer>#C#<case>`       | `NOTE#<createdAt>#<note>`            |
//! | a case's external notes (the customer's page)   | `D#<dealer>#C#<case>`       | `XNOTE#<createdAt>#<note>`           |
//! | a case's attachments                            | `D#<dealer>#C#<case>`       | `ATT#<attachment>`                   |
//! | a case's parts requests                         | `D#<dealer>#C#<case>`       | `PARTS#<request>`                    |
//! | a case's estimates                              | `D#<dealer>#C#<case>`       | `EST#<estimate>`                     |
//! | an estimate version as sent                     | `D#<dealer>#C#<case>`       | `ESTV#<estimate>#<n>`                |
//! | a photo on an estimate's line                   | `D#<dealer>#C#<case>`       | `ESTP#<estimate>#<photo>`            |
//! | a case's contacts and invitations               | `D#<dealer>#C#<case>`       | `CONTACT#<contact>`, `INVITE#<contact>` |
//! | a case with everything on it (one query)        | `D#<dealer>#C#<case>`       | prefix ``                            |
//! | a dealer's cases, newest first                  | `D#<dealer>#CASES`          | `ALL#<openedAt>#<case>`              |
//! | a dealer's open (not closed) cases, newest first| `D#<dealer>#CASES`          | `ACTIVE#<openedAt>#<case>`           |
//! | a dealer's cases in one status, newest first    | `D#<dealer>#CASES`          | `STATUS#<status>#<openedAt>#<case>`  |
//! | a Prokeep thread: open/closed, final snapshot   | `D#<dealer>#T#<thread>`     | `THREAD`                             |
//! | the cases a thread is attached to               | `D#<dealer>#T#<thread>`     | `CASE#<case>`                        |
//! | a thread's transcript on a case (one per pair)  | `D#<dealer>#C#<case>`       | `ATT#thread-<thread>`                |
//! | a parts request by its id (points to the case)  | `D#<dealer>#PR#<request>`   | `PR`                                 |
//! | escalations due for a reminder                  | `PARTS_REMIND`              | `<remindAt>#<dealer>#<request>`      |
//! | approval requests due for a reminder            | `APPROVAL_REMIND`           | `<remindAt>#<dealer>#<estimate>#<n>` |
//! | a dealer's customer activity, newest first      | `D#<dealer>#ACTIVITY`       | `<at>#<id>`                          |
//! | a Case customer; its contacts; its assets       | `D#<dealer>#CU#<customer>`  | `CUSTOMER`; `CONTACT#<contact>`; `ASSET#<vin or unit>` |
//! | a dealer's customers (list and search)          | `D#<dealer>#CUSTOMERS`      | `<customer>`                         |
//! | a dealer's customers by word (search)          | `D#<dealer>#CUWORDS`        | `<word>#<customer>`                  |
//! | a dealer's cases by word (open `A#`, closed `Z#`)| `D#<dealer>#CASEWORDS`     | `A#<word>#<case>`, `Z#<word>#<case>` |
//! | the one Case customer of a Procede id           | `D#<dealer>#PROCEDE#<id>`   | `LINK`                               |
//! | the customer a VIN belongs to (one per dealer)  | `D#<dealer>#VINS`           | `VIN#<vin>`                          |
//! | a contact                                       | `D#<dealer>#K#<contact>`    | `CONTACT`                            |
//! | a phone's last text, opt-out, auto-answer       | `D#<dealer>#PH#<e164>`      | `LAST`, `OPTOUT`, `AUTOREPLY#<contact>` |
//! | the case a quoted text was about                | `D#<dealer>#MSG#<messageId>`| `MSG`                                |
//! | what a mobile link opens                        | `LINK#<id>`                 | `LINK`                               |
//! | a case's delivery log (texts, emails), by event | `D#<dealer>#C#<case>#NOTIFY`| `<occurredAt>#<event>#<channel>#<contact>` |
//! | the log entry an email's SES message id is about | `EMAILMSG#<messageId>`     | `MSG`                                |
//! | an email address that bounced or complained     | `D#<dealer>#EM#<sha256(address)>` | `SUPPRESSED`                   |
//! | whom a one-click unsubscribe link is for        | `UNSUB#<id>`                | `UNSUB`                              |
//! | events written but not yet published (outbox)   | `OUTBOX`                    | `<occurredAt>#<event>`               |
//! | events the relay set aside after failures       | `OUTBOX_PARKED`             | `<occurredAt>#<event>`               |
//! | an idempotency key (TTL)                        | `D#<dealer>#IDEMP`          | `<scope>#<key>`                      |
//!
//! The case index items are written in the same transaction as the case, so a list never
//! shows a case in a status it has left.

mod customer_side;
mod queues;
mod words;
pub(crate) use customer_side::*;
use sha2::{Digest, Sha256};
pub(crate) use words::*;

pub(crate) use queues::PARTS_REMINDERS;
pub use queues::{Queue, OUTBOX, OUTBOX_PARKED, SHARDS};

use crate::ids::ContactId;
use crate::ids::CustomerId;
use crate::ids::EstimateId;
use crate::ids::OemId;
use crate::ids::PartsRequestId;
use crate::ids::{AttachmentId, PhotoId};

use crate::ids::{is_safe_id, CaseId, DealerId, ThreadId};

/// A key: partition and sort key.
pub type Key = (String, String);

/// Fixed-width UTC timestamp for sort keys.
pub(crate) fn sortable(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

// ----------------------------------------------------------------------- dealers and OEMs

pub fn dealer(d: &DealerId) -> Key {
    (format!("D#{d}"), "DEALER".into())
}

/// The number the dealer's last case got (cases are numbered per dealer, `#1001` on).
pub(crate) fn case_counter(d: &DealerId) -> Key {
    (format!("D#{d}"), "CASENO".into())
}

pub fn oem(oem: &OemId) -> Key {
    (format!("OEM#{oem}"), "OEM".into())
}

/// Which dealer a texting number belongs to (inbound texts arrive without a dealer).
/// A dealer of an OEM (the OEM's list of its dealers).
pub(crate) fn oem_dealer(oem: &OemId, dealer: &DealerId) -> Key {
    let (pk, _) = self::oem(oem);
    (pk, format!("{OEM_DEALER_PREFIX}{dealer}"))
}

pub(crate) const OEM_DEALER_PREFIX: &str = "DEALER#";

pub(crate) fn number_owner(e164: &str) -> Key {
    (format!("NUMBER#{e164}"), "DEALER".into())
}

// ----------------------------------------------------------------------- cases

/// The partition holding a case and everything on it.
pub fn case_partition(d: &DealerId, case: &CaseId) -> String {
    format!("D#{d}#C#{}", case.as_str())
}

pub(crate) const CASE_SK: &str = "CASE";
pub const NOTE_PREFIX: &str = "NOTE#";
pub const ATTACHMENT_PREFIX: &str = "ATT#";
/// External notes again, by themselves: what the customer's page reads, so internal notes
/// never crowd them out of a page.
pub(crate) const EXTERNAL_NOTE_PREFIX: &str = "XNOTE#";

pub(crate) fn note_sk(created_at: jiff::Timestamp, note_id: &str) -> String {
    format!("{NOTE_PREFIX}{}#{note_id}", sortable(created_at))
}

pub(crate) fn external_note_sk(created_at: jiff::Timestamp, note_id: &str) -> String {
    format!("{EXTERNAL_NOTE_PREFIX}{}#{note_id}", sortable(created_at))
}

pub(crate) fn attachment_sk(attachment_id: &AttachmentId) -> String {
    format!("{ATTACHMENT_PREFIX}{attachment_id}")
}

pub(crate) fn case_index_partition(d: &DealerId) -> String {
    format!("D#{d}#CASES")
}

/// Which of a dealer's case lists an index item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseList {
    All,
    /// Every status but closed.
    Active,
    /// One status, by its name (`CaseStatus::as_str`).
    Status(&'static str),
}

impl CaseList {
    /// The sort-key prefix of the list.
    pub fn prefix(self) -> String {
        match self {
            CaseList::All => "ALL#".into(),
            CaseList::Active => "ACTIVE#".into(),
            CaseList::Status(s) => format!("STATUS#{s}#"),
        }
    }

    /// The index item's sort key for a case opened at `opened_at`.
    pub fn sk(self, opened_at: jiff::Timestamp, case_id: &str) -> String {
        format!("{}{}#{case_id}", self.prefix(), sortable(opened_at))
    }
}

// ----------------------------------------------------------------------- idempotency

pub(crate) fn idempotency_partition(d: &DealerId) -> String {
    format!("D#{d}#IDEMP")
}

/// What an idempotency key protects; the scope starts its sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdempotencyScope {
    /// A Prokeep parts callback, by its event id.
    ProkeepEvent,
    /// One text or email for one (event, contact, channel).
    Notify,
    /// One inbound text, by its provider id.
    InboundSms,
    /// A Case user's POST, by its `Idempotency-Key` (and the user).
    HttpRequest,
    /// A failure noted on a case, by what failed.
    Failure,
    /// A parts escalation (or reminder) posted to Prokeep, by its event id.
    ProkeepDelivery,
    /// A reply sent from the mobile page, by the form's submission id.
    MobileReply,
}

/// An idempotency key's item. The caller's key is hashed, so any text (a partner's event id,
/// an `Idempotency-Key` header) fits a sort key.
pub fn idempotency(d: &DealerId, scope: IdempotencyScope, key: &str) -> Key {
    let scope = match scope {
        IdempotencyScope::ProkeepEvent => "prokeep-event",
        IdempotencyScope::Notify => "notify",
        IdempotencyScope::InboundSms => "inbound",
        IdempotencyScope::HttpRequest => "http",
        IdempotencyScope::Failure => "failure",
        IdempotencyScope::ProkeepDelivery => "prokeep-delivery",
        IdempotencyScope::MobileReply => "mobile-reply",
    };
    (
        idempotency_partition(d),
        format!("{scope}#{}", hex::encode(Sha256::digest(key.as_bytes()))),
    )
}

// ----------------------------------------------------------------------- threads

pub(crate) fn thread_partition(d: &DealerId, thread: &ThreadId) -> String {
    format!("D#{d}#T#{}", thread.as_str())
}

pub(crate) const THREAD_SK: &str = "THREAD";
pub(crate) const THREAD_CASE_PREFIX: &str = "CASE#";

pub(crate) fn thread_case_sk(case: &CaseId) -> String {
    format!("{THREAD_CASE_PREFIX}{}", case.as_str())
}

// ----------------------------------------------------------------------- estimates

pub(crate) const ESTIMATE_PREFIX: &str = "EST#";

/// An estimate lives with its case.
pub fn estimate(d: &DealerId, case: &CaseId, estimate_id: &EstimateId) -> Key {
    (
        case_partition(d, case),
        format!("{ESTIMATE_PREFIX}{estimate_id}"),
    )
}

/// A version of an estimate as it was sent (its lines and totals), beside its estimate.
pub(crate) fn estimate_version(
    d: &DealerId,
    case: &CaseId,
    estimate_id: &EstimateId,
    n: u32,
) -> Key {
    (
        case_partition(d, case),
        format!("ESTV#{estimate_id}#{n:05}"),
    )
}

/// A photo on one of an estimate's lines, beside its estimate.
pub(crate) fn estimate_photo(d: &DealerId, case: &CaseId, e: &EstimateId, p: &PhotoId) -> Key {
    let sk = format!("{}{p}", estimate_photos_prefix(e));
    (case_partition(d, case), sk)
}

/// Every photo of an estimate (all its lines).
pub(crate) fn estimate_photos_prefix(estimate_id: &EstimateId) -> String {
    format!("ESTP#{estimate_id}#")
}

// ----------------------------------------------------------------------- parts

pub const PARTS_PREFIX: &str = "PARTS#";

/// A parts request lives with its case.
pub(crate) fn parts_request(d: &DealerId, case: &CaseId, request_id: &PartsRequestId) -> Key {
    (
        case_partition(d, case),
        format!("{PARTS_PREFIX}{request_id}"),
    )
}

/// Finds a request from its id alone (what Prokeep quotes back).
pub(crate) fn parts_request_pointer(d: &DealerId, request_id: &PartsRequestId) -> Key {
    (format!("D#{d}#PR#{request_id}"), "PR".into())
}

pub(crate) fn parts_reminder_sk(
    at: jiff::Timestamp,
    d: &DealerId,
    request_id: &PartsRequestId,
) -> String {
    format!("{}#{d}#{request_id}", sortable(at))
}

// ----------------------------------------------------------------------- customers, contacts

/// A Case customer.
pub fn customer(d: &DealerId, id: &CustomerId) -> Key {
    (customer_partition(d, id), "CUSTOMER".into())
}

pub(crate) fn customer_partition(d: &DealerId, customer_id: &CustomerId) -> String {
    format!("D#{d}#CU#{customer_id}")
}

/// The one Case customer of a Procede id (ids that are not key-safe are hashed).
/// The dealer's customers, one item each (what the list and its search read).
pub(crate) fn customer_index(d: &DealerId, id: &CustomerId) -> Key {
    (format!("D#{d}#CUSTOMERS"), id.to_string())
}

pub(crate) fn customer_index_partition(d: &DealerId) -> String {
    format!("D#{d}#CUSTOMERS")
}

pub(crate) const ASSET_PREFIX: &str = "ASSET#";

/// A customer's asset, by its VIN (or its unit number when it has none), normalised.
pub(crate) fn customer_asset(d: &DealerId, customer_id: &CustomerId, asset_key: &str) -> Key {
    (
        customer_partition(d, customer_id),
        format!("{ASSET_PREFIX}{asset_key}"),
    )
}

/// Which of the dealer's customers a VIN belongs to: a unit is one customer's.
pub(crate) fn vin_owner(d: &DealerId, vin: &str) -> Key {
    (format!("D#{d}#VINS"), format!("VIN#{vin}"))
}

pub(crate) fn procede_link(d: &DealerId, procede_id: &str) -> Key {
    let id = if is_safe_id(procede_id) {
        procede_id.to_string()
    } else {
        format!("h-{}", hex::encode(Sha256::digest(procede_id.as_bytes())))
    };
    (format!("D#{d}#PROCEDE#{id}"), "LINK".into())
}

pub fn contact(d: &DealerId, id: &ContactId) -> Key {
    (format!("D#{d}#K#{id}"), "CONTACT".into())
}

pub(crate) const CONTACT_LINK_PREFIX: &str = "CONTACT#";
pub(crate) const INVITATION_PREFIX: &str = "INVITE#";

/// A contact listed on a case (created there or merged in).
pub(crate) fn case_contact(d: &DealerId, case: &CaseId, contact_id: &ContactId) -> Key {
    (
        case_partition(d, case),
        format!("{CONTACT_LINK_PREFIX}{contact_id}"),
    )
}

/// A contact invited to a case (a recipient of its notifications).
pub fn invitation(d: &DealerId, case: &CaseId, contact_id: &ContactId) -> Key {
    (
        case_partition(d, case),
        format!("{INVITATION_PREFIX}{contact_id}"),
    )
}

/// A customer's ongoing contact.
pub(crate) fn customer_contact(
    d: &DealerId,
    customer_id: &CustomerId,
    contact_id: &ContactId,
) -> Key {
    (
        customer_partition(d, customer_id),
        format!("{CONTACT_LINK_PREFIX}{contact_id}"),
    )
}

// ----------------------------------------------------------------------- texts

pub(crate) fn phone_partition(d: &DealerId, e164: &str) -> String {
    format!("D#{d}#PH#{e164}")
}

/// The last text sent to a phone (what an unquoted reply answers).
pub(crate) fn last_text(d: &DealerId, e164: &str) -> Key {
    (phone_partition(d, e164), "LAST".into())
}

/// A phone that said STOP to this dealer's number.
pub(crate) fn opt_out(d: &DealerId, e164: &str) -> Key {
    (phone_partition(d, e164), "OPTOUT".into())
}

/// The once-an-hour pointer to the link in mobile-only mode.
pub(crate) fn auto_reply(d: &DealerId, e164: &str, contact_id: &ContactId) -> Key {
    (phone_partition(d, e164), format!("AUTOREPLY#{contact_id}"))
}

/// The case a text was about, by the provider's message id (replies quote it).
pub(crate) fn sent_message(d: &DealerId, message_id: &str) -> Key {
    (format!("D#{d}#MSG#{message_id}"), "MSG".into())
}

/// What a mobile link opens (the id is random; the link is checked before the read).
pub(crate) fn mobile_link(id: &[u8; 16]) -> Key {
    (format!("LINK#{}", hex::encode(id)), "LINK".into())
}

// ----------------------------------------------------------------------- delivery log, email

/// A case's delivery log: its own partition, so reading the case never reads the log.
pub(crate) fn notification_partition(d: &DealerId, case: &CaseId) -> String {
    format!("{}#NOTIFY", case_partition(d, case))
}

/// One notification: (event, channel, contact), in the order the events happened.
pub fn notification(
    d: &DealerId,
    case: &CaseId,
    occurred_at: jiff::Timestamp,
    event_id: &str,
    channel: &str,
    contact_id: &ContactId,
) -> Key {
    (
        notification_partition(d, case),
        format!(
            "{}#{event_id}#{channel}#{contact_id}",
            sortable(occurred_at)
        ),
    )
}

/// Which log entry an email is (SES notifications name only its message id).
pub(crate) fn email_message(message_id: &str) -> Key {
    (
        format!(
            "EMAILMSG#{}",
            hex::encode(Sha256::digest(message_id.as_bytes()))
        ),
        "MSG".into(),
    )
}

/// An address the dealer no longer emails (a hard bounce, a complaint). Addresses are
/// compared lowercased and hashed into the key, so any address fits.
pub(crate) fn email_suppressed(d: &DealerId, address: &str) -> Key {
    let address = address.trim().to_lowercase();
    (
        format!(
            "D#{d}#EM#{}",
            hex::encode(Sha256::digest(address.as_bytes()))
        ),
        "SUPPRESSED".into(),
    )
}

/// Whom a one-click unsubscribe link is for (the id is random; its token is signed).
pub(crate) fn unsubscribe_link(id: &[u8; 16]) -> Key {
    (format!("UNSUB#{}", hex::encode(id)), "UNSUB".into())
}
