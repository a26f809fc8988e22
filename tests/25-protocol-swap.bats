#!/usr/bin/env bats
# part2-link-layer/05-protocol-swap: one header, four protocols, four
# reactions of the peer's kernel. Witness: tcpdump on the peer, decoded by
# tshark (the reaction is on the wire, our packet's checksums are good).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark
    PROG=$P2/05-protocol-swap
    CAP=$BATS_TEST_TMPDIR/cap.pcap
    ns_pair
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# swap PROTO: run the program from a to b with b capturing; $output, $status
swap() {
    capture_start b "$CAP"
    run --separate-stderr nsx a "$PROG" -t 5 -p "$1" "$IP_B"
    capture_stop
}

# the line the program printed is a line of tcpdump's own decode of the
# capture (tcpdump -n -S, the time stamp cut off)
on_wire() {
    tcpdump -n -S -r "$CAP" 2>/dev/null | cut -d' ' -f2- | grep -qxF "IP $output"
}

@test "05-protocol-swap -n: one header; only length, protocol, checksum change" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    for p in icmp udp tcp 253; do
        nsx a setpriv --reuid=nobody --regid=nogroup --clear-groups \
            "$dir/05-protocol-swap" -n -p $p "$IP_B" >"$BATS_TEST_TMPDIR/$p"
    done
    rm -rf "$dir"
    # bytes 1-2, 5-9 and 13-20 of the header are the same in all four
    for p in icmp udp tcp 253; do
        l=$(cat "$BATS_TEST_TMPDIR/$p")
        echo "$(bytes_at "$l" 1 2) $(bytes_at "$l" 5 5) $(bytes_at "$l" 13 8)"
    done | sort -u >"$BATS_TEST_TMPDIR/same"
    [ "$(wc -l <"$BATS_TEST_TMPDIR/same")" -eq 1 ]
    [ "$(cat "$BATS_TEST_TMPDIR/same")" = "45 00 05 05 00 00 40 C0 00 02 01 C0 00 02 02" ]
    for p in icmp:01 udp:11 tcp:06 253:FD; do
        [ "$(bytes_at "$(cat "$BATS_TEST_TMPDIR/${p%:*}")" 10 1)" = "${p#*:}" ]
    done
    # the UDP packet, whole, computed here from RFC 791 and RFC 768:
    # ports 40000 (9C 40) -> 33434 (82 9A), length 10, data C0 DE
    ip=$(inet_csum 45 00 00 1E 05 05 00 00 40 11 00 00 C0 00 02 01 C0 00 02 02)
    udp=$(inet_csum C0 00 02 01 C0 00 02 02 00 11 00 0A \
                    9C 40 82 9A 00 0A 00 00 C0 DE)    # pseudo-header + datagram
    [ "$(cat "$BATS_TEST_TMPDIR/udp")" = "45 00 00 1E 05 05 00 00 40 11 $ip C0 00 02 01 C0 00 02 02 9C 40 82 9A 00 0A $udp C0 DE" ]
}

@test "05-protocol-swap -p icmp: an echo reply, on the wire too" {
    swap icmp
    [ "$status" -eq 0 ]
    [ "$output" = "$IP_B > $IP_A: ICMP echo reply, id 1285, seq 1, length 10" ]
    on_wire
    [ "$(tshark_fields "$CAP" "icmp.type == 8" ip.checksum.status icmp.checksum.status |
        tr '\t' ' ')" = "1 1" ]
    [ "$(tshark_fields "$CAP" "ip.src == $IP_B && icmp.type == 0" icmp.ident icmp.seq |
        tr '\t' ' ')" = "1285 1" ]
}

@test "05-protocol-swap -p udp: ICMP port unreachable, on the wire too" {
    swap udp
    [ "$status" -eq 0 ]
    [ "$output" = "$IP_B > $IP_A: ICMP $IP_B udp port 33434 unreachable, length 38" ]
    on_wire
    [ "$(tshark_fields "$CAP" "!icmp && udp" ip.checksum.status \
        udp.checksum.status | tr '\t' ' ')" = "1 1" ]
    # the error quotes our header (its id, the second ip.id) and our port
    [[ $(tshark_fields "$CAP" "ip.src == $IP_B && icmp.type == 3 && icmp.code == 3" \
        udp.dstport ip.id | tr '\t' ' ') == "33434 0x"*",0x0505" ]]
}

