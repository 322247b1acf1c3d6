#!/usr/bin/env bash
# Crashes or restarts one node of a running network, for fault tests and operators:
#   node.sh kill NODE      SIGKILL, as a crash would (no clean shutdown)
#   node.sh start NODE     starts it again on its existing state
# NODE: orderer | peer-ORG | chaincode (bayrecon's service) | api-ORG, with ORG one of SZBank HKBank MOBank Regulator.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
scripts="$(dirname "$0")"
action="${1:-}" node="${2:-}"

# port_open PORT: true once something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_name() {
  case "$1" in
    chaincode) echo "chaincode-$CHAINCODE_NAME" ;;
    *) echo "$1" ;;
  esac
}

case "$action" in
  kill)
    name="$(pid_name "$node")"
    pid_alive "$name" || die "$node is not running"
    kill -KILL -- "-$(cat "$PID_DIR/$name.pid")" 2>/dev/null || kill -KILL "$(cat "$PID_DIR/$name.pid")"
    rm -f "$PID_DIR/$name.pid"
    ;;
  start)
    pid_alive "$(pid_name "$node")" && { log "$node already running"; exit 0; }
    case "$node" in
      orderer)
        "$scripts/start-orderer.sh"
        wait_for "the orderer" 30 curl -sf "http://127.0.0.1:$ORDERER_OPERATIONS_PORT/healthz"
        wait_for "the orderer's port" 30 port_open "$ORDERER_PORT" ;;
      peer-*)
        org="${node#peer-}"; org_settings "$org"
        "$scripts/start-peer.sh" "$org"
        wait_for "the peer of $org" 30 curl -sf "http://127.0.0.1:$PEER_OPERATIONS_PORT/healthz"
        # The operations endpoint answers before the peer has recovered its ledger and opened its gRPC port.
        wait_for "the peer of $org's port" 60 port_open "$PEER_PORT" ;;
      chaincode)
        "$scripts/start-chaincode.sh" "$(cat "$STATE_DIR/chaincode/$CHAINCODE_NAME.package-id")" ;;
      api-*)
        "$scripts/api.sh" start "${node#api-}" ;;
      *) die "unknown node '$node'" ;;
    esac
    ;;
  *)
    die "usage: node.sh kill|start NODE"
    ;;
esac
