#!/usr/bin/env bash
# The classroom network: namespaces built by the same helper the tests use
# (ns_lab in tests/helpers/netns.bash), left running for students.
#
#   tests/lab.sh up            build it (if it is not up) and print the map
#   tests/lab.sh map           print the map
#   tests/lab.sh shell HOST    a shell in lab-HOST, its prompt naming the host
#   tests/lab.sh hub|switch    the bridge of segment 1 floods, or learns
#   tests/lab.sh down          remove everything (safe twice)
#
# With make: sudo make lab-up | lab-shell HOST=a | lab-hub | lab-switch |
# lab-down. One network serves all three chapters (their examples are run
# on it: tests/readme-examples.sh). `up pair|segment|routed` (make lab-up
# LAB=...), the small labs of earlier versions, are aliases of it. LAB_PREFIX
# (default lab) names the namespaces: LAB_PREFIX-a ...; the tests set their
# own.
set -euo pipefail
cd "$(dirname "$0")/.."
AS_ROOT=""
NS_PREFIX=${LAB_PREFIX:-lab}
source tests/helpers/common.bash
source tests/helpers/netns.bash
lab_vars

usage() {
    echo "usage: $0 up | map | shell HOST | hub | switch | down   (HOST: ${LAB_HOSTS// /, }, sw)" >&2
    exit 2
}

need_root() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "lab: namespaces need root: run 'sudo make $1'" >&2
        exit 2
    fi
}

# is_up: every namespace of the lab exists.
is_up() {
    local h list
    list=$(ip netns list 2>/dev/null | awk '{print $1}')
    for h in $LAB_HOSTS sw; do
        grep -qx "$(ns_name $h)" <<<"$list" || return 1
    done
}

not_up() {
    echo "lab: not up (sudo make lab-up)" >&2
    exit 1
}

print_map() {
    local h mode line
    mode=switch
    nsip sw -d link show br0 | grep -q 'ageing_time 0 '  && mode=hub
    cat <<MAP
The lab network:

  segment 1: 192.0.2.0/24, 2001:db8:1::/64, bridge br0 in $NS_SW, now a $mode
  segment 2: 198.51.100.0/25, 2001:db8:2::/64 (r - r2)
  d's link:  198.51.100.128/25, 2001:db8:3::/64 (r2 - d)

    a, b, c --[ br0 ]-- r ---- r2 ---- d

MAP
    printf '  %-10s %-6s %-18s %s\n' host iface MAC addresses
    for h in $LAB_HOSTS; do
        ns=$NS_PREFIX-$h
        { ip -n "$ns" -o link show; echo; ip -n "$ns" -o addr show; } | awk -v ns="$ns" '
            /^$/ { addrs = 1; next }
            !addrs && $2 != "lo:" { sub(/@.*/, "", $2); sub(/:$/, "", $2)
                for (i = 1; i < NF; i++) if ($i == "link/ether") { ifs[++n] = $2; mac[$2] = $(i + 1) } }
            addrs && $4 !~ /^fe80/ { a[$2] = a[$2] $4 " " }
            END { for (i = 1; i <= n; i++) printf "  %-10s %-6s %-18s %s\n", ns, ifs[i], mac[ifs[i]], a[ifs[i]] }'
    done
    cat <<MAP

  silent (in the neighbour tables, held by nobody; nothing answers):
    $IP_SILENT, 2001:db8:1::99 on segment 1; $IP_SILENT2, 2001:db8:2::99 on segment 2
  routes: a, b, c via r ($IP_R); d via r2 ($IP_R2_OUT): traceroute $IP_D shows r, r2, d

  A shell in a host:  sudo make lab-shell HOST=a      (or: sudo ip netns exec $NS_A bash)
  Hub or switch:      sudo make lab-hub / sudo make lab-switch
  Remove it all:      sudo make lab-down
MAP
}

case ${1:-} in
up)
    need_root lab-up
    case ${2:-} in
    '') ;;
    pair|segment|routed)
        # the small labs the chapters once used: all three chapters now
        # run on this one network (a, b, c on segment 1; d behind r, r2)
        echo "lab: LAB=$2 is an alias: every chapter uses the lab network" ;;
    *)
        echo "lab: unknown LAB '$2' (the lab network serves every chapter; LAB=pair, segment, routed are aliases of it)" >&2
        exit 2 ;;
    esac
    if is_up; then
        echo "lab: already up"
    else
        ns_cleanup
        if ! ns_lab; then
            ns_cleanup
            echo "lab: building the network failed; nothing is left" >&2
            exit 2
        fi
        echo "lab: up"
    fi
    [ -n "${LAB_QUIET:-}" ] || print_map     # LAB_QUIET=1: no map (the tests)
    ;;
map)
    need_root lab-up
    is_up || not_up
    print_map
    ;;
shell)
    need_root lab-shell
    h=${2:-}
    [ -n "$h" ] || usage
    ns=$(ns_name "$h")
    if ! ip netns list | awk '{print $1}' | grep -qx "$ns"; then
        case " $LAB_HOSTS sw " in *" $h "*) not_up ;; esac
        echo "lab: no host '$h' (${LAB_HOSTS// /, }, sw)" >&2
        exit 2
    fi
    echo "lab: a shell in $ns (exit to leave)"
    exec ip netns exec "$ns" env PS1="$ns# " bash --norc -i
    ;;
hub|switch)
    need_root "lab-$1"
    is_up || not_up
    lab_bridge "$1"
    if [ "$1" = hub ]; then
        echo "lab: br0 is a hub: every frame reaches every port of segment 1"
    else
        echo "lab: br0 is a switch: unicast goes only to the port of its destination"
    fi
    ;;
down)
    need_root lab-down
    ns_cleanup
    echo "lab: down"
    ;;
*) usage ;;
esac
