# Shared settings of a bayrecon network, sourced by every script in network/scripts.
#
# A network is a set of organisations, each on a host of its own: its CA, peer, orderer, chaincode service and
# API, and a state folder only it reads (orgs/ORG). Organisations exchange only what real ones exchange (their
# public MSP definitions and node certificates, channel blocks, config updates to sign, chaincode packages),
# through the exchange folder, which stands for sending a file to another institution.
#
# Topologies: `single` runs every organisation on 127.0.0.1 of this machine, each with its own block of ports;
# `hosts` gives each organisation a Linux network namespace with its own address on a bridge, the same ports on
# every host, and TLS names that are those addresses.

NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$NETWORK_DIR")"
SCRIPTS_DIR="$NETWORK_DIR/scripts"
STATE_DIR="${BAYRECON_STATE_DIR:-$NETWORK_DIR/state}"
EXCHANGE_DIR="$STATE_DIR/exchange"
# The consortium as this network knows it: a copy of the genesis consortium made when the network is created,
# changed by add-bank and remove-bank.
CONSORTIUM_FILE="$STATE_DIR/consortium.json"
# The genesis consortium, which the chaincode and the API read too (one list of organisations for all).
GENESIS_CONSORTIUM="$REPO_DIR/common/src/consortium.json"
# What the network was created with, so that a resumed network keeps its topology and ordering.
SETTINGS_FILE="$STATE_DIR/settings.env"

FABRIC_HOME="${FABRIC_HOME:-$HOME/.fabric/v3.1.5}"
FABRIC_BIN="$FABRIC_HOME/bin"

# Every port is shifted by BAYRECON_PORT_OFFSET, so a second network (a benchmark's, a CI check's) can run beside
# the developer's with its own BAYRECON_STATE_DIR. Each organisation takes a block of 100 ports on one machine,
# so offsets are multiples of 10000 (the benchmarks use 20000).
PORT_OFFSET="${BAYRECON_PORT_OFFSET:-0}"

if [ -f "$SETTINGS_FILE" ]; then
  # shellcheck source=/dev/null
  source "$SETTINGS_FILE"
fi
TOPOLOGY="${TOPOLOGY:-single}"
ORDERING="${ORDERING:-bft}"

CONSORTIUM_CHANNEL=consortium
# The one chaincode, on the consortium channel (documents, heartbeats, the member directory) and on each bank
# pair's channel (that pair's payments): its contracts know which channel they run on.
MAIN_CHAINCODE=bayrecon

# Orderer batching: the benchmarks tune these (make up BATCH_TIMEOUT=500ms ...). On BFT the batch timeout is
# SmartBFT's RequestBatchMaxInterval.
BATCH_TIMEOUT="${BATCH_TIMEOUT:-200ms}"
MAX_MESSAGE_COUNT="${MAX_MESSAGE_COUNT:-500}"
PREFERRED_MAX_BYTES="${PREFERRED_MAX_BYTES:-8 MB}"
FABRIC_LOG_SPEC="${FABRIC_LOG_SPEC:-WARN}"

# The hosts topology: one namespace per organisation on a bridge of this machine.
HOSTS_BRIDGE=bayrecon0
HOSTS_SUBNET_PREFIX=10.231.0
HOSTS_GATEWAY="$HOSTS_SUBNET_PREFIX.1"

# The chaincode services of the single-host topology: one process per chaincode that every peer reaches, since
# each costs about 75 MiB before it does any work. On the hosts topology each organisation runs its own.
SHARED_CHAINCODE_PORT=$((6959 + PORT_OFFSET))
TRIVIAL_CHAINCODE_PORT=$((6958 + PORT_OFFSET))
# Where an organisation's own chaincode service listens on its host (hosts topology).
HOST_CHAINCODE_PORT=7059
HOST_TRIVIAL_CHAINCODE_PORT=7058

log() { printf '[network] %s\n' "$*"; }
die() { printf '[network] error: %s\n' "$*" >&2; exit 1; }

