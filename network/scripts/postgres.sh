#!/usr/bin/env bash
# A throwaway PostgreSQL for the API's database tests: postgres.sh start | stop | url
# Installs Debian's postgresql package where no server is installed, initialises a cluster in the state
# folder (beside the machine's shared chaincode services), and serves it on loopback only. `make down` removes it
# with the rest of the state.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
PG_PORT=$((55432 + PORT_OFFSET))
PG_DIR="$STATE_DIR/postgres"
PG_URL="postgresql://bayrecon@127.0.0.1:$PG_PORT/bayrecon"
SHARED_DIR="$(place_dir shared)"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
# PostgreSQL refuses to run as root: run its tools as the package's own service user.
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
  start)
    if pid_alive shared postgres; then echo "$PG_URL"; exit 0; fi
    if [ -z "$(pg_bin)" ]; then
      log "installing PostgreSQL from Debian's packages"
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
        || die "could not install PostgreSQL (apt-get install postgresql)"
    fi
    bin="$(pg_bin)"
    rm -rf "$PG_DIR" && mkdir -p "$PG_DIR" "$SHARED_DIR/pids" "$SHARED_DIR/logs"
    [ "$(id -u)" -ne 0 ] || chown postgres "$PG_DIR"
    as_postgres "$bin/initdb" -D "$PG_DIR/data" -U bayrecon -A trust -E UTF8 >"$SHARED_DIR/logs/postgres-init.log" 2>&1 \
      || die "initdb failed: see $SHARED_DIR/logs/postgres-init.log"
    as_postgres "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w \
      -o "-h 127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off" start >/dev/null \
      || die "PostgreSQL did not start (the end of $PG_DIR/postgres.log, which goes with the state when a test run removes it): $(tail -n 5 "$PG_DIR/postgres.log" 2>/dev/null)"
    pid="$(head -n 1 "$PG_DIR/data/postmaster.pid")"
    echo "$pid $(proc_start_time "$pid")" >"$SHARED_DIR/pids/postgres.pid"
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U bayrecon bayrecon
    echo "$PG_URL"
    ;;
  stop)
    [ -d "$PG_DIR/data" ] && as_postgres "$(pg_bin)/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
    rm -f "$SHARED_DIR/pids/postgres.pid"
    ;;
  url)
    echo "$PG_URL"
    ;;
  *)
    die "usage: postgres.sh start|stop|url"
    ;;
esac
