#!/usr/bin/env bash
# A chaincode service (chaincode as a service), reached by peers through their ccaas builder over mutual TLS:
#   chaincode.sh start PLACE NAME PACKAGE_ID    PLACE: an organisation (its own service, on its host's loopback)
#   chaincode.sh stop PLACE NAME                or `shared` (the single-host topology's one service per chaincode)
# NAME: bayrecon, or trivial (the benchmarks' comparison chaincode).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}" place="${2:-}" name="${3:-}"
[ -n "$name" ] || die "usage: chaincode.sh start PLACE NAME PACKAGE_ID | stop PLACE NAME"

case "$name" in
  bayrecon) code="$REPO_DIR/chaincode" shared_port=$SHARED_CHAINCODE_PORT host_port=$HOST_CHAINCODE_PORT ;;
  trivial) code="$REPO_DIR/bench/trivial-chaincode" shared_port=$TRIVIAL_CHAINCODE_PORT host_port=$HOST_TRIVIAL_CHAINCODE_PORT ;;
  *) die "unknown chaincode $name" ;;
esac

case "$command" in
  start)
    package_id="${4:?usage: chaincode.sh start PLACE NAME PACKAGE_ID}"
    if [ "$place" = shared ]; then port=$shared_port tls="$STATE_DIR/shared/chaincode-tls"
    else port=$host_port tls="$(chaincode_tls_dir "$place")"; fi
    echo "$package_id" >"$(place_dir "$place")/$name.package-id"
    pid_alive "$place" "chaincode-$name" && stop_daemon "$place" "chaincode-$name"
    start_daemon "$place" "chaincode-$name" env \
      CORE_CHAINCODE_ID="$package_id" \
      CORE_CHAINCODE_ADDRESS="127.0.0.1:$port" \
      CORE_CHAINCODE_TLS_CERT_FILE="$tls/server.crt" \
      CORE_CHAINCODE_TLS_KEY_FILE="$tls/server.key" \
      CORE_CHAINCODE_TLS_CLIENT_CACERT_FILE="$tls/ca.crt" \
      CORE_CHAINCODE_LOGGING_LEVEL=warning \
      CORE_CHAINCODE_LOGGING_SHIM=warning \
      node "$REPO_DIR/node_modules/.bin/fabric-chaincode-node" server --module-path "$code"
    ;;
  stop) stop_daemon "$place" "chaincode-$name" ;;
  *) die "usage: chaincode.sh start PLACE NAME PACKAGE_ID | stop PLACE NAME" ;;
esac
