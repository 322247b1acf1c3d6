#!/usr/bin/env bash
# Stops the service of CHAINCODE_NAME that start-chaincode.sh recorded, and only that one.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
stop_daemon "chaincode-$CHAINCODE_NAME"
