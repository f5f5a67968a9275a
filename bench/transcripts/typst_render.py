"""The same thread through Typst (the Python registry's `typst`, which embeds the compiler):
thread.typ reads the thread JSON; DejaVu Sans from FONT_DIR only (no system fonts), embedded
and subset. Writes the compile time alone (ms) to OUT.ms, beside the whole process's time the
harness measures.

    python3 typst_render.py THREAD.json OUT.pdf FONT_DIR"""
import os
import shutil
import sys
import tempfile
import time

import typst

HERE = os.path.dirname(os.path.abspath(__file__))
thread_file, out, font_dir = sys.argv[1], sys.argv[2], sys.argv[3]
with tempfile.TemporaryDirectory() as root:
    # Typst reads files under its root only: the template and the thread go there.
    shutil.copy(os.path.join(HERE, "thread.typ"), root)
    shutil.copy(thread_file, os.path.join(root, "thread.json"))
    started = time.perf_counter()
    typst.compile(os.path.join(root, "thread.typ"), output=out, root=root, font_paths=[font_dir],
                  ignore_system_fonts=True, sys_inputs={"thread": "thread.json"})
    took = (time.perf_counter() - started) * 1000
with open(out + ".ms", "w") as f:
    f.write(f"{took:.3f}")
