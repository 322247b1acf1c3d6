#!/usr/bin/env bash
# Brings the network up: creates it from nothing, or resumes the one whose state is there (ledgers, identities,
# chaincode services, API databases and keys), starting whichever of its processes are not running. Returns once
# a real transaction has committed on every channel. A network whose creation did not finish is refused with what
# is there and what is missing; nothing is ever removed here (`make down` is the one command that removes state).
#   TOPOLOGY=single|hosts ORDERING=bft|raft up.sh    (a resumed network keeps what it was created with)
set -euo pipefail
source "$(dirname "$0")/../env.sh"
[ -x "$FABRIC_BIN/peer" ] && [ -x "$FABRIC_BIN/fabric-ca-server" ] || die "Fabric not found in FABRIC_HOME=$FABRIC_HOME: run 'make fabric'"
started=$SECONDS
created="$STATE_DIR/created"

# every_org COMMAND...: runs `COMMAND ORG` for every organisation side by side.
every_org() { local org; for org in $(org_names); do "$@" "$org" & done; wait_all; }

resume() {
  log "resuming the $TOPOLOGY network ($ORDERING ordering) in $STATE_DIR"
  [ "$TOPOLOGY" = hosts ] && "$SCRIPTS_DIR/hosts.sh" up
  if [ "$TOPOLOGY" = single ]; then
    for name in bayrecon trivial; do
      file="$STATE_DIR/shared/$name.package-id"
      [ -f "$file" ] && ! pid_alive shared "chaincode-$name" && "$SCRIPTS_DIR/chaincode.sh" start shared "$name" "$(cat "$file")"
    done
  fi
  every_org "$SCRIPTS_DIR/org/nodes.sh" start || die "not every node could start: see $STATE_DIR/orgs/*/logs"
}

create() {
  log "creating a $TOPOLOGY network ($ORDERING ordering) in $STATE_DIR"
  mkdir -p "$STATE_DIR"
  printf 'TOPOLOGY=%s\nORDERING=%s\n' "$TOPOLOGY" "$ORDERING" >"$SETTINGS_FILE"
  if [ "$ORDERING" = raft ]; then
    jq '.orgs += [{name: "Orderer", kind: "orderer", displayName: "Ordering service (single Raft node)"}]' "$GENESIS_CONSORTIUM" >"$CONSORTIUM_FILE"
  else
    cp "$GENESIS_CONSORTIUM" "$CONSORTIUM_FILE"
  fi
  load_consortium
  [ "$TOPOLOGY" = hosts ] && "$SCRIPTS_DIR/hosts.sh" up

  # Each organisation, on its own host: its CA, its identities from that CA, and its public definition sent out.
  enrol() { "$SCRIPTS_DIR/org/ca.sh" start "$1" && "$SCRIPTS_DIR/org/identities.sh" "$1" && "$SCRIPTS_DIR/org/publish.sh" "$1"; }
  every_org enrol || die "an organisation's CA or identities failed: see $STATE_DIR/orgs/*/logs/ca.log"
  local peers=($(org_names bank regulator))
  if [ "$TOPOLOGY" = hosts ]; then
    for org in "${peers[@]}"; do "$SCRIPTS_DIR/chaincode-tls.sh" "$(chaincode_tls_dir "$org")" "$org"; done
  else
    "$SCRIPTS_DIR/chaincode-tls.sh" "$STATE_DIR/shared/chaincode-tls" "${peers[@]}"
  fi
  log "${#peers[@]} organisations enrolled at their own CAs"

  every_org "$SCRIPTS_DIR/org/nodes.sh" start || die "not every node could start: see $STATE_DIR/orgs/*/logs"
  for channel in $(channels); do
    (
      "$SCRIPTS_DIR/channel.sh" genesis "$channel"
      for org in $(channel_orderers "$channel"); do "$SCRIPTS_DIR/org/join.sh" "$org" "$channel" & done
      wait_all
      for org in $(channel_members "$channel"); do "$SCRIPTS_DIR/org/join.sh" "$org" "$channel" & done
      wait_all
    ) &
  done
  wait_all || die "a channel could not be created or joined"
  log "channels $(channels | paste -sd' ') created and joined"
  "$SCRIPTS_DIR/deploy-chaincode.sh"
  "$SCRIPTS_DIR/write-profiles.sh"
  # The genesis directory, written once by an administrator of the first member (the chaincode reads the
  # directory from the ledger only). Right after a deploy the gateway may not yet see every endorser: retried.
  local attempt
  for attempt in $(seq 40); do
    node -r ts-node/register/transpile-only "$REPO_DIR/network/client/directory.ts" initialise "$(org_names bank | head -n 1)" \
      >"$STATE_DIR/directory-genesis.log" 2>&1 && break
    [ "$attempt" -lt 40 ] || die "the genesis directory could not be written: see $STATE_DIR/directory-genesis.log"
    sleep 0.5
  done
  touch "$created"
}

if [ -f "$created" ]; then
  resume
elif [ -d "$STATE_DIR" ] && [ -n "$(ls -A "$STATE_DIR" 2>/dev/null)" ]; then
  {
    echo "[network] error: $STATE_DIR holds a network whose creation did not finish; refusing to touch it."
    echo "  there:   $(ls "$STATE_DIR" | paste -sd' ')"
    [ -d "$STATE_DIR/orgs" ] && echo "  orgs:    $(ls "$STATE_DIR/orgs" | paste -sd' ')"
    [ -d "$EXCHANGE_DIR/channels" ] && echo "  channels with a genesis block: $(ls "$EXCHANGE_DIR/channels" | paste -sd' ')"
    echo "  missing: the 'created' marker written once every channel is joined and the chaincode committed"
    echo "  to fix:  'make down' removes it (it says what), then 'make up' creates a new network"
  } >&2
  exit 1
else
  create
fi

"$SCRIPTS_DIR/write-profiles.sh"
node -r ts-node/register/transpile-only "$REPO_DIR/network/client/await-ready.ts" || die "the network did not commit a transaction: see $STATE_DIR/orgs/*/logs"
log "network up and committing in $((SECONDS - started)) s"
