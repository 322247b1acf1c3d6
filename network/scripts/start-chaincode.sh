#!/usr/bin/env bash
# Starts the chaincode service (chaincode as a service) that every org's peer reaches through connection.json:
#   start-chaincode.sh PACKAGE_ID
set -euo pipefail
source "$(dirname "$0")/../env.sh"
package_id="$1"

start_daemon "chaincode-$CHAINCODE_NAME" env \
  CORE_CHAINCODE_ID="$package_id" \
  CORE_CHAINCODE_ADDRESS="127.0.0.1:$CHAINCODE_SERVER_PORT" \
  CORE_CHAINCODE_LOGGING_LEVEL=warning \
  CORE_CHAINCODE_LOGGING_SHIM=warning \
  node "$REPO_DIR/node_modules/.bin/fabric-chaincode-node" server --module-path "$CHAINCODE_DIR"
