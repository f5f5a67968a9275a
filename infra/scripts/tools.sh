# Sourced by the scripts: installs what the tests and the local server need, once.
# moto server and cfn-lint come from the Python package registry into .tools/venv.
set -euo pipefail

MOTO_VERSION="5.2.5"
CFN_LINT_VERSION="1.58.0"
VENV=".tools/venv"

need_python_tools() {
  [ -x "$VENV/bin/moto_server" ] && [ -x "$VENV/bin/cfn-lint" ] \
    && "$VENV/bin/pip" show moto 2>/dev/null | grep -q "^Version: $MOTO_VERSION$" \
    && "$VENV/bin/pip" show cfn-lint 2>/dev/null | grep -q "^Version: $CFN_LINT_VERSION$" \
    && return 1
  return 0
}

install_python_tools() {
  if ! need_python_tools; then return 0; fi
  echo "==> installing moto[server] $MOTO_VERSION and cfn-lint $CFN_LINT_VERSION into $VENV"
  if ! python3 -m venv "$VENV" 2>/dev/null; then
    # Debian's python3 ships venv separately.
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "cfn-lint==$CFN_LINT_VERSION"
}

ensure_c_toolchain() {
  # rusqlite builds SQLite from source (bundled), the TLS stack builds aws-lc.
  if ! command -v cc >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y -qq build-essential >/dev/null
  fi
}

ensure_pdftotext() {
  # The transcript tests read the PDFs back as text, as a person's viewer would.
  if ! command -v pdftotext >/dev/null 2>&1; then
    echo "==> installing poppler-utils (pdftotext)"
    apt-get update -qq && apt-get install -y -qq poppler-utils >/dev/null
  fi
}
