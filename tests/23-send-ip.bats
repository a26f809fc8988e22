#!/usr/bin/env bats
# part2-link-layer/03-send-ip: a hand-built IPv4 header (IP_HDRINCL) with an
# echo request inside. Witnesses: the kernel's echo reply and counters, and
# tcpdump + tshark on the peer (the kernel fills id, source and checksum).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark nstat
    PROG=$P2/03-send-ip
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# The expected bytes, from RFC 791 and RFC 792, independently of the program:
# header 45 00, total 20+8+2 = 30, id 0, flags 0, TTL 64, protocol 1,
# checksum 0, source 0, destination; ICMP 08 00, checksum, id 0, seq 0, C0 DE.
expected() {
    local d1 d2 d3 d4
    IFS=. read -r d1 d2 d3 d4 <<<"$1"
    printf '45 00 00 %02X 00 00 00 00 40 01 00 00 00 00 00 00 %02X %02X %02X %02X ' \
        30 "$d1" "$d2" "$d3" "$d4"
    echo "08 00 $(inet_csum 08 00 00 00 00 00 00 00 C0 DE) 00 00 00 00 C0 DE"
}

@test "03-send-ip -n: the 30 bytes of RFC 791/792, id, checksum and source 0; no privilege" {
    require_cmd setpriv
    dir=$(mktemp -d) && chmod 755 "$dir" && cp "$PROG" "$dir/"
    run -0 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/03-send-ip" -n 198.51.100.7
    [ "$output" = "$(expected 198.51.100.7)" ]
    run -0 --separate-stderr "$dir/03-send-ip" -n
    rm -rf "$dir"
    [ "$output" = "$(expected 127.0.0.1)" ]
}

@test "03-send-ip: against 127.0.0.1, the kernel answers and counts one echo" {
    ns_pair
    before=$(nstat_get a IcmpInEchos)
    run -0 --separate-stderr nsx a "$PROG" -t 5
    after=$(nstat_get a IcmpInEchos)
    [ $((after - before)) -eq 1 ]
    [ "${lines[0]}" = "echo reply from 127.0.0.1: 30 bytes, ttl 64" ]
    # the reply: to and from 127.0.0.1, type 0, our id, seq and data
    [ "$(bytes_at "${lines[1]}" 13 8)" = "7F 00 00 01 7F 00 00 01" ]
    [ "$(bytes_at "${lines[1]}" 21 2)" = "00 00" ]
    [ "$(bytes_at "${lines[1]}" 25 6)" = "00 00 00 00 C0 DE" ]
}

@test "03-send-ip: to the peer; its capture shows the kernel's fill-ins and good checksums" {
    ns_pair
    capture_start b "$CAP" icmp
    run -0 --separate-stderr nsx a "$PROG" -t 5 "$IP_B"
    capture_stop
    [ "${lines[0]}" = "echo reply from $IP_B: 30 bytes, ttl 64" ]
    read -r len id src dst ipok icmpok data < <(tshark_fields "$CAP" 'icmp.type == 8' \
        ip.len ip.id ip.src ip.dst ip.checksum.status icmp.checksum.status data.data |
        tr '\t' ' ')
    [ "$len" = 30 ] && [ "$src" = "$IP_A" ] && [ "$dst" = "$IP_B" ]
    [ "$ipok" = 1 ] && [ "$icmpok" = 1 ]
    [ "$data" = c0de ]
    [ "$id" != 0x0000 ]                      # we wrote 0; the kernel chose
    # and the peer's reply, in the capture, is what the program printed
    [ "$(tshark_fields "$CAP" 'icmp.type == 0' ip.src icmp.checksum.status data.data |
        tr '\t' ' ')" = "$IP_B 1 c0de" ]
}

@test "03-send-ip: nobody answers (no such host), exit 1 after the timeout" {
    ns_pair
    run -1 --separate-stderr nsx a "$PROG" -t 1 192.0.2.9
    [ -z "$output" ]
    [ "${stderr_lines[1]}" = "03-send-ip: no echo reply within the timeout" ]
}

@test "03-send-ip as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d) && chmod 755 "$dir" && cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/03-send-ip"
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "03-send-ip: socket(AF_INET, SOCK_RAW, IPPROTO_RAW): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}

@test "03-send-ip: an echo reply with a bad checksum is reported and not taken (icmp_echo_wait)" {
    require_cmd perl
    ns_pair
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # only our fakes answer
    spawn a "$OUT" "$ERR" "$PROG" -t 1 "$IP_B"
    wait_for_line "$ERR" 'waiting for the echo reply'
    fake_replies b "$IP_A" 0:0:bad                        # the series' id 0, seq 0
    reap "$SPAWN_PID" 5
    [ "$status" -eq 1 ]
    grep -qx "03-send-ip: skipped an echo reply from $IP_B, icmp_seq=0: (BAD CHECKSUM!)" "$ERR"
    grep -qx '03-send-ip: no echo reply within the timeout' "$ERR"
    [ ! -s "$OUT" ]
    # the control: the same forgery with its checksum right is taken
    spawn a "$OUT" "$ERR" "$PROG" -t 1 "$IP_B"
    wait_for_line "$ERR" 'waiting for the echo reply'
    fake_replies b "$IP_A" 0:0
    reap "$SPAWN_PID" 5
    [ "$status" -eq 0 ]
    grep -qx "echo reply from $IP_B: 32 bytes, ttl 64" "$OUT"
}
