#!/usr/bin/env bats
# common/link.c: MAC addresses and the frame line part 3's capturers share
# (08-promisc, 10-ring print frames as 01-recv-frames does). Witnesses:
# tcpdump -e and -XX reading the same bytes from a pcap file.

setup() {
    load helpers/common
    U=$UNIT
    T=$BATS_TEST_TMPDIR
    # An ARP request, 02:4a:00:00:00:01 asking for 192.0.2.2.
    ARP="ff ff ff ff ff ff 02 4a 00 00 00 01 08 06 00 01 08 00 06 04 00 01 02 4a 00 00 00 01 c0 00 02 01 00 00 00 00 00 00 c0 00 02 02"
}

@test "link: a MAC in either case and separator reads back as tcpdump writes it" {
    run -0 "$U/test-link" mac aE:4A:0b:C0:dd:fF
    [ "$output" = "ae:4a:0b:c0:dd:ff" ]
    run -0 "$U/test-link" mac 02-4a-0-0-0-1
    [ "$output" = "02:4a:00:00:00:01" ]
}

@test "link: malformed MACs are refused (five bytes, seven, a bad digit, three digits, mixed separators, empty)" {
    local m
    for m in 02:00:00:00:00 02:00:00:00:00:00:00 zz:00:00:00:00:00 \
             02:00:00:00:00:001 02:00-00:00:00:00 ""; do
        run -0 "$U/test-link" mac "$m"
        echo "$m -> $output"
        [ "$output" = bad ]
    done
}

@test "link: frame_line gives tcpdump's EtherType and length, and the frame's bytes as tcpdump -XX reads them" {
    require_cmd tcpdump
    "$U/test-link" pcap "$T/arp.pcap" "$ARP"
    run -0 "$U/test-link" frame veth0 1 "$ARP"
    line=$output
    # tcpdump -e: "... ethertype ARP (0x0806), length 42: ..."
    run -0 tcpdump -n -e -r "$T/arp.pcap"
    type=$(echo "$output" | sed -n 's/.*ethertype [A-Za-z0-9]* (\(0x[0-9a-f]*\)), length \([0-9]*\):.*/\1 \2/p')
    [ -n "$type" ]
    [ "${line%%:*}" = "veth0 broadcast $type" ]
    # tcpdump -XX: the whole frame's bytes, Ethernet header first.
    want=$(tcpdump -n -XX -r "$T/arp.pcap" 2>/dev/null | awk '/^\t0x/ {
            for (i = 2; i <= 9 && $i ~ /^[0-9a-f]+$/; i++) printf "%s", $i }' |
        sed 's/../& /g; s/ $//' | tr a-f A-F)
    [ "${line#*: }" = "$want" ]
}

@test "link: the directions by name; a frame under 14 bytes has no EtherType to show" {
    run -0 "$U/test-link" frame eth1 4 "$ARP"
    [ "${output%% 0x*}" = "eth1 outgoing" ]
    run -0 "$U/test-link" frame eth1 3 "$ARP"
    [ "${output%% 0x*}" = "eth1 otherhost" ]
    run -0 "$U/test-link" frame eth1 0 "$ARP"
    [ "${output%% 0x*}" = "eth1 host" ]
    run -0 "$U/test-link" frame eth1 2 "$ARP"
    [ "${output%% 0x*}" = "eth1 multicast" ]
    run -0 "$U/test-link" frame eth1 9 "01 02 03"
    [ "$output" = "eth1 type-9 0x???? 3: 01 02 03" ]
}

@test "link: -x gives tcpdump -XX's dump of the frame" {
    require_cmd tcpdump
    "$U/test-link" pcap "$T/arp.pcap" "$ARP"
    run -0 "$U/test-link" xframe veth0 1 "$ARP"
    [ "${lines[0]}" = "veth0 broadcast 0x0806 42:" ]
    want=$(tcpdump -n -XX -r "$T/arp.pcap" 2>/dev/null | sed -n 's/^\t//p')
    got=$(printf '%s\n' "${lines[@]:1}")
    [ "$got" = "$want" ]
}
