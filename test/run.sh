#!/usr/bin/env bash
# Runs every test and ends with one line that counts them all: "tests: N passed, N failed".
#   1. the type check of tests, benchmarks and network clients, and of each workspace with its unit tests (mocha
#      runs them all transpile-only)
#   2. the unit tests
#   3. every network suite on the default network: single-host topology, SmartBFT ordering; last, the membership
#      suite, which admits a bank into that network and removes it again
#   4. on the hosts topology (each organisation in a network namespace of its own, SmartBFT): the business flows and
#      confidentiality checks on the ledger, document verification, the API's break workflow over HTTP, the faults of
#      the links between hosts, a power cut of every process of the network and the APIs and `make up` after it;
#      last, the membership suite, whose admitted bank gets a host of its own
#   5. the legacy fabric-network client on a single-host network with one Raft orderer (the legacy SDK cannot
#      submit to BFT orderers)
# Each network has a state folder of its own and the same ports; each is stopped before the next comes up.
# Only tests are counted: mocha's passing tests as passed, its failing ones as failed, and its pending (skipped)
# ones reported apart. A step that could not run at all (the type check failed, a network did not come up, a suite
# died before mocha's summary) counts as one failure and is named before the closing line.
# A network this run created is removed afterwards, one it found stopped is stopped again (its state kept), one it
# found running is running again afterwards; also when a suite fails.
set -uo pipefail
cd "$(dirname "$0")/.."
REPO_DIR="$(pwd)"
SCRIPTS_DIR="$REPO_DIR/network/scripts"
STATE_DIR="${BAYRECON_STATE_DIR:-$REPO_DIR/network/state}"
RAFT_STATE_DIR="${BAYRECON_RAFT_STATE_DIR:-$STATE_DIR-raft}"
HOSTS_STATE_DIR="${BAYRECON_HOSTS_STATE_DIR:-$STATE_DIR-hosts}"

passed=0 failed=0 skipped=0
problems=() failures=()
# The fault and security suites add their count tables here; they are printed again at the end.
tables="$(mktemp)"
export BAYRECON_TEST_TABLES="$tables"

finish() {
  if [ -s "$tables" ]; then echo "== counts"; cat "$tables"; fi
  rm -f "$tables"
  [ "$skipped" -eq 0 ] || echo "skipped: $skipped test(s) pending (see the suites' output above)"
  for failure in "${failures[@]}"; do echo "failed: $failure"; done
  for problem in "${problems[@]}"; do echo "not run: $problem"; done
  echo "tests: $passed passed, $failed failed"
  # An explicit status: `exit` alone in an EXIT trap would give the status of the command before the trap.
  if [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; then exit 0; fi
  exit 1
}

# run_suite NAME MOCHA_CONFIG: runs one mocha configuration and adds its counts.
run_suite() {
  local name="$1" config="$2" log
  log="$(mktemp)"
  echo "== $name"
  npx mocha --config "$config" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]} suite_passed suite_failed suite_pending
  suite_passed=$(sed -n 's/^ *\([0-9][0-9]*\) passing.*/\1/p' "$log" | tail -n 1)
  suite_failed=$(sed -n 's/^ *\([0-9][0-9]*\) failing.*/\1/p' "$log" | tail -n 1)
  suite_pending=$(sed -n 's/^ *\([0-9][0-9]*\) pending.*/\1/p' "$log" | tail -n 1)
  # The titles of the failing tests, each with the first line of its error, from mocha's summary after "N failing":
  # named again just before the closing line, where a reader of the run's last lines sees them.
  local title
  while IFS= read -r title; do failures+=("$name: $title"); done < <(
    awk 'function flush() { if (want) print title; want = 0 }
         /^ *[0-9]+ failing/ { summary = 1; next }
         summary && /^  [0-9]+\) / { flush(); title = $0; sub(/^ +/, "", title); open = ($0 !~ /:$/); want = !open; next }
         open { line = $0; sub(/^ +/, "", line); title = title " > " line; if ($0 ~ /:$/) { open = 0; want = 1 }; next }
         want && NF { line = $0; sub(/^ +/, "", line); title = title " " substr(line, 1, 400); flush() }
         END { flush() }' "$log")
  rm -f "$log"
  passed=$((passed + ${suite_passed:-0}))
  failed=$((failed + ${suite_failed:-0}))
  skipped=$((skipped + ${suite_pending:-0}))
  if [ "$status" -ne 0 ] && [ -z "$suite_failed" ]; then
    failed=$((failed + 1))
    problems+=("$name: mocha ended with status $status before its summary")
  fi
}

