#!/usr/bin/env bash
# Builds the media engine's UDP batching addon (packages/media/native/udp_batch.c) with gcc against
# Node's own headers — no node-gyp, no download. Rebuilds only when the binary is missing or older
# than the source. Never fails the caller: without gcc, headers or Linux the engine logs once and
# uses Node's dgram instead (packages/media/src/engine/udp-select.ts).
#   scripts/build-native.sh [--quiet]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC="$ROOT/packages/media/native/udp_batch.c"
OUT="$ROOT/packages/media/native/build/udp_batch.node"
quiet=${1:-}
say() { [ "$quiet" = --quiet ] || echo "build-native: $*" >&2; }

if [ "$(uname -s)" != Linux ]; then say "not Linux: the media engine uses Node's dgram"; exit 0; fi
if [ -f "$OUT" ] && [ "$OUT" -nt "$SRC" ]; then exit 0; fi
if ! command -v gcc >/dev/null 2>&1; then say "gcc is missing (Debian: gcc libc6-dev): the media engine uses Node's dgram"; exit 0; fi
NODE_BIN=$(command -v node || true)
INCLUDE=""
for dir in "$(dirname "$(dirname "${NODE_BIN:-/nonexistent/bin/node}")")/include/node" "$ROOT/.rexian/node/include/node" /usr/include/node; do
  if [ -f "$dir/node_api.h" ]; then INCLUDE=$dir; break; fi
done
if [ -z "$INCLUDE" ]; then say "node_api.h not found: the media engine uses Node's dgram"; exit 0; fi
mkdir -p "$(dirname "$OUT")"
tmp="$OUT.tmp.$$"
if gcc -O2 -Wall -Wextra -shared -fPIC -pthread -I"$INCLUDE" "$SRC" -o "$tmp"; then
  mv -f "$tmp" "$OUT"
  say "built $OUT"
else
  rm -f "$tmp"
  say "compile failed: the media engine uses Node's dgram"
fi
exit 0
