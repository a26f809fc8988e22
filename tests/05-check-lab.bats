#!/usr/bin/env bats
# make check-lab EX=...: a lab exercise checked on a throwaway lab network.
# The workbook's own programs are the unsolved exercises: check-lab must say
# "not yet" with a hint. A solution written here, on a copy of the source,
# must pass. Witness of the check itself: the kernel's answers in the lab.

# One lab network for the file's checks (CHECK_LAB_PREFIX); one test
# checks on a throwaway one of its own, as a student's check does.
setup_file() {
    load helpers/common
    export CHECK_LAB_PREFIX=rawt-${BATS_ROOT_PID}-chk
    [ "$(id -u)" -eq 0 ] || return 0
    NS_PREFIX=$CHECK_LAB_PREFIX
    load helpers/netns
    ns_lab >/dev/null 2>&1 || true
}

teardown_file() {
    load helpers/common
    [ "$(id -u)" -eq 0 ] || return 0
    NS_PREFIX=$CHECK_LAB_PREFIX
    load helpers/netns
    ns_cleanup
}

setup() {
    load helpers/common
    require_root
    require_cmd ping nc
    CHK=$TOP/tests/check-lab.sh
}

# solve SRC SED...: a copy of SRC with the sed edits, built with the
# workbook's flags, as a student's modified program; prints its path.
# san_flags: the sanitizer flags libcommon.a was built with (make check),
# so that a solution links against it; none after a plain make.
san_flags() {
    grep -oE -- '-f(no-)?sanitize[^ ]*|-fno-omit-frame-pointer' "$TOP/.build-flags" 2>/dev/null || true
}

solve() {
    local src=$1 bin
    shift
    bin=$BATS_TEST_TMPDIR/$(basename "$src" .c)
    sed "$@" "$src" >"$bin.c"
    if cmp -s "$src" "$bin.c"; then           # the edit must apply
        echo "solve: the sed edit changed nothing in $src" >&2
        return 1
    fi
    cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 $(san_flags) \
        -I"$TOP/common" "$bin.c" "$TOP/common/libcommon.a" -lm -o "$bin"
    echo "$bin"
}

@test "check-lab list and bad usage" {
    run -0 "$CHK" list
    [ "${#lines[@]}" -ge 9 ]
    [[ ${lines[0]} == "  p1-1  01-recv prints only echo replies" ]]
    run -2 $AS_ROOT "$CHK" p9-9
    [[ $output == *"no exercise 'p9-9'"* ]]
    run -2 "$CHK"
}

@test "check-lab p1-1: the unmodified 01-recv is not yet, with a hint; a solution passes" {
    run -1 $AS_ROOT "$CHK" p1-1
    [[ ${lines[0]} == "check-lab p1-1 (01-recv prints only echo replies): not yet: it printed b's echo request"* ]]
    [[ ${lines[1]} == "  hint: "* ]]
    # a hint, never the answer
    [[ $output != *ICMP_ECHOREPLY* ]]
    prog=$(solve "$P1/01-recv.c" 's|^        if (canonical)  *\/\* skip the IP header.*|        if (buf[hlen] != 0) continue;\n&|')
    run -0 $AS_ROOT "$CHK" p1-1 "$prog"
    [[ $output == "check-lab p1-1 (01-recv prints only echo replies): pass: "* ]]
}

@test "check-lab p2-1: a TTL test in 01-recv-ip passes, the unmodified one does not" {
    run -1 $AS_ROOT "$CHK" p2-1
    [[ $output == *"b's ping, from the same segment"* ]]
    prog=$(solve "$P2/01-recv-ip.c" 's|^        if (canonical)  *\/\* the whole packet.*|        if (buf[8] >= 64) continue;\n&|')
    run -0 $AS_ROOT "$CHK" p2-1 "$prog"
    [[ $output == *"pass: b's ping (TTL 64) skipped, d's (TTL 62"* ]]
}

@test "check-lab p3-1: PACKET_IGNORE_OUTGOING in 01-recv-frames passes" {
    prog=$(solve "$P3/01-recv-frames.c" 's|^    /\* bind narrows it to one interface.*|    { int one = 1; if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, \&one, sizeof one) < 0) return 2; }\n&|')
    run -0 $AS_ROOT "$CHK" p3-1 "$prog"
    [[ $output == *"pass: no outgoing frame"* ]]
    # as a student runs it: on a lab network of its own, removed at the end
    run -1 $AS_ROOT env -u CHECK_LAB_PREFIX "$CHK" p3-1
    [[ $output == *"not yet: it printed "*" outgoing frames"* ]]
    [ -z "$($AS_ROOT ip netns list | grep '^rawcheck-')" ]
}

