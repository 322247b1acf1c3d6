#!/usr/bin/env bash
# Starts the chaincode service (chaincode as a service) that every org's peer reaches through connection.json:
#   start-chaincode.sh PACKAGE_ID
# It speaks TLS only and answers only clients whose certificate the chaincode services' CA issued: the peers.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
package_id="$1"

start_daemon "chaincode-$CHAINCODE_NAME" env \
  CORE_CHAINCODE_ID="$package_id" \
  CORE_CHAINCODE_ADDRESS="127.0.0.1:$CHAINCODE_SERVER_PORT" \
  CORE_CHAINCODE_TLS_CERT_FILE="$CHAINCODE_TLS_DIR/server.crt" \
  CORE_CHAINCODE_TLS_KEY_FILE="$CHAINCODE_TLS_DIR/server.key" \
  CORE_CHAINCODE_TLS_CLIENT_CACERT_FILE="$CHAINCODE_TLS_DIR/ca.crt" \
  CORE_CHAINCODE_LOGGING_LEVEL=warning \
  CORE_CHAINCODE_LOGGING_SHIM=warning \
  node "$REPO_DIR/node_modules/.bin/fabric-chaincode-node" server --module-path "$CHAINCODE_DIR"
