//! casebridge: the back end between Case, Prokeep, customers' phones and the Procede DMS.
//!
//! The crate is laid out by what a newcomer looks for:
//! - domain areas, each a plain async service over the ports: [`dealers`], [`cases`],
//!   [`transcripts`], [`parts`], [`procede`] and [`customers`], [`contacts`] and [`sms`],
//!   [`events`] (the outbox), [`auth`] (who is calling);
//! - [`ports`]: the narrow traits the domain needs (item store, blob store, event bus, clock);
//! - [`adapters`]: one file per technology implementing the ports (DynamoDB, S3, SNS on AWS;
//!   SQLite, a local directory and in-process delivery for the local server);
//! - [`http`]: the one mapping between HTTP (API Gateway or the local server) and the domain;
//! - [`lambda`]: the entry points every function's `main.rs` calls;
//! - [`config`] and [`telemetry`]: read once at start.

pub mod adapters;
pub mod auth;
pub mod cases;
pub mod config;
pub mod contacts;
pub mod customers;
pub mod dealers;
mod error;
pub mod events;
pub mod http;
pub mod keys;
pub mod lambda;
pub mod parts;
pub mod ports;
pub mod procede;
pub mod sms;
pub mod telemetry;
#[cfg(feature = "testkit")]
pub mod testkit;
pub mod transcripts;
pub mod versioned;

use std::sync::Arc;

pub use error::{lambda_outcome, Error, FieldError, Result};

use ports::{
    BlobStore, Clock, EventPublisher, IdGen, ItemStore, Page, ProcedeDms, ProkeepApi, SmsSender,
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
    /// Signs and checks the links to the mobile page.
    pub links: Arc<sms::links::MobileLinks>,
}

/// One page of a list, as the API answers it: `{"items": [...], "nextPage": "..."|null}`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Listing<T> {
    pub items: Vec<T>,
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

impl<T> Listing<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Listing<U> {
        Listing {
            items: self.items.into_iter().map(f).collect(),
            next_page: self.next_page,
        }
    }
}
