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
# 5. The chaincode the network runs, installed on its peer and defined on its new channels; on the consortium
#    channel its organisation approves the definition already committed (endorsed through the channel policy
#    AnyTwoMembers, which step 3 extended to its peer).
# 6. The directory change on the ledger (ADMIT_BANK), proposed and approved by the members' administrators while
#    1-5 run; the approval that puts it into effect waits for them.
# 3 and 4 run side by side. The bank's API instance follows (make add-bank starts it).
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
# step NAME: how long the step that ends here took, in one line a benchmark can read ("[network] step ...").
step_started=$EPOCHREALTIME
step() { local now=$EPOCHREALTIME; log "step $1: $(awk -v a="$step_started" -v b="$now" 'BEGIN { printf "%.1f", b - a }') s"; step_started=$now; }

existing=($(org_names bank regulator))
jq --arg name "$org" --arg j "$jurisdiction" --arg bic "$bic8" --arg display "$display" \
  '.orgs += [{name: $name, kind: "bank", jurisdiction: $j, displayName: $display, bic8s: [$bic], status: "admitting"}]' \
  "$CONSORTIUM_FILE" >"$CONSORTIUM_FILE.new" && mv "$CONSORTIUM_FILE.new" "$CONSORTIUM_FILE"
load_consortium
work="$(mktemp -d)"

# 6, begun first: the directory change on the ledger, proposed by a member and approved by as many banks and
# regulators as the directory's rule needs, each with its own administrator, while the bank's nodes and channels
# are made; the approval that puts it into effect waits for them (hold file), since every API follows a new
# member's channels as soon as the directory names it. It runs outside this shell's jobs (wait_all must not wait
# for it), and is told to abandon if this script fails.
change="$(jq -nc --arg name "$org" --arg display "$display" --arg j "$jurisdiction" --arg bic "$bic8" \
  '{kind: "ADMIT_BANK", bank: {name: $name, displayName: $display, jurisdiction: $j, bic8s: [$bic]}}')"
hold="$work/directory.hold"
( ( { node -r ts-node/register/transpile-only "$REPO_DIR/network/client/directory.ts" carry "${existing[0]}" "$change" \
      "${existing[*]:1}" "$hold" >"$work/directory.json" 2>"$work/directory.err" && echo 0 || echo $?; } >"$work/directory.status.new"
    mv "$work/directory.status.new" "$work/directory.status" ) & )
trap '[ ! -d "$work" ] || [ -f "$hold" ] || echo abandon >"$hold"' EXIT

# 1-2. Its host, CA, identities, definition and nodes.
[ "$TOPOLOGY" = hosts ] && "$SCRIPTS_DIR/hosts.sh" up "$org"
"$SCRIPTS_DIR/org/ca.sh" start "$org"
step ca
"$SCRIPTS_DIR/org/identities.sh" "$org"
step identities
"$SCRIPTS_DIR/org/publish.sh" "$org"
if [ "$TOPOLOGY" = hosts ]; then
  "$SCRIPTS_DIR/chaincode-tls.sh" "$(chaincode_tls_dir "$org")" "$org"
else
  "$SCRIPTS_DIR/chaincode-tls.sh" "$STATE_DIR/shared/chaincode-tls" "$org"
fi
step publish
"$SCRIPTS_DIR/org/nodes.sh" start "$org"
step nodes
log "$org has its CA, identities, orderer and peer ($((SECONDS - started)) s)"

# The bank counts as active for the network's own lists from here: the channels of its pairs exist only for
# active banks. Members learn of it from the directory (step 6), not from this file.
jq --arg name "$org" '(.orgs[] | select(.name == $name) | .status) = "active"' "$CONSORTIUM_FILE" >"$CONSORTIUM_FILE.new" \
  && mv "$CONSORTIUM_FILE.new" "$CONSORTIUM_FILE"
load_consortium
pairs=()
for channel in $(channels_of "$org"); do [ "$channel" = "$CONSORTIUM_CHANNEL" ] || pairs+=("$channel"); done

