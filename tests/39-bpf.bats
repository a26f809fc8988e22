#!/usr/bin/env bats
# part3-physical/09-bpf: a hand-written classic BPF program for "icmp",
# against tcpdump's own compilation of it and tcpdump's count of the same
# traffic; PACKET_STATISTICS against the capture and the lines printed.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump ping arping strace setpriv
    PROG=$P3/09-bpf
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# lines_at_least FILE N [SECONDS=10]: wait, bounded, until FILE has N lines.
lines_at_least() {
    local i
    for ((i = 0; i < ${3:-10} * 20; i++)); do
        [ "$(wc -l <"$1")" -ge "$2" ] && return 0
        sleep 0.05
    done
    echo "lines_at_least: $(wc -l <"$1") lines in $1, wanted $2" >&2
    return 1
}

@test "09-bpf -d: byte for byte what tcpdump -dd -y EN10MB icmp prints, and needs no privilege" {
    ns_pair
    nsx a tcpdump -dd -y EN10MB -i veth0 icmp >"$BATS_TEST_TMPDIR/tcpdump.dd" 2>/dev/null
    [ "$(wc -l <"$BATS_TEST_TMPDIR/tcpdump.dd")" -eq 6 ]
    run --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROG" -d
    [ "$status" -eq 0 ]
    diff "$BATS_TEST_TMPDIR/tcpdump.dd" <(echo "$output")
}

@test "09-bpf: the filter is attached between socket(protocol 0) and bind(ETH_P_ALL) (strace)" {
    ns_pair
    nsx a strace -f -e trace=socket,setsockopt,bind -o "$BATS_TEST_TMPDIR/trace" \
        "$PROG" -i veth0 -t 0.2 >/dev/null 2>"$ERR" || true
    # the three calls, in order, with nothing between them
    grep -E '^[0-9]+ +(socket\(AF_PACKET|setsockopt|bind)' "$BATS_TEST_TMPDIR/trace" |
        sed -E 's/^[0-9]+ +//' >"$BATS_TEST_TMPDIR/calls"
    cat "$BATS_TEST_TMPDIR/calls"
    [ "$(wc -l <"$BATS_TEST_TMPDIR/calls")" -eq 3 ]
    grep -qE '^socket\(AF_PACKET, SOCK_RAW, (0|htons\(0 .*\))\) = ' <(sed -n 1p "$BATS_TEST_TMPDIR/calls")
    grep -qE '^setsockopt\([0-9]+, SOL_SOCKET, SO_ATTACH_FILTER, \{len=6,' <(sed -n 2p "$BATS_TEST_TMPDIR/calls")
    grep -qE '^bind\([0-9]+, \{sa_family=AF_PACKET, sll_protocol=htons\(ETH_P_ALL\)' <(sed -n 3p "$BATS_TEST_TMPDIR/calls")
}

@test "09-bpf: ARP, UDP and ICMP mixed: only ICMP prints, as many frames as tcpdump counts for icmp" {
    ns_pair
    capture_start a "$CAP"
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 30 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    nsx b arping -c 2 -w 3 -I veth0 "$IP_A" >/dev/null
    nsx b bash -c "echo one >/dev/udp/$IP_A/9; echo two >/dev/udp/$IP_A/9"
    nsx b ping -c 2 -i 0.2 -W 2 "$IP_A" >/dev/null
    capture_stop
    arp=$(tcpdump -n -r "$CAP" arp 2>/dev/null | wc -l)
    udp=$(tcpdump -n -r "$CAP" udp 2>/dev/null | wc -l)
    icmp=$(tcpdump -n -r "$CAP" icmp 2>/dev/null | wc -l)
    [ "$arp" -ge 4 ]            # two requests, two replies (and the kernel's own)
    [ "$udp" -eq 2 ]
    [ "$icmp" -ge 4 ]           # 2 requests, 2 replies, port unreachables for UDP
    lines_at_least "$OUT" "$icmp"
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 5
    [ "$status" -eq 0 ]
    cat "$OUT"
    [ "$(wc -l <"$OUT")" -eq "$icmp" ]
    # every line an IPv4 frame (0x0800) whose protocol byte, byte 24 of the
    # frame (field 5 + 23 of the line), is 01
    [ "$(awk '$3 != "0x0800" || $28 != "01"' "$OUT")" = "" ]
    # the frames themselves, byte for byte, are the capture's ICMP frames
    diff <(tcpdump -n -xx -r "$CAP" icmp 2>/dev/null |
               awk '/^\t0x/ { for (i = 2; i <= NF; i++) printf "%s", $i; next }
                    NR > 1 { print "" } END { print "" }' | tr a-f A-F | sed '/^$/d') \
         <(cut -d' ' -f5- "$OUT" | tr -d ' ')
    # statistics: what the filter passed, all read, none dropped
    grep -qx "$icmp packets received by filter" "$ERR"
    grep -qx "0 packets dropped by kernel" "$ERR"
}

@test "09-bpf: statistics while stopped: received = tcpdump's icmp count, lines printed = received - dropped" {
    ns_pair
    # the witness keeps up: 200 bytes a frame (a ping is 98) and 16 MB of
    # ring, or its own small ring drops frames of the flood
    capture_start a "$CAP" -s 200 -B 16384 icmp
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 60 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    $AS_ROOT kill -STOP "$pid"
    # 1000 requests and their replies while 09-bpf reads nothing: its queue
    # (net.core.rmem_default) fills and the kernel drops the rest
    nsx b ping -f -c 1000 -w 20 "$IP_A" >/dev/null
    $AS_ROOT kill -CONT "$pid"
    # a last ping with a mark: once its reply has printed, the queue is read
    nsx b ping -c 1 -W 2 -p c0ffee "$IP_A" >/dev/null
    wait_for_line "$OUT" 'outgoing 0x0800 .* C0 FF EE C0 FF EE' 10
    capture_stop
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 5
    [ "$status" -eq 0 ]
    cat "$ERR"
    grep -q '^0 packets dropped by kernel' "$CAP.err"     # tcpdump missed none
    icmp=$(tcpdump -n -r "$CAP" icmp 2>/dev/null | wc -l)
    [ "$icmp" -eq 2002 ]
    received=$(sed -n 's/^\([0-9]*\) packets received by filter$/\1/p' "$ERR")
    dropped=$(sed -n 's/^\([0-9]*\) packets dropped by kernel$/\1/p' "$ERR")
    [ "$received" -eq "$icmp" ]
    [ "$dropped" -gt 0 ]
    [ "$(wc -l <"$OUT")" -eq $((received - dropped)) ]
}

@test "09-bpf -c 2: exits 0 after two ICMP frames; -t with nothing: exits 1 in time" {
    ns_pair
    nsx a "$PROG" -i veth0 -c 2 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(wc -l <"$OUT")" -eq 2 ]
    start=$(date +%s%N)
    run nsx a "$PROG" -i veth0 -t 1
    [ "$status" -eq 1 ]
    [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 4000 ]
}

@test "09-bpf: Ctrl-C ends the wait at once and prints the statistics" {
    ns_pair
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 60 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 3
    [ "$status" -eq 1 ]
    grep -qx '0 packets received by filter' "$ERR"
}

@test "09-bpf: --help exits 0; no interface or an unknown one is a usage error (2)" {
    run "$PROG" --help
    [ "$status" -eq 0 ]
    [[ "$output" == usage:* ]]
    run "$PROG"
    [ "$status" -eq 2 ]
    run "$PROG" -i nosuch0
    [ "$status" -eq 2 ]
}
