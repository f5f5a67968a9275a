#!/usr/bin/env bash
# Load on the local server: starts it (release build, a scratch data folder with the demo
# data, a free port on 127.0.0.1), runs 32 clients for 60 s (bench/load), reports
# requests/s, p50 / p99 per route, errors, notes lost and the server's peak RSS, then stops
# the server by PID and removes the folder.
#
#   bash bench/load.sh [SECONDS] [CLIENTS]      (defaults: 60 32)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN="${1:-60}"
CLIENTS="${2:-32}"
cargo build --release --quiet -p casebridge-infra --bin casebridge-local --bin casebridge
cargo build --release --quiet -p casebridge-load
DATA="$(mktemp -d /tmp/casebridge-load.XXXXXX)"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export CASEBRIDGE_DATA_DIR="$DATA" PORT RUST_LOG=warn
./target/release/casebridge seed-demo >/dev/null
./target/release/casebridge-local >"$DATA/server.log" 2>&1 &
SERVER=$!
stop() { kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$DATA"; }
trap stop EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/openapi.json"; do
  kill -0 "$SERVER" || { cat "$DATA/server.log"; exit 1; }
  sleep 0.2
done
TOKEN=$(./target/release/casebridge token --dealer demo-dealer-1 --role advisor --sub load --name "Load Advisor")
./target/release/casebridge-load --base "http://127.0.0.1:$PORT" --token "$TOKEN" \
  --sms-outbox "$DATA/outbox/sms.jsonl" --seconds "$SECONDS_TO_RUN" --clients "$CLIENTS"
echo "server peak RSS: $(awk '/VmHWM/{print $2, $3}' "/proc/$SERVER/status")"
