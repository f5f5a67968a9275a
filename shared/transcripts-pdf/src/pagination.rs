//! Lines onto pages: each line gets its baseline; a page ends above the footer.

use crate::layout::Line;
use crate::{MARGIN, PAGE_H};

const FOOTER_TOP: f32 = MARGIN + 24.0;
const LEADING: f32 = 1.35;
/// Pages after the first start lower, below the running header.
const RUNNING_HEADER: f32 = 14.0;

/// A page: its lines with their baselines (points from the bottom).
pub(crate) type Page = Vec<(f32, Line)>;

pub(crate) fn paginate(lines: Vec<Line>) -> Vec<Page> {
    let top = PAGE_H - MARGIN;
    let mut pages: Vec<Page> = vec![Vec::new()];
    let mut y = top;
    for line in lines {
        let h = line.size * LEADING;
        let fresh = pages.last().map(|p| p.is_empty()).unwrap_or(true);
        let gap = if fresh { 0.0 } else { line.space_before };
        if y - gap - h < FOOTER_TOP && !fresh {
            pages.push(Vec::new());
            y = top - RUNNING_HEADER;
        } else {
            y -= gap;
        }
        y -= h;
        if let Some(p) = pages.last_mut() {
            p.push((y + (h - line.size) / 2.0, line));
        }
    }
    pages
}
