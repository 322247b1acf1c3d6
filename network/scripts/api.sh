#!/usr/bin/env bash
# One org's bayrecon API instance, configured for that org's peer and identity:
#   api.sh start ORG            start it detached (pid file, log in the state folder) and wait for /health
#   api.sh stop ORG             stop it
#   api.sh cli ORG ARGS...      run its admin CLI (e.g. create-key --role submitter) on its database
# Extra settings (DATABASE_URL, OUTBOX_BATCH_SIZE, WEBHOOK_URLS, ...) pass through from the environment.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}" org="${2:-}"
[ -n "$org" ] || die "usage: api.sh start|stop|cli ORG [ARGS...]"
shift 2
org_settings "$org"
mkdir -p "$STATE_DIR/api"
user_msp="$ORG_DIR/users/User1@$ORG_DOMAIN/msp"
settings=(
  BAYRECON_ORG="$org"
  PORT="$API_PORT"
  FABRIC_PEER_ENDPOINT="127.0.0.1:$PEER_PORT"
  FABRIC_TLS_CA_CERT="$PEER_TLS_CA"
  FABRIC_MSP_ID="$ORG_MSP"
  FABRIC_CERT="$(ls "$user_msp"/signcerts/* | head -n 1)"
  FABRIC_KEY="$(ls "$user_msp"/keystore/* | head -n 1)"
  SQLITE_PATH="${SQLITE_PATH:-$STATE_DIR/api/$org.sqlite}"
)

case "$command" in
  start)
    if pid_alive "api-$org"; then log "$org API already running on http://127.0.0.1:$API_PORT"; exit 0; fi
    start_daemon "api-$org" env "${settings[@]}" node "$REPO_DIR/api/dist/main.js"
    wait_for "the $org API on port $API_PORT" 60 curl -sf "http://127.0.0.1:$API_PORT/health"
    log "$org API on http://127.0.0.1:$API_PORT (OpenAPI at /docs)"
    ;;
  stop)
    stop_daemon "api-$org"
    ;;
  cli)
    env "${settings[@]}" node "$REPO_DIR/api/dist/cli.js" "$@"
    ;;
  *)
    die "usage: api.sh start|stop|cli ORG [ARGS...]"
    ;;
esac
