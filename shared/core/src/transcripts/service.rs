use serde::{Deserialize, Serialize};

use super::model::{
    AttachThreadRequest, CloseThreadRequest, ThreadSnapshot, ThreadState, TranscriptInfo,
};
use crate::cases::{self, Attachment, AttachmentState, AttachmentView, Case, Visibility};
use crate::commit::{commit, Plan, Round};
use crate::dealers::Dealer;
use crate::error::{Error, Result};
use crate::events::{AttachmentReplaced, DomainEvent, Happened};
use crate::keys::{self, CaseKeyId, ThreadKeyId};
use crate::ports::{BlobKey, Cond, Item, Order, PageRequest, WriteOp};
use crate::App;

/// What casebridge knows about a Prokeep thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThreadRecord {
    thread_id: String,
    closed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    closed_at: Option<jiff::Timestamp>,
    /// S3 version of the final snapshot, stored when the thread closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    final_snapshot_version: Option<String>,
}

/// Links a thread to a case it is attached to (so a close finds every transcript).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ThreadCaseLink {
    case_id: String,
    attachment_id: String,
}

/// One transcript per (case, thread): its id is derived from the thread, so a second
/// attachment for the pair cannot exist — the key is taken.
pub fn transcript_attachment_id(thread: &ThreadKeyId) -> String {
    format!("thread-{}", thread.as_str())
}

fn snapshot_key(dealer: &Dealer, thread: &ThreadKeyId) -> Result<BlobKey> {
    Ok(BlobKey::for_dealer(
        &dealer.id,
        &["threads", thread.as_str(), "final-snapshot.json"],
    )?)
}

fn pdf_key(dealer: &Dealer, case: &Case, thread: &ThreadKeyId) -> Result<BlobKey> {
    let file = format!("{}.pdf", thread.as_str());
    Ok(BlobKey::for_dealer(
        &dealer.id,
        &["cases", &case.id, "threads", &file],
    )?)
}

async fn thread_record(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadKeyId,
) -> Result<Option<ThreadRecord>> {
    let pk = keys::thread_partition(&dealer.id, thread);
    Ok(match app.store.get(&pk, keys::THREAD_SK).await? {
        Some(item) => Some(item.record()?),
        None => None,
    })
}

async fn final_snapshot(
    app: &App,
    dealer: &Dealer,
    thread: &ThreadKeyId,
    record: &ThreadRecord,
) -> Result<ThreadSnapshot> {
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
    serde_json::from_slice(&blob.bytes).map_err(|e| Error::Internal(format!("final snapshot: {e}")))
}

fn describe_asset(case: &Case) -> String {
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
pub async fn render_for_case(
    app: &App,
    dealer: &Dealer,
    case: &Case,
    thread_id: &str,
    snapshot: &ThreadSnapshot,
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
        content_hash: snapshot.content_hash(),
    };
    let (renderer, snapshot) = (app.transcripts.clone(), snapshot.clone());
    tokio::task::spawn_blocking(move || {
        let messages = snapshot.validate()?;
        renderer.render(&info, &snapshot, &messages)
    })
    .await
    .map_err(|e| Error::Internal(format!("rendering the transcript stopped: {e}")))?
}

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
pub enum AttachDecision {
    /// The transcript is final already, or shows this content in this state: leave it.
    Keep,
    /// Render and store a new version (or the first one), draft or final.
    Render { is_final: bool },
}

