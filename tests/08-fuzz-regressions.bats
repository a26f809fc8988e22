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
