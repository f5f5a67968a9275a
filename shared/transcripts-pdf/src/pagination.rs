//! Lines onto pages as they come: each line gets its baseline; a page ends above the footer
//! and is handed on to be drawn, so only one page of lines is ever held.

use crate::layout::Line;
use crate::{MARGIN, PAGE_H};

const FOOTER_TOP: f32 = MARGIN + 24.0;
const LEADING: f32 = 1.35;
const TOP: f32 = PAGE_H - MARGIN;
/// Pages after the first start lower, below the running header.
const RUNNING_HEADER: f32 = 14.0;

/// A page: its lines with their baselines (points from the bottom).
pub(crate) type Page = Vec<(f32, Line)>;

/// The page being filled.
pub(crate) struct Paginator {
    page: Page,
    /// The top of the free space left on it.
    y: f32,
}

impl Paginator {
    pub fn new() -> Self {
        Paginator {
            page: Vec::new(),
            y: TOP,
        }
    }

    /// Places `line`; answers the page it filled when it had to start the next one.
    pub fn place(&mut self, line: Line) -> Option<Page> {
        let h = line.size * LEADING;
        let fresh = self.page.is_empty();
        let gap = if fresh { 0.0 } else { line.space_before };
        // A heading needs room for the line after it too (of its size), or it moves on.
        let needed = if line.keep_with_next { 2.0 * h } else { h };
        let mut full = None;
        if self.y - gap - needed < FOOTER_TOP && !fresh {
            full = Some(std::mem::take(&mut self.page));
            self.y = TOP - RUNNING_HEADER;
        } else {
            self.y -= gap;
        }
        self.y -= h;
        self.page.push((self.y + (h - line.size) / 2.0, line));
        full
    }

    /// The last page.
    pub fn finish(self) -> Page {
        self.page
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Face;

    fn line(keep_with_next: bool) -> Line {
        Line {
            text: "x".into(),
            face: Face::Regular,
            size: 10.0,
            x: 0.0,
            space_before: 0.0,
            shaped: None,
            keep_with_next,
        }
    }

    /// Fills a page until exactly one more 10-point line fits.
    fn nearly_full() -> Paginator {
        let mut p = Paginator::new();
        let h = 10.0 * LEADING;
        while p.y - 2.0 * h >= FOOTER_TOP {
            assert!(p.place(line(false)).is_none());
        }
        assert!(p.y - h >= FOOTER_TOP, "one line still fits");
        p
    }

    #[test]
    fn a_sender_line_never_ends_a_page_without_its_first_line_of_text() {
        // Given room for one line: a sender line moves to the next page with its text
        let mut p = nearly_full();
        let full = p.place(line(true));
        assert!(full.is_some(), "the sender line started a new page");
        assert_eq!(p.page.len(), 1);
        assert!(p.place(line(false)).is_none(), "its text follows it there");
        // And an ordinary line takes the last row as before
        let mut p = nearly_full();
        assert!(p.place(line(false)).is_none());
    }
}
