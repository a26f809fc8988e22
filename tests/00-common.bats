#!/usr/bin/env bats
# common/: the checksum, hexdump and pcap helpers every program stands on,
# driven by tests/unit/test-*.c. Expected values come from RFC 1071 and
# RFC 791's layout, from an independent awk sum, and from tcpdump and tshark.

setup() {
    load helpers/common
    U=$UNIT
}

# The RFC 1071 sum, written again in awk: the witness for long buffers.
awk_csum_pattern() {   # LEN: bytes (i*7+3) & 0xff
    awk -v n="$1" 'BEGIN {
        for (i = 0; i < n; i += 2) {
            hi = (i * 7 + 3) % 256
            lo = (i + 1 < n) ? ((i + 1) * 7 + 3) % 256 : 0
            s += hi * 256 + lo
        }
        while (s > 65535) s = (s % 65536) + int(s / 65536)
        printf "checksum 0x%04x\n", 65535 - s }'
}

@test "checksum: RFC 1071's example 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2, checksum 0x220d" {
    run -0 "$U/test-checksum" bytes "00 01 f2 03 f4 f5 f6 f7"
    [ "$output" = "sum 0xddf2 checksum 0x220d" ]
}

@test "checksum: odd length pads the last byte with zero (0x2304)" {
    # 0001 + f203 + f4f5 + f600 = 0x2dcf9 -> 0xdcfb -> ~ = 0x2304
    run -0 "$U/test-checksum" bytes "00 01 f2 03 f4 f5 f6"
    [ "$output" = "sum 0xdcfb checksum 0x2304" ]
}

@test "checksum: the IPv4 header 45 00 00 73 ... gets b8 61; with it in place the sum checks to 0" {
    run -0 "$U/test-checksum" bytes "45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7"
    [ "$output" = "sum 0x479e checksum 0xb861" ]
    run -0 "$U/test-checksum" bytes "45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7"
    [ "$output" = "sum 0xffff checksum 0x0000" ]
}

@test "checksum: lengths 0 and 1" {
    run -0 "$U/test-checksum" bytes ""
    [ "$output" = "sum 0x0000 checksum 0xffff" ]
    run -0 "$U/test-checksum" bytes "ab"
    [ "$output" = "sum 0xab00 checksum 0x54ff" ]
}

@test "checksum: 65535 bytes fold their carries (all 0xff, and a pattern against awk)" {
    # 32767 words of 0xffff fold to 0xffff; + 0xff00 = 0x1feff -> 0xff00; ~ = 0x00ff
    run -0 "$U/test-checksum" ff 65535
    [ "$output" = "checksum 0x00ff" ]
    expected=$(awk_csum_pattern 65535)
    run -0 "$U/test-checksum" pattern 65535 0
    [ "$output" = "$expected" ]
    expected=$(awk_csum_pattern 1473)
    run -0 "$U/test-checksum" pattern 1473 0
    [ "$output" = "$expected" ]
}

@test "checksum: a carry that one fold leaves behind is folded again (ff ff ff ff 00 01 -> 0xfffe)" {
    # 0xffff + 0xffff + 0x0001 = 0x1ffff; folded once 0xffff + 1 = 0x10000,
    # which still carries: folded again 0x0001, checksum ~0x0001 = 0xfffe
    run -0 "$U/test-checksum" bytes "ff ff ff ff 00 01"
    [ "$output" = "sum 0x0001 checksum 0xfffe" ]
}

@test "checksum: an unaligned start gives the same sum" {
    expected=$(awk_csum_pattern 4097)
    for off in 1 3 7; do
        run -0 "$U/test-checksum" pattern 4097 "$off"
        [ "$output" = "$expected" ]
    done
}

