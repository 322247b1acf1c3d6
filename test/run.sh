#!/usr/bin/env bash
# Runs every test suite (unit, then on the real network) and ends with one line that counts the tests of them all:
# "tests: N passed, N failed". Tests only: the type check and a suite that dies before mocha's summary are no tests,
# so they are reported on their own lines and fail the run without changing the counts; skipped (pending) tests are
# reported on the line before the count. A network this run started is taken down even when a suite fails.
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

passed=0 failed=0 pending=0
# What failed the run besides failing tests: the type check, a network that would not come up, a suite that died.
broken=()
finish() {
  if [ -s "$tables" ]; then echo "== counts"; cat "$tables"; fi
  rm -f "$tables"
  for problem in "${broken[@]}"; do echo "not a test, and failed: $problem"; done
  echo "skipped: $pending pending"
  echo "tests: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ] && [ "${#broken[@]}" -eq 0 ]
  exit $?
}
# The fault and security suites add their count tables here; they are printed again at the end.
tables="$(mktemp)"
export BAYRECON_TEST_TABLES="$tables"

# The network first: bringing it up clears its state folder, where PostgreSQL's cluster then lives.
if [ "$network_was_running" = false ]; then
  network/scripts/up.sh || { broken+=("the network did not come up (network/scripts/up.sh)"); finish; }
fi
# The API's database tests run on SQLite and on this PostgreSQL.
TEST_DATABASE_URL="$(network/scripts/postgres.sh start)" || { broken+=("PostgreSQL did not start (network/scripts/postgres.sh)"); finish; }
export TEST_DATABASE_URL

# summary_count KIND LOG: the count of mocha's "N passing", "N failing", "N pending" summary lines of a suite's log.
summary_count() { sed -n "s/^ *\([0-9][0-9]*\) $1.*/\1/p" "$2" | tail -n 1; }
run_suite() {
  local name="$1" config="$2" log
  log="$(mktemp)"
  echo "== $name"
  npx mocha --config "$config" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]} suite_passed suite_failed suite_pending
  suite_passed=$(summary_count passing "$log")
  suite_failed=$(summary_count failing "$log")
  suite_pending=$(summary_count pending "$log")
  if [ "$status" -ne 0 ] && [ -z "$suite_failed" ]; then broken+=("the $name died before mocha's summary (exit $status)"); fi
  passed=$((passed + ${suite_passed:-0}))
  failed=$((failed + ${suite_failed:-0}))
  pending=$((pending + ${suite_pending:-0}))
  rm -f "$log"
}

# Tests run transpile-only for speed; the compiler checks their types (and the benchmarks') here.
echo "== type check of tests, benchmarks and network clients"
npx tsc --noEmit -p tsconfig.json || broken+=("the type check of tests, benchmarks and network clients")

run_suite "unit tests" .mocharc.unit.json
run_suite "network tests" .mocharc.network.json
finish
