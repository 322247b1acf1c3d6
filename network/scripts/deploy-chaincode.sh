#!/usr/bin/env bash
# Deploys the chaincode: packages it as a service, installs it on every peer, (re)starts its server with the
# new package id, then approves and commits each of its definitions at that definition's next sequence. The
# first deploy and every upgrade take the same path, so an upgrade is one command.
#
# A chaincode with a collections file (bayrecon) has one definition per collection beside its main one: the
# bank pair's payments namespace (payments_<A>_<B> for pair_<A>_<B>), whose endorsement policy is the
# collection's own and whose only collection is that one. All definitions run the same package and server.
set -euo pipefail
source "$(dirname "$0")/../env.sh"

# next_sequence NAME: the sequence the definition NAME gets now (1 when never committed).
next_sequence() {
  local committed
  committed=$("$FABRIC_BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$1" -O json 2>/dev/null \
    | sed -n 's/.*"sequence": *\([0-9]*\).*/\1/p' || true)
  echo $(( ${committed:-0} + 1 ))
}

as_admin SZBank
sequence=$(next_sequence "$CHAINCODE_NAME")
label="${CHAINCODE_NAME}_${sequence}"

# The package holds only where and how to reach the chaincode: over mutual TLS, with the port, the CA and the
# peer's client certificate and key filled in by each peer's ccaas builder from its
# CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG (builder_config in env.sh). So no key travels in the package, and the
# same package id would serve one server per org, each with its own certificates, as well as the local
# network's shared one.
work="$STATE_DIR/chaincode/$label"
rm -rf "$work" && mkdir -p "$work"
cat >"$work/connection.json" <<JSON
{"address":"127.0.0.1:{{.${CHAINCODE_NAME}_port}}","dial_timeout":"10s","tls_required":true,"client_auth_required":true,
 "root_cert":"{{.chaincode_root_cert}}","client_cert":"{{.chaincode_client_cert}}","client_key":"{{.chaincode_client_key}}"}
JSON
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

# definitions: one line per definition, NAME|POLICY|COLLECTIONS_FILE ('-' for none).
definitions() {
  echo "$CHAINCODE_NAME|$CHAINCODE_POLICY|-"
  [ -f "$COLLECTIONS_CONFIG" ] || return 0
  node -e '
    const fs = require("fs");
    const [config, dir] = process.argv.slice(1);
    for (const collection of JSON.parse(fs.readFileSync(config, "utf8"))) {
      const file = `${dir}/${collection.name}.json`;
      fs.writeFileSync(file, JSON.stringify([collection]));
      console.log(`${collection.name.replace(/^pair_/, "payments_")}|${collection.endorsementPolicy.signaturePolicy}|${file}`);
    }' "$COLLECTIONS_CONFIG" "$work"
}

orderer=(-o "127.0.0.1:$ORDERER_PORT" --ordererTLSHostnameOverride "$ORDERER_HOST" --tls --cafile "$ORDERER_CA")
peers=()
for org in "${PEER_ORGS[@]}"; do
  org_settings "$org"
  peers+=(--peerAddresses "127.0.0.1:$PEER_PORT" --tlsRootCertFiles "$PEER_TLS_CA")
done

# deploy_definition NAME POLICY COLLECTIONS_FILE: every org approves it, then it is committed.
deploy_definition() {
  local name="$1" policy="$2" collections="$3" org definition
  as_admin SZBank
  local next; next=$(next_sequence "$name")
  definition=(--channelID "$CHANNEL" --name "$name" --version "1.0.$next" --sequence "$next" --signature-policy "$policy")
  [ "$collections" = - ] || definition+=(--collections-config "$collections")
  for org in "${PEER_ORGS[@]}"; do
    ( as_admin "$org" && "$FABRIC_BIN/peer" lifecycle chaincode approveformyorg "${orderer[@]}" "${definition[@]}" \
        --package-id "$package_id" >"$work/approve-$name-$org.log" 2>&1 || { cat "$work/approve-$name-$org.log" >&2; exit 1; } ) &
  done
  wait_all || { echo "approval of $name failed" >&2; return 1; }
  as_admin SZBank
  "$FABRIC_BIN/peer" lifecycle chaincode commit "${orderer[@]}" "${definition[@]}" "${peers[@]}" >"$work/commit-$name.log" 2>&1 \
    || { cat "$work/commit-$name.log" >&2; return 1; }
}

# Definitions are independent of each other: they are approved and committed side by side.
while IFS='|' read -r name policy collections; do
  deploy_definition "$name" "$policy" "$collections" &
done < <(definitions)
wait_all || die "chaincode definition failed"
echo "$package_id" >"$STATE_DIR/chaincode/$CHAINCODE_NAME.package-id"
log "committed $CHAINCODE_NAME sequence $sequence$([ -f "$COLLECTIONS_CONFIG" ] && echo " and its bank pairs' payments chaincodes")"
