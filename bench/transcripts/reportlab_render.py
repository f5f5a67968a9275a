"""The same thread through ReportLab (what a competitor would reach for): a title, then per
message a bold header line and the wrapped body, DejaVu Sans embedded, US Letter.

    python3 reportlab_render.py THREAD.json OUT.pdf FONT_DIR"""
import json
import sys

from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
from xml.sax.saxutils import escape

thread_file, out, font_dir = sys.argv[1], sys.argv[2], sys.argv[3]
pdfmetrics.registerFont(TTFont("DejaVu", f"{font_dir}/DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", f"{font_dir}/DejaVuSans-Bold.ttf"))
with open(thread_file, encoding="utf-8") as f:
    thread = json.load(f)
names = {p["id"]: p["name"] for p in thread["participants"]}
head = ParagraphStyle("head", fontName="DejaVu-Bold", fontSize=9, leading=12)
body = ParagraphStyle("body", fontName="DejaVu", fontSize=10, leading=13)
story = [Paragraph(f"Transcript of thread {escape(thread['reference'])}", head), Spacer(1, 12)]
for m in thread["messages"]:
    story.append(Paragraph(escape(f"{names.get(m['senderId'], m['senderId'])} · {m['sentAt']}"), head))
    story.append(Paragraph(escape(m["body"]), body))
    story.append(Spacer(1, 6))
SimpleDocTemplate(out, pagesize=letter, leftMargin=54, rightMargin=54, topMargin=54, bottomMargin=54).build(story)
