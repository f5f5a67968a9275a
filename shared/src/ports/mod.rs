//! Ports: the narrow capabilities the domain needs from the outside world.
//!
//! Every port has two adapters (see `crate::adapters`): one on AWS (DynamoDB, S3, SNS)
//! and one embedded (SQLite, a local directory, in-process delivery). The conformance
//! suite in `shared/tests/conformance/` runs the same scenarios against both, so the
//! local server behaves like production.
//!
//! The item store is deliberately small — get, conditional put, prefix query, transaction —
//! because every extra operation is one more thing two backends could disagree on.

mod blob_store;
mod clock;
mod event_bus;
pub(crate) mod item_store;
mod procede;
mod prokeep;
mod sms;

pub use blob_store::{BlobKey, BlobStore, BlobVersion, StoredBlob};
pub use clock::{Clock, FixedClock, IdGen, SequentialIds, SystemClock, UuidV7Ids};
pub use event_bus::{EventHandler, EventPublisher};
pub use item_store::{Cond, Item, ItemStore, Order, Page, PageRequest, StoreError, WriteOp};
pub use procede::{ProcedeDms, ProcedeError};
pub use prokeep::{DeliveryError, ProkeepApi, ProkeepCredentials, ProkeepMessage};
pub use sms::{OutgoingSms, SmsError, SmsSender};