@test "checksum: a running sum in two parts equals the sum in one" {
    bytes="45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7 01"
    # one piece: 0x479e + 0x0100 = 0x489e -> ~ = 0xb761
    run -0 "$U/test-checksum" bytes "$bytes"
    [ "$output" = "sum 0x489e checksum 0xb761" ]
    for k in 0 2 12 20; do
        run -0 "$U/test-checksum" split "$bytes" "$k"
        [ "$output" = "checksum 0xb761" ]
    done
}

@test "checksum: the fast sum equals the textbook loop for every length 0-2048 at offsets 0-7, random and all-0xff bytes, and in two parts" {
    # two seeds: a fixed one (reproducible) and one new each run
    run -0 "$U/test-checksum" random 1
    [ "$output" = "ok 33607 comparisons" ]
    seed=$RANDOM
    run -0 "$U/test-checksum" random "$seed"
    echo "seed $seed: $output"
    [ "$output" = "ok 33607 comparisons" ]
}

@test "checksum: UDP with the pseudo-header, odd payload: tshark says Good (and Bad when off by one)" {
    require_cmd tshark
    for msg in hello "an even payload." x; do
        "$U/test-checksum" udp4 "$BATS_TEST_TMPDIR/u.pcap" "$msg"
        run -0 --separate-stderr tshark -r "$BATS_TEST_TMPDIR/u.pcap" \
            -o udp.check_checksum:TRUE -T fields -e udp.checksum.status -e data.data
        [ "${lines[0]}" = "1	$(printf '%s' "$msg" | od -An -tx1 | tr -d ' \n')" ]
    done
    "$U/test-checksum" udp4 "$BATS_TEST_TMPDIR/u.pcap" hello bad
    run -0 --separate-stderr tshark -r "$BATS_TEST_TMPDIR/u.pcap" \
        -o udp.check_checksum:TRUE -T fields -e udp.checksum.status
    [ "${lines[0]}" = "0" ]
}

@test "checksum: a UDP sum that computes to 0 is sent as 0xffff (RFC 768), and tshark calls it good" {
    require_cmd tshark
    # With two zero bytes of payload the checksum is 0xdf8c, so the rest sums
    # to ~0xdf8c = 0x2073; a payload word of 0xdf8c brings the sum to 0xffff,
    # whose complement is 0: RFC 768 sends that as all ones.
    run -0 "$U/test-checksum" udp4 "$BATS_TEST_TMPDIR/z.pcap" hex:0000
    [ "$output" = "udp checksum 0xdf8c" ]
    run -0 "$U/test-checksum" udp4 "$BATS_TEST_TMPDIR/z.pcap" hex:df8c
    [ "$output" = "udp checksum 0xffff" ]
    run -0 --separate-stderr tshark -r "$BATS_TEST_TMPDIR/z.pcap" \
        -o udp.check_checksum:TRUE -T fields -e udp.checksum -e udp.checksum.status
    [ "${lines[0]}" = "0xffff	1" ]
}

@test "ip4_check: accepts a good header, names what is wrong with a bad one" {
    hdr="450000210001400040010000c0000201c0000202"   # 20 bytes, total 33
    body="08000000000000000000000000"                  # 13 bytes
    run -0 "$UNIT/test-ip4" check "$hdr$body"
    [ "$output" = "ok hlen 20 total 33" ]
    run -0 "$UNIT/test-ip4" check "$hdr${body}0000"          # Ethernet-style padding
    [ "$output" = "ok hlen 20 total 33" ]
    run -1 "$UNIT/test-ip4" check "45000021"
    [ "$output" = "bad: shorter than an IPv4 header (20 bytes)" ]
    run -1 "$UNIT/test-ip4" check "6${hdr:1}$body"
    [ "$output" = "bad: not IPv4 (version is not 4)" ]
    run -1 "$UNIT/test-ip4" check "44${hdr:2}$body"
    [ "$output" = "bad: IHL below 5" ]
    run -1 "$UNIT/test-ip4" check "4f${hdr:2}0800000000000000"   # 60 claimed, 28 read
    [ "$output" = "bad: IHL runs past the bytes read" ]
    run -1 "$UNIT/test-ip4" check "45000013${hdr:8}$body"       # total 19 < 20
    [ "$output" = "bad: total length shorter than the header" ]
    run -1 "$UNIT/test-ip4" check "45000022${hdr:8}$body"       # total 34, 33 read
    [ "$output" = "bad: total length runs past the bytes read (truncated)" ]
}

