#!/usr/bin/env bash
# Runs every test suite (unit, then on the real network) and ends with one line that counts them all:
# "tests: N passed, N failed". A network this run started is taken down even when a suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."
source network/env.sh

network_was_running=false
pid_alive orderer && network_was_running=true
cleanup() {
  network/scripts/postgres.sh stop >/dev/null 2>&1 || true
  if [ "$network_was_running" = false ]; then network/scripts/down.sh >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

# The network first: bringing it up clears its state folder, where PostgreSQL's cluster then lives.
if [ "$network_was_running" = false ]; then
  network/scripts/up.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }
fi
# The API's database tests run on SQLite and on this PostgreSQL.
TEST_DATABASE_URL="$(network/scripts/postgres.sh start)" || { echo "tests: 0 passed, 1 failed"; exit 1; }
export TEST_DATABASE_URL

passed=0 failed=0
# The fault and security suites add their count tables here; they are printed again at the end.
tables="$(mktemp)"
export BAYRECON_TEST_TABLES="$tables"
run_suite() {
  local name="$1" config="$2" log
  log="$(mktemp)"
  echo "== $name"
  npx mocha --config "$config" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]} suite_passed suite_failed
  suite_passed=$(sed -n 's/^ *\([0-9][0-9]*\) passing.*/\1/p' "$log" | tail -n 1)
  suite_failed=$(sed -n 's/^ *\([0-9][0-9]*\) failing.*/\1/p' "$log" | tail -n 1)
  # A suite that died before mocha's summary (no count, non-zero exit) counts as one failure.
  if [ "$status" -ne 0 ] && [ -z "$suite_failed" ]; then suite_failed=1; fi
  passed=$((passed + ${suite_passed:-0}))
  failed=$((failed + ${suite_failed:-0}))
  rm -f "$log"
}

# Tests run transpile-only for speed; the compiler checks their types (and the benchmarks') here.
echo "== type check of tests, benchmarks and network clients"
if npx tsc --noEmit -p tsconfig.json; then passed=$((passed + 1)); else failed=$((failed + 1)); fi

run_suite "unit tests" .mocharc.unit.json
run_suite "network tests" .mocharc.network.json

if [ -s "$tables" ]; then echo "== counts"; cat "$tables"; fi
rm -f "$tables"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
