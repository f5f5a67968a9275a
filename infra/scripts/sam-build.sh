#!/usr/bin/env bash
# `sam build` for real: the template's functions built by AWS SAM CLI with cargo-lambda (the
# `rust-cargolambda` build method), as a deploy pipeline builds them. Reports the time and each
# artefact's size. Not part of the test command (the stack suite deploys the same template with
# the test build's binaries); run it before a deploy, or to refresh the figures in the README.
#
#   bash infra/scripts/sam-build.sh [arm64|x86_64]     (default: the template's arm64)
#
# aws-sam-cli, cargo-lambda and zig come from the Python package registry into
# .tools/sam-venv (SAM pins its own translator and cfn-lint, so it gets its own venv).
set -euo pipefail
cd "$(dirname "$0")/../.."

ARCH="${1:-arm64}"
SAM_CLI_VERSION=1.170.0
CARGO_LAMBDA_VERSION=1.9.2
ZIG_VERSION=0.17.1
VENV=.tools/sam-venv

installed() { "$VENV/bin/pip" show "$1" 2>/dev/null | awk '/^Version:/{print $2}'; }
if [ "$(installed aws-sam-cli)" != "$SAM_CLI_VERSION" ] \
  || [ "$(installed cargo-lambda)" != "$CARGO_LAMBDA_VERSION" ] \
  || [ "$(installed ziglang)" != "$ZIG_VERSION" ]; then
  echo "==> installing aws-sam-cli $SAM_CLI_VERSION and cargo-lambda $CARGO_LAMBDA_VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "aws-sam-cli==$SAM_CLI_VERSION" \
    "cargo-lambda==$CARGO_LAMBDA_VERSION" "ziglang==$ZIG_VERSION"
fi
export PATH="$PWD/$VENV/bin:$PATH"

case "$ARCH" in
  arm64) TARGET=aarch64-unknown-linux-gnu ;;
  x86_64) TARGET=x86_64-unknown-linux-gnu ;;
  *) echo "architecture is arm64 or x86_64, not $ARCH" >&2; exit 2 ;;
esac
if ! rustup target list --installed | grep -qx "$TARGET"; then
  echo "the Rust target $TARGET is not installed: rustup target add $TARGET" >&2
  echo "(or build for this machine: bash infra/scripts/sam-build.sh x86_64)" >&2
  exit 2
fi

# No telemetry, no update check: this machine talks to nothing but the package registries.
export SAM_CLI_TELEMETRY=0 SAM_CLI_BETA_RUST_CARGO_LAMBDA=1 CARGO_INCREMENTAL=0
BUILD_DIR=target/sam-build
started=$(date +%s)
sam build --template-file template.yaml --build-dir "$BUILD_DIR" \
  --parameter-overrides "Architecture=$ARCH" --beta-features
took=$(( $(date +%s) - started ))

echo
echo "sam build ($ARCH): ${took} s"
printf '%-28s %12s %12s\n' function bootstrap zipped
total=0
for dir in "$BUILD_DIR"/*Function; do
  bin="$dir/bootstrap"
  [ -f "$bin" ] || continue
  size=$(stat -c %s "$bin")
  zipped=$(gzip -9 -c "$bin" | wc -c)
  total=$((total + zipped))
  printf '%-28s %12s %12s\n' "$(basename "$dir")" "$size" "$zipped"
done
echo "all functions zipped (gzip -9, close to the zip Lambda takes): $total bytes"
