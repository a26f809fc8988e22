#!/usr/bin/env bats
# part2-link-layer/01-recv-ip: the whole packet, IPv4 header first, against a
# real ping from the peer, with tcpdump + tshark as the witness.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark ping
    PROG=$P2/01-recv-ip
    ns_pair
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# hex of a dotted quad, as "% X" prints it: 192.0.2.2 -> C0 00 02 02
quad_hex() { printf '%02X %02X %02X %02X' ${1//./ }; }

@test "01-recv-ip: a ping from the peer starts 45 00 00 54, proto 01, both addresses" {
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" icmp
    nsx a "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    [ "$(wc -l <"$OUT")" -eq 1 ]
    line=$(cat "$OUT")
    [ "$(bytes_at "$line" 1 4)" = "45 00 00 54" ]
    [ "$(echo "$line" | wc -w)" -eq 84 ]           # all of it: 0x54 bytes
    [ "$(bytes_at "$line" 10 1)" = "01" ]           # offset 9: ICMP
    [ "$(bytes_at "$line" 13 4)" = "$(quad_hex "$IP_B")" ]   # offsets 12-15
    [ "$(bytes_at "$line" 17 4)" = "$(quad_hex "$IP_A")" ]   # offsets 16-19
    [ "$(bytes_at "$line" 21 1)" = "08" ]           # the echo request follows
    # the witness: the same id, TTL and checksum as the frame on the wire
    read -r id ttl sum < <(tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" \
        'icmp.type == 8' ip.id ip.ttl ip.checksum | tr '\t' ' ')
    [ -n "$sum" ]
    [ "$(bytes_at "$line" 5 2)" = "$(printf '%02X %02X' $((id >> 8)) $((id & 255)))" ]
    [ "$(bytes_at "$line" 9 1)" = "$(printf '%02X' "$ttl")" ]
    [ "$(bytes_at "$line" 11 2)" = "$(printf '%02X %02X' $((sum >> 8)) $((sum & 255)))" ]
}

@test "01-recv-ip: a 2028-byte ping on loopback arrives whole (a 1500-byte buffer cuts it)" {
    nsx a "$PROG" -c 1 -t 3 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx a ping -c 1 -W 2 -s 2000 127.0.0.1 >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    line=$(cat "$OUT")
    [ "$(bytes_at "$line" 1 4)" = "45 00 07 EC" ]   # 20 + 8 + 2000 = 2028
    [ "$(echo "$line" | wc -w)" -eq 2028 ]
    [ -z "$(grep -v 'listening on' "$ERR")" ]       # nothing skipped
}

@test "01-recv-ip -x: a canonical dump whose first row is the IPv4 header" {
    nsx a "$PROG" -x -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [[ $(head -n 1 "$OUT") == "0x0000:  4500 0054 "*" c000 0202 "* ]]
    [[ $(sed -n 2p "$OUT") == "0x0010:  c000 0201 0800 "* ]]
    [ "$(wc -l <"$OUT")" -eq 6 ]                    # 84 bytes: 6 rows of 16
}

@test "01-recv-ip -p udp: a datagram to port 9 shows protocol 11 and the ports" {
    require_cmd nc
    nsx a "$PROG" -p udp -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on .*udp \(17\)'
    echo hi | nsx b nc -u -w 1 -p 4000 "$IP_A" 9 || true
    reap "$pid" 10
    [ "$status" -eq 0 ]
    line=$(head -n 1 "$OUT")
    [ "$(bytes_at "$line" 10 1)" = "11" ]
    [ "$(bytes_at "$line" 21 4)" = "0F A0 00 09" ]  # ports 4000 and 9
    [ "$(echo "$line" | cut -d' ' -f29-)" = "68 69 0A" ]   # "hi\n"
}

@test "01-recv-ip -p raw: refused, IPPROTO_RAW is send-only" {
    run -2 --separate-stderr "$PROG" -p 255
    [[ $stderr == "01-recv-ip: protocol 255 (IPPROTO_RAW) cannot receive"* ]]
}

@test "01-recv-ip -t 1: no traffic, exit 1" {
    run -1 nsx a "$PROG" -t 1
    [ -z "$(echo "$output" | grep -v 'listening on')" ]
}

@test "01-recv-ip as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/01-recv-ip" -t 1
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "01-recv-ip: socket(AF_INET, SOCK_RAW): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}
