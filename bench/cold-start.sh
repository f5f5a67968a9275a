#!/usr/bin/env bash
# Cold start of every function (process start to first event answered), median of 20 runs,
# against a loopback stand-in of the Lambda Runtime API and moto server:
#   bash bench/cold-start.sh [RUNS]
# Builds the functions for this machine with the `lambda` profile (what ships, but x86-64 so
# it runs here) and runs `cargo bench -p casebridge-testkit --bench cold_start`.
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/scripts/tools.sh
install_python_tools
export CASEBRIDGE_MOTO_SERVER="$PWD/$VENV/bin/moto_server"
ARGS=()
for f in $(ls functions); do ARGS+=(-p "$f"); done
cargo build --quiet --profile lambda --target x86_64-unknown-linux-gnu "${ARGS[@]}"
export CASEBRIDGE_FUNCTIONS_DIR="$PWD/target/x86_64-unknown-linux-gnu/lambda"
cargo bench --quiet -p casebridge-testkit --bench cold_start -- "${1:-20}"
