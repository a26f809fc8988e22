#!/usr/bin/env bats
# part1-ip-layer/03-ping: echo requests built by hand, judged by the peer's
# kernel (nstat counters, its replies) and by tshark's checksum check.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark nstat perl
    PROG=$P1/03-ping
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }


@test "03-ping -c 3: the peer's kernel counts 3 echo requests, no checksum error; tshark: all good" {
    ns_pair
    in0=$(nstat_get b IcmpInEchos) err0=$(nstat_get b IcmpInCsumErrors)
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" icmp
    run -0 --separate-stderr nsx a "$PROG" -c 3 -i 0.2 -t 2 "$IP_B"
    capture_stop
    in1=$(nstat_get b IcmpInEchos) err1=$(nstat_get b IcmpInCsumErrors)
    [ $((in1 - in0)) -eq 3 ]
    [ "$err1" -eq "$err0" ]
    [ "${lines[0]}" = "PING $IP_B ($IP_B) 56(84) bytes of data." ]
    for s in 1 2 3; do
        [[ ${lines[$s]} =~ ^"64 bytes from $IP_B: icmp_seq=$s ttl=64 time="[0-9]+\.[0-9]{3}" ms"$ ]]
    done
    # the time is read from the send time the reply echoes: a veth round
    # trip takes more than 0 and far less than a second
    for s in 1 2 3; do
        t=${lines[$s]##*time=}
        awk -v t="${t% ms}" 'BEGIN { exit !(t > 0 && t < 1000) }'
    done
    [[ $output == *"3 packets transmitted, 3 received, 0% packet loss"* ]]
    [[ $output == *"rtt min/avg/max/mdev = "* ]]
    # the capture: three requests with seq 1..3, every checksum verified good
    run tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp.type == 8' icmp.seq icmp.checksum.status
    [ "$(echo "$output" | tr '\t' ' ' | paste -sd,)" = "1 1,2 1,3 1" ]
}

@test "03-ping: each time= is its own reply's delay (a peer answering after 300, 100, 200 ms); rtt min/avg/max/mdev from those times" {
    ns_pair
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # only the delayed answers
    echo_delayed b 300 100 200 2>"$ERR" 3>&- &
    fpid=$!
    wait_for_line "$ERR" 'listening on'
    run -0 --separate-stderr nsx a "$PROG" -c 3 -i 0.5 -t 2 "$IP_B"
    reap "$fpid" 5
    [ "$status" -eq 0 ]
    delay=(0 300 100 200)
    for s in 1 2 3; do
        [[ ${lines[$s]} =~ ^"64 bytes from $IP_B: icmp_seq=$s ttl=64 time="([0-9]+\.[0-9]{3})" ms"$ ]]
        t[s]=${BASH_REMATCH[1]}
        # at least the delay, at most 60 ms more (a veth round trip is far less)
        awk -v t="${t[s]}" -v d="${delay[s]}" 'BEGIN { exit !(t >= d && t < d + 60) }'
    done
    # the summary, as ping computes it, from the three times printed
    [[ ${lines[6]} =~ ^"rtt min/avg/max/mdev = "([0-9.]+)/([0-9.]+)/([0-9.]+)/([0-9.]+)" ms"$ ]]
    sum=("${BASH_REMATCH[@]:1}")
    want=$(printf '%s\n' "${t[@]}" | sort -n | paste -sd' ')
    [ "${sum[0]} ${sum[2]}" = "$(awk '{ print $1, $3 }' <<<"$want")" ]
    awk -v a="${t[1]}" -v b="${t[2]}" -v c="${t[3]}" -v avg="${sum[1]}" -v mdev="${sum[3]}" 'BEGIN {
        m = (a + b + c) / 3; d = sqrt((a * a + b * b + c * c) / 3 - m * m)
        exit !((avg - m) ^ 2 < 0.000004 && (mdev - d) ^ 2 < 0.000004) }'
}

@test "03-ping: the peer ignores echoes (icmp_echo_ignore_all=1): exit 1 within the timeout" {
    ns_pair
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1
    in0=$(nstat_get b IcmpInEchos)
    start=$(date +%s%N)
    # timeout 10: a wait with no bound fails here in 10 s, not at the file's bound
    run -1 --separate-stderr nsx a timeout 10 "$PROG" -c 1 -t 1 "$IP_B"
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$elapsed" -ge 900 ]
    [ "$elapsed" -lt 2500 ]
    [[ $output == *"1 packets transmitted, 0 received, 100% packet loss"* ]]
    [[ $output != *"bytes from"* ]]
    # it did arrive: the peer's kernel counted the request, then ignored it
    [ $(( $(nstat_get b IcmpInEchos) - in0 )) -eq 1 ]
}

