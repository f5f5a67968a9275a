#!/usr/bin/env bash
# The transcript renderer side by side with ReportLab, Typst and headless Chromium, whole process:
#   bash bench/transcripts-side-by-side.sh [RUNS] [SIZES...]     (default: 5 runs, 1000 10000)
# Installs ReportLab and Typst (Python registry) into .tools/bench-venv, Debian's chromium and
# poppler-utils (pdftotext) with apt-get when missing; builds `casebridge` with the `bench`
# profile (fully optimised, as the functions ship).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-5}"; shift || true
SIZES=("${@:-1000 10000}")
VENV=.tools/bench-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import reportlab, typst" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "reportlab==4.4.4" "typst==0.15.0"
fi
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftotext >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${need[@]}"
fi
cargo build --quiet --profile bench -p casebridge-infra --bin casebridge
BIN=target/release/casebridge
[ -x target/bench/casebridge ] && BIN=target/bench/casebridge
# shellcheck disable=SC2068
python3 bench/transcripts/side_by_side.py --casebridge "$BIN" --python "$VENV/bin/python" \
  --fonts shared/transcripts-pdf/assets/fonts --runs "$RUNS" ${SIZES[@]}
