#!/usr/bin/env bash
# One organisation's bayrecon API instance, on its host, acting for that organisation with its own identity:
#   api.sh start ORG            start it detached (pid file, log in the org's folder) and wait for /health
#   api.sh stop ORG             stop it
#   api.sh cli ORG ARGS...      run its admin CLI (e.g. create-key --role submitter) on its database
#   api.sh env ORG              print its settings (KEY=value lines)
# Extra settings (DATABASE_URL, OUTBOX_BATCH_SIZE, WEBHOOK_URLS, ...) pass through from the environment.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}" org="${2:-}"
[ -n "$org" ] || die "usage: api.sh start|stop|cli|env ORG [ARGS...]"
shift 2
org_settings "$org"
identity="$ORG_DIR/clients/api/msp"
# The TLS name the API checks its peer's certificate for: localhost on one machine (every node is 127.0.0.1), the
# peer's host name on the hosts topology. Either way it connects by address and Node never sees an IP address
# as a TLS server name.
alias=localhost
[ "$TOPOLOGY" = hosts ] && alias="$PEER_HOST"
settings=(
  BAYRECON_ORG="$org"
  BAYRECON_HOST="$ORG_HOST"
  PORT="$API_PORT"
  FABRIC_PEER_ENDPOINT="$ORG_HOST:$PEER_PORT"
  FABRIC_PEER_HOST_ALIAS="$alias"
  FABRIC_TLS_CA_CERT="$ORG_DIR/msp/tlscacerts/tlsca.pem"
  FABRIC_MSP_ID="$ORG_MSP"
  FABRIC_CERT="$identity/signcerts/cert.pem"
  FABRIC_KEY="$identity/keystore/key.pem"
  BAYRECON_CONSORTIUM_FILE="$CONSORTIUM_FILE"
  SQLITE_PATH="${SQLITE_PATH:-$ORG_DIR/api/$org.sqlite}"
)

case "$command" in
  start)
    if pid_alive "$org" api; then log "$org API already running on http://$ORG_HOST:$API_PORT"; exit 0; fi
    mkdir -p "$ORG_DIR/api"
    start_daemon "$org" api env "${settings[@]}" node "$REPO_DIR/api/dist/main.js"
    wait_for "the $org API on port $API_PORT" 60 curl -sf "http://$ORG_HOST:$API_PORT/health"
    log "$org API on http://$ORG_HOST:$API_PORT (OpenAPI at /docs)"
    ;;
  stop) stop_daemon "$org" api ;;
  cli) on_host "$org" env "${settings[@]}" node "$REPO_DIR/api/dist/cli.js" "$@" ;;
  env) printf '%s\n' "${settings[@]}" ;;
  *) die "usage: api.sh start|stop|cli|env ORG [ARGS...]" ;;
esac
