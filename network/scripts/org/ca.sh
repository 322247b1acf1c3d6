#!/usr/bin/env bash
# One organisation's Fabric CA: a fabric-ca-server with two CAs, `ca` (enrolment: the identities that sign
# transactions) and `tlsca` (the TLS certificates of its nodes and clients), as Fabric CA's deployment guide
# describes; it serves over TLS on the organisation's host.
#   ca.sh start ORG     start it (initialising its home on first start) and wait until it answers
#   ca.sh stop ORG
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
command="${1:-}" org="${2:-}"
[ -n "$org" ] || die "usage: ca.sh start|stop ORG"
org_settings "$org"
home="$ORG_DIR/ca"
secrets="$ORG_DIR/registrars/secrets"

# server_config NAME CN SECRET: the configuration of the CA NAME. The server registers at its first start the
# registrar, and the organisation's own nodes, admin and API (node_identities), each with a secret generated here
# into the org's registrars folder (where identities.sh enrols with it); no secret leaves the organisation's host.
# Identities added later (another API instance's) are registered by the registrar (identities.sh).
server_config() {
  local name="$1" cn="$2" secret="$3" ca identity type
  cat <<YAML
ca:
  name: $name
csr:
  cn: $cn
  names:
    - O: $ORG_MSP
  hosts: [$ORG_HOST, localhost, ca.$ORG_DOMAIN]
signing:
  default:
    usage: [digital signature]
    expiry: 8760h
  profiles:
    tls:
      usage: [digital signature, key encipherment, server auth, client auth, key agreement]
      expiry: 8760h
crl:
  expiry: 24h
registry:
  maxenrollments: -1
  identities:
    - name: registrar
      pass: $secret
      type: client
      affiliation: ""
      attrs:
        hf.Registrar.Roles: "*"
        hf.Registrar.DelegateRoles: "*"
        hf.Registrar.Attributes: "*"
        hf.Revoker: true
        hf.GenCRL: true
        hf.AffiliationMgr: true
YAML
  while read -r ca identity type; do
    [ "$ca" = "$name" ] || continue
    printf '    - {name: %s, pass: %s, type: %s, affiliation: ""}\n' "$identity" "$(cat "$secrets/$ca-$identity")" "$type"
  done < <(node_identities "$org")
}

initialise() {
  mkdir -p "$home/tlsca"
  umask 077
  openssl rand -hex 16 >"$home/registrar.secret"
  local secret; secret="$(cat "$home/registrar.secret")"
  mkdir -p "$secrets"
  local ca identity type
  while read -r ca identity type; do openssl rand -hex 16 >"$secrets/$ca-$identity"; done < <(node_identities "$org")
  {
    echo "port: $CA_PORT"
    echo "address: $ORG_HOST"
    echo "tls: {enabled: true}"
    echo "operations: {listenAddress: \"$ORG_HOST:$CA_OPERATIONS_PORT\"}"
    echo "metrics: {provider: disabled}"
    echo "cafiles: [tlsca/fabric-ca-server-config.yaml]"
    server_config ca "ca.$ORG_DOMAIN" "$secret"
  } >"$home/fabric-ca-server-config.yaml"
  server_config tlsca "tlsca.$ORG_DOMAIN" "$secret" >"$home/tlsca/fabric-ca-server-config.yaml"
}

case "$command" in
  start)
    if pid_alive "$org" ca; then exit 0; fi
    [ -f "$home/fabric-ca-server-config.yaml" ] || initialise
    start_daemon "$org" ca "$FABRIC_BIN/fabric-ca-server" start --home "$home"
    wait_for "the CA of $org" 30 curl -sf --cacert "$home/ca-cert.pem" "https://$ORG_HOST:$CA_PORT/cainfo"
    ;;
  stop)
    stop_daemon "$org" ca
    ;;
  *) die "usage: ca.sh start|stop ORG" ;;
esac
