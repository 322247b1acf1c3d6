#!/usr/bin/env bash
# Stops the servers of CHAINCODE_NAME that start-chaincode.sh recorded, and only those.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
for org in "${PEER_ORGS[@]}"; do
  stop_daemon "chaincode-$CHAINCODE_NAME-$org"
done
