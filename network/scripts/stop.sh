#!/usr/bin/env bash
# Stops every process of the network (APIs, peers, chaincode services, orderers, CAs) and keeps all its state:
# `make up` resumes the same network.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
[ -d "$STATE_DIR/orgs" ] || { log "no network in $STATE_DIR"; exit 0; }
for org in $(ls "$STATE_DIR/orgs"); do "$SCRIPTS_DIR/org/nodes.sh" stop "$org" & done
wait_all || true
for name in bayrecon trivial; do "$SCRIPTS_DIR/chaincode.sh" stop shared "$name"; done
log "network stopped; its state is kept in $STATE_DIR ('make up' resumes it, 'make down' removes it)"
