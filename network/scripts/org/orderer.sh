#!/usr/bin/env bash
# One organisation's ordering node (one of each channel's SmartBFT consenters, or the Raft node of the ordering
# organisation), a detached native process on its host:
#   orderer.sh start ORG | stop ORG
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
command="${1:-}" org="${2:-}"
[ -n "$org" ] || die "usage: orderer.sh start|stop ORG"
org_settings "$org"
tls="$ORG_DIR/orderer/tls"

case "$command" in
  start)
    pid_alive "$org" orderer && exit 0
    data="$ORG_DIR/data/orderer"
    mkdir -p "$data"
    # TLS is mandatory for a cluster orderer. Other consenters' TLS certificates are checked against their
    # organisations' TLS CAs in each channel's configuration; admin (osnadmin) clients must hold a TLS
    # certificate of this organisation's own TLS CA.
    start_daemon "$org" orderer env \
      FABRIC_CFG_PATH="$FABRIC_HOME/config" \
      FABRIC_LOGGING_SPEC="$FABRIC_LOG_SPEC" \
      ORDERER_GENERAL_LISTENADDRESS="$ORG_HOST" \
      ORDERER_GENERAL_LISTENPORT="$ORDERER_PORT" \
      ORDERER_GENERAL_LOCALMSPID="$ORG_MSP" \
      ORDERER_GENERAL_LOCALMSPDIR="$ORG_DIR/orderer/msp" \
      ORDERER_GENERAL_TLS_ENABLED=true \
      ORDERER_GENERAL_TLS_PRIVATEKEY="$tls/server.key" \
      ORDERER_GENERAL_TLS_CERTIFICATE="$tls/server.crt" \
      ORDERER_GENERAL_TLS_ROOTCAS="[$tls/ca.crt]" \
      ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$tls/server.crt" \
      ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$tls/server.key" \
      ORDERER_GENERAL_CLUSTER_ROOTCAS="[$tls/ca.crt]" \
      ORDERER_GENERAL_KEEPALIVE_SERVERMININTERVAL=5s \
      ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
      ORDERER_CHANNELPARTICIPATION_ENABLED=true \
      ORDERER_FILELEDGER_LOCATION="$data/ledger" \
      ORDERER_CONSENSUS_WALDIR="$data/wal" \
      ORDERER_CONSENSUS_SNAPDIR="$data/snapshot" \
      ORDERER_OPERATIONS_LISTENADDRESS="$ORG_HOST:$ORDERER_OPERATIONS_PORT" \
      ORDERER_METRICS_PROVIDER=prometheus \
      ORDERER_ADMIN_LISTENADDRESS="$ORG_HOST:$ORDERER_ADMIN_PORT" \
      ORDERER_ADMIN_TLS_ENABLED=true \
      ORDERER_ADMIN_TLS_PRIVATEKEY="$tls/server.key" \
      ORDERER_ADMIN_TLS_CERTIFICATE="$tls/server.crt" \
      ORDERER_ADMIN_TLS_ROOTCAS="[$tls/ca.crt]" \
      ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$tls/ca.crt]" \
      "$FABRIC_BIN/orderer"
    wait_for "the orderer of $org" 30 healthy "$org" "$ORDERER_OPERATIONS_PORT"
    wait_for "the orderer of $org's port" 30 port_open "$ORG_HOST" "$ORDERER_PORT"
    ;;
  stop) stop_daemon "$org" orderer ;;
  *) die "usage: orderer.sh start|stop ORG" ;;
esac
