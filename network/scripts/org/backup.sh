#!/usr/bin/env bash
# A consistent backup of one organisation's state, taken on its host while the network runs:
#   backup.sh ORG [DEST]    DEST: a folder (new or empty) or a file ending in .tar.gz;
#                           default $STATE_DIR/backups/ORG-<UTC time>.tar.gz
# What it holds (docs/backup-and-restore.md says what that protects):
#   ledger/CHANNEL/       a Fabric ledger snapshot of every channel the org's peer is on, at the height the peer had
#                         when it was asked (peer snapshot submitrequest), its files checked against the snapshot's
#                         own hashes
#   identities/           the org's CA (keys, configuration, registry databases), its MSP definition, its nodes',
#                         admin's and clients' keys and certificates, its registrar and the secrets it registered
#   chaincode-tls/        its peer's side of the mutual TLS with its chaincode services (and, on the hosts topology,
#                         its own services' certificates and CA)
#   chaincode/            the package id each of its chaincode services runs, and those packages as its peer holds them
#   api/ORG.sqlite        its API database (outbox, projection, API keys), when the API ran on SQLite
#   manifest.json         what is in it: channels and heights, times, package ids, sizes
# SQLite databases in use are copied through SQLite itself (sqlite-copy.ts). Every file is readable by its owner
# only: a backup holds every private key of the organisation.
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
org="${1:-}"
[ -n "$org" ] || die "usage: backup.sh ORG [DEST]"
org_settings "$org"
[ -d "$ORG_DIR" ] || die "no state of $org in $ORG_DIR"
runs_peer "$org" || die "$org runs no peer: its orderer's ledger is replicated from the other consenters, and its identities are in $ORG_DIR"
pid_alive "$org" peer || die "the peer of $org is not running: a backup is taken from the running network ('make up' first)"
dest="${2:-$STATE_DIR/backups/$org-$(date -u +%Y%m%dT%H%M%SZ).tar.gz}"
umask 077
started_ms=$(date +%s%3N)
started_at="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"

# One backup of an organisation at a time: two would race for the same snapshot folders of its peer.
exec 9>"$ORG_DIR/backup.lock"
flock -n 9 || die "another backup of $org is running"

# The backup is assembled in a work folder: removed afterwards for an archive, and after a failure for a folder
# too, so that a half-written backup never looks like one.
case "$dest" in
  *.tar.gz)
    [ ! -e "$dest" ] || die "$dest already exists"
    mkdir -p "$(dirname "$dest")"
    work="$(mktemp -d "$(dirname "$dest")/.backup-$org.XXXXXX")"
    trap 'rm -rf "$work"' EXIT ;;
  *)
    [ ! -e "$dest" ] || [ -z "$(ls -A "$dest")" ] || die "$dest is not empty"
    mkdir -p "$dest"
    work="$dest"
    trap 'status=$?; [ "$status" -eq 0 ] || rm -rf "$work"' EXIT ;;
esac
mkdir -p "$work/ledger" "$work/identities" "$work/chaincode/packages" "$work/meta"

as_admin "$org"
peer_args=(--peerAddress "$ORG_HOST:$PEER_PORT" --tlsRootCertFile "$ORG_DIR/peer/tls/ca.crt")
snapshots="$ORG_DIR/data/peer/snapshots/completed"
peer_cli() { on_host "$org" "$FABRIC_BIN/peer" "$@"; }

# snapshot CHANNEL: asks the peer for a snapshot at its last committed block, waits until it is written, checks
# and copies it, removes it from the peer's disk, and writes what it is to meta/CHANNEL.json. The peer holds its
# commits on that channel while it writes the snapshot; endorsements go on.
snapshot() {
  local channel="$1" out requested
  out="$(peer_cli snapshot submitrequest -c "$channel" -b 0 "${peer_args[@]}" 2>&1)" || {
    # No block since the last snapshot at this height: that one is this height's.
    requested="$(sed -n 's/.*snapshot already generated for block number \([0-9]*\).*/\1/p' <<<"$out")"
    [ -n "$requested" ] || { echo "$out" >&2; return 1; }
  }
  local deadline=$((SECONDS + 600)) pending
  while :; do
    pending="$(peer_cli snapshot listpending -c "$channel" "${peer_args[@]}" 2>&1)" || { echo "$pending" >&2; return 1; }
    [[ "$pending" == *"requests: []"* ]] && break
    [ "$SECONDS" -lt "$deadline" ] || { echo "the snapshot of $channel is still pending after 600 s" >&2; return 1; }
    sleep 0.2
  done
  local block
  block="${requested:-$(ls "$snapshots/$channel" 2>/dev/null | sort -n | tail -n 1)}"
  [ -n "$block" ] && [ -f "$snapshots/$channel/$block/_snapshot_signable_metadata.json" ] \
    || { echo "the peer of $org wrote no snapshot of $channel: see $LOG_DIR/peer.log" >&2; return 1; }
  cp -r "$snapshots/$channel/$block" "$work/ledger/$channel"
  rm -rf "${snapshots:?}/$channel/$block"
  "$(dirname "$0")/snapshot-check.sh" "$work/ledger/$channel" >/dev/null || return 1
  jq -n --arg channel "$channel" --arg at "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" \
    --argjson bytes "$(du -sb "$work/ledger/$channel" | cut -f1)" \
    --slurpfile signable "$work/ledger/$channel/_snapshot_signable_metadata.json" \
    --slurpfile additional "$work/ledger/$channel/_snapshot_additional_metadata.json" \
    '{name: $channel, lastBlockNumber: $signable[0].last_block_number, height: ($signable[0].last_block_number + 1),
      lastBlockHash: $signable[0].last_block_hash, snapshotHash: $additional[0].snapshot_hash, snapshotAt: $at,
      bytes: $bytes, path: "ledger/\($channel)"}' >"$work/meta/channel-$channel.json"
}

