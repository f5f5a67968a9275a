//! Attaching a thread to a case: the transcript as a draft while the thread is open, final
//! once it is closed; one attachment per (case, thread).

use std::sync::Arc;

use super::model::{AttachThreadRequest, CheckedThread};
use super::service::{
    final_snapshot, pdf_key, render_for_case, thread_record, transcript_attachment_id,
    ThreadCaseLink,
};
use crate::cases::{self, Attachment, AttachmentState, AttachmentView, Case, Visibility};
use crate::commit::{commit, Plan, Round};
use crate::dealers::Dealer;
use crate::error::Result;
use crate::events::DomainEvent;
use crate::happened::{AttachmentReplaced, Happened};
use crate::ids::{CaseId, ThreadId};
use crate::ports::BlobKey;
use crate::App;

use super::store;
use serde::Serialize;

/// What an attach did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachOutcome {
    #[serde(flatten)]
    pub attachment: AttachmentView,
    /// True when this call created the case's transcript of the thread.
    pub created: bool,
    /// True when a new PDF version was stored.
    pub changed: bool,
}

/// What an attach must do, given what is stored.
#[derive(Debug, PartialEq)]
pub(crate) enum AttachDecision {
    /// The transcript is final already, or shows this content in this state: leave it.
    Keep,
    /// Render and store a new version (or the first one), draft or final.
    Render { is_final: bool },
}

/// A final transcript is never replaced by a draft; the same content in the same state is
/// not rendered again.
pub(crate) fn decide_attach(
    existing: Option<&Attachment>,
    hash: &str,
    is_final: bool,
) -> AttachDecision {
    match existing {
        Some(a) if a.state == AttachmentState::Final => AttachDecision::Keep,
        Some(a)
            if a.content_sha256.as_deref() == Some(hash)
                && (a.state == AttachmentState::Final) == is_final =>
        {
            AttachDecision::Keep
        }
        _ => AttachDecision::Render { is_final },
    }
}

/// Puts the thread's transcript on the case: a draft while the thread is open, the final
/// one once it is closed (also when the close arrived before this attach). Attaching the
/// same thread to the same case again updates that one attachment, with a new version only
/// if the content changed; a final transcript is never replaced by a draft.
///
/// Each round is one blob PUT and one store transaction; a lost race is retried.
pub async fn attach_thread(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadId,
    req: AttachThreadRequest,
) -> Result<AttachOutcome> {
    let sent = Arc::new(CheckedThread::check(req.thread)?);
    let case = cases::load_case(app, &dealer.id, &CaseId::parse(&req.case_id)?).await?;
    let (thread, case, sent) = (&thread, &case, &sent);
    commit(app, &format!("thread {thread}"), || {
        attach_round(app, dealer, thread, case, sent)
    })
    .await
}

/// One round: the transcript kept as it is, or rendered, stored and written with the
/// thread's state as it was read.
async fn attach_round(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadId,
    case: &Case,
    sent: &Arc<CheckedThread>,
) -> Result<Round<AttachOutcome>> {
    let record = thread_record(app, dealer, thread).await?;
    let (snapshot, is_final) = match &record {
        Some(r) if r.closed => (final_snapshot(app, dealer, thread, r).await?, true),
        _ => (Arc::clone(sent), sent.is_closed()),
    };
    let hash = snapshot.content_hash();
    let att_id = transcript_attachment_id(thread);
    let existing = cases::find_attachment(app, &dealer.id, &case.id, &att_id).await?;
    if let (AttachDecision::Keep, Some(a)) =
        (decide_attach(existing.as_ref(), hash, is_final), &existing)
    {
        return Ok(Round::Done(AttachOutcome {
            attachment: a.clone().into(),
            created: false,
            changed: false,
        }));
    }
    let stored = store_pdf(app, dealer, case, thread, &snapshot, is_final).await?;
    let att = transcript(case, thread, existing.as_ref(), stored, app.clock.now());
    let view = AttachmentView::from(att.clone());
    let event = DomainEvent::new(
        app,
        &dealer.id,
        Some(&case.id),
        happened(existing.as_ref(), &att, view.clone()),
    );
    // The thread must still be as we read it: a close in between means this round's
    // PDF is stale, and the retry renders the final one.
    let thread_op = store::attach_op(dealer, thread, record.as_ref())?;
    let link = ThreadCaseLink {
        case_id: case.id.clone(),
        attachment_id: att.id.clone(),
    };
    let outcome = AttachOutcome {
        attachment: view,
        created: existing.is_none(),
        changed: true,
    };
    Ok(Round::Write(
        Plan::new(outcome)
            .write(cases::attachment_write(
                &dealer.id,
                existing.as_ref(),
                &att,
            )?)
            .write(store::link_op(dealer, thread, &link)?)
            .write(thread_op)
            .raise(event),
    ))
}

