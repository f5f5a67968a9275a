# Sourced by the scripts: installs what the tests and the local server need, once.
# moto server and cfn-lint come from the Python package registry into .tools/venv.
set -euo pipefail

MOTO_VERSION="5.2.5"
CFN_LINT_VERSION="1.58.0"
VENV=".tools/venv"
# schemathesis has its own venv: its dependency pins and moto's need not agree.
SCHEMATHESIS_VERSION="4.32.5"
SCHEMA_VENV=".tools/schema-venv"
# The browser test: Playwright for Python driving Debian's chromium (a browser download
# does not work here), axe-core through axe-playwright-python.
PLAYWRIGHT_VERSION="1.65.2"
AXE_PLAYWRIGHT_VERSION="0.1.8"
BROWSER_VENV=".tools/browser-venv"

# The installed version of a package in a venv (empty when it is not there). sed reads all of
# pip's output: `grep -q` would stop early, and pipefail would count pip's broken pipe.
installed_version() {
  "$1/bin/pip" show "$2" 2>/dev/null | sed -n 's/^Version: //p'
}

need_python_tools() {
  [ -x "$VENV/bin/moto_server" ] && [ -x "$VENV/bin/cfn-lint" ] \
    && [ "$(installed_version "$VENV" moto)" = "$MOTO_VERSION" ] \
    && [ "$(installed_version "$VENV" cfn-lint)" = "$CFN_LINT_VERSION" ] \
    && return 1
  return 0
}

install_python_tools() {
  if ! need_python_tools; then return 0; fi
  echo "==> installing moto[server] $MOTO_VERSION and cfn-lint $CFN_LINT_VERSION into $VENV"
  make_venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "cfn-lint==$CFN_LINT_VERSION"
}

make_venv() {
  if ! python3 -m venv "$1" 2>/dev/null; then
    # Debian's python3 ships venv separately.
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$1"
  fi
}

install_schemathesis() {
  if [ -x "$SCHEMA_VENV/bin/st" ] \
    && [ "$(installed_version "$SCHEMA_VENV" schemathesis)" = "$SCHEMATHESIS_VERSION" ]; then
    return 0
  fi
  echo "==> installing schemathesis $SCHEMATHESIS_VERSION into $SCHEMA_VENV"
  make_venv "$SCHEMA_VENV"
  "$SCHEMA_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION"
}

install_browser_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "==> installing chromium (Debian)"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  fi
  if [ -x "$BROWSER_VENV/bin/python" ] \
    && [ "$(installed_version "$BROWSER_VENV" playwright)" = "$PLAYWRIGHT_VERSION" ] \
    && [ "$(installed_version "$BROWSER_VENV" axe-playwright-python)" = "$AXE_PLAYWRIGHT_VERSION" ]; then
    return 0
  fi
  echo "==> installing playwright $PLAYWRIGHT_VERSION and axe-playwright-python into $BROWSER_VENV"
  make_venv "$BROWSER_VENV"
  "$BROWSER_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "playwright==$PLAYWRIGHT_VERSION" "axe-playwright-python==$AXE_PLAYWRIGHT_VERSION"
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
