#!/usr/bin/env bash
# make lab-up / make lab-down: namespaces for a classroom lab, the same ones
# the tests use, left running so students can work in them.
#
#   tests/lab.sh up [pair]   hosts a (192.0.2.1, 2001:db8::1) and b (192.0.2.2,
#                            2001:db8::2) on a veth link (08-ping6 needs the IPv6)
#   tests/lab.sh up segment  a, b, c (192.0.2.1-3) on one bridged segment (06-spoof)
#   tests/lab.sh up routed   a - r1 - r2 - b, two forwarding routers (07-traceroute,
#                            08-record-route)
#   tests/lab.sh down        remove every lab namespace
#
# With make: make lab-up [LAB=segment|routed], make lab-down.
#
# Then, in one terminal:  sudo ip netns exec lab-a bash
#         and in another: sudo ip netns exec lab-b bash
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "lab: creating namespaces needs root: run 'sudo make lab-up'" >&2
    exit 2
fi
AS_ROOT=""
NS_PREFIX=${LAB_PREFIX:-lab}   # the tests set their own
source tests/helpers/common.bash
source tests/helpers/netns.bash

case ${1:-} in
up)
    ns_cleanup
    topo=${2:-pair}
    case $topo in
    pair)
        ns_pair ipv6
        # nodad: usable at once, without waiting for duplicate address detection
        ip -n "$NS_A" addr add 2001:db8::1/64 dev veth0 nodad
        ip -n "$NS_B" addr add 2001:db8::2/64 dev veth0 nodad
        ;;
    segment) ns_segment3 ;;
    routed) ns_routed ;;
    *) echo "lab: unknown topology '$topo' (pair, segment or routed)" >&2; exit 2 ;;
    esac
    echo "lab: up ($topo):"
    for ns in $(ip netns list | awk '{print $1}' | grep "^$NS_PREFIX-"); do
        printf '  %-8s %s\n' "$ns" "$(ip -n "$ns" -br addr show |
            awk '$1 != "lo" && $3 != "" {sub(/@.*/, "", $1); s = $1;
                 for (i = 3; i <= NF; i++) if ($i !~ /^fe80/) s = s " " $i; print s}' | paste -sd' ')"
    done
    echo "Enter a host with: sudo ip netns exec $NS_PREFIX-a bash   (leave with exit; remove all with make lab-down)"
    ;;
down)
    ns_cleanup
    echo "lab: down"
    ;;
*)
    echo "usage: $0 up [pair|segment|routed] | down" >&2
    exit 2
    ;;
esac
