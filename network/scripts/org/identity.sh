#!/usr/bin/env bash
# An organisation's operator manages its client identities at its own CA:
#   identity.sh enrol ORG NAME    registers and enrols a client identity (e.g. a second API instance's); prints its MSP folder
#   identity.sh revoke ORG NAME   revokes it (reason keycompromise), regenerates the CA's revocation list and puts
#                                 it into the organisation's MSP on every channel it is a member of, by a
#                                 configuration update the organisation signs alone (its own MSP is its own to change)
# Until that update commits, peers still accept the revoked identity; afterwards they refuse it (peer log:
# "The certificate has been revoked"). TLS certificates are not checked for revocation.
set -euo pipefail
source "$(dirname "$0")/../../env.sh"
command="${1:-}" org="${2:-}" name="${3:-}"
[ -n "$name" ] || die "usage: identity.sh enrol|revoke ORG NAME"
org_settings "$org"
registrars="$ORG_DIR/registrars"

case "$command" in
  enrol)
    "$(dirname "$0")/identities.sh" "$org" client "$name"
    ;;
  revoke)
    [ -f "$ORG_DIR/clients/$name/msp/signcerts/cert.pem" ] || die "$org has no client identity '$name'"
    on_host "$org" "$FABRIC_BIN/fabric-ca-client" revoke -u "https://$ORG_HOST:$CA_PORT" --caname ca --home "$registrars" \
      --mspdir "$registrars/ca/msp" --tls.certfiles "$ORG_DIR/ca/ca-cert.pem" -e "$name" -r keycompromise --gencrl \
      --loglevel warning >/dev/null
    mkdir -p "$ORG_DIR/msp/crls"
    cp "$registrars/ca/msp/crls/crl.pem" "$ORG_DIR/msp/crls/crl.pem"
    "$(dirname "$0")/publish.sh" "$org"
    crl="$(base64 -w0 "$ORG_DIR/msp/crls/crl.pem")"
    for channel in $(channels_of "$org"); do
      work="$(mktemp -d)"
      "$SCRIPTS_DIR/config-update.sh" fetch "$org" "$channel" "$work/original.json"
      # The organisation's MSP sits in the application group and, when it orders the channel, in the orderer
      # group too; Fabric requires the two to stay identical.
      jq --arg msp "$ORG_MSP" --arg crl "$crl" '
        (.channel_group.groups.Application.groups[$msp].values.MSP.value.config.revocation_list) = [$crl]
        | if .channel_group.groups.Orderer.groups[$msp] then
            (.channel_group.groups.Orderer.groups[$msp].values.MSP.value.config.revocation_list) = [$crl] else . end' \
        "$work/original.json" >"$work/modified.json"
      update="revoke-$org-$name-$channel"
      "$SCRIPTS_DIR/config-update.sh" propose "$org" "$channel" "$work/original.json" "$work/modified.json" "$update"
      "$SCRIPTS_DIR/config-update.sh" submit "$org" "$channel" "$update"
      rm -rf "$work"
    done
    log "$org revoked '$name' on $(channels_of "$org" | paste -sd' ')"
    ;;
  *) die "usage: identity.sh enrol|revoke ORG NAME" ;;
esac