@test "hexdump: the % X line for 0, 1, 16 and 17 bytes" {
    run -0 "$U/test-hexdump" line ""
    [ "$output" = "" ]
    run -0 "$U/test-hexdump" line "0a"
    [ "$output" = "0A" ]
    run -0 "$U/test-hexdump" line "000102030405060708090a0b0c0d0e0f"
    [ "$output" = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F" ]
    run -0 "$U/test-hexdump" line "000102030405060708090a0b0c0d0e0fff"
    [ "$output" = "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F FF" ]
}

@test "hexdump: the canonical dump for 0, 1, 16 and 17 bytes, non-printables as dots" {
    run -0 "$U/test-hexdump" dump ""
    [ "$output" = "" ]
    run -0 "$U/test-hexdump" dump "41"
    [ "$output" = "0x0000:  41                                       A" ]
    run -0 "$U/test-hexdump" dump "1f207e7f80ff4142434445464748494a"
    [ "$output" = "0x0000:  1f20 7e7f 80ff 4142 4344 4546 4748 494a  . ~...ABCDEFGHIJ" ]
    run -0 "$U/test-hexdump" dump "1f207e7f80ff4142434445464748494a00"
    [ "${lines[0]}" = "0x0000:  1f20 7e7f 80ff 4142 4344 4546 4748 494a  . ~...ABCDEFGHIJ" ]
    [ "${lines[1]}" = "0x0010:  00                                       ." ]
    [ "${#lines[@]}" -eq 2 ]
}

@test "hexdump: the canonical dump lays out a packet as tcpdump -X does" {
    require_cmd tcpdump
    # an ICMP packet of 35 bytes (no 0x20 in it: tcpdump prints space as '.',
    # DESIGN.md's rule prints it, checked in the test above)
    pkt="4500002300014000400100007f0000017f0000010800000000000000001f7f80417e42"
    "$U/test-hexdump" pcap "$BATS_TEST_TMPDIR/h.pcap" "$pkt"
    want=$(tcpdump -r "$BATS_TEST_TMPDIR/h.pcap" -n -X 2>/dev/null | sed -n 's/^\t//p')
    [ "$(echo "$want" | wc -l)" -eq 3 ]
    run -0 "$U/test-hexdump" dump "$pkt"
    [ "$output" = "$want" ]
}

@test "pcap: the file header is magic d4 c3 b2 a1, version 2.4, zone 0, sigfigs 0, snaplen, link type" {
    "$U/test-pcap" write "$BATS_TEST_TMPDIR/h.pcap" ether 1 >/dev/null
    run -0 od -An -tx1 -N24 "$BATS_TEST_TMPDIR/h.pcap"
    [ "$(echo $output)" = "d4 c3 b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 ff ff 00 00 01 00 00 00" ]
}

@test "pcap: write then read gives back every byte" {
    for kind in raw ether; do
        "$U/test-pcap" write "$BATS_TEST_TMPDIR/p.pcap" "$kind" 3 >"$BATS_TEST_TMPDIR/written"
        run -0 "$U/test-pcap" read "$BATS_TEST_TMPDIR/p.pcap"
        [ "${lines[0]}" = "linktype $([ $kind = raw ] && echo 101 || echo 1) snaplen 65535 fcs 0" ]
        [ "${#lines[@]}" -eq 7 ]
        [ "$(printf '%s\n' "${lines[@]}" | sed -n '3p;5p;7p')" = "$(cat "$BATS_TEST_TMPDIR/written")" ]
        len=$(head -n 1 "$BATS_TEST_TMPDIR/written" | wc -w)
        [ "${lines[1]}" = "$len $len 1700000000.125000" ]
    done
}

@test "pcap: tcpdump -r and tshark -r read our files: same count, same fields" {
    require_cmd tcpdump tshark
    for kind in raw ether; do
        f=$BATS_TEST_TMPDIR/$kind.pcap
        "$U/test-pcap" write "$f" "$kind" 4 >/dev/null
        run -0 --separate-stderr tcpdump -r "$f" -n
        [ "${#lines[@]}" -eq 4 ]
        [[ ${lines[3]} == *"IP 192.0.2.1 > 192.0.2.2: ICMP echo request, id 4660, seq 4, length 13" ]]
        run -0 --separate-stderr tshark -r "$f" -n -o ip.check_checksum:TRUE -T fields \
            -e ip.src -e ip.dst -e ip.checksum.status -e icmp.ident -e icmp.seq \
            -e icmp.checksum.status -e data.data
        [ "${#lines[@]}" -eq 4 ]
        for i in 1 2 3 4; do
            [ "${lines[i-1]}" = "192.0.2.1	192.0.2.2	1	4660	$i	1	68656c6c6f" ]
        done
    done
    run -0 --separate-stderr tshark -r "$BATS_TEST_TMPDIR/ether.pcap" -T fields -e eth.src -e eth.dst -e eth.type
    [ "${lines[0]}" = "02:00:00:00:00:01	02:00:00:00:00:02	0x0800" ]
}

@test "pcap: the reader refuses a bad magic, a short header, a record over 262144 bytes, a cut record" {
    f=$BATS_TEST_TMPDIR/bad.pcap
    printf 'not a pcap file at all, no' >"$f"
    run -2 --separate-stderr "$U/test-pcap" read "$f"
    [[ $stderr == "test-pcap: not a pcap file: bad magic 6e 6f 74 20"* ]]
    printf '\xd4\xc3\xb2\xa1\x02\x00' >"$f"
    run -2 --separate-stderr "$U/test-pcap" read "$f"
    [ "$stderr" = "test-pcap: not a pcap file: header shorter than 24 bytes" ]
    # a caplen libpcap calls damaged (over its MAXIMUM_SNAPLEN, 262144)
    { printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\0\0\0\0\0\0\0\0\x10\0\0\0\x65\0\0\0'
      printf '\0\0\0\0\0\0\0\0\x01\x00\x04\0\x01\x00\x04\0'; head -c 17 /dev/zero; } >"$f"
    run -2 --separate-stderr "$U/test-pcap" read "$f"
    [ "$stderr" = "test-pcap: bad pcap record: 262145 bytes, more than the largest a pcap file holds (262144)" ]
    # a record of 8 bytes of which the file holds 3
    { printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\0\0\0\0\0\0\0\0\x10\0\0\0\x65\0\0\0'
      printf '\0\0\0\0\0\0\0\0\x08\0\0\0\x08\0\0\0abc'; } >"$f"
    run -2 --separate-stderr "$U/test-pcap" read "$f"
    [ "$stderr" = "test-pcap: truncated pcap record: file ends inside its data" ]
}

@test "pcap: a big-endian file (magic a1 b2 c3 d4 on disk) reads the same" {
    f=$BATS_TEST_TMPDIR/be.pcap
    { printf '\xa1\xb2\xc3\xd4\x00\x02\x00\x04\0\0\0\0\0\0\0\0\0\0\0\x40\0\0\0\x65'
      printf '\0\0\0\x01\0\0\0\x02\0\0\0\x03\0\0\0\x03\x45\x00\x01'; } >"$f"
    run -0 "$U/test-pcap" read "$f"
    [ "${lines[0]}" = "linktype 101 snaplen 64 fcs 0" ]
    [ "${lines[1]}" = "3 3 1.000002" ]
    [ "${lines[2]}" = "45 00 01" ]
}
