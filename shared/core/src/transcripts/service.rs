//! What attaching and closing share: the thread's records and keys, and rendering a
//! snapshot for a case (or a thread file, for `casebridge render`).

use crate::ids::AttachmentId;

use std::sync::Arc;

use super::model::{CheckedThread, ThreadSnapshot, TranscriptInfo};
use crate::cases::Case;
use crate::dealers::Dealer;
use crate::error::{Error, Result};
use crate::ids::ThreadId;
use crate::ports::BlobKey;
use crate::App;

/// One transcript per (case, thread): its id is derived from the thread, so a second
/// attachment for the pair cannot exist — the key is taken.
pub(crate) fn transcript_attachment_id(thread: &ThreadId) -> AttachmentId {
    // A thread id is at most 64 key-safe characters; with the prefix it may be longer than
    // a path id may be, so it is made here, not parsed.
    AttachmentId::derived(format!("thread-{}", thread.as_str()))
}

pub(super) fn snapshot_key(dealer: &Dealer, thread: &ThreadId) -> Result<BlobKey> {
    Ok(BlobKey::for_dealer(
        &dealer.id,
        &["threads", thread.as_str(), "final-snapshot.json"],
    )?)
}

pub(super) fn pdf_key(dealer: &Dealer, case: &Case, thread: &ThreadId) -> Result<BlobKey> {
    let file = format!("{}.pdf", thread.as_str());
    Ok(BlobKey::for_dealer(
        &dealer.id,
        &["cases", case.id.as_str(), "threads", &file],
    )?)
}

pub(super) use super::store::{thread_record, ThreadCaseLink, ThreadRecord};

pub(super) async fn final_snapshot(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadId,
    record: &ThreadRecord,
) -> Result<Arc<CheckedThread>> {
    let key = snapshot_key(dealer, thread)?;
    let blob = app
        .blobs
        .get(&key, record.final_snapshot_version.as_deref())
        .await?
        .ok_or_else(|| {
            Error::Internal(format!(
                "final snapshot of thread {} is missing",
                thread.as_str()
            ))
        })?;
    let snapshot: ThreadSnapshot = serde_json::from_slice(&blob.bytes)
        .map_err(|e| Error::Internal(format!("final snapshot: {e}")))?;
    Ok(Arc::new(CheckedThread::check(snapshot)?))
}

pub(super) fn describe_asset(case: &Case) -> String {
    let a = &case.asset;
    let mut parts = vec![format!("unit {}", a.unit_number)];
    if let Some(v) = &a.vin {
        parts.push(format!("VIN {v}"));
    }
    let mm = [a.make.as_deref(), a.model.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !mm.is_empty() {
        parts.push(mm);
    }
    parts.join(", ")
}

/// Renders the transcript of `snapshot` for `case`, on a blocking thread: a large thread
/// takes a while, and the async runtime keeps answering other requests meanwhile.
pub(crate) async fn render_for_case(
    app: &App,
    dealer: &Dealer,
    case: &Case,
    thread_id: &str,
    thread: &Arc<CheckedThread>,
    is_final: bool,
) -> Result<Vec<u8>> {
    let info = TranscriptInfo {
        dealer: format!("{} ({})", dealer.name, dealer.id),
        case: case.label(),
        customer: case.customer.name.clone(),
        asset: describe_asset(case),
        thread_id: thread_id.to_string(),
        time_zone: dealer.settings.time_zone.clone(),
        is_final,
        generated_at: app.clock.now(),
        content_hash: thread.content_hash().to_string(),
    };
    let (renderer, thread) = (app.transcripts.clone(), Arc::clone(thread));
    tokio::task::spawn_blocking(move || {
        renderer.render(&info, thread.snapshot(), &thread.messages())
    })
    .await
    .map_err(|e| Error::Internal(format!("rendering the transcript stopped: {e}")))?
}
