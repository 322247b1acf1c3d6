#!/usr/bin/env bash
# Starts or stops every node an organisation runs on its host (its CA, orderer, peer and, on the hosts topology,
# its chaincode services), on its existing state; the API is apart (api.sh).
#   nodes.sh start ORG | stop ORG
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
command="${1:-}" org="${2:-}"
[ -n "$org" ] || die "usage: nodes.sh start|stop ORG"
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
  *) die "usage: nodes.sh start|stop ORG" ;;
esac
exit 0
