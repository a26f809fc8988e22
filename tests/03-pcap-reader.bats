#!/usr/bin/env bats
# common/pcap.c reads what libpcap reads: records over the snap length or
# over the caller's buffer cut and the file continued, the link type's FCS
# bits honoured, every byte order and time resolution, captures cut short
# by tcpdump -s decoded as far as they go (02-ip-header -r). tcpdump and
# editcap are the witnesses: each file here is one they read or wrote.

setup() {
    load helpers/common
    require_cmd tcpdump editcap perl
    U=$TOP/tests/unit PROG=$P2/02-ip-header
    D=$BATS_TEST_TMPDIR
    "$U/test-pcap" write "$D/e.pcap" ether 2 >"$D/written"   # 47-byte frames
}

# patch32 FILE OFFSET VALUE: a little-endian 32-bit field written in place
patch32() {
    printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($3 & 255)) $(($3 >> 8 & 255)) \
        $(($3 >> 16 & 255)) $(($3 >> 24 & 255)))" |
        dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# to_be IN OUT: the same pcap file in big-endian byte order (16-byte records)
to_be() {
    perl -0777 -ne 'print pack("N n n N N N N", unpack("V v v V V V V", $_));
        for (my $o = 24; $o < length; $o += 16 + $r[2]) {
            @r = unpack("V4", substr($_, $o, 16));
            print pack("N4", @r), substr($_, $o + 16, $r[2]) }' "$1" >"$2"
}

