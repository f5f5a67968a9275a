//! casebridge-core: the back end's domain, between Case, Prokeep, customers' phones and the
//! Procede DMS. It links no AWS SDK, no PDF stack and no SQLite: those are adapters in their
//! own crates (`casebridge-aws`, `casebridge-embedded`, `casebridge-transcripts-pdf`).
//!
//! The crate is laid out by what a newcomer looks for:
//! - domain areas, each a plain async service over the ports: [`dealers`], [`cases`],
//!   [`transcripts`], [`parts`], [`procede`] and [`customers`], [`contacts`], [`sms`],
//!   [`mobile`] (the customer's page) and [`notifications`] (texts and emails to a case's recipients, and their delivery log);
//! - [`events`]: the one enum of domain events and the transactional outbox;
//! - [`commit`]: read → decide → transact → retry on a lost race → publish, in one place;
//! - [`keys`]: the table's access patterns and every key builder;
//! - [`ports`]: the narrow traits the domain needs (item store, blob store, event bus,
//!   partners, SMS, the transcript renderer, clock and ids);
//! - [`auth`]: who is calling (Case users' claims, the connector's signatures);
//! - [`error`]: the one domain error, mapped to HTTP and to Lambda retries elsewhere, once.

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
pub mod mobile;
pub mod notifications;
pub mod parts;
pub mod phones;
pub mod ports;
pub mod procede;
pub mod sms;
pub mod text;
pub mod transcripts;

use std::sync::Arc;

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
