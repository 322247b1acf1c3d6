#!/usr/bin/env bash
# Brings an organisation back on its host from a backup (backup.sh) after its state folder was lost, while the rest
# of the network runs:
#   restore.sh ORG SOURCE [--peer-join=snapshot|genesis] [--orderer-join=config|genesis]
# SOURCE: the backup's folder or .tar.gz. In order:
#   1. the backup is checked (its manifest names ORG and this topology; every ledger snapshot matches its hashes)
#      before anything is written; a state folder still there, or a port of ORG still answering, is refused
#   2. identities and CA, the peer's chaincode TLS identity and the API database go back into orgs/ORG
#   3. its CA, orderer and peer start on that state, with empty ledgers, and the peer installs the chaincode
#      packages its services run (from the backup, and the consortium's latest from the exchange folder)
#   4. its orderer rejoins each channel it orders: by default from the channel's latest configuration block, which
#      the org's admin fetches from another consenter (the orderer then replicates every block up to it from the
#      other consenters as a follower before it takes part in consensus); --orderer-join=genesis joins from the
#      genesis block instead and lets SmartBFT's synchroniser pull the rest (see docs/backup-and-restore.md)
#   5. its peer rejoins each channel from the backup's snapshot (peer channel joinbysnapshot), or from the genesis
#      block (peer channel join) with --peer-join=genesis or for a channel the backup has no snapshot of
#   6. it waits until the peer has every block the other members' peers had and endorses again (for a bank, on each
#      of its pairs' channels: that needs the pair's private key, which the peer gets back from the pair's other
#      members by private data reconciliation), has a block ordered on each of its channels, and waits until its
#      orderer is an active consenter at the other consenters' height
# The API is not started: `make api-up` (or api.sh start ORG) starts it on the restored database.
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
org="${1:-}" source="${2:-}"
[ -n "$source" ] || die "usage: restore.sh ORG SOURCE [--peer-join=snapshot|genesis] [--orderer-join=config|genesis]"
shift 2
peer_join=snapshot orderer_join=config
for arg in "$@"; do
  case "$arg" in
    --peer-join=snapshot|--peer-join=genesis) peer_join="${arg#*=}" ;;
    --orderer-join=config|--orderer-join=genesis) orderer_join="${arg#*=}" ;;
    *) die "unknown option '$arg' (--peer-join=snapshot|genesis, --orderer-join=config|genesis)" ;;
  esac
done
org_settings "$org"
here="$(dirname "$0")"
started_ms=$(date +%s%3N)
[ -f "$STATE_DIR/created" ] || die "no network in $STATE_DIR: restore brings one organisation back into a running network"
if [ -d "$ORG_DIR" ] && [ -n "$(ls -A "$ORG_DIR")" ]; then
  die "$ORG_DIR exists: restore brings back a lost host; 'make up' resumes an organisation whose state is there"
fi
for port in "$CA_PORT" "$PEER_PORT" "$PEER_OPERATIONS_PORT" "$ORDERER_PORT" "$ORDERER_ADMIN_PORT" "$ORDERER_OPERATIONS_PORT"; do
  if port_open "$ORG_HOST" "$port"; then die "$ORG_HOST:$port still answers: the processes of $org must be gone before it is restored"; fi
done
[ -e "$source" ] || die "no backup at $source"
elapsed() { echo "$(( $(date +%s%3N) - started_ms )) ms"; }

# The backup, unpacked on the org's host (the peer reads its snapshots from there), checked before use.
umask 077
mkdir -p "$ORG_DIR"
work="$ORG_DIR/restore"
nodes_started=false
# finish: removes the unpacked backup; after a failure once nodes run, says how to start again.
finish() {
  local status=$?
  rm -rf "$work"
  if [ "$status" -ne 0 ] && [ "$nodes_started" = true ]; then
    echo "[network] the restore of $org stopped half-way, its nodes running on what was restored; to start again:" \
      "network/scripts/org/nodes.sh kill $org && rm -rf $ORG_DIR, then restore again" >&2
  fi
}
trap finish EXIT
if [ -d "$source" ]; then
  cp -r "$source" "$work"
else
  mkdir -p "$work" && tar -C "$work" -xzf "$source" || { rm -rf "$ORG_DIR"; die "$source is not a readable backup archive"; }
