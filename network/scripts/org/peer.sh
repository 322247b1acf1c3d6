#!/usr/bin/env bash
# One organisation's peer, a detached native process on its host (LevelDB state, chaincode as a service over
# mutual TLS through the ccaas builder):
#   peer.sh start ORG | stop ORG
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
command="${1:-}" org="${2:-}"
[ -n "$org" ] || die "usage: peer.sh start|stop ORG"
org_settings "$org"

# builder_config: what the ccaas builder fills into the placeholders of each chaincode's connection.json on this
# peer: each served chaincode's port, and the peer's side of the mutual TLS with the chaincode services (the CA
# their certificates chain to, the peer's client certificate and key). Kept out of the package, which every org
# installs under the same id, so that each peer holds its own key and trusts its own chaincode service's CA.
builder_config() {
  local tls; tls="$(chaincode_tls_dir "$org")"
  local bayrecon_port=$CHAINCODE_PORT trivial_port=$TRIVIAL_CHAINCODE_PORT
  [ "$TOPOLOGY" = hosts ] && trivial_port=$HOST_TRIVIAL_CHAINCODE_PORT
  jq -nc --arg bayrecon "$bayrecon_port" --arg trivial "$trivial_port" \
    --rawfile root "$tls/ca.crt" --rawfile cert "$tls/peers/$org.crt" --rawfile key "$tls/peers/$org.key" \
    '{bayrecon_port: $bayrecon, trivial_port: $trivial, chaincode_root_cert: $root, chaincode_client_cert: $cert,
      chaincode_client_key: $key}'
}

case "$command" in
  start)
    pid_alive "$org" peer && exit 0
    data="$ORG_DIR/data/peer"
    mkdir -p "$data"
    # CORE_VM_ENDPOINT is empty so the peer neither needs nor health-checks a Docker engine. The keepalive and
    # reconnect settings let a peer cut off from the orderers catch up about a second after the link heals
    # (35 s with Fabric's defaults). Private data a peer lacks comes back by reconciliation from the collection's
    # other members, one round every reconcileSleepInterval: a peer joined from a snapshot holds every pair's
    # payment details and commitment key only as hashes until then, and refuses its pairs' payments meanwhile, so
    # 10 s instead of Fabric's minute. A block whose private data no other peer can give (the organisation's own
    # chaincode approvals, when its only peer was rebuilt) holds the peer's commits for pullRetryThreshold before it
    # commits without it: 5 s instead of a minute per such block; whatever is still missing then is reconciled.
    start_daemon "$org" peer env \
      FABRIC_CFG_PATH="$FABRIC_HOME/config" \
      FABRIC_LOGGING_SPEC="$FABRIC_LOG_SPEC" \
      CORE_PEER_ID="$PEER_HOST" \
      CORE_PEER_ADDRESS="$ORG_HOST:$PEER_PORT" \
      CORE_PEER_LISTENADDRESS="$ORG_HOST:$PEER_PORT" \
      CORE_PEER_CHAINCODEADDRESS="$ORG_HOST:$PEER_CHAINCODE_PORT" \
      CORE_PEER_CHAINCODELISTENADDRESS="$ORG_HOST:$PEER_CHAINCODE_PORT" \
      CORE_PEER_GOSSIP_BOOTSTRAP="$ORG_HOST:$PEER_PORT" \
      CORE_PEER_GOSSIP_EXTERNALENDPOINT="$ORG_HOST:$PEER_PORT" \
      CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s \
      CORE_PEER_KEEPALIVE_DELIVERYCLIENT_INTERVAL=10s \
      CORE_PEER_KEEPALIVE_DELIVERYCLIENT_TIMEOUT=5s \
      CORE_PEER_DELIVERYCLIENT_RECONNECTBACKOFFTHRESHOLD=2s \
      CORE_PEER_GOSSIP_PVTDATA_RECONCILESLEEPINTERVAL=10s \
      CORE_PEER_GOSSIP_PVTDATA_PULLRETRYTHRESHOLD=5s \
      CORE_PEER_LOCALMSPID="$ORG_MSP" \
      CORE_PEER_MSPCONFIGPATH="$ORG_DIR/peer/msp" \
      CORE_PEER_TLS_ENABLED=true \
      CORE_PEER_TLS_CERT_FILE="$ORG_DIR/peer/tls/server.crt" \
      CORE_PEER_TLS_KEY_FILE="$ORG_DIR/peer/tls/server.key" \
      CORE_PEER_TLS_ROOTCERT_FILE="$ORG_DIR/peer/tls/ca.crt" \
      CORE_PEER_FILESYSTEMPATH="$data/ledger" \
      CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/snapshots" \
      CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
      CORE_OPERATIONS_LISTENADDRESS="$ORG_HOST:$PEER_OPERATIONS_PORT" \
      CORE_METRICS_PROVIDER=prometheus \
      CORE_VM_ENDPOINT= \
      CORE_CHAINCODE_EXTERNALBUILDERS="[{name: ccaas_builder, path: $FABRIC_HOME/builders/ccaas, propagateEnvironment: [CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG]}]" \
      CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG="$(builder_config)" \
      "$FABRIC_BIN/peer" node start
    wait_for "the peer of $org" 30 healthy "$org" "$PEER_OPERATIONS_PORT"
    # The operations endpoint answers before the peer has recovered its ledger and opened its gRPC port.
    wait_for "the peer of $org's port" 60 port_open "$ORG_HOST" "$PEER_PORT"
    ;;
  stop) stop_daemon "$org" peer ;;
  *) die "usage: peer.sh start|stop ORG" ;;
esac
