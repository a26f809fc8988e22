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

# tshark_bytes "HEX" ENCAP FIELD...: tshark's decoding of one packet given
# as a "% X" line, every checksum verified: ENCAP icmp (an ICMP message:
# text2pcap puts a dummy IPv4 header before it) or raw (an IPv4 packet).
tshark_bytes() {
    local hex=$1 f=$BATS_TEST_TMPDIR/bytes-$RANDOM opt
    case $2 in icmp) opt=(-i 1) ;; *) opt=(-l 101) ;; esac
    shift 2
    echo "000000 $hex" >"$f.txt"
    text2pcap -q "${opt[@]}" "$f.txt" "$f.pcap" >/dev/null 2>&1
    tshark_fields "$f.pcap" ip "$@"
}

# listen_on HOST PORT: nc -l PORT in HOST in the background (NC_PID), and
# wait (bounded, 5 s) until the kernel lists the socket as listening.
listen_on() {
    local i
    nsx "$1" nc -l "$2" >/dev/null 2>&1 3>&- &
    NC_PID=$!
    for ((i = 0; i < 100; i++)); do
        nsx "$1" ss -Hltn "sport = :$2" | grep -q . && return 0
        sleep 0.05
    done
    echo "listen_on: nothing listens on $1 port $2 after 5 s" >&2
    return 1
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
    ns_add a
    ns_bridge_port a $IP_A/24
    ns_add b
    ns_bridge_port b $IP_B/24
    ns_add c
    ns_bridge_port c $IP_C/24
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

# fake_icmp HOST DST SPEC...: from HOST to DST, each SPEC's ICMP message
# every 0.1 s for 1.2 s, from a perl raw socket (the kernel writes the IP
# header; every checksum is right). DST an IPv6 address: ICMPv6 (the kernel
# writes that checksum).
#   ID:SEQ              an echo reply with this id and sequence, 4 data bytes
#   te,QDST,ID,SEQ[,T]  IPv4 time exceeded (type 11, or type T) quoting an
#                       echo request DST -> QDST (20-byte header, TTL 1)
#                       with ID and SEQ
fake_icmp() {
    local host=$1
    shift
    nsx "$host" perl -MSocket=:all -e '
        my ($dst, @specs) = @ARGV;
        my $v6 = $dst =~ /:/;
        socket(my $s, $v6 ? AF_INET6 : AF_INET, SOCK_RAW, $v6 ? 58 : 1)
            or die "socket: $!";
        my $to = $v6 ? pack_sockaddr_in6(0, inet_pton(AF_INET6, $dst))
                     : pack_sockaddr_in(0, inet_aton($dst));
        sub sum { my $m = shift; my $x = 0; $m .= "\0" if length($m) % 2;
                  $x += $_ for unpack("n*", $m);
                  $x = ($x >> 16) + ($x & 0xffff) while $x >> 16; ~$x & 0xffff }
        sub echo { my ($t, $id, $seq, $d) = @_;
                   my $m = pack("CCnnn", $t, 0, 0, $id, $seq) . $d;
                   substr($m, 2, 2) = pack("n", sum($m)) unless $v6; $m }
        my @msgs;
        for (@specs) {
            if (/^te,/) {               # te,QDST,ID,SEQ[,TYPE]: an error
                my (undef, $qdst, $id, $seq, $type) = split /,/;
                my $ip = pack("CCnnnCCn", 0x45, 0, 28, 0x4242, 0, 1, 1, 0)
                       . inet_aton($dst) . inet_aton($qdst);
                substr($ip, 10, 2) = pack("n", sum($ip));
                my $m = pack("CCnN", $type // 11, 0, 0, 0) . $ip . echo(8, $id, $seq, "");
                substr($m, 2, 2) = pack("n", sum($m));
                push @msgs, $m;
            } else {
                my ($id, $seq) = split /:/;
                push @msgs, echo($v6 ? 129 : 0, $id, $seq, "\0" x 4);
            }
        }
        for (1 .. 12) {
            send($s, $_, 0, $to) or die "send: $!" for @msgs;
            select(undef, undef, undef, 0.1);
        }' "$@"
}

# echo_delayed HOST DELAY_MS...: on HOST (whose kernel should ignore echoes:
# icmp_echo_ignore_all=1), answer the Nth echo request after the Nth delay,
# its id, sequence and data echoed back. Prints "listening on" to stderr
# once its socket is open; ends after the last delay, or after 10 s.
echo_delayed() {
    local host=$1
    shift
    nsx "$host" perl -MSocket=:all -e '
        alarm 10;
        socket(my $s, AF_INET, SOCK_RAW, 1) or die "socket: $!";
        print STDERR "echo_delayed: listening on AF_INET SOCK_RAW icmp\n";
        for my $ms (@ARGV) {
            my ($p, $from);
            do { $from = recv($s, $p, 65535, 0) or die "recv: $!" }
                until unpack("C", substr($p, (unpack("C", $p) & 15) * 4, 1)) == 8;
            my $m = substr($p, (unpack("C", $p) & 15) * 4);
            select(undef, undef, undef, $ms / 1000);
            substr($m, 0, 1) = "\0";
            substr($m, 2, 2) = "\0\0";
            my $x = 0; my $c = $m; $c .= "\0" if length($c) % 2;
            $x += $_ for unpack("n*", $c);
            $x = ($x >> 16) + ($x & 0xffff) while $x >> 16;
            substr($m, 2, 2) = pack("n", ~$x & 0xffff);
            send($s, $m, 0, $from) or die "send: $!";
        }' "$@"
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

# --- the classroom network (make lab-up, make demo, tests/04-lab.bats) -------
# One network for every chapter. Plain shell, so tests/lab.sh builds it with
# NS_PREFIX=lab, a test with its own prefix and the demo with another.
#
#   a  veth0 192.0.2.1    2001:db8:1::1   --+
#   b  veth0 192.0.2.2    2001:db8:1::2   --+-- sw: bridge br0 (switch; hub
#   c  veth0 192.0.2.3    2001:db8:1::3   --+       with ageing 0)
#   r  veth0 192.0.2.254  2001:db8:1::254 --+   segment 1: 192.0.2.0/24, 2001:db8:1::/64
#   r  veth1 198.51.100.1/25   2001:db8:2::1 --- r2 veth0 198.51.100.2/25   2001:db8:2::2
#                                               segment 2: 198.51.100.0/25, 2001:db8:2::/64
#   r2 veth1 198.51.100.129/25 2001:db8:3::1 --- d  veth0 198.51.100.130/25 2001:db8:3::2
#
# Every MAC is 02:00 and the IPv4 address (a: 02:00:c0:00:02:01), as
# 07-user-space-host makes its own. Silent addresses: 192.0.2.99 /
# 2001:db8:1::99 on segment 1 and 198.51.100.99 / 2001:db8:2::99 on segment
# 2 are in the neighbour tables of the hosts there (at 02:00 + the IPv4
# address) and held by nobody: what is sent to them crosses the wire and
# nobody answers. Offloads are off on every interface; the routers and d send
# ICMP errors unlimited. Variables: NS_A NS_B NS_C NS_R NS_R2 NS_D NS_SW,
# IP_A IP_B IP_C IP_R IP_R_OUT IP_R2 IP_R2_OUT IP_D IP_SILENT IP_SILENT2,
# IP6_A IP6_B IP6_C IP6_R IP6_D.
LAB_HOSTS="a b c r r2 d"

# nsip HOST ARGS...: ip -n HOST's namespace (quicker than nsx)
nsip() {
    local ns
    ns=$(ns_name "$1")
    shift
    $AS_ROOT ip -n "$ns" "$@"
}

# lab_mac IPV4: 02:00 and the address's four bytes.
lab_mac() {
    local IFS=.
    # shellcheck disable=SC2086
    printf '02:00:%02x:%02x:%02x:%02x' $1
}

lab_vars() {
    NS_A=$(ns_name a) NS_B=$(ns_name b) NS_C=$(ns_name c) NS_R=$(ns_name r)
    NS_R2=$(ns_name r2) NS_D=$(ns_name d) NS_SW=$(ns_name sw)
    IP_A=192.0.2.1 IP_B=192.0.2.2 IP_C=192.0.2.3 IP_R=192.0.2.254
    IP_R_OUT=198.51.100.1 IP_R2=198.51.100.2 IP_R2_OUT=198.51.100.129
    IP_D=198.51.100.130 IP_SILENT=192.0.2.99 IP_SILENT2=198.51.100.99
    IP6_A=2001:db8:1::1 IP6_B=2001:db8:1::2 IP6_C=2001:db8:1::3
    IP6_R=2001:db8:1::254 IP6_D=2001:db8:3::2
}

# lab_if IF IPV4/LEN IPV6/LEN: the commands (for lab_host) that address
# an interface (nodad: usable at once), give it its MAC from the IPv4
# address, turn its offloads off and bring it up.
lab_if() {
    echo "ip link set $1 address $(lab_mac "${2%/*}")"
    echo "ip addr add $2 dev $1"
    echo "ip -6 addr add $3 dev $1 nodad"
    echo "ethtool -K $1 tx off rx off tso off gso off gro off >/dev/null 2>&1 || true"
    # a quiet segment at once: no router solicitations, no duplicate
    # address detection for the link-local address, and the MLD reports of
    # link-up sent within a millisecond (the interface exists already: the
    # "all" and "default" sysctls of lab_host do not reach it)
    echo "sysctl -qw net.ipv6.conf.$1.router_solicitations=0 net.ipv6.conf.$1.dad_transmits=0 net.ipv6.conf.$1.accept_dad=0 net.ipv6.conf.$1.mldv2_unsolicited_report_interval=1 net.ipv6.conf.$1.mldv1_unsolicited_report_interval=1"
    echo "ip link set $1 up"
}

# lab_silent IF IPV4 IPV6: the silent address in the neighbour tables.
lab_silent() {
    echo "ip neigh replace $2 lladdr $(lab_mac "$2") dev $1 nud permanent"
    echo "ip -6 neigh replace $3 lladdr $(lab_mac "$2") dev $1 nud permanent"
}

# lab_host HOST: the commands that set HOST up, run in it as one script
# (one ip netns exec per host: the lab is up in a second or two).
lab_host() {
    echo "set -e"
    echo "ip link set lo up"
    # no router solicitations: the segment stays quiet for captures
    echo "sysctl -qw net.ipv6.conf.all.router_solicitations=0 net.ipv6.conf.default.router_solicitations=0 net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0"
    case $1 in r|r2)
        echo "sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.rp_filter=1 net.ipv4.conf.default.rp_filter=1" ;;
    esac
    case $1 in r|r2|d)
        echo "sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_ratemask=0 net.ipv6.icmp.ratelimit=0" ;;
    esac
    case $1 in
    a) lab_if veth0 $IP_A/24 $IP6_A/64 ;;
    b) lab_if veth0 $IP_B/24 $IP6_B/64 ;;
    c) lab_if veth0 $IP_C/24 $IP6_C/64 ;;
    r)
        lab_if veth0 $IP_R/24 $IP6_R/64
        lab_if veth1 $IP_R_OUT/25 2001:db8:2::1/64
        lab_silent veth0 $IP_SILENT 2001:db8:1::99
        lab_silent veth1 $IP_SILENT2 2001:db8:2::99
        echo "ip route add 198.51.100.128/25 via $IP_R2"
        echo "ip -6 route add 2001:db8:3::/64 via 2001:db8:2::2"
        ;;
    r2)
        lab_if veth0 $IP_R2/25 2001:db8:2::2/64
        lab_if veth1 $IP_R2_OUT/25 2001:db8:3::1/64
        lab_silent veth0 $IP_SILENT2 2001:db8:2::99
        echo "ip route add default via $IP_R_OUT"
        echo "ip -6 route add default via 2001:db8:2::1"
        ;;
    d)
        lab_if veth0 $IP_D/25 $IP6_D/64
        echo "ip route add default via $IP_R2_OUT"
        echo "ip -6 route add default via 2001:db8:3::1"
        ;;
    esac
    case $1 in a|b|c)
        lab_silent veth0 $IP_SILENT 2001:db8:1::99
        echo "ip route add default via $IP_R"
        echo "ip -6 route add default via $IP6_R"
        ;;
    esac
}

ns_lab() {
    local h
    lab_vars
    for h in $LAB_HOSTS sw; do echo "netns add $(ns_name $h)"; done | $AS_ROOT ip -batch - || return 1
    # segment 1: a port on the bridge for a, b, c, r; then r - r2 - d
    {
        for h in a b c r; do
            echo "link add veth0 netns $(ns_name $h) type veth peer name $h netns $NS_SW"
        done
        echo "link add veth1 netns $NS_R type veth peer name veth0 netns $NS_R2"
        echo "link add veth1 netns $NS_R2 type veth peer name veth0 netns $NS_D"
    } | $AS_ROOT ip -batch - || return 1
    # the bridge: STP off (ports forward at once), multicast flooded; sw
    # itself has no address and no IPv6
    nsx sw sh -c 'set -e
        sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
        ip link set lo up
        ip link add br0 type bridge stp_state 0 mcast_snooping 0
        for p in a b c r; do
            ethtool -K $p tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
            ip link set dev $p master br0 up
        done
        ip link set br0 up' || return 1
    for h in $LAB_HOSTS; do
        nsx "$h" sh -c "$(lab_host "$h")" || return 1
    done
    lab_settle
}

# lab_settle: wait (3 s for the whole lab, then fail) until every
# interface of the lab has its IPv6 link-local address. The kernel adds it
# when it sees the carrier, up to a second after the link came up
# (linkwatch), and then sends its MLD reports: once they are out (1 ms
# later: lab_if's report interval) the segments are quiet, and a capture
# started now sees only what it causes.
lab_settle() {
    local tries=60 h n           # 60 naps of 50 ms for the whole lab
    # linkwatch handles every interface in one pass: the last one built
    # (d's) first, then each host once
    for h in d $LAB_HOSTS; do
        case $h in r|r2) n=2 ;; *) n=1 ;; esac
        until [ "$(nsip "$h" -6 -o addr show scope link | grep -c 'fe80::')" -ge $n ]; do
            if ((--tries < 0)); then
                echo "lab_settle: $h has no IPv6 link-local address after 3 s" >&2
                return 1
            fi
            sleep 0.05
        done
    done
    sleep 0.05          # the reports themselves, 1 ms after the address
}

# lab_bridge hub|switch: a hub floods every frame to every port (the bridge
# forgets each MAC at once: ageing 0); a switch learns (300 s) and sends
# unicast only to the port behind which it saw the destination.
lab_bridge() {
    case $1 in
    hub) nsip sw link set br0 type bridge ageing_time 0 ;;
    switch) nsip sw link set br0 type bridge ageing_time 30000 ;;
    esac
}