@test "05-protocol-swap -p tcp: a RST to the SYN, on the wire too" {
    swap tcp
    [ "$status" -eq 0 ]
    [ "$output" = "$IP_B.33434 > $IP_A.40000: Flags [R.], seq 0, ack 16909061, win 0, length 0" ]
    on_wire
    [ "$(tshark_fields "$CAP" "ip.src == $IP_A && tcp.flags.syn == 1" \
        ip.checksum.status tcp.checksum.status | tr '\t' ' ')" = "1 1" ]
    [ "$(tshark_fields "$CAP" "ip.src == $IP_B && tcp.flags.reset == 1" \
        tcp.srcport tcp.dstport tcp.ack_raw | tr '\t' ' ')" = "33434 40000 16909061" ]
}

@test "05-protocol-swap -p 253: ICMP protocol unreachable, on the wire too" {
    swap 253
    [ "$status" -eq 0 ]
    [ "$output" = "$IP_B > $IP_A: ICMP $IP_B protocol 253 unreachable, length 30" ]
    on_wire
    [ "$(tshark_fields "$CAP" "!icmp && ip.proto == 253" ip.checksum.status)" = 1 ]
    [ "$(tshark_fields "$CAP" "ip.src == $IP_B && icmp.type == 3 && icmp.code == 2" \
        ip.proto | tr ',' ' ')" = "1 253" ]
}

@test "05-protocol-swap -p 253: the errors other packets earn are passed over; the quoted id is ours" {
    require_cmd perl
    # b answers every packet (no ICMP rate limits), and a perl raw socket on
    # a floods b with 4-byte protocol-253 packets whose header the kernel
    # writes: b's protocol unreachables for them reach our ICMP socket too
    nsx b sysctl -qw net.ipv4.icmp_ratelimit=0 net.ipv4.icmp_ratemask=0
    nsx a perl -MSocket -e '
        socket(my $s, AF_INET, SOCK_RAW, 253) or die "socket: $!";
        my ($to, $end, $n) = (pack_sockaddr_in(0, inet_aton($ARGV[0])), time + 10, 0);
        $| = 1;
        while (time < $end) { send($s, "nois", 0, $to); print "flooding\n" if ++$n == 100 }
    ' "$IP_B" >"$BATS_TEST_TMPDIR/noise" 2>&1 3>&- &
    npid=$!
    wait_for_line "$BATS_TEST_TMPDIR/noise" flooding
    n0=$(nstat_get a IcmpInDestUnreachs)
    run -0 --separate-stderr nsx a "$PROG" -t 5 -p 253 "$IP_B"
    n1=$(nstat_get a IcmpInDestUnreachs) out=$output
    $AS_ROOT kill "$npid" 2>/dev/null; reap "$npid" 5 || true
    output=$out
    [ $((n1 - n0)) -gt 10 ]                  # the noise was there meanwhile
    # ours quotes 20 + 2 bytes (length 30); the noise's 20 + 4 (length 32)
    [ "$output" = "$IP_B > $IP_A: ICMP $IP_B protocol 253 unreachable, length 30" ]
}

@test "05-protocol-swap: no answer (a host that is not there), exit 1" {
    run -1 --separate-stderr nsx a "$PROG" -t 1 -p udp 192.0.2.9
    [ -z "$output" ]
    [ "${stderr_lines[1]}" = "05-protocol-swap: no reaction within the timeout" ]
}

@test "05-protocol-swap without -p: usage, exit 2" {
    run -2 --separate-stderr "$PROG" "$IP_B"
    [[ $stderr == "05-protocol-swap: missing option -p; usage: 05-protocol-swap -p icmp|udp|tcp|253"* ]]
}

