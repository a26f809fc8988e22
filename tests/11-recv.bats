#!/usr/bin/env bats
# part1-ip-layer/01-recv: the series' first program, against a real ping and
# a real TCP connection attempt, with tcpdump + tshark as the witness.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark ping nc
    PROG=$P1/01-recv
    ns_pair
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

@test "01-recv: a ping from the peer prints 08 00 with tshark's id and sequence" {
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" icmp
    nsx a "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    line=$(cat "$OUT")
    [ "$(wc -l <"$OUT")" -eq 1 ]
    [ "$(bytes_at "$line" 1 2)" = "08 00" ]
    read -r ident seq < <(tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" \
        'icmp.type == 8' icmp.ident icmp.seq | tr '\t' ' ')
    [ -n "$ident" ] && [ -n "$seq" ]
    [ "$(bytes_at "$line" 5 2)" = "$(printf '%02X %02X' $((ident >> 8)) $((ident & 255)))" ]
    [ "$(bytes_at "$line" 7 2)" = "$(printf '%02X %02X' $((seq >> 8)) $((seq & 255)))" ]
    # and the data after ping's 8-byte timestamp is the data the wire carried
    data=$(tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp.type == 8' data.data)
    [ -n "$data" ]
    [ "$(echo "$line" | cut -d' ' -f17- | tr -d ' ' | tr 'A-F' 'a-f')" = "$data" ]
}

@test "01-recv -p tcp: a connection to port 80 shows 00 50 and the SYN flag 02" {
    nsx a "$PROG" -p tcp -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on .*tcp \(6\)'
    nsx b nc -z -w 2 "$IP_A" 80 || true
    reap "$pid" 10
    [ "$status" -eq 0 ]
    line=$(head -n 1 "$OUT")
    [ "$(bytes_at "$line" 3 2)" = "00 50" ]
    [ "$(bytes_at "$line" 14 1)" = "02" ]
}

@test "01-recv: a 2008-byte ping (fragmented on the veth, reassembled) is printed whole, not cut at 1500" {
    nsx a "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 1 -W 2 -s 2000 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    read -ra b <"$OUT"
    [ "${#b[@]}" -eq 2008 ]
    # ping's pattern (byte i of the data is i) runs to the last byte
    [ "${b[*]:2004}" = "$(printf '%02X %02X %02X %02X' $((1996 & 255)) $((1997 & 255)) $((1998 & 255)) $((1999 & 255)))" ]
    [ "$(grep -v 'listening on' "$ERR")" = "" ]
}

@test "01-recv: a ping with IP options (ping -R, IHL 15): the line still starts at the ICMP type, 64 bytes" {
    nsx a "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -R -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    read -ra b <"$OUT"
    [ "${#b[@]}" -eq 64 ]
    [ "${b[*]:0:2}" = "08 00" ] && [ "${b[*]:6:2}" = "00 01" ]
    [ "$(inet_csum "${b[@]}")" = "00 00" ]      # the whole ICMP message, no more
}

# canonical HEX: a hex string laid out as tcpdump -X does (hexdump.h),
# written here independently: "0x0010: " + 16 bytes as " xxxx" pairs, padded
# to column 48, two spaces, the bytes as ASCII (0x20-0x7e, else '.').
canonical() {
    awk -v h="$(echo "$1" | tr A-F a-f)" 'BEGIN {
        x = "0123456789abcdef"; n = length(h) / 2
        for (off = 0; off < n; off += 16) {
            line = sprintf("0x%04x: ", off); asc = ""
            for (i = off; i < off + 16 && i < n; i += 2) {
                line = line " " substr(h, 2 * i + 1, (i + 1 < n ? 4 : 2))
            }
            for (i = off; i < off + 16 && i < n; i++) {
                c = 16 * (index(x, substr(h, 2 * i + 1, 1)) - 1) + index(x, substr(h, 2 * i + 2, 1)) - 1
                asc = asc (c >= 32 && c <= 126 ? sprintf("%c", c) : ".")
            }
            printf "%-48s  %s\n", line, asc
        }
    }'
}

@test "01-recv -x: the canonical dump of a ping equals the wire's bytes (tcpdump -x) laid out here" {
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" icmp
    nsx a "$PROG" -x -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 1 -W 2 -p 41424344 "$IP_A" >/dev/null   # data pattern "ABCD"
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    # the request as the wire carried it: tcpdump -x prints it from the
    # IPv4 header on; the ICMP message follows that header's 20 bytes
    hex=$(tcpdump -n -x -r "$BATS_TEST_TMPDIR/cap.pcap" 'icmp[0] == 8' 2>/dev/null |
        awk '/^\t0x/ { for (i = 2; i <= NF; i++) printf "%s", $i }')
    [ "${hex:0:2}" = 45 ] && [ "${#hex}" -eq $(( 2 * (20 + 64) )) ]
    diff <(canonical "${hex:40}") "$OUT"
    [ "$(wc -l <"$OUT")" -eq 4 ]
}

@test "01-recv -c 2: stops after two packets of three" {
    nsx a "$PROG" -c 2 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -c 3 -i 0.2 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(wc -l <"$OUT")" -eq 2 ]
    [ "$(grep -c '^08 00 ' "$OUT")" -eq 2 ]
}

@test "01-recv -t 1: no traffic, exit 1 after about a second" {
    start=$(date +%s%N)
    run -1 nsx a "$PROG" -t 1
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$elapsed" -ge 900 ]
    [ -z "$(echo "$output" | grep -v 'listening on')" ]
}

@test "01-recv -p nosuchproto: exit 2 and one clear line" {
    run -2 --separate-stderr "$PROG" -p nosuchproto
    [ "$stderr" = "01-recv: bad protocol 'nosuchproto': not a number and not in /etc/protocols" ]
    [ -z "$output" ]
}

@test "01-recv as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d) && chmod 755 "$dir" && cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/01-recv" -t 1
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "01-recv: socket(AF_INET, SOCK_RAW): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"*"sudo ./01-recv"* ]]
}

