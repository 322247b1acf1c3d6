#!/usr/bin/env bash
# Stops every process of the network and removes its state: the one command that deletes anything. It says what
# it removes: every organisation's ledgers, identities and keys, CA, API database (outbox, projection, API keys).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
if [ ! -d "$STATE_DIR" ]; then log "no network state in $STATE_DIR"; exit 0; fi
"$SCRIPTS_DIR/stop.sh" >/dev/null
[ "$TOPOLOGY" = hosts ] && "$SCRIPTS_DIR/hosts.sh" down
orgs="$(ls "$STATE_DIR/orgs" 2>/dev/null | paste -sd' ' || true)"
size="$(du -sh "$STATE_DIR" 2>/dev/null | cut -f1)"
rm -rf "$STATE_DIR"
log "network stopped; removed $STATE_DIR ($size): ledgers, CAs, identities and keys, API databases (outbox, projection, API keys) of ${orgs:-no organisation}"