# answer_malformed HOST PEER: on HOST, a perl raw socket waits (10 s at
# most) for 05-protocol-swap's SYN from PEER, then sends PEER packets whose
# IPv4 header the kernel writes (good) and whose payload is not: ICMP errors
# quoting 12 bytes and a version-6 header, TCP of 10 bytes; then the RST the
# program waits for. (ICMP shorter than its 8-byte header is not among them:
# the kernel hands a raw ICMP socket none, its ICMP_FILTER reads the type
# first.) A TCP listener on port 33434 keeps HOST's kernel from sending its
# own RST first. "ready" on stdout once its sockets are open.
answer_malformed() {
    nsx "$1" perl -MSocket -e '
        my ($peer) = @ARGV;
        socket(my $icmp, PF_INET, SOCK_RAW, 1) or die "socket: $!";
        socket(my $tcp, PF_INET, SOCK_RAW, 6) or die "socket: $!";
        socket(my $l, PF_INET, SOCK_STREAM, 6) or die "socket: $!";
        setsockopt($l, SOL_SOCKET, SO_REUSEADDR, 1) or die "setsockopt: $!";
        bind($l, pack_sockaddr_in(33434, INADDR_ANY)) or die "bind: $!";
        listen($l, 5) or die "listen: $!";
        $| = 1;
        print "ready\n";
        alarm 10;
        my ($seq, $me);
        until (defined $seq) {              # the SYN: flags 02, to 33434
            defined recv($tcp, my $p, 65535, 0) or die "recv: $!";
            my $hl = (unpack("C", $p) & 15) * 4;
            my (undef, $dport, $s, undef, undef, $fl) = unpack("n n N N C C", substr($p, $hl));
            ($seq, $me) = ($s, substr($p, 16, 4)) if $dport == 33434 && ($fl & 0x12) == 0x02;
        }
        my $to = pack_sockaddr_in(0, inet_aton($peer));
        send($icmp, "\x03\x02\0\0\0\0\0\0" . "\x45" . "\0" x 11, 0, $to) or die "send: $!";
        send($icmp, "\x03\x02\0\0\0\0\0\0" . "\x65" . "\0" x 27, 0, $to) or die "send: $!";
        send($tcp, pack("n n N", 33434, 40000, 0) . "\0\0", 0, $to) or die "send: $!";
        # RST+ACK from 33434 to 40000, acknowledging the SYN; its checksum
        # over the pseudo-header (our address, the peer, 0, 6, 20)
        my $rst = pack("n n N N C C n n n", 33434, 40000, 0, ($seq + 1) % 2**32, 0x50, 0x14, 0, 0, 0);
        my $x = 0;
        $x += $_ for unpack("n*", $me . inet_aton($peer) . pack("C C n", 0, 6, 20) . $rst);
        $x = ($x >> 16) + ($x & 0xffff) while $x >> 16;
        substr($rst, 16, 2) = pack("n", ~$x & 0xffff);
        send($tcp, $rst, 0, $to) or die "send: $!";
    ' "$2"
}

@test "05-protocol-swap: packets cut short or quoting no IPv4 header are reported and skipped; the RST after them still ends it" {
    require_cmd perl
    local out=$BATS_TEST_TMPDIR/answer
    answer_malformed b "$IP_A" >"$out" 2>&1 3>&- &
    apid=$!
    wait_for_line "$out" ready
    run --separate-stderr nsx a "$PROG" -t 5 -p tcp "$IP_B"
    reap "$apid" 5
    echo "$stderr"
    [ "$status" -eq 0 ]
    [ "$output" = "$IP_B.33434 > $IP_A.40000: Flags [R.], seq 0, ack 16909061, win 0, length 0" ]
    [ "${#stderr_lines[@]}" -eq 4 ]
    [ "${stderr_lines[1]}" = "05-protocol-swap: skipped a packet of 40 bytes: ICMP error quoting less than an IPv4 header (20 bytes)" ]
    [ "${stderr_lines[2]}" = "05-protocol-swap: skipped a packet of 56 bytes: ICMP error quoting a header that is not IPv4" ]
    [ "${stderr_lines[3]}" = "05-protocol-swap: skipped a packet of 30 bytes: TCP segment shorter than its header (20 bytes)" ]
}
