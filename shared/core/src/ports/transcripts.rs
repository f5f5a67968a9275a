//! Rendering a thread as a transcript PDF. The renderer (printpdf and fonts) lives in its own
//! crate, linked only by the two transcript functions, the local server and the dev CLI.

use crate::error::Error;
use crate::transcripts::{ThreadSnapshot, TimedMessage, TranscriptInfo};

pub trait TranscriptRenderer: Send + Sync {
    /// The PDF of `thread`; `messages` are its validated messages in time order.
    fn render(
        &self,
        info: &TranscriptInfo,
        thread: &ThreadSnapshot,
        messages: &[TimedMessage<'_>],
    ) -> Result<Vec<u8>, Error>;
}
