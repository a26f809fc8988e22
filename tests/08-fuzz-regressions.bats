#!/usr/bin/env bats
# What make fuzz found, replayed in make test: every file of
# tests/fuzz/regressions/TARGET/ and of the seed corpus through the target's
# replay driver (tests/fuzz/fuzz-TARGET built by make: the same parser code,
# each input in a buffer of exactly its size, under ASan/UBSan in make
# check), and the pcap reader's through the programs that read files (-r).

setup() {
    load helpers/common
    F=$TOP/tests/fuzz
}

# inputs TARGET: its regressions and its seed corpus (from its header)
inputs() {
    local seeds
    seeds=$(sed -n 's/^ \* corpus: \([^ ]*\).*/\1/p' "$F/fuzz-$1.c")
    find "$F/regressions/$1" "$TOP/$seeds" -type f 2>/dev/null | sort
}

@test "fuzz regressions: every target's regressions and seeds replay through it without a report" {
    n=0
    for src in "$F"/fuzz-*.c; do
        t=$(basename "$src" .c)
        t=${t#fuzz-}
        [ -x "$F/fuzz-$t" ]                     # built by make (unit)
        mapfile -t files < <(inputs "$t")
        [ ${#files[@]} -ge 1 ]
        run timeout -k 1 60 "$F/fuzz-$t" "${files[@]}"
        [ "$status" -eq 0 ] || { echo "fuzz-$t: exit $status"; echo "$output" | grep -E 'ERROR|runtime error' | head -n 5; false; }
        n=$((n + ${#files[@]}))
    done
    echo "$n inputs replayed"
    [ "$n" -ge 50 ]
}

@test "fuzz regressions: the pcap reader's inputs through every program that reads -r FILE" {
    for p in "$TOP"/part*/[0-9][0-9]-*; do
        [[ $p == *.c ]] && continue
        [ -x "$p" ] && "$p" --help | grep -qE '^ +-r FILE' || continue
        while read -r f; do
            run timeout -k 1 10 "$p" -r "$f"
            # 0 decoded, 1 nothing to decode, 2 a bad file: never a crash
            [ "$status" -le 2 ] || { echo "${p##*/} -r $f: exit $status"; false; }
        done < <(inputs pcap)
    done
}

# frame_pcap IN OUT TARGET: a frame target's input as a pcap file that
# 02-decode -r reads the way the target fed the printers: fuzz-ether's
# input whole, then cut to its first half (the wire length kept);
# fuzz-02-decode's first byte picks the link type, its second how much of
# the rest the capture kept.
frame_pcap() {
    perl -e '
        my ($in, $out, $t) = @ARGV;
        open my $f, "<:raw", $in or die; local $/; my $d = <$f>;
        my @recs;
        if ($t eq "ether") {
            @recs = ([1, $d, length $d], [1, substr($d, 0, int(length($d) / 2)), length $d]);
        } else {
            exit 3 if length $d < 2;
            my ($sel, $frac) = unpack "CC", $d;
            my $rest = substr $d, 2;
            my $keep = int(length($rest) * $frac / 255);
            @recs = ([(1, 113, 101)[$sel % 3], substr($rest, 0, $keep), length $rest]);
        }
        open my $o, ">:raw", $out or die;
        print $o pack "VvvVVVV", 0xa1b2c3d4, 2, 4, 0, 0, 262144, $recs[0][0];
        print $o pack("VVVV", 0, 0, length $_->[1], $_->[2]), $_->[1] for @recs;
    ' "$@"
}

@test "fuzz regressions: the frame targets' inputs through 02-decode -r, as pcap records cut as the target cut them" {
    PROG=$TOP/part3-physical/02-decode
    [ -x "$PROG" ] || skip "02-decode is not built"
    n=0
    for t in ether 02-decode; do
        while read -r f; do
            frame_pcap "$f" "$BATS_TEST_TMPDIR/f.pcap" "$t" || continue
            run timeout -k 1 10 "$PROG" -r "$BATS_TEST_TMPDIR/f.pcap"
            [ "$status" -eq 0 ] || { echo "02-decode -r ($t) $f: exit $status"; echo "$output" | head -n 5; false; }
            # a crash found by fuzz-ether: the lines tcpdump -t -n -e prints
            # (a read past the capture shows there, even without ASan)
            if [ "$t" = ether ] && [[ $f == */regressions/* ]]; then
                [ "$output" = "$(tcpdump -t -n -e -r "$BATS_TEST_TMPDIR/f.pcap" 2>/dev/null)" ]
            fi
            n=$((n + 1))
        done < <(inputs "$t")
    done
    [ "$n" -ge 30 ]
}
