//! An attachment's record (a transcript or an upload, its versions and visibility) and what
//! a client sends about one.

use serde::{Deserialize, Serialize};

use super::Visibility;
use crate::ids::{AttachmentId, CaseId};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentState {
    Draft,
    Final,
}

/// The stored attachment. The API shows [`AttachmentView`] (no storage internals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attachment {
    #[schema(value_type = String)]
    pub id: AttachmentId,
    #[schema(value_type = String)]
    pub case_id: CaseId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    pub file_name: String,
    pub content_type: String,
    /// 1 for the first file, +1 for each replacement.
    pub version: u32,
    pub state: AttachmentState,
    pub visibility: Visibility,
    pub size: u64,
    pub blob_key: String,
    pub blob_version_id: String,
    /// SHA-256 of what the file shows (for transcripts: the thread's content).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_sha256: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
}

/// An attachment as Case users see it (no storage internals).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentView {
    #[schema(value_type = String)]
    pub id: AttachmentId,
    #[schema(value_type = String)]
    pub case_id: CaseId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    pub file_name: String,
    pub content_type: String,
    pub version: u32,
    pub state: AttachmentState,
    pub visibility: Visibility,
    pub size: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_sha256: Option<String>,
    #[schema(value_type = String, format = DateTime)]
    pub created_at: jiff::Timestamp,
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: jiff::Timestamp,
}

impl From<Attachment> for AttachmentView {
    fn from(a: Attachment) -> Self {
        AttachmentView {
            id: a.id,
            case_id: a.case_id,
            thread_id: a.thread_id,
            file_name: a.file_name,
            content_type: a.content_type,
            version: a.version,
            state: a.state,
            visibility: a.visibility,
            size: a.size,
            content_sha256: a.content_sha256,
            created_at: a.created_at,
            updated_at: a.updated_at,
        }
    }
}

/// A file to put on a case (transcripts, later uploads).
#[derive(Debug, Clone)]
pub struct NewFile {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub thread_id: Option<String>,
    pub state: AttachmentState,
}

/// `PATCH /v1/cases/{caseId}/attachments/{attachmentId}`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentPatch {
    pub visibility: Visibility,
}

/// `Content-Disposition` for downloading an attachment; the file name is reduced to safe
/// characters (it comes from a partner and ends up in a header).
pub fn attachment_disposition(file_name: &str) -> String {
    let safe: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("attachment; filename=\"{safe}\"")
}
