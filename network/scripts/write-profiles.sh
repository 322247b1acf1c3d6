#!/usr/bin/env bash
# Writes what clients need to reach the network, from the one port map in env.sh:
#   state/network.json           every org's peer, API port and identities, the chaincode service (our clients)
#   state/profiles/ORG.json      a common connection profile per org (legacy fabric-network SDK)
set -euo pipefail
source "$(dirname "$0")/../env.sh"
mkdir -p "$STATE_DIR/profiles"

first_file() { ls "$1"/* | head -n 1; }

orgs_json=""
for org in "${PEER_ORGS[@]}"; do
  org_settings "$org"
  user_msp="$ORG_DIR/users/User1@$ORG_DOMAIN/msp"
  admin_msp="$ADMIN_MSP"
  orgs_json+="$( [ -n "$orgs_json" ] && echo ,)
    \"$org\": {
      \"mspId\": \"$ORG_MSP\",
      \"peerEndpoint\": \"127.0.0.1:$PEER_PORT\",
      \"peerHostAlias\": \"localhost\",
      \"peerOperations\": \"127.0.0.1:$PEER_OPERATIONS_PORT\",
      \"apiPort\": $API_PORT,
      \"tlsCaCert\": \"$PEER_TLS_CA\",
      \"user\": {\"cert\": \"$(first_file "$user_msp/signcerts")\", \"key\": \"$(first_file "$user_msp/keystore")\"},
      \"admin\": {\"cert\": \"$(first_file "$admin_msp/signcerts")\", \"key\": \"$(first_file "$admin_msp/keystore")\"},
      \"peerChaincodeClient\": {\"cert\": \"$CHAINCODE_TLS_DIR/peers/$org.crt\", \"key\": \"$CHAINCODE_TLS_DIR/peers/$org.key\"}
    }"

  cat >"$STATE_DIR/profiles/$org.json" <<JSON
{
  "name": "bayrecon-$org",
  "version": "1.0.0",
  "client": {"organization": "$org", "connection": {"timeout": {"peer": {"endorser": "30"}, "orderer": "30"}}},
  "organizations": {
    "$org": {"mspid": "$ORG_MSP", "peers": ["$PEER_HOST"]}
  },
  "peers": {
    "$PEER_HOST": {
      "url": "grpcs://localhost:$PEER_PORT",
      "tlsCACerts": {"pem": "$(pem_json "$PEER_TLS_CA")"},
      "grpcOptions": {"ssl-target-name-override": "localhost"}
    }
  },
  "orderers": {
    "$ORDERER_HOST": {
      "url": "grpcs://localhost:$ORDERER_PORT",
      "tlsCACerts": {"pem": "$(pem_json "$ORDERER_CA")"},
      "grpcOptions": {"ssl-target-name-override": "localhost"}
    }
  }
}
JSON
done

cat >"$STATE_DIR/network.json" <<JSON
{
  "channel": "$CHANNEL",
  "chaincode": "$CHAINCODE_NAME",
  "orderer": {"endpoint": "127.0.0.1:$ORDERER_PORT", "tlsCaCert": "$ORDERER_CA", "operations": "127.0.0.1:$ORDERER_OPERATIONS_PORT"},
  "chaincodeService": {"endpoint": "127.0.0.1:$CHAINCODE_SERVER_PORT", "tlsCaCert": "$CHAINCODE_TLS_DIR/ca.crt"},
  "orgs": {$orgs_json
  }
}
JSON
