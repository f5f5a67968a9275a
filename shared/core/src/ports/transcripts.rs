//! Rendering a thread as a transcript PDF, and the thread snapshot the renderer draws (what
//! Prokeep's connector sends). The renderer (pdf-writer and fonts) lives in its own crate,
//! linked only by the two transcript functions, the local server and the dev CLI.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, FieldError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ThreadState {
    Open,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MessageAttachment {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    pub sender_id: String,
    /// RFC 3339 with offset; kept as sent and parsed by [`ThreadSnapshot::validate`].
    #[schema(format = DateTime)]
    pub sent_at: String,
    #[serde(default)]
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<MessageAttachment>,
}

/// A Prokeep thread as the connector sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ThreadSnapshot {
    pub channel: String,
    /// Prokeep's reference number or subject, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub state: ThreadState,
    #[serde(default)]
    pub participants: Vec<Participant>,
    #[schema(min_items = 1, max_items = 20000)]
    pub messages: Vec<Message>,
}

/// A message whose time has been checked.
#[derive(Debug, Clone)]
pub struct TimedMessage<'a> {
    pub message: &'a Message,
    pub sent_at: jiff::Timestamp,
}

/// Limits that keep a transcript renderable inside one Lambda invocation.
pub(crate) const MAX_MESSAGES: usize = 20_000;
pub(crate) const MAX_BODY_CHARS: usize = 20_000;

impl ThreadSnapshot {
    /// Checks the snapshot and answers its messages in time order. An empty thread is 422;
    /// an unparsable timestamp is 400 naming the message.
    pub fn validate(&self) -> Result<Vec<TimedMessage<'_>>, Error> {
        Ok(self.in_time_order(&self.checked_times()?))
    }

    /// Each message's index and time, in time order.
    fn checked_times(&self) -> Result<Vec<(usize, jiff::Timestamp)>, Error> {
        if self.messages.is_empty() {
            return Err(Error::invalid(vec![FieldError::new(
                "thread.messages",
                "a thread needs at least one message to make a transcript",
            )]));
        }
        if self.messages.len() > MAX_MESSAGES {
            return Err(Error::invalid(vec![FieldError::new(
                "thread.messages",
                format!("at most {MAX_MESSAGES} messages per thread"),
            )]));
        }
        let mut timed = Vec::with_capacity(self.messages.len());
        for (i, m) in self.messages.iter().enumerate() {
            let sent_at = m.sent_at.parse::<jiff::Timestamp>().map_err(|_| {
                Error::bad_field(
                    &format!("thread.messages[{i}].sentAt"),
                    format!(
                        "message {:?} has sentAt {:?}, which is not an RFC 3339 time with an offset (e.g. 2026-11-23T09:30:00-06:00)",
                        m.id, m.sent_at
                    ),
                )
            })?;
            if m.body.chars().count() > MAX_BODY_CHARS {
                return Err(Error::invalid(vec![FieldError::new(
                    format!("thread.messages[{i}].body"),
                    format!("message {:?} is over {MAX_BODY_CHARS} characters", m.id),
                )]));
            }
            timed.push((i, sent_at));
        }
        // Stable: messages sent in the same instant keep the connector's order.
        timed.sort_by_key(|(_, at)| *at);
        Ok(timed)
    }

    fn in_time_order(&self, times: &[(usize, jiff::Timestamp)]) -> Vec<TimedMessage<'_>> {
        times
            .iter()
            .map(|&(i, sent_at)| TimedMessage {
                message: &self.messages[i],
                sent_at,
            })
            .collect()
    }

    /// SHA-256 of the transcript's content (the snapshot as canonical JSON). Unchanged
    /// content means an unchanged transcript, whatever the time it is rendered.
    pub fn content_hash(&self) -> String {
        let bytes = serde_json::to_vec(self).unwrap_or_default();
        hex::encode(Sha256::digest(bytes))
    }

    pub fn participant(&self, id: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.id == id)
    }
}

/// A snapshot checked once, with its content hash: what attaching and closing render from,
/// so neither validates nor hashes the same thread twice.
#[derive(Debug, Clone)]
pub(crate) struct CheckedThread {
    snapshot: ThreadSnapshot,
    times: Vec<(usize, jiff::Timestamp)>,
    hash: String,
}

impl CheckedThread {
    pub fn check(snapshot: ThreadSnapshot) -> Result<Self, Error> {
        let times = snapshot.checked_times()?;
        let hash = snapshot.content_hash();
        Ok(Self {
            snapshot,
            times,
            hash,
        })
    }

    pub fn snapshot(&self) -> &ThreadSnapshot {
        &self.snapshot
    }

    /// The messages in time order.
    pub fn messages(&self) -> Vec<TimedMessage<'_>> {
        self.snapshot.in_time_order(&self.times)
    }

    pub fn content_hash(&self) -> &str {
        &self.hash
    }

    pub(crate) fn is_closed(&self) -> bool {
        self.snapshot.state == ThreadState::Closed
    }
}

/// What the transcript's header and footer say besides the messages.
#[derive(Debug, Clone)]
pub struct TranscriptInfo {
    pub dealer: String,
    pub case: String,
    pub customer: String,
    pub asset: String,
    pub thread_id: String,
    /// IANA zone every time is shown in.
    pub time_zone: String,
    pub is_final: bool,
    pub generated_at: jiff::Timestamp,
    pub content_hash: String,
}

/// A document printed as plain paragraphs (an estimate version): what its pages say on top
/// and at the foot, and its paragraphs in order.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedDocument {
    /// The document's title (its properties).
    pub title: String,
    /// The line on top of every page after the first.
    pub running: String,
    /// The first footer line, before "Page n of m".
    pub footer: String,
    /// The second footer line.
    pub footer2: String,
    /// The document's subject (its properties): what identifies its content.
    pub subject: String,
    pub blocks: Vec<PrintedBlock>,
}

/// One paragraph of a printed document.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedBlock {
    pub text: String,
    pub style: PrintedStyle,
    /// Points from the left margin.
    pub indent: f32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintedStyle {
    Title,
    Heading,
    Body,
    /// Bold body text (a total).
    Strong,
    Small,
}

pub trait TranscriptRenderer: Send + Sync {
    /// The PDF of a document of plain paragraphs (an estimate version).
    fn render_document(&self, doc: &PrintedDocument) -> Result<Vec<u8>, Error>;

    /// The PDF of `thread`; `messages` are its validated messages in time order.
    fn render(
        &self,
        info: &TranscriptInfo,
        thread: &ThreadSnapshot,
        messages: &[TimedMessage<'_>],
    ) -> Result<Vec<u8>, Error>;
}
