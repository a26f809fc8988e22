#!/usr/bin/env bats
# part2-link-layer/02-ip-header: every header field against tshark's decode
# of a capture of the same packets; options (Record Route from ping -R, and
# malformed ones from a pcap written here byte by byte).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark ping
    PROG=$P2/02-ip-header
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

FIELDS=(ip.version ip.hdr_len ip.dsfield.dscp ip.dsfield.ecn ip.len ip.id
        ip.flags.df ip.flags.mf ip.frag_offset ip.ttl ip.proto ip.checksum
        ip.checksum.status ip.src ip.dst)

# our output -> one tab-separated line a packet, in tshark's FIELDS order
as_fields() {
    awk -F': +' '
        function out() { if (n) print v "\t" ihl "\t" dscp "\t" ecn "\t" len "\t" id "\t" df "\t" mf "\t" off "\t" ttl "\t" pr "\t" sum "\t" st "\t" src "\t" dst }
        /^packet / { out(); n = 1 }
        $1 == "  version" { v = $2 }
        $1 == "  IHL" { split($2, a, /[( ]+/); ihl = a[2] }
        $1 == "  DSCP" { dscp = $2 }
        $1 == "  ECN" { split($2, a, " "); ecn = a[1] }
        $1 == "  total length" { len = $2 }
        $1 == "  id" { split($2, a, " "); id = a[1] }
        $1 == "  flags" { df = ($2 ~ /DF/); mf = ($2 ~ /MF/) }
        $1 == "  fragment offset" { split($2, a, " "); off = a[1] }
        $1 == "  TTL" { ttl = $2 }
        $1 == "  protocol" { split($2, a, /[()]/); pr = a[2] }
        $1 == "  checksum" { split($2, a, " "); sum = a[1]; st = (a[2] == "correct") }
        $1 == "  source" { src = $2 }
        $1 == "  destination" { dst = $2 }
        END { out() }' "$1"
}

@test "02-ip-header: every field of three pings equals tshark's decode of the wire" {
    ns_pair
    capture_start a "$CAP" icmp and src "$IP_B"
    nsx a "$PROG" -c 3 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
    nsx b ping -c 1 -W 2 -t 33 -Q 0xb9 "$IP_A" >/dev/null     # TTL 33, DSCP 46, ECN 1
    nsx b ping -c 1 -W 2 -M dont -s 100 "$IP_A" >/dev/null     # no DF, 128 bytes
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    as_fields "$OUT" >"$BATS_TEST_TMPDIR/ours"
    tshark_fields "$CAP" 'icmp.type == 8' "${FIELDS[@]}" >"$BATS_TEST_TMPDIR/theirs"
    [ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -eq 3 ]
    diff "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/theirs"
    # the variations really are there (a decoder stuck on one value fails)
    cut -f3,4,7,10 "$BATS_TEST_TMPDIR/ours" | paste -sd' ' | grep -qx \
        $'0\t0\t1\t64 46\t1\t1\t33 0\t0\t0\t64'
    # ECN by name (RFC 3168): 00 Not-ECT, 01 ECT(1), 10 ECT(0), 11 CE
    [ "$(grep '^  ECN:' "$OUT" | awk '{print $2, $3}' | paste -sd,)" = "0 Not-ECT,1 ECT(1),0 Not-ECT" ]
}

@test "02-ip-header -r: an Ethernet capture with ARP in it; the IPv4 frames only, none skipped" {
    ns_pair
    capture_start a "$CAP"                # no filter: b's ARP request first
    nsx b ping -c 2 -W 2 "$IP_A" >/dev/null
    capture_stop
    [ "$(tshark_fields "$CAP" 'arp' frame.number | wc -l)" -ge 1 ]
    run -0 --separate-stderr "$PROG" -r "$CAP"
    [ -z "$stderr" ]                      # EtherType 0806 is not read as IPv4
    [ "$(grep -c '^packet ' <<<"$output")" -eq 4 ]
    [ "$(tshark_fields "$CAP" 'ip' frame.number | wc -l)" -eq 4 ]
}

@test "02-ip-header -r: fragments on the wire (MF, offset in bytes) as tshark reads them" {
    ns_pair
    capture_start a "$CAP" icmp and src "$IP_B"
    nsx b ping -c 1 -W 2 -s 3000 "$IP_A" >/dev/null
    capture_stop
    run -0 --separate-stderr "$PROG" -r "$CAP"
    echo "$output" >"$OUT"
    as_fields "$OUT" >"$BATS_TEST_TMPDIR/ours"
    # tshark 4.0 gives ip.frag_offset in 8-byte units; we print bytes
    tshark_fields "$CAP" 'ip' "${FIELDS[@]}" |
        awk -F'\t' -v OFS='\t' '{ $9 = $9 * 8; print }' >"$BATS_TEST_TMPDIR/theirs"
    [ "$(wc -l <"$BATS_TEST_TMPDIR/theirs")" -eq 3 ]
    diff "$BATS_TEST_TMPDIR/ours" "$BATS_TEST_TMPDIR/theirs"
    [ "$(cut -f8,9 "$BATS_TEST_TMPDIR/ours" | paste -sd' ')" = $'1\t0 1\t1480 0\t2960' ]
}

@test "02-ip-header: ping -R - Record Route, and the receiver's kernel writing in it" {
    ns_pair
    capture_start a "$CAP" icmp and src "$IP_B"
    nsx a "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 1 -W 2 -R "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    read -r ptr rec sum < <(tshark_fields "$CAP" 'icmp.type == 8' \
        ip.opt.ptr ip.rec_rt ip.checksum | tr '\t' ' ')
    [ "$ptr" = 8 ]
    [ "$rec" = "$IP_B" ]
    # the wire copy, decoded by us: the sender's address, checksum correct
    run -0 --separate-stderr "$PROG" -r "$CAP"
    [[ $output == *"  option:          No Operation (1)"$'\n'"  option:          Record Route (7), 39 bytes, pointer 8: $IP_B"* ]]
    grep -q "checksum:        $sum correct" <<<"$output"
    # what the raw socket got: a's kernel recorded its own address (pointer
    # 12) before handing it over, and did not redo the checksum
    grep -qx "  option:          Record Route (7), 39 bytes, pointer 12: $IP_B $IP_A" "$OUT"
    # what it should be, by RFC 1624: the old sum plus the words that changed
    # (0x2708 -> 0x270C at offset 22, 0000 0000 -> the address at 28-31)
    IFS=. read -r q1 q2 q3 q4 <<<"$IP_A"
    s=$(( (~sum & 0xffff) + 0x270C + (~0x2708 & 0xffff) + (q1 << 8 | q2) + (q3 << 8 | q4) ))
    while (( s >> 16 )); do s=$(( (s & 0xffff) + (s >> 16) )); done
    grep -qx "  checksum:        $sum WRONG, should be $(printf '0x%04x' $(( ~s & 0xffff )))" "$OUT"
}

# pcap_raw FILE PACKET-HEX...: a pcap of link type 101 (raw IP), one record
# a packet, little-endian headers written out by hand.
pcap_raw() {
    local file=$1 p n le
    shift
    printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\0\0\0\0\0\0\0\0\xff\xff\0\0\x65\0\0\0' >"$file"
    for p in "$@"; do
        n=$(( ${#p} / 2 ))
        le=$(printf '\\x%02x\\x%02x\\0\\0' $((n & 255)) $((n >> 8)))
        printf "\\0\\0\\0\\0\\0\\0\\0\\0$le$le" >>"$file"
        printf "$(sed 's/../\\x&/g' <<<"$p")" >>"$file"
    done
}

@test "02-ip-header -r: options by name, unknown by number, malformed ones reported" {
    hdr6=46000018000000004001000001020304050607    # IHL 6, total 24 (+1 below)
    hdr8=4800002000000000400100000102030405060708   # IHL 8, total 32
    pcap_raw "$BATS_TEST_TMPDIR/opt.pcap" \
        "${hdr6}08""07010000" \
        "${hdr8}""019e040000""01010101010183" \
        "${hdr8}""94040000""44280500""00000000" \
        "${hdr8}""820b0000""00000000""00000000" \
        "45000014"                                   # cut short: 4 bytes
    run -0 --separate-stderr "$PROG" -r "$BATS_TEST_TMPDIR/opt.pcap"
    [ "$(grep -c '^packet ' <<<"$output")" -eq 4 ]
    nop="  option:          No Operation (1)"
    [ "$(grep '^  option' <<<"$output")" = "$(cat <<END
  option:          Record Route (7), malformed: length 1, 4 bytes left
$nop
  option:          unknown (158), 4 bytes
$nop
$nop
$nop
$nop
$nop
$nop
  option:          Loose Source Route (131), malformed: no length byte
  option:          Router Alert (148), 4 bytes, value 0
  option:          Timestamp (68), malformed: length 40, 8 bytes left
  option:          Security (130), 11 bytes
  option:          End of List (0)
END
)" ]
    [ "$stderr" = "02-ip-header: skipped a packet of 4 bytes: shorter than an IPv4 header (20 bytes)" ]
}

@test "02-ip-header -r on a missing file: exit 2, one line naming the file once" {
    run -2 --separate-stderr "$P2/02-ip-header" -r "$BATS_TEST_TMPDIR/none.pcap"
    [ "$stderr" = "02-ip-header: $BATS_TEST_TMPDIR/none.pcap: opening the file: No such file or directory (ENOENT)" ]
}
