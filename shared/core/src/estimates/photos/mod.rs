//! Photos on an estimate's lines: the technician's picture of the tyre bulge, shown to the
//! customer under the line it explains.
//!
//! The advisor asks for an upload link (`POST …/lines/{lineId}/photos`), then `PUT`s the
//! file to it straight into the blob store (S3's presigned PUT in AWS; the local server's
//! signed upload route locally), so a 10 MB photo never passes the API's 6 MB gateway. What
//! arrived is checked once, after the upload (S3's notification in AWS, the upload route
//! locally): its size, its declared type and its first bytes. The first upload is the one
//! kept — the link works for minutes, and a second `PUT` on it changes nothing shown.

mod check;
mod model;
mod store;

pub(crate) use check::check;
pub use check::check_upload;
pub use model::*;

use crate::auth::Caller;
use crate::cases;
use crate::error::{Error, FieldError, Result};
use crate::ids::{CaseId, DealerId, EstimateId, PhotoId};
use crate::ports::BlobKey;
use crate::App;

pub(crate) fn blob_key(dealer: &DealerId, p: &LinePhoto) -> Result<BlobKey> {
    Ok(BlobKey::for_dealer(
        dealer,
        &[
            "cases",
            p.case_id.as_str(),
            "estimates",
            p.estimate_id.as_str(),
            "photos",
            p.id.as_str(),
        ],
    )?)
}

/// The photo a blob key names (`dealers/<d>/cases/<c>/estimates/<e>/photos/<p>`).
pub(crate) fn photo_of_key(raw: &str) -> Option<(DealerId, CaseId, EstimateId, PhotoId)> {
    match raw.split('/').collect::<Vec<_>>()[..] {
        ["dealers", d, "cases", c, "estimates", e, "photos", p] => Some((
            DealerId::parse(d).ok()?,
            CaseId::parse(c).ok()?,
            EstimateId::parse(e).ok()?,
            PhotoId::parse(p).ok()?,
        )),
        _ => None,
    }
}

fn caption_of(input: &PhotoInput) -> Result<String> {
    let caption = input.caption.trim();
    let chars = caption.chars().count();
    if chars == 0 || chars > MAX_CAPTION_CHARS {
        return Err(Error::invalid(vec![FieldError::new(
            "caption",
            format!("say what the photo shows in 1 to {MAX_CAPTION_CHARS} characters (the customer's screen reader reads it)"),
        )]));
    }
    Ok(caption.to_string())
}

/// The line, on an estimate of the caller's dealer.
async fn line_of(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    line_id: &str,
) -> Result<()> {
    let e = crate::estimates::store::load(app, dealer, case_id, estimate_id).await?;
    if !e.lines.iter().any(|l| l.id == line_id) {
        return Err(Error::not_found(format!("line {line_id} on this estimate")));
    }
    Ok(())
}

/// `POST /v1/cases/{caseId}/estimates/{estimateId}/lines/{lineId}/photos`: a photo to come,
/// and where to send it.
pub async fn add_photo(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    line_id: &str,
    input: PhotoInput,
) -> Result<PhotoUpload> {
    super::service::may_write(caller)?;
    let caption = caption_of(&input)?;
    let dealer = &caller.dealer;
    line_of(app, dealer, case_id, estimate_id, line_id).await?;
    let on_line = store::estimate_photos(app, dealer, case_id, estimate_id)
        .await?
        .into_iter()
        .filter(|p| p.line_id == line_id && p.state != PhotoState::Refused)
        .count();
    if on_line >= MAX_PHOTOS_PER_LINE {
        return Err(Error::Conflict(format!(
            "this line has {MAX_PHOTOS_PER_LINE} photos already; remove one to add another"
        )));
    }
    let now = app.clock.now();
    let expires_at = now + std::time::Duration::from_secs(UPLOAD_LINK_SECS);
    let photo = LinePhoto {
        id: PhotoId::derived(app.ids.new_id()),
        case_id: case_id.clone(),
        estimate_id: estimate_id.clone(),
        line_id: line_id.to_string(),
        caption,
        state: PhotoState::Waiting,
        refused_because: None,
        content_type: None,
        size_bytes: None,
        blob_version: None,
        added_by: cases::author_of(caller),
        added_at: now,
        upload_until: expires_at,
    };
    let upload_url = app
        .blobs
        .upload_url(
            &blob_key(dealer, &photo)?,
            std::time::Duration::from_secs(UPLOAD_LINK_SECS),
        )
        .await?;
    store::add_photo(app, dealer, &photo).await?;
    Ok(PhotoUpload {
        id: photo.id,
        upload_url,
        expires_at,
        max_bytes: MAX_PHOTO_BYTES,
        content_types: PHOTO_TYPES.iter().map(|t| t.to_string()).collect(),
    })
}

