#!/usr/bin/env bash
# Builds the binaries, loads the demo data (idempotent) and starts the local server on
# 127.0.0.1:${PORT:-3000} with state in ${CASEBRIDGE_DATA_DIR:-./.casebridge}. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/scripts/tools.sh
ensure_c_toolchain
# The transcript's fallback faces (Chinese, Korean, Indic, Thai, Ethiopic, emoji).
install_transcript_fonts
export CASEBRIDGE_FONTS_DIR="$PWD/$FONTS_DIR"

# Only the local server's package: its graph has no AWS SDK (a workspace-wide build would
# compile the functions' AWS wiring too).
cargo build --release --quiet -p casebridge-infra --bin casebridge-local --bin casebridge
./target/release/casebridge seed-demo
exec ./target/release/casebridge-local
