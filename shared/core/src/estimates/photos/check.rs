//! The one check of an upload: size, declared type, first bytes; the first upload kept.

use super::model::*;
use super::store;
use super::{blob_key, photo_of_key};
use crate::error::{Error, Result};
use crate::ids::DealerId;
use crate::App;

/// Checks what was uploaded under `raw_key` (what S3's notification names, or the local
/// upload route), once: the first upload is kept or refused; later ones are ignored.
pub async fn check_upload(app: &App, raw_key: &str) -> Result<PhotoChecked> {
    let Some((dealer, case_id, estimate_id, photo_id)) = photo_of_key(raw_key) else {
        return Err(Error::bad_field("key", "not an estimate photo's key"));
    };
    match store::load_photo(app, &dealer, &case_id, &estimate_id, &photo_id).await? {
        Some(p) if p.state == PhotoState::Waiting => Ok(check(app, &dealer, &p).await?.0),
        _ => Ok(PhotoChecked::Ignored),
    }
}

/// Checks a waiting photo's first upload; answers the outcome and, when this check settled
/// it, the photo as now recorded.
pub(crate) async fn check(
    app: &App,
    dealer: &DealerId,
    p: &LinePhoto,
) -> Result<(PhotoChecked, Option<LinePhoto>)> {
    let key = blob_key(dealer, p)?;
    let versions = app.blobs.versions(&key).await?;
    // Newest first: the last is the first upload, the one kept.
    let Some(first) = versions.last() else {
        return Ok((PhotoChecked::NotYet, None));
    };
    let late =
        app.clock.now() > p.upload_until + std::time::Duration::from_secs(LATE_CHECK_SECS as u64);
    let verdict = if late {
        Err("it arrived after its upload link had expired; ask for a new link".to_string())
    } else if first.size > MAX_PHOTO_BYTES {
        Err(format!(
            "it is {:.1} MB; a photo may be up to 10 MB",
            first.size as f64 / (1024.0 * 1024.0)
        ))
    } else {
        match app.blobs.get(&key, Some(&first.version_id)).await? {
            Some(blob) => judge(&blob.content_type, &blob.bytes),
            None => return Ok((PhotoChecked::NotYet, None)),
        }
    };
    let mut settled = p.clone();
    let outcome = match verdict {
        Ok(content_type) => {
            settled.state = PhotoState::Ready;
            settled.content_type = Some(content_type);
            settled.size_bytes = Some(first.size);
            settled.blob_version = Some(first.version_id.clone());
            PhotoChecked::Ready
        }
        Err(reason) => {
            settled.state = PhotoState::Refused;
            settled.refused_because = Some(reason.clone());
            PhotoChecked::Refused { reason }
        }
    };
    if !store::settle_photo(app, dealer, &settled).await? {
        return Ok((PhotoChecked::Ignored, None));
    }
    if settled.state == PhotoState::Refused {
        // Nothing refused stays in the dealer's bucket.
        app.blobs.delete(&key).await?;
    }
    Ok((outcome, Some(settled)))
}

/// The photo's type if what it says it is and what its first bytes are agree on one we
/// show; else why not, in words for the advisor.
fn judge(declared: &str, bytes: &[u8]) -> std::result::Result<String, String> {
    let declared = declared
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !PHOTO_TYPES.contains(&declared.as_str()) {
        return Err(format!(
            "it was sent as {declared:?}; a photo must be a JPEG, PNG or HEIC image"
        ));
    }
    let is = match declared.as_str() {
        "image/jpeg" => infer::image::is_jpeg(bytes),
        "image/png" => infer::image::is_png(bytes),
        _ => infer::image::is_heif(bytes),
    };
    if !is {
        return Err(format!(
            "it was sent as {declared} but is not one (its first bytes say otherwise)"
        ));
    }
    Ok(declared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_is_what_it_says_and_what_its_bytes_say() {
        let jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10];
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        assert_eq!(judge("image/jpeg", &jpeg), Ok("image/jpeg".into()));
        assert_eq!(judge("IMAGE/PNG; x=1", &png), Ok("image/png".into()));
        assert!(
            judge("image/jpeg", &png).is_err(),
            "declared JPEG, is a PNG"
        );
        assert!(judge("image/png", b"%PDF-1.7").is_err());
        assert!(judge("application/pdf", b"%PDF-1.7").is_err());
        assert!(judge("image/gif", b"GIF89a").is_err());
        // An iPhone's HEIC: an ISO-BMFF `ftyp` box with the `heic` brand.
        let mut heic = vec![0, 0, 0, 0x18];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        assert_eq!(judge("image/heic", &heic), Ok("image/heic".into()));
    }

    #[test]
    fn only_a_photo_key_names_a_photo() {
        assert!(photo_of_key("dealers/d1/cases/c1/estimates/e1/photos/p1").is_some());
        assert!(photo_of_key("dealers/d1/cases/c1/attachments/a1").is_none());
        assert!(photo_of_key("dealers/d#1/cases/c1/estimates/e1/photos/p1").is_none());
        assert!(photo_of_key("dealers/d1/cases/c1/estimates/e1/photos/p1/x").is_none());
    }
}