/// `GET …/lines/{lineId}/photos`: the line's photos, oldest first. A photo still waiting is
/// checked on the way (a lost upload notification does not leave it waiting for ever).
pub async fn line_photos(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    line_id: &str,
) -> Result<Vec<PhotoView>> {
    let dealer = &caller.dealer;
    line_of(app, dealer, case_id, estimate_id, line_id).await?;
    let mut views = Vec::new();
    for mut p in store::estimate_photos(app, dealer, case_id, estimate_id).await? {
        if p.line_id != line_id {
            continue;
        }
        if p.state == PhotoState::Waiting {
            p = match check(app, dealer, &p).await? {
                (_, Some(settled)) => settled,
                // Another check settled it first: as it recorded it.
                (PhotoChecked::Ignored, None) => {
                    store::load_photo(app, dealer, case_id, estimate_id, &p.id)
                        .await?
                        .unwrap_or(p)
                }
                (_, None) => p,
            };
        }
        views.push(view_of(app, dealer, p).await?);
    }
    Ok(views)
}

async fn view_of(app: &App, dealer: &DealerId, p: LinePhoto) -> Result<PhotoView> {
    let status = match p.state {
        PhotoState::Ready => PhotoStatus::Ready,
        PhotoState::Refused => PhotoStatus::Refused,
        PhotoState::Waiting if app.clock.now() > p.upload_until => PhotoStatus::Expired,
        PhotoState::Waiting => PhotoStatus::Waiting,
    };
    let url = view_link(app, dealer, &p).await?;
    let reason = match status {
        PhotoStatus::Expired => Some("the upload link expired before a photo arrived".into()),
        _ => p.refused_because,
    };
    Ok(PhotoView {
        id: p.id,
        line_id: p.line_id,
        caption: p.caption,
        status,
        reason,
        content_type: p.content_type,
        size_bytes: p.size_bytes,
        url,
        added_by: p.added_by,
        added_at: p.added_at,
    })
}

/// `DELETE …/photos/{photoId}`: the photo is gone from the page and from the store.
pub async fn remove_photo(
    app: &App,
    caller: &Caller,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    line_id: &str,
    photo_id: &PhotoId,
) -> Result<()> {
    super::service::may_write(caller)?;
    let dealer = &caller.dealer;
    let p = store::load_photo(app, dealer, case_id, estimate_id, photo_id)
        .await?
        .filter(|p| p.line_id == line_id)
        .ok_or_else(|| Error::not_found(format!("photo {photo_id}")))?;
    // The file first: a retry after a failure finds the record and tries again.
    app.blobs.delete(&blob_key(dealer, &p)?).await?;
    store::remove_photo(app, dealer, &p).await
}

/// A link to see a ready photo for a few minutes; none for a photo not ready.
async fn view_link(app: &App, dealer: &DealerId, p: &LinePhoto) -> Result<Option<String>> {
    let (PhotoState::Ready, Some(version)) = (p.state, &p.blob_version) else {
        return Ok(None);
    };
    let key = blob_key(dealer, p)?;
    let lasts = std::time::Duration::from_secs(VIEW_LINK_SECS);
    Ok(Some(app.blobs.inline_url(&key, version, lasts).await?))
}

/// The ready photos of an estimate, for the customer's page, oldest first.
pub(crate) async fn shown_photos(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
) -> Result<Vec<LinePhoto>> {
    let mut photos = store::estimate_photos(app, dealer, case_id, estimate_id).await?;
    photos.retain(|p| p.state == PhotoState::Ready);
    Ok(photos)
}

/// A short-lived link to one ready photo of an estimate of `case_id`.
pub(crate) async fn photo_link(
    app: &App,
    dealer: &DealerId,
    case_id: &CaseId,
    estimate_id: &EstimateId,
    photo_id: &PhotoId,
) -> Result<String> {
    let not_here = || Error::not_found("this photo");
    let p = store::load_photo(app, dealer, case_id, estimate_id, photo_id)
        .await?
        .ok_or_else(not_here)?;
    view_link(app, dealer, &p).await?.ok_or_else(not_here)
}
