#!/usr/bin/env bash
# Runs every test: formatting, lints, unit and scenario tests on the embedded backend and on
# DynamoDB/S3/SNS in moto server (started and stopped by the tests on 127.0.0.1), the local
# server end to end, the binaries, cfn-lint on template.yaml, schemathesis on the API document
# a short run of each fuzz target, the mobile page in Chromium (Playwright + axe), and the
# stack as template.yaml deploys it on MiniStack with every journey through its functions.
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/scripts/tools.sh

ensure_c_toolchain
ensure_pdftotext
install_python_tools
install_schemathesis
install_browser_tools
install_transcript_fonts
export CASEBRIDGE_FONTS_DIR="$PWD/$FONTS_DIR"
export CASEBRIDGE_MOTO_SERVER="$PWD/$VENV/bin/moto_server"
export CASEBRIDGE_CFN_LINT="$PWD/$VENV/bin/cfn-lint"
export CASEBRIDGE_SCHEMATHESIS="$PWD/$SCHEMA_VENV/bin/st"
export CASEBRIDGE_BROWSER_PYTHON="$PWD/$BROWSER_VENV/bin/python"
if [ "${CI:-}" = "true" ]; then
  export CARGO_INCREMENTAL=0
fi

echo "==> cargo fmt --check"
cargo fmt --all -- --check
echo "==> cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

# DESIGN.md §6's house rules: no import circles, no import up from the ground floor, no
# function over 60 lines or file over 450, no storage outside the stores. A broken rule
# fails the run (house.py exits 1 and says where).
echo "==> house rules (infra/scripts/house.py)"
python3 infra/scripts/house.py

echo "==> fuzz targets, 10 s each (infra/scripts/fuzz.sh; longer: bash infra/scripts/fuzz.sh 300)"
bash infra/scripts/fuzz.sh 10

if ! command -v cargo-nextest >/dev/null 2>&1; then
  echo "==> installing cargo-nextest"
  cargo install cargo-nextest --locked --quiet
fi
echo "==> backends the port conformance suite runs on"
cargo nextest list -p casebridge-testkit --test conformance --message-format oneline 2>/dev/null \
  | awk '{print $2}' | cut -d: -f1 | sort | uniq -c \
  | awk '{printf "  %-22s %s scenarios\n", $2, $1}'

# The stack as SAM deploys it, on MiniStack: every function built for this machine, the
# template deployed, the journeys driven through the deployed functions.
echo "==> the deployed stack on MiniStack (infra/scripts/stack-test.sh)"
bash infra/scripts/stack-test.sh

# nextest's summary stays the last thing printed.
echo "==> tests"
cargo nextest run --workspace --no-fail-fast --failure-output final --status-level pass
