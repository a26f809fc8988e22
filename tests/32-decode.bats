#!/usr/bin/env bats
# part3-physical/02-decode: every line equal to what tcpdump -t -n -e
# prints for the same frame (tcpdump 4.99 is the witness), on captures
# made here: real traffic between two namespaces (ARP, ping, a TCP
# handshake with options and its close, UDP, IPv6 ping and neighbour
# discovery, MLDv2, fragments both IP versions), the same cut to 60 bytes
# (tcpdump -s 60), and frames written by hand (tests/helpers/frames.pl:
# 802.1Q and QinQ tags, padded ARP, an unknown EtherType, a router
# advertisement, frames cut inside every header, raw IP and Linux cooked
# files). Live: -w gives a file tcpdump and tshark read as the witness
# capture; a tagged frame the kernel untags on receive prints its tag.

setup() {
    load helpers/common
    load helpers/netns
    PROG=$P3/02-decode
    FRAMES=$TOP/tests/helpers/frames.pl
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() {
    ns_cleanup
    [ -z "${NOBODY_DIR:-}" ] || rm -rf "$NOBODY_DIR"
}
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# same_as_tcpdump FILE: 02-decode -r FILE, line for line tcpdump -t -n -e -r
same_as_tcpdump() {
    tcpdump -t -n -e -r "$1" >"$1.tcpdump" 2>/dev/null
    "$PROG" -r "$1" >"$1.ours"
    [ -s "$1.tcpdump" ]
    diff "$1.tcpdump" "$1.ours"
}

@test "02-decode: --help, bad usage, a file that is not pcap (exit 2), -c on a file" {
    run -0 "$PROG" --help
    [[ "$output" == usage:* ]]
    run -2 --separate-stderr "$PROG" -x
    [[ "$stderr" == *usage:* ]]
    run -2 --separate-stderr "$PROG" -i lo -r /dev/null
    [[ "$stderr" == *usage:* ]]
    echo 'not a capture, just text' >"$BATS_TEST_TMPDIR/text"
    run -2 --separate-stderr "$PROG" -r "$BATS_TEST_TMPDIR/text"
    [[ "$stderr" == *"not a pcap file"* ]]
    require_cmd perl
    perl "$FRAMES" pcap "$BATS_TEST_TMPDIR/c.pcap"
    run -0 "$PROG" -c 3 -r "$BATS_TEST_TMPDIR/c.pcap"
    [ "${#lines[@]}" -eq 3 ]
}

@test "02-decode: hand-made frames (VLAN, QinQ, ARP, RA, unknown types, cut short) as tcpdump prints them" {
    require_cmd tcpdump perl
    perl "$FRAMES" pcap "$BATS_TEST_TMPDIR/eth.pcap"
    perl "$FRAMES" rawip "$BATS_TEST_TMPDIR/raw.pcap"
    perl "$FRAMES" sll "$BATS_TEST_TMPDIR/sll.pcap"
    same_as_tcpdump "$BATS_TEST_TMPDIR/eth.pcap"
    same_as_tcpdump "$BATS_TEST_TMPDIR/raw.pcap"
    same_as_tcpdump "$BATS_TEST_TMPDIR/sll.pcap"
    # what the frames are there to cover, so a frames.pl that lost one fails
    f=$BATS_TEST_TMPDIR/eth.pcap.ours
    grep -q 'ethertype 802.1Q (0x8100), length 46: vlan 5, p 0, ethertype ARP (0x0806), Request who-has' "$f"
    grep -q 'vlan 10, p 5, ethertype IPv4 (0x0800), 192.0.2.1 > 192.0.2.2: ICMP echo request' "$f"
    grep -q 'vlan 0, p 0, DEI, ethertype IPv6' "$f"
    grep -q 'ethertype 802.1Q-QinQ (0x88a8), length 55: vlan 100, p 0, ethertype 802.1Q (0x8100), vlan 200, p 0, ethertype IPv4' "$f"
    grep -q 'ethertype ARP (0x0806), length 60: Request who-has 192.0.2.2 tell 192.0.2.1, length 46' "$f"
    grep -q 'ICMP6, router advertisement, length 24' "$f"
    grep -q 'ethertype Unknown (0x88b5), length 60: $' "$f"
    grep -q '^	0x0000:  6f75 7220 6f77 6e20 7072 6f74 6f63 6f6c  our.own.protocol$' "$f"
    grep -q ':  ip-proto-253 6$' "$f"
    grep -q 'truncated-ip - 14 bytes missing! 192.0.2.1.40003 > 192.0.2.2.40004:  \[|tcp\]$' "$f"
    grep -q 'length 34:  \[|arp\]$' "$f"
    grep -q ',  \[|vlan\]$' "$f"
    grep -qx ' \[|ether\]' "$f"
    grep -q 'length 44:  \[|ip6\]$' "$f"
    grep -q 'ICMP6, time exceeded in-transit for fe80::4a:ff:fe00:2, length 56$' "$f"
    grep -q 'ICMP6, multicast listener query v2 \[gaddr ::\], length 28$' "$f"
    grep -q 'ICMP6, destination unreachable, unreachable port, fe80::4a:ff:fe00:2 udp port 40002, length 56$' "$f"
    grep -q '^	0x0000:  fa00 0000 0000 0000$' "$f"        # an unknown type's bytes
    grep -q 'DSTOPT 40003 > 40004: Flags \[S\]' "$f"
    grep -q '40004:  tcp 4 \[bad hdr length 16 - too short, < 20\]$' "$f"
    grep -q 'options \[nop,nop,sackOK,\[bad opt\]\]$' "$f"
    grep -q 'UDP, bad length 192 > 1$' "$f"
    grep -q 'Reverse Request who-is 02:4a:00:00:00:02 tell 02:4a:00:00:00:01, length 28$' "$f"
    grep -q '^ In 02:4a:00:00:00:01 ethertype IPv6 (0x86dd), length 64: .* router solicitation, length 8$' \
        "$BATS_TEST_TMPDIR/sll.pcap.ours"
}

@test "02-decode: real traffic, whole and cut to 60 bytes, line for line as tcpdump -t -n -e" {
    require_root
    require_cmd tcpdump ping nc
    ns_pair ipv6
    # b at once usable: no solicitation delay, no duplicate address wait
    nsx b sysctl -qw net.ipv6.conf.veth0.router_solicitation_delay=0 \
        net.ipv6.conf.veth0.accept_dad=0
    full=$BATS_TEST_TMPDIR/full.pcap short=$BATS_TEST_TMPDIR/short.pcap
    capture_start a "$full"
    pid_full=$CAP_PID
    capture_start a "$short" -s 60
    # b's veth down and up: its MLDv2 reports and router solicitation
    nsx b ip link set veth0 down
    nsx b ip link set veth0 up
    nsx a ping -c 1 -W 2 "$IP_B" >/dev/null
    nsx a ping -c 1 -W 2 -s 3000 "$IP_B" >/dev/null         # fragments
    b6=$(nsx b ip -6 addr show dev veth0 scope link | awk '/inet6/ {print $2}' | cut -d/ -f1)
    for i in $(seq 50); do                  # b's link-local address, usable
        nsx a ping -6 -c 1 -W 1 "$b6%veth0" >/dev/null 2>&1 && break
        sleep 0.1
    done
    nsx a ping -6 -c 1 -W 2 -s 3000 "$b6%veth0" >/dev/null  # IPv6 fragments
    # TCP: handshake with options, 6 bytes, close; UDP both versions.
    # Ports tcpdump decodes nothing on (DESIGN: 02-decode stops at transport)
    nsx b timeout 5 nc -l 40002 >/dev/null 3>&- &
    lpid=$!
    for i in $(seq 50); do
        nsx b ss -ltn | grep -q ':40002 ' && break
        sleep 0.05
    done
    echo hello | nsx a nc -N -w 2 -p 40001 "$IP_B" 40002
    reap "$lpid" 5 || true
    echo hello | nsx a nc -u -w 0 -p 40003 "$IP_B" 40004
    echo hello | nsx a nc -6 -u -w 0 -p 40003 "$b6%veth0" 40004
    capture_stop
    CAP_PID=$pid_full capture_stop
    same_as_tcpdump "$full"
    same_as_tcpdump "$short"
    f=$full.ours s=$short.ours
    grep -q 'Request who-has 192.0.2.2 tell 192.0.2.1, length 28' "$f"
    grep -q 'is-at' "$f"
    grep -q 'HBH ICMP6, multicast listener report v2, [0-9]* group record(s)' "$f"
    grep -q 'ICMP6, neighbor solicitation, who has' "$f"
    grep -q 'ICMP6, neighbor advertisement, tgt is' "$f"
    grep -q 'ICMP6, echo reply, id [0-9]*, seq 1, length 64' "$f"
    grep -q 'frag (0|1448) ICMP6, echo request' "$f"
    grep -q 'frag (1448|1448)$' "$f"
    grep -q 'ICMP echo request, id [0-9]*, seq 1, length 1480' "$f"
    grep -q '192.0.2.1 > 192.0.2.2: ip-proto-1$' "$f"
    grep -q "Flags \[S\], seq [0-9]*, win [0-9]*, options \[mss 1460,sackOK,TS val [0-9]* ecr 0,nop,wscale [0-9]*\], length 0" "$f"
    grep -q 'Flags \[P\.\], seq 1:7, ack 1, win' "$f"      # relative numbers
    grep -q 'Flags \[F\.\], seq 7, ack 1, win' "$f"
    grep -q '192.0.2.1.40003 > 192.0.2.2.40004: UDP, length 6' "$f"
    grep -q "\.40003 > fe80::.*\.40004: UDP, length 6" "$f"
    # and cut to 60 bytes, tcpdump's marks where the capture ends
    grep -q 'Flags \[S\], seq [0-9]*, win [0-9]*, options \[mss 1460,.* \[|tcp\]$' "$s"
    grep -q 'options \[nop,nop,TS \[|tcp\]>$' "$s"
    grep -q ':  \[|hbhopt\]$' "$s"
    grep -q 'ICMP6, echo request \[|icmp6\]$' "$s"
    grep -q 'ICMP echo request, id [0-9]*, seq 1, length 64' "$s"
}

@test "02-decode: live -w file equals tcpdump's capture; a tag the kernel took out is put back" {
    require_root
    require_cmd tcpdump tshark perl ping
    ns_pair
    mine=$BATS_TEST_TMPDIR/mine.pcap witness=$BATS_TEST_TMPDIR/witness.pcap
    capture_start a "$witness"
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -c 7 -t 10 -w "$mine" \
        >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    ma=$(nsx a cat /sys/class/net/veth0/address | tr -d :)
    mb=$(nsx b cat /sys/class/net/veth0/address | tr -d :)
    arp=08060001080006040001${mb}c0000202000000000000c0000201
    nsx a ping -c 1 -W 2 "$IP_B" >/dev/null         # ARP both ways, echo both ways
    # from b, tagged by hand: VLAN 5 priority 5, an 802.1ad tag (TPID
    # 0x88a8, VLAN 7), VLAN 0 (TCI 0: a valid tag, "priority tagged"). a's
    # kernel has no VLAN interface; it answers the last one alone (VLAN 0
    # counts as untagged), after the 7 frames counted here
    nsx b perl "$FRAMES" send veth0 "${ma}${mb}8100a005${arp}" "${ma}${mb}88a80007${arp}" \
        "${ma}${mb}81000000${arp}"
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    [ "$(wc -l <"$OUT")" -eq 7 ]
    grep -q 'ethertype 802.1Q (0x8100), length 46: vlan 5, p 5, ethertype ARP (0x0806), Request who-has 192.0.2.1 tell 192.0.2.2, length 28' "$OUT"
    grep -q 'ethertype 802.1Q (0x8100), length 46: vlan 0, p 0, ethertype ARP (0x0806), Request who-has 192.0.2.1 tell 192.0.2.2, length 28' "$OUT"
    grep -q 'ethertype 802.1Q-QinQ (0x88a8), length 46: vlan 7, p 0, ethertype ARP (0x0806), Request who-has' "$OUT"
    # what it printed live is what tcpdump prints from the file it wrote
    diff <(tcpdump -t -n -e -r "$mine" 2>/dev/null) "$OUT"
    # the file: tshark reads 7 frames, and they are tcpdump's own, byte for byte
    tshark -r "$mine" -T fields -e frame.len -e vlan.id -e vlan.priority \
        -e arp.src.proto_ipv4 >"$BATS_TEST_TMPDIR/tshark" 2>/dev/null
    [ "$(wc -l <"$BATS_TEST_TMPDIR/tshark")" -eq 7 ]
    grep -qx $'46\t5\t5\t192.0.2.2' "$BATS_TEST_TMPDIR/tshark"
    grep -qx $'46\t0\t0\t192.0.2.2' "$BATS_TEST_TMPDIR/tshark"
    diff <(tcpdump -r "$witness" -c 7 -t -x 2>/dev/null) <(tcpdump -r "$mine" -t -x 2>/dev/null)
}

@test "02-decode: nothing on the link: exit 1 at the timeout or on Ctrl-C; root given up before -w opens its file" {
    require_root
    ns_pair
    # a directory the user can reach (bats' own is root's alone)
    NOBODY_DIR=$(mktemp -d /tmp/rawt-decode.XXXXXX)
    dir=$NOBODY_DIR
    chmod 0777 "$dir"
    # as sudo leaves it: SUDO_UID and SUDO_GID say whom to become
    $AS_ROOT env SUDO_UID=65534 SUDO_GID=65534 ip netns exec "$NS_A" \
        "$PROG" -i veth0 -t 1 -w "$dir/cap.pcap" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on veth0'
    uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")
    reap "$pid" 5
    [ "$status" -eq 1 ]
    [ ! -s "$OUT" ]
    [ "$uids" = "65534 65534 65534 65534" ]
    [ "$(stat -c %u "$dir/cap.pcap")" = 65534 ]     # made by the user, not root
    [ "$(stat -c %s "$dir/cap.pcap")" = 24 ]        # a pcap header, no frame
    # Ctrl-C ends the wait at once, not at the 30 s timeout
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -t 30 >"$OUT" 2>"$ERR.2" 3>&- &
    pid=$!
    wait_for_line "$ERR.2" 'listening on veth0'
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 3
    [ "$status" -eq 1 ]
}