@test "03-ping -s 1, 7, 1473 (odd sizes; 1473 is fragmented): every one answered" {
    ns_pair
    err0=$(nstat_get b IcmpInCsumErrors)
    for s in 1 7 1473; do
        run -0 --separate-stderr nsx a "$PROG" -c 1 -t 2 -s "$s" "$IP_B"
        [[ ${lines[1]} =~ ^"$((s + 8)) bytes from $IP_B: icmp_seq=1 ttl=64" ]]
        # a time only when the data can carry the 8-byte timestamp
        if [ "$s" -lt 8 ]; then [[ ${lines[1]} != *time=* ]]; else [[ ${lines[1]} == *time=* ]]; fi
    done
    [ "$(nstat_get b IcmpInCsumErrors)" -eq "$err0" ]
}

@test "03-ping -e 4660: replies with another id or another seq are not its own; the right one is" {
    ns_pair
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # only our fakes answer
    nsx a "$PROG" -e 4660 -c 1 -t 1 "$IP_B" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    fake_replies b "$IP_A" 4661:1 4660:2
    reap "$pid" 5
    [ "$status" -eq 1 ]
    grep -qx '1 packets transmitted, 0 received, 100% packet loss, time [0-9]*ms' "$OUT"
    # the control: the same fakes, and one with id 4660 and seq 1
    nsx a "$PROG" -e 4660 -c 1 -t 1 "$IP_B" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    fake_replies b "$IP_A" 4661:1 4660:2 4660:1
    reap "$pid" 5
    [ "$status" -eq 0 ]
    grep -qx "12 bytes from $IP_B: icmp_seq=1 ttl=64" "$OUT"
    grep -q '^1 packets transmitted, 1 received, 0% packet loss' "$OUT"
}

@test "03-ping -c 3 with one reply: the loss is printed as iputils ping prints it (%g: 66.6667%)" {
    ns_pair
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # only our fake answers
    nsx a "$PROG" -e 4660 -c 3 -i 0.2 -t 0.4 "$IP_B" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    fake_replies b "$IP_A" 4660:1
    reap "$pid" 5
    [ "$status" -eq 0 ]
    loss=$(awk 'BEGIN { printf "%g", 2 * 100 / 3 }')
    grep -qx "3 packets transmitted, 1 received, $loss% packet loss, time [0-9]*ms" "$OUT"
}

@test "03-ping on loopback: its own requests never count as replies" {
    ns_add a
    run -0 --separate-stderr nsx a "$PROG" -c 2 -i 0.2 127.0.0.1
    [ "$(grep -c 'bytes from 127.0.0.1: icmp_seq=' <<<"$output")" -eq 2 ]
    [[ $output == *"2 packets transmitted, 2 received"* ]]
}

@test "03-ping: a reply with a wrong checksum is printed (BAD CHECKSUM!) and not counted, as iputils ping" {
    ns_pair
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # only our fakes answer
    bad0=$(nstat_get a IcmpInCsumErrors)
    spawn a "$OUT" "$ERR" "$PROG" -e 4660 -c 1 -t 1 "$IP_B"
    fake_replies b "$IP_A" 4660:1:bad
    reap "$SPAWN_PID" 5
    [ "$status" -eq 1 ]
    # the witness: a's kernel found those checksums wrong too
    [ "$(nstat_get a IcmpInCsumErrors)" -gt "$bad0" ]
    grep -qx "12 bytes from $IP_B: icmp_seq=1 ttl=64 (BAD CHECKSUM!)" "$OUT"
    grep -qx '1 packets transmitted, 0 received, +[1-9][0-9]* corrupted, 100% packet loss, time [0-9]*ms' "$OUT"
    ! grep -q '^rtt' "$OUT"
}

@test "03-ping: destination unreachable from a router prints iputils ping's From line, +1 errors, exit 1" {
    ns_routed
    nsx r1 ip route add unreachable "$IP_B"/32      # r1 answers: host unreachable
    nsx r1 ip route add prohibit 198.51.100.7/32    # r1 answers: filtered
    for dst in "$IP_B" 198.51.100.7; do
        # the witness: what iputils ping prints for the same error
        run -1 nsx a ping -c 1 -W 1 "$dst"
        want=$(grep '^From ' <<<"$output")
        [[ $want == "From $IP_R1 icmp_seq=1 "* ]]
        run -1 --separate-stderr nsx a "$PROG" -c 1 -t 1 "$dst"
        [ "${lines[1]}" = "$want" ]
        [[ ${lines[3]} == "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time "*ms ]]
    done
    [ "$want" = "From $IP_R1 icmp_seq=1 Packet filtered" ]
}

