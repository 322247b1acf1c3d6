#!/usr/bin/env bash
# Joins one organisation's nodes to a channel from the genesis block its creator sent (exchange/channels): its
# orderer, when it is one of the channel's consenters (osnadmin, with the org's admin TLS identity), and its
# peer, when the org is a member (peer CLI, as the org's admin). Already joined nodes are left as they are.
# Returns once the peer answers the org's admin on the channel: a peer joined from a genesis block that predates
# the configuration update adding its organisation replays the channel's blocks, and refuses its own org
# ("creator org unknown") until it has applied that update.
#   join.sh ORG CHANNEL
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
org="${1:-}" channel="${2:-}"
[ -n "$channel" ] || die "usage: join.sh ORG CHANNEL"
org_settings "$org"
mkdir -p "$LOG_DIR"
block="$EXCHANGE_DIR/channels/$channel/genesis.block"
[ -f "$block" ] || die "no genesis block of $channel in the exchange folder"

# A node already on the channel answers the join with "already exists", taken as joined: one call either way.
# osnadmin exits 0 whatever the HTTP status it got, so its output says whether the join was made (201).
if channel_orderers "$channel" | grep -x "$org" >/dev/null; then
  log_file="$LOG_DIR/join-orderer-$channel.log"
  on_host "$org" "$FABRIC_BIN/osnadmin" channel join --channelID "$channel" --config-block "$block" \
    -o "$ORG_HOST:$ORDERER_ADMIN_PORT" --ca-file "$ORG_DIR/msp/tlscacerts/tlsca.pem" \
    --client-cert "$ORG_DIR/admin/tls/server.crt" --client-key "$ORG_DIR/admin/tls/server.key" >"$log_file" 2>&1 || true
  grep -qx 'Status: 201' "$log_file" || grep -q 'channel already exists' "$log_file" \
    || die "the orderer of $org could not join $channel: see $log_file"
fi

if runs_peer "$org" && channel_members "$channel" | grep -x "$org" >/dev/null; then
  as_admin "$org"
  log_file="$LOG_DIR/join-peer-$channel.log"
  on_host "$org" "$FABRIC_BIN/peer" channel join -b "$block" >"$log_file" 2>&1 \
    || grep -q "ledger \[$channel\] already exists" "$log_file" \
    || die "the peer of $org could not join $channel: see $log_file"
  wait_for "the peer of $org to accept its own organisation on $channel" 300 \
    on_host "$org" "$FABRIC_BIN/peer" channel getinfo -c "$channel"
fi