/// A final transcript is never replaced by a draft; the same content in the same state is
/// not rendered again.
pub fn decide_attach(existing: Option<&Attachment>, hash: &str, is_final: bool) -> AttachDecision {
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
    thread_id: &str,
    req: AttachThreadRequest,
) -> Result<AttachOutcome> {
    let thread = ThreadKeyId::parse(thread_id)?;
    req.thread.validate()?;
    let case = cases::load_case(app, &dealer.id, &req.case_id).await?;
    let (thread, case, req) = (&thread, &case, &req);
    commit(app, &format!("thread {thread_id}"), || async move {
        let record = thread_record(app, dealer, thread).await?;
        let (snapshot, is_final) = match &record {
            Some(r) if r.closed => (final_snapshot(app, dealer, thread, r).await?, true),
            _ => (req.thread.clone(), req.thread.state == ThreadState::Closed),
        };
        let hash = snapshot.content_hash();
        let att_id = transcript_attachment_id(thread);
        let existing = cases::find_attachment(app, &dealer.id, &case.id, &att_id).await?;
        if let (AttachDecision::Keep, Some(a)) =
            (decide_attach(existing.as_ref(), &hash, is_final), &existing)
        {
            return Ok(Round::Done(AttachOutcome {
                attachment: a.clone().into(),
                created: false,
                changed: false,
            }));
        }
        let bytes =
            render_for_case(app, dealer, case, thread.as_str(), &snapshot, is_final).await?;
        let key = pdf_key(dealer, case, thread)?;
        let size = bytes.len() as u64;
        let version_id = app.blobs.put(&key, bytes, "application/pdf").await?;
        let now = app.clock.now();
        let state = if is_final {
            AttachmentState::Final
        } else {
            AttachmentState::Draft
        };
        let att = Attachment {
            id: att_id.clone(),
            case_id: case.id.clone(),
            thread_id: Some(thread.as_str().to_string()),
            file_name: format!("prokeep-thread-{}.pdf", thread.as_str()),
            content_type: "application/pdf".into(),
            version: existing.as_ref().map_or(1, |a| a.version + 1),
            state,
            visibility: existing
                .as_ref()
                .map_or(Visibility::Internal, |a| a.visibility),
            size,
            blob_key: key.as_str().to_string(),
            blob_version_id: version_id,
            content_sha256: Some(hash),
            created_at: existing.as_ref().map_or(now, |a| a.created_at),
            updated_at: now,
        };
        let view = AttachmentView::from(att.clone());
        let happened = match &existing {
            None => Happened::AttachmentCreated(view.clone()),
            Some(old) if state == AttachmentState::Final => {
                Happened::AttachmentReplaced(AttachmentReplaced {
                    attachment: view.clone(),
                    replaced_version: old.version,
                })
            }
            Some(_) => Happened::AttachmentUpdated(view.clone()),
        };
        let event = DomainEvent::new(app, &dealer.id, Some(&case.id), happened);
        let thread_pk = keys::thread_partition(&dealer.id, thread);
        // The thread must still be as we read it: a close in between means this round's
        // PDF is stale, and the retry renders the final one.
        let thread_op = match &record {
            None => WriteOp::put_if(
                Item::from_record(
                    &thread_pk,
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
                pk: thread_pk.clone(),
                sk: keys::THREAD_SK.into(),
                cond: Cond::AttrEquals("closed".into(), r.closed.into()),
            },
        };
        let link = ThreadCaseLink {
            case_id: case.id.clone(),
            attachment_id: att_id,
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
                .write(WriteOp::put(Item::from_record(
                    &thread_pk,
                    keys::thread_case_sk(&CaseKeyId::parse(&case.id)?),
                    &link,
                )?))
                .write(thread_op)
                .raise(event),
        ))
    })
    .await
}

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
    thread_id: &str,
    req: CloseThreadRequest,
) -> Result<CloseOutcome> {
    let thread = ThreadKeyId::parse(thread_id)?;
    let mut snapshot = req.thread;
    snapshot.state = ThreadState::Closed;
    snapshot.validate()?;
    let thread_pk = keys::thread_partition(&dealer.id, &thread);
    let (thread, snapshot, thread_pk) = (&thread, &snapshot, &thread_pk);
    let (record, snapshot) = commit(app, &format!("thread {thread_id}"), || async move {
        let record = thread_record(app, dealer, thread).await?;
        if let Some(r) = record.as_ref().filter(|r| r.closed) {
            let kept = final_snapshot(app, dealer, thread, r).await?;
            return Ok(Round::Done((r.clone(), kept)));
        }
        let bytes = serde_json::to_vec(snapshot).map_err(|e| Error::Internal(e.to_string()))?;
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
        let cond = if record.is_some() {
            Cond::AttrEquals("closed".into(), false.into())
        } else {
            Cond::NotExists
        };
        let write = WriteOp::put_if(Item::from_record(thread_pk, keys::THREAD_SK, &r)?, cond);
        Ok(Round::Write(Plan::new((r, snapshot.clone())).write(write)))
    })
    .await?;
    let mut attachments = Vec::new();
    let mut page = PageRequest::first(100, Order::Ascending);
    loop {
        let links = app
            .store
            .query(thread_pk, keys::THREAD_CASE_PREFIX, page.clone())
            .await?;
        for item in &links.items {
            let link: ThreadCaseLink = item.record()?;
            if let Some(view) = finalize(app, dealer, thread, &link, &snapshot).await? {
                attachments.push(view);
            }
        }
        match links.next {
            Some(n) => page.after = Some(n),
            None => break,
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
    thread: &ThreadKeyId,
    link: &ThreadCaseLink,
    snapshot: &ThreadSnapshot,
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
                content_sha256: Some(snapshot.content_hash()),
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

/// Renders a thread file without a server (`casebridge render`): the file holds a thread
/// snapshot, or an attach / close body with a `thread` in it.
pub fn render_file(
    renderer: &dyn crate::ports::TranscriptRenderer,
    json_bytes: &[u8],
    thread_id: &str,
    time_zone: &str,
    now: jiff::Timestamp,
) -> Result<Vec<u8>> {
    // An attach or close body (`{"caseId"?, "thread"}`), else a bare snapshot; read once,
    // straight into the snapshot (a JSON tree of a big thread cost more than its PDF).
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    struct Wrapped {
        #[serde(default)]
        case_id: Option<String>,
        thread: ThreadSnapshot,
    }
    let (case_id, snapshot) = match crate::json::parse::<Wrapped>(json_bytes) {
        Ok(w) => (w.case_id, w.thread),
        Err(Error::BadRequest { errors, .. })
            if errors
                .iter()
                .all(|e| !e.field.starts_with("thread") && e.field != "caseId") =>
        {
            (None, crate::json::parse::<ThreadSnapshot>(json_bytes)?)
        }
        Err(e) => return Err(e),
    };
    let case_id = case_id.unwrap_or_else(|| "(not attached)".to_string());
    let messages = snapshot.validate()?;
    let info = TranscriptInfo {
        dealer: "(rendered locally)".into(),
        case: case_id,
        customer: "—".into(),
        asset: "—".into(),
        thread_id: thread_id.to_string(),
        time_zone: time_zone.to_string(),
        is_final: snapshot.state == ThreadState::Closed,
        generated_at: now,
        content_hash: snapshot.content_hash(),
    };
    if jiff::tz::TimeZone::get(time_zone).is_err() {
        return Err(Error::bad_field(
            "timeZone",
            format!("{time_zone:?} is not an IANA time zone"),
        ));
    }
    renderer.render(&info, &snapshot, &messages)
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
            case_id: "c1".into(),
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
