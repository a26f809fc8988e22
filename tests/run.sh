#!/usr/bin/env bash
# make test: run every bats suite, then print the closing line
#   bats: N passed, N failed, N skipped
# counted from the TAP stream. Exits 1 when anything failed, when bats
# itself failed, or when fewer tests ran than bats planned.
#
# First tests/check-asserts.pl: no `a && b` list on a non-final line of a
# test body or helper (under set -e it checks nothing); it fails the run.
#
# Each file runs under its own bound (FILE_TIMEOUT, default 180 s): a
# program that waits without its bound inside `run` keeps bats waiting,
# which BATS_TEST_TIMEOUT alone cannot interrupt. A file cut off counts
# every test it did not report as failed.
#
# Files run RUN_JOBS at a time (default: one per CPU, at most 2): most of a
# test's time is spent waiting for the peer, not computing, and every file
# makes namespaces of its own names. A file whose results depend on having
# the CPUs to itself (floods that must not drop, pacing) says so with a line
#   # run.sh: alone
# and runs after the others, by itself.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output
log=test-output/bats.tap
: >"$log"
: >test-output/times.txt         # seconds per file, to find the slow ones
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-60}
passed=0 failed=0 skipped=0 rc=0
jobs=${RUN_JOBS:-$(nproc)}
[ "$jobs" -gt 2 ] && jobs=2
[ "$jobs" -ge 1 ] || jobs=1

tests/check-asserts.pl || rc=1

# run_file FILE: its TAP into test-output/NAME.tap, bats' status beside it.
run_file() {
    local out t0=$SECONDS
    out=test-output/$(basename "$1" .bats).tap
    timeout -k 10 "${FILE_TIMEOUT:-180}" bats --tap "$1" >"$out" 2>&1
    echo $? >"$out.rc"
    echo "$((SECONDS - t0)) s  $1" >>test-output/times.txt
    cat "$out"
}

shared=() alone=()
for f in tests/[0-9][0-9]-*.bats; do
    if grep -q '^# run.sh: alone' "$f"; then alone+=("$f"); else shared+=("$f"); fi
done

# The shared files, a pool of $jobs; each file's TAP is shown when it ends
# (in the order they end; the log below keeps file order).
running=0
for f in "${shared[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n
        running=$((running - 1))
    fi
    run_file "$f" &
    running=$((running + 1))
done
wait
for f in "${alone[@]}"; do
    run_file "$f"
done

# Count, in file order.
for f in "${shared[@]}" "${alone[@]}"; do
    out=test-output/$(basename "$f" .bats).tap
    cat "$out" >>"$log"
    frc=$(cat "$out.rc" 2>/dev/null || echo 1)
    planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out" | head -n 1)
    ok=$(grep -cE '^ok [0-9]+' "$out")
    skip=$(grep -cE '^ok [0-9]+ .*# skip' "$out")
    bad=$(grep -cE '^not ok [0-9]+' "$out")
    ran=$((ok + bad))
    if [ "$frc" -eq 124 ] || [ "$frc" -eq 137 ]; then
        echo "run.sh: $f cut off after ${FILE_TIMEOUT:-180} s" >&2
    fi
    if [ -z "$planned" ] || [ "$ran" -lt "$planned" ]; then
        echo "run.sh: $f planned ${planned:-no} tests, $ran reported" >&2
        bad=$((bad + ${planned:-1} - ran))
        rc=1
    fi
    [ "$frc" -eq 0 ] || rc=1
    passed=$((passed + ok - skip)) skipped=$((skipped + skip)) failed=$((failed + bad))
done

echo "bats: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
