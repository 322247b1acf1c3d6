#!/usr/bin/env bash
# What an organisation sends the others, written to exchange/orgs/ORG: its MSP definition (CA certificates,
# NodeOUs, revocation list), the addresses of its peer and orderer, and its orderer's enrolment and TLS
# certificates (a channel's consenters are named by them). Nothing secret: no key leaves the organisation.
#   publish.sh ORG
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
org="${1:?usage: publish.sh ORG}"
org_settings "$org"
out="$(published_dir "$org")"
rm -rf "$out.new" && mkdir -p "$out.new"
cp -r "$ORG_DIR/msp" "$out.new/msp"
peer=null orderer=null
if runs_peer "$org"; then
  peer="$(jq -n --arg host "$ORG_HOST" --argjson port "$PEER_PORT" --arg name "$PEER_HOST" '{host: $host, port: $port, name: $name}')"
fi
if runs_orderer "$org"; then
  mkdir -p "$out.new/orderer"
  cp "$ORG_DIR/orderer/msp/signcerts/cert.pem" "$out.new/orderer/identity.pem"
  cp "$ORG_DIR/orderer/tls/server.crt" "$out.new/orderer/tls.pem"
  orderer="$(jq -n --arg host "$ORG_HOST" --argjson port "$ORDERER_PORT" --arg name "$ORDERER_HOST" '{host: $host, port: $port, name: $name}')"
fi
jq -n --arg name "$org" --arg msp "$ORG_MSP" --arg kind "$ORG_KIND" --argjson peer "$peer" --argjson orderer "$orderer" \
  '{name: $name, mspId: $msp, kind: $kind, peer: $peer, orderer: $orderer}' >"$out.new/org.json"
rm -rf "$out" && mv "$out.new" "$out"
