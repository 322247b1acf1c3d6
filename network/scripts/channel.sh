#!/usr/bin/env bash
# A channel's genesis block, made by one of its members from the definitions the members published
# (exchange/orgs/*), and written to exchange/channels/CHANNEL/genesis.block for every member to join with.
#   channel.sh genesis CHANNEL
#   channel.sh application-org ORG    an organisation's application group (MSP, policies, anchor peer) as the
#                                      channel configuration's JSON, to add it to a running channel
#   channel.sh any-two-members FILE   the channel configuration FILE (JSON) with its AnyTwoMembers policy naming
#                                      the peers of the application groups it now has, for an update that admits or
#                                      removes a member of the consortium channel
# Ordering: on BFT the channel's consenters are its own members' orderers (f = 1 with four), so no organisation
# outside the channel receives its blocks; on Raft the one node of the ordering organisation orders every channel.
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}" channel="${2:-}"
[ -n "$channel" ] || die "usage: channel.sh genesis CHANNEL | application-org ORG | any-two-members FILE"

published() { echo "$(published_dir "$1")/org.json"; }

# application_org ORG: the organisation's entry of a configtx application group.
application_org() {
  jq --arg dir "$(published_dir "$1")" '{Name: .mspId, ID: .mspId, MSPDir: ($dir + "/msp"),
    Policies: {
      Readers: {Type: "Signature", Rule: "OR(\u0027\(.mspId).admin\u0027, \u0027\(.mspId).peer\u0027, \u0027\(.mspId).client\u0027)"},
      Writers: {Type: "Signature", Rule: "OR(\u0027\(.mspId).admin\u0027, \u0027\(.mspId).client\u0027)"},
      Admins: {Type: "Signature", Rule: "OR(\u0027\(.mspId).admin\u0027)"},
      Endorsement: {Type: "Signature", Rule: "OR(\u0027\(.mspId).peer\u0027)"}},
    AnchorPeers: [{Host: .peer.host, Port: .peer.port}]}' "$(published "$1")"
}

if [ "$command" = any-two-members ]; then
  jq '.channel_group.groups.Application as $application
    | .channel_group.groups.Application.policies.AnyTwoMembers.policy.value = ([$application.groups | keys[]] as $msps | {
        identities: [$msps[] | {principal: {msp_identifier: ., role: "PEER"}, principal_classification: "ROLE"}],
        rule: {n_out_of: {n: 2, rules: [range(0; $msps | length) | {signed_by: .}]}}, version: 0})' "$channel"
  exit 0
fi
if [ "$command" = application-org ]; then
  work="$(mktemp -d)"
  application_org "$channel" | jq '{Organizations: [.]}' >"$work/configtx.yaml"
  FABRIC_CFG_PATH="$work" "$FABRIC_BIN/configtxgen" -printOrg "${channel}MSP" 2>"$work/log" || { cat "$work/log" >&2; exit 1; }
  rm -rf "$work"
  exit 0
fi
[ "$command" = genesis ] || die "usage: channel.sh genesis CHANNEL | application-org ORG | any-two-members FILE"

dir="$EXCHANGE_DIR/channels/$channel"
[ -f "$dir/genesis.block" ] && exit 0
mkdir -p "$dir"
members=($(channel_members "$channel"))
orderers=($(channel_orderers "$channel"))
[ "${#members[@]}" -gt 0 ] || die "channel $channel has no members"

# The same organisation may appear in the orderer and the application groups; Fabric accepts that only with an
# identical MSP definition, so both entries read the one published msp/.
orderer_orgs="$(for org in "${orderers[@]}"; do
  jq --arg dir "$(published_dir "$org")" '{Name: .mspId, ID: .mspId, MSPDir: ($dir + "/msp"),
    Policies: {
      Readers: {Type: "Signature", Rule: "OR(\u0027\(.mspId).member\u0027)"},
      Writers: {Type: "Signature", Rule: "OR(\u0027\(.mspId).member\u0027)"},
      Admins: {Type: "Signature", Rule: "OR(\u0027\(.mspId).admin\u0027)"}},
    OrdererEndpoints: ["\(.orderer.host):\(.orderer.port)"]}' "$(published "$org")"
done | jq -s .)"
application_orgs="$(for org in "${members[@]}"; do application_org "$org"; done | jq -s .)"
consenters="$(index=0; for org in "${orderers[@]}"; do
  index=$((index + 1))
  jq --argjson id "$index" --arg dir "$(published_dir "$org")" \
    '{ID: $id, Host: .orderer.host, Port: .orderer.port, MSPID: .mspId, Identity: ($dir + "/orderer/identity.pem"),
      ClientTLSCert: ($dir + "/orderer/tls.pem"), ServerTLSCert: ($dir + "/orderer/tls.pem")}' "$(published "$org")"
done | jq -s .)"

