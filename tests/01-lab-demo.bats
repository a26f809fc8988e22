#!/usr/bin/env bats
# make lab-up / lab-down and make demo: what a teacher and a first-time
# reader run before anything else.

setup() {
    load helpers/common
    require_root
    require_cmd ping tracepath
    export LAB_PREFIX=rawt-${BATS_ROOT_PID}-${BATS_SUITE_TEST_NUMBER}
}

teardown() {
    $AS_ROOT env LAB_PREFIX="$LAB_PREFIX" "$TOP/tests/lab.sh" down >/dev/null 2>&1 || true
}

@test "lab up routed: a reaches b through r1 and r2; lab down removes every namespace" {
    run -0 $AS_ROOT env LAB_PREFIX="$LAB_PREFIX" "$TOP/tests/lab.sh" up routed
    [[ $output == *"$LAB_PREFIX-r1"*"192.0.2.254/24"*"198.51.100.1/30"* ]]
    run -0 $AS_ROOT ip netns exec "$LAB_PREFIX-a" ping -c 1 -W 2 198.51.100.6
    run -0 $AS_ROOT ip netns exec "$LAB_PREFIX-a" tracepath -n -m 5 198.51.100.6
    [[ $output == *" 1:  192.0.2.254 "* ]]
    [[ $output == *"198.51.100.2 "* ]]
    run -0 $AS_ROOT env LAB_PREFIX="$LAB_PREFIX" "$TOP/tests/lab.sh" down
    [ -z "$($AS_ROOT ip netns list | grep "^$LAB_PREFIX-")" ]
}

@test "lab up segment: three hosts answer each other on one bridge" {
    run -0 $AS_ROOT env LAB_PREFIX="$LAB_PREFIX" "$TOP/tests/lab.sh" up segment
    run -0 $AS_ROOT ip netns exec "$LAB_PREFIX-a" ping -c 1 -W 2 192.0.2.3
    run -0 $AS_ROOT ip netns exec "$LAB_PREFIX-b" ping -c 1 -W 2 192.0.2.1
}

@test "lab: an unknown topology is refused with exit 2" {
    run -2 $AS_ROOT env LAB_PREFIX="$LAB_PREFIX" "$TOP/tests/lab.sh" up ring
    [[ $output == *"unknown topology 'ring'"* ]]
}

@test "demo: runs its tour, shows a real echo request, leaves no namespace" {
    run -0 $AS_ROOT "$TOP/tests/demo.sh"
    [[ $output =~ $'\n'"  08 00 "[0-9A-F]{2}" " ]]
    [[ $output == *"3 packets transmitted, 3 received, 0% packet loss"* ]]
    grep -q '^  echo reply from 192.0.2.2: 30 bytes' <<<"$output"
    grep -qE '^  45 00 00 1E ([0-9A-F]{2} ){8}C0 00 02 02 C0 00 02 01 00 00 ([0-9A-F]{2} ){6}C0 DE$' <<<"$output"
    # part 3: 04-arping's answer, and 05-eth-ping to that MAC
    mac=$(sed -n 's/^  Unicast reply from 192\.0\.2\.2 \[\(\([0-9A-F]\{2\}:\)\{5\}[0-9A-F]\{2\}\)\]  [0-9.]*ms$/\1/p' <<<"$output")
    [ -n "$mac" ]
    grep -qF "05-eth-ping -i veth0 -m $mac -c 2 192.0.2.2" <<<"$output"
    grep -qE '^  64 bytes from 192\.0\.2\.2: icmp_seq=2 ttl=64 time=[0-9.]+ ms$' <<<"$output"
    [[ $output == *"2 packets transmitted, 2 received, 0% packet loss"* ]]
    [ -z "$($AS_ROOT ip netns list | grep '^rawdemo-')" ]
}
