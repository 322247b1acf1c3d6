#!/usr/bin/env bash
# Starts or stops every node an organisation runs on its host (its CA, orderer, peer and, on the hosts topology,
# its chaincode services), on its existing state; the API is apart (api.sh), but stop and kill take it too.
#   nodes.sh start ORG | stop ORG
#   nodes.sh kill ORG     SIGKILL to every process of the organisation at once, as a power cut or a lost host does
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
command="${1:-}" org="${2:-}"
[ -n "$org" ] || die "usage: nodes.sh start|stop|kill ORG"
org_settings "$org"
here="$(dirname "$0")"
case "$command" in
  start)
    "$here/ca.sh" start "$org"
    runs_orderer "$org" && "$here/orderer.sh" start "$org"
    if runs_peer "$org"; then
      if [ "$TOPOLOGY" = hosts ]; then
        for name in bayrecon trivial; do
          [ -f "$ORG_DIR/$name.package-id" ] && "$SCRIPTS_DIR/chaincode.sh" start "$org" "$name" "$(cat "$ORG_DIR/$name.package-id")"
        done
      fi
      "$here/peer.sh" start "$org"
    fi
    ;;
  stop)
    "$SCRIPTS_DIR/api.sh" stop "$org"
    runs_peer "$org" && "$here/peer.sh" stop "$org"
    for name in bayrecon trivial; do "$SCRIPTS_DIR/chaincode.sh" stop "$org" "$name"; done
    runs_orderer "$org" && "$here/orderer.sh" stop "$org"
    "$here/ca.sh" stop "$org"
    ;;
  kill)
    for name in api peer chaincode-bayrecon chaincode-trivial orderer ca; do kill_daemon "$org" "$name" & done
    wait || true
    ;;
  *) die "usage: nodes.sh start|stop|kill ORG" ;;
esac
exit 0
