#!/usr/bin/env bash
# The hosts of the `hosts` topology on one machine: one Linux network namespace per organisation, each with its
# own address on a bridge (HOSTS_SUBNET_PREFIX.10 + the org's index) and its own loopback, where its chaincode
# service listens. Needs root. The root namespace keeps the bridge's address, so tests and operators on this
# machine reach every host as a remote machine would.
#   hosts.sh up [ORG...]         create the bridge and the hosts (every organisation's by default); idempotent
#   hosts.sh down                remove them
#   hosts.sh cut ORG | heal ORG  cut an organisation's host off from every other organisation's (both ways), or heal
#                                it; the machine itself (the bridge's address: tests, the bank's back office) still
#                                reaches it
#   hosts.sh degrade ORG DELAY LOSS   add delay and loss to each direction of its link, e.g. 80ms 2% (a round trip
#                                     then takes 2 x DELAY longer): tc netem on both ends of the veth pair where the
#                                     kernel has netem; otherwise the project's link emulator in the host's namespace
#                                     (link-emulator.sh: iptables NFQUEUE rules and network/linkem, its pid and log in
#                                     the organisation's state as linkem), which does the same with netfilter;
#                                     refused when neither is there
#   hosts.sh restore ORG              remove them
set -euo pipefail
source "$(dirname "$0")/../env.sh"
command="${1:-}"; shift || true
[ "$(id -u)" -eq 0 ] || die "the hosts topology needs root (network namespaces, veth pairs and a bridge)"

# link ORG: the root-namespace end of the organisation's veth pair (names are at most 15 characters).
link() { org_settings "$1"; echo "bayrecon-v$ORG_INDEX"; }

host_up() {
  local org="$1" outside inside
  org_settings "$org"
  outside="$(link "$org")" inside="bayrecon-p$ORG_INDEX"
  ip netns list | grep -w "$ORG_NAMESPACE" >/dev/null || ip netns add "$ORG_NAMESPACE"
  if ! ip link show "$outside" >/dev/null 2>&1; then
    ip link add "$outside" type veth peer name "$inside"
    ip link set "$inside" netns "$ORG_NAMESPACE"
    ip link set "$outside" master "$HOSTS_BRIDGE"
    ip link set "$outside" up
    ip netns exec "$ORG_NAMESPACE" ip addr add "$ORG_HOST/24" dev "$inside"
    ip netns exec "$ORG_NAMESPACE" ip link set "$inside" up
    ip netns exec "$ORG_NAMESPACE" ip link set lo up
  fi
}

case "$command" in
  up)
    if ! ip link show "$HOSTS_BRIDGE" >/dev/null 2>&1; then
      ip link add "$HOSTS_BRIDGE" type bridge
      ip addr add "$HOSTS_GATEWAY/24" dev "$HOSTS_BRIDGE"
      ip link set "$HOSTS_BRIDGE" up
    fi
    orgs=("$@"); [ "${#orgs[@]}" -gt 0 ] || orgs=($(org_names))
    for org in "${orgs[@]}"; do host_up "$org"; done
    ;;
  down)
    # A link emulator would outlive its namespace.
    for org in $(org_names); do stop_daemon "$org" linkem; done
    for ns in $(ip netns list | awk '{print $1}' | grep '^bayrecon-' || true); do ip netns delete "$ns"; done
    for dev in $(ip -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | grep '^bayrecon-v' || true); do ip link delete "$dev" 2>/dev/null || true; done
    ip link delete "$HOSTS_BRIDGE" 2>/dev/null || true
    ;;
  cut|heal)
    org="${1:?ORG}"; org_settings "$org"; own_ns="$ORG_NAMESPACE" own_host="$ORG_HOST"
    action=add; [ "$command" = heal ] && action=del
    for other in $(org_names); do
      [ "$other" = "$org" ] && continue
      org_settings "$other"
      # A blackhole route on each side: packets to the other host are dropped, so no connection opens or survives.
      ip netns exec "$own_ns" ip route "$action" blackhole "$ORG_HOST/32" 2>/dev/null || [ "$action" = del ]
      ip netns exec "$ORG_NAMESPACE" ip route "$action" blackhole "$own_host/32" 2>/dev/null || [ "$action" = del ]
    done
    ;;
  degrade)
    org="${1:?ORG}" delay="${2:?DELAY}" loss="${3:?LOSS}"; org_settings "$org"
    [ -n "$ORG_NAMESPACE" ] || die "a degraded link needs the hosts topology (TOPOLOGY=hosts): $org has no host of its own"
    # Both directions: the bridge's end of the veth pair delays what reaches the host, the host's end what leaves it.
    if ip netns exec "$ORG_NAMESPACE" tc qdisc replace dev "bayrecon-p$ORG_INDEX" root netem delay "$delay" loss "$loss" 2>/dev/null; then
      tc qdisc replace dev "$(link "$org")" root netem delay "$delay" loss "$loss"
    else
      "$SCRIPTS_DIR/link-emulator.sh" on "$ORG_NAMESPACE" "bayrecon-p$ORG_INDEX" "$delay" "$loss" "$(place_dir "$org")"
    fi
    ;;
  restore)
    org="${1:?ORG}"; org_settings "$org"
    ip netns exec "$ORG_NAMESPACE" tc qdisc del dev "bayrecon-p$ORG_INDEX" root 2>/dev/null || true
    tc qdisc del dev "$(link "$org")" root 2>/dev/null || true
    "$SCRIPTS_DIR/link-emulator.sh" off "$ORG_NAMESPACE" "bayrecon-p$ORG_INDEX" "$(place_dir "$org")"
    ;;
  *) die "usage: hosts.sh up [ORG...] | down | cut ORG | heal ORG | degrade ORG DELAY LOSS | restore ORG" ;;
esac
