#!/usr/bin/env bats
# part2-link-layer/04-kernel-fills: raw(7)'s table of IP_HDRINCL fill-ins,
# measured. Witnesses: tcpdump on lo (the interface the packets cross)
# decoded by tshark, and raw(7)'s own table; -n bytes checked by hand.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark
    PROG=$P2/04-kernel-fills
    OUT=$BATS_TEST_TMPDIR/out CAP=$BATS_TEST_TMPDIR/lo.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# the 20 header bytes of a "% X" line, checksum included, sum to 0xFFFF:
# their checksum (RFC 1071) is 00 00
sums_ok() {
    [ "$(inet_csum $(bytes_at "$1" 1 20))" = "00 00" ]
}


# col LINE N: column N of the table (fixed widths 14, 15, 15, 10, rest)
col() {
    local -a start=(0 1 16 32 48 59) width=(0 14 15 15 10 99)
    echo "${1:$((start[$2] - 1)):${width[$2]}}" | sed 's/ *$//'
}

@test "04-kernel-fills -n: nine correct headers, each with one field changed" {
    run -0 --separate-stderr "$PROG" -n
    [ "${#lines[@]}" -eq 9 ]
    # row 1, by hand (RFC 791): 24 bytes, id 0x1111, TTL 64, protocol 253,
    # checksum 0, 127.0.0.1 -> 127.0.0.1, then "KF", 00, row 0
    [ "${lines[0]}" = "45 00 00 18 11 11 00 00 40 FD 00 00 7F 00 00 01 7F 00 00 01 4B 46 00 00" ]
    [ "$(bytes_at "${lines[1]}" 11 2)" = "DE AD" ]
    # every other row: its field changed, the checksum right for that header
    [ "$(bytes_at "${lines[2]}" 3 2)" = "00 00" ]; sums_ok "${lines[2]}"
    [ "$(bytes_at "${lines[3]}" 3 2)" = "03 E8" ]; sums_ok "${lines[3]}"
    [ "$(bytes_at "${lines[4]}" 5 2)" = "00 00" ]; sums_ok "${lines[4]}"
    [ "$(bytes_at "${lines[5]}" 5 2)" = "BE EF" ]; sums_ok "${lines[5]}"
    [ "$(bytes_at "${lines[6]}" 5 4)" = "00 00 40 00" ]; sums_ok "${lines[6]}"
    [ "$(bytes_at "${lines[7]}" 13 4)" = "00 00 00 00" ]; sums_ok "${lines[7]}"
    [ "$(bytes_at "${lines[8]}" 13 4)" = "C6 33 64 07" ]; sums_ok "${lines[8]}"
}

@test "04-kernel-fills: the table follows raw(7) and agrees with tshark on lo" {
    ns_pair
    CAP_IF=lo capture_start a "$CAP" 'ip proto 253'
    run -0 --separate-stderr nsx a "$PROG"
    capture_stop 9                          # the nine rows' packets
    [ "${#lines[@]}" -eq 10 ]
    # raw(7): checksum and total length always filled in ...
    for r in 1 2 3 4; do
        [ "$(col "${lines[$r]}" 4)" = kernel ] && [ "$(col "${lines[$r]}" 5)" = kernel ]
    done
    # ... id and source filled in when zero, kept otherwise
    [ "$(col "${lines[5]}" 2) $(col "${lines[5]}" 4)" = "0x0000 kernel" ]
    [ "$(col "${lines[6]}" 3) $(col "${lines[6]}" 4)" = "0xbeef us" ]
    [ "$(col "${lines[8]}" 3) $(col "${lines[8]}" 4)" = "127.0.0.1 kernel" ]
    [ "$(col "${lines[9]}" 3) $(col "${lines[9]}" 4)" = "198.51.100.7 us" ]
    [ "$(col "${lines[3]}" 3)" = 24 ] && [ "$(col "${lines[4]}" 3)" = 24 ]
    # "written by" is judged from the row itself: us when what arrived is
    # what we wrote, the kernel otherwise (not copied from raw(7)'s column)
    for r in 1 2 3 4 5 6 7 8 9; do
        if [ "$(col "${lines[$r]}" 2)" = "$(col "${lines[$r]}" 3)" ]; then
            [ "$(col "${lines[$r]}" 4)" = us ]
        else
            [ "$(col "${lines[$r]}" 4)" = kernel ]
        fi
    done
    # id 0 with DF set: this kernel leaves it 0 (RFC 6864), unlike raw(7)
    [ "$(col "${lines[7]}" 3) $(col "${lines[7]}" 4)" = "0x0000 us" ]
    [[ ${lines[7]} == *"<- not as raw(7) says" ]]
    # the last column flags exactly the rows where the kernel did otherwise
    for r in 1 2 3 4 5 6 7 8 9; do
        if [ "$(col "${lines[$r]}" 4)" = "$(col "${lines[$r]}" 5 | cut -d' ' -f1)" ]; then
            [[ ${lines[$r]} != *"not as raw(7) says"* ]]
        else
            [[ ${lines[$r]} == *"<- not as raw(7) says" ]]
        fi
    done
    # the "arrived" column is what crossed lo, packet by packet
    mapfile -t wire < <(tshark_fields "$CAP" 'ip.proto == 253' \
        ip.checksum ip.len ip.id ip.src ip.checksum.status)
    [ "${#wire[@]}" -eq 9 ]
    want=(1 1 2 2 3 3 3 4 4)          # which tshark field each row is about
    for i in 0 1 2 3 4 5 6 7 8; do
        read -r -a f <<<"${wire[$i]}"
        [ "${f[4]}" = 1 ]                           # every checksum good
        [ "$(col "${lines[$((i + 1))]}" 3)" = "${f[$((want[i] - 1))]}" ]
    done
}

@test "04-kernel-fills HOST: another address of ours fills in that source" {
    ns_pair
    run -0 --separate-stderr nsx a "$PROG" "$IP_A"
    [[ ${lines[8]} == "source "*" 0.0.0.0 "*" $IP_A "*" kernel "*kernel ]]
}

@test "04-kernel-fills HOST not ours: exit 2 and why" {
    ns_pair
    run -2 --separate-stderr nsx a "$PROG" "$IP_B"
    # bind() comes before root is given up and before "listening on"
    [ "${#stderr_lines[@]}" -eq 1 ]
    [ "${stderr_lines[0]}" = "04-kernel-fills: $IP_B is not an address of this machine: the packets must come back to us" ]
    [ -z "$output" ]
}
