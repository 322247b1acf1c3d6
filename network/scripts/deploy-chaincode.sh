#!/usr/bin/env bash
# Deploys a chaincode on every channel of the network at each definition's next sequence: packages it as a
# service (once, shared with every organisation through the exchange folder), installs it on every peer, (re)starts
# its services under the new package id, then on each channel every member approves the definition for its own
# organisation and one member commits it. The first deploy and every upgrade take the same path.
#   deploy-chaincode.sh [NAME]    bayrecon (default) or trivial; CHANNELS="..." limits the channels
#   REUSE_PACKAGE=1 deploy-chaincode.sh [NAME]
#                                 the package the network already runs, installed where it is missing and started
#                                 where its service is not running (a new member), the definitions moved to their
#                                 next sequence (a channel whose members changed) but the consortium channel's,
#                                 which members that have not approved it approve at its sequence
#
# Definitions: on the consortium channel the main chaincode, endorsed by any two members' peers through the
# channel policy AnyTwoMembers, which admitting or removing a member rewrites (documents narrow their own keys to
# their issuer's peer); on a pair's channel the same package, endorsed by the pair's two banks'
# peers, with one private data collection: the pair's, whose members are the channel's (the two banks and their
# regulators). LifecycleEndorsement is Fabric's default, a MAJORITY of the channel's members, so no bank and no
# regulator changes a channel's chaincode alone.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
name="${1:-$MAIN_CHAINCODE}"
channel_list=(${CHANNELS:-$(channels)})
if [ "$name" = trivial ]; then channel_list=(${CHANNELS:-$CONSORTIUM_CHANNEL}); fi
peers=($(org_names bank regulator))
# The peer CLI gives up connecting after 3 s by default: on a machine busy with other work (load average 75 was
# seen) an approval then fails though the peer is up. It waits this long instead.
CONNECT_TIMEOUT=30s

# committed_definition ORG CHANNEL: the definition committed on CHANNEL as ORG's peer answers (querycommitted's
# JSON), or null when none is.
committed_definition() {
  as_admin "$1"
  on_host "$1" "$FABRIC_BIN/peer" lifecycle chaincode querycommitted -C "$2" -n "$name" -O json 2>/dev/null || echo null
}

# The package holds only where and how to reach the chaincode: over mutual TLS, with the port, the CA and the
# peer's client certificate and key filled in by each peer's ccaas builder (peer.sh's builder_config), so no key
# travels in the package and the one package id serves every organisation's own service.
if [ "${REUSE_PACKAGE:-0}" = 1 ]; then
  package_id="$(cat "$EXCHANGE_DIR/chaincode/$name.package-id")"
  label="${package_id%%:*}"
  version="${label#"${name}_"}"
  work="$EXCHANGE_DIR/chaincode/$label"
else
  version="$(date -u +%Y%m%d%H%M%S)"
  label="${name}_${version}"
  work="$EXCHANGE_DIR/chaincode/$label"
  mkdir -p "$work"
  cat >"$work/connection.json" <<JSON
{"address":"127.0.0.1:{{.${name}_port}}","dial_timeout":"10s","tls_required":true,"client_auth_required":true,
 "root_cert":"{{.chaincode_root_cert}}","client_cert":"{{.chaincode_client_cert}}","client_key":"{{.chaincode_client_key}}"}
JSON
  printf '{"type":"ccaas","label":"%s"}\n' "$label" >"$work/metadata.json"
  tar -C "$work" -czf "$work/code.tar.gz" connection.json
  tar -C "$work" -czf "$work/$label.tgz" metadata.json code.tar.gz
  package_id=$(FABRIC_CFG_PATH="$FABRIC_HOME/config" "$FABRIC_BIN/peer" lifecycle chaincode calculatepackageid "$work/$label.tgz")
  echo "$package_id" >"$EXCHANGE_DIR/chaincode/$name.package-id"
fi
log "deploying $name as $package_id on ${#channel_list[@]} channel(s)"

