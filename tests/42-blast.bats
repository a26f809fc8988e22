#!/usr/bin/env bats
# run.sh: alone (a flood that must not drop, or pacing: the CPUs to itself)
# part3-physical/12-blast: UDP frames to port 9 built once and stamped in
# place. Witnesses: the peer's kernel (nstat UdpNoPorts counts only
# datagrams whose IPv4 and UDP checksums were good), tshark's checksum
# verdicts, the peer's rx_packets, bytes this file builds itself, strace.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark strace setpriv nstat
    PROG=$P3/12-blast
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

hexbytes() { local m=${1//:/ }; echo "${m^^}"; }

# frame_expected SRC-MAC DST-MAC SRC-IP DST-IP SIZE SEQ: the frame as this
# file builds it, independently of the program, as "% X" (printf -v: no
# subshell per field, this runs on a busy machine).
frame_expected() {
    local size=$5 seq=$6 tot ulen ip udp pay ph csum n sa da len
    tot=$((size - 14)) ulen=$((size - 34))
    printf -v sa '%02X %02X %02X %02X' ${3//./ }
    printf -v da '%02X %02X %02X %02X' ${4//./ }
    printf -v ip '45 00 %02X %02X %02X %02X 40 00 40 11' $((tot >> 8)) $((tot & 255)) \
        $(((seq >> 8) & 255)) $((seq & 255))
    csum=$(inet_csum $ip 00 00 $sa $da)
    ip="$ip $csum $sa $da"
    printf -v pay '%02X %02X %02X %02X' $((seq >> 24)) $(((seq >> 16) & 255)) \
        $(((seq >> 8) & 255)) $((seq & 255))
    for ((n = 4; n < ulen - 8; n++)); do pay+=" 00"; done
    printf -v len '%02X %02X' $((ulen >> 8)) $((ulen & 255))
    udp="9C 40 00 09 $len"
    ph="$sa $da 00 11 $len"
    csum=$(inet_csum $ph $udp 00 00 $pay)
    if [ "$csum" = "00 00" ]; then csum="FF FF"; fi
    echo "$(hexbytes "$2") $(hexbytes "$1") 08 00 $ip $udp $csum $pay"
}

@test "12-blast -h, bad usage, a bad MAC, a size out of range, no privilege" {
    run -0 "$PROG" -h
    [[ "$output" == usage:* ]]
    run -2 --separate-stderr "$PROG" -i lo -c 1 192.0.2.2
    [[ "$stderr" == *usage:* ]]
    run -2 --separate-stderr "$PROG" -i lo -m 02:00:00:00:00:zz -c 1 192.0.2.2
    [[ "$stderr" == *"bad MAC"* ]]
    run -2 --separate-stderr "$PROG" -i lo -m 02:00:00:00:00:02 -c 1 -s 59 192.0.2.2
    run -2 --separate-stderr "$PROG" -i lo -m 02:00:00:00:00:02 -c 1 -s 1515 192.0.2.2
    run -2 --separate-stderr setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$PROG" -i lo -m 02:00:00:00:00:02 -c 1 127.0.0.1
    [[ "$stderr" == *"(EPERM)"* ]]
    [[ "$stderr" == *CAP_NET_RAW* ]]
}

@test "12-blast -n: frames 0, 1 and 99 (64 bytes) and 0, 1 (101 bytes, odd UDP length) equal the bytes built here; needs no privilege" {
    ns_pair
    ma=$(ns_mac a) mb=$(ns_mac b)
    nsx a setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$PROG" -n -i veth0 -m "$mb" -c 100 "$IP_B" >"$OUT"
    [ "$(wc -l <"$OUT")" -eq 100 ]
    for seq in 0 1 99; do
        [ "$(sed -n "$((seq + 1))p" "$OUT")" = "$(frame_expected "$ma" "$mb" $IP_A $IP_B 64 $seq)" ]
    done
    nsx a "$PROG" -n -i veth0 -m "$mb" -c 2 -s 101 "$IP_B" >"$OUT"
    [ "$(sed -n 1p "$OUT")" = "$(frame_expected "$ma" "$mb" $IP_A $IP_B 101 0)" ]
    [ "$(sed -n 2p "$OUT")" = "$(frame_expected "$ma" "$mb" $IP_A $IP_B 101 1)" ]
}

@test "12-blast: the peer's kernel takes every one of 3000 datagrams (UdpNoPorts +3000, rx_packets +3000, no checksum errors)" {
    ns_pair
    before=$(nstat_get b UdpNoPorts) rx0=$(ns_rx b)
    errs0=$(nstat_get b UdpInCsumErrors) hdr0=$(nstat_get b IpInHdrErrors)
    run -0 nsx a "$PROG" -i veth0 -m "$(ns_mac b)" -c 3000 "$IP_B"
    echo "$output"
    [[ "$output" == "3000 frames sent in "* ]]
    [ $(( $(nstat_get b UdpNoPorts) - before )) -eq 3000 ]
    [ $(( $(nstat_get b UdpInCsumErrors) - errs0 )) -eq 0 ]
    [ $(( $(nstat_get b IpInHdrErrors) - hdr0 )) -eq 0 ]
    # b's ICMP port unreachables make a resolve b: its ARP reply is one more
    rx=$(( $(ns_rx b) - rx0 ))
    [ "$rx" -ge 3000 ]
    [ "$rx" -le 3001 ]
}

@test "12-blast: tshark calls sampled frames well-formed with good checksums, across sequence 65535 -> 65536 (odd size 101)" {
    ns_pair
    # the sample: the first 50 and those around the carry into the high
    # word; 200 bytes a frame for the witness (its ring holds few frames of
    # the default 256 KiB snap length, and it would drop)
    capture_start b "$CAP" -s 200 -B 16384 \
        "udp dst port 9 and (udp[8:4] < 50 or (udp[8:4] > 65500 and udp[8:4] < 65600))"
    run -0 nsx a "$PROG" -i veth0 -m "$(ns_mac b)" -c 65600 -s 101 -R 400000 "$IP_B"
    capture_stop
    grep -q '^0 packets dropped by kernel' "$CAP.err"
    # port 9's payload decoded as data: tshark's heuristics would otherwise
    # take some zero-filled payloads for a STUN message and call it malformed
    tshark -r "$CAP" -n -d udp.port==9,data -o ip.check_checksum:TRUE \
        -o udp.check_checksum:TRUE -T fields -e frame.len -e ip.checksum.status \
        -e udp.checksum.status -e udp.srcport -e udp.dstport -e udp.length \
        -e _ws.expert.severity -e ip.id -e data.data 2>/dev/null >"$OUT"
    [ "$(wc -l <"$OUT")" -eq 149 ]
    # every frame: 101 bytes, both checksums good (1), ports 40000 -> 9,
    # UDP length 67, and no expert note (malformed, bad checksum) at all
    [ "$(awk -F'\t' '$1 != 101 || $2 != 1 || $3 != 1 || $4 != 40000 || $5 != 9 || $6 != 67 || $7 != ""' "$OUT")" = "" ]
    # the sequence numbers as sent, the IPv4 id their low 16 bits: 0..49,
    # then 65501..65599 across the carry
    awk -F'\t' '{ print $8, substr($9, 1, 8) }' "$OUT" >"$BATS_TEST_TMPDIR/seq"
    diff "$BATS_TEST_TMPDIR/seq" <(for s in $(seq 0 49) $(seq 65501 65599); do
        printf '0x%04x %08x\n' $((s & 0xffff)) "$s"; done)
}

@test "12-blast: one sendmmsg per 64 frames, the socket opened with protocol 0, bypass set, then bound (strace)" {
    ns_pair
    # (LeakSanitizer cannot run under ptrace: off for this run under make check)
    ASAN_OPTIONS=${ASAN_OPTIONS:-}:detect_leaks=0 \
    nsx a strace -f -e trace=socket,setsockopt,bind,sendmmsg,sendto,sendmsg,write \
        -o "$BATS_TEST_TMPDIR/trace" "$PROG" -i veth0 -m "$(ns_mac b)" -c 1000 "$IP_B" >/dev/null
    grep -E '^[0-9]+ +(socket\(AF_PACKET|setsockopt|bind)' "$BATS_TEST_TMPDIR/trace" |
        sed -E 's/^[0-9]+ +//' >"$BATS_TEST_TMPDIR/calls"
    cat "$BATS_TEST_TMPDIR/calls"
    [ "$(wc -l <"$BATS_TEST_TMPDIR/calls")" -eq 3 ]
    grep -qE '^socket\(AF_PACKET, SOCK_RAW, (0|htons\(0 .*\))\) = ' <(sed -n 1p "$BATS_TEST_TMPDIR/calls")
    grep -qE '^setsockopt\([0-9]+, SOL_PACKET, PACKET_QDISC_BYPASS, \[1\], 4\) = 0' <(sed -n 2p "$BATS_TEST_TMPDIR/calls")
    grep -qE '^bind\([0-9]+, \{sa_family=AF_PACKET, sll_protocol=htons\(0[ )]' <(sed -n 3p "$BATS_TEST_TMPDIR/calls")
    # 1000 frames: 15 batches of 64 and one of 40 (ENOBUFS would add calls;
    # the trace counts the ones that sent)
    grep -cE '^[0-9]+ +sendmmsg\(.*\) = (64|40)$' "$BATS_TEST_TMPDIR/trace" >"$OUT" || true
    [ "$(cat "$OUT")" -eq 16 ]
    [ "$(grep -cE '^[0-9]+ +(sendto|sendmsg)\(' "$BATS_TEST_TMPDIR/trace")" -eq 0 ]
}

@test "12-blast: past the qdisc, the frames are invisible to the sender's own tcpdump and all reach the peer" {
    ns_pair
    capture_start a "$CAP" udp
    rx0=$(ns_rx b)
    run -0 nsx a "$PROG" -i veth0 -m "$(ns_mac b)" -c 500 "$IP_B"
    capture_stop
    [ "$(tcpdump -n -r "$CAP" udp 2>/dev/null | wc -l)" -eq 0 ]
    [ $(( $(ns_rx b) - rx0 )) -ge 500 ]
}

# pace N RATE: run 12-blast -R RATE -c N, check its own figure within 10%
# of RATE, the wall time loosely (paced, not bursted, not stalled), and
# the peer's count.
pace() {
    local n=$1 rate=$2 t0 t1 ms fps rx0
    rx0=$(ns_rx b)
    t0=$(date +%s%N)
    run -0 nsx a "$PROG" -i veth0 -m "$(ns_mac b)" -c "$n" -R "$rate" "$IP_B"
    t1=$(date +%s%N)
    echo "$output"
    fps=$(echo "$output" | sed -n 's/.* s: \([0-9]*\) frames\/s.*/\1/p')
    [ "$fps" -ge $((rate * 90 / 100)) ]
    [ "$fps" -le $((rate * 110 / 100)) ]
    ms=$(( (t1 - t0) / 1000000 ))       # ideal: (n - 1) / rate
    echo "wall ${ms} ms"
    [ "$ms" -ge $(( (n - 1) * 1000 / rate * 90 / 100 )) ]
    [ "$ms" -le $(( n * 1000 / rate * 3 + 1000 )) ]
    [ $(( $(ns_rx b) - rx0 )) -ge "$n" ]
}

@test "12-blast -R: 1,000 and 10,000 frames/s within 10% (its clock), and the wall time agrees" {
    ns_pair
    pace 600 1000
    pace 6000 10000
}
