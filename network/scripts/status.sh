#!/usr/bin/env bash
# Prints each node's process and health, and the chaincode committed on the channel.
set -uo pipefail
source "$(dirname "$0")/../env.sh"
health() { curl -sf "http://127.0.0.1:$1/healthz" >/dev/null && echo healthy || echo "not answering"; }
process() { pid_alive "$1" && echo "pid $(cat "$PID_DIR/$1.pid")" || echo "not running"; }
printf '%-22s %-14s %-16s %s\n' NODE PROCESS HEALTH ADDRESS
printf '%-22s %-14s %-16s %s\n' orderer "$(process orderer)" "$(health $ORDERER_OPERATIONS_PORT)" "127.0.0.1:$ORDERER_PORT"
printf '%-22s %-14s %-16s %s\n' "chaincode $CHAINCODE_NAME" "$(process "chaincode-$CHAINCODE_NAME")" "-" "127.0.0.1:$CHAINCODE_SERVER_PORT"
for org in "${PEER_ORGS[@]}"; do
  org_settings "$org"
  printf '%-22s %-14s %-16s %s\n' "peer $org" "$(process "peer-$org")" "$(health "$PEER_OPERATIONS_PORT")" "127.0.0.1:$PEER_PORT"
  api_health=$(curl -sf "http://127.0.0.1:$API_PORT/health" >/dev/null && echo healthy || echo "not answering")
  printf '%-22s %-14s %-16s %s\n' "api $org" "$(process "api-$org")" "$api_health" "http://127.0.0.1:$API_PORT"
done
if pid_alive orderer; then
  as_admin SZBank
  "$FABRIC_BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CHAINCODE_NAME" 2>&1 | sed 's/^/  /'
fi
