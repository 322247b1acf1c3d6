#!/usr/bin/env bash
# Channel configuration updates as real organisations make them: one fetches the channel's configuration and
# proposes a change, the update travels through the exchange folder, each organisation whose signature the
# channel's policy needs signs it with its own admin on its own host, and one submits it.
#   config-update.sh fetch ORG CHANNEL FILE.json     the channel's configuration (common.Config) as JSON
#   config-update.sh propose ORG CHANNEL ORIGINAL.json MODIFIED.json NAME
#                                                  writes exchange/updates/NAME.pb (an unsigned update envelope)
#   config-update.sh sign ORG NAME                 adds ORG's admin signature to it
#   config-update.sh submit ORG CHANNEL NAME       ORG's admin signs it too and sends it to an orderer of the channel
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}"; shift || true
updates="$EXCHANGE_DIR/updates"
mkdir -p "$updates"

# through_orderers ORG CHANNEL LOG PEER_ARGS...: runs `peer PEER_ARGS` as ORG's admin against the channel's orderers in
# turn, ORG's own first, until one takes it. The next is tried only when the last could not be reached or said it
# cannot serve now (SERVICE_UNAVAILABLE), which leaves nothing done on it; a refusal (BAD_REQUEST, FORBIDDEN) is the
# channel's answer, and ends it. On BFT a bank's orderer can be down while the channel goes on with the others.
through_orderers() {
  local org="$1" channel="$2" log="$3" orderer; shift 3
  for orderer in $(orderers_for "$channel" "$org"); do
    org_settings "$orderer"
    local address="$ORG_HOST:$ORDERER_PORT" cafile; cafile="$(published_dir "$orderer")/msp/tlscacerts/tlsca.pem"
    as_admin "$org"
    on_host "$org" "$FABRIC_BIN/peer" "$@" -o "$address" --tls --cafile "$cafile" >"$log" 2>&1 && return 0
    grep -qE 'failed to connect|connection refused|context deadline exceeded|SERVICE_UNAVAILABLE' "$log" || return 1
    log "$org could not reach the orderer of $orderer for $channel: sent to the next consenter"
  done
  return 1
}

translate() { "$FABRIC_BIN/configtxlator" "$@"; }

case "$command" in
  fetch)
    org="$1" channel="$2" out="$3"
    work="$(mktemp -d)"
    through_orderers "$org" "$channel" "$work/fetch.log" channel fetch config "$work/block.pb" -c "$channel" \
      || { cat "$work/fetch.log" >&2; die "$org could not fetch the configuration of $channel"; }
    translate proto_decode --input "$work/block.pb" --type common.Block | jq '.data.data[0].payload.data.config' >"$out"
    rm -rf "$work"
    ;;
  propose)
    org="$1" channel="$2" original="$3" modified="$4" name="$5"
    work="$(mktemp -d)"
    translate proto_encode --input "$original" --type common.Config --output "$work/original.pb"
    translate proto_encode --input "$modified" --type common.Config --output "$work/modified.pb"
    translate compute_update --channel_id "$channel" --original "$work/original.pb" --updated "$work/modified.pb" \
      --output "$work/update.pb" || die "no difference between the configurations of $name"
    translate proto_decode --input "$work/update.pb" --type common.ConfigUpdate >"$work/update.json"
    jq -n --arg channel "$channel" --slurpfile update "$work/update.json" \
      '{payload: {header: {channel_header: {channel_id: $channel, type: 2}}, data: {config_update: $update[0]}}}' >"$work/envelope.json"
    translate proto_encode --input "$work/envelope.json" --type common.Envelope --output "$updates/$name.pb"
    rm -rf "$work"
    ;;
  sign)
    org="$1" name="$2"
    as_admin "$org"
    on_host "$org" "$FABRIC_BIN/peer" channel signconfigtx -f "$updates/$name.pb" >/dev/null 2>&1 || die "$org could not sign $name"
    ;;
  submit)
    org="$1" channel="$2" name="$3"
    through_orderers "$org" "$channel" "$updates/$name.log" channel update -f "$updates/$name.pb" -c "$channel" \
      || { cat "$updates/$name.log" >&2; die "the update $name of $channel was refused"; }
    ;;
  *) die "usage: config-update.sh fetch|propose|sign|submit ..." ;;
esac