@test "01-recv under sudo (SUDO_UID/SUDO_GID=65534) runs as 65534 once listening" {
    # started with supplementary groups, which must go too
    $AS_ROOT setpriv --groups 4,27 env SUDO_UID=65534 SUDO_GID=65534 \
        ip netns exec "$NS_A" "$PROG" -t 5 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    uids=$(awk '/^Uid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")
    gids=$(awk '/^Gid:/ {print $2, $3, $4, $5}' "/proc/$pid/status")
    groups=$(awk '/^Groups:/ {print $2}' "/proc/$pid/status")
    capeff=$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")
    kill "$pid"; reap "$pid" 5 || true
    [ "$uids" = "65534 65534 65534 65534" ]
    [ "$gids" = "65534 65534 65534 65534" ]
    [ -z "$groups" ]
    [ "$capeff" = "0000000000000000" ]
}

@test "01-recv as nobody with only CAP_NET_RAW (as setcap gives): opens, then clears its capabilities" {
    require_cmd setpriv
    dir=$(mktemp -d) && chmod 755 "$dir" && cp "$PROG" "$dir/"
    $AS_ROOT ip netns exec "$NS_A" setpriv --reuid=nobody --regid=nogroup \
        --clear-groups --inh-caps +net_raw --ambient-caps +net_raw \
        "$dir/01-recv" -t 5 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    caps=$(awk '/^Cap(Inh|Prm|Eff|Amb):/ {printf "%s %s ", $1, $2}' "/proc/$pid/status")
    kill "$pid"; reap "$pid" 5 || true
    rm -rf "$dir"
    [ "$caps" = "CapInh: 0000000000000000 CapPrm: 0000000000000000 CapEff: 0000000000000000 CapAmb: 0000000000000000 " ]
}

@test "01-recv -p icmp|tcp|udp with /etc/protocols hidden (no netbase): the usual names still work" {
    require_cmd unshare
    # hidden: /dev/null bound over it in a mount namespace of this test
    hide='mount --bind /dev/null /etc/protocols && exec "$@"'
    run $AS_ROOT unshare -m sh -c "$hide" - getent protocols tcp
    [ "$status" -ne 0 ]                         # the witness: gone there
    for p in icmp:1 tcp:6 udp:17; do
        run -1 --separate-stderr $AS_ROOT unshare -m sh -c "$hide" - \
            ip netns exec "$NS_A" "$PROG" -p "${p%:*}" -c 1 -t 0.1
        [ "${stderr_lines[0]}" = "01-recv: listening on AF_INET SOCK_RAW, protocol ${p%:*} (${p#*:})" ]
    done
    # a name outside the table still fails as before
    run -2 --separate-stderr $AS_ROOT unshare -m sh -c "$hide" - "$PROG" -p nosuch
    [ "$stderr" = "01-recv: bad protocol 'nosuch': not a number and not in /etc/protocols" ]
}
