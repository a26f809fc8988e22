#!/usr/bin/env bats
# run.sh: alone (a flood that must not drop, or pacing: the CPUs to itself)
# part3-physical/11-fanout: PACKET_FANOUT hash mode over forked workers.
# Traffic: UDP flows from a to 192.0.2.9, an address a reaches through a
# static neighbour entry with b's MAC and that b does not hold: b takes the
# frames in and drops them quietly, so every frame on b's veth0 is one a
# sent, and no ARP or ICMP frame mixes in. Witness: tcpdump on b, whose
# capture gives the number of frames and of distinct flows.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark perl
    PROG=$P3/11-fanout
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
    FLOWS=$BATS_TEST_TMPDIR/flows.pl
    # flows.pl DST N PER: N UDP sockets (N flows: one source port each, to
    # ports 9001..), PER datagrams on each, interleaved
    cat >"$FLOWS" <<'EOF'
use IO::Socket::INET;
my ($dst, $n, $per) = @ARGV;
my @s = map { IO::Socket::INET->new(PeerAddr => $dst, PeerPort => 9000 + $_,
                                    Proto => 'udp') or die "socket: $!" } 1 .. $n;
for (1 .. $per) { for my $s (@s) { $s->send("x" x 20) or die "send: $!" } }
EOF
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

quiet_pair() {
    ns_pair
    nsx a ip neigh add 192.0.2.9 lladdr "$(ns_mac b)" dev veth0
}

start_fanout() {
    $AS_ROOT ip netns exec "$NS_B" "$PROG" -i veth0 "$@" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
}

@test "11-fanout -h, bad usage" {
    run -0 "$PROG" -h
    [[ "$output" == usage:* ]]
    run -2 --separate-stderr "$PROG" -i lo
    [[ "$stderr" == *usage:* ]]
    run -2 --separate-stderr "$PROG" -i lo -j 17
    run -2 --separate-stderr "$PROG" -i lo -j 0
}

@test "11-fanout -j 2: 15 flows, each on exactly one worker; the workers' total = tcpdump's count" {
    quiet_pair
    capture_start b "$CAP" -s 128 -B 16384
    start_fanout -j 2 -t 30
    nsx a perl "$FLOWS" 192.0.2.9 15 40
    capture_stop
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 5
    [ "$status" -eq 0 ]
    cat "$OUT"
    grep -q '^0 packets dropped by kernel' "$CAP.err"
    frames=$(tcpdump -n -r "$CAP" 2>/dev/null | wc -l)
    [ "$frames" -eq 600 ]
    # the distinct flows of the capture: addresses, protocol, ports
    flows=$(tshark -r "$CAP" -n -T fields -e ip.src -e ip.dst -e ip.proto \
                -e udp.srcport -e udp.dstport 2>/dev/null | sort -u | wc -l)
    [ "$flows" -eq 15 ]
    [ "$(grep -c '^worker [01]: ' "$OUT")" -eq 2 ]
    # a flow split over two workers would be counted by both: the sum of
    # the workers' flows would pass 15 (an odd number: round robin
    # over two workers would split every flow)
    [ "$(awk '/^worker/ { f += $5 } END { print f }' "$OUT")" -eq "$flows" ]
    [ "$(awk '/^worker/ { n += $3 } END { print n }' "$OUT")" -eq "$frames" ]
    grep -qx "total: $frames frames, $flows flows" "$OUT"
    # and the kernel did spread them: both workers got some (all 15 flows
    # hashing to one of two workers: 1 chance in 16384)
    [ "$(awk '/^worker/ && $3 > 0' "$OUT" | wc -l)" -eq 2 ]
}

@test "11-fanout -j 3 -c 100: COUNT bounds the whole group, exactly 100 in all, exit 0" {
    quiet_pair
    start_fanout -j 3 -c 100 -t 20
    nsx a perl "$FLOWS" 192.0.2.9 8 50
    reap "$pid" 5
    [ "$status" -eq 0 ]
    cat "$OUT"
    [ "$(grep -c '^worker [012]: ' "$OUT")" -eq 3 ]
    grep -qE '^total: 100 frames, [0-9]+ flows$' "$OUT"
}

@test "11-fanout -t with nothing: exits 1 in time, and no worker is left behind" {
    quiet_pair
    t0=$(date +%s%N)
    run -1 --separate-stderr nsx b "$PROG" -i veth0 -j 2 -t 0.5
    t1=$(date +%s%N)
    [ $(( (t1 - t0) / 1000000 )) -lt 2500 ]
    [ "$output" = "worker 0: 0 frames, 0 flows
worker 1: 0 frames, 0 flows
total: 0 frames, 0 flows" ]
    [ "$($AS_ROOT ip netns pids "$NS_B" | wc -l)" -eq 0 ]
}
