#!/usr/bin/env bats
# part2-link-layer/07-traceroute: TTL written into our own IP header, on the
# routed lab a - r1 - r2 - b. Witnesses: the routers' addresses as the lab
# made them, iputils tracepath, and byte expectations written from RFC 791.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tracepath
    PROG=$P2/07-traceroute
    ns_routed
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# hops FILE: the address of each hop line, in order ("*" when none answered)
hops() { awk '/^ *[0-9]+ / { print ($2 == "*" ? "*" : $2) }' "$1" | paste -sd' '; }


@test "07-traceroute: the hops are r1, r2 and b, the same as tracepath -n's" {
    run -0 --separate-stderr nsx a "$PROG" -t 1 "$IP_B"
    echo "$output" >"$OUT"
    cat "$OUT"
    [ "$(hops "$OUT")" = "$IP_R1 $IP_R2 $IP_B" ]
    # three probes answered on each line, each with a time
    [ "$(grep -cE '^ *[0-9]+  [0-9.]+  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms$' "$OUT")" -eq 3 ]
    ref=$(nsx a tracepath -n "$IP_B" |
        awk '$1 ~ /^[0-9]+:$/ && $2 ~ /^[0-9.]+$/ { if (!seen[$1]++) print $2 }' | paste -sd' ')
    [ "$ref" = "$(hops "$OUT")" ]
}

@test "07-traceroute: a router that sends no time exceeded is a line of *, and the trace goes on" {
    # r2's own packets to a's network go to a blackhole; forwarded ones do not
    nsx r2 ip rule add iif lo to 192.0.2.0/24 table 100 pref 100
    nsx r2 ip route add blackhole default table 100
    run -0 --separate-stderr nsx a "$PROG" -q 2 -t 0.3 "$IP_B"
    echo "$output"
    [ "$(hops <(echo "$output"))" = "$IP_R1 * $IP_B" ]
    [ "${lines[2]}" = " 2  * *" ]
}

@test "07-traceroute: an unreachable ends the trace with traceroute(8)'s mark for its code" {
    require_cmd tcpdump tshark
    nsx r1 ip route add unreachable 198.51.100.6/32     # host unreachable
    nsx r1 ip route add prohibit 198.51.100.7/32        # administratively
    nsx r1 ip route del 198.51.100.4/30                 # no route: network
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" 'icmp[0] == 3'
    for t in 198.51.100.6:H 198.51.100.7:X 198.51.100.5:N; do
        run -1 --separate-stderr nsx a "$PROG" -q 1 -t 1 "${t%:*}"
        [ "${#lines[@]}" -eq 2 ]                        # no hop after it
        [[ ${lines[1]} =~ ^" 1  $IP_R1  "[0-9.]+" ms !${t#*:}"$ ]]
    done
    capture_stop 3
    # the witness: the codes r1 really sent, 1, 13 and 0 (RFC 792, 1812)
    run tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" icmp icmp.code
    # (tshark lists the quoted echo request's code 0 after each: first only)
    [ "$(cut -d, -f1 <<<"$output" | paste -sd' ')" = "1 13 0" ]
}

@test "07-traceroute -m 2: the host is out of reach, exit 1 after two hops" {
    run -1 --separate-stderr nsx a "$PROG" -m 2 -q 1 -t 1 "$IP_B"
    [ "$(hops <(echo "$output"))" = "$IP_R1 $IP_R2" ]
}

@test "07-traceroute: time exceeded quoting another traceroute's probes is not counted" {
    # r2 stays silent, so our TTL 2 probes wait out their timeout while
    # another traceroute keeps r1 answering probes to the same host with
    # the same sequence numbers (1-9). Only the quoted id tells them apart.
    nsx r2 ip rule add iif lo to 192.0.2.0/24 table 100 pref 100
    nsx r2 ip route add blackhole default table 100
    $AS_ROOT ip netns exec "$NS_A" bash -c 'for i in $(seq 400); do
        "$0" -m 1 -q 9 -t 0.2 "$1"; done' "$PROG" "$IP_B" >/dev/null 2>&1 3>&- &
    npid=$!
    run -0 --separate-stderr nsx a "$PROG" -q 3 -t 0.3 "$IP_B"
    kill "$npid" 2>/dev/null || true
    reap "$npid" 5 || true
    echo "$output"
    [ "$(hops <(echo "$output"))" = "$IP_R1 * $IP_B" ]
    [ "${lines[2]}" = " 2  * * *" ]
}

