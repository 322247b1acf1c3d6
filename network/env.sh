# Shared settings of the local network, sourced by every script in network/scripts.
# One place for the port map and paths, so that scripts, tests and the README cannot disagree.

NETWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$NETWORK_DIR")"
STATE_DIR="${BAYRECON_STATE_DIR:-$NETWORK_DIR/state}"
CRYPTO_DIR="$STATE_DIR/crypto"
# The peers' mutual TLS with the chaincode services (network/scripts/chaincode-tls.sh writes it).
CHAINCODE_TLS_DIR="$CRYPTO_DIR/chaincode-tls"
PID_DIR="$STATE_DIR/pids"
LOG_DIR="$STATE_DIR/logs"

FABRIC_HOME="${FABRIC_HOME:-$HOME/.fabric/v3.1.5}"
FABRIC_BIN="$FABRIC_HOME/bin"

CHANNEL=recon
# The chaincode the deploy scripts act on: bayrecon by default; the benchmarks deploy their trivial
# comparison chaincode beside it with CHAINCODE_NAME=trivial CHAINCODE_DIR=bench/trivial-chaincode.
CHAINCODE_NAME="${CHAINCODE_NAME:-bayrecon}"
CHAINCODE_DIR="${CHAINCODE_DIR:-$REPO_DIR/chaincode}"
# The main definition's policy: every write needs two orgs' peers to agree that the client may do it, and
# key-level policies set by the chaincode narrow each anchor to its issuer. Payments live in their bank
# pair's own definitions (deploy-chaincode.sh), whose policy is the pair's two peers.
CHAINCODE_POLICY="${CHAINCODE_POLICY:-OutOf(2,'SZBankMSP.peer','HKBankMSP.peer','MOBankMSP.peer','RegulatorMSP.peer')}"
# Optional: a chaincode without private data has no collections file.
COLLECTIONS_CONFIG="$CHAINCODE_DIR/collections.json"
# Chaincodes that may run as services, each with its own server port (chaincode_server_port below).
SERVED_CHAINCODES=(bayrecon trivial)

# Orderer batching: the benchmarks tune these (make up BATCH_TIMEOUT=500ms ...).
BATCH_TIMEOUT="${BATCH_TIMEOUT:-200ms}"
MAX_MESSAGE_COUNT="${MAX_MESSAGE_COUNT:-500}"
PREFERRED_MAX_BYTES="${PREFERRED_MAX_BYTES:-8 MB}"
FABRIC_LOG_SPEC="${FABRIC_LOG_SPEC:-WARN}"

# Every port below is shifted by BAYRECON_PORT_OFFSET, so a second network (a benchmark's, a CI check's) can
# run beside the developer's with its own BAYRECON_STATE_DIR.
PORT_OFFSET="${BAYRECON_PORT_OFFSET:-0}"

ORDERER_HOST=orderer0.orderer.bayrecon.local
ORDERER_PORT=$((7050 + PORT_OFFSET))
ORDERER_ADMIN_PORT=$((7053 + PORT_OFFSET))
ORDERER_OPERATIONS_PORT=$((9440 + PORT_OFFSET))
ORDERER_TLS_DIR="$CRYPTO_DIR/ordererOrganizations/orderer.bayrecon.local/orderers/$ORDERER_HOST/tls"
ORDERER_CA="$CRYPTO_DIR/ordererOrganizations/orderer.bayrecon.local/tlsca/tlsca.orderer.bayrecon.local-cert.pem"

PEER_ORGS=(SZBank HKBank MOBank Regulator)

# chaincode_server_port NAME: where the service of chaincode NAME listens (bayrecon 7059, trivial 7058).
# The local network runs one service per chaincode that all four peers reach, which keeps it within about
# 450 MiB: each server process costs about 75 MiB before it does any work. In production each bank runs its
# own beside its peer; only the builder configuration of each peer (builder_config) would differ.
chaincode_server_port() {
  case "$1" in
    bayrecon) echo $((7059 + PORT_OFFSET)) ;;
    trivial) echo $((7058 + PORT_OFFSET)) ;;
    *) echo "unknown chaincode $1" >&2; return 1 ;;
  esac
}
CHAINCODE_SERVER_PORT=$(chaincode_server_port "$CHAINCODE_NAME")

