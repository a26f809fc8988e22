#!/usr/bin/env bats
# run.sh: alone (a flood that must not drop, or pacing: the CPUs to itself)
# part3-physical/10-ring: capture through a TPACKET_V3 ring. Witnesses: the
# receiving interface's rx_packets (what really arrived), tcpdump's count
# and bytes of the same frames, strace for the order of the calls.
# 12-blast sends to 192.0.2.9 with b's MAC: b takes the frames in and drops
# them quietly (not its address, no forwarding), so nothing answers and
# every frame on b's veth0 is one 12-blast sent.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump strace ping
    PROG=$P3/10-ring BLAST=$P3/12-blast
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

stat_of() { sed -n "s/^\([0-9]*\) $1\$/\1/p" "$ERR"; }

start_ring() {
    $AS_ROOT ip netns exec "$NS_B" "$PROG" -i veth0 "$@" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
}

stop_ring() {
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 5
    cat "$ERR"
}

@test "10-ring -h, bad usage" {
    run -0 "$PROG" -h
    [[ "$output" == usage:* ]]
    run -2 --separate-stderr "$PROG"
    [[ "$stderr" == *usage:* ]]
    run -2 --separate-stderr "$PROG" -i veth0 extra
}

@test "10-ring: socket(protocol 0), PACKET_VERSION V3, PACKET_RX_RING with its geometry, then bind(ETH_P_ALL) (strace)" {
    ns_pair
    nsx b strace -f -e trace=socket,setsockopt,bind -o "$BATS_TEST_TMPDIR/trace" \
        "$PROG" -i veth0 -q -t 0.2 >/dev/null 2>"$ERR" || true
    grep -E '^[0-9]+ +(socket\(AF_PACKET|setsockopt|bind)' "$BATS_TEST_TMPDIR/trace" |
        sed -E 's/^[0-9]+ +//' >"$BATS_TEST_TMPDIR/calls"
    cat "$BATS_TEST_TMPDIR/calls"
    [ "$(wc -l <"$BATS_TEST_TMPDIR/calls")" -eq 4 ]
    grep -qE '^socket\(AF_PACKET, SOCK_RAW, (0|htons\(0[ )])' <(sed -n 1p "$BATS_TEST_TMPDIR/calls")
    grep -qE '^setsockopt\([0-9]+, SOL_PACKET, PACKET_VERSION, \[2\], 4\) = 0' <(sed -n 2p "$BATS_TEST_TMPDIR/calls")
    grep -qE '^setsockopt\([0-9]+, SOL_PACKET, PACKET_RX_RING, .* = 0' <(sed -n 3p "$BATS_TEST_TMPDIR/calls")
    grep -qE '^bind\([0-9]+, \{sa_family=AF_PACKET, sll_protocol=htons\(ETH_P_ALL\)' <(sed -n 4p "$BATS_TEST_TMPDIR/calls")
}

