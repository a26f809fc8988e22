#!/usr/bin/env bats
# part1-ip-layer/06-own-protocol: messages over IP protocol 253 between two
# namespaces; the capture (tshark) and the peer's kernel are the witnesses:
# with a listener it stays quiet, without one it answers "protocol
# unreachable" (ICMP type 3 code 2).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark od perl
    PROG=$P1/06-own-protocol
    ns_pair
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# hex_of STRING: its bytes as "% X" (two upper-case digits, single spaces).
hex_of() {
    printf '%s' "$1" | od -An -v -tx1 | tr -s ' \n' ' ' | sed 's/^ //; s/ $//' | tr a-f A-F
}

# own_bytes MESSAGE: the packet as the protocol's layout says, written out
# here: 'W' 'B' version 1 type 1, length (16 bits), the RFC 1071 checksum
# (shell arithmetic over header and message, an odd last byte padded with 0).
own_bytes() {
    local msg=$1 len hdr sum b i words=()
    len=$(printf '%s' "$msg" | wc -c)
    hdr=$(printf '57 42 01 01 %02X %02X' $((len >> 8)) $((len & 255)))
    sum=0
    for b in $hdr 00 00 $(hex_of "$msg") 00; do        # 00: the pad byte
        words+=("$b")
    done
    for ((i = 0; i + 1 < ${#words[@]}; i += 2)); do
        sum=$((sum + 0x${words[i]} * 256 + 0x${words[i + 1]}))
    done
    while ((sum > 0xFFFF)); do sum=$(((sum >> 16) + (sum & 0xFFFF))); done
    sum=$((0xFFFF - sum))
    sum=$(printf '%02X %02X' $((sum >> 8)) $((sum & 255)))
    echo "$hdr $sum $(hex_of "$msg")"
}

@test "06-own-protocol: a message crosses to the peer, which prints exactly it and the sender" {
    msg='hello over protocol 253, from b!'
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" 'ip proto 253 or icmp'
    nsx a "$PROG" listen -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on .*253'
    run -0 nsx b "$PROG" send "$IP_A" "$msg"
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    [ "$(cat "$OUT")" = "IP $IP_B > $IP_A: ip-proto-253, message ${#msg} bytes: $msg" ]
    # the wire: one IPv4 packet of protocol 253, header checksum good,
    # carrying our 8-byte header and the message
    run -0 tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'ip.proto == 253' \
        ip.src ip.dst ip.checksum.status data.data
    [ "${#lines[@]}" -eq 1 ]
    want=$(own_bytes "$msg" | tr -d ' ' | tr A-F a-f)
    [ "$output" = "$IP_B	$IP_A	1	$want" ]
    # a socket is open for 253: the kernel sent no protocol unreachable
    [ -z "$(tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp.type == 3' icmp.code)" ]
}

@test "06-own-protocol send -n: the bytes of the layout, checksum by shell arithmetic (odd length)" {
    msg='Hi, RFC 3692'
    if [ $(( ${#msg} % 2 )) -eq 0 ]; then msg="$msg!"; fi
    run -0 --separate-stderr "$PROG" send -n 192.0.2.1 "$msg"
    [ "$output" = "$(own_bytes "$msg")" ]
    [ -z "$stderr" ]
}

@test "06-own-protocol listen -c 2: two messages, in order, then exit 0" {
    nsx a "$PROG" listen -c 2 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b "$PROG" send "$IP_A" one >/dev/null
    nsx b "$PROG" send "$IP_A" 'two \ three' >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(sed -n 1p "$OUT")" = "IP $IP_B > $IP_A: ip-proto-253, message 3 bytes: one" ]
    # a backslash is shown escaped, so every byte can be told apart
    [ "$(sed -n 2p "$OUT")" = "IP $IP_B > $IP_A: ip-proto-253, message 11 bytes: two \\x5c three" ]
}

# send_raw HOST DST BYTES...: one protocol-253 packet of hex BYTES from
# HOST's raw socket (perl), so the listener meets packets 06 did not build.
send_raw() {
    local host=$1 dst=$2
    shift 2
    nsx "$host" perl -MSocket -e 'socket(my $s, PF_INET, SOCK_RAW, 253) or die "socket: $!";
        send($s, pack("H*", $ARGV[1]), 0, pack_sockaddr_in(0, inet_aton($ARGV[0]))) or die "send: $!"' \
        "$dst" "$(echo "$@" | tr -d ' ')"
}

@test "06-own-protocol listen: a bad checksum, length, version or magic is reported and skipped" {
    read -ra good <<<"$(own_bytes 'hi!')"              # 57 42 01 01 00 03 CK CK 68 69 21
    bad_sum=("${good[@]}"); bad_sum[7]=$(printf '%02X' $(( (16#${good[7]} + 1) & 255 )))
    # the length says 2, the IP packet carries 3: checksum fixed up to match
    short=(57 42 01 01 00 02 00 00 68 69 21); ck=$(inet_csum "${short[@]}")
    short[6]=${ck% *} short[7]=${ck#* }
    v2=(57 42 02 01 00 03 00 00 68 69 21); ck=$(inet_csum "${v2[@]}")
    v2[6]=${ck% *} v2[7]=${ck#* }
    nsx a "$PROG" listen -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    send_raw b "$IP_A" "${bad_sum[@]}"
    send_raw b "$IP_A" "${short[@]}"
    send_raw b "$IP_A" "${v2[@]}"
    send_raw b "$IP_A" 58 42 01 01 00 03 00 00 68 69 21   # 'XB': someone else's
    send_raw b "$IP_A" 57 42 01                           # shorter than our header
    send_raw b "$IP_A" "${good[@]}"
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(cat "$OUT")" = "IP $IP_B > $IP_A: ip-proto-253, message 3 bytes: hi!" ]
    mapfile -t e < <(grep -v 'listening on' "$ERR")
    [ "${#e[@]}" -eq 5 ]
    [ "${e[0]}" = "06-own-protocol: skipped a packet from $IP_B, 11 bytes: bad checksum" ]
    [ "${e[1]}" = "06-own-protocol: skipped a packet from $IP_B, 11 bytes: message length does not match the IP length" ]
    [ "${e[2]}" = "06-own-protocol: skipped a packet from $IP_B, 11 bytes: unknown version or type" ]
    [ "${e[3]}" = "06-own-protocol: skipped a packet from $IP_B, 11 bytes: not ours (no 'WB' magic)" ]
    [ "${e[4]}" = "06-own-protocol: skipped a packet from $IP_B, 3 bytes: not ours (no 'WB' magic)" ]
}

@test "06-own-protocol listen -t 1: nothing arrives, exit 1 after about a second" {
    start=$(date +%s%N)
    run -1 --separate-stderr nsx a "$PROG" listen -t 1
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$elapsed" -ge 900 ]
    [ -z "$output" ]
}

@test "06-own-protocol: bad usage exits 2 with one line on stderr" {
    run -2 --separate-stderr "$PROG" send 192.0.2.1
    [[ $stderr == "06-own-protocol: missing MESSAGE; usage: 06-own-protocol listen "* ]]
    [ -z "$output" ]
    run -2 --separate-stderr "$PROG" listen -n
    run -2 --separate-stderr "$PROG" send -c 1 192.0.2.1 hi
    # one IPv4 packet holds 65535 - 20 (IPv4) - 8 (ours) = 65507 message bytes
    run -2 --separate-stderr "$PROG" send -n 192.0.2.1 "$(printf '%65508s' '')"
    [ "$stderr" = "06-own-protocol: message too long: 65508 bytes, at most 65507" ]
    run -0 "$PROG" send -n 192.0.2.1 "$(printf '%65507s' '')"
    [ "$(echo "$output" | wc -w)" -eq $((8 + 65507)) ]
    run -0 "$PROG" --help
    [[ ${lines[0]} == "usage: 06-own-protocol listen "* ]]
}

@test "06-own-protocol as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/06-own-protocol" send 192.0.2.1 hi
    rm -rf "$dir"
    [ "${stderr_lines[0]}" = "06-own-protocol: socket(AF_INET, SOCK_RAW, 253): Operation not permitted (EPERM)" ]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"*"sudo ./06-own-protocol"* ]]
}

@test "06-own-protocol: with no listener the peer's kernel answers protocol unreachable (3/2)" {
    msg='is anybody there?'
    capture_start b "$BATS_TEST_TMPDIR/cap.pcap" 'ip proto 253 or icmp'
    # 02-recv-explained in the sending namespace: the reader's view of it
    nsx b "$P1/02-recv-explained" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    before=$(nstat_get a IcmpOutDestUnreachs)
    run -0 nsx b "$PROG" send "$IP_A" "$msg"
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    # ICMP length: its 8-byte header, then our whole packet quoted: the
    # 20-byte IPv4 header, our 8-byte header and the message
    [ "$(cat "$OUT")" = "IP $IP_A > $IP_B: ICMP $IP_A protocol 253 unreachable, length $((8 + 20 + 8 + ${#msg}))" ]
    # the witness: the capture holds a's kernel's answer, checksum good
    # (tshark lists the outer header's field, then the quoted one's: our
    # own packet, b to a, protocol 253, comes back inside the error)
    run -0 tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp' \
        ip.src ip.dst icmp.type icmp.code icmp.checksum.status ip.proto
    [ "$output" = "$IP_A,$IP_B	$IP_B,$IP_A	3	2	1	1,253" ]
    [ "$(nstat_get a IcmpOutDestUnreachs)" -eq $((before + 1)) ]
}
