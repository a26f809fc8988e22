#!/usr/bin/env bats
# part3-physical/03-cooked: a SOCK_DGRAM packet socket beside 01-recv-frames
# (SOCK_RAW) and tcpdump on the same traffic: each payload is the frame
# without its 14-byte header, the protocol and source MAC are the header's.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump ping arping
    PROG=$P3/03-cooked
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# start HOST NAME PROG [ARGS...]: PROG in HOST, output in $OUT.NAME, pid in
# pid_NAME, once it is listening
start() {
    local host=$1 name=$2
    shift 2
    $AS_ROOT ip netns exec "$(ns_name "$host")" "$@" \
        >"$OUT.$name" 2>"$ERR.$name" 3>&- &
    printf -v "pid_$name" %s $!
    wait_for_line "$ERR.$name" 'listening on'
}

stop() {
    local p="pid_$1"
    $AS_ROOT kill -INT "${!p}"
    reap "${!p}" 3
    [ "$status" -eq 0 ]
}

@test "03-cooked: each packet is 01-recv-frames' frame minus 14 bytes; protocol and source MAC are the header's (and tcpdump -e's)" {
    ns_pair
    capture_start a "$CAP"
    start a raw "$P3/01-recv-frames" -i veth0 -t 30
    start a cooked "$PROG" -i veth0 -t 30
    nsx a ping -c 2 -i 0.2 -W 2 "$IP_B" >/dev/null     # ARP from a, ICMP both ways
    nsx b arping -c 1 -w 2 -I veth0 "$IP_A" >/dev/null # ARP from b: broadcast
    capture_stop
    stop raw
    stop cooked
    cat "$OUT.cooked"
    n=$(wc -l <"$OUT.raw")
    [ "$n" -ge 8 ]
    [ "$(wc -l <"$OUT.cooked")" -eq "$n" ]
    [ "$(grep -c ' outgoing 0x0806 ' "$OUT.cooked")" -ge 1 ]
    [ "$(grep -c ' broadcast 0x0806 ' "$OUT.cooked")" -ge 1 ]
    [ "$(grep -c ' host 0x0800 ' "$OUT.cooked")" -eq 2 ]
    # 01's line turned into the line 03 must print: direction kept, the
    # EtherType as protocol, bytes 7-12 as the source MAC, 14 bytes less
    awk '{
        mac = tolower($11 ":" $12 ":" $13 ":" $14 ":" $15 ":" $16)
        printf "%s %s %s %s %d:", $1, $2, $3, mac, $4 - 14
        for (i = 19; i <= NF; i++) printf " %s", $i
        print ""
    }' "$OUT.raw" >"$BATS_TEST_TMPDIR/expected"
    diff "$BATS_TEST_TMPDIR/expected" "$OUT.cooked"
    # tcpdump -e's source MAC, EtherType and length for the same frames
    tcpdump -e -n -r "$CAP" 2>/dev/null |
        sed -E 's/^[^ ]+ ([0-9a-f:]{17}) > [0-9a-f:]{17}, ethertype [^(]*\((0x[0-9a-f]{4})\), length ([0-9]+):.*/\2 \1 \3/' |
        awk '{ print $1, $2, $3 - 14 ":" }' >"$BATS_TEST_TMPDIR/tcpdump"
    diff "$BATS_TEST_TMPDIR/tcpdump" <(cut -d' ' -f3-5 "$OUT.cooked")
}

@test "03-cooked -c 2 exits 0 after two packets; -t with nothing: exit 1 in time" {
    ns_pair
    start a two "$PROG" -i veth0 -c 2 -t 10
    nsx b ping -c 1 -W 1 "$IP_A" >/dev/null
    reap "$pid_two" 5
    [ "$status" -eq 0 ]
    [ "$(wc -l <"$OUT.two")" -eq 2 ]
    start=$(date +%s%N)
    run --separate-stderr nsx a "$PROG" -i veth0 -t 1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$status" -eq 1 ]
    [ "$output" = "" ]
    [ "$ms" -lt 4000 ]
}

@test "03-cooked: --help exits 0; bad usage and an unknown interface exit 2" {
    run "$PROG" --help
    [ "$status" -eq 0 ]
    [[ "$output" == usage:* ]]
    run "$PROG" -x
    [ "$status" -eq 2 ]
    run "$PROG" -i nosuch0
    [ "$status" -eq 2 ]
}
