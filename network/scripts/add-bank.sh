#!/usr/bin/env bash
# Admits a bank into the running network, without stopping anything:
#   add-bank.sh ORG JURISDICTION BIC8 [DISPLAY_NAME]
# 1. The bank's own host (its namespace on the hosts topology), CA, identities and public definition.
# 2. Its orderer and peer.
# 3. The consortium channel's configuration update adding it: proposed by a member, signed by as many members'
#    admins as the channel's Admins policy needs (a MAJORITY of its application organisations), each on its own
#    host, and submitted; then its peer joins from the genesis block and replays the channel.
# 4. A channel for its pair with every active bank of another regime (the two banks and their regulators, its
#    members' orderers as consenters), joined by every member.
# 5. The chaincode the network runs, installed on its peer and defined on its new channels; the consortium
#    channel's definition moves to its next sequence, endorsed by any two of the members again.
# 6. The directory change on the ledger (ADMIT_BANK), proposed and approved by the members' administrators.
# The bank's API instance follows (make add-bank starts it).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
org="${1:-}" jurisdiction="${2:-}" bic8="${3:-}" display="${4:-$1}"
[ -n "$bic8" ] || die "usage: add-bank.sh ORG JURISDICTION BIC8 [DISPLAY_NAME]"
[ -f "$STATE_DIR/created" ] || die "no running network in $STATE_DIR: 'make up' first"
[[ "$org" =~ ^[A-Z][A-Za-z0-9]{1,19}$ ]] || die "ORG: '$org' is not a name of 2 to 20 letters and digits starting with a capital"
[ -z "${ORG_INDEXES[$org]:-}" ] || die "ORG: '$org' is already an organisation of this network (${ORG_STATUSES[$org]})"
[[ "$bic8" =~ ^[A-Z0-9]{4}[A-Z]{2}[A-Z0-9]{2}$ ]] || die "BIC8: '$bic8' is not a BIC8 (4 letters or digits, a country code, 2 letters or digits)"
consortium | jq -e --arg j "$jurisdiction" '.jurisdictions | any(.code == $j)' >/dev/null \
  || die "JURISDICTION: '$jurisdiction' is not one of $(consortium | jq -r '[.jurisdictions[].code] | join(", ")')"
if consortium | jq -e --arg b "$bic8" '[.orgs[].bic8s // [] | .[]] | index($b)' >/dev/null; then die "BIC8: '$bic8' already belongs to a member"; fi
started=$SECONDS

existing=($(org_names bank regulator))
jq --arg name "$org" --arg j "$jurisdiction" --arg bic "$bic8" --arg display "$display" \
  '.orgs += [{name: $name, kind: "bank", jurisdiction: $j, displayName: $display, bic8s: [$bic], status: "admitting"}]' \
  "$CONSORTIUM_FILE" >"$CONSORTIUM_FILE.new" && mv "$CONSORTIUM_FILE.new" "$CONSORTIUM_FILE"
load_consortium

# 1-2. Its host, CA, identities, definition and nodes.
[ "$TOPOLOGY" = hosts ] && "$SCRIPTS_DIR/hosts.sh" up "$org"
"$SCRIPTS_DIR/org/ca.sh" start "$org"
"$SCRIPTS_DIR/org/identities.sh" "$org"
"$SCRIPTS_DIR/org/publish.sh" "$org"
if [ "$TOPOLOGY" = hosts ]; then
  "$SCRIPTS_DIR/chaincode-tls.sh" "$(chaincode_tls_dir "$org")" "$org"
else
  "$SCRIPTS_DIR/chaincode-tls.sh" "$STATE_DIR/shared/chaincode-tls" "$org"
fi
"$SCRIPTS_DIR/org/nodes.sh" start "$org"
log "$org has its CA, identities, orderer and peer ($((SECONDS - started)) s)"

