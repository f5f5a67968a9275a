#!/usr/bin/env bash
# Builds the binaries, loads the demo data (idempotent) and starts the local server on
# 127.0.0.1:${PORT:-3000} with state in ${CASEBRIDGE_DATA_DIR:-./.casebridge}. Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/scripts/tools.sh
ensure_c_toolchain

cargo build --release --quiet --bin casebridge-local --bin casebridge
./target/release/casebridge seed-demo
exec ./target/release/casebridge-local
