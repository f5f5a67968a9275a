//! Conversation transcripts: a Prokeep thread rendered as a PDF and put on a case.
//!
//! One transcript per (case, thread), internal by default. While the thread is open the
//! transcript is a draft; when the thread closes, the draft is replaced by the final PDF —
//! the same attachment with a new version, the draft kept as the older blob version. The
//! thread's closed state is recorded, so an attach that arrives after the close produces the
//! final PDF directly, and every write is conditional, so duplicated and racing closes and
//! attaches still end with exactly one final transcript per (case, thread).
//!
//! The PDF itself is drawn behind the [`crate::ports::TranscriptRenderer`] port
//! (`casebridge-transcripts-pdf`), so only the functions that render link the PDF stack.
//!
//! Files: `attach` and `close` are the two steps; `service` is what they share (the thread's
//! records and keys, rendering for a case); `model` the input. Rendering a file without a
//! server is `casebridge_transcripts_pdf::render_file`.

mod attach;
mod close;
mod model;
mod service;
mod store;

pub use attach::*;
pub use close::*;
pub use model::*;
