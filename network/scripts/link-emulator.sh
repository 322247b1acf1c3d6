#!/usr/bin/env bash
# Delay and loss on one host's link where the kernel has no tc netem: iptables rules in the host's network namespace
# send every IPv4 packet that arrives from its link device (INPUT) or leaves through it (OUTPUT) to an nfnetlink
# queue, and linkem (network/linkem), running in that namespace, drops each with probability LOSS and accepts the
# others DELAY after they were queued. A host does not route (ip_forward is off in a new namespace), so no packet
# of its link passes FORWARD. Each direction gets DELAY and LOSS, as tc netem on both ends of the link would: a
# round trip takes 2 x DELAY longer and is lost with probability 1 - (1 - LOSS)^2. The rules have no
# --queue-bypass: while they are in place and linkem is not running, the link carries nothing, which is louder
# than a link that is silently healthy again. linkem's socket is bound before the rules go in and the rules are
# removed before it stops, so switching the emulation on and off loses no packet.
#   link-emulator.sh on NAMESPACE DEVICE DELAY LOSS DIR   e.g. 80ms 2%; linkem's pid in DIR/pids/linkem.pid, its log
#                                                         in DIR/logs/linkem.log; replaces an emulation already on
#   link-emulator.sh off NAMESPACE DEVICE DIR             the rules removed, then linkem stopped (it reports what it
#                                                         dropped in its log); nothing to do when it is off
# `on` refuses, saying why, when iptables is missing, or both linkem's binary and Go to build it (make linkem).
set -euo pipefail
source "$(dirname "$0")/../env.sh"
LINKEM="$NETWORK_DIR/linkem/linkem"
# Netfilter queues belong to a network namespace: each host has its own queue 0.
QUEUE=0

check() {
  command -v iptables >/dev/null || die "no tc netem in this kernel and no iptables for the link emulator ('make link-tools' installs it)"
  [ -x "$LINKEM" ] || command -v go >/dev/null || die "no tc netem in this kernel and no Go to build the link emulator (network/linkem)"
}

# rule_specs DEVICE: the two rules' iptables arguments, one rule a line.
rule_specs() { printf '%s\n' "INPUT -i $1 -j NFQUEUE --queue-num $QUEUE" "OUTPUT -o $1 -j NFQUEUE --queue-num $QUEUE"; }

# queue_bound NAMESPACE: true once a process has bound the queue in NAMESPACE.
queue_bound() { ip netns exec "$1" awk -v queue="$QUEUE" '$1 == queue {found = 1} END {exit !found}' /proc/net/netfilter/nfnetlink_queue; }

off() {
  local namespace="$1" device="$2" dir="$3" spec
  if [ -e "/run/netns/$namespace" ] && command -v iptables >/dev/null; then
    while read -r -a spec; do
      while ip netns exec "$namespace" iptables -C "${spec[@]}" 2>/dev/null; do ip netns exec "$namespace" iptables -D "${spec[@]}"; done
    done < <(rule_specs "$device")
  fi
  stop_process "$dir" linkem
}

on() {
  local namespace="$1" device="$2" delay="$3" loss="$4" dir="$5"
  [[ "$delay" =~ ^[0-9]+(\.[0-9]+)?(us|ms|s)$ ]] || die "delay '$delay' is not a duration such as 80ms, 1.5s or 500us"
  [[ "$loss" =~ ^[0-9]+(\.[0-9]+)?%?$ ]] && awk -v p="${loss%\%}" 'BEGIN {exit !(p <= 100)}' \
    || die "loss '$loss' is not a percentage from 0 to 100 such as 2%"
  ip netns exec "$namespace" ip link show "$device" >/dev/null 2>&1 || die "no device $device in network namespace $namespace"
  check
  [ -x "$LINKEM" ] || make -C "$REPO_DIR" --no-print-directory -s linkem >&2
  off "$namespace" "$device" "$dir"
  start_process "$dir" "$namespace" linkem "$LINKEM" -queue "$QUEUE" -delay "$delay" -loss "$loss"
  local deadline=$((SECONDS + 5))
  until queue_bound "$namespace"; do
    pid_file_alive "$dir/pids/linkem.pid" || die "the link emulator stopped: $(tail -n 3 "$dir/logs/linkem.log")"
    [ "$SECONDS" -lt "$deadline" ] || { stop_process "$dir" linkem; die "the link emulator did not bind queue $QUEUE in $namespace within 5 s"; }
    sleep 0.05
  done
  local spec
  while read -r -a spec; do ip netns exec "$namespace" iptables -I "${spec[@]}"; done < <(rule_specs "$device")
}

case "${1:-}" in
  on) on "${2:?NAMESPACE}" "${3:?DEVICE}" "${4:?DELAY}" "${5:?LOSS}" "${6:?DIR}" ;;
  off) off "${2:?NAMESPACE}" "${3:?DEVICE}" "${4:?DIR}" ;;
  *) die "usage: link-emulator.sh on NAMESPACE DEVICE DELAY LOSS DIR | off NAMESPACE DEVICE DIR" ;;
esac
