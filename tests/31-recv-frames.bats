#!/usr/bin/env bats
# part3-physical/01-recv-frames: every frame of a ping across a veth pair,
# on both ends at once, against `ip link`'s MACs and tcpdump's capture of
# the same frames (bytes, canonical dump, counts per EtherType).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump ping setpriv
    PROG=$P3/01-recv-frames
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# start HOST NAME [ARGS...]: 01-recv-frames in HOST, output in $OUT.NAME,
# its pid in pid_NAME, once it is listening
start() {
    local host=$1 name=$2
    shift 2
    $AS_ROOT ip netns exec "$(ns_name "$host")" "$PROG" "$@" \
        >"$OUT.$name" 2>"$ERR.$name" 3>&- &
    printf -v "pid_$name" %s $!
    wait_for_line "$ERR.$name" 'listening on'
}

# stop NAME: Ctrl-C, which must end it at once with 0 (it got frames)
stop() {
    local p="pid_$1"
    $AS_ROOT kill -INT "${!p}"
    reap "${!p}" 3
    [ "$status" -eq 0 ]
}

# mac HOST: veth0's address as `ip link` reports it, as "% X" bytes
mac() {
    nsx "$1" ip link show veth0 | awk '/link\/ether/ { print $2 }' | tr a-f: A-F' '
}

# frames_of FILE: tcpdump's capture, one frame a line as "% X" (tcpdump -xx)
frames_of() {
    tcpdump -n -xx -r "$1" 2>/dev/null |
        awk '/^\t0x/ { for (i = 2; i <= NF; i++) printf "%s", $i; next }
             NR > 1 { print "" } END { print "" }' |
        sed '/^$/d' | tr a-f A-F | sed 's/../& /g; s/ $//'
}

# check_directions FILE OWN-MAC: every line's DIRECTION as its MACs say:
# from us outgoing; else to ff:ff:ff:ff:ff:ff broadcast; else to us host.
# Prints the lines that disagree.
check_directions() {
    awk -v own="$2" '{
        dst = $5 " " $6 " " $7 " " $8 " " $9 " " $10
        src = $11 " " $12 " " $13 " " $14 " " $15 " " $16
        want = src == own ? "outgoing" : dst == "FF FF FF FF FF FF" ? "broadcast" \
             : dst == own ? "host" : "?"
        if ($2 != want) print "want " want ": " $0
    }' "$1"
}

@test "01-recv-frames: a ping across the pair, both ends: ARP and IPv4 with ip link's MACs, directions right, bytes and counts as tcpdump's" {
    ns_pair
    A=$(mac a) B=$(mac b)
    capture_start a "$CAP"
    start a a -i veth0 -t 30
    start a ax -i veth0 -t 30 -x
    start b b -i veth0 -t 30
    # 08-promisc prints with common/link.c's frame_line(), which must stay
    # the line 01-recv-frames writes out by hand
    $AS_ROOT ip netns exec "$NS_A" "$P3/08-promisc" -i veth0 -t 30 \
        >"$OUT.promisc" 2>"$ERR.promisc" 3>&- &
    pid_promisc=$!
    wait_for_line "$ERR.promisc" 'listening on'
    nsx a ping -c 2 -i 0.2 -W 2 "$IP_B" >/dev/null
    capture_stop
    stop a
    stop ax
    stop b
    stop promisc
    cat "$OUT.a" "$OUT.b"
    diff "$OUT.a" "$OUT.promisc"
    # the ARP exchange, then the echo request, with the MACs of ip link:
    # a asks everyone (from A to FF..), b answers a alone (from B to A)
    grep -q "^veth0 outgoing 0x0806 42: FF FF FF FF FF FF $A 08 06 00 01 08 00 06 04 00 01 " "$OUT.a"
    grep -q "^veth0 broadcast 0x0806 42: FF FF FF FF FF FF $A 08 06 00 01 " "$OUT.b"
    grep -q "^veth0 outgoing 0x0806 42: $A $B 08 06 00 01 08 00 06 04 00 02 " "$OUT.b"
    grep -q "^veth0 host 0x0806 42: $A $B 08 06 " "$OUT.a"
    [ "$(grep -c "^veth0 outgoing 0x0800 98: $B $A 08 00 45 " "$OUT.a")" -eq 2 ]
    [ "$(grep -c "^veth0 host 0x0800 98: $B $A 08 00 45 " "$OUT.b")" -eq 2 ]
    [ "$(grep -c "^veth0 outgoing 0x0800 98: $A $B 08 00 45 " "$OUT.b")" -eq 2 ]
    [ "$(grep -c "^veth0 host 0x0800 98: $A $B 08 00 45 " "$OUT.a")" -eq 2 ]
    # every line's direction as its own MACs say, on both ends
    [ "$(check_directions "$OUT.a" "$A")" = "" ]
    [ "$(check_directions "$OUT.b" "$B")" = "" ]
    # the frames, byte for byte and in order, are tcpdump's (a veth changes
    # nothing in a frame: b saw the same ones)
    frames_of "$CAP" >"$BATS_TEST_TMPDIR/tcpdump"
    diff "$BATS_TEST_TMPDIR/tcpdump" <(cut -d' ' -f5- "$OUT.a")
    diff "$BATS_TEST_TMPDIR/tcpdump" <(cut -d' ' -f5- "$OUT.b")
    # LENGTH is the number of bytes on the line
    [ "$(awk '$4 != (NF - 4) ":"' "$OUT.a")" = "" ]
    # as many frames of each EtherType as tcpdump -e counts
    tcpdump -e -n -r "$CAP" 2>/dev/null >"$BATS_TEST_TMPDIR/e"
    arp=$(grep -c 'ethertype ARP (0x0806)' "$BATS_TEST_TMPDIR/e")
    ip4=$(grep -c 'ethertype IPv4 (0x0800)' "$BATS_TEST_TMPDIR/e")
    [ "$arp" -ge 2 ]
    [ "$ip4" -eq 4 ]
    [ "$(wc -l <"$BATS_TEST_TMPDIR/e")" -eq $((arp + ip4)) ]
    [ "$(grep -c ' 0x0806 ' "$OUT.a")" -eq "$arp" ]
    [ "$(grep -c ' 0x0800 ' "$OUT.a")" -eq "$ip4" ]
    [ "$(wc -l <"$OUT.a")" -eq $((arp + ip4)) ]
    # -x: tcpdump -XX's canonical dump of the same frames, line for line
    # (offset and hex; the ASCII column differs on purpose: tcpdump shows a
    # space, 0x20, as '.', we show it as a space)
    grep -q '^veth0 outgoing 0x0806 42:$' "$OUT.ax"
    diff <(tcpdump -n -XX -r "$CAP" 2>/dev/null | sed -n 's/^\t0x/0x/p' | cut -c1-48) \
         <(grep '^0x' "$OUT.ax" | cut -c1-48)
    [ "$(grep -vc '^0x' "$OUT.ax")" -eq $((arp + ip4)) ]
}

