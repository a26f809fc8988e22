#!/usr/bin/env bats
# part1-ip-layer/07-ping-unprivileged: an ICMP ping socket, run as nobody.
# Witnesses: the peer's kernel counters (nstat IcmpInEchos), the capture
# (tshark: the id the kernel chose, the checksum it computed), the TTL the
# peer really sent.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark setpriv perl
    ns_pair
    # a copy nobody can run, without any file capability
    DIR=$(mktemp -d)
    chmod 755 "$DIR"
    cp "$P1/07-ping-unprivileged" "$DIR/"
    PROG=$DIR/07-ping-unprivileged
    OUT=$BATS_TEST_TMPDIR/out
}

teardown() { rm -rf "$DIR"; ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# as_nobody HOST CMD...: CMD in HOST's namespace as nobody:nogroup, no caps.
as_nobody() {
    local host=$1
    shift
    nsx "$host" setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

@test "07-ping-unprivileged as nobody, group in ping_group_range: the peer answers" {
    nogroup=$(getent group nogroup | cut -d: -f3)
    nsx a sysctl -qw net.ipv4.ping_group_range="$nogroup $nogroup"
    nsx b sysctl -qw net.ipv4.ip_default_ttl=33     # the TTL b's replies carry
    before=$(nstat_get b IcmpInEchos)
    capture_start a "$BATS_TEST_TMPDIR/cap.pcap" icmp
    run -0 --separate-stderr as_nobody a "$PROG" -c 2 -i 0.2 -t 2 "$IP_B"
    capture_stop
    [ -z "$stderr" ]
    # b's kernel counted two echo requests
    [ "$(nstat_get b IcmpInEchos)" -eq $((before + 2)) ]
    # two reply lines, the TTL read from IP_RECVTTL ancillary data
    [[ ${lines[1]} =~ ^"64 bytes from $IP_B: icmp_seq=1 ttl=33 time="[0-9]+\.[0-9]{3}" ms"$ ]]
    [[ ${lines[2]} =~ ^"64 bytes from $IP_B: icmp_seq=2 ttl=33 time="[0-9]+\.[0-9]{3}" ms"$ ]]
    # the time is read from the send time the reply echoes: a veth round
    # trip takes more than 0 and far less than a second
    for s in 1 2; do
        t=${lines[$s]##*time=}
        awk -v t="${t% ms}" 'BEGIN { exit !(t > 0 && t < 1000) }'
    done
    [ "${lines[4]%%,*}" = "2 packets transmitted" ]
    [[ ${lines[4]} == *", 2 received, 0% packet loss, "* ]]
    [[ ${lines[5]} =~ ^"rtt min/avg/max/mdev = " ]]
    # the id: we built the requests with id 0; the wire carries the id the
    # kernel chose (the one the program printed) with a checksum that is
    # good over it - the kernel's, not ours
    id=$(sed -n 's/.*, id \([0-9]*\) (the kernel.s)\.$/\1/p' <<<"${lines[0]}")
    [ -n "$id" ]
    [ "$id" -ne 0 ]
    run -0 tshark_fields "$BATS_TEST_TMPDIR/cap.pcap" 'icmp.type == 8' \
        icmp.ident icmp.seq icmp.checksum.status
    [ "$output" = "$id	1	1"$'\n'"$id	2	1" ]
}

@test "07-ping-unprivileged: a reply with the kernel's id but another seq is not the answer; seq 1 is" {
    nsx a sysctl -qw net.ipv4.ping_group_range='0 2147483647'
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # only our fakes answer
    for want in 1 0; do
        as_nobody a "$PROG" -c 1 -t 1 "$IP_B" >"$OUT" 2>/dev/null 3>&- &
        pid=$!
        wait_for_line "$OUT" '^PING '
        id=$(sed -n 's/.*, id \([0-9]*\) (the kernel.s)\.$/\1/p' "$OUT")
        [ -n "$id" ]
        if [ "$want" = 1 ]; then fake_replies b "$IP_A" "$id:2" "$id:0"
        else fake_replies b "$IP_A" "$id:2" "$id:1"; fi
        reap "$pid" 5
        [ "$status" -eq "$want" ]
    done
    # the last run, with the right one among the fakes
    grep -qx "12 bytes from $IP_B: icmp_seq=1 ttl=64" "$OUT"
}

@test "07-ping-unprivileged where ping_group_range is '1 0': exit 2, EACCES, the sysctl named" {
    nsx a sysctl -qw net.ipv4.ping_group_range='1 0'
    before=$(nstat_get b IcmpInEchos)
    run -2 --separate-stderr as_nobody a "$PROG" -c 1 -t 1 "$IP_B"
    [ "${stderr_lines[0]}" = "07-ping-unprivileged: socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP): Permission denied (EACCES)" ]
    [[ ${stderr_lines[1]} == *"net.ipv4.ping_group_range"* ]]
    [ -z "$output" ]
    [ "$(nstat_get b IcmpInEchos)" -eq "$before" ]
}

@test "07-ping-unprivileged: ping_group_range is per namespace (b's range does not help a)" {
    nsx a sysctl -qw net.ipv4.ping_group_range='1 0'
    nsx b sysctl -qw net.ipv4.ping_group_range='0 2147483647'
    run -2 as_nobody a "$PROG" -c 1 -t 1 "$IP_B"
    run -0 as_nobody b "$PROG" -c 1 -t 2 "$IP_A"
    [[ ${lines[1]} == "64 bytes from $IP_A: icmp_seq=1 ttl=64 time="* ]]
}

@test "07-ping-unprivileged: the peer ignores echoes, exit 1 and 100% packet loss" {
    nsx a sysctl -qw net.ipv4.ping_group_range='0 2147483647'
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1
    run -1 --separate-stderr as_nobody a "$PROG" -c 1 -t 0.5 "$IP_B"
    [ "${#lines[@]}" -eq 3 ]
    [ "${lines[2]%%, time*}" = "1 packets transmitted, 0 received, 100% packet loss" ]
}

@test "07-ping-unprivileged: bad usage exits 2, --help exits 0" {
    run -2 --separate-stderr "$PROG"
    [[ $stderr == "07-ping-unprivileged: no arguments; usage: 07-ping-unprivileged "* ]]
    run -2 --separate-stderr "$PROG" -c 0 "$IP_B"
    run -0 "$PROG" --help
    [[ ${lines[0]} == "usage: 07-ping-unprivileged "* ]]
}

@test "07-ping-unprivileged: kill -INT ends it at once with ping's summary, exit 0" {
    nogroup=$(getent group nogroup | cut -d: -f3)
    nsx a sysctl -qw net.ipv4.ping_group_range="$nogroup $nogroup"
    spawn a "$OUT" "$BATS_TEST_TMPDIR/err" setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$PROG" -c 100 -i 1 "$IP_B"
    interrupt_at "$SPAWN_PID" "$OUT" 'icmp_seq=2 '
    [ "$elapsed" -lt 500 ]                  # not at the next send, a second on
    [ "$status" -eq 0 ]
    grep -qx -- "--- $IP_B ping statistics ---" "$OUT"
    grep -qx '[23] packets transmitted, [23] received, .*' "$OUT"
    grep -q '^rtt min/avg/max/mdev = ' "$OUT"
}

@test "07-ping-unprivileged: a reply with a bad checksum never reaches a ping socket (the kernel drops it)" {
    nogroup=$(getent group nogroup | cut -d: -f3)
    nsx a sysctl -qw net.ipv4.ping_group_range="$nogroup $nogroup"
    nsx b sysctl -qw net.ipv4.icmp_echo_ignore_all=1    # only our fakes answer
    for kind in bad good; do
        bad0=$(nstat_get a IcmpInCsumErrors)
        spawn a "$OUT" "$BATS_TEST_TMPDIR/err" setpriv --reuid=nobody --regid=nogroup \
            --clear-groups "$PROG" -c 1 -t 1 "$IP_B"
        wait_for_line "$OUT" '^PING '
        id=$(sed -n 's/.*, id \([0-9]*\) (the kernel.s).*/\1/p' "$OUT")
        fake_replies b "$IP_A" "$id:1:${kind/good/}"
        reap "$SPAWN_PID" 5
        if [ "$kind" = bad ]; then
            [ "$status" -eq 1 ]
            [ "$(nstat_get a IcmpInCsumErrors)" -gt "$bad0" ]
            grep -q '^1 packets transmitted, 0 received, 100% packet loss' "$OUT"
        else                                # the control: the same, summed right
            [ "$status" -eq 0 ]
            grep -qx "12 bytes from $IP_B: icmp_seq=1 ttl=64" "$OUT"
        fi
    done
}

