"""Side by side: the same generated thread through `casebridge render`, ReportLab, Typst and
headless Chromium, runs alternating, whole process each time: median wall time, peak RSS
(the largest process of the tree; Chromium's helpers are separate processes) and the ratios
to casebridge; every output is checked with pdftotext for every message.

    python3 side_by_side.py --casebridge BIN --python PY --fonts DIR --runs R N [N ...]"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    """Runs `cmd`; answers (seconds, peak RSS in MB). The RSS is GNU time's (`%M`: the
    process and the children it reaped), not this harness's own wait: a child forked from a
    big Python process counts the parent's pages until it execs."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss.name, *cmd],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        if p.returncode != 0:
            sys.exit(f"{cmd[0]} failed: {p.stderr.decode(errors='replace')[-2000:]}")
        return wall, int(rss.read().split()[-1]) / 1024


def check(pdf, n):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True).stdout.decode()
    text = re.sub(r"\s+", " ", text)
    missing = [i for i in range(1, n + 1) if f"Message {i}:" not in text]
    if missing:
        sys.exit(f"{pdf}: {len(missing)} of {n} messages missing in pdftotext's text, e.g. {missing[:5]}")


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--casebridge", required=True)
    a.add_argument("--python", required=True)
    a.add_argument("--fonts", required=True)
    a.add_argument("--chromium", default="/usr/bin/chromium")
    a.add_argument("--runs", type=int, default=5)
    a.add_argument("sizes", type=int, nargs="+")
    args = a.parse_args()
    work = tempfile.mkdtemp(prefix="casebridge-side-by-side-")
    rows = []
    for n in args.sizes:
        thread = os.path.join(work, f"thread-{n}.json")
        page = os.path.join(work, f"thread-{n}.html")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_thread.py"), str(n), thread], check=True)
        subprocess.run([sys.executable, os.path.join(HERE, "html_for_chromium.py"), thread, page], check=True)
        tools = {
            "casebridge render": lambda out: [args.casebridge, "render", thread, "-o", out],
            "ReportLab": lambda out: [args.python, os.path.join(HERE, "reportlab_render.py"), thread, out, args.fonts],
            "Typst": lambda out: [args.python, os.path.join(HERE, "typst_render.py"), thread, out, args.fonts],
            "headless Chromium": lambda out: [args.chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                              "--no-pdf-header-footer", f"--print-to-pdf={out}", f"file://{page}"],
        }
        seen = {name: [] for name in tools}
        compile_only = []
        for r in range(args.runs):
            for name, cmd in tools.items():  # alternating: one run of each per round
                out = os.path.join(work, f"{n}-{r}-{name.split()[0].lower()}.pdf")
                seen[name].append(run(cmd(out)))
                check(out, n)
                if name == "Typst":
                    with open(out + ".ms") as f:
                        compile_only.append(float(f.read()) / 1000)
        base = statistics.median(w for w, _ in seen["casebridge render"])
        for name, runs in seen.items():
            wall = statistics.median(w for w, _ in runs)
            rss = max(m for _, m in runs)
            rows.append((n, name, wall, rss, wall / base))
            if name == "Typst":
                wall = statistics.median(compile_only)
                rows.append((n, "Typst compile only", wall, rss, wall / base))
    print(f"{'messages':>8}  {'tool':<18} {'median wall':>12} {'peak RSS':>10} {'× casebridge':>13}")
    for n, name, wall, rss, ratio in rows:
        print(f"{n:>8}  {name:<18} {wall * 1000:>9.1f} ms {rss:>7.1f} MB {ratio:>12.1f}×")
    print(f"(median of {args.runs} alternating runs each; every PDF had every message in pdftotext's text)")


if __name__ == "__main__":
    main()
