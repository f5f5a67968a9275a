//! What a photo is: as recorded, as asked for, as the advisor sees it.

use serde::{Deserialize, Serialize};

use crate::cases::Author;
use crate::ids::{CaseId, EstimateId, PhotoId};

/// A photo may be up to 10 MB.
pub const MAX_PHOTO_BYTES: u64 = 10 * 1024 * 1024;
/// What a photo may be.
pub const PHOTO_TYPES: [&str; 4] = ["image/jpeg", "image/png", "image/heic", "image/heif"];
/// How long an upload link works.
pub(crate) const UPLOAD_LINK_SECS: u64 = 10 * 60;
/// How long a link to see a photo works (the page asks again each time it is opened).
pub(crate) const VIEW_LINK_SECS: u64 = 5 * 60;
/// A check later than this after the link expired is of an upload that came too late (S3
/// refuses an expired link's PUT; this holds where the store does not).
pub(crate) const LATE_CHECK_SECS: i64 = 60 * 60;
/// Photos one line may carry.
pub(crate) const MAX_PHOTOS_PER_LINE: usize = 10;
/// The longest caption (it is the photo's alt text).
pub(crate) const MAX_CAPTION_CHARS: usize = 200;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PhotoState {
    /// The upload link is out; nothing checked yet.
    Waiting,
    /// Checked: shown to the customer.
    Ready,
    /// What arrived is not a photo we show (why is recorded).
    Refused,
}

/// A photo as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LinePhoto {
    pub id: PhotoId,
    pub case_id: CaseId,
    pub estimate_id: EstimateId,
    pub line_id: String,
    pub caption: String,
    pub state: PhotoState,
    #[serde(default)]
    pub refused_because: Option<String>,
    #[serde(default)]
    pub content_type: Option<String>,
    #[serde(default)]
    pub size_bytes: Option<u64>,
    /// The blob version shown: the first upload's.
    #[serde(default)]
    pub blob_version: Option<String>,
    pub added_by: Author,
    pub added_at: jiff::Timestamp,
    pub upload_until: jiff::Timestamp,
}

/// `POST …/lines/{lineId}/photos`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PhotoInput {
    /// What the photo shows, in the customer's words; it is the image's alt text.
    #[schema(min_length = 1, max_length = 200)]
    pub caption: String,
}

/// Where to send the photo: `PUT uploadUrl` with the file's `content-type`, before
/// `expiresAt`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhotoUpload {
    #[schema(value_type = String)]
    pub id: PhotoId,
    pub upload_url: String,
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: jiff::Timestamp,
    pub max_bytes: u64,
    pub content_types: Vec<String>,
}

/// Where a photo stands, as the advisor sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum PhotoStatus {
    /// The upload link is out and still works.
    Waiting,
    /// Shown to the customer.
    Ready,
    /// Checked and refused (`reason` says why).
    Refused,
    /// The upload link expired before a photo arrived.
    Expired,
}

/// A photo on a line (`GET …/photos`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct PhotoView {
    #[schema(value_type = String)]
    pub id: PhotoId,
    pub line_id: String,
    pub caption: String,
    pub status: PhotoStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size_bytes: Option<u64>,
    /// A link to see it, for five minutes (ready photos only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub added_by: Author,
    #[schema(value_type = String, format = DateTime)]
    pub added_at: jiff::Timestamp,
}

/// What a check made of an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "camelCase")]
pub enum PhotoChecked {
    Ready,
    Refused {
        reason: String,
    },
    /// Nothing has arrived yet.
    NotYet,
    /// Already checked (a second upload on the same link), or removed since.
    Ignored,
}

/// `GET …/lines/{lineId}/photos`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinePhotos {
    pub items: Vec<PhotoView>,
}
