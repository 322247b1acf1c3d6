#!/usr/bin/env bash
# Crashes or restarts one node of a running network, for fault tests and operators:
#   node.sh kill NODE      SIGKILL to its process group, as a crash would (no clean shutdown)
#   node.sh start NODE     starts it again on its existing state, and waits until it answers
# NODE: orderer-ORG | peer-ORG | ca-ORG | api-ORG (ORG: an organisation of the network, e.g. orderer-HKMA), or the
# bayrecon chaincode service: `chaincode` (the single-host topology's shared one), chaincode-ORG (an organisation's
# own, on the hosts topology).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
action="${1:-}" node="${2:-}"
usage() { die "usage: node.sh kill|start orderer-ORG|peer-ORG|ca-ORG|api-ORG|chaincode|chaincode-ORG"; }
[ -n "$node" ] || usage

# The place (an organisation, or `shared`) and the pid file's name of the node.
case "$node" in
  chaincode) place=shared name=chaincode-bayrecon ;;
  chaincode-*) place="${node#chaincode-}" name=chaincode-bayrecon ;;
  orderer-*|peer-*|ca-*|api-*) place="${node#*-}" name="${node%%-*}" ;;
  *) usage ;;
esac
if [ "$place" != shared ]; then
  [ -n "${ORG_INDEXES[$place]:-}" ] || die "unknown organisation '$place' in '$node' (organisations: $(org_names | paste -sd' '))"
fi

case "$action" in
  kill) kill_daemon "$place" "$name" || die "$node is not running" ;;
  start)
    if pid_alive "$place" "$name"; then log "$node already running"; exit 0; fi
    case "$node" in
      orderer-*) "$SCRIPTS_DIR/org/orderer.sh" start "$place" ;;
      peer-*) "$SCRIPTS_DIR/org/peer.sh" start "$place" ;;
      ca-*) "$SCRIPTS_DIR/org/ca.sh" start "$place" ;;
      api-*) "$SCRIPTS_DIR/api.sh" start "$place" ;;
      chaincode*)
        file="$(place_dir "$place")/bayrecon.package-id"
        [ -f "$file" ] || die "no chaincode package id in $file: was the chaincode deployed?"
        "$SCRIPTS_DIR/chaincode.sh" start "$place" bayrecon "$(cat "$file")" ;;
    esac
    ;;
  *) usage ;;
esac