# silent_r2: r2 sends nothing of its own toward a (no time exceeded), so
# the TTL 2 probe (seq 2 with -q 1) waits its whole -t: the time to forge
silent_r2() {
    nsx r2 ip rule add iif lo to 192.0.2.0/24 table 100 pref 100
    nsx r2 ip route add blackhole default table 100
}

# trace_forged HOST SPEC...: 07-traceroute -q 1 -t 1 to b while HOST sends
# fake_icmp SPECs to a (ID in a SPEC: the program's identifier, its pid)
trace_forged() {
    local host=$1 pid
    shift
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -q 1 -t 1 "$IP_B" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    fake_icmp "$host" "$IP_A" "${@//ID/$((pid & 0xFFFF))}"
    reap "$pid" 10
    cat "$OUT"
}

@test "07-traceroute: an echo reply from a host other than the destination is not 'reached'" {
    silent_r2
    trace_forged r1 ID:2           # r1 answers probe 2 as if it were b
    [ "$status" -eq 0 ]
    [ "$(hops "$OUT")" = "$IP_R1 * $IP_B" ]
    # the control: the same reply from b itself ends the trace at hop 2
    trace_forged b ID:2
    [ "$status" -eq 0 ]
    [ "$(hops "$OUT")" = "$IP_R1 $IP_B" ]
}

@test "07-traceroute: time exceeded quoting another destination, or an earlier probe, is not the answer" {
    silent_r2
    # r1 quotes probe 2 sent to 198.51.100.99, and probe 1 (answered already)
    trace_forged r1 te,198.51.100.99,ID,2 te,$IP_B,ID,1
    [ "$status" -eq 0 ]
    [ "$(hops "$OUT")" = "$IP_R1 * $IP_B" ]
    # the control: quoting probe 2 to b, it is r1's answer for hop 2
    trace_forged r1 te,$IP_B,ID,2
    [ "$status" -eq 0 ]
    [ "$(hops "$OUT")" = "$IP_R1 $IP_R1 $IP_B" ]
}

@test "07-traceroute: times on the monotonic clock (faketime runs the wall clock 10x fast: no change)" {
    require_cmd faketime
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # b answers after 200 ms
    echo_delayed b 200 200 200 2>"$ERR.peer" 3>&- &
    fpid=$!
    wait_for_line "$ERR.peer" 'listening on'
    # ASan (make check) must not insist on coming first: faketime preloads
    run -0 --separate-stderr nsx a env FAKETIME_DONT_FAKE_MONOTONIC=1 \
        ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        faketime -f '+0 x10' "$PROG" -q 3 -t 2 "$IP_B"
    reap "$fpid" 5
    [[ ${lines[3]} =~ ^" 3  $IP_B  "([0-9.]+)" ms  "([0-9.]+)" ms  "([0-9.]+)" ms"$ ]]
    for t in "${BASH_REMATCH[@]:1}"; do
        awk -v t="$t" 'BEGIN { exit !(t >= 200 && t < 260) }'
    done
}

@test "07-traceroute -n: IPv4 header with TTL 1 and an echo request, byte for byte" {
    run -0 --separate-stderr "$PROG" -n 198.51.100.6
    line=$output
    id=$(bytes_at "$line" 25 2)          # the echo id is the process id
    # version 4 IHL 5, TOS 0, total 28 = 00 1C, IP id 0 (kernel fills),
    # flags/offset 0, TTL 1, protocol 1, checksum, source 0.0.0.0 (kernel
    # fills), destination C6 33 64 06
    ip="45 00 00 1C 00 00 00 00 01 01 00 00 00 00 00 00 C6 33 64 06"
    ip="${ip:0:30}$(inet_csum $ip)${ip:35}"
    icmp="08 00 00 00 $id 00 01"
    icmp="08 00 $(inet_csum $icmp) $id 00 01"
    [ "$line" = "$ip $icmp" ]
    # and the header checksum is what tshark would call good: sum is FFFF
    [ "$(inet_csum ${line:0:59})" = "00 00" ]
}

@test "07-traceroute: bad usage exits 2" {
    run -2 --separate-stderr "$PROG" -m 0 "$IP_B"
    [[ $stderr == *"07-traceroute: bad hop count '0'"* ]]
    run -2 --separate-stderr "$PROG"
    [[ $stderr == "07-traceroute: no arguments; usage: 07-traceroute "* ]]
}

@test "07-traceroute as nobody: exit 2, EPERM and the CAP_NET_RAW hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/07-traceroute" "$IP_B"
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "07-traceroute: socket(AF_INET, SOCK_RAW, IPPROTO_RAW): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}