# network STATE_DIR SCRIPT ARGS...: a network script run on the network whose state is in STATE_DIR.
network() { local state="$1"; shift; BAYRECON_STATE_DIR="$state" "$SCRIPTS_DIR/$1" "${@:2}"; }

# network_state STATE_DIR: running (every peer up), stopped (created, some node down) or none.
network_state() {
  BAYRECON_STATE_DIR="$1" bash -c '
    source network/env.sh
    [ -f "$STATE_DIR/created" ] || { echo none; exit; }
    for org in $(org_names bank regulator); do pid_alive "$org" peer || { echo stopped; exit; }; done
    echo running'
}

# apis_running STATE_DIR: true when some organisation's own API instance (make up's) runs.
apis_running() {
  BAYRECON_STATE_DIR="$1" bash -c 'source network/env.sh; for org in $(org_names bank regulator); do pid_alive "$org" api && exit 0; done; exit 1'
}

# network_phase NAME TOPOLOGY ORDERING STATE_DIR "MOCHA_CONFIG..." [postgres]: brings the network up (or reuses it),
# runs the suites of each config on it in turn (with a PostgreSQL beside it when asked), and leaves the network as
# it found it.
network_phase() {
  local name="$1" topology="$2" ordering="$3" state="$4" configs="$5" postgres="${6:-}" found apis=false config
  found="$(network_state "$state")"
  if [ "$found" != none ] && ! { grep -qx "TOPOLOGY=$topology" "$state/settings.env" && grep -qx "ORDERING=$ordering" "$state/settings.env"; } 2>/dev/null; then
    failed=$((failed + 1))
    problems+=("$name: the network in $state is not TOPOLOGY=$topology ORDERING=$ordering ('make down' it, or set BAYRECON_STATE_DIR)")
    return
  fi
  [ "$found" = running ] && apis_running "$state" && apis=true
  echo "== $name: network in $state ($found)"
  if TOPOLOGY="$topology" ORDERING="$ordering" network "$state" up.sh; then
    local url=""
    # The API's database tests run on SQLite and on this PostgreSQL.
    if [ "$postgres" = postgres ] && ! url="$(network "$state" postgres.sh start)"; then
      failed=$((failed + 1))
      problems+=("$name: PostgreSQL did not start")
    else
      for config in $configs; do
        TEST_DATABASE_URL="$url" BAYRECON_STATE_DIR="$state" run_suite "$name: ${config#.mocharc.}" "$config"
      done
    fi
    [ -z "$url" ] || network "$state" postgres.sh stop >/dev/null 2>&1
  else
    failed=$((failed + 1))
    problems+=("$name: the network did not come up (see its output above)")
  fi
  # Both networks of a run use the same ports: each is stopped before the next comes up.
  case "$found" in
    none) network "$state" down.sh ;;
    *) network "$state" stop.sh ;;
  esac
  if [ "$found" = running ]; then
    RESUME+=("$state")
    [ "$apis" = false ] || RESUME_APIS+=("$state")
  fi
}

RESUME=() RESUME_APIS=()
# Whatever ends the run, the networks it found running run again.
resume_networks() {
  local state
  for state in "${RESUME[@]}"; do network "$state" up.sh >/dev/null || echo "[test] could not resume the network in $state"; done
  for state in "${RESUME_APIS[@]}"; do network "$state" apis.sh start >/dev/null || echo "[test] could not restart the APIs of $state"; done
}
trap 'resume_networks; finish' EXIT
trap 'exit 130' INT TERM

# The builds leave the unit tests out and mocha runs them transpile-only, so each workspace's own tsconfig.json
# (its sources and its specs) is checked here too.
echo "== type check of tests, benchmarks and network clients, and of each workspace with its unit tests"
for project in tsconfig.json common/tsconfig.json chaincode/tsconfig.json api/tsconfig.json; do
  if ! npx tsc --noEmit -p "$project"; then
    failed=$((failed + 1))
    problems+=("every suite: the type check of $project failed")
    exit 1
  fi
done

run_suite "unit tests" .mocharc.unit.json

# The membership suite admits a bank and removes it: it runs last on each network it runs on (on the hosts
# topology the admitted bank gets a host of its own).
network_phase "network tests (single host, BFT)" single bft "$STATE_DIR" ".mocharc.network.json .mocharc.membership.json" postgres
network_phase "hosts topology: business, confidentiality, link faults, a power cut and membership (BFT)" hosts bft "$HOSTS_STATE_DIR" \
  ".mocharc.hosts.json .mocharc.membership.json"
network_phase "legacy client tests (single host, Raft)" single raft "$RAFT_STATE_DIR" .mocharc.raft.json
