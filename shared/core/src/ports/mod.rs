//! Ports: the narrow capabilities the domain needs from the outside world.
//!
//! Every port has two adapters: one on AWS (`casebridge-aws`: DynamoDB, S3, SNS, partner
//! HTTP, SES) and one embedded (`casebridge-embedded`: SQLite, a local directory, in-process
//! delivery, recording files). The conformance suite in `shared/testkit/tests/conformance/`
//! runs the same scenarios against both, so the local server behaves like production.
//!
//! The item store is deliberately small — get, conditional put, prefix query, transaction —
//! because every extra operation is one more thing two backends could disagree on.

mod blob_store;
mod clock;
mod email;
mod event_bus;
pub mod item_store;
mod links;
mod listing;
pub mod procede;
mod prokeep;
mod secrets;
mod sms;
pub mod transcripts;
mod unwired;
pub mod wiring;

pub use blob_store::{BlobKey, BlobStore, BlobVersion, StoredBlob};
pub use clock::{Clock, FixedClock, IdGen, SequentialIds, SystemClock, UuidV7Ids};
pub use email::{EmailError, EmailSender, HeaderText, OutgoingEmail};
pub use event_bus::{DeadLetter, EventHandler, EventPublisher};
pub use item_store::{Cond, Item, ItemStore, Order, Page, PageRequest, StoreError, WriteOp};
pub use links::{KeyFetch, LinkSigner, MobileLinks};
pub(crate) use listing::due_by;
pub use listing::{read_all, Listing};
pub use procede::{ProcedeAccount, ProcedeDms, ProcedeError};
pub use prokeep::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};
pub use secrets::{ConnectorSecret, DealerSecrets, SecretStore};
pub use sms::{OutgoingSms, SmsError, SmsSender};
pub use transcripts::{PrintedBlock, PrintedDocument, PrintedStyle, TranscriptRenderer};
pub use unwired::Unwired;
pub use wiring::{functions, Function, Port};
