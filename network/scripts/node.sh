#!/usr/bin/env bash
# Crashes or restarts one node of a running network, for fault tests and operators:
#   node.sh kill NODE      SIGKILL to its process group, as a crash would (no clean shutdown)
#   node.sh start NODE     starts it again on its existing state
# NODE: peer-ORG | orderer-ORG | ca-ORG | api-ORG | chaincode (the shared service of one machine) | chaincode-ORG (an
# organisation's own service, hosts topology).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
action="${1:-}" node="${2:-}"
[ -n "$node" ] || die "usage: node.sh kill|start NODE"

# place_and_name NODE: the place (an organisation or `shared`) and the pid file name of a node.
case "$node" in
  chaincode) place=shared name=chaincode-bayrecon ;;
  chaincode-*) place="${node#chaincode-}" name=chaincode-bayrecon ;;
  peer-*|orderer-*|ca-*|api-*) place="${node#*-}" name="${node%%-*}" ;;
  *) die "unknown node '$node' (peer-ORG, orderer-ORG, ca-ORG, api-ORG, chaincode, chaincode-ORG)" ;;
esac

case "$action" in
  kill)
    kill_daemon "$place" "$name" || die "$node is not running"
    ;;
  start)
    if pid_alive "$place" "$name"; then log "$node already running"; exit 0; fi
    case "$name" in
      peer|orderer|ca) "$SCRIPTS_DIR/org/$name.sh" start "$place" ;;
      api) "$SCRIPTS_DIR/api.sh" start "$place" ;;
      chaincode-bayrecon) "$SCRIPTS_DIR/chaincode.sh" start "$place" bayrecon "$(cat "$(place_dir "$place")/bayrecon.package-id")" ;;
    esac
    ;;
  *) die "usage: node.sh kill|start NODE" ;;
esac
