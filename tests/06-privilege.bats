#!/usr/bin/env bats
# Every program that opens a raw or packet socket, found by itself: its
# --help says it needs CAP_NET_RAW, helpers/badargs.sh gives a valid short
# run of its first form, helpers/privmatrix.sh runs it as nobody, as nobody
# with only CAP_NET_RAW, under sudo's variables, and with those variables
# half set or malformed (see there for what each must show). Each run is
# bounded, inside a pair of namespaces made here (a at 192.0.2.1 talks to
# b at 192.0.2.2 over veth0).

# One test runs the whole matrix (every program, five ways, four at a
# time): under the sanitizers (make check) that takes over run.sh's 60 s.
BATS_TEST_TIMEOUT=150

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd setpriv strace
    ns_pair ipv6
    "$UNIT/test-pcap" write "$BATS_TEST_TMPDIR/two.pcap" raw 2 >/dev/null
    HOST4=$IP_B IFACE=veth0 nsx a "$TOP/tests/helpers/badargs.sh" base \
        "$BATS_TEST_TMPDIR/two.pcap" >"$BATS_TEST_TMPDIR/rows"
    # the programs whose --help says they need CAP_NET_RAW
    : >"$BATS_TEST_TMPDIR/priv"
    while IFS= read -r r; do
        prog=$(cut -f3 <<<"$r")
        if "$prog" --help | grep -q CAP_NET_RAW; then echo "$r" >>"$BATS_TEST_TMPDIR/priv"; fi
    done < <(grep -P '^[0-9]+\tbase\t' "$BATS_TEST_TMPDIR/rows")
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

@test "privilege: every program needing CAP_NET_RAW, as nobody, with CAP_NET_RAW only, under sudo, with bad sudo variables" {
    n=$(wc -l <"$BATS_TEST_TMPDIR/priv")
    [ "$n" -ge 15 ]
    # every program is in the rows, so one that needs privilege is in $priv
    [ "$(grep -cP '^[0-9]+\tbase\t' "$BATS_TEST_TMPDIR/rows")" -eq \
      "$(ls "$TOP"/part*/[0-9][0-9]-*.c | wc -l)" ]
    tr '\n' '\0' <"$BATS_TEST_TMPDIR/priv" |
        xargs -0 -P 4 -n 1 "$TOP/tests/helpers/privmatrix.sh" "$NS_A" \
        >"$BATS_TEST_TMPDIR/fail" 3>&-
    cat "$BATS_TEST_TMPDIR/fail"
    [ ! -s "$BATS_TEST_TMPDIR/fail" ]
}