# 3 and 4 side by side: neither needs the other.
# 3. The consortium channel's update, signed by a majority of its members' admins, then its peer joins.
needed=$(( ${#existing[@]} / 2 + 1 ))
(
  proposer="${existing[0]}"
  "$SCRIPTS_DIR/config-update.sh" fetch "$proposer" "$CONSORTIUM_CHANNEL" "$work/original.json"
  "$SCRIPTS_DIR/channel.sh" application-org "$org" >"$work/group.json"
  jq --arg msp "${org}MSP" --slurpfile group "$work/group.json" '.channel_group.groups.Application.groups[$msp] = $group[0]' \
    "$work/original.json" >"$work/added.json"
  # The same update makes its peer one of the consortium chaincode's endorsers (the definition names the policy).
  "$SCRIPTS_DIR/channel.sh" any-two-members "$work/added.json" >"$work/modified.json"
  update="add-$org-$CONSORTIUM_CHANNEL"
  "$SCRIPTS_DIR/config-update.sh" propose "$proposer" "$CONSORTIUM_CHANNEL" "$work/original.json" "$work/modified.json" "$update"
  for signer in "${existing[@]:0:$((needed - 1))}"; do "$SCRIPTS_DIR/config-update.sh" sign "$signer" "$update"; done
  "$SCRIPTS_DIR/config-update.sh" submit "${existing[$((needed - 1))]}" "$CONSORTIUM_CHANNEL" "$update"
  "$SCRIPTS_DIR/org/join.sh" "$org" "$CONSORTIUM_CHANNEL"
  log "$org is a member of channel $CONSORTIUM_CHANNEL ($needed of ${#existing[@]} members' admins signed; $((SECONDS - started)) s)"
) &
# 4. A channel for each of its pairs.
for channel in "${pairs[@]}"; do
  (
    "$SCRIPTS_DIR/channel.sh" genesis "$channel"
    for member in $(channel_orderers "$channel"); do "$SCRIPTS_DIR/org/join.sh" "$member" "$channel" & done
    wait_all
    for member in $(channel_members "$channel"); do "$SCRIPTS_DIR/org/join.sh" "$member" "$channel" & done
    wait_all
  ) &
done
wait_all || die "$org could not join channel $CONSORTIUM_CHANNEL, or a channel of its pairs could not be created or joined"
log "channels ${pairs[*]:-(none)} created and joined ($((SECONDS - started)) s)"
step channels

# 5. The chaincode on its channels.
REUSE_PACKAGE=1 CHANNELS="$CONSORTIUM_CHANNEL ${pairs[*]}" "$SCRIPTS_DIR/deploy-chaincode.sh"
step chaincode-definitions
"$SCRIPTS_DIR/write-profiles.sh"
step profiles

# 6. The approval that puts the directory change into effect, now that its channels are there.
echo go >"$hold"
waited=0
until [ -f "$work/directory.status" ]; do
  sleep 0.2; waited=$((waited + 1))
  [ "$waited" -lt 3000 ] || die "the directory change admitting $org did not finish within 10 minutes: $(cat "$work/directory.err")"
done
[ "$(cat "$work/directory.status")" = 0 ] || die "the directory change admitting $org failed: $(cat "$work/directory.err")"
proposal="$(cat "$work/directory.json")"
[ "$(jq -r .status <<<"$proposal")" = APPLIED ] || die "the directory change admitting $org was not approved: $proposal"
log "$org is in the directory from version $(jq -r .appliedVersion <<<"$proposal") (approved by $(jq -r '[.approvals[].org] | join(", ")' <<<"$proposal"))"
step directory-change
READY_ORGS="$org" node -r ts-node/register/transpile-only "$REPO_DIR/network/client/await-ready.ts" || die "$org's channels do not endorse"
step ready
rm -rf "$work"
log "$org admitted to the network in $((SECONDS - started)) s"
