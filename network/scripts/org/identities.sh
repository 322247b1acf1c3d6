#!/usr/bin/env bash
# Registers and enrols one organisation's identities at its own CA (which must be running), and assembles its
# MSP folders; cryptogen is not used. Re-running it leaves enrolled identities as they are.
#   identities.sh ORG             the org's nodes, admin and API client
#   identities.sh ORG client NAME  one more client identity (an API instance's), printed as its folder
# Layout under orgs/ORG: msp/ (the organisation's definition: cacerts, tlscacerts, config.yaml with NodeOUs),
# peer/ and orderer/ (msp/ and tls/ each), admin/ (msp/ and tls/, the TLS client certificate osnadmin needs),
# clients/NAME/msp. Keys are written as keystore/key.pem, certificates as signcerts/cert.pem.
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
org="${1:-}"
[ -n "$org" ] || die "usage: identities.sh ORG [client NAME]"
org_settings "$org"
ca_home="$ORG_DIR/ca"
registrars="$ORG_DIR/registrars"
url="https://$ORG_HOST:$CA_PORT"
tls=(--tls.certfiles "$ca_home/ca-cert.pem")

client() { "$FABRIC_BIN/fabric-ca-client" "$@" --home "$registrars" "${tls[@]}" --loglevel warning; }

# The NodeOUs that let policies say .peer, .orderer, .admin and .client of this organisation.
node_ous() {
  cat <<YAML
NodeOUs:
  Enable: true
  ClientOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: client}
  PeerOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: peer}
  AdminOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: admin}
  OrdererOUIdentifier: {Certificate: cacerts/ca.pem, OrganizationalUnitIdentifier: orderer}
YAML
}

# tidy_msp DIR: fixed file names (fabric-ca-client names the CA certificate after the CA's address and the key
# after its hash) and the NodeOUs, so that scripts and configuration name them without a listing.
tidy_msp() {
  local dir="$1"
  mv "$dir"/keystore/*_sk "$dir/keystore/key.pem" 2>/dev/null || true
  if ls "$dir"/cacerts/*.pem >/dev/null 2>&1; then
    local first; first="$(ls "$dir"/cacerts/*.pem | head -n 1)"
    [ "$first" = "$dir/cacerts/ca.pem" ] || mv "$first" "$dir/cacerts/ca.pem"
  fi
  node_ous >"$dir/config.yaml"
  rm -f "$dir"/IssuerPublicKey "$dir"/IssuerRevocationPublicKey
}

# register CA NAME TYPE: registers NAME with a fresh secret (kept in the org's registrars folder) unless known:
# the org's node identities the CA registered itself at its first start (ca.sh), with their secrets there.
register() {
  local ca="$1" name="$2" type="$3" secret_file="$registrars/secrets/$1-$2"
  [ -f "$secret_file" ] && return 0
  enrol_registrar "$ca"
  mkdir -p "$registrars/secrets"
  local secret; secret="$(openssl rand -hex 16)"
  client register -u "$url" --caname "$ca" --mspdir "$registrars/$ca/msp" \
    --id.name "$name" --id.secret "$secret" --id.type "$type" --id.affiliation "" >/dev/null
  (umask 077; echo "$secret" >"$secret_file")
}

# enrol_signing NAME TYPE DIR: an enrolment certificate and key in DIR/msp.
enrol_signing() {
  local name="$1" type="$2" dir="$3"
  [ -f "$dir/msp/signcerts/cert.pem" ] && return 0
  register ca "$name" "$type"
  client enroll -u "https://$name:$(cat "$registrars/secrets/ca-$name")@$ORG_HOST:$CA_PORT" --caname ca \
    --mspdir "$dir/msp" --csr.cn "$name" --csr.names "O=$ORG_MSP" >/dev/null
  tidy_msp "$dir/msp"
}

# enrol_tls NAME TYPE DIR HOSTS: a TLS certificate for the given host names and addresses, in DIR/tls as
# server.crt, server.key and ca.crt (the TLS CA's certificate).
enrol_tls() {
  local name="$1" type="$2" dir="$3" hosts="$4"
  [ -f "$dir/tls/server.crt" ] && return 0
  register tlsca "$name" "$type"
  local work="$dir/tls-enrolment"
  client enroll -u "https://$name:$(cat "$registrars/secrets/tlsca-$name")@$ORG_HOST:$CA_PORT" --caname tlsca \
    --enrollment.profile tls --csr.hosts "$hosts" --mspdir "$work" --csr.cn "$name" --csr.names "O=$ORG_MSP" >/dev/null
  mkdir -p "$dir/tls"
  cp "$work"/signcerts/*.pem "$dir/tls/server.crt"
  cp "$work"/keystore/*_sk "$dir/tls/server.key"
  cp "$work"/tlscacerts/*.pem "$dir/tls/ca.crt"
  rm -rf "$work"
}

# enrol_registrar CA: the registrar's certificate at CA, to register and revoke identities with.
enrol_registrar() {
  [ -f "$registrars/$1/msp/signcerts/cert.pem" ] && return 0
  client enroll -u "https://registrar:$(cat "$ca_home/registrar.secret")@$ORG_HOST:$CA_PORT" --caname "$1" \
    --mspdir "$registrars/$1/msp" --csr.names "O=$ORG_MSP" >/dev/null
}

if [ "${2:-}" = client ]; then
  name="${3:?usage: identities.sh ORG client NAME}"
  enrol_signing "$name" client "$ORG_DIR/clients/$name"
  echo "$ORG_DIR/clients/$name/msp"
  exit 0
fi

# The organisation's definition: the two CA certificates and the NodeOUs. crls/ takes the CA's revocation list
# once an identity is revoked (revoke.sh).
msp="$ORG_DIR/msp"
mkdir -p "$msp/cacerts" "$msp/tlscacerts"
cp "$ca_home/ca-cert.pem" "$msp/cacerts/ca.pem"
cp "$ca_home/tlsca/ca-cert.pem" "$msp/tlscacerts/tlsca.pem"
node_ous >"$msp/config.yaml"

# The enrolment CA's registrar, which revokes identities (identity.sh), enrolled first and alone: fabric-ca-client
# writes its configuration file into the registrars' home when it finds none there, and the enrolments below, side
# by side, would each write it while another reads it half written.
enrol_registrar ca
# Each identity is enrolled on its own (its CA registered it at its first start), so they go side by side (one CA
# round trip and one key generation each; one after the other they took most of a new bank's first minute on a busy
# machine).
names="$ORG_HOST,localhost"
if runs_peer "$org"; then
  enrol_signing peer0 peer "$ORG_DIR/peer" &
  enrol_tls peer0 peer "$ORG_DIR/peer" "$PEER_HOST,$names" &
fi
if runs_orderer "$org"; then
  enrol_signing orderer0 orderer "$ORG_DIR/orderer" &
  enrol_tls orderer0 orderer "$ORG_DIR/orderer" "$ORDERER_HOST,$names" &
fi
enrol_signing admin admin "$ORG_DIR/admin" &
enrol_tls admin client "$ORG_DIR/admin" "admin.$ORG_DOMAIN" &
if runs_peer "$org"; then enrol_signing api client "$ORG_DIR/clients/api" & fi
wait_all || die "not every identity of $org could be enrolled at its CA"
exit 0