channel_list=($(peer_cli channel list 2>/dev/null | sed -n '/^Channels peers has joined:/,$p' | tail -n +2))
[ "${#channel_list[@]}" -gt 0 ] || die "the peer of $org is on no channel"
for channel in "${channel_list[@]}"; do snapshot "$channel" & done
wait_all || die "a ledger snapshot of $org failed"

# The identities and the CA. The CA's two registries are SQLite databases the running CA writes to.
for part in msp peer orderer admin clients registrars; do
  [ -d "$ORG_DIR/$part" ] && cp -r "$ORG_DIR/$part" "$work/identities/$part"
done
(cd "$ORG_DIR" && find ca -type f ! -name '*.db' ! -name '*.db-journal' ! -name '*.db-wal' ! -name '*.db-shm' -print0 \
  | xargs -0 -I{} cp --parents {} "$work/identities/")
sqlite_pairs=()
for db in "$ORG_DIR/ca/fabric-ca-server.db" "$ORG_DIR/ca/tlsca/fabric-ca-server.db"; do
  [ -f "$db" ] && sqlite_pairs+=("$db" "$work/identities/${db#"$ORG_DIR/"}")
done

# The peer's side of the mutual TLS with its chaincode services: on one machine its client certificate and key of
# the shared services' CA; on the hosts topology its own services' whole folder.
if [ "$TOPOLOGY" = hosts ]; then
  cp -r "$ORG_DIR/chaincode-tls" "$work/chaincode-tls"
else
  mkdir -p "$work/chaincode-tls/peers"
  cp "$STATE_DIR/shared/chaincode-tls/ca.crt" "$work/chaincode-tls/ca.crt"
  cp "$STATE_DIR/shared/chaincode-tls/peers/$org."{crt,key} "$work/chaincode-tls/peers/"
fi

# The package id each chaincode service of the org runs (the machine's shared services on one machine), and the
# packages the peer holds for them, as the peer gives them back.
packages='{}'
for name in bayrecon trivial; do
  file="$(place_dir "$([ "$TOPOLOGY" = hosts ] && echo "$org" || echo shared)")/$name.package-id"
  [ -f "$file" ] || continue
  id="$(cat "$file")"
  packages="$(jq --arg name "$name" --arg id "$id" '. + {($name): $id}' <<<"$packages")"
  cp "$file" "$work/chaincode/$name.package-id"
  peer_cli lifecycle chaincode getinstalledpackage --package-id "$id" --output-directory "$work/chaincode/packages" \
    >/dev/null 2>&1 || die "the peer of $org does not hold the package $id its $name service runs"
done

# The API database last: a backup protects what the API had accepted up to this copy (the ledger itself is
# brought up to date from the other organisations on restore).
api_db="$ORG_DIR/api/$org.sqlite"
api_json=null
if [ -f "$api_db" ]; then
  mkdir -p "$work/api"
  sqlite_pairs+=("$api_db" "$work/api/$org.sqlite")
fi
if [ "${#sqlite_pairs[@]}" -gt 0 ]; then
  node -r ts-node/register/transpile-only "$REPO_DIR/network/client/sqlite-copy.ts" "${sqlite_pairs[@]}" >"$work/meta/sqlite.jsonl" \
    || die "a SQLite database of $org could not be copied"
fi
if [ -f "$api_db" ]; then
  api_json="$(jq -c --arg path "api/$org.sqlite" --arg at "$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)" \
    'select(.dest | endswith($path)) | {path: $path, bytes, copiedAt: $at}' "$work/meta/sqlite.jsonl")"
else
  log "$org has no API database at $api_db (its API never ran here, or it runs on PostgreSQL: back that up with pg_dump)"
fi

finished_at="$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)"
jq -n --arg org "$org" --arg msp "$ORG_MSP" --arg kind "$ORG_KIND" --arg topology "$TOPOLOGY" --arg ordering "$ORDERING" \
  --arg started "$started_at" --arg finished "$finished_at" --argjson packages "$packages" --argjson api "$api_json" \
  --arg fabric "$("$FABRIC_BIN/peer" version 2>/dev/null | sed -n 's/^ Version: //p')" \
  --argjson identities "$(ls "$work/identities" | jq -R . | jq -s .)" \
  --argjson channels "$(jq -s 'sort_by(.name)' "$work"/meta/channel-*.json)" '{
    format: "bayrecon-org-backup/1", org: $org, mspId: $msp, kind: $kind, topology: $topology, ordering: $ordering,
    fabricVersion: $fabric, startedAt: $started, finishedAt: $finished, channels: $channels,
    identities: $identities, chaincodePackageIds: $packages, apiDatabase: $api}' >"$work/manifest.json"
rm -rf "$work/meta"

case "$dest" in
  *.tar.gz)
    tar -C "$work" -czf "$dest.tmp" . && mv "$dest.tmp" "$dest" ;;
esac
heights="$(jq -r '[.channels[] | "\(.name)@\(.height)"] | join(" ")' "$work/manifest.json")"
log "backup of $org in $(( $(date +%s%3N) - started_ms )) ms: $heights, API database $([ "$api_json" = null ] && echo none || echo "$(jq -r .bytes <<<"$api_json") bytes"); $dest ($(du -sh "$dest" | cut -f1))"
