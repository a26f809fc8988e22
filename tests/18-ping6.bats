#!/usr/bin/env bats
# part1-ip-layer/08-ping6: ICMPv6 echo on a raw AF_INET6 socket, to ::1 in
# a namespace and to a peer over veth (2001:db8::/32, RFC 3849).
# Witnesses: the kernel's counters (nstat Icmp6InEchos), the capture
# (tshark verifies the ICMPv6 checksum the kernel computed), the hop limit
# the peer really sent, and the -n bytes written out here from RFC 4443.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark od
    PROG=$P1/08-ping6
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    ns_pair ipv6
    # nodad: usable at once, no duplicate address detection to wait for
    IP6_A=2001:db8::1 IP6_B=2001:db8::2
    nsx a ip -6 addr add $IP6_A/64 dev veth0 nodad
    nsx b ip -6 addr add $IP6_B/64 dev veth0 nodad
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

@test "08-ping6 ::1 in a namespace: two replies, counted by the kernel" {
    before=$(nstat_get a Icmp6InEchos)
    run -0 --separate-stderr nsx a "$PROG" -c 2 -i 0.2 -t 2 ::1
    [ -z "$stderr" ]
    [ "${lines[0]}" = "PING ::1 (::1) 56 data bytes" ]
    [[ ${lines[1]} =~ ^"64 bytes from ::1: icmp_seq=1 ttl=64 time="[0-9]+\.[0-9]{3}" ms"$ ]]
    [[ ${lines[2]} =~ ^"64 bytes from ::1: icmp_seq=2 ttl=64 time="[0-9]+\.[0-9]{3}" ms"$ ]]
    [ "${lines[4]%%, time*}" = "2 packets transmitted, 2 received, 0% packet loss" ]
    [ "$(nstat_get a Icmp6InEchos)" -eq $((before + 2)) ]
}

@test "08-ping6 to a peer over veth: checksums good (tshark), hop limit from IPV6_HOPLIMIT" {
    nsx b sysctl -qw net.ipv6.conf.veth0.hop_limit=33   # b's replies carry 33
    before=$(nstat_get b Icmp6InEchos)
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" icmp6
    # exec: the shell's pid becomes the program's, its ICMPv6 identifier
    run -0 --separate-stderr nsx a bash -c 'echo $$; exec "$@"' - \
        "$PROG" -c 2 -i 0.2 -t 2 $IP6_B
    capture_stop
    id=$(printf 0x%04x $((${lines[0]} & 0xFFFF)))     # as tshark shows it
    [[ ${lines[2]} =~ ^"64 bytes from $IP6_B: icmp_seq=1 ttl=33 time=" ]]
    [[ ${lines[3]} =~ ^"64 bytes from $IP6_B: icmp_seq=2 ttl=33 time=" ]]
    [ "$(nstat_get b Icmp6InEchos)" -eq $((before + 2)) ]
    # we sent checksum 0; the wire has the kernel's, over the pseudo-header
    run -0 tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" \
        'icmpv6.type == 128 || icmpv6.type == 129' ipv6.src icmpv6.type \
        icmpv6.echo.identifier icmpv6.echo.sequence_number icmpv6.checksum.status
    [ "${#lines[@]}" -eq 4 ]
    [ "${lines[0]}" = "$IP6_A	128	$id	1	1" ]
    [ "${lines[1]}" = "$IP6_B	129	$id	1	1" ]
    [ "${lines[2]}" = "$IP6_A	128	$id	2	1" ]
    [ "${lines[3]}" = "$IP6_B	129	$id	2	1" ]
}

