#!/usr/bin/env bash
# Starts one org's peer as a detached native process: start-peer.sh ORG
set -euo pipefail
source "$(dirname "$0")/../env.sh"
org_settings "$1"

data="$STATE_DIR/peers/$1"
peer_dir="$ORG_DIR/peers/$PEER_HOST"
mkdir -p "$data"
# CORE_VM_ENDPOINT is empty so the peer neither needs nor health-checks a Docker engine; chaincode runs
# as a service, reached through the ccaas builder at the chaincode service's port, over mutual TLS.
start_daemon "peer-$1" env \
  FABRIC_CFG_PATH="$FABRIC_HOME/config" \
  FABRIC_LOGGING_SPEC="$FABRIC_LOG_SPEC" \
  CORE_PEER_ID="$PEER_HOST" \
  CORE_PEER_ADDRESS="127.0.0.1:$PEER_PORT" \
  CORE_PEER_LISTENADDRESS="127.0.0.1:$PEER_PORT" \
  CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$PEER_CHAINCODE_PORT" \
  CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$PEER_CHAINCODE_PORT" \
  CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$PEER_PORT" \
  CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$PEER_PORT" \
  CORE_PEER_GOSSIP_RECONNECTINTERVAL=2s \
  CORE_PEER_LOCALMSPID="$ORG_MSP" \
  CORE_PEER_MSPCONFIGPATH="$peer_dir/msp" \
  CORE_PEER_TLS_ENABLED=true \
  CORE_PEER_TLS_CERT_FILE="$peer_dir/tls/server.crt" \
  CORE_PEER_TLS_KEY_FILE="$peer_dir/tls/server.key" \
  CORE_PEER_TLS_ROOTCERT_FILE="$peer_dir/tls/ca.crt" \
  CORE_PEER_FILESYSTEMPATH="$data/ledger" \
  CORE_LEDGER_SNAPSHOTS_ROOTDIR="$data/snapshots" \
  CORE_LEDGER_STATE_STATEDATABASE=goleveldb \
  CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$PEER_OPERATIONS_PORT" \
  CORE_METRICS_PROVIDER=prometheus \
  CORE_VM_ENDPOINT= \
  CORE_CHAINCODE_EXTERNALBUILDERS="[{name: ccaas_builder, path: $FABRIC_HOME/builders/ccaas, propagateEnvironment: [CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG]}]" \
  CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG="$(builder_config "$1")" \
  "$FABRIC_BIN/peer" node start
