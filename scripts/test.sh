#!/usr/bin/env bash
# The whole test suite (README: `./rexian test`; CI: .ci/run). Phases:
#   1. Debian packages the tests need (scripts/test-deps.txt), installed when missing; the media
#      engine's native addon (scripts/build-native.sh)
#   2. static checks: TypeScript, Biome, type-aware ESLint, dependency arrows
#   3. console build (Vite)
#   4. every test on the embedded database (PGlite); the media engine tests again on the dgram fallback
#   5. the database tests (*.db.test.ts) again on a real PostgreSQL cluster started here
#   6. end-to-end tests in headless Chromium
# The last line is "tests: N passed, N failed". Any failure makes the exit status non-zero.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT="$ROOT/.rexian/test-results"
rm -rf "$OUT" && mkdir -p "$OUT"
status=0
phase() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
fail() { echo "FAILED: $*"; status=1; }

phase "Debian packages"
missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done < scripts/test-deps.txt
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]}"
else
  echo "all present"
fi

phase "Native addon"
# The media engine's recvmmsg/sendmmsg addon (gcc, Node's headers); without it the engine uses dgram.
bash scripts/build-native.sh

phase "Static checks"
npx tsc -p tsconfig.json || fail "typecheck (server and packages)"
npx tsc -p apps/console/tsconfig.json || fail "typecheck (console)"
npx tsc -p apps/console/test/tsconfig.json || fail "typecheck (console tests)"
npx biome check . || fail "biome"
npx eslint . || fail "eslint"
npx depcruise packages apps/server/src apps/console/src --config .dependency-cruiser.cjs || fail "dependency arrows"

phase "Console build"
(cd apps/console && npx vite build --logLevel warn) || fail "console build"

run_tests() { # name, then node --test arguments
  local name=$1; shift
  node --test --test-concurrency=2 --test-timeout=300000 \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination="$OUT/$name.tap" "$@" || fail "$name tests"
}

phase "Tests on the embedded database (PGlite)"
# Build the migrated PGlite snapshot once, before parallel test files race to build it.
node scripts/warm-snapshot.ts || fail "snapshot"
mapfile -t unit < <(git ls-files --cached --others --exclude-standard 'packages/**/*.test.ts' 'apps/server/**/*.test.ts' 'apps/console/**/*.test.ts' 'tests/**/*.test.ts' | grep -v '\.e2e\.test\.ts$' | sort)
run_tests pglite "${unit[@]}"

phase "Media engine on the pure-JS dgram fallback"
# The same engine tests again with the udp_batch addon switched off: both I/O paths must behave alike.
mapfile -t mediaEngine < <(git ls-files --cached --others --exclude-standard 'packages/media/src/engine/*.test.ts' | sort)
REXIAN_MEDIA_NATIVE=0 run_tests media-dgram "${mediaEngine[@]}"

phase "Database tests on PostgreSQL"
PGDIR=$(mktemp -d /tmp/rexian-pg.XXXXXX)
PGPORT=$(node scripts/free-port.mjs)
if PGURL=$(scripts/pg-cluster.sh start "$PGDIR" "$PGPORT"); then
  mapfile -t dbtests < <(printf '%s\n' "${unit[@]}" | grep '\.db\.test\.ts$')
  REXIAN_TEST_DATABASE_URL="$PGURL" run_tests postgres "${dbtests[@]}"
  scripts/pg-cluster.sh stop "$PGDIR"
else
  fail "PostgreSQL cluster did not start"; cat "$PGDIR"/*.log 2>/dev/null | tail -20
fi

phase "End-to-end tests (headless Chromium)"
mapfile -t e2e < <(git ls-files --cached --others --exclude-standard 'tests/**/*.e2e.test.ts' | sort)
if [ ${#e2e[@]} -gt 0 ]; then
  run_tests e2e --test-concurrency=1 "${e2e[@]}"
else
  fail "no end-to-end tests found"
fi

passed=0; failed=0
for f in "$OUT"/*.tap; do
  [ -f "$f" ] || continue
  p=$(grep -E '^# pass ' "$f" | tail -1 | awk '{print $3}'); passed=$((passed + ${p:-0}))
  q=$(grep -E '^# fail ' "$f" | tail -1 | awk '{print $3}'); failed=$((failed + ${q:-0}))
done
[ "$status" = 0 ] || [ "$failed" -gt 0 ] || failed=1  # a failed phase counts even when no test failed
echo
echo "tests: $passed passed, $failed failed"
exit $status
