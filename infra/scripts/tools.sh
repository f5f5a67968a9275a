# Sourced by the scripts: installs what the tests and the local server need, once.
# moto server and cfn-lint come from the Python package registry into .tools/venv.
set -euo pipefail

MOTO_VERSION="5.2.5"
CFN_LINT_VERSION="1.58.0"
CFN_LINT_SERVERLESS_VERSION="0.3.6"
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
    && [ "$(installed_version "$VENV" cfn-lint-serverless)" = "$CFN_LINT_SERVERLESS_VERSION" ] \
    && return 1
  return 0
}

install_python_tools() {
  if ! need_python_tools; then return 0; fi
  echo "==> installing moto[server] $MOTO_VERSION, cfn-lint $CFN_LINT_VERSION and its serverless rules into $VENV"
  make_venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    "moto[server]==$MOTO_VERSION" "cfn-lint==$CFN_LINT_VERSION" \
    "cfn-lint-serverless==$CFN_LINT_SERVERLESS_VERSION"
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

# The stack test: MiniStack (a local AWS emulator, a plain process) with the SAM translator
# beside it (its CloudFormation applies the transform with it), and boto3 to drive it.
MINISTACK_VERSION="1.5.33"
SAM_TRANSLATOR_VERSION="1.115.0"
BOTO3_VERSION="1.43.106"
STACK_VENV=".tools/stack-venv"

install_stack_tools() {
  if [ -x "$STACK_VENV/bin/ministack" ] \
    && [ "$(installed_version "$STACK_VENV" ministack)" = "$MINISTACK_VERSION" ] \
    && [ "$(installed_version "$STACK_VENV" aws-sam-translator)" = "$SAM_TRANSLATOR_VERSION" ] \
    && [ "$(installed_version "$STACK_VENV" boto3)" = "$BOTO3_VERSION" ]; then
    return 0
  fi
  echo "==> installing ministack $MINISTACK_VERSION and aws-sam-translator $SAM_TRANSLATOR_VERSION into $STACK_VENV"
  make_venv "$STACK_VENV"
  "$STACK_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "ministack==$MINISTACK_VERSION" "aws-sam-translator==$SAM_TRANSLATOR_VERSION" \
    "boto3==$BOTO3_VERSION"
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
# Noto Sans SC (Chinese, Japanese kana), Noto Sans KR (Hangul), the Noto Sans faces of the
# scripts of South and South-East Asia and Ethiopia, Noto Emoji (monochrome outlines a PDF
# can embed). TrueType files from the npm registry's Google Fonts packages,
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
  "@expo-google-fonts/noto-sans-bengali@0.4.4 400Regular/NotoSansBengali_400Regular.ttf NotoSansBengali-Regular.ttf 6826d9667972f0f96e48c46f7a24e70afe97205032e6295cfb1f13fbbb8b90a3"
  "@expo-google-fonts/noto-sans-gujarati@0.4.2 400Regular/NotoSansGujarati_400Regular.ttf NotoSansGujarati-Regular.ttf 7cc0f340be8ef8b63f92181fd5576a4b19631059fd6576c6fd5fcd40f1543610"
  "@expo-google-fonts/noto-sans-tamil@0.4.3 400Regular/NotoSansTamil_400Regular.ttf NotoSansTamil-Regular.ttf f26d8b66bf6f38dd9af6326a52188fa1a8a0b9b2905c4bd7e07c865f65a85d79"
  "@expo-google-fonts/noto-sans-telugu@0.4.2 400Regular/NotoSansTelugu_400Regular.ttf NotoSansTelugu-Regular.ttf 7fcef235380f945d4a97fdfec030952afab6907004cfa37ed664fed8d4962eac"
  "@expo-google-fonts/noto-sans-kannada@0.4.3 400Regular/NotoSansKannada_400Regular.ttf NotoSansKannada-Regular.ttf 40e8188c98e3913aae2241d570b179fdc29fd90ecb6b5dc4376298bcbe45c38b"
  "@expo-google-fonts/noto-sans-malayalam@0.4.2 400Regular/NotoSansMalayalam_400Regular.ttf NotoSansMalayalam-Regular.ttf 68cbfeac7177700d87671f2a3bdb3db70fa26016e41cdac24e20877bf3736485"
  "@expo-google-fonts/noto-sans-sinhala@0.4.2 400Regular/NotoSansSinhala_400Regular.ttf NotoSansSinhala-Regular.ttf 33a77b6965e5245f1bab858ead09e4789aaa8daa918f9e26e924b016a3e1d7bd"
  "@expo-google-fonts/noto-sans-lao@0.4.2 400Regular/NotoSansLao_400Regular.ttf NotoSansLao-Regular.ttf 0fb229c3a29c4c6e916b0ea27cb823aa9d899751c6306b6fca428b83feedf37d"
  "@expo-google-fonts/noto-sans-myanmar@0.4.2 400Regular/NotoSansMyanmar_400Regular.ttf NotoSansMyanmar-Regular.ttf 52c27fe2643e3e34bae3b3d8865f6a2400e8c955d1adbe311979ea012116eb13"
  "@expo-google-fonts/noto-sans-khmer@0.4.3 400Regular/NotoSansKhmer_400Regular.ttf NotoSansKhmer-Regular.ttf fff6f415386616d8d99c4f64b876e54e6e231dc0c007c87a61b254b3795957f9"
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
