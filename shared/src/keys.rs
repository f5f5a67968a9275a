//! The single table's keys, designed from the access patterns below.
//!
//! Every partition key of dealer data starts with `D#<dealer>`, and every builder here that
//! makes one takes a [`DealerId`], so a dealer's items cannot be named without the dealer.
//! Timestamps in sort keys are fixed-width UTC (`2026-11-23T13:45:00.000Z`) so that string
//! order is time order.
//!
//! | access pattern                                  | pk                         | sk                                   |
//! |-------------------------------------------------|----------------------------|--------------------------------------|
//! | a dealer's settings and connector secrets       | `D#<dealer>`               | `DEALER`                             |
//! | an OEM and its SMS policy                       | `OEM#<oem>`                | `OEM`                                |
//! | a case                                          | `D#<dealer>#C#<case>`      | `CASE`                               |
//! | a case's notes, oldest first                    | `D#<dealer>#C#<case>`      | `NOTE#<createdAt>#<note>`            |
//! | a case's attachments                            | `D#<dealer>#C#<case>`      | `ATT#<attachment>`                   |
//! | a case with everything on it (one query)        | `D#<dealer>#C#<case>`      | prefix ``                            |
//! | a dealer's cases, newest first                  | `D#<dealer>#CASES`         | `ALL#<openedAt>#<case>`              |
//! | a dealer's open (not closed) cases, newest first| `D#<dealer>#CASES`         | `ACTIVE#<openedAt>#<case>`           |
//! | a dealer's cases in one status, newest first    | `D#<dealer>#CASES`         | `STATUS#<status>#<openedAt>#<case>`  |
//! | a Prokeep thread: open/closed, final snapshot   | `D#<dealer>#T#<thread>`    | `THREAD`                             |
//! | the cases a thread is attached to               | `D#<dealer>#T#<thread>`    | `CASE#<case>`                        |
//! | a thread's transcript on a case (one per pair)  | `D#<dealer>#C#<case>`      | `ATT#thread-<thread>`                |
//! | events written but not yet published (outbox)   | `OUTBOX`                   | `<occurredAt>#<event>`               |
//! | an idempotency key (TTL)                        | `D#<dealer>#IDEMP`         | `<scope>#<key>`                      |
//!
//! The case index items are written in the same transaction as the case, so a list never
//! shows a case in a status it has left.

use crate::dealers::{is_safe_id, DealerId};
use crate::error::{Error, Result};

/// Fixed-width UTC timestamp for sort keys.
pub fn sortable(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

pub fn dealer(d: &DealerId) -> (String, String) {
    (format!("D#{d}"), "DEALER".into())
}

pub fn oem(oem: &str) -> Result<(String, String)> {
    if !is_safe_id(oem) {
        return Err(Error::bad_field(
            "oemId",
            "an OEM id is 1 to 64 letters, digits, '-' or '_'",
        ));
    }
    Ok((format!("OEM#{oem}"), "OEM".into()))
}

/// The partition holding a case and everything on it.
pub fn case_partition(d: &DealerId, case: &CaseKeyId) -> String {
    format!("D#{d}#C#{}", case.0)
}

pub const CASE_SK: &str = "CASE";

pub fn note_sk(created_at: jiff::Timestamp, note_id: &str) -> String {
    format!("NOTE#{}#{note_id}", sortable(created_at))
}

pub fn attachment_sk(attachment_id: &str) -> String {
    format!("ATT#{attachment_id}")
}

pub fn case_index_partition(d: &DealerId) -> String {
    format!("D#{d}#CASES")
}

pub fn idempotency_partition(d: &DealerId) -> String {
    format!("D#{d}#IDEMP")
}

pub const OUTBOX_PK: &str = "OUTBOX";

pub fn thread_partition(d: &DealerId, thread: &ThreadKeyId) -> String {
    format!("D#{d}#T#{}", thread.0)
}

pub const THREAD_SK: &str = "THREAD";

pub fn thread_case_sk(case: &CaseKeyId) -> String {
    format!("CASE#{}", case.0)
}

/// A Prokeep thread id that is safe to put in a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadKeyId(String);

impl ThreadKeyId {
    pub fn parse(raw: &str) -> Result<Self> {
        if is_safe_id(raw) {
            Ok(ThreadKeyId(raw.to_string()))
        } else {
            Err(Error::bad_field(
                "threadId",
                "a thread id is 1 to 64 letters, digits, '-' or '_'",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A case id that is safe to put in a key (checked once, at the edge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseKeyId(String);

impl CaseKeyId {
    /// Any id that is not safe cannot exist, so it is reported as not found.
    pub fn parse(raw: &str) -> Result<Self> {
        if is_safe_id(raw) {
            Ok(CaseKeyId(raw.to_string()))
        } else {
            Err(Error::not_found(format!("case {raw}")))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
