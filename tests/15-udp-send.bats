#!/usr/bin/env bats
# part1-ip-layer/05-udp-send: a UDP datagram built by hand reaches a plain
# UDP socket (nc -u -l) byte for byte; a wrong checksum (-k) is dropped by
# the receiver's kernel (UdpInCsumErrors); -n bytes against RFC 768 by hand.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark nc nstat ss
    PROG=$P1/05-udp-send
    GOT=$BATS_TEST_TMPDIR/got CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }


# udp_listen HOST PORT: nc -u -l writing what it receives to $GOT.
udp_listen() {
    nsx "$1" nc -u -l "$2" >"$GOT" 2>/dev/null 3>&- &
    for i in $(seq 100); do
        nsx "$1" ss -Hlun "sport = :$2" | grep -q . && return 0
        sleep 0.05
    done
    return 1
}

# wait_for_bytes N: until $GOT holds N bytes (bounded, 5 s).
wait_for_bytes() {
    for i in $(seq 100); do
        [ "$(stat -c %s "$GOT")" -ge "$1" ] && return 0
        sleep 0.05
    done
    return 1
}

@test "05-udp-send: nc -u -l on the peer receives exactly the message (odd lengths); tshark: checksum good" {
    ns_pair
    udp_listen a 9999
    in0=$(nstat_get a UdpInDatagrams) err0=$(nstat_get a UdpInCsumErrors)
    capture_start a "$CAP" udp
    run -0 --separate-stderr nsx b "$PROG" -s 40000 "$IP_A" 9999 'hello'
    [ "${lines[0]}" = "IP $IP_B.40000 > $IP_A.9999: UDP, length 5" ]
    run -0 --separate-stderr nsx b "$PROG" -s 40000 "$IP_A" 9999 ', odd world!'
    wait_for_bytes 17
    capture_stop
    [ "$(cat "$GOT")" = "hello, odd world!" ]
    [ "$(nstat_get a UdpInDatagrams)" -eq $((in0 + 2)) ]
    [ "$(nstat_get a UdpInCsumErrors)" -eq "$err0" ]
    run tshark_fields "$CAP" udp udp.length udp.checksum.status
    echo "tshark: $output"
    [ "$output" = "$(printf '13\t1\n20\t1')" ]
}

@test "05-udp-send -k: the peer's kernel counts a checksum error and delivers nothing" {
    ns_pair
    udp_listen a 9999
    err0=$(nstat_get a UdpInCsumErrors)
    capture_start a "$CAP" udp
    run -0 --separate-stderr nsx b "$PROG" -k -s 40000 "$IP_A" 9999 'dropped'
    [[ ${lines[1]} =~ ^"checksum 0x"[0-9a-f]{4}": wrong on purpose (the right one is 0x"[0-9a-f]{4}")"$ ]]
    # a good one after it, from the same port: when it is there, the bad
    # one would have been there before it
    run -0 --separate-stderr nsx b "$PROG" -s 40000 "$IP_A" 9999 'kept'
    wait_for_bytes 4
    capture_stop
    [ "$(cat "$GOT")" = "kept" ]
    [ "$(nstat_get a UdpInCsumErrors)" -eq $((err0 + 1)) ]
    # on the wire: tshark says the first checksum is bad (0), the second good (1)
    run tshark_fields "$CAP" udp udp.checksum.status
    echo "tshark: $output"
    [ "$output" = "$(printf '0\n1')" ]
}

@test "05-udp-send -n: bytes equal a datagram computed here (odd length, pseudo-header)" {
    run -0 --separate-stderr "$PROG" -n -s 40000 127.0.0.1 9 hello
    # ports 40000 (9C 40) and 9, length 8 + 5, checksum, "hello"
    d=(9C 40 00 09 00 0D 00 00 68 65 6C 6C 6F)
    pseudo=(7F 00 00 01 7F 00 00 01 00 11 00 0D)
    ck=$(inet_csum "${pseudo[@]}" "${d[@]}")
    d[6]=${ck% *} d[7]=${ck#* }
    [ "$output" = "${d[*]}" ]
}

@test "05-udp-send -n: a checksum that sums to 0 is sent as FF FF" {
    # pick the 2-byte message that makes the sum 0: the pseudo-header and the
    # header (checksum 0) sum to S; the message word must be 0xFFFF - S
    pseudo=(7F 00 00 01 7F 00 00 01 00 11 00 0A)
    hdr=(9C 40 24 55 00 0A 00 00)                      # ports 40000, 9301
    ck=$(inet_csum "${pseudo[@]}" "${hdr[@]}")
    w=$(( 16#${ck// /} ))                              # = ~S = 0xFFFF - S
    msg=$(printf "\\x$(printf %02x $((w >> 8)))\\x$(printf %02x $((w & 255)))")
    [ "$(inet_csum "${pseudo[@]}" "${hdr[@]}" $(printf '%02X %02X' $((w >> 8)) $((w & 255))))" = "00 00" ]
    run -0 --separate-stderr "$PROG" -n -s 40000 127.0.0.1 9301 "$msg"
    [ "$(bytes_at "$output" 7 2)" = "FF FF" ]
}

@test "05-udp-send -n as nobody: no privilege needed; without -n: EPERM and the hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -0 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/05-udp-send" -n -s 1 127.0.0.1 2 x
    [ "$(bytes_at "$output" 1 6)" = "00 01 00 02 00 09" ]
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/05-udp-send" 127.0.0.1 2 x
    rm -rf "$dir"
    [ "${stderr_lines[0]}" = "05-udp-send: socket(AF_INET, SOCK_RAW, IPPROTO_UDP): Operation not permitted (EPERM)" ]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}

@test "05-udp-send: bad usage exits 2 (no message, port 0)" {
    run -2 --separate-stderr "$PROG" 127.0.0.1 9
    [[ $stderr == "05-udp-send: missing MESSAGE; usage: 05-udp-send "* ]]
    run -2 --separate-stderr "$PROG" 127.0.0.1 0 x
    [ "$stderr" = "05-udp-send: bad port '0': expected a whole number from 1 to 65535" ]
}
