#!/usr/bin/env bash
# Stops exactly the processes the network scripts started (by their pid files) and removes all state.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
if [ -d "$PID_DIR" ]; then
  for file in "$PID_DIR"/*.pid; do
    [ -e "$file" ] || continue
    stop_daemon "$(basename "$file" .pid)"
  done
fi
rm -rf "$STATE_DIR"
log "network stopped and its state removed"
