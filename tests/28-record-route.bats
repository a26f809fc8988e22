#!/usr/bin/env bats
# part2-link-layer/08-record-route: the Record Route option written by hand,
# on the routed lab a - r1 - r2 - b. Witnesses: iputils ping -R, the
# routers' addresses as the lab made them, a capture decoded by tshark, and
# byte expectations written from RFC 791.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd ping tcpdump tshark
    PROG=$P2/08-record-route
    ns_routed
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# rr TEXT: the addresses of an "RR:" list (ping -R's layout), one line
rr() { echo "$1" | awk '/^RR:/ {on = 1} on && NF == 0 {exit} on {print $NF}' | paste -sd' '; }


@test "08-record-route: the routers' addresses, out and back, as ping -R lists them after its own" {
    run -0 --separate-stderr nsx a "$PROG" -t 2 "$IP_B"
    echo "$output"
    mine=$(rr "$output")
    # out: r1 and r2 write the address they forward from, b the one it
    # received on and the one it answers from; back: r2, r1, and a itself
    [ "$mine" = "$IP_R1_OUT $IP_R2_OUT $IP_B $IP_B $IP_R2 $IP_R1 $IP_A" ]
    ref=$(rr "$(nsx a ping -R -c 1 -W 2 "$IP_B")")
    echo "ping -R: $ref"
    # ping -R's kernel records a's address as it sends; IP_HDRINCL does not
    [ "$ref" = "$IP_A $mine" ]
    [[ ${lines[0]} == "8 bytes from $IP_B: icmp_seq=1 ttl=62 time="*" ms" ]]
}

@test "08-record-route: on the wire, IHL 15 and Record Route 39 bytes, pointer 4, a good checksum" {
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" icmp
    run -0 --separate-stderr nsx a "$PROG" -t 2 "$IP_B"
    capture_stop
    req=$(tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp.type == 8' \
        ip.hdr_len ip.opt.type ip.opt.len ip.opt.ptr ip.checksum.status icmp.checksum.status)
    echo "request: $req"
    [ "$req" = "$(printf '60\t7,0\t39\t4\t1\t1')" ]
    # on a's wire the reply holds 6 addresses (a writes the 7th as it
    # receives): pointer 4 + 6 * 4 = 28
    rep=$(tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp.type == 0' ip.hdr_len ip.opt.ptr)
    echo "reply: $rep"
    [ "$rep" = "$(printf '60\t28')" ]
}

@test "08-record-route -n: IHL 15, the option's 40 bytes, and both checksums, byte for byte" {
    run -0 --separate-stderr "$PROG" -n 198.51.100.6
    line=$output
    id=$(bytes_at "$line" 65 2)          # the echo id is the process id
    # 4F: version 4, IHL 15 (60 bytes); total 60 + 8 = 68 = 00 44; id 0,
    # frag 0, TTL 64, ICMP; source 0 (kernel fills); destination 198.51.100.6
    ip="4F 00 00 44 00 00 00 00 40 01 00 00 00 00 00 00 C6 33 64 06"
    # option: type 7, length 39 = 27, pointer 4, 36 zero bytes, EOL 00
    opt="07 27 04$(printf ' 00%.0s' $(seq 37))"
    ip="$ip $opt"
    ip="${ip:0:30}$(inet_csum $ip)${ip:35}"
    icmp="08 00 00 00 $id 00 01"
    icmp="08 00 $(inet_csum $icmp) $id 00 01"
    [ "$line" = "$ip $icmp" ]
    [ "$(echo "$line" | wc -w)" -eq 68 ]
}

@test "08-record-route: no host at the address, exit 1 after the timeout" {
    run -1 --separate-stderr nsx a "$PROG" -t 0.5 192.0.2.77
    [ "$output" = "no echo reply from 192.0.2.77" ]
}

@test "08-record-route as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/08-record-route" "$IP_B"
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "08-record-route: socket(AF_INET, SOCK_RAW, IPPROTO_RAW): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}
