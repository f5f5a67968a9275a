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

# The transcript's fallback faces (SIL Open Font License), read by the renderer from
# $FONTS_DIR (CASEBRIDGE_FONTS_DIR; in AWS the TranscriptFontsLayer puts them in /opt/fonts):
# Noto Sans SC (Chinese, Japanese kana), Noto Sans KR (Hangul), Noto Sans Devanagari,
# Gurmukhi, Thai and Ethiopic, Noto Emoji (monochrome outlines a PDF can embed). TrueType files from the npm registry's Google Fonts packages,
# pinned by version and checked by SHA-256; DejaVu Sans is compiled into the renderer.
FONTS_LAYER=".tools/transcript-fonts"
FONTS_DIR="$FONTS_LAYER/fonts"
TRANSCRIPT_FONTS=(
  "@expo-google-fonts/noto-sans-sc@0.4.3 400Regular/NotoSansSC_400Regular.ttf NotoSansSC-Regular.ttf d45f67f0a7c0ca3f256950777ce6a61cc7ce5f9696d02900cbbaac25f8aa7d16"
  "@expo-google-fonts/noto-sans-kr@0.4.3 400Regular/NotoSansKR_400Regular.ttf NotoSansKR-Regular.ttf 8cbc9b353bb9ce848fd69bb6a507319dfacc659cf5fd643db5d88f3c4970e1dd"
  "@expo-google-fonts/noto-sans-devanagari@0.4.1 400Regular/NotoSansDevanagari_400Regular.ttf NotoSansDevanagari-Regular.ttf 084a94d89eb54aafb93a056e15425c34fd859f6342875165d304837b3bcfc2d2"
  "@expo-google-fonts/noto-sans-gurmukhi@0.4.1 400Regular/NotoSansGurmukhi_400Regular.ttf NotoSansGurmukhi-Regular.ttf 2b0fbe8d4cc2a18aa08c6f21d3924423c113fb7ec6d786a77c30cf1d3153c4c7"
  "@expo-google-fonts/noto-sans-thai@0.4.2 400Regular/NotoSansThai_400Regular.ttf NotoSansThai-Regular.ttf 9acb585d8662ca4ed1b1cf5889dfa1393f8555103b3986e1ea1e3af4faef70bd"
  "@expo-google-fonts/noto-sans-ethiopic@0.4.2 400Regular/NotoSansEthiopic_400Regular.ttf NotoSansEthiopic-Regular.ttf 321ff186e0f066a46257c3008e8a22070720350a9d17f8a32d0d3da53f52e7a2"
  "@expo-google-fonts/noto-emoji@0.4.7 400Regular/NotoEmoji_400Regular.ttf NotoEmoji-Regular.ttf 24aaa2a20c9c06ffe9bf04284bfd1f14376a329d10122f902abe2770817eb504"
)

install_transcript_fonts() {
  local entry package file name sum tmp
  for entry in "${TRANSCRIPT_FONTS[@]}"; do
    read -r package file name sum <<<"$entry"
    if [ -f "$FONTS_DIR/$name" ] && echo "$sum  $FONTS_DIR/$name" | sha256sum --check --status; then
      continue
    fi
    if ! command -v npm >/dev/null 2>&1; then
      apt-get update -qq && apt-get install -y -qq npm >/dev/null
    fi
    echo "==> fetching $name ($package)"
    mkdir -p "$FONTS_DIR"
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$package" >/dev/null && tar xzf ./*.tgz)
    echo "$sum  $tmp/package/$file" | sha256sum --check --status \
      || { echo "$package: $file is not the pinned font" >&2; rm -rf "$tmp"; return 1; }
    cp "$tmp/package/$file" "$FONTS_DIR/$name"
    cp "$tmp/package/LICENSE_FONT" "$FONTS_DIR/LICENSE-${name%.ttf}.txt"
    rm -rf "$tmp"
  done
}