# installed ORG: true when ORG's peer has the package.
installed() {
  as_admin "$1"
  on_host "$1" "$FABRIC_BIN/peer" lifecycle chaincode queryinstalled -O json 2>/dev/null \
    | jq -e --arg id "$package_id" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null
}
for org in "${peers[@]}"; do
  (
    [ "${REUSE_PACKAGE:-0}" = 1 ] && installed "$org" && exit 0
    as_admin "$org"
    mkdir -p "$LOG_DIR"
    on_host "$org" "$FABRIC_BIN/peer" lifecycle chaincode install "$work/$label.tgz" >"$LOG_DIR/install-$label.log" 2>&1 \
      || { cat "$LOG_DIR/install-$label.log" >&2; exit 1; }
  ) &
done
wait_all || die "chaincode install failed"

# Each service restarts under the new package id before the definitions go live, so the first invoke after the
# commits finds it; with the package kept, only services not running start.
start_service() {
  if [ "${REUSE_PACKAGE:-0}" = 1 ] && pid_alive "$1" "chaincode-$name"; then return 0; fi
  "$SCRIPTS_DIR/chaincode.sh" start "$1" "$name" "$package_id"
}
if [ "$TOPOLOGY" = hosts ]; then
  for org in "${peers[@]}"; do start_service "$org"; done
else
  start_service shared
fi

# The consortium channel's policy of any two members' peers (channel.sh), which membership changes rewrite.
CONSORTIUM_ENDORSEMENT=/Channel/Application/AnyTwoMembers

# definition CHANNEL: the endorsement policy (the peer CLI's option and its value) and the collections file of the
# channel's definition ('-' for none).
definition() {
  local channel="$1" members
  members=($(channel_members "$channel"))
  # A consortium channel whose configuration has no AnyTwoMembers policy keeps a definition naming its members.
  if [ "$channel" = "$CONSORTIUM_CHANNEL" ] && [ "$name" = "$MAIN_CHAINCODE" ] \
    && grep -q AnyTwoMembers "$EXCHANGE_DIR/channels/$CONSORTIUM_CHANNEL/configtx.yaml"; then
    echo "--channel-config-policy|$CONSORTIUM_ENDORSEMENT|-"
    return
  fi
  if [ "$channel" = "$CONSORTIUM_CHANNEL" ] || [ "$name" = trivial ]; then
    local list; list="$(printf "'%sMSP.peer'," "${members[@]}")"
    echo "--signature-policy|OutOf(2,${list%,})|-"
    return
  fi
  local a b; read -r a b < <(channel_pair "$channel")
  local policy="AND('${a}MSP.peer','${b}MSP.peer')" file="$work/collections-$channel.json"
  # A pair with a removed bank is closed business: its open payments still go through the cut-off, endorsed by
  # the remaining bank's peer alone.
  if [ "${ORG_STATUSES[$a]}" != active ]; then policy="OR('${b}MSP.peer')"; fi
  if [ "${ORG_STATUSES[$b]}" != active ]; then policy="OR('${a}MSP.peer')"; fi
  # maxPeerCount 0: an endorsing peer pushes the details to no one. Every endorsing peer holds them from its own
  # endorsement; the regulators' peers pull them from the banks' as they commit the block. A push would make every
  # endorsement wait for each receiver's acknowledgement, and Fabric's gossip renders every pushed message as debug
  # text whether or not it logs it.
  jq -n --arg name "pair_${a}_${b}" --arg policy "$policy" --arg members "$(printf "'%sMSP.member'," "${members[@]}" | sed 's/,$//')" \
    '[{name: $name, policy: "OR(\($members))", requiredPeerCount: 0, maxPeerCount: 0, blockToLive: 0,
       memberOnlyRead: true, memberOnlyWrite: true, endorsementPolicy: {signaturePolicy: $policy}}]' >"$file"
  echo "--signature-policy|$policy|$file"
}

