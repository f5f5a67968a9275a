//! What the connector sends: a case to attach a thread to, and a closed thread. The thread
//! snapshot itself is the renderer's input, so it is the port's vocabulary
//! ([`crate::ports::transcripts`]).

use serde::Deserialize;

pub use crate::ports::transcripts::*;

/// `POST /v1/prokeep/threads/{threadId}/attachments`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AttachThreadRequest {
    pub case_id: String,
    pub thread: ThreadSnapshot,
}

/// `POST /v1/prokeep/threads/{threadId}/close`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CloseThreadRequest {
    pub thread: ThreadSnapshot,
}
