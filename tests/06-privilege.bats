#!/usr/bin/env bats
# Every program that opens a raw or packet socket, found by itself: its
# --help says it needs CAP_NET_RAW, helpers/badargs.sh gives a valid short
# run of its first form, helpers/privmatrix.sh runs it as nobody, as nobody
# with only CAP_NET_RAW, under sudo's variables, and with those variables
# half set or malformed (see there for what each must show; the six cases
# of a program run at once). Each run is bounded, inside a pair of
# namespaces made here once (a at 192.0.2.1 talks to b at 192.0.2.2 over
# veth0). One test a part, four programs at a time: under the sanitizers
# (make check) a part takes far less than run.sh's 60 s.

setup_file() {
    load helpers/common
    load helpers/netns
    if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
        return 0                          # setup skips each test
    fi
    if ! command -v setpriv >/dev/null || ! command -v strace >/dev/null; then
        return 0                          # setup skips each test
    fi
    ns_pair ipv6
    export NS_A
    "$UNIT/test-pcap" write "$BATS_FILE_TMPDIR/two.pcap" raw 2 >/dev/null
    HOST4=$IP_B IFACE=veth0 nsx a "$TOP/tests/helpers/badargs.sh" base \
        "$BATS_FILE_TMPDIR/two.pcap" >"$BATS_FILE_TMPDIR/rows"
    # the programs whose --help says they need CAP_NET_RAW
    : >"$BATS_FILE_TMPDIR/priv"
    while IFS= read -r r; do
        prog=$(cut -f3 <<<"$r")
        if "$prog" --help | grep -q CAP_NET_RAW; then echo "$r" >>"$BATS_FILE_TMPDIR/priv"; fi
    done < <(grep -P '^[0-9]+\tbase\t' "$BATS_FILE_TMPDIR/rows")
}

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd setpriv strace
    ROWS=$BATS_FILE_TMPDIR/rows
    PRIV=$BATS_FILE_TMPDIR/priv
}

teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# matrix PART: the privilege matrix over the programs of partPART-*
matrix() {
    grep -P "\t$TOP/part$1-[^/]*/" "$PRIV" >"$BATS_TEST_TMPDIR/mine" || true
    [ -s "$BATS_TEST_TMPDIR/mine" ]
    tr '\n' '\0' <"$BATS_TEST_TMPDIR/mine" |
        xargs -0 -P 4 -n 1 "$TOP/tests/helpers/privmatrix.sh" "$NS_A" \
        >"$BATS_TEST_TMPDIR/fail" 3>&-
    cat "$BATS_TEST_TMPDIR/fail"
    [ ! -s "$BATS_TEST_TMPDIR/fail" ]
}

@test "privilege: every program is in the matrix; at least 15 need CAP_NET_RAW, each in part 1, 2 or 3" {
    [ "$(wc -l <"$PRIV")" -ge 15 ]
    # every program is in the rows, so one that needs privilege is in $PRIV
    [ "$(grep -cP '^[0-9]+\tbase\t' "$ROWS")" -eq "$(ls "$TOP"/part*/[0-9][0-9]-*.c | wc -l)" ]
    [ "$(grep -cP "\t$TOP/part[123]-[^/]*/" "$PRIV")" -eq "$(wc -l <"$PRIV")" ]
}

@test "privilege: part 1's programs needing CAP_NET_RAW, as nobody, with CAP_NET_RAW only, under sudo, with bad sudo variables" {
    matrix 1
}

@test "privilege: part 2's programs needing CAP_NET_RAW, as nobody, with CAP_NET_RAW only, under sudo, with bad sudo variables" {
    matrix 2
}

@test "privilege: part 3's programs needing CAP_NET_RAW, as nobody, with CAP_NET_RAW only, under sudo, with bad sudo variables" {
    matrix 3
}