@test "03-ping: an ICMP type no filter can hold back (40) quoting our request: iputils ping's 'Bad ICMP type: 40'" {
    ns_pair
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1     # no real reply
    spawn a "$OUT" "$ERR" "$PROG" -e 4660 -c 1 -t 1 "$IP_B"
    fake_icmp b "$IP_A" "te,$IP_B,4660,1,40"
    reap "$SPAWN_PID" 5
    [ "$status" -eq 1 ]
    grep -qx "From $IP_B icmp_seq=1 Bad ICMP type: 40" "$OUT"
    grep -qx '1 packets transmitted, 0 received, +1 errors, 100% packet loss, time [0-9]*ms' "$OUT"
}

@test "03-ping: kill -INT ends it at once with ping's summary; exit 0 with replies, 1 without" {
    ns_pair
    spawn a "$OUT" "$ERR" "$PROG" -c 100 -i 1 "$IP_B"
    interrupt_at "$SPAWN_PID" "$OUT" 'icmp_seq=2 '
    [ "$elapsed" -lt 500 ]                  # not at the next send, a second on
    [ "$status" -eq 0 ]
    grep -qx -- "--- $IP_B ping statistics ---" "$OUT"
    grep -qx '[23] packets transmitted, [23] received, .*' "$OUT"
    grep -q '^rtt min/avg/max/mdev = ' "$OUT"
    # no reply at all: interrupted while waiting for one, exit 1 as ping
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1
    spawn a "$OUT" "$ERR" "$PROG" -c 100 -i 1 -t 10 "$IP_B"
    interrupt_at "$SPAWN_PID" "$OUT" '^PING '
    [ "$elapsed" -lt 500 ]
    [ "$status" -eq 1 ]
    grep -qx '1 packets transmitted, 0 received, 100% packet loss, time [0-9]*ms' "$OUT"
}

@test "03-ping -n -e 4660 -s 7: bytes equal a request computed here from RFC 792" {
    run -0 --separate-stderr "$PROG" -n -e 4660 -s 7 192.0.2.2
    # type 8, code 0, checksum, id 0x1234, seq 1, data 00 01 .. 06
    body=(08 00 00 00 12 34 00 01 00 01 02 03 04 05 06)
    ck=$(inet_csum "${body[@]}")
    [ "$output" = "08 00 $ck 12 34 00 01 00 01 02 03 04 05 06" ]
}

@test "03-ping -n -s 56: pattern bytes, a current timestamp, a checksum that verifies" {
    run -0 --separate-stderr "$PROG" -n -e 65535 192.0.2.2
    read -ra b <<<"$output"
    [ "${#b[@]}" -eq 64 ]
    [ "${b[*]:0:2}" = "08 00" ]
    [ "${b[*]:4:4}" = "FF FF 00 01" ]
    # data byte i is i from byte 8 of the data on (0x08 .. 0x37)
    want=$(for ((i = 8; i < 56; i++)); do printf '%02X ' $i; done)
    [ "${b[*]:16}" = "${want% }" ]
    # data bytes 0-3: seconds, big-endian, now give or take 5
    secs=$(( 16#${b[8]}${b[9]}${b[10]}${b[11]} ))
    now=$(date +%s)
    [ $((now - secs)) -ge -5 ]
    [ $((now - secs)) -le 5 ]
    # the checksum of the whole message, checksum field included, is 0,
    # and tshark calls it good (status 1)
    [ "$(inet_csum "${b[@]}")" = "00 00" ]
    [ "$(tshark_bytes "$output" icmp icmp.checksum.status)" = 1 ]
}

@test "03-ping -n as nobody: no privilege needed; without -n: EPERM and the hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -0 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/03-ping" -n -s 7 -e 1 127.0.0.1
    [ "$output" = "08 00 EB F4 00 01 00 01 00 01 02 03 04 05 06" ]
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/03-ping" -c 1 127.0.0.1
    rm -rf "$dir"
    [[ ${stderr_lines[0]} == "03-ping: socket(AF_INET, SOCK_RAW, IPPROTO_ICMP): Operation not permitted (EPERM)" ]]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}

@test "03-ping: bad usage exits 2 (no host, -s too big)" {
    run -2 --separate-stderr "$PROG"
    [[ $stderr == "03-ping: no arguments; usage: 03-ping "*" HOST" ]]
    run -2 --separate-stderr "$PROG" -s 65508 127.0.0.1
    [ "$stderr" = "03-ping: bad size '65508': expected a whole number from 0 to 65507" ]
}
