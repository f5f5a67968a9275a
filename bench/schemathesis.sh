#!/usr/bin/env bash
# A longer schemathesis run than the test suite's: every operation with EXAMPLES examples,
# once per seed. Prints each run's summary (operations tested, cases generated and passed).
#   bash bench/schemathesis.sh [EXAMPLES] [SEEDS...]      e.g. bash bench/schemathesis.sh 200 1 2 3
set -euo pipefail
cd "$(dirname "$0")/.."
source infra/scripts/tools.sh
install_schemathesis
export CASEBRIDGE_SCHEMATHESIS="$PWD/$SCHEMA_VENV/bin/st"
export CASEBRIDGE_SCHEMATHESIS_EXAMPLES="${1:-200}"
shift || true
for seed in "${@:-1 2 3}"; do
  for s in $seed; do
    echo "==> seed $s, $CASEBRIDGE_SCHEMATHESIS_EXAMPLES examples per operation"
    start=$(date +%s)
    CASEBRIDGE_SCHEMATHESIS_SEED=$s cargo nextest run -p casebridge-e2e --test schema \
      --no-capture --status-level fail --final-status-level fail 2>&1 \
      | grep -E "Tested:|generated,|FAILURES|ST[0-9]{3}|panicked" || true
    echo "    $(( $(date +%s) - start )) s"
  done
done