# bpf_with FILTER: 09-bpf with tcpdump's own program for FILTER in place of
# its icmp_prog (tcpdump -dd, on a veth of a scratch namespace).
bpf_with() {
    load helpers/netns
    local d=$BATS_TEST_TMPDIR/bpf-$RANDOM
    mkdir -p "$d"
    ns_add x
    $AS_ROOT ip link add veth0 netns "$(ns_name x)" type veth peer name veth1 netns "$(ns_name x)"
    nsx x ip link set veth0 up
    nsx x tcpdump -dd -i veth0 "$1" >"$d/prog.txt"
    ns_cleanup
    awk -v pf="$d/prog.txt" '
        /^static struct sock_filter icmp_prog\[\] = \{/ { print; while ((getline l < pf) > 0) print l; skip = 1; next }
        skip && /^\};/ { skip = 0 }
        !skip { print }' "$P3/09-bpf.c" >"$d/09-bpf.c"
    cc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 $(san_flags) \
        -I"$TOP/common" "$d/09-bpf.c" "$TOP/common/libcommon.a" -lm -o "$d/09-bpf"
    echo "$d/09-bpf"
}

@test "check-lab p3-3: tcpdump's own 'udp port 53' passes; 'udp dst port 53' misses the source port" {
    require_cmd tcpdump
    prog=$(bpf_with 'udp port 53')
    run -0 $AS_ROOT "$CHK" p3-3 "$prog"
    [[ $output == *"pass: "* ]]
    prog=$(bpf_with 'udp dst port 53')
    run -1 $AS_ROOT "$CHK" p3-3 "$prog"
    [[ $output == *"not yet: "* ]]
    [[ $output == *"a source port of 53 counts too"* ]]
}

@test "check-lab p1-2 and p2-3: 03-ping -T and 07-traceroute -f, written here, pass" {
    prog=$(solve "$P1/03-ping.c" -e 's/"c:i:s:t:e:nh"/"c:i:s:t:e:T:nh"/' \
        -e 's/^int main(/static int ttl_opt;\n&/' \
        -e "s/^        case 'n': dry = 1; break;/        case 'T': ttl_opt = (int)opt_long(optarg, \"ttl\", 1, 255); break;\n&/" \
        -e 's/^        die("setsockopt(ICMP_FILTER)");/&\n    if (ttl_opt \&\& setsockopt(fd, IPPROTO_IP, IP_TTL, \&ttl_opt, sizeof ttl_opt) < 0) die("IP_TTL");/')
    run -0 $AS_ROOT "$CHK" p1-2 "$prog"
    [[ $output == *"pass: TTL 2 ran out at r2"* ]]
    # -f parsed, then used as the first TTL (a scratch copy: "unused")
    local opt=(-e 's/"m:q:t:nh"/"f:m:q:t:nh"/'
        -e "s/^        case 'n': dry = 1; break;/        case 'f': first = opt_long(optarg, \"first\", 1, 255); break;\n&/"
        -e 's/long maxhops = 30, probes = 3;/long maxhops = 30, probes = 3, first = 1;/')
    prog=$(solve "$P2/07-traceroute.c" "${opt[@]}" \
        -e 's/for (long ttl = 1; ttl <= maxhops/for (long ttl = first; ttl <= maxhops/')
    run -0 $AS_ROOT "$CHK" p2-3 "$prog"
    [[ $output == *"pass: -f 2 began at r2"* ]]
    # the option parsed but not used: the check sees it
    prog=$(solve "$P2/07-traceroute.c" "${opt[@]}" -e 's/(void)argc;/(void)argc; (void)first;/;s/first = 1;/first = 1; (void)first;/')
    run -1 $AS_ROOT "$CHK" p2-3 "$prog"
    [[ $output == *"not yet: with -f 2 the hops are '1 192.0.2.254 2 198.51.100.2 3 198.51.100.130'"* ]]
}

