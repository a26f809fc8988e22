#!/usr/bin/env bash
# make fuzz: every tests/fuzz/fuzz-*.c target under libFuzzer for SECONDS
# seconds (default 30), with ASan and UBSan, inputs up to 4096 bytes (the
# cost of an input grows with its size), seeded from tests/fuzz/corpus;
# then its executions, and the line and branch coverage its corpus reaches
# in the parser files its header names (clang source coverage: llvm-profdata
# and llvm-cov). A crash is copied to tests/fuzz/regressions/TARGET/ (make
# test replays it) and fails the run. clang and llvm come from Debian,
# installed here when missing.
#
#   tests/fuzz/run.sh [SECONDS [TARGET...]]
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${1:-30}
shift || true
out=test-output/fuzz
mkdir -p "$out"

if ! command -v clang >/dev/null || ! command -v llvm-profdata >/dev/null ||
   ! command -v llvm-cov >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "fuzz: clang and llvm are missing: sudo apt-get install clang llvm" >&2
        exit 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang llvm
fi

targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(ls tests/fuzz/fuzz-*.c | sed 's|.*/fuzz-||; s|\.c$||')
flags=(-std=c11 -D_GNU_SOURCE -DLIBFUZZER -g -O1 -Icommon -Itests/fuzz)
fuzzflags=(-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined)
covflags=(-fsanitize=fuzzer -fprofile-instr-generate -fcoverage-mapping)
# common/ once for each build: the fuzzer's, and one that counts coverage
mkdir -p "$out/obj" "$out/obj.cov"
for c in common/*.c; do
    o=$(basename "$c" .c).o
    clang "${flags[@]}" "${fuzzflags[@]/fuzzer,/fuzzer-no-link,}" -c "$c" -o "$out/obj/$o"
    clang "${flags[@]}" "${covflags[@]/fuzzer/fuzzer-no-link}" -c "$c" -o "$out/obj.cov/$o"
done
summary=$out/summary
: >"$summary"
crashed=0
for t in "${targets[@]}"; do
    src=tests/fuzz/fuzz-$t.c
    read -r -a parser < <(sed -n 's/^ \* parser: //p' "$src")
    seeds=$(sed -n 's/^ \* corpus: \([^ ]*\).*/\1/p' "$src")
    # the fuzzer, and a build that counts coverage (same sources)
    clang "${flags[@]}" "${fuzzflags[@]}" "$src" "$out"/obj/*.o -o "$out/$t" -lm
    clang "${flags[@]}" "${covflags[@]}" "$src" "$out"/obj.cov/*.o -o "$out/$t.cov" -lm
    mkdir -p "$out/corpus/$t" tests/fuzz/regressions/"$t"
    echo "== fuzz-$t: $secs s, seeds from $seeds"
    rc=0
    "$out/$t" -max_total_time="$secs" -close_fd_mask=3 -print_final_stats=1 \
        -artifact_prefix="$out/$t-" -timeout=10 -rss_limit_mb=1024 -max_len=4096 \
        "$out/corpus/$t" "$seeds" tests/fuzz/regressions/"$t" \
        >"$out/$t.log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$t.log")
    crashes=0
    for a in "$out/$t"-crash-* "$out/$t"-leak-* "$out/$t"-timeout-* "$out/$t"-oom-*; do
        [ -e "$a" ] || continue
        mkdir -p tests/fuzz/regressions/"$t"
        cp "$a" tests/fuzz/regressions/"$t"/
        rm -f "$a"
        crashes=$((crashes + 1))
    done
    if [ $rc -ne 0 ]; then
        crashed=1
        grep -m 3 -E 'ERROR|runtime error|SUMMARY' "$out/$t.log" || tail -n 5 "$out/$t.log"
        echo "fuzz-$t: crash saved in tests/fuzz/regressions/$t/ (see $out/$t.log)"
    fi
    # coverage of the parser files by the corpus reached
    rm -f "$out/$t.profraw"
    LLVM_PROFILE_FILE=$out/$t.profraw "$out/$t.cov" -runs=0 -close_fd_mask=3 -artifact_prefix="$out/$t.cov-" \
        "$out/corpus/$t" "$seeds" >/dev/null 2>&1 || true
    llvm-profdata merge -sparse "$out/$t.profraw" -o "$out/$t.profdata"
    read -r -a funcs < <(sed -n 's/^ \* functions: \([^*]*\).*/\1/p' "$src")  || true
    if [ ${#funcs[@]} -eq 0 ]; then         # the whole file is the parser
        llvm-cov report "$out/$t.cov" -instr-profile="$out/$t.profdata" "${parser[@]}" |
            sed "s|^$PWD/||" >"$out/$t.cov.txt"
        # Filename Regions Missed Cover Functions Missed Executed Lines Missed Cover Branches Missed Cover
        awk '$1 ~ /\.c$/ { print $1, $8, $10, $11, $13 }' "$out/$t.cov.txt"
    else                                    # the parsing functions only
        llvm-cov report "$out/$t.cov" -instr-profile="$out/$t.profdata" \
            -show-functions "${parser[@]}" >"$out/$t.cov.txt"
        # Name Regions Miss Cover Lines Miss Cover Branches Miss Cover
        awk -v want=" ${funcs[*]} " '
            { n = $1; sub(/^.*:/, "", n) }
            NF == 10 && index(want, " " n " ") && !seen[n]++ { print $1, $5, $7, $8, $10 }' \
            "$out/$t.cov.txt"
    fi | while read -r what lines lcov br bcov; do
        printf '%-24s %9s execs  %-28s lines %7s of %-4s branches %7s of %-4s crashes %d\n' \
            "fuzz-$t" "${execs:-?}" "${what##*.c:}" "$lcov" "$lines" "$bcov" "$br" "$crashes"
    done | tee -a "$summary"
done
echo "== summary (also in $summary)"
cat "$summary"
exit $crashed
