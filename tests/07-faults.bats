#!/usr/bin/env bats
# Pitfall 8 of DESIGN.md, an unchecked setsockopt, setuid, ..., for every
# program, found by itself: helpers/badargs.sh gives each program's valid
# short run, helpers/faults.sh traces it and then makes each call whose
# failure matters fail in turn (strace's fault injection); the program must
# stop with exit 2 and name the failed call. Inside a pair of namespaces
# made here (a at 192.0.2.1 talks to b at 192.0.2.2 over veth0).

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd strace
    ns_pair ipv6
    # 07-ping-unprivileged: a ping socket for every group, as on Debian hosts
    nsx a sysctl -qw net.ipv4.ping_group_range="0 2147483647"
    "$UNIT/test-pcap" write "$BATS_TEST_TMPDIR/two.pcap" raw 2 >/dev/null
    HOST4=$IP_B IFACE=veth0 nsx a "$TOP/tests/helpers/badargs.sh" base \
        "$BATS_TEST_TMPDIR/two.pcap" | grep -P '^[0-9]+\tbase\t' >"$BATS_TEST_TMPDIR/rows"
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

@test "faults: every program stops with exit 2, naming the call, when a setsockopt, bind, ioctl, privilege drop or shared mmap fails" {
    # every program has its row
    [ "$(wc -l <"$BATS_TEST_TMPDIR/rows")" -eq "$(ls "$TOP"/part*/[0-9][0-9]-*.c | wc -l)" ]
    tr '\n' '\0' <"$BATS_TEST_TMPDIR/rows" |
        xargs -0 -P 4 -n 1 "$TOP/tests/helpers/faults.sh" "$NS_A" \
        >"$BATS_TEST_TMPDIR/out" 3>&-
    cat "$BATS_TEST_TMPDIR/out"
    [ "$(grep -c '^FAIL' "$BATS_TEST_TMPDIR/out")" -eq 0 ]
    # the faults reached the calls that matter: the setsockopts of the
    # programs that set options, the privilege drop of every one that opens
    # a raw or packet socket, and the rings' mmap
    n=$(awk '$1 == "calls" { s += $3 } END { print s }' "$BATS_TEST_TMPDIR/out")
    echo "faults injected: $n"
    [ "$n" -ge 100 ]
}
