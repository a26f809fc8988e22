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
#   capture_stop [COUNT]  stop it once the file is complete
#   spawn HOST OUT ERR CMD...  CMD in the background in HOST ($SPAWN_PID)
#   interrupt_at PID FILE REGEX  kill -INT once FILE shows REGEX; $elapsed
#   fake_replies HOST DST ID:SEQ[:bad]...  forged echo replies from HOST
#   tshark_fields FILE DISPLAYFILTER FIELD...  one line a packet, tab-separated
#   ns_mac HOST / ns_rx HOST   veth0's MAC / rx_packets in HOST

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

# capture_start HOST FILE [FILTER...]: tcpdump on veth0 of HOST (on
# $CAP_IF if set, e.g. CAP_IF=lo), waiting until it says it is listening.
# --immediate-mode -U: each packet is written to FILE as it is read.
capture_start() {
    local host=$1 file=$2
    shift 2
    CAP_FILE=$file CAP_ERR=$file.err
    $AS_ROOT ip netns exec "$(ns_name "$host")" tcpdump -n -i "${CAP_IF:-veth0}" \
        --immediate-mode -U -w "$file" "$@" 2>"$CAP_ERR" 3>&- &
    CAP_PID=$!
    wait_for_line "$CAP_ERR" 'listening on' 10
}

# pcap_count FILE: the packets FILE holds so far.
pcap_count() {
    tcpdump -n -r "$1" 2>/dev/null | wc -l
}

# capture_stop [COUNT]: stop the witness once its file is complete. With
# COUNT, once the file holds COUNT packets (fails after 5 s); without, once
# the count stops growing between two reads 0.1 s apart (packets the kernel
# sends after the program ended, a RST or an ICMP error, are still on the
# way when it exits). Either way bounded.
capture_stop() {
    local want=${1:-} i n last=-1
    for ((i = 0; i < 50; i++)); do
        n=$(pcap_count "$CAP_FILE")
        if [ -n "$want" ]; then
            [ "$n" -ge "$want" ] && break
        else
            [ "$n" -eq "$last" ] && break
            last=$n
        fi
        sleep 0.1
    done
    $AS_ROOT kill -INT "$CAP_PID" 2>/dev/null
    reap "$CAP_PID" 10
    if [ -n "$want" ] && [ "$n" -lt "$want" ]; then
        echo "capture_stop: $n packets in $CAP_FILE, expected $want" >&2
        return 1
    fi
}

