"""The same thread as an HTML page for headless Chromium's print-to-PDF.

    python3 html_for_chromium.py THREAD.json OUT.html"""
import html
import json
import sys

with open(sys.argv[1], encoding="utf-8") as f:
    thread = json.load(f)
names = {p["id"]: p["name"] for p in thread["participants"]}
parts = ["<!doctype html><html><head><meta charset=utf-8><style>@page{size:Letter;margin:54pt}"
         "body{font:10pt/13pt 'DejaVu Sans'}h1{font-size:12pt}.h{font-weight:bold;font-size:9pt}"
         "p{margin:0 0 6pt}</style></head><body>",
         f"<h1>Transcript of thread {html.escape(thread['reference'])}</h1>"]
for m in thread["messages"]:
    parts.append(f"<div class=h>{html.escape(names.get(m['senderId'], m['senderId']))} · {html.escape(m['sentAt'])}</div>"
                 f"<p>{html.escape(m['body'])}</p>")
parts.append("</body></html>")
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write("".join(parts))
