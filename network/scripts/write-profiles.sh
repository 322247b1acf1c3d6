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

# One line per organisation and per channel, read by one jq program (a jq process per field would cost seconds
# on a busy machine, and more with every member).
{
  for org in $(org_names); do
    org_settings "$org"
    cc_tls=""; runs_peer "$org" && cc_tls="$(chaincode_tls_dir "$org")"
    printf 'org\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$org" "$ORG_MSP" "$ORG_KIND" "$ORG_HOST" \
      "$(alias_of)" "$PEER_PORT" "$PEER_OPERATIONS_PORT" "$ORDERER_PORT" "$ORDERER_OPERATIONS_PORT" "$API_PORT" "$ORG_DIR" \
      "${ORG_NAMESPACE:--}" "$(runs_peer "$org" && echo true || echo false)" "$(runs_orderer "$org" && echo true || echo false)" \
      "$(channels_of "$org" | paste -sd' ')" "${cc_tls:--}"
  done
  for channel in $(channels); do
    printf 'channel\t%s\t%s\t%s\t%s\n' "$channel" "$(channel_members "$channel" | paste -sd' ')" \
      "$(channel_orderers "$channel" | paste -sd' ')" "$(channel_pair "$channel")"
  done
} >"$STATE_DIR/network.lines"

chaincode_service="$(if [ "$TOPOLOGY" = single ]; then
  jq -n --arg ca "$STATE_DIR/shared/chaincode-tls/ca.crt" --argjson port "$SHARED_CHAINCODE_PORT" '{endpoint: "127.0.0.1:\($port)", tlsCaCert: $ca}'
else echo null; fi)"

jq -R -s --arg topology "$TOPOLOGY" --arg ordering "$ORDERING" --arg consortium "$CONSORTIUM_CHANNEL" \
  --arg chaincode "$MAIN_CHAINCODE" --argjson chaincodeService "$chaincode_service" --arg consortiumFile "$CONSORTIUM_FILE" '
  def words: if . == "" then [] else split(" ") end;
  [split("\n")[] | select(. != "") | split("\t")] as $lines
  | ([$lines[] | select(.[0] == "org") | . as [$_, $name, $msp, $kind, $host, $alias, $peerPort, $peerOps, $ordererPort, $ordererOps, $apiPort, $dir, $namespace, $peer, $orderer, $channels, $ccTls]
      | {key: $name, value: ({
          mspId: $msp, kind: $kind, host: $host, namespace: (if $namespace == "-" then "" else $namespace end), channels: ($channels | words),
          tlsCaCert: ($dir + "/msp/tlscacerts/tlsca.pem"),
          admin: {cert: ($dir + "/admin/msp/signcerts/cert.pem"), key: ($dir + "/admin/msp/keystore/key.pem"),
                  tlsCert: ($dir + "/admin/tls/server.crt"), tlsKey: ($dir + "/admin/tls/server.key")}
        } + (if $peer == "true" then {
          peerEndpoint: "\($host):\($peerPort)", peerHostAlias: $alias, peerOperations: "\($host):\($peerOps)",
          apiUrl: "http://\($host):\($apiPort)", apiPort: ($apiPort | tonumber),
          user: {cert: ($dir + "/clients/api/msp/signcerts/cert.pem"), key: ($dir + "/clients/api/msp/keystore/key.pem")},
          peerChaincodeClient: {cert: ($ccTls + "/peers/" + $name + ".crt"), key: ($ccTls + "/peers/" + $name + ".key")}
        } else {} end) + (if $orderer == "true" then {
          ordererEndpoint: "\($host):\($ordererPort)", ordererOperations: "\($host):\($ordererOps)"
        } else {} end))}] | from_entries) as $orgs
  | ([$lines[] | select(.[0] == "channel") | . as [$_, $channel, $members, $orderers, $pair]
      | {key: $channel, value: ({members: ($members | words), orderers: ($orderers | words)}
          + (if ($pair // "") == "" then {} else {pair: ($pair | split(" "))} end))}] | from_entries) as $channels
  | {topology: $topology, ordering: $ordering, consortiumChannel: $consortium, chaincode: $chaincode,
     consortiumFile: $consortiumFile, channels: $channels, orgs: $orgs, chaincodeService: $chaincodeService}
  ' "$STATE_DIR/network.lines" >"$STATE_DIR/network.json.new"
rm -f "$STATE_DIR/network.lines"
mv "$STATE_DIR/network.json.new" "$STATE_DIR/network.json"

# Legacy profiles: the org's own peer and the orderers of its channels (fabric-network discovers the rest).
for org in $(org_names bank regulator); do
  org_settings "$org"
  (jq --arg org "$org" --arg tlsca "$(pem_json "$ORG_DIR/msp/tlscacerts/tlsca.pem")" --arg exchange "$EXCHANGE_DIR" '
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
    "$STATE_DIR/network.json" >"$STATE_DIR/profiles/$org.json") &
done
wait_all || die "the connection profiles could not be written"