# org_settings ORG: sets ORG_MSP, ORG_DOMAIN, PEER_HOST, PEER_PORT, PEER_CHAINCODE_PORT,
# PEER_OPERATIONS_PORT, API_PORT, ORG_DIR, PEER_TLS_CA and ADMIN_MSP for one org.
org_settings() {
  local org="$1" base
  case "$org" in
    SZBank) base=7000; API_PORT=3001; PEER_OPERATIONS_PORT=9441 ;;
    HKBank) base=8000; API_PORT=3002; PEER_OPERATIONS_PORT=9442 ;;
    MOBank) base=9000; API_PORT=3003; PEER_OPERATIONS_PORT=9443 ;;
    Regulator) base=10000; API_PORT=3004; PEER_OPERATIONS_PORT=9444 ;;
    *) echo "unknown org $org" >&2; return 1 ;;
  esac
  base=$((base + PORT_OFFSET))
  API_PORT=$((API_PORT + PORT_OFFSET))
  PEER_OPERATIONS_PORT=$((PEER_OPERATIONS_PORT + PORT_OFFSET))
  ORG_MSP="${org}MSP"
  ORG_DOMAIN="$(echo "$org" | tr '[:upper:]' '[:lower:]').bayrecon.local"
  PEER_HOST="peer0.$ORG_DOMAIN"
  PEER_PORT=$((base + 51))
  PEER_CHAINCODE_PORT=$((base + 52))
  ORG_DIR="$CRYPTO_DIR/peerOrganizations/$ORG_DOMAIN"
  PEER_TLS_CA="$ORG_DIR/tlsca/tlsca.$ORG_DOMAIN-cert.pem"
  ADMIN_MSP="$ORG_DIR/users/Admin@$ORG_DOMAIN/msp"
}

# pem_json FILE: FILE's PEM text as the inside of a JSON string (line breaks written \n).
pem_json() { awk 'NF {sub(/\r/, ""); printf "%s\\n", $0}' "$1"; }

# builder_config ORG: the ccaas builder's values for ORG's peer, filled into the placeholders of each
# chaincode's connection.json: each served chaincode's port (`{{.NAME_port}}`) and the peer's side of the
# mutual TLS with the chaincode services: the CA their certificates chain to (`{{.chaincode_root_cert}}`) and
# the peer's client certificate and key (`{{.chaincode_client_cert}}`, `{{.chaincode_client_key}}`). Kept out
# of the package, which every org installs under the same id, so that each bank's peer holds its own key and
# trusts its own chaincode service's CA.
builder_config() {
  local name entries=()
  for name in "${SERVED_CHAINCODES[@]}"; do entries+=("\"${name}_port\":\"$(chaincode_server_port "$name")\""); done
  entries+=("\"chaincode_root_cert\":\"$(pem_json "$CHAINCODE_TLS_DIR/ca.crt")\""
    "\"chaincode_client_cert\":\"$(pem_json "$CHAINCODE_TLS_DIR/peers/$1.crt")\""
    "\"chaincode_client_key\":\"$(pem_json "$CHAINCODE_TLS_DIR/peers/$1.key")\"")
  (IFS=,; echo "{${entries[*]}}")
}

# as_admin ORG: points the peer CLI at ORG's peer with ORG's admin identity.
as_admin() {
  org_settings "$1"
  export FABRIC_CFG_PATH="$FABRIC_HOME/config"
  export CORE_PEER_LOCALMSPID="$ORG_MSP"
  export CORE_PEER_MSPCONFIGPATH="$ADMIN_MSP"
  export CORE_PEER_ADDRESS="127.0.0.1:$PEER_PORT"
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_TLS_ROOTCERT_FILE="$PEER_TLS_CA"
  export FABRIC_LOGGING_SPEC=WARN
}

log() { printf '[network] %s\n' "$*"; }
die() { printf '[network] error: %s\n' "$*" >&2; exit 1; }

# pid_alive NAME: true when the process recorded in NAME's pid file still runs.
pid_alive() {
  local file="$PID_DIR/$1.pid"
  [ -f "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null
}

# start_daemon NAME COMMAND...: runs COMMAND detached from this shell's session (so it outlives make and
# test runners), logging to LOG_DIR/NAME.log and recording its pid for `make down`.
start_daemon() {
  local name="$1"; shift
  mkdir -p "$PID_DIR" "$LOG_DIR"
  setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 < /dev/null &
  echo $! >"$PID_DIR/$name.pid"
}

# wait_for DESCRIPTION SECONDS COMMAND...: retries COMMAND every 0.1 s until it succeeds or time runs out.
wait_for() {
  local what="$1" seconds="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "timed out after ${seconds}s waiting for $what"
    sleep 0.1
  done
}

# stop_daemon NAME: stops the process group recorded in NAME's pid file (TERM, then KILL after 5 s).
stop_daemon() {
  local file="$PID_DIR/$1.pid" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}
