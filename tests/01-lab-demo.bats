#!/usr/bin/env bats
# make demo: what a first-time reader runs before anything else (the lab
# network, make lab-up, is tests/04-lab.bats).

setup() {
    load helpers/common
    require_root
    require_cmd ping nc perl
}

# demo_left PID: namespaces a demo run with that PID left behind
demo_left() { $AS_ROOT ip netns list | awk '{print $1}' | grep "^rawdemo-$1-" || true; }

@test "demo: every step shows its key output, says where it is explained, leaves nothing" {
    local p=rawt-${BATS_ROOT_PID}-demo
    run -0 $AS_ROOT env DEMO_PREFIX=$p "$TOP/tests/demo.sh"
    echo "$output"
    # each of the ten steps, with its README section
    for n in 1 2 3 4 5 6 7 8 9 10; do
        [[ $output == *"[$n/10] "* ]]
    done
    [ "$(grep -c '^      (explained in part[123]-[a-z-]*/README.md, "' <<<"$output")" -eq 10 ]
    # each names a section that is there: a heading of that README
    sed -n 's/^      (explained in \(part[123]-[a-z-]*\/README.md\), "\(.*\)")$/\1\t\2/p' <<<"$output" >"$BATS_TEST_TMPDIR/sections"
    [ "$(wc -l <"$BATS_TEST_TMPDIR/sections")" -eq 10 ]
    while IFS=$'\t' read -r readme section; do
        grep -qxF "## $section" "$TOP/$readme" || { echo "no section '$section' in $readme"; false; }
    done <"$BATS_TEST_TMPDIR/sections"
    # all three parts are toured
    [ "$(cut -f1 "$BATS_TEST_TMPDIR/sections" | sort -u | wc -l)" -eq 3 ]
    # 1 01-recv: b's echo request, from its type byte
    [[ $output =~ $'\n'"    08 00 "[0-9A-F]{2}" " ]]
    # 2 03-ping
    [[ $output == *"3 packets transmitted, 3 received, 0% packet loss"* ]]
    # 3 04-tcp-syn, open and closed
    grep -qx '    8080 open (SYN-ACK)' <<<"$output"
    grep -qx '    80 closed (RST)' <<<"$output"
    # 4 01-recv-ip: the header of b's ping, b to a
    grep -qE '^    45 00 00 54 ([0-9A-F]{2} ){4}40 01 ([0-9A-F]{2} ){2}C0 00 02 02 C0 00 02 01 08 00 ' <<<"$output"
    # 5 03-send-ip: the reply to our C0 DE
    grep -q '^    echo reply from 192.0.2.2: 30 bytes' <<<"$output"
    grep -qE '^    45 00 00 1E ([0-9A-F]{2} ){8}C0 00 02 02 C0 00 02 01 00 00 ([0-9A-F]{2} ){6}C0 DE$' <<<"$output"
    # 6 05-protocol-swap's four answers
    grep -qx '    192.0.2.2 > 192.0.2.1: ICMP echo reply, id 1285, seq 1, length 10' <<<"$output"
    grep -qx '    192.0.2.2 > 192.0.2.1: ICMP 192.0.2.2 udp port 33434 unreachable, length 38' <<<"$output"
    grep -qx '    192.0.2.2.33434 > 192.0.2.1.40000: Flags \[R.\], seq 0, ack 16909061, win 0, length 0' <<<"$output"
    grep -qx '    192.0.2.2 > 192.0.2.1: ICMP 192.0.2.2 protocol 253 unreachable, length 30' <<<"$output"
    # 7 07-traceroute: r, r2, d
    [ "$(grep -E '^     [1-9]  ' <<<"$output" | awk '{print $1, $2}' | paste -sd' ')" = "1 192.0.2.254 2 198.51.100.2 3 198.51.100.130" ]
    # 8 04-arping and 05-eth-ping (once they are built)
    if [ -x "$P3/04-arping" ]; then
        grep -q '^    Unicast reply from 192.0.2.2 \[02:00:C0:00:02:02\]' <<<"$output"
        # 05-eth-ping to the MAC 04-arping found
        grep -qF "05-eth-ping -i veth0 -m 02:00:C0:00:02:02 -c 2 192.0.2.2" <<<"$output"
        grep -qE '^    64 bytes from 192\.0\.2\.2: icmp_seq=2 ttl=64 time=[0-9.]+ ms$' <<<"$output"
        [[ $output == *"2 packets transmitted, 2 received, 0% packet loss"* ]]
    else
        [[ $output == *"(skipped: part3-physical/04-arping is not built"* ]]
    fi
    # 9 07-user-space-host: b's ping answered, b's kernel learned the MAC
    grep -q '^    192.0.2.9 dev veth0 lladdr 02:00:c0:00:02:09 ' <<<"$output"
    [ "$(grep -c '^    IP 192.0.2.9 > 192.0.2.2: ICMP echo reply' <<<"$output")" -eq 3 ]
    # 10 10-ring with its statistics (once it is built)
    if [ -x "$P3/10-ring" ]; then
        grep -qx '    6 packets captured' <<<"$output"
        grep -qx '    0 packets dropped by kernel' <<<"$output"
    else
        [[ $output == *"(skipped: part3-physical/10-ring is not built"* ]]
    fi
    # none of its namespaces left (another demo may run meanwhile: its own)
    [ -z "$($AS_ROOT ip netns list | grep "^$p-")" ]
}

@test "demo STEP=7: starts at step 7; a step out of range is refused" {
    local p=rawt-${BATS_ROOT_PID}-demo7
    run -0 $AS_ROOT env DEMO_PREFIX=$p "$TOP/tests/demo.sh" 7
    [[ $output == *"[7/10] 07-traceroute"* ]]
    [[ $output != *"[6/10]"* ]]
    [[ $output == *"[10/10]"* ]]
    [ -z "$($AS_ROOT ip netns list | grep "^$p-")" ]
    run -2 $AS_ROOT "$TOP/tests/demo.sh" 11
    [[ $output == *"usage:"* ]]
    run -2 $AS_ROOT "$TOP/tests/demo.sh" x
}

@test "demo: Ctrl-C ends it at once and leaves no namespace and no process" {
    local out=$BATS_TEST_TMPDIR/demo pid i
    # as a terminal's Ctrl-C: SIGINT to the demo's whole process group (its
    # own, SIGINT not ignored as it is for a background job)
    $AS_ROOT perl -e 'setpgrp(0, 0); $SIG{INT} = "DEFAULT"; exec @ARGV' \
        "$TOP/tests/demo.sh" 9 >"$out" 2>&1 3>&- &
    pid=$!
    wait_for_line "$out" '^  b\$ ping -c 3' 30
    $AS_ROOT kill -INT -- "-$pid"
    reap "$pid" 5
    cat "$out"
    [ "$status" -eq 130 ]
    grep -q 'demo: interrupted' "$out"
    [[ "$(cat "$out")" != *"[10/10]"* ]]
    [ -z "$(demo_left "$pid")" ]
    # nothing of its process group is still running
    for ((i = 0; i < 20; i++)); do
        kill -0 -- "-$pid" 2>/dev/null || break
        sleep 0.1
    done
    ! kill -0 -- "-$pid" 2>/dev/null
}