fi
manifest="$work/manifest.json"
refuse() { rm -rf "$ORG_DIR"; die "$*"; }
[ -f "$manifest" ] || refuse "$source has no manifest.json: not a backup of backup.sh"
[ "$(jq -r .format "$manifest")" = bayrecon-org-backup/1 ] || refuse "$source: unknown backup format $(jq -r .format "$manifest")"
[ "$(jq -r .org "$manifest")" = "$org" ] || refuse "$source is a backup of $(jq -r .org "$manifest"), not of $org"
[ "$(jq -r .topology "$manifest")" = "$TOPOLOGY" ] || refuse "$source was taken on the $(jq -r .topology "$manifest") topology, this network is $TOPOLOGY"
declare -A snapshot_of=()
if [ "$peer_join" = snapshot ]; then
  while IFS=$'\t' read -r channel path; do
    "$here/snapshot-check.sh" "$work/$path" >/dev/null || refuse "the snapshot of $channel in $source is damaged"
    snapshot_of[$channel]="$work/$path"
  done < <(jq -r '.channels[] | [.name, .path] | @tsv' "$manifest")
fi
# The API's projection resumes from the block of the last event its database applied (from block 0 on a channel it
# has applied none of), and reads the blocks from its own peer. A peer joined from a snapshot has no block up to the
# snapshot's: where the backup's API database would resume at or before it, the peer joins that channel from its
# genesis block instead.
api_db="$work/api/$org.sqlite"
if [ "$peer_join" = snapshot ] && [ -f "$api_db" ]; then
  declare -A resume_of=()
  while IFS=$'\t' read -r channel block; do resume_of[$channel]="$block"; done < <(node -e '
    const Database = require(process.argv[1]);
    const db = new Database(process.argv[2], { readonly: true });
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = ? AND name = ?").get("table", "projection_checkpoints");
    if (table === undefined) process.exit(0);
    for (const row of db.prepare("SELECT channel, COALESCE(block_number, 0) AS block FROM projection_checkpoints").all()) {
      console.log(`${row.channel}\t${row.block}`);
    }
    console.log("-\t-");' "$REPO_DIR/node_modules/better-sqlite3" "$api_db")
  # The last line ("-") says the database has a projection: without one (no such table) the API reads nothing back.
  if [ -n "${resume_of[-]:-}" ]; then
    for channel in "${!snapshot_of[@]}"; do
      snapshot_block="$(jq -r --arg channel "$channel" '.channels[] | select(.name == $channel) | .lastBlockNumber' "$manifest")"
      resume="${resume_of[$channel]:-0}"
      if [ "$resume" -le "$snapshot_block" ]; then
        unset "snapshot_of[$channel]"
        log "$org: its API database resumes $channel at block $resume, its snapshot holds the chain up to block $snapshot_block: the peer joins $channel from its genesis block, which gives the API those blocks"
      fi
    done
  fi
fi
how_peer="$([ "$peer_join" = snapshot ] && echo "the backup's snapshots" || echo "the genesis blocks")"
how_orderer="$([ "$orderer_join" = config ] && echo "the latest configuration blocks" || echo "the genesis blocks")"
log "restoring $org from $source (taken $(jq -r .finishedAt "$manifest")): its peer from $how_peer, its orderer from $how_orderer"

# Identities, CA, chaincode TLS, package ids, API database.
cp -r "$work/identities/." "$ORG_DIR/"
if [ "$TOPOLOGY" = hosts ]; then
  cp -r "$work/chaincode-tls" "$ORG_DIR/chaincode-tls"
  for file in "$work"/chaincode/*.package-id; do [ -f "$file" ] && cp "$file" "$ORG_DIR/"; done
else
  # The machine's shared chaincode services and their CA outlive one organisation's host.
  shared_tls="$STATE_DIR/shared/chaincode-tls/peers"
  [ -f "$shared_tls/$org.crt" ] || cp "$work/chaincode-tls/peers/$org."{crt,key} "$shared_tls/"
fi
if [ "$(jq -r '.apiDatabase // empty | .path' "$manifest")" != "" ]; then
  mkdir -p "$ORG_DIR/api"
  cp "$work/$(jq -r .apiDatabase.path "$manifest")" "$ORG_DIR/api/$org.sqlite"
fi

# The packages its chaincode services run: the backup's, and the consortium's latest deployment of each chaincode
# (exchange/chaincode), which the org approved if it changed after the backup. On the hosts topology the org's own
# services run the latest.
packages=("$work"/chaincode/packages/*.tar.gz)
for name in bayrecon trivial; do
  latest="$EXCHANGE_DIR/chaincode/$name.package-id"
  [ -f "$latest" ] || continue
  id="$(cat "$latest")"
  [ -f "$work/chaincode/packages/$id.tar.gz" ] || packages+=("$EXCHANGE_DIR/chaincode/${id%%:*}/${id%%:*}.tgz")
  [ "$TOPOLOGY" = hosts ] && echo "$id" >"$ORG_DIR/$name.package-id"
done

nodes_started=true
"$here/nodes.sh" start "$org" || die "the nodes of $org could not start: see $LOG_DIR"
as_admin "$org"
for package in "${packages[@]}"; do
  [ -f "$package" ] || continue
  on_host "$org" "$FABRIC_BIN/peer" lifecycle chaincode install "$package" >>"$LOG_DIR/restore.log" 2>&1 \
    || die "the peer of $org could not install $package: see $LOG_DIR/restore.log"
done
log "$org: identities, CA and nodes back, ${#packages[@]} chaincode package(s) installed ($(elapsed))"

# other_consenters CHANNEL: the organisations other than ORG whose orderers order the channel.
other_consenters() { channel_orderers "$1" | grep -vx "$org" || true; }
orderer_admin=(-o "$ORG_HOST:$ORDERER_ADMIN_PORT" --ca-file "$ORG_DIR/msp/tlscacerts/tlsca.pem"
  --client-cert "$ORG_DIR/admin/tls/server.crt" --client-key "$ORG_DIR/admin/tls/server.key")

# join_orderer CHANNEL: joins ORG's orderer from the channel's latest configuration block, fetched by ORG's admin
# from the first other consenter that answers, or from the genesis block.
join_orderer() {
  local channel="$1" block="$EXCHANGE_DIR/channels/$channel/genesis.block" other
  if [ "$orderer_join" = config ]; then
    block="$work/$channel.config.block"
    for other in $(other_consenters "$channel"); do
      local endpoint; endpoint="$(jq -r '"\(.orderer.host):\(.orderer.port)"' "$(published_dir "$other")/org.json")"
      as_admin "$org"
      if on_host "$org" "$FABRIC_BIN/peer" channel fetch config "$block" -c "$channel" -o "$endpoint" --tls \
          --cafile "$(published_dir "$other")/msp/tlscacerts/tlsca.pem" >>"$LOG_DIR/restore.log" 2>&1; then
        break
      fi
    done
    [ -f "$block" ] || { echo "no other consenter of $channel gave its configuration block" >&2; return 1; }
  fi
  on_host "$org" "$FABRIC_BIN/osnadmin" channel join --channelID "$channel" --config-block "$block" "${orderer_admin[@]}" \
    >>"$LOG_DIR/restore.log" 2>&1 || { echo "the orderer of $org could not join $channel: see $LOG_DIR/restore.log" >&2; return 1; }
}

# join_peer CHANNEL: joins ORG's peer from the backup's snapshot of the channel, else from its genesis block. The
# peer imports one snapshot at a time.
join_peer() {
  local channel="$1"
  as_admin "$org"
  if [ -n "${snapshot_of[$channel]:-}" ]; then
    on_host "$org" "$FABRIC_BIN/peer" channel joinbysnapshot --snapshotpath "${snapshot_of[$channel]}" >>"$LOG_DIR/restore.log" 2>&1 \
      || { echo "the peer of $org could not join $channel from its snapshot: see $LOG_DIR/restore.log" >&2; return 1; }
    local deadline=$((SECONDS + 600))
    until on_host "$org" "$FABRIC_BIN/peer" channel joinbysnapshotstatus 2>/dev/null | grep "^No joinbysnapshot operation is in progress" >/dev/null; do
      [ "$SECONDS" -lt "$deadline" ] || { echo "the peer of $org is still importing the snapshot of $channel after 600 s" >&2; return 1; }
      sleep 0.2
    done
  else
    on_host "$org" "$FABRIC_BIN/peer" channel join -b "$EXCHANGE_DIR/channels/$channel/genesis.block" >>"$LOG_DIR/restore.log" 2>&1 \
      || { echo "the peer of $org could not join $channel from its genesis block: see $LOG_DIR/restore.log" >&2; return 1; }
  fi
  on_host "$org" "$FABRIC_BIN/peer" channel list 2>/dev/null | grep -x "$channel" >/dev/null \
    || { echo "the peer of $org is not on $channel after joining it" >&2; return 1; }
}

channel_list=($(channels_of "$org"))
if runs_orderer "$org"; then
  for channel in "${channel_list[@]}"; do
    if channel_orderers "$channel" | grep -x "$org" >/dev/null; then join_orderer "$channel" & fi
  done
  wait_all || die "the orderer of $org could not rejoin its channels"
fi
for channel in "${channel_list[@]}"; do
  join_peer "$channel" || die "the peer of $org could not rejoin $channel"
  how="$([ -n "${snapshot_of[$channel]:-}" ] && echo "snapshot at height $(jq -r --arg c "$channel" '.channels[] | select(.name == $c) | .height' "$manifest")" || echo "genesis block")"
  log "$org: peer joined $channel from its $how ($(elapsed))"
done

# peer_height CHANNEL: the height of the restored org's own peer on CHANNEL.
peer_height() {
  as_admin "$org"
  on_host "$org" "$FABRIC_BIN/peer" channel getinfo -c "$1" 2>/dev/null | sed -n 's/^Blockchain info: //p' | jq -r .height
}
# chain_height CHANNEL: the channel's height as another consenter has it (its newest block's number + 1), asked by
# the restored org's admin as any member may (a member's peer answers chain information to its own org only).
chain_height() {
  local channel="$1" other endpoint block="$work/$1.newest.block"
  for other in $(other_consenters "$channel"); do
    endpoint="$(jq -r '"\(.orderer.host):\(.orderer.port)"' "$(published_dir "$other")/org.json")"
    as_admin "$org"
    if on_host "$org" "$FABRIC_BIN/peer" channel fetch newest "$block" -c "$channel" -o "$endpoint" --tls \
        --cafile "$(published_dir "$other")/msp/tlscacerts/tlsca.pem" >/dev/null 2>&1; then
      echo $(( $("$FABRIC_BIN/configtxlator" proto_decode --input "$block" --type common.Block | jq -r .header.number) + 1 ))
      return 0
    fi
  done
  return 1
}
orderer_state() {
  on_host "$org" "$FABRIC_BIN/osnadmin" channel list --channelID "$1" "${orderer_admin[@]}" 2>/dev/null \
    | sed -n '/^{/,$p' | jq -r '"\(.status) \(.consensusRelation) \(.height)"'
}

# The chain's height on the other consenters when asked is what the restored node must reach.
peer_catch_up() {
  local channel="$1" target
  target="$(chain_height "$channel")" || { echo "no other consenter of $channel gave its newest block" >&2; return 1; }
  local deadline=$((SECONDS + ${RESTORE_TIMEOUT_S:-900}))
  until [ "$(peer_height "$channel" || echo 0)" -ge "$target" ] 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "the peer of $org did not reach height $target on $channel" >&2; return 1; }
    sleep 0.5
  done
  log "$org: its peer on $channel at height $target or more, as the other consenters ($(elapsed))"
}
orderer_catch_up() {
  local channel="$1" target status relation orderer_height
  runs_orderer "$org" && channel_orderers "$channel" | grep -x "$org" >/dev/null || return 0
  target="$(chain_height "$channel")" || { echo "no other consenter of $channel gave its newest block" >&2; return 1; }
  local deadline=$((SECONDS + ${RESTORE_TIMEOUT_S:-900}))
  until read -r status relation orderer_height < <(orderer_state "$channel") \
      && [ "$status" = active ] && [ "$relation" = consenter ] && [ "$orderer_height" -ge "$target" ]; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "the orderer of $org is not an active consenter of $channel at height $target ($status $relation $orderer_height)" >&2; return 1; }
    sleep 0.5
  done
  log "$org: its orderer an active consenter of $channel at height $target or more ($(elapsed))"
}
for channel in "${channel_list[@]}"; do peer_catch_up "$channel" & done
wait_all || die "the peer of $org did not catch up with the other members"

# Endorsing, and a block ordered on each of its channels: a SmartBFT orderer joined from a genesis block fetches
# the chain once a new block is ordered (see await-endorsing.ts), so its own catch-up is awaited after these.
"$SCRIPTS_DIR/write-profiles.sh"
node -r ts-node/register/transpile-only "$REPO_DIR/network/client/await-endorsing.ts" "$org" \
  || die "the peer of $org does not endorse: see $LOG_DIR/peer.log"
for channel in "${channel_list[@]}"; do orderer_catch_up "$channel" & done
wait_all || die "the orderer of $org did not catch up with the other consenters"
log "$org restored in $(elapsed): $(jq -r '.apiDatabase | if . then "API database back (start the API with make api-up)" else "no API database in the backup" end' "$manifest")"
