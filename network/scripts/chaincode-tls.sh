#!/usr/bin/env bash
# Issues the mutual TLS between peers and a chaincode service, in DIR:
#   chaincode-tls.sh DIR ORG...
#   ca.crt, ca.key           a CA of the service's own
#   server.crt, server.key   the service's certificate (127.0.0.1 and localhost: it listens on its host's loopback)
#   peers/ORG.crt, ORG.key   the client certificate of each ORG's peer
# The organisations' TLS CAs are not reused: a chaincode service would then take any TLS identity an organisation
# issues (its users' and admins' too), where it must answer the peers alone. Existing certificates are kept.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
dir="${1:?usage: chaincode-tls.sh DIR ORG...}"; shift
mkdir -p "$dir/peers"

# certificate NAME SUBJECT EXTENSION...: a new P-256 key NAME.key (mode 600) and its certificate NAME.crt for
# SUBJECT, valid a year, issued by the CA (self-signed for the CA itself), with the given X.509v3 extensions.
# OpenSSL 3's `req -x509 -CA` issues in one step; `-config /dev/null` keeps the system openssl.cnf from making
# every certificate a CA (its v3_ca section).
certificate() {
  local name="$1" subject="$2" issuer=() extensions=() extension; shift 2
  [ -f "$name.crt" ] && return 0
  [ "$name" = "$dir/ca" ] || issuer=(-CA "$dir/ca.crt" -CAkey "$dir/ca.key")
  for extension in "$@"; do extensions+=(-addext "$extension"); done
  openssl req -x509 -config /dev/null -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
    -subj "$subject" "${issuer[@]}" "${extensions[@]}" -keyout "$name.key" -out "$name.crt" 2>/dev/null \
    || die "openssl could not issue $name.crt"
}

certificate "$dir/ca" "/O=bayrecon/CN=chaincode service TLS CA" \
  "basicConstraints=critical,CA:TRUE" "keyUsage=critical,keyCertSign,cRLSign"
leaf=("basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature")
certificate "$dir/server" "/O=bayrecon/CN=chaincode service" "${leaf[@]}" \
  "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1,DNS:localhost"
for org in "$@"; do
  certificate "$dir/peers/$org" "/O=${org}MSP/CN=peer0 of $org" "${leaf[@]}" "extendedKeyUsage=clientAuth"
done