@test "10-ring: frames print as 01-recv-frames prints them, byte for byte tcpdump's capture" {
    ns_pair
    capture_start b "$CAP"
    start_ring -c 6 -t 10
    nsx a ping -c 2 -i 0.2 -W 2 "$IP_B" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    cat "$OUT"
    [ "$(wc -l <"$OUT")" -eq 6 ]
    grep -q '^veth0 broadcast 0x0806 42: FF FF FF FF FF FF ' "$OUT"   # a's ARP request
    grep -q '^veth0 outgoing 0x0806 42: ' "$OUT"                      # b's reply
    grep -q '^veth0 host 0x0800 98: ' "$OUT"                          # echo requests
    grep -q '^veth0 outgoing 0x0800 98: ' "$OUT"                      # echo replies
    # the frames are the capture's first six, in order, byte for byte
    diff <(tcpdump -n -xx -r "$CAP" 2>/dev/null |
               awk '/^\t0x/ { for (i = 2; i <= NF; i++) printf "%s", $i; next }
                    NR > 1 { print "" } END { print "" }' | tr a-f A-F | sed '/^$/d' | head -6) \
         <(cut -d' ' -f5- "$OUT" | tr -d ' ')
    # -c 6 stops at six: captured 6, and the statistics as tcpdump words them
    grep -qx '6 packets captured' "$ERR"
    grep -qE '^[0-9]+ packets received by filter$' "$ERR"
    grep -qx '0 packets dropped by kernel' "$ERR"
    grep -qE '^[0-9]+ ring freezes' "$ERR"
}

@test "10-ring: captured + dropped = frames 12-blast sent (b's rx_packets) = tcpdump's count, neither dropping" {
    ns_pair
    capture_start b "$CAP" -s 128 -B 16384
    start_ring -q -t 30
    rx0=$(ns_rx b)
    # Ctrl-C the moment the last frame is sent (the shell's own kill): the
    # block the kernel is filling is not handed over yet, and must be read
    run -0 nsx a sh -c '"$0" -i veth0 -m "$1" -c 10000 -R 20000 192.0.2.9 && kill -INT "$2"' \
        "$BLAST" "$(ns_mac b)" "$pid"
    reap "$pid" 5
    cat "$ERR"
    rx=$(( $(ns_rx b) - rx0 ))
    capture_stop
    [ "$status" -eq 0 ]
    [ "$rx" -eq 10000 ]
    captured=$(stat_of 'packets captured') dropped=$(stat_of 'packets dropped by kernel')
    [ "$(stat_of 'packets received by filter')" -eq "$rx" ]
    [ "$((captured + dropped))" -eq "$rx" ]
    grep -q '^0 packets dropped by kernel' "$CAP.err"
    [ "$dropped" -eq 0 ]
    [ "$captured" -eq "$(tcpdump -n -r "$CAP" 2>/dev/null | wc -l)" ]
}

@test "10-ring stopped during a flood: the ring freezes, and captured + dropped still = frames the peer received" {
    ns_pair
    start_ring -q -t 30
    $AS_ROOT kill -STOP "$pid"
    rx0=$(ns_rx b)
    run -0 nsx a "$BLAST" -i veth0 -m "$(ns_mac b)" -c 60000 192.0.2.9
    rx=$(( $(ns_rx b) - rx0 ))
    $AS_ROOT kill -CONT "$pid"
    stop_ring
    [ "$status" -eq 0 ]
    [ "$rx" -eq 60000 ]
    captured=$(stat_of 'packets captured') dropped=$(stat_of 'packets dropped by kernel')
    [ "$dropped" -gt 0 ]
    [ "$captured" -gt 0 ]
    [ "$((captured + dropped))" -eq "$rx" ]
    [ "$(stat_of 'packets received by filter')" -eq "$rx" ]
    freezes=$(sed -n 's/^\([0-9]*\) ring freezes.*/\1/p' "$ERR")
    [ "$freezes" -ge 1 ]
}

@test "10-ring: one frame at a low rate comes out within a second (short retire timeout); -t with nothing exits 1 in time" {
    ns_pair
    mb=$(ns_mac b)
    start_ring -c 1 -t 20
    # a few hundred ms into the block's retire period (ring made at start)
    nsx a "$BLAST" -i veth0 -m "$mb" -c 1 192.0.2.9 >/dev/null
    t0=$(date +%s%N)        # the frame is on b's veth: from here to the exit
    reap "$pid" 5
    t1=$(date +%s%N)
    [ "$status" -eq 0 ]
    [ $(( (t1 - t0) / 1000000 )) -lt 1000 ]
    grep -q '^veth0 host 0x0800 64: ' "$OUT"
    t0=$(date +%s%N)
    run -1 nsx b "$PROG" -i veth0 -t 0.5
    t1=$(date +%s%N)
    [ $(( (t1 - t0) / 1000000 )) -lt 2500 ]
}
