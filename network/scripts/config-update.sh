#!/usr/bin/env bash
# Channel configuration updates as real organisations make them: one fetches the channel's configuration and
# proposes a change, the update travels through the exchange folder, each organisation whose signature the
# channel's policy needs signs it with its own admin on its own host, and one submits it.
#   config-update.sh fetch ORG CHANNEL FILE.json     the channel's configuration (common.Config) as JSON
#   config-update.sh propose ORG CHANNEL ORIGINAL.json MODIFIED.json NAME
#                                                  writes exchange/updates/NAME.pb (an unsigned update envelope)
#   config-update.sh sign ORG NAME                 adds ORG's admin signature to it
#   config-update.sh submit ORG CHANNEL NAME       ORG's admin signs it too and sends it to the channel's orderers
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}"; shift || true
updates="$EXCHANGE_DIR/updates"
mkdir -p "$updates"

# orderer_of CHANNEL ORG: the address and TLS CA of an orderer of the channel, the org's own when it orders it.
orderer_args() {
  local channel="$1" org="$2" orderer
  orderer="$(channel_orderers "$channel" | grep -x "$org" || channel_orderers "$channel" | head -n 1)"
  org_settings "$orderer"
  echo "-o $ORG_HOST:$ORDERER_PORT --tls --cafile $(published_dir "$orderer")/msp/tlscacerts/tlsca.pem"
}

translate() { "$FABRIC_BIN/configtxlator" "$@"; }

case "$command" in
  fetch)
    org="$1" channel="$2" out="$3"
    work="$(mktemp -d)"
    args=($(orderer_args "$channel" "$org"))
    as_admin "$org"
    on_host "$org" "$FABRIC_BIN/peer" channel fetch config "$work/block.pb" -c "$channel" "${args[@]}" >/dev/null 2>&1 \
      || die "$org could not fetch the configuration of $channel"
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
    args=($(orderer_args "$channel" "$org"))
    as_admin "$org"
    on_host "$org" "$FABRIC_BIN/peer" channel update -f "$updates/$name.pb" -c "$channel" "${args[@]}" \
      >"$updates/$name.log" 2>&1 || { cat "$updates/$name.log" >&2; die "the update $name of $channel was refused"; }
    ;;
  *) die "usage: config-update.sh fetch|propose|sign|submit ..." ;;
esac
