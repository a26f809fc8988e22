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
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output
log=test-output/bats.tap
: >"$log"
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-60}
passed=0 failed=0 skipped=0 rc=0

tests/check-asserts.pl || rc=1

for f in tests/[0-9][0-9]-*.bats; do
    out=test-output/$(basename "$f" .bats).tap
    timeout -k 10 "${FILE_TIMEOUT:-180}" bats --tap "$f" | tee "$out"
    frc=${PIPESTATUS[0]}
    cat "$out" >>"$log"
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
