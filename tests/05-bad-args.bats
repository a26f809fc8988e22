#!/usr/bin/env bats
# Every program, every bad argument, found by itself: helpers/badargs.sh
# reads each built program's --help (its options, their metavars, the forms
# of its synopsis) and makes the rows: no arguments where some are needed,
# an unknown option, an extra argument, bad hosts, sources (0.0.0.0,
# broadcast, multicast), ports, counts, timeouts, sizes, interfaces, an
# over-long message. Each must exit 2 with one line "NAME: what was wrong",
# nothing on stdout; --help prints the usage on stdout; what prints (--help,
# -n dry runs, -r FILE) with stdout on /dev/full exits 2 with the write
# error. Every run is bounded (timeout 5) and inside a namespace made here.

setup_file() {
    load helpers/common
    load helpers/netns
    if [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; then
        return 0                          # setup skips each test
    fi
    require_root
    export NS_ARGS
    NS_ARGS=$(ns_name args)
    ns_add args ipv6                      # lo up; 08-ping6 -n needs ::1
    "$UNIT/test-pcap" write "$BATS_FILE_TMPDIR/two.pcap" raw 2 >/dev/null
    $AS_ROOT ip netns exec "$NS_ARGS" "$TOP/tests/helpers/badargs.sh" rows \
        "$BATS_FILE_TMPDIR/two.pcap" >"$BATS_FILE_TMPDIR/rows"
}

teardown_file() {
    load helpers/common
    load helpers/netns
    ns_cleanup_all
}

setup() {
    load helpers/common
    require_root
    ROWS=$BATS_FILE_TMPDIR/rows
}

# check KIND-REGEX [PART]: the rows of these kinds (of part PART's
# programs), in 4 parallel runs; the failures on stdout (none if all is well)
check() {
    grep -P "^[0-9]+\t($1)\t$TOP/part${2:-[0-9]}-" "$ROWS" >"$BATS_TEST_TMPDIR/mine"
    [ -s "$BATS_TEST_TMPDIR/mine" ]
    split -n l/4 "$BATS_TEST_TMPDIR/mine" "$BATS_TEST_TMPDIR/part."
    for f in "$BATS_TEST_TMPDIR"/part.*; do
        $AS_ROOT ip netns exec "$NS_ARGS" "$TOP/tests/helpers/badargs.sh" check "$f" \
            >"$f.fail" 3>&- &
    done
    wait
    cat "$BATS_TEST_TMPDIR"/part.*.fail
}

@test "bad args: every program (part*/NN-*.c) is built and in the matrix, every metavar known" {
    n=0
    for src in "$TOP"/part*/[0-9][0-9]-*.c; do
        prog=${src%.c}
        [ -x "$prog" ]
        grep -qP "^[0-9]+\thelp\t$prog\t" "$ROWS"
        grep -qP "^[0-9]+\tbad:[^\t]*\t$prog\t" "$ROWS"
        n=$((n + 1))
    done
    [ "$n" -ge 20 ]
    run grep -P '^0\t' "$ROWS"                  # unknown metavars, broken --help
    [ "$status" -eq 1 ]
    # every row is a part 1, 2 or 3 program's: the tests by part see them all
    [ "$(grep -cP "^[0-9]+\t[^\t]*\t$TOP/part[123]-" "$ROWS")" -eq "$(wc -l <"$ROWS")" ]
    # the rows the issue names are all there
    for v in 999.1.1.1 example.invalid 0.0.0.0 255.255.255.255 224.0.0.1 \
             65536 abc 1e9 99999999 nosuch0 'no arguments' 'unknown option' \
             'unexpected argument' message; do
        grep -qP "\tbad:\Q$v\E" "$ROWS"
    done
}

# One test a part: under the sanitizers (make check) all the rows together
# take half of run.sh's 60 s.
@test "bad args: part 1: each bad argument is exit 2 and one line naming the program and what was wrong; --help on stdout" {
    run -0 check 'bad:[^\t]*|help' 1
    echo "$output"
    [ -z "$output" ]
}

@test "bad args: part 2: each bad argument is exit 2 and one line naming the program and what was wrong; --help on stdout" {
    run -0 check 'bad:[^\t]*|help' 2
    echo "$output"
    [ -z "$output" ]
}

@test "bad args: part 3: each bad argument is exit 2 and one line naming the program and what was wrong; --help on stdout" {
    run -0 check 'bad:[^\t]*|help' 3
    echo "$output"
    [ -z "$output" ]
}

@test "bad args: stdout on /dev/full (--help, -n dry runs, -r FILE) is exit 2 and a write error; the dry runs work" {
    run -0 check 'full|dry'
    echo "$output"
    [ -z "$output" ]
    [ "$(grep -cP '^[0-9]+\tfull\t' "$ROWS")" -gt "$(grep -cP '^[0-9]+\thelp\t' "$ROWS")" ]
}
