//! A printed document (an estimate version) as wrapped lines: each paragraph in its style, a
//! heading kept with the line after it.

use casebridge_core::ports::{PrintedDocument, PrintedStyle};
use casebridge_core::Error;

use crate::layout::{LineSink, Lines, BODY_SIZE};
use crate::text::{Face, Measures};

pub(crate) fn lay_out(
    doc: &PrintedDocument,
    measures: &mut Measures,
    sink: &mut impl LineSink,
) -> Result<(), Error> {
    let mut lines = Lines {
        count: 0,
        keep_next: false,
        measures,
        sink,
    };
    for b in &doc.blocks {
        let (face, size, space_before) = match b.style {
            PrintedStyle::Title => (Face::Bold, 16.0, 0.0),
            PrintedStyle::Heading => (Face::Bold, 12.0, 12.0),
            PrintedStyle::Body => (Face::Regular, BODY_SIZE, 2.0),
            PrintedStyle::Strong => (Face::Bold, BODY_SIZE, 2.0),
            PrintedStyle::Small => (Face::Regular, 8.5, 2.0),
        };
        lines.keep_next = b.style == PrintedStyle::Heading;
        lines.push(face, &b.text, size, b.indent, space_before)?;
    }
    Ok(())
}
