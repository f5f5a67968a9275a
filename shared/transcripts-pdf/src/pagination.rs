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
        let mut full = None;
        if self.y - gap - h < FOOTER_TOP && !fresh {
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
