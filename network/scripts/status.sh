#!/usr/bin/env bash
# Prints each node's process and health, organisation by organisation, and each channel's height on its members'
# peers.
set -uo pipefail
source "$(dirname "$0")/../env.sh"
[ -d "$STATE_DIR/orgs" ] || { log "no network in $STATE_DIR"; exit 0; }
process() { pid_alive "$1" "$2" && echo "pid $(awk '{print $1}' "$(place_dir "$1")/pids/$2.pid")" || echo "not running"; }
health() { curl -sf --max-time 2 "$1" >/dev/null && echo healthy || echo "not answering"; }
echo "$TOPOLOGY network, $ORDERING ordering, state in $STATE_DIR"
printf '%-22s %-14s %-14s %s\n' NODE PROCESS HEALTH ADDRESS
for org in "${ORG_LIST[@]}"; do
  org_settings "$org"
  [ "${ORG_STATUSES[$org]}" = active ] || { printf '%-22s %s\n' "$org" "${ORG_STATUSES[$org]}"; continue; }
  printf '%-22s %-14s %-14s %s\n' "ca $org" "$(process "$org" ca)" "-" "$ORG_HOST:$CA_PORT"
  if runs_orderer "$org"; then
    printf '%-22s %-14s %-14s %s\n' "orderer $org" "$(process "$org" orderer)" "$(health "http://$ORG_HOST:$ORDERER_OPERATIONS_PORT/healthz")" "$ORG_HOST:$ORDERER_PORT"
  fi
  if runs_peer "$org"; then
    printf '%-22s %-14s %-14s %s\n' "peer $org" "$(process "$org" peer)" "$(health "http://$ORG_HOST:$PEER_OPERATIONS_PORT/healthz")" "$ORG_HOST:$PEER_PORT"
    printf '%-22s %-14s %-14s %s\n' "api $org" "$(process "$org" api)" "$(health "http://$ORG_HOST:$API_PORT/health")" "http://$ORG_HOST:$API_PORT"
  fi
done
if [ "$TOPOLOGY" = single ]; then
  printf '%-22s %-14s %-14s %s\n' "chaincode (shared)" "$(process shared chaincode-bayrecon)" "-" "127.0.0.1:$SHARED_CHAINCODE_PORT"
fi
