#!/usr/bin/env bash
# Writes what this machine's clients (tests, benchmarks, the demo) need to reach the network:
#   state/network.json          every organisation's peer, orderer, API and identities, and the channels
#   state/profiles/ORG.json     a common connection profile per organisation (legacy fabric-network SDK)
set -euo pipefail
source "$(dirname "$0")/../env.sh"
mkdir -p "$STATE_DIR/profiles"

# The TLS name clients check: the peer's host name (a SAN of its certificate) on the hosts topology, where clients
# connect to its address; localhost on one machine, where every node is 127.0.0.1.
alias_of() { if [ "$TOPOLOGY" = hosts ]; then echo "$PEER_HOST"; else echo localhost; fi; }

orgs='{}'
for org in $(org_names); do
  org_settings "$org"
  entry="$(jq -n --arg msp "$ORG_MSP" --arg kind "$ORG_KIND" --arg host "$ORG_HOST" --arg alias "$(alias_of)" \
    --argjson peerPort "$PEER_PORT" --argjson peerOps "$PEER_OPERATIONS_PORT" --argjson ordererPort "$ORDERER_PORT" \
    --argjson ordererOps "$ORDERER_OPERATIONS_PORT" --argjson apiPort "$API_PORT" --arg dir "$ORG_DIR" \
    --arg namespace "$ORG_NAMESPACE" --argjson peer "$(runs_peer "$org" && echo true || echo false)" \
    --argjson orderer "$(runs_orderer "$org" && echo true || echo false)" \
    --argjson channels "$(channels_of "$org" | jq -R . | jq -s .)" \
    --arg ccTls "$( runs_peer "$org" && chaincode_tls_dir "$org" || echo "")" --arg name "$org" '{
      mspId: $msp, kind: $kind, host: $host, namespace: $namespace, channels: $channels,
      tlsCaCert: ($dir + "/msp/tlscacerts/tlsca.pem"),
      admin: {cert: ($dir + "/admin/msp/signcerts/cert.pem"), key: ($dir + "/admin/msp/keystore/key.pem"),
              tlsCert: ($dir + "/admin/tls/server.crt"), tlsKey: ($dir + "/admin/tls/server.key")}
    } + (if $peer then {
      peerEndpoint: "\($host):\($peerPort)", peerHostAlias: $alias, peerOperations: "\($host):\($peerOps)",
      apiUrl: "http://\($host):\($apiPort)", apiPort: $apiPort,
      user: {cert: ($dir + "/clients/api/msp/signcerts/cert.pem"), key: ($dir + "/clients/api/msp/keystore/key.pem")},
      peerChaincodeClient: {cert: ($ccTls + "/peers/" + $name + ".crt"), key: ($ccTls + "/peers/" + $name + ".key")}
    } else {} end) + (if $orderer then {
      ordererEndpoint: "\($host):\($ordererPort)", ordererOperations: "\($host):\($ordererOps)"
    } else {} end)')"
  orgs="$(jq --arg org "$org" --argjson entry "$entry" '. + {($org): $entry}' <<<"$orgs")"
done

channels_json='{}'
for channel in $(channels); do
  channels_json="$(jq --arg channel "$channel" --argjson members "$(channel_members "$channel" | jq -R . | jq -s .)" \
    --argjson orderers "$(channel_orderers "$channel" | jq -R . | jq -s .)" --arg pair "$(channel_pair "$channel")" \
    '. + {($channel): ({members: $members, orderers: $orderers} + (if $pair == "" then {} else {pair: ($pair | split(" "))} end))}' <<<"$channels_json")"
done

chaincode_service="$(if [ "$TOPOLOGY" = single ]; then
  jq -n --arg ca "$STATE_DIR/shared/chaincode-tls/ca.crt" --argjson port "$SHARED_CHAINCODE_PORT" '{endpoint: "127.0.0.1:\($port)", tlsCaCert: $ca}'
else echo null; fi)"

jq -n --arg topology "$TOPOLOGY" --arg ordering "$ORDERING" --arg consortium "$CONSORTIUM_CHANNEL" \
  --arg chaincode "$MAIN_CHAINCODE" --argjson orgs "$orgs" --argjson channels "$channels_json" \
  --argjson chaincodeService "$chaincode_service" --arg consortiumFile "$CONSORTIUM_FILE" '{
    topology: $topology, ordering: $ordering, consortiumChannel: $consortium, chaincode: $chaincode,
    consortiumFile: $consortiumFile, channels: $channels, orgs: $orgs, chaincodeService: $chaincodeService
  }' >"$STATE_DIR/network.json"

# Legacy profiles: the org's own peer and the orderers of its channels (fabric-network discovers the rest).
for org in $(org_names bank regulator); do
  org_settings "$org"
  jq --arg org "$org" --arg tlsca "$(pem_json "$ORG_DIR/msp/tlscacerts/tlsca.pem")" --arg exchange "$EXCHANGE_DIR" '
    .orgs[$org] as $me | . as $net
    | ([$me.channels[] as $c | $net.channels[$c].orderers[]] | unique) as $orderers
    | {name: "bayrecon-\($org)", version: "1.0.0",
       client: {organization: $org, connection: {timeout: {peer: {endorser: "30"}, orderer: "30"}}},
       organizations: {($org): {mspid: $me.mspId, peers: ["peer0.\($org)"]}},
       peers: {"peer0.\($org)": {url: "grpcs://\($me.peerHostAlias):\($me.peerEndpoint | split(":")[1])",
         tlsCACerts: {path: $me.tlsCaCert}, grpcOptions: {"ssl-target-name-override": $me.peerHostAlias}}},
       orderers: ([$orderers[] as $o | {key: "orderer0.\($o)", value: {
         url: "grpcs://\($net.orgs[$o].peerHostAlias // "localhost"):\($net.orgs[$o].ordererEndpoint | split(":")[1])",
         tlsCACerts: {path: ($exchange + "/orgs/" + $o + "/msp/tlscacerts/tlsca.pem")}, grpcOptions: {"ssl-target-name-override": ($net.orgs[$o].peerHostAlias // "localhost")}}}] | from_entries)}' \
    "$STATE_DIR/network.json" >"$STATE_DIR/profiles/$org.json"
done
