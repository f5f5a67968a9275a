//! A thread's records: open or closed (and where its final snapshot is), and the cases it
//! is attached to, so a close finds every transcript.

use serde::{Deserialize, Serialize};

use crate::dealers::Dealer;
use crate::error::Result;
use crate::ids::{AttachmentId, CaseId, ThreadId};
use crate::keys;
use crate::ports::{read_all, Cond, Item, WriteOp};
use crate::App;

/// What casebridge knows about a Prokeep thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ThreadRecord {
    pub thread_id: String,
    pub closed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<jiff::Timestamp>,
    /// S3 version of the final snapshot, stored when the thread closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_snapshot_version: Option<String>,
}

/// Links a thread to a case it is attached to (so a close finds every transcript).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ThreadCaseLink {
    pub case_id: CaseId,
    pub attachment_id: AttachmentId,
}

pub(super) async fn thread_record(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadId,
) -> Result<Option<ThreadRecord>> {
    let pk = keys::thread_partition(&dealer.id, thread);
    Ok(match app.store.get(&pk, keys::THREAD_SK).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}

/// The write an attach makes on the thread: the open thread's record the first time, after
/// that a check that it is still as read (a close in between makes this round's PDF stale).
pub(super) fn attach_op(
    dealer: &Dealer,
    thread: &ThreadId,
    read: Option<&ThreadRecord>,
) -> Result<WriteOp> {
    let pk = keys::thread_partition(&dealer.id, thread);
    Ok(match read {
        None => WriteOp::put_if(
            Item::from_record(
                &pk,
                keys::THREAD_SK,
                &ThreadRecord {
                    thread_id: thread.as_str().into(),
                    closed: false,
                    closed_at: None,
                    final_snapshot_version: None,
                },
            )?,
            Cond::NotExists,
        ),
        Some(r) => WriteOp::Check {
            pk,
            sk: keys::THREAD_SK.into(),
            cond: Cond::AttrEquals("closed".into(), r.closed.into()),
        },
    })
}

/// The write of the thread's link to a case it is attached to.
pub(super) fn link_op(
    dealer: &Dealer,
    thread: &ThreadId,
    link: &ThreadCaseLink,
) -> Result<WriteOp> {
    let pk = keys::thread_partition(&dealer.id, thread);
    Ok(WriteOp::put(Item::from_record(
        &pk,
        keys::thread_case_sk(&link.case_id),
        link,
    )?))
}

/// The write that closes the thread: over the open record that was read, or new.
pub(super) fn close_op(
    dealer: &Dealer,
    thread: &ThreadId,
    read: Option<&ThreadRecord>,
    closed: &ThreadRecord,
) -> Result<WriteOp> {
    let pk = keys::thread_partition(&dealer.id, thread);
    let cond = match read {
        Some(_) => Cond::AttrEquals("closed".into(), false.into()),
        None => Cond::NotExists,
    };
    Ok(WriteOp::put_if(
        Item::from_record(pk, keys::THREAD_SK, closed)?,
        cond,
    ))
}

/// Every case the thread is attached to.
pub(super) async fn links(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadId,
) -> Result<Vec<ThreadCaseLink>> {
    let pk = keys::thread_partition(&dealer.id, thread);
    read_all(app, &pk, keys::THREAD_CASE_PREFIX).await
}
