#!/usr/bin/env bash
# Removes a bank from the running network:
#   remove-bank.sh ORG
# 1. The directory change on the ledger (REMOVE_MEMBER), proposed and approved by the other members' administrators
#    by the directory's rule; from then on the chaincode refuses the bank as a writer and the APIs forget its BICs.
# 2. On every channel the bank is a member of, a configuration update that takes its organisation out of the
#    application group, signed by a majority of the channel's other members' admins: peers then refuse its
#    identities' proposals (access denied), so nothing it signs is endorsed again.
# 3. Its pairs' channels stay, closed: their payments remain readable by the other bank and the regulators, and the
#    chaincode's definition there moves to an endorsement by the remaining bank's peer alone, so that its open
#    payments go through the cut-off. On the consortium channel the update of step 2 also takes its peer out of the
#    chaincode's endorsers (the channel policy AnyTwoMembers, which the definition names).
# 4. Its API instance stops. Its nodes are its own host's business; a genesis bank's orderer stays a consenter of
#    the channels it ordered until the members reconfigure their ordering, which no removal does on its own.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
org="${1:-}"
[ -n "$org" ] || die "usage: remove-bank.sh ORG"
[ -f "$STATE_DIR/created" ] || die "no running network in $STATE_DIR"
[ "${ORG_KINDS[$org]:-}" = bank ] || die "ORG: '$org' is not a bank of this network"
[ "${ORG_STATUSES[$org]}" = active ] || die "ORG: '$org' is ${ORG_STATUSES[$org]}, not active"
started=$SECONDS
its_channels=($(channels_of "$org"))
others=($(org_names bank regulator | grep -vx "$org"))

# 1. The directory.
directory() { node -r ts-node/register/transpile-only "$REPO_DIR/network/client/directory.ts" "$@"; }
proposal="$(directory propose "${others[0]}" "$(jq -nc --arg name "$org" '{kind: "REMOVE_MEMBER", name: $name}')")"
id="$(jq -r .id <<<"$proposal")"
for approver in "${others[@]:1}"; do
  [ "$(jq -r .status <<<"$proposal")" = APPLIED ] && break
  proposal="$(directory approve "$approver" "$id")"
done
[ "$(jq -r .status <<<"$proposal")" = APPLIED ] || die "the directory change removing $org was not approved: $proposal"
log "$org is removed from the directory at version $(jq -r .appliedVersion <<<"$proposal")"

# 2. Out of every channel's application group.
for channel in "${its_channels[@]}"; do
  remaining=($(channel_members "$channel" | grep -vx "$org"))
  work="$(mktemp -d)"
  "$SCRIPTS_DIR/config-update.sh" fetch "${remaining[0]}" "$channel" "$work/original.json"
  jq --arg msp "${org}MSP" 'del(.channel_group.groups.Application.groups[$msp])' "$work/original.json" >"$work/modified.json"
  # On the consortium channel the same update takes its peer out of the chaincode's endorsers (AnyTwoMembers).
  if [ "$channel" = "$CONSORTIUM_CHANNEL" ]; then
    "$SCRIPTS_DIR/channel.sh" any-two-members "$work/modified.json" >"$work/endorsers.json"
    mv "$work/endorsers.json" "$work/modified.json"
  fi
  update="remove-$org-$channel"
  "$SCRIPTS_DIR/config-update.sh" propose "${remaining[0]}" "$channel" "$work/original.json" "$work/modified.json" "$update"
  # The Admins policy of the application group is a MAJORITY of its members' admins, the removed bank still counted.
  needed=$(( (${#remaining[@]} + 1) / 2 + 1 ))
  for signer in "${remaining[@]:0:$((needed - 1))}"; do "$SCRIPTS_DIR/config-update.sh" sign "$signer" "$update"; done
  "$SCRIPTS_DIR/config-update.sh" submit "${remaining[$((needed - 1))]}" "$channel" "$update"
  rm -rf "$work"
done
jq --arg name "$org" '(.orgs[] | select(.name == $name) | .status) = "removed"' "$CONSORTIUM_FILE" >"$CONSORTIUM_FILE.new" \
  && mv "$CONSORTIUM_FILE.new" "$CONSORTIUM_FILE"
load_consortium
log "$org is out of ${its_channels[*]} ($((SECONDS - started)) s)"

# 3. The definitions of the channels it leaves.
closed=()
for channel in "${its_channels[@]}"; do [ "$channel" = "$CONSORTIUM_CHANNEL" ] || closed+=("$channel"); done
[ "${#closed[@]}" -eq 0 ] || REUSE_PACKAGE=1 CHANNELS="${closed[*]}" "$SCRIPTS_DIR/deploy-chaincode.sh"
"$SCRIPTS_DIR/write-profiles.sh"

# 4. Its API.
"$SCRIPTS_DIR/api.sh" stop "$org"
log "$org removed from the network in $((SECONDS - started)) s"
