#!/usr/bin/env bash
# Deploys the chaincode at the channel's next sequence: packages it as a service, installs it on every
# peer, approves it for every org, commits it, and (re)starts each org's chaincode server with the new
# package id. The first deploy and every upgrade take the same path, so an upgrade is one command.
set -euo pipefail
source "$(dirname "$0")/../env.sh"

as_admin SZBank
committed=$("$FABRIC_BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CHAINCODE_NAME" -O json 2>/dev/null \
  | sed -n 's/.*"sequence": *\([0-9]*\).*/\1/p' || true)
sequence=$(( ${committed:-0} + 1 ))
label="${CHAINCODE_NAME}_${sequence}"
version="1.0.$sequence"

# The package holds only where to reach the chaincode; {{.NAME_port}} is filled in by each peer's
# ccaas builder from CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG, so the same package id would serve one server
# per org as well as the local network's shared one.
work="$STATE_DIR/chaincode/$label"
rm -rf "$work" && mkdir -p "$work"
printf '{"address":"127.0.0.1:{{.%s_port}}","dial_timeout":"10s","tls_required":false}\n' "$CHAINCODE_NAME" >"$work/connection.json"
printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
tar -C "$work" -czf "$work/code.tar.gz" connection.json
tar -C "$work" -czf "$work/$label.tgz" metadata.json code.tar.gz
package_id=$("$FABRIC_BIN/peer" lifecycle chaincode calculatepackageid "$work/$label.tgz")
log "deploying $CHAINCODE_NAME sequence $sequence as $package_id"

for org in "${PEER_ORGS[@]}"; do
  ( as_admin "$org" && "$FABRIC_BIN/peer" lifecycle chaincode install "$work/$label.tgz" >"$work/install-$org.log" 2>&1 \
      || { cat "$work/install-$org.log" >&2; exit 1; } ) &
done
wait_all() { local failed=0; for job in $(jobs -p); do wait "$job" || failed=1; done; return $failed; }
wait_all || die "chaincode install failed"

# Restart the chaincode service under the new package id before the definition goes live, so the first
# invoke after the commit finds it.
"$(dirname "$0")/stop-chaincode.sh"
"$(dirname "$0")/start-chaincode.sh" "$package_id"

definition=(--channelID "$CHANNEL" --name "$CHAINCODE_NAME" --version "$version" --sequence "$sequence"
  --signature-policy "$CHAINCODE_POLICY")
[ -f "$COLLECTIONS_CONFIG" ] && definition+=(--collections-config "$COLLECTIONS_CONFIG")
orderer=(-o "127.0.0.1:$ORDERER_PORT" --ordererTLSHostnameOverride "$ORDERER_HOST" --tls --cafile "$ORDERER_CA")
for org in "${PEER_ORGS[@]}"; do
  ( as_admin "$org" && "$FABRIC_BIN/peer" lifecycle chaincode approveformyorg "${orderer[@]}" "${definition[@]}" \
      --package-id "$package_id" >"$work/approve-$org.log" 2>&1 || { cat "$work/approve-$org.log" >&2; exit 1; } ) &
done
wait_all || die "chaincode approval failed"

peers=()
for org in "${PEER_ORGS[@]}"; do
  org_settings "$org"
  peers+=(--peerAddresses "127.0.0.1:$PEER_PORT" --tlsRootCertFiles "$PEER_TLS_CA")
done
as_admin SZBank
"$FABRIC_BIN/peer" lifecycle chaincode commit "${orderer[@]}" "${definition[@]}" "${peers[@]}" >"$work/commit.log" 2>&1 \
  || { cat "$work/commit.log" >&2; die "chaincode commit failed"; }
echo "$package_id" >"$STATE_DIR/chaincode/$CHAINCODE_NAME.package-id"
log "committed $CHAINCODE_NAME sequence $sequence"
