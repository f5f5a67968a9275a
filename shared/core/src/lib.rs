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
    BlobStore, Clock, EmailSender, EventPublisher, IdGen, ItemStore, Page, ProcedeDms, ProkeepApi,
    SecretStore, SmsSender, TranscriptRenderer,
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
    pub links: Arc<mobile::links::MobileLinks>,
    /// Dealers' secrets (Secrets Manager in AWS, a mode-600 file per dealer locally).
    pub secrets: Arc<dyn SecretStore>,
    /// Renders transcripts as PDFs. Only the transcript functions (and the local server) wire
    /// the real renderer; the others carry [`ports::Unwired`] and never link the PDF stack.
    pub transcripts: Arc<dyn TranscriptRenderer>,
    /// Dealers known to be onboarded (see [`auth::authorize`]); empty at start.
    pub onboarded: Arc<dealers::OnboardedDealers>,
}

/// One page of a list, as the API answers it: `{"items": [...], "nextPage": "..."|null}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Pass as `page` to read the next page; `null` on the last page.
    pub next_page: Option<String>,
}

impl<T: serde::de::DeserializeOwned> Listing<T> {
    pub fn from_page(page: Page) -> Result<Self> {
        let items = page
            .items
            .iter()
            .map(|i| i.record())
            .collect::<std::result::Result<Vec<T>, _>>()?;
        Ok(Listing {
            items,
            next_page: page.next,
        })
    }
}

impl<T: serde::de::DeserializeOwned> Listing<T> {
    /// One page of the records under `prefix` of `pk` that `keep` accepts (a search the
    /// store cannot index). The store is asked for no more than the page still lacks, so
    /// its cursor is always exactly where the next page goes on from; at most `max_scanned`
    /// records are read for one page (a page may then come back short, with a cursor).
    pub async fn scan(
        app: &App,
        pk: &str,
        prefix: &str,
        page: ports::PageRequest,
        max_scanned: usize,
        mut keep: impl FnMut(&T) -> bool,
    ) -> Result<Self> {
        let (limit, mut scanned, mut cursor) = (page.limit, 0, page.after.clone());
        let mut items = Vec::new();
        loop {
            let want = ports::PageRequest {
                limit: limit - items.len(),
                order: page.order,
                after: cursor.clone(),
            };
            let batch = app.store.query(pk, prefix, want).await?;
            scanned += batch.items.len();
            for item in &batch.items {
                let record: T = item.record()?;
                if keep(&record) {
                    items.push(record);
                }
            }
            cursor = batch.next;
            if items.len() >= limit || cursor.is_none() || scanned >= max_scanned {
                return Ok(Listing {
                    items,
                    next_page: cursor,
                });
            }
        }
    }
}

impl<T> Listing<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Listing<U> {
        Listing {
            items: self.items.into_iter().map(f).collect(),
            next_page: self.next_page,
        }
    }
}