# lifecycle_tx ORG CHANNEL LOG_NAME SUBCOMMAND ARGS...: `peer lifecycle chaincode SUBCOMMAND` as ORG's admin,
# through ORG's own orderer, and through the channel's other consenters in turn while the transaction does not
# commit in time (the CLI's wait for it on ORG's peer ends: "timed out waiting for txid", or its block stream's
# "context finished before block retrieved"). Sent again, an approval is refused as unchanged and a commit as an
# old sequence: both mean the one before committed after all. The peer CLI's output ends in ORG's LOG_NAME.
lifecycle_tx() {
  local org="$1" channel="$2" log_name="$3" subcommand="$4" orderer file sent=0; shift 4
  for orderer in $(orderers_for "$channel" "$org"); do
    org_settings "$orderer"
    local address="$ORG_HOST:$ORDERER_PORT"
    as_admin "$org"
    file="$LOG_DIR/$log_name"
    sent=$((sent + 1))
    on_host "$org" "$FABRIC_BIN/peer" lifecycle chaincode "$subcommand" -o "$address" --tls --connTimeout "$CONNECT_TIMEOUT" \
      --cafile "$(published_dir "$orderer")/msp/tlscacerts/tlsca.pem" "$@" >"$file" 2>&1 && return 0
    grep -q 'redefine uncommitted sequence .* with unchanged content' "$file" && return 0
    [ "$sent" -gt 1 ] && grep -q 'requested sequence is .*, but new definition must be sequence' "$file" && return 0
    grep -qE 'timed out waiting for txid|context finished before block retrieved' "$file" || break
    log "$org's $subcommand of $name on $channel did not commit in time through the orderer of $orderer: sent to the next consenter"
  done
  cat "$file" >&2
  return 1
}

# deploy_channel CHANNEL: every member approves (an approval already given for the same definition counts, so an
# interrupted deploy can run again), then the first member commits with every member's peer. On the consortium
# channel, when the committed definition already is this one (a member admitted or removed: the channel policy it
# names changed with the membership), only the members that have not approved it approve it, at its sequence.
deploy_channel() {
  local channel="$1" members option policy collections org committed current
  members=($(channel_members "$channel"))
  IFS='|' read -r option policy collections < <(definition "$channel")
  committed="$(committed_definition "${members[0]}" "$channel")"
  current=$(jq -r '.sequence // 0' <<<"$committed")
  # The committed definition is this one: this package's version, endorsed through the channel policy.
  if [ "$option" = --channel-config-policy ] && jq -e --arg version "$version" --arg policy "$policy" \
    '.version == $version and (.validation_parameter | @base64d | contains($policy))' >/dev/null <<<"$committed"; then
    local approvers=()
    for org in $(jq -r '.approvals | to_entries[] | select(.value == false) | .key | sub("MSP$"; "")' <<<"$committed"); do
      is_member "$org" "$channel" || continue
      approvers+=("$org")
      lifecycle_tx "$org" "$channel" "approve-$channel-$label.log" approveformyorg --channelID "$channel" --name "$name" \
        --version "$version" --sequence "$current" "$option" "$policy" --package-id "$package_id" &
    done
    wait_all || { echo "approval of $name on $channel failed" >&2; return 1; }
    log "$name on $channel: its definition at sequence $current stays, approved by ${approvers[*]:-no one new}"
    return 0
  fi
  local sequence=$((current + 1))
  local args=(--channelID "$channel" --name "$name" --version "$version" --sequence "$sequence" "$option" "$policy")
  [ "$collections" = - ] || args+=(--collections-config "$collections")
  for org in "${members[@]}"; do
    lifecycle_tx "$org" "$channel" "approve-$channel-$label.log" approveformyorg "${args[@]}" --package-id "$package_id" &
  done
  wait_all || { echo "approval of $name on $channel failed" >&2; return 1; }
  local peer_args=() committer="${members[0]}"
  for org in "${members[@]}"; do
    peer_args+=(--peerAddresses "$(jq -r '"\(.peer.host):\(.peer.port)"' "$(published_dir "$org")/org.json")"
      --tlsRootCertFiles "$(published_dir "$org")/msp/tlscacerts/tlsca.pem")
  done
  lifecycle_tx "$committer" "$channel" "commit-$channel-$label.log" commit "${args[@]}" "${peer_args[@]}"
}

for channel in "${channel_list[@]}"; do deploy_channel "$channel" & done
wait_all || die "chaincode definition failed"
log "$name ($label) defined on ${channel_list[*]}"
