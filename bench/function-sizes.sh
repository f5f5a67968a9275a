#!/usr/bin/env bash
# Size of each function's arm64 bootstrap and zip, as `sam build` would ship them:
#   bash bench/function-sizes.sh
# Installs cargo-lambda (Python registry) into .tools/lambda-venv and the aarch64 target,
# builds every function with the `lambda` profile, zips each bootstrap, prints a table; then
# the TranscriptFontsLayer (.tools/transcript-fonts, fetched by install_transcript_fonts),
# zipped as SAM ships a layer.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.tools/lambda-venv
if [ ! -x "$VENV/bin/cargo-lambda" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check cargo-lambda
fi
export PATH="$PWD/$VENV/bin:$PATH"
rustup target list --installed | grep -q aarch64-unknown-linux-gnu \
  || rustup target add aarch64-unknown-linux-gnu
FUNCTIONS=$(ls functions)
ARGS=()
for f in $FUNCTIONS; do ARGS+=(-p "$f"); done
cargo lambda build --profile lambda --arm64 --output-format zip "${ARGS[@]}" >&2
python3 - $FUNCTIONS <<'PY'
import os, sys, zipfile
print(f"{'function':<22} {'bootstrap':>12} {'zip':>10}")
for f in sys.argv[1:]:
    z = f"target/lambda/{f}/bootstrap.zip"
    size = zipfile.ZipFile(z).getinfo("bootstrap").file_size
    print(f"{f:<22} {size / 2**20:>9.2f} MB {os.path.getsize(z) / 2**20:>7.2f} MB")
PY
source infra/scripts/tools.sh && install_transcript_fonts
python3 - "$FONTS_LAYER" <<'PY'
import io, os, sys, zipfile
root, raw, buf = sys.argv[1], 0, io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            raw += os.path.getsize(path)
            z.write(path, os.path.relpath(path, root))
print(f"{'fonts layer':<22} {raw / 2**20:>9.2f} MB {len(buf.getvalue()) / 2**20:>7.2f} MB")
PY