# SmartBFT: a batch waits at most BATCH_TIMEOUT (RequestBatchMaxInterval); a silent leader is replaced after 10 s
# (the default minute would stall commits that long); the request pool holds well over two batches.
# A pair's channel answers one chaincode-to-chaincode question from anyone's transaction: whether it records a
# UETR (payment:uetrsTaken, asked by the endorsing peer of a bank in both pairs; see uetr-elsewhere.ts). The
# submitter of such a transaction belongs to another pair and no signature policy of this channel can name it, so
# the ACL's policy requires no signature; only chaincode installed on a member's own peer can ask, and the
# chaincode's own checks still act on the submitter's identity.
# The consortium channel's chaincode is endorsed by any two members' peers through the channel policy
# AnyTwoMembers, which the configuration update admitting or removing a member rewrites: the chaincode's
# definition names the policy, not the members, so it stays as it is when the membership changes.
jq -n --argjson ordererOrgs "$orderer_orgs" --argjson applicationOrgs "$application_orgs" --argjson consenters "$consenters" \
  --arg ordering "$ORDERING" --arg batchTimeout "$BATCH_TIMEOUT" --argjson maxMessages "$MAX_MESSAGE_COUNT" \
  --arg preferredBytes "$PREFERRED_MAX_BYTES" --argjson pair "$([ -n "$(channel_pair "$channel")" ] && echo true || echo false)" '
  def implicit($rule): {Type: "ImplicitMeta", Rule: $rule};
  {Profiles: {Channel: {
    Policies: {Readers: implicit("ANY Readers"), Writers: implicit("ANY Writers"), Admins: implicit("MAJORITY Admins")},
    Capabilities: {V3_0: true},
    Orderer: ({
      OrdererType: (if $ordering == "bft" then "BFT" else "etcdraft" end),
      BatchTimeout: $batchTimeout,
      BatchSize: {MaxMessageCount: $maxMessages, AbsoluteMaxBytes: "49 MB", PreferredMaxBytes: $preferredBytes},
      Organizations: $ordererOrgs,
      Policies: {Readers: implicit("ANY Readers"), Writers: implicit("ANY Writers"), Admins: implicit("MAJORITY Admins"),
        BlockValidation: implicit("ANY Writers")},
      Capabilities: {V2_0: true}
    } + (if $ordering == "bft" then {
      ConsenterMapping: $consenters,
      SmartBFT: {RequestBatchMaxCount: $maxMessages, RequestBatchMaxBytes: 51380224, RequestBatchMaxInterval: $batchTimeout,
        IncomingMessageBufferSize: 200, RequestPoolSize: 2000, RequestForwardTimeout: "2s", RequestComplainTimeout: "20s",
        RequestAutoRemoveTimeout: "3m0s", ViewChangeResendInterval: "5s", ViewChangeTimeout: "20s",
        LeaderHeartbeatTimeout: "10s", LeaderHeartbeatCount: 10, CollectTimeout: "1s"}
    } else {
      EtcdRaft: {
        Consenters: [$consenters[] | {Host, Port, ClientTLSCert, ServerTLSCert}],
        Options: {TickInterval: "100ms", ElectionTick: 10, HeartbeatTick: 1, MaxInflightBlocks: 5, SnapshotIntervalSize: "16 MB"}}
    } end)),
    Application: ({
      Organizations: $applicationOrgs,
      Policies: {Readers: implicit("ANY Readers"), Writers: implicit("ANY Writers"), Admins: implicit("MAJORITY Admins"),
        LifecycleEndorsement: implicit("MAJORITY Endorsement"), Endorsement: implicit("MAJORITY Endorsement")},
      Capabilities: {V2_5: true}
    } + (if $pair then {
      Policies: {Readers: implicit("ANY Readers"), Writers: implicit("ANY Writers"), Admins: implicit("MAJORITY Admins"),
        LifecycleEndorsement: implicit("MAJORITY Endorsement"), Endorsement: implicit("MAJORITY Endorsement"),
        UetrLookup: {Type: "Signature", Rule: "OutOf(0, \u0027\($applicationOrgs[0].ID).peer\u0027)"}},
      ACLs: {"peer/ChaincodeToChaincode": "/Channel/Application/UetrLookup"}
    } else {
      Policies: {Readers: implicit("ANY Readers"), Writers: implicit("ANY Writers"), Admins: implicit("MAJORITY Admins"),
        LifecycleEndorsement: implicit("MAJORITY Endorsement"), Endorsement: implicit("MAJORITY Endorsement"),
        AnyTwoMembers: {Type: "Signature", Rule: ("OutOf(2, " + ([$applicationOrgs[] | "\u0027\(.ID).peer\u0027"] | join(", ")) + ")")}}
    } end))
  }}}' >"$dir/configtx.yaml"

FABRIC_CFG_PATH="$dir" "$FABRIC_BIN/configtxgen" -profile Channel -channelID "$channel" \
  -outputBlock "$dir/genesis.block.tmp" >"$dir/configtxgen.log" 2>&1 || die "configtxgen failed for $channel: see $dir/configtxgen.log"
printf '%s\n' "${orderers[@]}" >"$dir/orderers"
mv "$dir/genesis.block.tmp" "$dir/genesis.block"
