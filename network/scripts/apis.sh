#!/usr/bin/env bash
# Every org's API instance at once (what `make up` and `make api-up` start):
#   apis.sh start|stop
# The four start side by side, since each spends most of its start-up loading modules on its own core; one
# after the other they took about 6 s of `make up`'s 12 on an idle machine.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}"
case "$command" in start|stop) ;; *) die "usage: apis.sh start|stop" ;; esac

pids=()
for org in "${PEER_ORGS[@]}"; do
  "$(dirname "$0")/api.sh" "$command" "$org" & pids+=($!)
done
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
[ "$failed" -eq 0 ] || die "not every API instance could $command (see the lines above and $STATE_DIR/logs/api-*.log)"
