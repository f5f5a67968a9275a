//! casebridge's ports without a cloud, for the local server and the tests, one file each.
//!
//! | port          | adapter                                         |
//! |---------------|-------------------------------------------------|
//! | item store    | [`sqlite::SqliteStore`]                         |
//! | blob store    | [`local_blobs::LocalBlobs`]                     |
//! | event bus     | [`in_process::InProcessBus`] (+ the outbox)     |
//! | SMS sender    | [`sms_local::RecordingSms`]                     |
//! | email sender  | [`email_local::RecordingEmail`]                 |
//! | Prokeep inbox | [`prokeep_local::RecordingProkeep`]             |
//! | Procede DMS   | [`procede_file::ProcedeFile`]                   |
//! | secrets       | [`file_secrets::FileSecrets`] (mode 600)        |
//!
//! The AWS counterparts are in `casebridge-aws`; one conformance suite holds the two to the
//! same behaviour.

pub mod email_local;
pub mod file_secrets;
pub mod in_process;
pub mod jsonl;
pub mod local_blobs;
pub mod procede_file;
pub mod prokeep_local;
pub mod sms_local;
pub mod sqlite;
