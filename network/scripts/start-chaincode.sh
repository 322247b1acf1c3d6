#!/usr/bin/env bash
# Starts one org's chaincode server (chaincode as a service): start-chaincode.sh ORG PACKAGE_ID
# Each bank runs its own, as it would in production; its peer reaches it through connection.json.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
org_settings "$1"
package_id="$2"

start_daemon "chaincode-$CHAINCODE_NAME-$1" env \
  CORE_CHAINCODE_ID="$package_id" \
  CORE_CHAINCODE_ADDRESS="127.0.0.1:$CHAINCODE_SERVER_PORT" \
  CORE_CHAINCODE_LOGGING_LEVEL=warning \
  CORE_CHAINCODE_LOGGING_SHIM=warning \
  node "$REPO_DIR/node_modules/.bin/fabric-chaincode-node" server --module-path "$CHAINCODE_DIR"