@test "01-recv-frames: without -i it hears lo too, where every frame shows twice: outgoing, then host; -i veth0 hears none of it" {
    ns_pair
    start a lo -c 4 -t 10
    start a veth -i veth0 -t 10
    nsx a ping -c 1 -W 2 127.0.0.1 >/dev/null
    reap "$pid_lo" 5
    [ "$status" -eq 0 ]
    $AS_ROOT kill -INT "$pid_veth"
    reap "$pid_veth" 3
    [ "$status" -eq 1 ]                 # bound to veth0: nothing from lo
    [ "$(wc -l <"$OUT.veth")" -eq 0 ]
    cat "$OUT.lo"
    [ "$(cut -d' ' -f1-4 "$OUT.lo" | paste -sd,)" = \
      "lo outgoing 0x0800 98:,lo host 0x0800 98:,lo outgoing 0x0800 98:,lo host 0x0800 98:" ]
    # the same bytes each time: one frame, seen leaving and arriving
    [ "$(sed -n 1p "$OUT.lo" | cut -d' ' -f5-)" = "$(sed -n 2p "$OUT.lo" | cut -d' ' -f5-)" ]
    [ "$(sed -n 3p "$OUT.lo" | cut -d' ' -f5-)" = "$(sed -n 4p "$OUT.lo" | cut -d' ' -f5-)" ]
}

@test "01-recv-frames: an 8042-byte frame (MTU 9000) prints whole, as tcpdump captured it" {
    ns_pair
    nsx a ip link set veth0 mtu 9000
    nsx b ip link set veth0 mtu 9000
    nsx a ping -c 1 -W 2 "$IP_B" >/dev/null     # ARP out of the way
    capture_start a "$CAP" icmp
    start a big -i veth0 -c 2 -t 10
    nsx a ping -c 1 -W 2 -s 8000 "$IP_B" >/dev/null
    reap "$pid_big" 5
    [ "$status" -eq 0 ]
    capture_stop
    [ "$(cut -d' ' -f2-4 "$OUT.big" | paste -sd,)" = "outgoing 0x0800 8042:,host 0x0800 8042:" ]
    diff <(frames_of "$CAP") <(cut -d' ' -f5- "$OUT.big")
}

@test "01-recv-frames -c 1 exits 0 at the first frame; -t with nothing: exit 1 in time" {
    ns_pair
    start a one -i veth0 -c 1 -t 10
    nsx b ping -c 1 -W 1 "$IP_A" >/dev/null
    reap "$pid_one" 5
    [ "$status" -eq 0 ]
    [ "$(wc -l <"$OUT.one")" -eq 1 ]
    start=$(date +%s%N)
    run --separate-stderr nsx a "$PROG" -i veth0 -t 1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$status" -eq 1 ]
    [ "$output" = "" ]
    [ "$ms" -ge 1000 ]
    [ "$ms" -lt 4000 ]
}

@test "01-recv-frames: --help exits 0; bad usage and an unknown interface exit 2; no privilege: the hint" {
    run "$PROG" --help
    [ "$status" -eq 0 ]
    [[ "$output" == usage:* ]]
    run --separate-stderr "$PROG" -q
    [ "$status" -eq 2 ]
    [[ "$stderr" == *usage:* ]]
    run "$PROG" extra
    [ "$status" -eq 2 ]
    run "$PROG" -i nosuch0
    [ "$status" -eq 2 ]
    [[ "$output" == *nosuch0* ]]
    run setpriv --reuid=nobody --regid=nogroup --clear-groups "$PROG" -t 1
    [ "$status" -eq 2 ]
    [[ "$output" == *"(EPERM)"* ]]
    [[ "$output" == *"CAP_NET_RAW"* ]]
}
