//! Pages into PDF operations, now that "Page n of m" is known: the running header, the
//! lines, and the footer (thread, state, page, generated-at, content hash).

use casebridge_core::transcripts::TranscriptInfo;
use printpdf::{
    FontId, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem, TextMatrix,
};

use crate::pagination::Page;
use crate::text::{local_time, Face, Fonts, Measures};
use crate::{MARGIN, PAGE_H, PAGE_W};

/// Text operations for one page; switches font only when face or size change.
struct PageOps<'a> {
    ops: Vec<Op>,
    current: Option<(Face, f32)>,
    regular: &'a FontId,
    bold: &'a FontId,
}

impl PageOps<'_> {
    fn text(&mut self, face: Face, size: f32, x: f32, y: f32, s: String) {
        if self.current != Some((face, size)) {
            let id = if face == Face::Bold {
                self.bold
            } else {
                self.regular
            };
            self.ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: Pt(size),
            });
            self.current = Some((face, size));
        }
        self.ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x), Pt(y)),
        });
        self.ops.push(Op::ShowText {
            items: vec![TextItem::Text(s)],
        });
    }
}

pub(crate) fn draw(
    info: &TranscriptInfo,
    pages: Vec<Page>,
    tz: &jiff::tz::TimeZone,
    fonts: &Fonts,
    measures: &mut Measures<'_>,
) -> Vec<u8> {
    let mut doc = PdfDocument::new(&format!("Transcript of thread {}", info.thread_id));
    let regular_id = doc.add_font(&fonts.regular);
    let bold_id = doc.add_font(&fonts.bold);
    let total = pages.len();
    let generated = local_time(info.generated_at, tz);
    let state = if info.is_final { "FINAL" } else { "DRAFT" };
    let mut pdf_pages = Vec::with_capacity(total);
    for (n, page) in pages.into_iter().enumerate() {
        let mut p = PageOps {
            ops: vec![Op::StartTextSection],
            current: None,
            regular: &regular_id,
            bold: &bold_id,
        };
        if n > 0 {
            let running = format!(
                "Transcript of thread {} · case {} · {state}",
                info.thread_id, info.case
            );
            let running = measures.regular.clean(&running);
            p.text(Face::Regular, 8.0, MARGIN, PAGE_H - MARGIN + 4.0, running);
        }
        for (y, line) in page {
            p.text(line.face, line.size, MARGIN + line.indent, y, line.text);
        }
        let footer1 = format!(
            "Thread {} · {state} · Page {} of {total}",
            info.thread_id,
            n + 1
        );
        let footer2 = format!(
            "Generated {generated} · content SHA-256 {}",
            info.content_hash
        );
        let (footer1, footer2) = (
            measures.regular.clean(&footer1),
            measures.regular.clean(&footer2),
        );
        p.text(Face::Regular, 7.5, MARGIN, MARGIN + 10.0, footer1);
        p.text(Face::Regular, 7.5, MARGIN, MARGIN, footer2);
        p.ops.push(Op::EndTextSection);
        pdf_pages.push(PdfPage::new(
            Mm::from(Pt(PAGE_W)),
            Mm::from(Pt(PAGE_H)),
            p.ops,
        ));
    }
    doc.with_pages(pdf_pages)
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}