# spawn HOST OUT ERR CMD...: CMD in the background inside HOST, started on
# the command itself so SPAWN_PID is its pid (kill -INT reaches it), stdout
# to OUT, stderr to ERR, fd 3 closed (or bats waits for it). Then
# reap "$SPAWN_PID" SECONDS.
spawn() {
    local host=$1 out=$2 err=$3
    shift 3
    : >"$out"; : >"$err"      # emptied now: no wait_for_line on a stale file
    $AS_ROOT ip netns exec "$(ns_name "$host")" "$@" >>"$out" 2>>"$err" 3>&- &
    SPAWN_PID=$!
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

# ns_mac HOST: the MAC address of veth0 in HOST (as ip link shows it).
# ns_rx HOST: frames veth0 in HOST has received (rx_packets): the witness
# for senders whose frames the sender's own sockets cannot see.
ns_mac() { nsx "$1" cat /sys/class/net/veth0/address; }
ns_rx() { nsx "$1" cat /sys/class/net/veth0/statistics/rx_packets; }

# ns_cleanup_all: every namespace of this bats run (for teardown_file).
ns_cleanup_all() {
    NS_PREFIX=rawt-${BATS_ROOT_PID:-$$} ns_cleanup
}

# --- labs for part 2 (06-spoof .. 09-fragments) -----------------------------
# Both are plain shell (no bats calls), so tests/lab.sh can build them for a
# classroom with NS_PREFIX set (e.g. NS_PREFIX=lab ns_routed).

# ns_bridge_port HOST ADDR/LEN: a veth from HOST (veth0, addressed) to a
# port named HOST on the bridge br0 in namespace sw.
ns_bridge_port() {
    $AS_ROOT ip link add veth0 netns "$(ns_name "$1")" type veth \
        peer name "$1" netns "$(ns_name sw)"
    nsx "$1" ip addr add "$2" dev veth0
    nsx "$1" ethtool -K veth0 tx off rx off >/dev/null 2>&1 || true
    nsx sw ethtool -K "$1" tx off rx off >/dev/null 2>&1 || true
    nsx sw ip link set dev "$1" master br0 up
    nsx "$1" ip link set veth0 up
}

# ns_segment3: hosts a, b, c on one Ethernet segment, a bridge (br0, STP
# off, so ports forward at once) in namespace sw:
#   NS_A 192.0.2.1 (IP_A), NS_B 192.0.2.2 (IP_B), NS_C 192.0.2.3 (IP_C)
ns_segment3() {
    NS_A=$(ns_name a) NS_B=$(ns_name b) NS_C=$(ns_name c) NS_SW=$(ns_name sw)
    IP_A=192.0.2.1 IP_B=192.0.2.2 IP_C=192.0.2.3
    ns_add sw
    nsx sw ip link add br0 type bridge stp_state 0
    nsx sw ip link set br0 up
    ns_add a && ns_bridge_port a $IP_A/24
    ns_add b && ns_bridge_port b $IP_B/24
    ns_add c && ns_bridge_port c $IP_C/24
}

# ns_routed: a - r1 - r2 - b, two routers forwarding, every link a veth0 or
# veth1 inside its namespace:
#   a  veth0 192.0.2.1/24      (IP_A)  <-> r1 veth0 192.0.2.254/24  (IP_R1)
#   r1 veth1 198.51.100.1/30   (IP_R1_OUT) <-> r2 veth0 198.51.100.2/30 (IP_R2)
#   r2 veth1 198.51.100.5/30   (IP_R2_OUT) <-> b  veth0 198.51.100.6/30 (IP_B)
# IP_R1 and IP_R2 are the routers' addresses facing a: the ones their ICMP
# time exceeded messages to a come from. Routers: forwarding on, ICMP
# errors not rate limited (icmp_ratelimit 0 lifts the per-host limit, and
# icmp_ratemask 0 the global one, icmp_msgs_per_sec, which still applies
# to every type in the mask), strict reverse path filtering (rp_filter 1).
ns_routed() {
    NS_A=$(ns_name a) NS_B=$(ns_name b) NS_R1=$(ns_name r1) NS_R2=$(ns_name r2)
    IP_A=192.0.2.1 IP_R1=192.0.2.254 IP_R1_OUT=198.51.100.1
    IP_R2=198.51.100.2 IP_R2_OUT=198.51.100.5 IP_B=198.51.100.6
    local r
    ns_add a; ns_add r1; ns_add r2; ns_add b
    for r in r1 r2; do
        nsx $r sysctl -qw net.ipv4.ip_forward=1 net.ipv4.icmp_ratelimit=0 \
            net.ipv4.icmp_ratemask=0 \
            net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1
    done
    ns_link a veth0 $IP_A/24 r1 veth0 $IP_R1/24
    ns_link r1 veth1 $IP_R1_OUT/30 r2 veth0 $IP_R2/30
    ns_link r2 veth1 $IP_R2_OUT/30 b veth0 $IP_B/30
    nsx a ip route add default via $IP_R1
    nsx r1 ip route add 198.51.100.4/30 via $IP_R2
    nsx r2 ip route add 192.0.2.0/24 via $IP_R1_OUT
    nsx b ip route add default via $IP_R2_OUT
}

# interrupt_at PID FILE REGEX: once FILE has a line matching REGEX, kill -INT
# PID and reap it (5 s bound). Sets $status (its exit code) and $elapsed
# (ms from the signal to its end). A job started in the background has
# SIGINT ignored: only a program that installs its handler ends here.
interrupt_at() {
    local start
    wait_for_line "$2" "$3"
    start=$(date +%s%N)
    $AS_ROOT kill -INT "$1"
    reap "$1" 5
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
}

# fake_replies HOST DST ID:SEQ[:bad]...: from HOST, echo replies (4 data
# bytes) with each ID and SEQ, every 0.1 s for 1.2 s (perl raw socket); the
# checksum is right, or off by one with ":bad".
fake_replies() {
    local host=$1 dst=$2
    shift 2
    nsx "$host" perl -MSocket -e '
        socket(my $s, PF_INET, SOCK_RAW, 1) or die "socket: $!";
        my ($dst, @pairs) = @ARGV;
        for (1 .. 12) {
            for (@pairs) {
                my ($id, $seq, $bad) = split /:/;
                my $m = pack("CCnnn", 0, 0, 0, $id, $seq) . "\0" x 4;
                my $sum = 0; $sum += $_ for unpack("n*", $m);
                $sum = ($sum >> 16) + ($sum & 0xffff) while $sum >> 16;
                $sum = ~$sum & 0xffff;
                $sum = ($sum + 1) & 0xffff if $bad;
                substr($m, 2, 2) = pack("n", $sum);
                send($s, $m, 0, pack_sockaddr_in(0, inet_aton($dst))) or die "send: $!";
            }
            select(undef, undef, undef, 0.1);
        }' "$dst" "$@"
}

# send_frames HOST ROUNDS HEX...: whole Ethernet frames (hex, no spaces)
# out of veth0 of HOST with a perl packet socket: each frame once a round,
# ROUNDS rounds 0.1 s apart. For forged frames: nothing is filled in.
send_frames() {
    local host=$1 rounds=$2 ifindex
    shift 2
    ifindex=$(nsx "$host" cat /sys/class/net/veth0/ifindex)
    nsx "$host" perl -e '
        socket(my $s, 17, 3, 0) or die "socket: $!";          # AF_PACKET, SOCK_RAW
        my ($ifindex, $rounds, @frames) = @ARGV;
        for my $r (1 .. $rounds) {
            for (@frames) {
                my $f = pack("H*", $_);
                my $to = pack("S n i S C C a8", 17, unpack("n", substr($f, 12, 2)),
                              $ifindex, 0, 0, 6, substr($f, 0, 6));
                send($s, $f, 0, $to) or die "send: $!";
            }
            select(undef, undef, undef, 0.1) if $r < $rounds;
        }' "$ifindex" "$rounds" "$@"
}
