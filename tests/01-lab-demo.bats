#!/usr/bin/env bats
# make demo: what a first-time reader runs before anything else (the lab
# network, make lab-up, is tests/04-lab.bats).

setup() {
    load helpers/common
    require_root
    require_cmd ping tracepath
    export LAB_PREFIX=rawt-${BATS_ROOT_PID}-${BATS_SUITE_TEST_NUMBER}
}

teardown() {
    $AS_ROOT env LAB_PREFIX="$LAB_PREFIX" "$TOP/tests/lab.sh" down >/dev/null 2>&1 || true
}

@test "demo: runs its tour, shows a real echo request, leaves no namespace" {
    run -0 $AS_ROOT "$TOP/tests/demo.sh"
    [[ $output =~ $'\n'"  08 00 "[0-9A-F]{2}" " ]]
    [[ $output == *"3 packets transmitted, 3 received, 0% packet loss"* ]]
    grep -q '^  echo reply from 192.0.2.2: 30 bytes' <<<"$output"
    grep -qE '^  45 00 00 1E ([0-9A-F]{2} ){8}C0 00 02 02 C0 00 02 01 00 00 ([0-9A-F]{2} ){6}C0 DE$' <<<"$output"
    [ -z "$($AS_ROOT ip netns list | grep '^rawdemo-')" ]
}
