#!/usr/bin/env bats
# Malformed pcap files from our own generator (tests/unit/test-badpcap.c),
# through every program whose --help offers "-r FILE" (found by itself):
# a bad file is refused in one line naming the file, exit 2, after the
# frames before the damage; a bad frame is decoded as far as its bytes go
# and marked, and the good frame after it (an echo request, IPv4 id 0x600d)
# is decoded too. Never a crash, never a hang (and under make check, never
# a sanitizer report: those exit 86).

setup() {
    load helpers/common
    D=$BATS_TEST_TMPDIR
    "$UNIT/test-badpcap" "$D" >"$D/cases"
    READERS=()
    for p in "$TOP"/part*/[0-9][0-9]-*; do
        [[ $p == *.c ]] && continue
        if [ -x "$p" ] && "$p" --help 2>/dev/null | grep -qE '^ +-r FILE'; then READERS+=("$p"); fi
    done
}

# runs PROG FILE: bounded, status in $rc, stdout in $D/out, stderr in $D/err
runs() {
    rc=0
    timeout -k 1 10 "$1" -r "$2" >"$D/out" 2>"$D/err" || rc=$?
}

@test "bad pcap: the generator writes every case the issue lists" {
    for c in bad-magic header-cut record-header-cut record-past-file snaplen-0 \
             caplen-0 caplen-1 caplen-ffffffff ihl-below-5 ihl-past-data \
             total-below-ihl total-past-data opt-len-past-hdr opt-len-0 opt-len-1 \
             icmp-quote-cut tcp-doff-below-5 tcp-doff-past arp-odd-lengths \
             vlan-16-bytes ip6-plen-past ip6-ext-loop ip6-ext-chain ip6-hbh-not-first \
             len-0 len-below-caplen sll-short sll-hatype-unknown sll-proto-802-3 \
             sll-proto-802-2 sll-proto-000c sll-caplen-0; do
        grep -q "^$c " "$D/cases"
        [ -s "$D/$c.pcap" ]
    done
    # tcpdump reads the frame cases to the end: both frames, the good one last
    require_cmd tcpdump
    while read -r c kind; do
        [ "$kind" = frame ] || continue
        run -0 --separate-stderr tcpdump -r "$D/$c.pcap" -n
        [ "${#lines[@]}" -eq 2 ]
        [[ ${lines[1]} == *"192.0.2.2 > 192.0.2.1: ICMP echo request, id 119, seq 1, length 12" ]]
    done <"$D/cases"
}

@test "bad pcap: every -r program refuses a bad file in one line, exit 2, after the frames before the damage" {
    [ ${#READERS[@]} -ge 1 ]
    for p in "${READERS[@]}"; do
        name=${p##*/}
        while read -r c kind; do
            [ "$kind" = file ] || continue
            runs "$p" "$D/$c.pcap"
            echo "$name $c: exit $rc: $(cat "$D/err")"
            [ $rc -eq 2 ]
            [ "$(wc -l <"$D/err")" -eq 1 ]
            grep -q "^$name: $D/$c.pcap: " "$D/err"
            case $c in                   # one good frame before the damage
            record-*|caplen-ffffffff) grep -qE '0x600d|echo request' "$D/out" ;;
            *) [ ! -s "$D/out" ] ;;
            esac
        done <"$D/cases"
    done
}

@test "bad pcap: 02-ip-header -r marks each bad IPv4 header with what is wrong, then decodes the next frame" {
    PROG=$P2/02-ip-header
    while read -r c want; do
        runs "$PROG" "$D/$c.pcap"
        echo "$c: exit $rc: $(cat "$D/err")"
        [ $rc -eq 0 ]
        grep -qF -- "$want" "$D/out" "$D/err"
        [ "$(grep -c '^packet' "$D/out")" -ge 1 ]
        [ "$(tail -n 15 "$D/out" | grep -c '  id:              0x600d (24589)')" -eq 1 ]
    done <<'END'
ihl-below-5 skipped a packet of 28 bytes: IHL below 5
ihl-past-data skipped a packet of 28 bytes: IHL runs past the bytes read
total-below-ihl skipped a packet of 28 bytes: total length shorter than the header
total-past-data skipped a packet of 28 bytes: total length runs past the bytes read
opt-len-past-hdr option:          Record Route (7), malformed: length 40, 4 bytes left
opt-len-0 option:          Timestamp (68), malformed: length 0
opt-len-1 option:          Record Route (7), malformed: length 1
caplen-0 skipped a frame of 0 bytes: [|ether]
caplen-1 skipped a frame of 1 bytes: [|ether]
runt-13 skipped a frame of 13 bytes: [|ether]
END
}

@test "bad pcap: every -r program decodes the good frame after every bad one, exit 0, no crash" {
    for p in "${READERS[@]}"; do
        name=${p##*/}
        while read -r c kind; do
            [ "$kind" = frame ] || continue
            runs "$p" "$D/$c.pcap"
            echo "$name $c: exit $rc: $(head -c 300 "$D/err")"
            [ $rc -eq 0 ]
            grep -qE '0x600d|echo request' "$D/out"
            if [ -s "$D/err" ]; then             # what it says names it
                run grep -vc "^$name: " "$D/err"
                [ "$output" -eq 0 ]
            fi
        done <"$D/cases"
    done
}

# cases KIND: the generator's cases of KIND (frame, file, cooked)
cases() { awk -v k="$1" '$2 == k { print $1 }' "$D/cases"; }

# vs_tcpdump CASE: 02-decode -r's lines (exit 0) and tcpdump -t -n -e -r's
# for $D/CASE.pcap, in $ours and $theirs, both shown if the test fails
vs_tcpdump() {
    require_cmd tcpdump
    [ -x "$P3/02-decode" ] || skip "02-decode is not built"
    run -0 --separate-stderr "$P3/02-decode" -r "$D/$1.pcap"
    ours=$output
    theirs=$(tcpdump -t -n -e -r "$D/$1.pcap" 2>/dev/null)
    echo "$1: ours:   $ours"
    echo "$1: theirs: $theirs"
}

@test "bad pcap: 02-decode -r prints each bad frame as tcpdump -t -n -e does (its marks: [|proto], bad-hlen, truncated-ip, [Invalid header ...]), then the next frame" {
    [ "$(cases frame | wc -l)" -ge 25 ]
    for c in $(cases frame); do
        vs_tcpdump "$c"
        [ "$ours" = "$theirs" ]
    done
}

@test "bad pcap: 02-decode -r on odd Linux cooked headers (cut, unknown ARPHRD, odd address length, protocols below 0x0600) prints tcpdump -t -n -e's lines, then the next frame" {
    [ "$(cases cooked | wc -l)" -ge 11 ]
    for c in $(cases cooked); do
        vs_tcpdump "$c"
        case $c in
        sll-proto-802-[23])
            # tcpdump goes on into IPX and LLC, which 02-decode does not
            # decode (their bytes follow instead): the cooked header's
            # words agree, and the next frame's line
            [ "${ours%%: *}" = "${theirs%%: *}" ]
            [ "${ours##*$'\n'}" = "${theirs##*$'\n'}" ]
            ;;
        *)  [ "$ours" = "$theirs" ] ;;
        esac
        [[ ${ours##*$'\n'} == *"192.0.2.2 > 192.0.2.1: ICMP echo request, id 119, seq 1, length 12" ]]
    done
}