@test "08-ping6: an echo reply with another identifier is not its own (a raw socket sees every reply); the right one is" {
    nsx b sysctl -qw net.ipv6.icmp.echo_ignore_all=1     # only our fakes answer
    # started on the command itself: $! is the program's pid, its identifier
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -c 1 -t 1 $IP6_B >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    fake_icmp b $IP6_A $(((pid + 1) & 0xFFFF)):1 $(((pid + 256) & 0xFFFF)):1
    reap "$pid" 5
    [ "$status" -eq 1 ]
    grep -q '^1 packets transmitted, 0 received, 100% packet loss' "$OUT"
    # the control: the same fakes, and one with our identifier
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -c 1 -t 1 $IP6_B >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    fake_icmp b $IP6_A $(((pid + 1) & 0xFFFF)):1 $(((pid + 256) & 0xFFFF)):1 $((pid & 0xFFFF)):1
    reap "$pid" 5
    [ "$status" -eq 0 ]
    grep -qx "12 bytes from $IP6_B: icmp_seq=1 ttl=64" "$OUT"
    grep -q '^1 packets transmitted, 1 received, 0% packet loss' "$OUT"
}

@test "08-ping6 fe80::b%veth0: a link-local address keeps its zone (the interface to send on)" {
    # a second link with its own fe80::/64 route, preferred: without the
    # zone the kernel would have to guess, and v1 is the wrong guess
    nsx a ip link add v1 type veth peer name v2
    nsx a ip -6 addr add fe80::d/64 dev v1 nodad
    nsx a ip link set v2 up
    nsx a ip link set v1 up
    nsx a ip -6 route replace fe80::/64 dev v1 metric 1
    nsx a ip -6 addr add fe80::a/64 dev veth0 nodad
    nsx b ip -6 addr add fe80::b/64 dev veth0 nodad
    before=$(nstat_get b Icmp6InEchos)
    run -0 --separate-stderr nsx a "$PROG" -c 1 -t 2 fe80::b%veth0
    [ -z "$stderr" ]
    [ "${lines[0]}" = "PING fe80::b%veth0 (fe80::b) 56 data bytes" ]
    [[ ${lines[1]} =~ ^"64 bytes from fe80::b: icmp_seq=1 ttl=64 time=" ]]
    [ "$(nstat_get b Icmp6InEchos)" -eq $((before + 1)) ]
}

@test "08-ping6 -n: type 128, checksum 00 00 for the kernel, our pid, seq 1, ping's data" {
    t0=$(date +%s)
    run -0 --separate-stderr bash -c 'echo $$; exec "$@"' - "$PROG" -n 2001:db8::2
    t1=$(date +%s)
    pid=${lines[0]}
    line=${lines[1]}
    [ "$(echo "$line" | wc -w)" -eq 64 ]
    want=$(printf '80 00 00 00 %02X %02X 00 01' $(((pid >> 8) & 255)) $((pid & 255)))
    [ "$(bytes_at "$line" 1 8)" = "$want" ]
    # data: 8 bytes of send time (seconds, microseconds, big-endian), then i
    secs=$((0x$(bytes_at "$line" 9 4 | tr -d ' ')))
    usec=$((0x$(bytes_at "$line" 13 4 | tr -d ' ')))
    [ "$secs" -ge "$t0" ]
    [ "$secs" -le "$t1" ]
    [ "$usec" -lt 1000000 ]
    want=$(for ((i = 8; i < 56; i++)); do printf '%02X ' $i; done)
    [ "$(bytes_at "$line" 17 48)" = "${want% }" ]
}

@test "08-ping6: the peer ignores echoes, exit 1 and 100% packet loss" {
    nsx b sysctl -qw net.ipv6.icmp.echo_ignore_all=1
    run -1 --separate-stderr nsx a "$PROG" -c 1 -t 0.5 $IP6_B
    [ "${#lines[@]}" -eq 3 ]
    [ "${lines[2]%%, time*}" = "1 packets transmitted, 0 received, 100% packet loss" ]
}

@test "08-ping6 as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/08-ping6" -c 1 ::1
    rm -rf "$dir"
    [ "${stderr_lines[0]}" = "08-ping6: socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6): Operation not permitted (EPERM)" ]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"*"sudo ./08-ping6"* ]]
}

