//! Files on a case: transcripts and uploads, their versions, visibility and download links.

use super::model::*;
use crate::auth::Caller;
use crate::commit::{commit, Plan, Round};
use crate::error::{Error, Result};
use crate::events::DomainEvent;
use crate::happened::{Happened, VisibilityChanged};
use crate::ids::AttachmentId;
use crate::ids::CaseId;
use crate::ids::DealerId;
use crate::ports::{BlobKey, PageRequest, WriteOp};
use crate::{App, Listing};

use super::service::*;
use super::store;

pub async fn list_attachments(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    page: PageRequest,
) -> Result<Listing<AttachmentView>> {
    let case = load_case(app, &caller.dealer, case_id).await?;
    let listing = store::attachments(app, &caller.dealer, &case.id, page).await?;
    Ok(listing.map(AttachmentView::from))
}

/// An attachment of the dealer's case, if there is one by that id.
pub(crate) async fn find_attachment(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    attachment_id: &AttachmentId,
) -> Result<Option<Attachment>> {
    store::attachment(app, dealer, case_id, attachment_id).await
}

async fn load_attachment(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    attachment_id: &AttachmentId,
) -> Result<Attachment> {
    find_attachment(app, dealer, case_id, attachment_id)
        .await?
        .ok_or_else(|| Error::not_found(format!("attachment {attachment_id} on case {case_id}")))
}

/// The write of a changed attachment, on condition its file is still the one read (so a
/// concurrent replacement is never undone).
pub(crate) fn attachment_write(
    dealer: &DealerId,
    read: Option<&Attachment>,
    att: &Attachment,
) -> Result<WriteOp> {
    store::attachment_op(dealer, att, read)
}

pub async fn set_attachment_visibility(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    attachment_id: &AttachmentId,
    visibility: Visibility,
) -> Result<AttachmentView> {
    commit(app, &format!("attachment {attachment_id}"), || async move {
        let old = load_attachment(app, &caller.dealer, case_id, attachment_id).await?;
        if old.visibility == visibility {
            return Ok(Round::Done(old.into()));
        }
        let mut att = old.clone();
        att.visibility = visibility;
        att.updated_at = app.clock.now();
        let event = DomainEvent::new(
            app,
            &caller.dealer,
            Some(case_id),
            Happened::AttachmentVisibilityChanged(VisibilityChanged {
                attachment_id: att.id.clone(),
                visibility,
                by: author_of(caller),
            }),
        );
        let write = attachment_write(&caller.dealer, Some(&old), &att)?;
        Ok(Round::Write(
            Plan::new(AttachmentView::from(att))
                .write(write)
                .raise(event),
        ))
    })
    .await
}

/// How long a download link stays valid.
pub(crate) const DOWNLOAD_LINK_SECS: u64 = 300;

pub async fn attachment_download_url(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    attachment_id: &AttachmentId,
) -> Result<String> {
    let att = load_attachment(app, &caller.dealer, case_id, attachment_id).await?;
    let key = BlobKey::parse_for(&caller.dealer, &att.blob_key)?;
    Ok(app
        .blobs
        .download_url(
            &key,
            Some(&att.blob_version_id),
            &att.file_name,
            std::time::Duration::from_secs(DOWNLOAD_LINK_SECS),
        )
        .await?)
}

/// Stores a file and records it on the case: one blob PUT, then one transaction
/// (attachment + `attachment.created` event). The case must exist.
pub async fn attach_file(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    file: NewFile,
) -> Result<AttachmentView> {
    let case = load_case(app, dealer, case_id).await?;
    let id = AttachmentId::derived(app.ids.new_id());
    let key = BlobKey::for_dealer(
        dealer,
        &["cases", case.id.as_str(), "attachments", id.as_str()],
    )?;
    let size = file.bytes.len() as u64;
    let version_id = app.blobs.put(&key, file.bytes, &file.content_type).await?;
    let now = app.clock.now();
    let att = Attachment {
        id,
        case_id: case.id.clone(),
        thread_id: file.thread_id,
        file_name: file.file_name,
        content_type: file.content_type,
        version: 1,
        state: file.state,
        visibility: Visibility::Internal,
        size,
        blob_key: key.as_str().to_string(),
        blob_version_id: version_id,
        content_sha256: None,
        created_at: now,
        updated_at: now,
    };
    let view = AttachmentView::from(att.clone());
    let event = DomainEvent::new(
        app,
        dealer,
        Some(&case.id),
        Happened::AttachmentCreated(view.clone()),
    );
    let plan = Plan::new(view)
        .write(attachment_write(dealer, None, &att)?)
        .raise(event);
    crate::commit::commit_once(app, &format!("attachment {}", att.id), plan).await
}
