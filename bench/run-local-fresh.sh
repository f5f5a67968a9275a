#!/usr/bin/env bash
# A newcomer's first run-local.sh: clones this repository at COMMIT (default HEAD) into a
# scratch folder with an empty cargo home (crates downloaded again), runs
# infra/scripts/run-local.sh on PORT and prints the seconds until the server answers, then
# stops it.   bash bench/run-local-fresh.sh [COMMIT] [PORT]
set -u
SRC="$(cd "$(dirname "$0")/.." && pwd)"
COMMIT="${1:-HEAD}"
PORT="${2:-3999}"
W="$(mktemp -d /tmp/casebridge-fresh.XXXXXX)"
git clone -q "$SRC" "$W/clone"
git -C "$W/clone" checkout -q "$(git -C "$SRC" rev-parse "$COMMIT")"
export CARGO_HOME="$W/cargo-home"
mkdir -p "$CARGO_HOME"
cp -r ~/.cargo/bin "$CARGO_HOME/" 2>/dev/null || true
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
cd "$W/clone"
start=$(date +%s)
PORT=$PORT CASEBRIDGE_DATA_DIR="$W/data" bash infra/scripts/run-local.sh >"$W/run.log" 2>&1 &
pid=$!
while ! curl -s -o /dev/null "http://127.0.0.1:$PORT/v1/cases"; do
  if ! kill -0 "$pid" 2>/dev/null; then echo "run-local.sh exited early"; tail "$W/run.log"; exit 1; fi
  sleep 2
done
echo "run-local.sh answered after $(( $(date +%s) - start )) s (fresh clone of $COMMIT, empty cargo home)"
kill "$pid"
wait "$pid" 2>/dev/null
rm -rf "$W"