@test "08-ping6: bad usage exits 2, an IPv4-only name is refused" {
    run -2 --separate-stderr "$PROG"
    [[ $stderr == "08-ping6: no arguments; usage: 08-ping6 "* ]]
    run -2 --separate-stderr "$PROG" -n 192.0.2.1
    [[ ${stderr_lines[0]} == "08-ping6: bad host '192.0.2.1': "* ]]
    run -0 "$PROG" --help
    [[ ${lines[0]} == "usage: 08-ping6 "* ]]
}

@test "08-ping6: kill -INT ends it at once with ping's summary, exit 0" {
    OUT=$BATS_TEST_TMPDIR/out
    spawn a "$OUT" "$BATS_TEST_TMPDIR/err" "$PROG" -c 100 -i 1 "$IP6_B"
    interrupt_at "$SPAWN_PID" "$OUT" 'icmp_seq=2 '
    [ "$elapsed" -lt 500 ]                  # not at the next send, a second on
    [ "$status" -eq 0 ]
    grep -qx -- "--- $IP6_B ping statistics ---" "$OUT"
    grep -qx '[23] packets transmitted, [23] received, .*' "$OUT"
    grep -q '^rtt min/avg/max/mdev = ' "$OUT"
}

# fake_reply6 ID [bad]: from b to a, three ICMPv6 echo replies (id ID, seq
# 1, 4 data bytes) in an IPv6 header written here (IPPROTO_RAW), with the
# checksum over RFC 8200's pseudo-header right, or off by one.
fake_reply6() {
    nsx b perl -MSocket=:all -e '
        socket(my $s, AF_INET6, SOCK_RAW, 255) or die "socket: $!";
        my ($id, $bad, $from, $to) = @ARGV;
        my $src = inet_pton(AF_INET6, $from); my $dst = inet_pton(AF_INET6, $to);
        my $m = pack("CCnnn", 129, 0, 0, $id, 1) . "\0" x 4;
        my $sum = 0;
        $sum += $_ for unpack("n*", $src . $dst . pack("NxxxC", length $m, 58) . $m);
        $sum = ($sum >> 16) + ($sum & 0xffff) while $sum >> 16;
        $sum = ~$sum & 0xffff;
        $sum = ($sum + 1) & 0xffff if $bad;
        substr($m, 2, 2) = pack("n", $sum);
        my $ip6 = pack("NnCC", 6 << 28, length $m, 58, 64) . $src . $dst;
        for (1 .. 3) {
            send($s, $ip6 . $m, 0, pack_sockaddr_in6(0, $dst)) or die "send: $!";
            select(undef, undef, undef, 0.1);
        }' "$1" "${2:-}" "$IP6_B" "$IP6_A"
}

@test "08-ping6: a reply with a bad checksum is dropped by the kernel, never counted; a good one is" {
    OUT=$BATS_TEST_TMPDIR/out
    nsx b sysctl -qw net.ipv6.icmp.echo_ignore_all=1      # only our fakes answer
    for kind in bad good; do
        bad0=$(nstat_get a Icmp6InCsumErrors)
        # exec: the shell's pid becomes the program's, its ICMPv6 identifier
        spawn a "$OUT" "$BATS_TEST_TMPDIR/err" bash -c 'echo $$; exec "$@"' - \
            "$PROG" -c 1 -t 1 "$IP6_B"
        wait_for_line "$OUT" '^PING '
        fake_reply6 $(( $(head -1 "$OUT") & 0xFFFF )) "${kind/good/}"
        reap "$SPAWN_PID" 5
        if [ "$kind" = bad ]; then
            [ "$status" -eq 1 ]
            [ "$(nstat_get a Icmp6InCsumErrors)" -eq $((bad0 + 3)) ]
            grep -q '^1 packets transmitted, 0 received, 100% packet loss' "$OUT"
        else                                # the control: the same, summed right
            [ "$status" -eq 0 ]
            grep -qx "12 bytes from $IP6_B: icmp_seq=1 ttl=64" "$OUT"
        fi
    done
}