# 3. The consortium channel's update, signed by a majority of its members' admins.
work="$(mktemp -d)"
proposer="${existing[0]}"
"$SCRIPTS_DIR/config-update.sh" fetch "$proposer" "$CONSORTIUM_CHANNEL" "$work/original.json"
"$SCRIPTS_DIR/channel.sh" application-org "$org" >"$work/group.json"
jq --arg msp "${org}MSP" --slurpfile group "$work/group.json" '.channel_group.groups.Application.groups[$msp] = $group[0]' \
  "$work/original.json" >"$work/modified.json"
update="add-$org-$CONSORTIUM_CHANNEL"
"$SCRIPTS_DIR/config-update.sh" propose "$proposer" "$CONSORTIUM_CHANNEL" "$work/original.json" "$work/modified.json" "$update"
needed=$(( ${#existing[@]} / 2 + 1 ))
for signer in "${existing[@]:0:$((needed - 1))}"; do "$SCRIPTS_DIR/config-update.sh" sign "$signer" "$update"; done
"$SCRIPTS_DIR/config-update.sh" submit "${existing[$((needed - 1))]}" "$CONSORTIUM_CHANNEL" "$update"
rm -rf "$work"
jq --arg name "$org" '(.orgs[] | select(.name == $name) | .status) = "active"' "$CONSORTIUM_FILE" >"$CONSORTIUM_FILE.new" \
  && mv "$CONSORTIUM_FILE.new" "$CONSORTIUM_FILE"
load_consortium
"$SCRIPTS_DIR/org/join.sh" "$org" "$CONSORTIUM_CHANNEL"
log "$org is a member of channel $CONSORTIUM_CHANNEL ($needed of ${#existing[@]} members' admins signed; $((SECONDS - started)) s)"

# 4. Its pairs' channels.
pairs=()
for channel in $(channels_of "$org"); do [ "$channel" = "$CONSORTIUM_CHANNEL" ] || pairs+=("$channel"); done
for channel in "${pairs[@]}"; do
  (
    "$SCRIPTS_DIR/channel.sh" genesis "$channel"
    for member in $(channel_orderers "$channel"); do "$SCRIPTS_DIR/org/join.sh" "$member" "$channel" & done
    wait_all
    for member in $(channel_members "$channel"); do "$SCRIPTS_DIR/org/join.sh" "$member" "$channel" & done
    wait_all
  ) &
done
wait_all || die "a channel of $org's pairs could not be created or joined"
log "channels ${pairs[*]:-(none)} created and joined ($((SECONDS - started)) s)"

# 5. The chaincode on its channels.
REUSE_PACKAGE=1 CHANNELS="$CONSORTIUM_CHANNEL ${pairs[*]}" "$SCRIPTS_DIR/deploy-chaincode.sh"
"$SCRIPTS_DIR/write-profiles.sh"

# 6. The directory change on the ledger: proposed by a member, approved by as many banks and regulators as the
# directory's rule needs, each with its own administrator; the chaincode and every API read it from there.
directory() { node -r ts-node/register/transpile-only "$REPO_DIR/network/client/directory.ts" "$@"; }
change="$(jq -nc --arg name "$org" --arg display "$display" --arg j "$jurisdiction" --arg bic "$bic8" \
  '{kind: "ADMIT_BANK", bank: {name: $name, displayName: $display, jurisdiction: $j, bic8s: [$bic]}}')"
proposal="$(directory propose "${existing[0]}" "$change")"
id="$(jq -r .id <<<"$proposal")"
for approver in "${existing[@]:1}"; do
  [ "$(jq -r .status <<<"$proposal")" = APPLIED ] && break
  proposal="$(directory approve "$approver" "$id")"
done
[ "$(jq -r .status <<<"$proposal")" = APPLIED ] || die "the directory change admitting $org was not approved: $proposal"
log "$org is in the directory from version $(jq -r .appliedVersion <<<"$proposal") (approved by $(jq -r '[.approvals[].org] | join(", ")' <<<"$proposal"))"
node -r ts-node/register/transpile-only "$REPO_DIR/network/client/await-ready.ts" || die "$org's channels do not endorse"
log "$org admitted to the network in $((SECONDS - started)) s"