/// A transcript PDF just stored, and what it shows.
struct StoredPdf {
    key: BlobKey,
    version_id: String,
    size: u64,
    hash: String,
    is_final: bool,
}

/// Renders the transcript and stores it as the case's PDF of the thread (a new version).
async fn store_pdf(
    app: &App,
    dealer: &Dealer,
    case: &Case,
    thread: &ThreadId,
    snapshot: &Arc<CheckedThread>,
    is_final: bool,
) -> Result<StoredPdf> {
    let bytes = render_for_case(app, dealer, case, thread.as_str(), snapshot, is_final).await?;
    let key = pdf_key(dealer, case, thread)?;
    Ok(StoredPdf {
        size: bytes.len() as u64,
        version_id: app.blobs.put(&key, bytes, "application/pdf").await?,
        key,
        hash: snapshot.content_hash().to_string(),
        is_final,
    })
}

/// The case's transcript of the thread after storing `pdf`: a new version of the one that
/// was there (keeping its id, visibility and first date), or the first one.
fn transcript(
    case: &Case,
    thread: &ThreadId,
    existing: Option<&Attachment>,
    pdf: StoredPdf,
    now: jiff::Timestamp,
) -> Attachment {
    Attachment {
        id: transcript_attachment_id(thread),
        case_id: case.id.clone(),
        thread_id: Some(thread.as_str().to_string()),
        file_name: format!("prokeep-thread-{}.pdf", thread.as_str()),
        content_type: "application/pdf".into(),
        version: existing.map_or(1, |a| a.version + 1),
        state: if pdf.is_final {
            AttachmentState::Final
        } else {
            AttachmentState::Draft
        },
        visibility: existing.map_or(Visibility::Internal, |a| a.visibility),
        size: pdf.size,
        blob_key: pdf.key.as_str().to_string(),
        blob_version_id: pdf.version_id,
        content_sha256: Some(pdf.hash),
        created_at: existing.map_or(now, |a| a.created_at),
        updated_at: now,
    }
}

/// Created, updated (a new draft), or replaced (the final transcript over a draft).
fn happened(existing: Option<&Attachment>, att: &Attachment, view: AttachmentView) -> Happened {
    match existing {
        None => Happened::AttachmentCreated(view),
        Some(old) if att.state == AttachmentState::Final => {
            Happened::AttachmentReplaced(AttachmentReplaced {
                attachment: view,
                replaced_version: old.version,
            })
        }
        Some(_) => Happened::AttachmentUpdated(view),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachment(state: AttachmentState, hash: &str) -> Attachment {
        let at = "2026-11-23T09:00:00Z"
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        Attachment {
            id: "thread-t1".into(),
            case_id: CaseId::parse("c1").unwrap_or_else(|e| panic!("{e}")),
            thread_id: Some("t1".into()),
            file_name: "t.pdf".into(),
            content_type: "application/pdf".into(),
            version: 1,
            state,
            visibility: Visibility::Internal,
            size: 1,
            blob_key: "dealers/d1/x".into(),
            blob_version_id: "v1".into(),
            content_sha256: Some(hash.into()),
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_final_transcript_is_never_replaced_and_unchanged_content_is_not_rendered_again() {
        let draft = attachment(AttachmentState::Draft, "h1");
        let fin = attachment(AttachmentState::Final, "h1");
        assert_eq!(
            decide_attach(None, "h1", false),
            AttachDecision::Render { is_final: false }
        );
        assert_eq!(
            decide_attach(Some(&draft), "h1", false),
            AttachDecision::Keep
        );
        assert_eq!(
            decide_attach(Some(&draft), "h2", false),
            AttachDecision::Render { is_final: false }
        );
        assert_eq!(
            decide_attach(Some(&draft), "h1", true),
            AttachDecision::Render { is_final: true }
        );
        assert_eq!(decide_attach(Some(&fin), "h2", false), AttachDecision::Keep);
        assert_eq!(decide_attach(Some(&fin), "h2", true), AttachDecision::Keep);
    }
}
