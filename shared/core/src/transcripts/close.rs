//! Closing a thread: its final snapshot kept, every draft transcript of it replaced by the
//! final PDF.

use std::sync::Arc;

use super::model::{CheckedThread, CloseThreadRequest, ThreadState};
use super::service::{
    final_snapshot, pdf_key, render_for_case, snapshot_key, thread_record, ThreadCaseLink,
    ThreadRecord,
};
use crate::cases::{self, Attachment, AttachmentState, AttachmentView};
use crate::commit::{commit, Plan, Round};
use crate::dealers::Dealer;
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::{AttachmentReplaced, Happened};
use crate::ids::ThreadId;
use crate::App;

use super::store;
use serde::Serialize;

/// What a close did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CloseOutcome {
    pub thread_id: String,
    #[schema(value_type = String, format = DateTime)]
    pub closed_at: jiff::Timestamp,
    /// The thread's transcripts, all final now.
    pub attachments: Vec<AttachmentView>,
}

/// Records the thread as closed with its final snapshot, then replaces every draft
/// transcript of it by the final PDF (same attachment, new version; the draft stays as the
/// older blob version). A second close keeps the first close's snapshot and finishes
/// whatever the first left undone.
pub async fn close_thread(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadId,
    req: CloseThreadRequest,
) -> Result<CloseOutcome> {
    let mut snapshot = req.thread;
    snapshot.state = ThreadState::Closed;
    let sent = Arc::new(CheckedThread::check(snapshot)?);
    let (thread, sent) = (&thread, &sent);
    let (record, snapshot) = commit(app, &format!("thread {thread}"), || async move {
        let record = thread_record(app, dealer, thread).await?;
        if let Some(r) = record.as_ref().filter(|r| r.closed) {
            let kept = final_snapshot(app, dealer, thread, r).await?;
            return Ok(Round::Done((r.clone(), kept)));
        }
        let bytes =
            serde_json::to_vec(sent.snapshot()).map_err(|e| Error::Internal(e.to_string()))?;
        let version = app
            .blobs
            .put(&snapshot_key(dealer, thread)?, bytes, "application/json")
            .await?;
        let r = ThreadRecord {
            thread_id: thread.as_str().into(),
            closed: true,
            closed_at: Some(app.clock.now()),
            final_snapshot_version: Some(version),
        };
        let write = store::close_op(dealer, thread, record.as_ref(), &r)?;
        Ok(Round::Write(Plan::new((r, Arc::clone(sent))).write(write)))
    })
    .await?;
    let mut attachments = Vec::new();
    for link in store::links(app, dealer, thread).await? {
        if let Some(view) = finalize(app, dealer, thread, &link, &snapshot).await? {
            attachments.push(view);
        }
    }
    Ok(CloseOutcome {
        thread_id: thread.as_str().into(),
        closed_at: record.closed_at.unwrap_or_else(|| app.clock.now()),
        attachments,
    })
}

/// Replaces one draft transcript by the final PDF (no-op when it is final already). `None`
/// when the link's attachment is not there: the attach that wrote the link has not
/// committed (it will fail its check on the open thread and render the final PDF itself).
async fn finalize(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadId,
    link: &ThreadCaseLink,
    snapshot: &Arc<CheckedThread>,
) -> Result<Option<AttachmentView>> {
    let case = cases::load_case(app, &dealer.id, &link.case_id).await?;
    let case = &case;
    commit(
        app,
        &format!("transcript {}", link.attachment_id),
        || async move {
            let Some(draft) =
                cases::find_attachment(app, &dealer.id, &case.id, &link.attachment_id).await?
            else {
                return Ok(Round::Done(None));
            };
            if draft.state == AttachmentState::Final {
                return Ok(Round::Done(Some(draft.into())));
            }
            let bytes = render_for_case(app, dealer, case, thread.as_str(), snapshot, true).await?;
            let key = pdf_key(dealer, case, thread)?;
            let att = Attachment {
                version: draft.version + 1,
                state: AttachmentState::Final,
                size: bytes.len() as u64,
                blob_version_id: app.blobs.put(&key, bytes, "application/pdf").await?,
                content_sha256: Some(snapshot.content_hash().to_string()),
                updated_at: app.clock.now(),
                ..draft.clone()
            };
            let view = AttachmentView::from(att.clone());
            let event = DomainEvent::new(
                app,
                &dealer.id,
                Some(&case.id),
                Happened::AttachmentReplaced(AttachmentReplaced {
                    attachment: view.clone(),
                    replaced_version: draft.version,
                }),
            );
            Ok(Round::Write(
                Plan::new(Some(view))
                    .write(cases::attachment_write(&dealer.id, Some(&draft), &att)?)
                    .raise(event),
            ))
        },
    )
    .await
}
