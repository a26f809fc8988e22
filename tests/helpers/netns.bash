# netns.bash - the only network the tests touch: namespaces they make.
#   load helpers/netns     (after helpers/common)
#
# Names are rawt-<BATS_ROOT_PID>-<test number>-<host>, so a sweep can tell
# a dead run's leftovers (setup_suite.bash) and parallel runs never meet.
#
#   ns_pair            hosts a and b on one veth link:
#                      NS_A 192.0.2.1 (IP_A)  <->  NS_B 192.0.2.2 (IP_B)
#   ns_cleanup         kill what runs in this test's namespaces, delete them
#   nsx HOST CMD...    run CMD in namespace HOST ($AS_ROOT ip netns exec)
#   capture_start HOST FILE [FILTER...]  tcpdump witness on veth0 of HOST
#   capture_stop       stop it; the file is complete afterwards
#   tshark_fields FILE DISPLAYFILTER FIELD...  one line a packet, tab-separated

NS_PREFIX=${NS_PREFIX:-rawt-${BATS_ROOT_PID:-$$}-${BATS_SUITE_TEST_NUMBER:-0}}

ns_name() { echo "$NS_PREFIX-$1"; }

nsx() {
    local host=$1
    shift
    $AS_ROOT ip netns exec "$(ns_name "$host")" "$@"
}

# ns_add HOST [ipv6]: a namespace with lo up and, unless asked, IPv6 off
# (a new veth sends router and neighbour solicitations otherwise).
ns_add() {
    local ns
    ns=$(ns_name "$1")
    $AS_ROOT ip netns add "$ns"
    $AS_ROOT ip -n "$ns" link set lo up
    if [ "${2:-}" != ipv6 ]; then
        nsx "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1
    fi
}

# ns_link HOST1 IF1 ADDR1/LEN HOST2 IF2 ADDR2/LEN: a veth pair between two
# namespaces, addressed and up; checksum offload off so captures judge the
# checksums the kernel really sent.
ns_link() {
    $AS_ROOT ip link add "$2" netns "$(ns_name "$1")" type veth \
        peer name "$5" netns "$(ns_name "$4")"
    nsx "$1" ip addr add "$3" dev "$2"
    nsx "$4" ip addr add "$6" dev "$5"
    nsx "$1" ethtool -K "$2" tx off rx off >/dev/null 2>&1 || true
    nsx "$4" ethtool -K "$5" tx off rx off >/dev/null 2>&1 || true
    nsx "$1" ip link set "$2" up
    nsx "$4" ip link set "$5" up
}

# ns_pair [ipv6]: hosts a and b on one link.
ns_pair() {
    NS_A=$(ns_name a) NS_B=$(ns_name b)
    IP_A=192.0.2.1 IP_B=192.0.2.2
    ns_add a "${1:-}"
    ns_add b "${1:-}"
    ns_link a veth0 $IP_A/24 b veth0 $IP_B/24
}

ns_cleanup() {
    local ns pid
    for ns in $($AS_ROOT ip netns list 2>/dev/null | awk '{print $1}'); do
        case $ns in "$NS_PREFIX"-*) ;; *) continue ;; esac
        for pid in $($AS_ROOT ip netns pids "$ns" 2>/dev/null); do
            $AS_ROOT kill -9 "$pid" 2>/dev/null
        done
        $AS_ROOT ip netns delete "$ns" 2>/dev/null
    done
    return 0
}

# capture_start HOST FILE [FILTER...]: tcpdump on veth0 of HOST, waiting
# until it says it is listening. --immediate-mode -U: no packet held back.
capture_start() {
    local host=$1 file=$2
    shift 2
    CAP_ERR=$file.err
    $AS_ROOT ip netns exec "$(ns_name "$host")" tcpdump -n -i veth0 \
        --immediate-mode -U -w "$file" "$@" 2>"$CAP_ERR" 3>&- &
    CAP_PID=$!
    wait_for_line "$CAP_ERR" 'listening on' 10
}

capture_stop() {
    sleep 0.2     # let the last packet cross the veth before stopping
    $AS_ROOT kill -INT "$CAP_PID" 2>/dev/null
    reap "$CAP_PID" 10
}

# tshark_fields FILE FILTER FIELD...: decode with every checksum verified.
tshark_fields() {
    local file=$1 filter=$2 f args=()
    shift 2
    for f in "$@"; do args+=(-e "$f"); done
    tshark -r "$file" -n -Y "$filter" -T fields "${args[@]}" \
        -o ip.check_checksum:TRUE \
        -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE 2>/dev/null
}

# nstat_get HOST COUNTER: the kernel's absolute counter in HOST's namespace.
nstat_get() {
    nsx "$1" nstat -az "$2" 2>/dev/null | awk -v c="$2" '$1 == c {print $2}'
}

# ns_cleanup_all: every namespace of this bats run (for teardown_file).
ns_cleanup_all() {
    NS_PREFIX=rawt-${BATS_ROOT_PID:-$$} ns_cleanup
}
