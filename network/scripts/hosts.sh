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
#   hosts.sh degrade ORG DELAY LOSS   add delay and loss to its link, e.g. 80ms 2%: tc netem where the kernel has it;
#                                     otherwise a token bucket (tc tbf) of 1 Mbit/s that queues up to DELAY and drops
#                                     what overflows (loss then follows the load, not LOSS)
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
  degrade|restore)
    org="${1:?ORG}"; org_settings "$org"
    # Both directions: the bridge's end of the veth pair shapes what reaches the host, the host's end what leaves it.
    for end in "root $(link "$org")" "$ORG_NAMESPACE bayrecon-p$ORG_INDEX"; do
      read -r ns dev <<<"$end"
      run=(); [ "$ns" = root ] || run=(ip netns exec "$ns")
      if [ "$command" = degrade ]; then
        "${run[@]}" tc qdisc replace dev "$dev" root netem delay "${2:?DELAY}" loss "${3:?LOSS}" 2>/dev/null \
          || "${run[@]}" tc qdisc replace dev "$dev" root tbf rate 1mbit burst 16kbit latency "$2"
      else
        "${run[@]}" tc qdisc del dev "$dev" root 2>/dev/null || true
      fi
    done
    ;;
  *) die "usage: hosts.sh up [ORG...] | down | cut ORG | heal ORG | degrade ORG DELAY LOSS | restore ORG" ;;
esac
