#!/usr/bin/env bats
# part3-physical/08-promisc: promiscuity as `ip -d link` reports it, during
# and after the program; frames between two other hosts, seen on the
# bridge's own interface only while 08-promisc runs there (tcpdump -p, which
# never asks for promiscuous mode, is the witness both ways).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump ping
    PROG=$P3/08-promisc
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# promiscuity HOST IFACE: the kernel's count, from ip -d link
promiscuity() {
    nsx "$1" ip -d link show "$2" | grep -o 'promiscuity [0-9]*' | cut -d' ' -f2
}

@test "08-promisc: promiscuity 1 while it runs, 0 after it exits by its timeout" {
    ns_pair
    [ "$(promiscuity a veth0)" = 0 ]
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 2 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    [ "$(promiscuity a veth0)" = 1 ]
    # but no PROMISC among the flags: ip link shows there only what was set
    # by hand (ip link set promisc on, SIOCSIFFLAGS), not a socket's count
    nsx a ip link show veth0 >"$BATS_TEST_TMPDIR/link"
    [ "$(grep -c 'PROMISC' "$BATS_TEST_TMPDIR/link")" -eq 0 ]
    reap "$pid" 10
    [ "$status" -eq 1 ]                 # nothing on the link: nothing printed
    [ "$(promiscuity a veth0)" = 0 ]
}

@test "08-promisc: Ctrl-C ends it at once and promiscuity is 0 again; so does kill -9" {
    ns_pair
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 60 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    [ "$(promiscuity a veth0)" = 1 ]
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 3                       # promptly, not at the 60 s timeout
    [ "$status" -eq 1 ]
    [ "$(promiscuity a veth0)" = 0 ]
    # killed outright, it closes nothing itself: the kernel does
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 60 >"$OUT" 2>"$ERR.2" 3>&- &
    pid=$!
    wait_for_line "$ERR.2" 'listening on veth0'
    [ "$(promiscuity a veth0)" = 1 ]
    $AS_ROOT kill -KILL "$pid"
    reap "$pid" 3 || true
    [ "$(promiscuity a veth0)" = 0 ]
}

@test "08-promisc: two users add up: promiscuity 2, then 1, then 0" {
    ns_pair
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 60 >"$OUT" 2>"$ERR" 3>&- &
    pid1=$!
    wait_for_line "$ERR" 'listening on veth0'
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 60 >"$OUT.2" 2>"$ERR.2" 3>&- &
    pid2=$!
    wait_for_line "$ERR.2" 'listening on veth0'
    [ "$(promiscuity a veth0)" = 2 ]
    $AS_ROOT kill -INT "$pid1"
    reap "$pid1" 3 || true
    [ "$(promiscuity a veth0)" = 1 ]
    $AS_ROOT kill -INT "$pid2"
    reap "$pid2" 3 || true
    [ "$(promiscuity a veth0)" = 0 ]
}

# pings_a_to_b N: a pings b N times across the bridge
pings_a_to_b() { nsx a ping -c "$1" -i 0.2 -W 2 "$IP_B" >/dev/null; }

@test "08-promisc: a <-> b unicast through a flooding bridge: on br0 only while 08-promisc runs, as otherhost" {
    ns_segment3
    # ageing time 0: the bridge forgets every MAC at once and floods all
    # unicast to every port, as a hub would
    nsx sw ip link set br0 type bridge ageing_time 0
    pings_a_to_b 1                      # ARP done: from now on only unicast
    mac_a=$(nsx a cat /sys/class/net/veth0/address)
    mac_b=$(nsx b cat /sys/class/net/veth0/address)

    # it floods: c's port carries a's requests to b (a veth has no MAC
    # filter, so even tcpdump -p on c sees them, as otherhost)
    $AS_ROOT ip netns exec "$NS_C" tcpdump -p -n -e -i veth0 --immediate-mode \
        -c 2 icmp >"$BATS_TEST_TMPDIR/c.txt" 2>"$BATS_TEST_TMPDIR/c.err" 3>&- &
    cpid=$!
    wait_for_line "$BATS_TEST_TMPDIR/c.err" 'listening on'
    pings_a_to_b 1
    reap "$cpid" 5
    [ "$status" -eq 0 ]
    grep -q "^.*$mac_a > $mac_b, .* 192.0.2.1 > 192.0.2.2: ICMP echo request" "$BATS_TEST_TMPDIR/c.txt"

    # without promiscuity, br0 (the bridge's own interface) gets none of it
    $AS_ROOT ip netns exec "$NS_SW" tcpdump -p -n -i br0 --immediate-mode -U \
        -w "$BATS_TEST_TMPDIR/before.pcap" icmp 2>"$BATS_TEST_TMPDIR/before.err" 3>&- &
    tpid=$!
    wait_for_line "$BATS_TEST_TMPDIR/before.err" 'listening on'
    pings_a_to_b 3
    sleep 0.2
    $AS_ROOT kill -INT "$tpid"
    reap "$tpid" 5
    [ "$(tcpdump -n -r "$BATS_TEST_TMPDIR/before.pcap" 2>/dev/null | wc -l)" -eq 0 ]

    # with 08-promisc on br0: the 3 requests and 3 replies, as otherhost,
    # and tcpdump -p beside it sees them too: the interface changed, not us
    $AS_ROOT ip netns exec "$NS_SW" "$PROG" -i br0 -t 30 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on br0'
    [ "$(promiscuity sw br0)" = 1 ]
    $AS_ROOT ip netns exec "$NS_SW" tcpdump -p -n -i br0 --immediate-mode -U \
        -w "$BATS_TEST_TMPDIR/during.pcap" icmp 2>"$BATS_TEST_TMPDIR/during.err" 3>&- &
    tpid=$!
    wait_for_line "$BATS_TEST_TMPDIR/during.err" 'listening on'
    pings_a_to_b 3
    sleep 0.2
    $AS_ROOT kill -INT "$tpid"
    reap "$tpid" 5
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 5
    [ "$status" -eq 0 ]
    [ "$(tcpdump -n -r "$BATS_TEST_TMPDIR/during.pcap" 2>/dev/null | wc -l)" -eq 6 ]
    grep ' 0x0800 ' "$OUT" >"$BATS_TEST_TMPDIR/ip"
    cat "$BATS_TEST_TMPDIR/ip"
    [ "$(grep -c '^br0 otherhost 0x0800 98: ' "$BATS_TEST_TMPDIR/ip")" -eq 6 ]
    # requests from a's MAC to b's, replies from b's to a's (frame bytes 1-12)
    up() { echo "$1" | tr a-f A-F | tr ':' ' '; }
    [ "$(grep -c "^br0 otherhost 0x0800 98: $(up "$mac_b") $(up "$mac_a") " "$BATS_TEST_TMPDIR/ip")" -eq 3 ]
    [ "$(grep -c "^br0 otherhost 0x0800 98: $(up "$mac_a") $(up "$mac_b") " "$BATS_TEST_TMPDIR/ip")" -eq 3 ]
    [ "$(promiscuity sw br0)" = 0 ]
}

@test "08-promisc: --help exits 0; no interface or an unknown one is a usage error (2)" {
    run "$PROG" --help
    [ "$status" -eq 0 ]
    [[ "$output" == usage:* ]]
    run "$PROG"
    [ "$status" -eq 2 ]
    run "$PROG" -i nosuch0
    [ "$status" -eq 2 ]
}
