#!/usr/bin/env bats
# part2-link-layer/06-spoof: an echo request with another host's source
# address. Lab: a, b, c on one segment (ns_segment3); for reverse path
# filtering, the routed lab. Witnesses: captures on b and c decoded by
# tshark, the kernels' counters (nstat), and bytes from RFC 791.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark nstat
    PROG=$P2/06-spoof
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }


@test "06-spoof -s C B on a: b answers c, c gets the reply, a gets nothing (exit 1)" {
    ns_segment3
    a0=$(nstat_get a IcmpInEchoReps) c0=$(nstat_get c IcmpInEchoReps)
    b0=$(nstat_get b IcmpOutEchoReps)
    capture_start b "$BATS_TEST_TMPDIR/b.pcap" icmp
    bpid=$CAP_PID
    capture_start c "$BATS_TEST_TMPDIR/c.pcap" icmp
    run -1 --separate-stderr nsx a "$PROG" -s "$IP_C" -t 1 "$IP_B"
    capture_stop
    $AS_ROOT kill -INT "$bpid"; reap "$bpid" 10
    echo "$output"
    [ "${lines[1]}" = "no reply came back to us, as expected: it went to $IP_C" ]
    id=$(echo "${lines[0]}" | sed -n 's/.*, id \([0-9]*\), seq 1,.*/\1/p')
    [ -n "$id" ]
    # b received a request from "c", with good checksums, and answered c
    req=$(tshark_fields "$BATS_TEST_TMPDIR/b.pcap" 'icmp.type == 8' \
        ip.src ip.dst icmp.ident ip.checksum.status icmp.checksum.status)
    [ "$req" = "$(printf '%s\t%s\t%s\t1\t1' "$IP_C" "$IP_B" "$id")" ]
    rep=$(tshark_fields "$BATS_TEST_TMPDIR/c.pcap" 'icmp.type == 0' ip.src ip.dst icmp.ident icmp.seq)
    [ "$rep" = "$(printf '%s\t%s\t%s\t1' "$IP_B" "$IP_C" "$id")" ]
    [ "$(nstat_get b IcmpOutEchoReps)" -eq $((b0 + 1)) ]
    [ "$(nstat_get c IcmpInEchoReps)" -eq $((c0 + 1)) ]
    [ "$(nstat_get a IcmpInEchoReps)" -eq "$a0" ]
}

@test "06-spoof -s A (our own address): the reply comes back, exit 0" {
    ns_segment3
    c0=$(nstat_get c IcmpInEchoReps)
    run -0 --separate-stderr nsx a "$PROG" -s "$IP_A" -t 1 "$IP_B"
    echo "$output"
    [[ ${lines[1]} == "$IP_B > us: ICMP echo reply, id "*", seq 1: $IP_A is one of our addresses" ]]
    [ "$(nstat_get c IcmpInEchoReps)" -eq "$c0" ]
}

@test "06-spoof: a router with rp_filter=1 drops a pretending to be b; with 0 it answers b" {
    ns_routed
    # a claims b's address toward r1. r1's route back to b is not the
    # interface the request came in on: strict reverse path filter drops it.
    f0=$(nstat_get r1 TcpExtIPReversePathFilter) b0=$(nstat_get b IcmpInEchoReps)
    run -1 --separate-stderr nsx a "$PROG" -s "$IP_B" -t 0.3 "$IP_R1"
    [ "$(nstat_get r1 TcpExtIPReversePathFilter)" -eq $((f0 + 1)) ]
    [ "$(nstat_get b IcmpInEchoReps)" -eq "$b0" ]
    # without the filter r1 believes it, and b gets a reply it never asked for
    nsx r1 sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.veth0.rp_filter=0
    run -1 --separate-stderr nsx a "$PROG" -s "$IP_B" -t 0.3 "$IP_R1"
    [ "$(nstat_get r1 TcpExtIPReversePathFilter)" -eq $((f0 + 1)) ]
    [ "$(nstat_get b IcmpInEchoReps)" -eq $((b0 + 1)) ]
}

@test "06-spoof -n: the spoofed source in bytes 13-16, byte for byte" {
    run -0 --separate-stderr "$PROG" -n -s 192.0.2.3 192.0.2.2
    line=$output
    id=$(bytes_at "$line" 25 2)
    # 45, TOS 0, total 28, id 0 (kernel fills), frag 0, TTL 64, ICMP,
    # checksum, source C0 00 02 03 (written by us), destination C0 00 02 02
    ip="45 00 00 1C 00 00 00 00 40 01 00 00 C0 00 02 03 C0 00 02 02"
    ip="${ip:0:30}$(inet_csum $ip)${ip:35}"
    icmp="08 00 00 00 $id 00 01"
    icmp="08 00 $(inet_csum $icmp) $id 00 01"
    [ "$line" = "$ip $icmp" ]
}

@test "06-spoof: no -s is a usage error (exit 2)" {
    run -2 --separate-stderr "$PROG" 192.0.2.2
    [[ $stderr == "06-spoof: missing option -s; usage: 06-spoof -s SOURCE "* ]]
    [ -z "$output" ]
}

@test "06-spoof as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/06-spoof" -s 192.0.2.3 192.0.2.2
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "06-spoof: socket(AF_INET, SOCK_RAW, IPPROTO_RAW): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}
