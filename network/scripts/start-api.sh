#!/usr/bin/env bash
# Starts one org's bayrecon API instance, configured for that org's peer and identity: start-api.sh ORG
# Extra settings (DATABASE_URL, OUTBOX_BATCH_SIZE, WEBHOOK_URLS, ...) pass through from the environment.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
org_settings "$1"
mkdir -p "$STATE_DIR/api"
user_msp="$ORG_DIR/users/User1@$ORG_DOMAIN/msp"

start_daemon "api-$1" env \
  BAYRECON_ORG="$1" \
  PORT="$API_PORT" \
  FABRIC_PEER_ENDPOINT="127.0.0.1:$PEER_PORT" \
  FABRIC_TLS_CA_CERT="$PEER_TLS_CA" \
  FABRIC_MSP_ID="$ORG_MSP" \
  FABRIC_CERT="$(ls "$user_msp"/signcerts/* | head -n 1)" \
  FABRIC_KEY="$(ls "$user_msp"/keystore/* | head -n 1)" \
  SQLITE_PATH="${SQLITE_PATH:-$STATE_DIR/api/$1.sqlite}" \
  node "$REPO_DIR/api/dist/main.js"
wait_for "the $1 API on port $API_PORT" 30 curl -sf "http://127.0.0.1:$API_PORT/health"
log "$1 API on http://127.0.0.1:$API_PORT (OpenAPI at /docs)"
