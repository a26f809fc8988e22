#!/usr/bin/env bats
# part2-link-layer/09-fragments: one echo request cut by hand into
# fragments. Witnesses: the peer's kernel (it answers only a datagram it
# reassembled, and counts IpReasmOKs / IpReasmReqds), a capture on the
# peer decoded by tshark with reassembly off, and bytes from RFC 791.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark nstat
    PROG=$P2/09-fragments
    ns_pair
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }


# frags FILE: "id mf offset length" of each IPv4 packet from a, reassembly off
frags() {
    tshark -r "$1" -n -o ip.defragment:FALSE -o ip.check_checksum:TRUE \
        -Y "ip.src == $IP_A && ip.checksum.status == 1" \
        -T fields -e ip.id -e ip.flags.mf -e ip.frag_offset -e ip.len 2>/dev/null | tr '\t' ' '
}

@test "09-fragments: three fragments, one reassembly on the peer, one reply with our data" {
    oks=$(nstat_get b IpReasmOKs) reqs=$(nstat_get b IpReasmReqds)
    capture_start b "$BATS_TEST_TMPDIR/cap.pcap" ip
    run -0 --separate-stderr nsx a "$PROG" -t 2 "$IP_B"
    capture_stop
    echo "$output"
    [ "${lines[1]%% time=*}" = "1008 bytes from $IP_B: icmp_seq=1 ttl=64" ]
    [ "$(nstat_get b IpReasmOKs)" -eq $((oks + 1)) ]
    [ "$(nstat_get b IpReasmReqds)" -eq $((reqs + 3)) ]
    # on the wire: same id, MF 1 1 0, offsets 0 400 800 bytes = 0 50 100
    # units, lengths 20 + 400, 20 + 400, 20 + 208
    got=$(frags "$BATS_TEST_TMPDIR/cap.pcap")
    echo "$got"
    id=$(echo "$got" | awk 'NR == 1 {print $1}')
    [ "$got" = "$(printf '%s 1 0 420\n%s 1 50 420\n%s 0 100 228' "$id" "$id" "$id")" ]
    # the id it printed is the id tshark reads off the wire (network order;
    # its pid, so almost never the same read backwards)
    [ "$(printf '0x%04x' "${lines[0]##*IP id }")" = "$id" ]
    # the reply: one packet, the whole 1008-byte message, not a fragment
    rep=$(tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp.type == 0' ip.len ip.flags.mf icmp.checksum.status)
    [ "$rep" = "$(printf '1028\t0\t1')" ]
}

@test "09-fragments -s 4000 -f 1480: fragments of a full MTU, and a reply the peer fragments back" {
    oks=$(nstat_get b IpReasmOKs)
    run -0 --separate-stderr nsx a "$PROG" -s 4000 -f 1480 -t 2 "$IP_B"
    [[ ${lines[0]} == *"sent 4008 bytes of ICMP to $IP_B in 3 fragments"* ]]
    [[ ${lines[1]} == "4008 bytes from $IP_B: icmp_seq=1"* ]]
    [ "$(nstat_get b IpReasmOKs)" -eq $((oks + 1)) ]
}

@test "09-fragments: the time on the monotonic clock (faketime runs the wall clock 10x fast: no change)" {
    require_cmd faketime
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # b answers after 200 ms
    echo_delayed b 200 2>"$ERR.peer" 3>&- &
    fpid=$!
    wait_for_line "$ERR.peer" 'listening on'
    # ASan (make check) must not insist on coming first: faketime preloads
    run -0 --separate-stderr nsx a env FAKETIME_DONT_FAKE_MONOTONIC=1 \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        faketime -f '+0 x10' "$PROG" -t 2 "$IP_B"
    reap "$fpid" 5
    [[ ${lines[1]} =~ ^"1008 bytes from $IP_B: icmp_seq=1 ttl=64 time="([0-9.]+)" ms"$ ]]
    awk -v t="${BASH_REMATCH[1]}" 'BEGIN { exit !(t >= 200 && t < 260) }'
}

@test "09-fragments -n -s 20 -f 16: two fragments, byte for byte" {
    run -0 --separate-stderr "$PROG" -n -s 20 -f 16 198.51.100.6
    [ "${#lines[@]}" -eq 2 ]
    ipid=$(bytes_at "${lines[0]}" 5 2) id=$(bytes_at "${lines[0]}" 25 2)
    data=$(for i in $(seq 0 19); do printf '%02X ' "$i"; done)
    icmp="08 00 00 00 $id 00 01 ${data% }"
    icmp="08 00 $(inet_csum $icmp) ${icmp:12}"
    # fragment 1: total 20 + 16 = 00 24, flags MF = 20 00, TTL 64, ICMP,
    # source 0 (the kernel fills it in), destination C6 33 64 06, then the
    # message's first 16 bytes (ICMP header and data 00-07)
    h1="45 00 00 24 $ipid 20 00 40 01 00 00 00 00 00 00 C6 33 64 06"
    h1="${h1:0:30}$(inet_csum $h1)${h1:35}"
    # fragment 2: total 20 + 12 = 00 20, no MF, offset 16 / 8 = 2: 00 02
    h2="45 00 00 20 $ipid 00 02 40 01 00 00 00 00 00 00 C6 33 64 06"
    h2="${h2:0:30}$(inet_csum $h2)${h2:35}"
    [ "${lines[0]}" = "$h1 ${icmp:0:47}" ]
    [ "${lines[1]}" = "$h2 ${icmp:48}" ]
    [ "$ipid" != "00 00" ]
}

@test "09-fragments -f 500: not a multiple of 8, refused with exit 2" {
    run -2 --separate-stderr "$PROG" -f 500 "$IP_B"
    [ "$stderr" = "09-fragments: bad fragment size '500': not a multiple of 8 (the offset field counts 8-byte units)" ]
    [ -z "$output" ]
    run -2 --separate-stderr "$PROG" -f 0 "$IP_B"
    [[ $stderr == "09-fragments: bad fragment size '0'"* ]]
}

@test "09-fragments as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/09-fragments" "$IP_B"
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "09-fragments: socket(AF_INET, SOCK_RAW, IPPROTO_RAW): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}
