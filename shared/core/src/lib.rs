//! casebridge-core: the back end's domain, between Case, Prokeep, customers' phones and the
//! Procede DMS. It links no AWS SDK, no PDF stack and no SQLite: those are adapters in their
//! own crates (`casebridge-aws`, `casebridge-embedded`, `casebridge-transcripts-pdf`).
//!
//! The crate is laid out by what a newcomer looks for. The ground floor imports no feature
//! area (DESIGN.md §6; `infra/scripts/house.py` checks it):
//! - [`ids`]: the typed ids (a dealer, a case, a contact, …), each checked once, at the edge;
//! - [`error`](Error): the one domain error, mapped to HTTP and to Lambda retries elsewhere, once;
//! - [`keys`]: the table's access patterns and every key builder;
//! - [`ports`]: the narrow traits the domain needs (item store, blob store, event bus,
//!   partners, SMS, email, the transcript renderer, the link signer, clock and ids);
//! - [`commit`]: read → decide → transact → retry on a lost race → publish, in one place;
//! - [`events`]: the event kinds, the envelope and the transactional outbox.
//!
//! Above it, [`happened`] (each event's payload) and the areas, each a room with its model,
//! its rules (`decide_*`, no I/O), its services and its `store.rs` (the only place its
//! records' keys and items are built): [`dealers`], [`cases`], [`transcripts`], [`parts`],
//! [`procede`] and [`customers`], [`contacts`], [`estimates`], [`sms`], [`mobile`] (the
//! customer's page and its links) and [`notifications`] (texts and emails to a case's
//! recipients, and their delivery log); [`auth`] says who is calling.

pub mod activity;
pub mod auth;
pub mod cases;
pub mod commit;
pub mod config;
pub mod contacts;
pub mod customers;
pub mod dealers;
mod error;
pub mod estimates;
pub mod events;
pub mod happened;
pub mod idempotency;
pub mod ids;
pub mod json;
pub mod keys;
pub mod measures;
pub mod mobile;
pub mod notifications;
pub mod parts;
pub mod phones;
pub mod ports;
pub mod procede;
pub mod search;
pub mod sms;
pub mod text;
pub mod transcripts;

use std::sync::Arc;

pub use casebridge_templates::words::{self, Language};
pub use error::{Error, FieldError, Result};

use ports::{
    BlobStore, Clock, EmailSender, EventPublisher, IdGen, ItemStore, LinkSigner, ProcedeDms,
    ProkeepApi, SecretStore, SmsSender, TranscriptRenderer,
};

/// The wired ports: what every service call needs. Built once per process.
#[derive(Clone)]
pub struct App {
    pub store: Arc<dyn ItemStore>,
    pub blobs: Arc<dyn BlobStore>,
    pub events: Arc<dyn EventPublisher>,
    pub clock: Arc<dyn Clock>,
    pub ids: Arc<dyn IdGen>,
    /// Prokeep's inbox API (REST in AWS, a recording file locally).
    pub prokeep: Arc<dyn ProkeepApi>,
    /// The Procede DMS (HTTP in AWS, a JSON file locally).
    pub procede: Arc<dyn ProcedeDms>,
    /// Texts to customers' phones (SNS in AWS, a recording file locally).
    pub sms: Arc<dyn SmsSender>,
    /// Emails to customers (SES v2 in AWS, a recording file locally).
    pub email: Arc<dyn EmailSender>,
    /// Signs and checks the links to the mobile page.
    pub links: Arc<dyn LinkSigner>,
    /// Dealers' secrets (Secrets Manager in AWS, a mode-600 file per dealer locally).
    pub secrets: Arc<dyn SecretStore>,
    /// Renders transcripts as PDFs. Only the transcript functions (and the local server) wire
    /// the real renderer; the others carry [`ports::Unwired`] and never link the PDF stack.
    pub transcripts: Arc<dyn TranscriptRenderer>,
    /// Dealers known to be onboarded (see [`auth::authorize`]); empty at start.
    pub onboarded: Arc<dealers::OnboardedDealers>,
}

pub use ports::Listing;