@test "pcap reader: records longer than the snap length are cut to it, reported, and the file goes on (tcpdump reads it too)" {
    cp "$D/e.pcap" "$D/s.pcap"
    patch32 "$D/s.pcap" 16 40                  # snap length 40, records of 47
    run -0 --separate-stderr tcpdump -r "$D/s.pcap" -n
    [ "${#lines[@]}" -eq 2 ]
    run -0 --separate-stderr "$U/test-pcap" read "$D/s.pcap"
    [ "${lines[0]}" = "linktype 1 snaplen 40 fcs 0" ]
    [ "${lines[1]}" = "40 47 1700000000.125000" ]
    [ "${lines[2]}" = "$(head -n 1 "$D/written" | cut -d' ' -f1-40)" ]
    [ "${lines[3]}" = "40 47 1700000000.250000" ]
    [ "${lines[4]}" = "$(sed -n 2p "$D/written" | cut -d' ' -f1-40)" ]
    [ "$stderr" = "test-pcap: record of 47 bytes cut to 40: longer than the snap length 40
test-pcap: record of 47 bytes cut to 40: longer than the snap length 40" ]
    # 02-ip-header: both packets, each header whole
    run -0 --separate-stderr "$PROG" -r "$D/s.pcap"
    [ "$(grep -c '^packet [12]: 33 bytes, 26 captured$' <<<"$output")" -eq 2 ]
    [ "$(grep -c 'checksum: *0x.... correct' <<<"$output")" -eq 2 ]
    [ "$(grep -c "$D/s.pcap: record of 47 bytes cut to 40" <<<"$stderr")" -eq 2 ]
}

@test "pcap reader: a record longer than the caller's buffer is cut to it and the next one follows" {
    run -0 --separate-stderr "$U/test-pcap" read "$D/e.pcap" 20
    [ "${#lines[@]}" -eq 5 ]
    [ "${lines[1]}" = "20 47 1700000000.125000" ]
    [ "${lines[4]}" = "$(sed -n 2p "$D/written" | cut -d' ' -f1-20)" ]
    [ "$(grep -c '^test-pcap: record of 47 bytes cut to 20: longer than the buffer of 20$' <<<"$stderr")" -eq 2 ]
}

@test "pcap reader: a 65549-byte frame (the largest IPv4 packet in Ethernet) and the frame after it" {
    f=$D/big.pcap
    { printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\0\0\0\0\0\0\0\0\0\0\x04\0\x01\0\0\0'
      printf '\0\0\0\0\0\0\0\0\x0d\x00\x01\x00\x0d\x00\x01\x00'       # 65549
      printf '\x02\0\0\0\0\x02\x02\0\0\0\0\x01\x08\x00'
      printf '\x45\x00\xff\xff\x00\x07\x00\x00\x40\x11\x00\x00\xc0\x00\x02\x01\xc0\x00\x02\x02'
      head -c 65515 /dev/zero
      tail -c +25 "$D/e.pcap" | head -c $((16 + 47)); } >"$f"
    run -0 --separate-stderr tcpdump -r "$f" -n
    [ "${#lines[@]}" -eq 2 ]
    run -0 --separate-stderr "$PROG" -r "$f"
    [ -z "$stderr" ]
    [ "$(grep '^packet' <<<"$output" | paste -sd,)" = "packet 1: 65535 bytes,packet 2: 33 bytes" ]
    grep -qx '  id:              0x0007 (7)' <<<"$output"
}

@test "pcap reader: the link type is its low 16 bits; the FCS bits (0x04000000, length in the top 4) drop the FCS" {
    f=$D/fcs.pcap
    # link type 0x24000001: Ethernet, FCS present, 2 16-bit words
    perl -0777 -ne 'print substr($_, 0, 20), pack("V", 0x24000001);
        for (my $o = 24; $o < length; $o += 16 + $r[2]) {
            @r = unpack("V4", substr($_, $o, 16));
            print pack("V4", $r[0], $r[1], $r[2] + 4, $r[3] + 4),
                  substr($_, $o + 16, $r[2]), "\xde\xad\xbe\xef" }' "$D/e.pcap" >"$f"
    run -0 --separate-stderr tcpdump -r "$f" -n
    [ "${#lines[@]}" -eq 2 ]
    [[ $stderr == *"link-type EN10MB"* ]]
    run -0 "$U/test-pcap" read "$f"
    [ "${lines[0]}" = "linktype 1 snaplen 65535 fcs 4" ]
    [ "${lines[1]}" = "47 47 1700000000.125000" ]
    [ "$(printf '%s\n' "${lines[2]}" "${lines[4]}")" = "$(cat "$D/written")" ]
    run -0 --separate-stderr "$PROG" -r "$f"
    [ -z "$stderr" ]
    [ "$(grep -c '^packet [12]: 33 bytes$' <<<"$output")" -eq 2 ]
    # cut by a snap length inside the FCS: only the FCS bytes go
    patch32 "$f" 16 49
    run -0 --separate-stderr "$U/test-pcap" read "$f"
    [ "${lines[1]}" = "47 47 1700000000.125000" ]
}

@test "pcap reader: microsecond and nanosecond files, little- and big-endian, and the modified format, read as tcpdump reads them" {
    editcap -F nsecpcap "$D/e.pcap" "$D/ns.pcap"
    editcap -F modpcap "$D/e.pcap" "$D/mod.pcap"
    to_be "$D/e.pcap" "$D/be.pcap"
    to_be "$D/ns.pcap" "$D/bens.pcap"
    [ "$(head -c 4 "$D/bens.pcap" | od -An -tx1 | tr -d ' ')" = a1b23c4d ]
    for f in e ns be bens mod; do
        run -0 --separate-stderr "$U/test-pcap" read "$D/$f.pcap"
        [ "${#lines[@]}" -eq 5 ]
        [ "$(printf '%s\n' "${lines[2]}" "${lines[4]}")" = "$(cat "$D/written")" ]
        prec=micro
        if [[ $f == *ns ]]; then prec=nano; fi
        ours=$(printf '%s\n' "${lines[1]}" "${lines[3]}" | cut -d' ' -f3)
        theirs=$(tcpdump -r "$D/$f.pcap" -n -tt --time-stamp-precision=$prec 2>/dev/null | cut -d' ' -f1)
        [ "$ours" = "$theirs" ]
    done
    [ "$(printf '%s\n' "${lines[1]}" | cut -d' ' -f3)" = 1700000000.125000 ]
    [ "$(tcpdump -r "$D/ns.pcap" -n -tt --time-stamp-precision=nano 2>/dev/null | head -n 1 | cut -d' ' -f1)" = 1700000000.125000000 ]
}

@test "pcap reader: snap length 0 in the header means no limit, as libpcap reads it" {
    cp "$D/e.pcap" "$D/z.pcap"
    patch32 "$D/z.pcap" 16 0
    run -0 --separate-stderr tcpdump -r "$D/z.pcap" -n
    [ "${#lines[@]}" -eq 2 ]
    run -0 --separate-stderr "$U/test-pcap" read "$D/z.pcap"
    [ -z "$stderr" ]
    [ "${lines[0]}" = "linktype 1 snaplen 262144 fcs 0" ]
    [ "${lines[1]}" = "47 47 1700000000.125000" ]
}

@test "pcap reader: a pcapng file is refused in one line with the editcap hint; a version 1.0 file too" {
    editcap -F pcapng "$D/e.pcap" "$D/e.pcapng"
    run -2 --separate-stderr "$PROG" -r "$D/e.pcapng"
    [ -z "$output" ]
    [ "$stderr" = "02-ip-header: $D/e.pcapng: not a pcap file: bad magic 0a 0d 0d 0a (a pcapng file? convert it with: editcap -F pcap IN OUT)" ]
    cp "$D/e.pcap" "$D/v1.pcap"
    printf '\x01\x00\x00\x00' | dd of="$D/v1.pcap" bs=1 seek=4 conv=notrunc status=none
    run -2 --separate-stderr "$PROG" -r "$D/v1.pcap"
    [ "$stderr" = "02-ip-header: $D/v1.pcap: bad pcap header: version 1.0, only 2.x is read" ]
}

@test "02-ip-header -r: a capture cut by tcpdump -s: the header as far as its bytes go, then [|ip], as tcpdump marks it" {
    "$PROG" -r "$D/e.pcap" >"$D/full"
    for s in 40 30 20 14; do
        editcap -F pcap -s $s "$D/e.pcap" "$D/s$s.pcap"
        run -0 --separate-stderr "$PROG" -r "$D/s$s.pcap"
        [ -z "$stderr" ]
        echo "$output" >"$D/out$s"
        [ "$(grep -c '^packet' "$D/out$s")" -eq 2 ]
    done
    # -s 40: the IP header whole (26 of 33 bytes): every line as uncut
    diff <(grep -v '^packet' "$D/out40") <(grep -v '^packet' "$D/full")
    grep -qx 'packet 1: 33 bytes, 26 captured' "$D/out40"
    # -s 30: 16 bytes of IP: up to the source, the checksum unverifiable
    [ "$(sed -n '/^packet 1/,/^packet 2/p' "$D/out30" | sed '1d;$d')" = "$(sed -n '/^packet 1/,/^  source/p' "$D/full" | sed '1d' |
        sed 's/^\(  checksum: *0x....\) correct$/\1 [|ip]/'; echo '  [|ip]')" ]
    run -0 --separate-stderr tcpdump -r "$D/s30.pcap" -n -v
    [[ ${lines[0]} == *"IP  [|ip]" ]]
    # -s 20: 6 bytes of IP: up to the id
    [ "$(sed -n '/^packet 1/,/^packet 2/p' "$D/out20" | sed '$d' | tail -n 2 | paste -sd,)" = "  id:              0x0001 (1),  [|ip]" ]
    # -s 14: the Ethernet header and no IP byte at all
    [ "$(sed -n 1,2p "$D/out14" | paste -sd,)" = "packet 1: 33 bytes, 0 captured,  [|ip]" ]
}

@test "02-ip-header -r: a frame really shorter than its IPv4 header (caplen = origlen) is still skipped with the reason" {
    cp "$D/e.pcap" "$D/r.pcap"
    patch32 "$D/r.pcap" $((24 + 8)) 30     # first record: 30 bytes, wire 30
    patch32 "$D/r.pcap" $((24 + 12)) 30
    perl -0777 -i -pe 'substr($_, 24 + 16 + 30, 17) = ""' "$D/r.pcap"
    run -0 --separate-stderr "$PROG" -r "$D/r.pcap"
    [ "$stderr" = "02-ip-header: skipped a packet of 16 bytes: shorter than an IPv4 header (20 bytes)" ]
    [ "$(grep '^packet' <<<"$output")" = "packet 1: 33 bytes" ]
}
