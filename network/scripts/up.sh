#!/usr/bin/env bash
# Brings the whole local network up from nothing: crypto, channel genesis, orderer, peers, channel joins,
# chaincode deploy, chaincode servers; returns once a real transaction has committed. A second run on a
# running network says so and changes nothing.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
scripts="$(dirname "$0")"

if pid_alive orderer; then
  log "network already running (state in $STATE_DIR); 'make down' stops it"
  exit 0
fi
[ -x "$FABRIC_BIN/peer" ] || die "Fabric not found in FABRIC_HOME=$FABRIC_HOME: run 'make fabric'"
started=$SECONDS

# A half-started or crashed network leaves processes and state behind: clear both before starting anew.
"$scripts/down.sh" >/dev/null
mkdir -p "$STATE_DIR" "$PID_DIR" "$LOG_DIR"

"$FABRIC_BIN/cryptogen" generate --config="$NETWORK_DIR/config/crypto-config.yaml" --output="$CRYPTO_DIR" >/dev/null
"$scripts/chaincode-tls.sh"
sed -e "s/{{ORDERER_PORT}}/$ORDERER_PORT/g" \
    -e "s/{{BATCH_TIMEOUT}}/$BATCH_TIMEOUT/g" \
    -e "s/{{MAX_MESSAGE_COUNT}}/$MAX_MESSAGE_COUNT/g" \
    -e "s/{{PREFERRED_MAX_BYTES}}/$PREFERRED_MAX_BYTES/g" \
    -e "s/{{SZBANK_PEER_PORT}}/$(org_settings SZBank && echo "$PEER_PORT")/g" \
    -e "s/{{HKBANK_PEER_PORT}}/$(org_settings HKBank && echo "$PEER_PORT")/g" \
    -e "s/{{MOBANK_PEER_PORT}}/$(org_settings MOBank && echo "$PEER_PORT")/g" \
    -e "s/{{REGULATOR_PEER_PORT}}/$(org_settings Regulator && echo "$PEER_PORT")/g" \
    "$NETWORK_DIR/config/configtx.yaml.tmpl" >"$STATE_DIR/configtx.yaml"
FABRIC_CFG_PATH="$STATE_DIR" "$FABRIC_BIN/configtxgen" -profile ReconChannel -channelID "$CHANNEL" \
  -outputBlock "$STATE_DIR/$CHANNEL.block" 2>"$LOG_DIR/configtxgen.log" || die "configtxgen failed: see $LOG_DIR/configtxgen.log"
log "crypto and genesis block of channel '$CHANNEL' generated (batch timeout $BATCH_TIMEOUT, max $MAX_MESSAGE_COUNT messages)"

"$scripts/start-orderer.sh"
for org in "${PEER_ORGS[@]}"; do "$scripts/start-peer.sh" "$org"; done

wait_for "the orderer's admin endpoint" 30 curl -sf "http://127.0.0.1:$ORDERER_OPERATIONS_PORT/healthz"
"$FABRIC_BIN/osnadmin" channel join --channelID "$CHANNEL" --config-block "$STATE_DIR/$CHANNEL.block" \
  -o "127.0.0.1:$ORDERER_ADMIN_PORT" --ca-file "$ORDERER_CA" \
  --client-cert "$ORDERER_TLS_DIR/server.crt" --client-key "$ORDERER_TLS_DIR/server.key" >/dev/null
raft_leader() {
  curl -sf "http://127.0.0.1:$ORDERER_OPERATIONS_PORT/metrics" | grep -q "consensus_etcdraft_is_leader{channel=\"$CHANNEL\"} 1"
}
wait_for "a Raft leader on channel $CHANNEL" 30 raft_leader

for org in "${PEER_ORGS[@]}"; do
  org_settings "$org"
  wait_for "peer of $org" 30 curl -sf "http://127.0.0.1:$PEER_OPERATIONS_PORT/healthz"
  ( as_admin "$org" && "$FABRIC_BIN/peer" channel join -b "$STATE_DIR/$CHANNEL.block" >"$LOG_DIR/join-$org.log" 2>&1 ) \
    || die "peer of $org could not join $CHANNEL: see $LOG_DIR/join-$org.log"
done
log "orderer and ${#PEER_ORGS[@]} peers running, all joined to '$CHANNEL'"

"$scripts/deploy-chaincode.sh"
"$scripts/write-profiles.sh"
node -r ts-node/register/transpile-only "$REPO_DIR/network/client/await-ready.ts" || die "the network did not commit a transaction: see $LOG_DIR"
log "network up and committing in $((SECONDS - started)) s"
