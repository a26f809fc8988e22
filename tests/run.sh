#!/usr/bin/env bash
# make test: run every bats suite, then print the closing line
#   bats: N passed, N failed, N skipped
# counted from the TAP stream. Exits 1 when anything failed, when bats
# itself failed, or when fewer tests ran than bats planned.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-output
log=test-output/bats.tap

# A program that waits without its bound must fail its test, not hang CI.
export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-60}
bats --tap tests/ | tee "$log"
rc=${PIPESTATUS[0]}

planned=$(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$log" | head -n 1)
passed=$(grep -cE '^ok [0-9]+' "$log")
skipped=$(grep -cE '^ok [0-9]+ .*# skip' "$log")
failed=$(grep -cE '^not ok [0-9]+' "$log")
passed=$((passed - skipped))
ran=$((passed + skipped + failed))

if [ -z "$planned" ] || [ "$ran" -ne "$planned" ]; then
    echo "run.sh: bats planned ${planned:-no} tests, $ran reported" >&2
    rc=1
fi
echo "bats: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$rc" -eq 0 ]