# consortium: the consortium file in force (the network's own copy once it exists).
consortium() { if [ -f "$CONSORTIUM_FILE" ]; then cat "$CONSORTIUM_FILE"; else cat "$GENESIS_CONSORTIUM"; fi; }
consortium_path() { if [ -f "$CONSORTIUM_FILE" ]; then echo "$CONSORTIUM_FILE"; else echo "$GENESIS_CONSORTIUM"; fi; }

# load_consortium: reads the consortium once into shell tables, so that the questions below cost no process:
#   ORG_LIST (every organisation, removed ones too, in index order), ORG_KINDS[org], ORG_INDEXES[org],
#   ORG_STATUSES[org], ORG_REGIMES[org] (a bank's through its jurisdiction), CHANNEL_LIST (the consortium's
#   channel first, then one per pair of active banks of different regimes), CLOSED_CHANNEL_LIST (the channels of
#   pairs with a removed bank that were created: their payments stay readable by their other members),
#   CHANNEL_MEMBERS[channel] (its active members) and CHANNEL_PAIRS[channel] ("A B", sorted). Banks of one regime
#   pay each other through their domestic system; bayrecon reconciles cross-border payments only. A pair's channel
#   has its two banks and their regulators.
load_consortium() {
  declare -gA ORG_KINDS=() ORG_INDEXES=() ORG_STATUSES=() ORG_REGIMES=() CHANNEL_MEMBERS=() CHANNEL_PAIRS=()
  declare -ga ORG_LIST=() CHANNEL_LIST=() CLOSED_CHANNEL_LIST=()
  local line
  while IFS=$'\t' read -r -a line; do
    case "${line[0]}" in
      org) ORG_LIST+=("${line[1]}"); ORG_INDEXES[${line[1]}]="${line[2]}"; ORG_KINDS[${line[1]}]="${line[3]}"
           ORG_STATUSES[${line[1]}]="${line[4]}"; ORG_REGIMES[${line[1]}]="${line[5]:-}" ;;
      channel) CHANNEL_LIST+=("${line[1]}"); CHANNEL_PAIRS[${line[1]}]="${line[2]#-}"; CHANNEL_MEMBERS[${line[1]}]="${line[3]}" ;;
      closed)
        [ -f "$EXCHANGE_DIR/channels/${line[1]}/genesis.block" ] || continue
        CLOSED_CHANNEL_LIST+=("${line[1]}"); CHANNEL_PAIRS[${line[1]}]="${line[2]}"; CHANNEL_MEMBERS[${line[1]}]="${line[3]}" ;;
    esac
  done < <(consortium | jq -r --arg consortium "$CONSORTIUM_CHANNEL" '
    . as $c
    | ($c.jurisdictions | map({key: .code, value: .regime}) | from_entries) as $regimes
    | [$c.orgs | to_entries[] | .value + {index: .key, status: (.value.status // "active"),
        regime: (if .value.kind == "bank" then $regimes[.value.jurisdiction] else (.value.regime // "-") end)}] as $orgs
    | ($orgs | map(select(.status == "active"))) as $active
    | ($orgs | map(select(.kind == "bank" and .status != "admitting")) | sort_by(.name)) as $banks
    | ($orgs[] | ["org", .name, (.index | tostring), .kind, .status, .regime] | @tsv),
      (["channel", $consortium, "-", ($active | map(select(.kind != "orderer")) | map(.name) | join(" "))] | @tsv),
      ( [range(0; $banks | length) as $i | range($i + 1; $banks | length) as $j | [$banks[$i], $banks[$j]]
          | select(.[0].regime != .[1].regime)] []
        | . as [$a, $b]
        | ([$a.name, $b.name, ($orgs[] | select(.kind == "regulator" and (.regime == $a.regime or .regime == $b.regime)) | .name)]) as $members
        | [(if $a.status == "active" and $b.status == "active" then "channel" else "closed" end),
           "pair-\($a.name | ascii_downcase)-\($b.name | ascii_downcase)", "\($a.name) \($b.name)",
           ($active | map(select(.name as $n | $members | index($n))) | map(.name) | join(" "))] | @tsv)')
}

# org_names [KIND...]: the active organisations (of those kinds: bank, regulator, orderer), in index order.
org_names() {
  local org
  for org in "${ORG_LIST[@]}"; do
    [ "${ORG_STATUSES[$org]}" = active ] || continue
    if [ $# -eq 0 ] || [[ " $* " == *" ${ORG_KINDS[$org]} "* ]]; then echo "$org"; fi
  done
}
# org_field ORG FIELD: one field of an organisation's entry ('' when absent).
org_field() { consortium | jq -r --arg org "$1" --arg field "$2" '.orgs[] | select(.name == $org) | .[$field] // "" | if type == "array" then join(",") else tostring end'; }
# regime_of ORG: the regulatory regime of a bank (through its jurisdiction) or of a regulator.
regime_of() { echo "${ORG_REGIMES[$1]#-}"; }

# pair_channel ORG_A ORG_B: the channel of a bank pair, named for its two banks in sorted order.
pair_channel() { printf '%s\n' "$1" "$2" | sort | tr '[:upper:]' '[:lower:]' | paste -sd- | sed 's/^/pair-/'; }

# channels: every channel of the network, the consortium's first.
channels() { printf '%s\n' "${CHANNEL_LIST[@]}"; }
# channel_members CHANNEL: the organisations of a channel, in index order.
channel_members() { printf '%s\n' ${CHANNEL_MEMBERS[$1]:-}; }
# channel_pair CHANNEL: the two banks of a pair's channel ("A B", sorted); nothing for the consortium's.
channel_pair() { [ -z "${CHANNEL_PAIRS[$1]:-}" ] || echo "${CHANNEL_PAIRS[$1]}"; }
# is_member ORG CHANNEL: true when the organisation is one of the channel's members.
is_member() { [[ " ${CHANNEL_MEMBERS[$2]:-} " == *" $1 "* ]]; }
# channels_of ORG: the channels an organisation is a member of.
channels_of() {
  local channel
  for channel in "${CHANNEL_LIST[@]}"; do if is_member "$1" "$channel"; then echo "$channel"; fi; done
}

# channel_orderers CHANNEL: the organisations whose orderer orders the channel: its members' at its creation on
# BFT (a bank admitted later orders its own pairs' channels, not the consortium's), the ordering organisation's
# single node on Raft. A created channel's list is the one its genesis block names (exchange/channels/CH/orderers).
channel_orderers() {
  local file="$EXCHANGE_DIR/channels/$1/orderers"
  if [ -f "$file" ]; then cat "$file"
  elif [ "$ORDERING" = raft ]; then org_names orderer
  else channel_members "$1"; fi
}

# node_identities ORG: the identities of ORG's nodes, admin and API, one "CA NAME TYPE" line each (CA: ca, the
# enrolment CA, or tlsca), as its CA registers them when it is first initialised (ca.sh) and identities.sh enrols them.
node_identities() {
  if runs_peer "$1"; then echo "ca peer0 peer"; echo "tlsca peer0 peer"; echo "ca api client"; fi
  if runs_orderer "$1"; then echo "ca orderer0 orderer"; echo "tlsca orderer0 orderer"; fi
  echo "ca admin admin"; echo "tlsca admin client"
}

# orderers_for CHANNEL ORG: the channel's consenters in the order ORG sends them a transaction, its own first. A
# consenter may accept a transaction and not get it ordered (one restored from a backup until it follows the
# others' SmartBFT leader): a client whose transaction did not commit in time sends it to the next.
orderers_for() { channel_orderers "$1" | grep -x "$2" || true; channel_orderers "$1" | grep -vx "$2" || true; }

# runs_peer ORG / runs_orderer ORG: which nodes an organisation runs.
runs_peer() { [ "${ORG_KINDS[$1]:-}" != orderer ]; }
runs_orderer() { if [ "$ORDERING" = raft ]; then [ "${ORG_KINDS[$1]:-}" = orderer ]; else runs_peer "$1"; fi; }

# org_settings ORG: sets, for one organisation, ORG_INDEX, ORG_KIND, ORG_MSP, ORG_DOMAIN, ORG_HOST (the address
# its nodes listen on), ORG_NAMESPACE ('' on one machine), the ports (PEER_PORT, PEER_CHAINCODE_PORT,
# PEER_OPERATIONS_PORT, ORDERER_PORT, ORDERER_ADMIN_PORT, ORDERER_OPERATIONS_PORT, CA_PORT, CA_OPERATIONS_PORT,
# API_PORT, CHAINCODE_PORT) and its folders (ORG_DIR, PID_DIR, LOG_DIR).
org_settings() {
  local org="$1" index
  index="${ORG_INDEXES[$org]:-}"
  [ -n "$index" ] || die "unknown organisation '$org' (see $(consortium_path))"
  ORG_NAME="$org"
  ORG_INDEX="$index"
  ORG_KIND="${ORG_KINDS[$org]}"
  ORG_MSP="${org}MSP"
  ORG_DOMAIN="$(echo "$org" | tr '[:upper:]' '[:lower:]').bayrecon.local"
  ORG_DIR="$STATE_DIR/orgs/$org"
  PID_DIR="$ORG_DIR/pids"
  LOG_DIR="$ORG_DIR/logs"
  local base
  if [ "$TOPOLOGY" = hosts ]; then
    ORG_HOST="$HOSTS_SUBNET_PREFIX.$((10 + index))"
    ORG_NAMESPACE="bayrecon-$(echo "$org" | tr '[:upper:]' '[:lower:]')"
    base=$((7000 + PORT_OFFSET))
    API_PORT=$((3001 + PORT_OFFSET))
    CHAINCODE_PORT="$HOST_CHAINCODE_PORT"
  else
    ORG_HOST=127.0.0.1
    ORG_NAMESPACE=
    base=$((7000 + 100 * index + PORT_OFFSET))
    API_PORT=$((3001 + index + PORT_OFFSET))
    CHAINCODE_PORT="$SHARED_CHAINCODE_PORT"
  fi
  PEER_PORT=$((base + 51))
  PEER_CHAINCODE_PORT=$((base + 52))
  PEER_OPERATIONS_PORT=$((base + 40))
  ORDERER_PORT=$((base + 50))
  ORDERER_ADMIN_PORT=$((base + 53))
  ORDERER_OPERATIONS_PORT=$((base + 41))
  CA_PORT=$((base + 54))
  CA_OPERATIONS_PORT=$((base + 42))
  PEER_HOST="peer0.$ORG_DOMAIN"
  ORDERER_HOST="orderer0.$ORG_DOMAIN"
}
# Paths of an organisation's identities, once org_settings ran.
org_msp_dir() { echo "$STATE_DIR/orgs/$1/msp"; }
# The public definition an organisation sends the others (exchange/orgs/ORG).
published_dir() { echo "$EXCHANGE_DIR/orgs/$1"; }

# on_host ORG COMMAND...: runs COMMAND on the organisation's host (inside its namespace on the hosts topology).
on_host() {
  local org="$1"; shift
  org_settings "$org"
  if [ -n "$ORG_NAMESPACE" ]; then ip netns exec "$ORG_NAMESPACE" "$@"; else "$@"; fi
}

# as_admin ORG: points the peer CLI at ORG's peer with ORG's admin identity.
as_admin() {
  org_settings "$1"
  export FABRIC_CFG_PATH="$FABRIC_HOME/config"
  export CORE_PEER_LOCALMSPID="$ORG_MSP"
  export CORE_PEER_MSPCONFIGPATH="$ORG_DIR/admin/msp"
  export CORE_PEER_ADDRESS="$ORG_HOST:$PEER_PORT"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE="$ORG_DIR/msp/tlscacerts/tlsca.pem"
  export FABRIC_LOGGING_SPEC=WARN
}

# pem_json FILE: FILE's PEM text as the inside of a JSON string (line breaks written \n).
pem_json() { awk 'NF {sub(/\r/, ""); printf "%s\\n", $0}' "$1"; }

# Every process belongs to a place: an organisation (its host) or, on the single-host topology, `shared` (the
# chaincode services every peer of this machine reaches).
place_dir() { if [ "$1" = shared ]; then echo "$STATE_DIR/shared"; else echo "$STATE_DIR/orgs/$1"; fi; }

# A pid file holds the pid and the process's start time (field 22 of /proc/PID/stat), so that a pid reused by
# another process, or a dead process not yet reaped (state Z), never counts as the node.
proc_start_time() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }
proc_state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null; }

# pid_file_alive FILE: true when the process recorded in the pid file FILE is that process and still runs.
pid_file_alive() {
  local pid started state
  [ -f "$1" ] || return 1
  read -r pid started <"$1"
  [ -n "$pid" ] && [ -n "$started" ] || return 1
  state="$(proc_state "$pid")"
  [ -n "$state" ] && [ "$state" != Z ] && [ "$(proc_start_time "$pid")" = "$started" ]
}
# pid_alive PLACE NAME: the same for PLACE's pid file NAME.
pid_alive() { pid_file_alive "$(place_dir "$1")/pids/$2.pid"; }

# start_process DIR NAMESPACE NAME COMMAND...: runs COMMAND in network namespace NAMESPACE ('' for this machine's),
# detached from this shell's session (so it outlives make and test runners), logging to DIR/logs/NAME.log and
# recording its pid and start time in DIR/pids/NAME.pid.
start_process() {
  local dir="$1" namespace="$2" name="$3" prefix=()
  shift 3
  [ -z "$namespace" ] || prefix=(ip netns exec "$namespace")
  mkdir -p "$dir/pids" "$dir/logs"
  setsid "${prefix[@]}" "$@" >>"$dir/logs/$name.log" 2>&1 </dev/null &
  local pid=$! started=""
  for _ in $(seq 20); do started="$(proc_start_time "$pid")"; [ -n "$started" ] && break; sleep 0.05; done
  echo "$pid $started" >"$dir/pids/$name.pid"
}

# start_daemon PLACE NAME COMMAND...: start_process on PLACE's host, in PLACE's state folder.
start_daemon() {
  local place="$1" name="$2" namespace=""
  shift 2
  if [ "$place" != shared ]; then org_settings "$place"; namespace="$ORG_NAMESPACE"; fi
  start_process "$(place_dir "$place")" "$namespace" "$name" "$@"
}

# stop_process DIR NAME: stops the process group recorded in DIR/pids/NAME.pid (TERM, then KILL after 5 s).
stop_process() {
  local file="$1/pids/$2.pid" pid
  [ -f "$file" ] || return 0
  if pid_file_alive "$file"; then
    read -r pid _ <"$file"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do pid_file_alive "$file" || break; sleep 0.1; done
    if pid_file_alive "$file"; then kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

# stop_daemon PLACE NAME: stop_process in PLACE's state folder.
stop_daemon() { stop_process "$(place_dir "$1")" "$2"; }

# kill_daemon PLACE NAME: SIGKILL to the whole process group, as a crash would (no clean shutdown).
kill_daemon() {
  local file pid
  file="$(place_dir "$1")/pids/$2.pid"
  pid_alive "$1" "$2" || return 1
  read -r pid _ <"$file"
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid"
  rm -f "$file"
}

# chaincode_tls_dir ORG: the mutual TLS between ORG's peer and the chaincode service it reaches: the
# organisation's own on the hosts topology, the machine's shared services' on one machine.
chaincode_tls_dir() { if [ "$TOPOLOGY" = hosts ]; then echo "$STATE_DIR/orgs/$1/chaincode-tls"; else echo "$STATE_DIR/shared/chaincode-tls"; fi; }

# wait_for DESCRIPTION SECONDS COMMAND...: retries COMMAND every 0.1 s until it succeeds or time runs out.
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${seconds}s waiting for $what"
    sleep 0.1
  done
}

# healthy ORG PORT: true when the operations endpoint at PORT on ORG's host answers /healthz.
healthy() { org_settings "$1"; curl -sf --max-time 2 "http://$ORG_HOST:$2/healthz" >/dev/null; }
# port_open HOST PORT: true once something accepts TCP connections there.
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Pipelines here never end in `grep -q`: with pipefail, grep leaving early kills the writer with SIGPIPE and
# the whole test reads as false.

# wait_all: waits for every background job of this shell; false when any failed.
wait_all() { local failed=0 job; for job in $(jobs -p); do wait "$job" || failed=1; done; return $failed; }

load_consortium
