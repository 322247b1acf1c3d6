#!/usr/bin/env bash
# Every organisation's API instance at once (what `make up` and `make api-up` start):
#   apis.sh start|stop
# They start side by side, since each spends most of its start-up loading modules on its own core.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}"
case "$command" in start|stop) ;; *) die "usage: apis.sh start|stop" ;; esac
for org in $(org_names bank regulator); do
  "$SCRIPTS_DIR/api.sh" "$command" "$org" &
done
wait_all || die "not every API instance could $command (see the lines above and $STATE_DIR/orgs/*/logs/api.log)"
