#!/usr/bin/env bats
# part3-physical/04-arping: an ARP request built by hand. Witnesses: the
# peer's kernel (it answers, and learns our MAC and address from the
# request), `ip link` on the peer, iputils arping (same answer, same
# lines), tcpdump + tshark (a well-formed 60-byte ARP request).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark arping setpriv
    PROG=$P3/04-arping
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
    ns_pair
    MAC_A=$(nsx a ip -br link show veth0 | awk '{print $3}')
    MAC_B=$(nsx b ip -br link show veth0 | awk '{print $3}')
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# times out: "0.052ms" -> "Tms", so two runs can be compared line by line
no_times() { sed -E 's/  [0-9]+\.[0-9]{3}ms$/  Tms/'; }

@test "04-arping: b's MAC as ip link shows it, the lines iputils arping -b prints, b's kernel learns us" {
    [ -z "$(nsx b ip neigh show "$IP_A")" ]
    run -0 --separate-stderr nsx a "$PROG" -i veth0 -c 2 "$IP_B"
    [[ ${lines[1]} =~ \ \ [0-9]+\.[0-9]{3}ms$ ]]
    ours=$(no_times <<<"$output")
    # iputils arping, always broadcasting as we do (-b): the same lines
    run -0 nsx a arping -b -c 2 -I veth0 "$IP_B"
    [ "$(no_times <<<"$output")" = "$ours" ]
    [ "$ours" = "ARPING $IP_B from $IP_A veth0
Unicast reply from $IP_B [${MAC_B^^}]  Tms
Unicast reply from $IP_B [${MAC_B^^}]  Tms
Sent 2 probes (2 broadcast(s))
Received 2 response(s)" ]
    # b's kernel took our sender fields as a's MAC and address
    nsx b ip neigh show "$IP_A" | grep -q "lladdr $MAC_A "
}

@test "04-arping: the request on the wire is a well-formed ARP request, 60 bytes, as tshark decodes it" {
    capture_start b "$CAP" arp
    run -0 nsx a "$PROG" -i veth0 -c 1 "$IP_B"
    capture_stop
    # one line a frame, request then b's answer; the last two fields are
    # tshark's marks for a malformed frame or a warning: none
    run tshark_fields "$CAP" arp frame.len eth.dst eth.src eth.type \
        arp.hw.type arp.proto.type arp.hw.size arp.proto.size arp.opcode \
        arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4 eth.padding \
        _ws.malformed _ws.expert.severity
    [ "${#lines[@]}" -eq 2 ]
    [ "${lines[0]}" = "$(printf '%s\t' 60 ff:ff:ff:ff:ff:ff "$MAC_A" 0x0806 1 0x0800 6 4 1 \
        "$MAC_A" "$IP_A" 00:00:00:00:00:00 "$IP_B" "$(printf '00%.0s' {1..18})" '')" ]
    # b's kernel answered it, unpadded: 42 bytes
    [ "${lines[1]}" = "$(printf '%s\t' 42 "$MAC_A" "$MAC_B" 0x0806 1 0x0800 6 4 2 \
        "$MAC_B" "$IP_B" "$MAC_A" "$IP_A" '' '')" ]
}

@test "04-arping: an address nobody holds: no reply line, exit 1 within the timeout" {
    start=$(date +%s%N)
    run -1 --separate-stderr nsx a "$PROG" -i veth0 -c 10 -t 1.5 192.0.2.77
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$ms" -ge 1400 ]
    [ "$ms" -lt 4000 ]
    [ "$output" = "ARPING 192.0.2.77 from $IP_A veth0
Sent 2 probes (2 broadcast(s))
Received 0 response(s)" ]
    # without -t: COUNT requests a second apart, then the summary
    start=$(date +%s%N)
    run -1 nsx a "$PROG" -i veth0 -c 1 192.0.2.77
    [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 3500 ]
    [ "${lines[1]}" = "Sent 1 probes (1 broadcast(s))" ]
}

@test "04-arping -n: the 60 bytes the test computes, printed as nobody (no privilege)" {
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -0 --separate-stderr nsx a setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/04-arping" -n -i veth0 "$IP_B"
    mac=$(tr 'a-f:' 'A-F ' <<<"$MAC_A")
    ip_hex() { printf '%02X %02X %02X %02X' ${1//./ }; }
    want="FF FF FF FF FF FF $mac 08 06"                   # Ethernet: broadcast, us, ARP
    want+=" 00 01 08 00 06 04 00 01"                      # Ethernet/IPv4, 6/4, request
    want+=" $mac $(ip_hex $IP_A) 00 00 00 00 00 00 $(ip_hex $IP_B)"
    want+=$(printf ' 00%.0s' {1..18})                      # padding to 60
    [ "$output" = "$want" ]
    # the privileged path, as nobody: EPERM and the hint
    run -2 --separate-stderr nsx a setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/04-arping" -c 1 -i veth0 "$IP_B"
    rm -rf "$dir"
    [ "${stderr_lines[0]}" = "04-arping: socket(AF_PACKET, SOCK_RAW, 0): Operation not permitted (EPERM)" ]
    [[ ${stderr_lines[1]} == *CAP_NET_RAW* ]]
}

@test "04-arping: Ctrl-C ends it at once with the summary" {
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -c 100 "$IP_B" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$OUT" 'Unicast reply'
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 2
    [ "$status" -eq 0 ]
    [[ $(tail -1 "$OUT") =~ ^Received\ [1-9][0-9]*\ response\(s\)$ ]]
}

@test "04-arping: --help exits 0; bad usage and an interface without IPv4 exit 2" {
    run -0 "$PROG" --help
    [[ $output == usage:* ]]
    run -2 --separate-stderr "$PROG" "$IP_B"
    [ "$stderr" = "04-arping: missing option -i; usage: 04-arping -i IFACE [-c COUNT] [-t SECONDS] [-n] IP" ]
    run -2 --separate-stderr nsx a "$PROG" -i veth0
    run -2 --separate-stderr nsx a "$PROG" -i veth0 -c 0 "$IP_B"
    run -2 --separate-stderr nsx a "$PROG" -i nosuch0 "$IP_B"
    run -2 --separate-stderr nsx a "$PROG" -i veth0 -n not.an.address.invalid
    nsx a ip addr flush dev veth0
    run -2 --separate-stderr nsx a "$PROG" -n -i veth0 "$IP_B"
    [[ $stderr == "04-arping: veth0 has no IPv4 address (ioctl(SIOCGIFADDR): Cannot assign requested address)" ]]
}

# arp_frame ETH-DST OP SHA SPA THA TPA: an ARP frame from b, hex, padded
arp_frame() {
    printf '%s%s0806000108000604%04x%s%s%s%s%036d' "$(hexmac "$1")" "$(hexmac "$MAC_B")" \
        "$2" "$(hexmac "$3")" "$(hexip "$4")" "$(hexmac "$5")" "$(hexip "$6")" 0
}
hexmac() { tr -d ':' <<<"$1"; }
hexip() { printf '%02x%02x%02x%02x' ${1//./ }; }

@test "04-arping: only the target's reply to us counts; a broadcast reply prints as arping's" {
    x=02:00:00:00:00:77 t=192.0.2.77
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -c 30 -t 30 "$t" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$OUT" '^ARPING'
    # five wrong answers, then two right ones: to us, and to everyone
    send_frames b 1 \
        "$(arp_frame "$MAC_A" 2 $x $t "$MAC_A" 192.0.2.99)" \
        "$(arp_frame "$MAC_A" 2 $x 192.0.2.78 "$MAC_A" "$IP_A")" \
        "$(arp_frame "$MAC_A" 2 $x $t 02:00:00:00:00:01 "$IP_A")" \
        "$(arp_frame "$MAC_A" 1 $x $t "$MAC_A" "$IP_A")" \
        "$(arp_frame 02:00:00:00:00:01 2 $x $t "$MAC_A" "$IP_A")" \
        "$(arp_frame "$MAC_A" 2 $x $t "$MAC_A" "$IP_A")" \
        "$(arp_frame ff:ff:ff:ff:ff:ff 2 $x $t "$MAC_A" "$IP_A")"
    # the frames arrive in order: after the last, nothing more is coming
    wait_for_line "$OUT" '^Broadcast reply'
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 2
    [ "$status" -eq 0 ]
    run no_times <"$OUT"
    [ "${#lines[@]}" -eq 5 ]
    [ "${lines[0]}" = "ARPING $t from $IP_A veth0" ]
    [ "${lines[1]}" = "Unicast reply from $t [${x^^}]  Tms" ]
    [ "${lines[2]}" = "Broadcast reply from $t [${x^^}]  Tms" ]
    [[ ${lines[3]} =~ ^Sent\ ([0-9]+)\ probes\ \(([0-9]+)\ broadcast\(s\)\)$ ]]
    [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
    [ "${lines[4]}" = "Received 2 response(s) (1 broadcast(s))" ]
}