@test "check-lab p3-4: 12-blast with an 802.1Q tag (written here) passes; b's tcpdump counts the tagged frames" {
    [ -x "$P3/12-blast" ] || skip "12-blast is not in this checkout yet"
    require_cmd tcpdump
    # the tag after the MACs, IPv4 moved 4 bytes on (frames keep their size)
    prog=$(solve "$P3/12-blast.c" -e 's/^#define OFF_IP 14 .*/#define OFF_IP 18\nstatic unsigned vid;/' \
        -e 's/"i:m:c:s:R:nh"/"i:m:c:s:R:V:nh"/' \
        -e "s/^        case 'n': dry = 1; break;/        case 'V': vid = (unsigned)opt_long(optarg, \"vid\", 0, 4095); break;\n&/" \
        -e 's/^    eth.ether_type = htons(ETHERTYPE_IP);/    eth.ether_type = htons(0x8100);\n    f[14] = (uint8_t)(vid >> 8); f[15] = (uint8_t)vid; f[16] = 0x08; f[17] = 0;/')
    run -0 $AS_ROOT "$CHK" p3-4 "$prog"
    [[ $output == *"pass: "*"b received the 3 frames in VLAN 5"* ]]
    run -1 $AS_ROOT "$CHK" p3-4
    [[ $output == *"12-blast -V 5 is refused as bad usage"* ]]
}

@test "check-lab p2-2: 03-send-ip -T (written here) passes; a TTL printed but not sent is not yet" {
    local opt=(-e 's/"t:nh"/"T:t:nh"/' -e 's/^int main(/static long ttl_opt = 64;\n&/'
        -e "s/^        case 'n': dry = 1; break;/        case 'T': ttl_opt = opt_long(optarg, \"ttl\", 1, 255); break;\n&/")
    prog=$(solve "$P2/03-send-ip.c" "${opt[@]}" -e 's/^        .ttl = 64, .*/        .ttl = (uint8_t)ttl_opt,/')
    run -0 $AS_ROOT "$CHK" p2-2 "$prog"
    [[ $output == *"pass: TTL 7 in byte 9; TTL 1 ran out at r; TTL 3 reached d"* ]]
    # -T parsed, the header still says 64
    prog=$(solve "$P2/03-send-ip.c" "${opt[@]}")
    run -1 $AS_ROOT "$CHK" p2-2 "$prog"
    [[ $output == *"not yet: -n -T 7 prints byte 9 (the TTL) as '40'"* ]]
}

@test "check-lab p1-3: 04-tcp-syn over a port range (written here) passes" {
    prog=$(solve "$P1/04-tcp-syn.c" \
        -e 's/^    dport = opt_port(argv\[optind + 1\]);/    uint16_t last = 0; char *dash = strchr(argv[optind + 1], '"'-'"');\n    if (dash) { *dash = 0; last = opt_port(dash + 1); }\n&\n    if (!last) last = dport;/' \
        -e 's/^    fd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);/    for (;;) {\n    build_syn(seg, src, to.sin_addr, sport, dport, seq);\n&/' \
        -e 's/^        printf("%u: no answer\\n", dport);/&\n    if (dport >= last) break;\n    dport++;\n    }/')
    run -0 $AS_ROOT "$CHK" p1-3 "$prog"
    [[ $output == *"pass: 8079 closed, 8080 open, 8081 closed"* ]]
}

@test "check-lab p3-2: 07-user-space-host with a second address (written here) passes" {
    # one MAC for both; my_ip becomes whichever address was asked for
    prog=$(solve "$P3/07-user-space-host.c" \
        -e 's/^static struct in_addr my_ip;/&\nstatic struct in_addr ip1, ip2;/' \
        -e 's/^    if (optind != argc - 1 || !ifname)/    if (optind < argc - 2 || optind >= argc || !ifname)/' \
        -e 's/^    my_ip = opt_ipv4_source(argv\[optind\], "address");/&\n    ip1 = my_ip; ip2 = optind + 1 < argc ? opt_ipv4_source(argv[optind + 1], "address") : my_ip;/' \
        -e 's/memcmp(req.arp_tpa, &my_ip.s_addr, 4) != 0/(memcmp(req.arp_tpa, \&ip2.s_addr, 4) == 0 ? (my_ip = ip2, 0) : memcmp(req.arp_tpa, \&ip1.s_addr, 4) == 0 ? (my_ip = ip1, 0) : 1)/' \
        -e 's/h.daddr != my_ip.s_addr/(h.daddr == ip2.s_addr ? (my_ip = ip2, 0) : h.daddr == ip1.s_addr ? (my_ip = ip1, 0) : 1)/')
    run -0 $AS_ROOT "$CHK" p3-2 "$prog"
    [[ $output == *"pass: b's pings to 192.0.2.9 and 192.0.2.10 were both answered"* ]]
}
