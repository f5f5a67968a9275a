#!/usr/bin/env bash
# The stack as SAM deploys it, on an AWS emulator: installs MiniStack and the SAM translator
# (pinned, in .tools/stack-venv), builds every function for this machine, deploys
# template.yaml on MiniStack (127.0.0.1, stopped by PID when done) and drives every journey
# through the deployed functions (tests/stack/journeys.py).
#   bash infra/scripts/stack-test.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source infra/scripts/tools.sh

ensure_pdftotext
install_stack_tools
install_transcript_fonts
echo "==> building the functions for this machine (the template's Architecture: x86_64)"
FUNCTIONS=()
for f in functions/*/; do FUNCTIONS+=(-p "$(basename "$f")"); done
cargo build --quiet --bins "${FUNCTIONS[@]}"
echo "==> deploying template.yaml on MiniStack and running the journeys"
"$STACK_VENV/bin/python" tests/stack/journeys.py "$PWD/$STACK_VENV/bin/ministack" \
  "$PWD/target/debug" "$PWD/$FONTS_LAYER"
