#!/usr/bin/env bash
# Runs every fuzz target (tests/fuzz) for SECONDS each (default 20), on nightly with
# libFuzzer, from the checked-in seeds plus what earlier runs found (target/fuzz/corpus).
# Prints each target's executions and coverage; a crash stops the script with its input.
#   bash infra/scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH="${1:-20}"
shift || true
TARGETS=("${@:-signature_header two_way_sms procede_query sms_segments thread_pdf}")

if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "==> installing cargo-fuzz"
  cargo install cargo-fuzz --locked --quiet
fi
# Safe Rust only: address sanitizer adds build and run time and finds nothing here.
FUZZ=(cargo +nightly fuzz run --fuzz-dir tests/fuzz --target-dir target/fuzz -O --sanitizer none)
for target in ${TARGETS[*]}; do
  corpus="target/fuzz/corpus/$target"
  mkdir -p "$corpus"
  echo "==> fuzz $target for ${SECONDS_EACH} s"
  "${FUZZ[@]}" "$target" "$corpus" "tests/fuzz/seeds/$target" -- \
    -max_total_time="$SECONDS_EACH" -max_len=8192 -timeout=10 -rss_limit_mb=1024 \
    2>&1 | grep -E "^Done|DONE|panicked|ERROR|SUMMARY|Test unit written" || true
  # libFuzzer exits non-zero and writes an artifact when it finds something.
  if ls tests/fuzz/artifacts/"$target"/* >/dev/null 2>&1; then
    echo "fuzz $target found a failing input:"; ls tests/fuzz/artifacts/"$target"
    exit 1
  fi
done
