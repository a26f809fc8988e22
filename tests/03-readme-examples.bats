#!/usr/bin/env bats
# The chapter texts of parts 1 and 2 kept true: every ```console example of
# part1-ip-layer/README.md and part2-link-layer/README.md is run in the lab
# of `make lab-up` (tests/readme-examples.sh) and its output compared with
# the text, minus the fields the example marks as varying. The bare
# listings (```c) must compile.

setup() {
    load helpers/common
    require_root
    require_cmd tcpdump nc wget python3 ping setpriv ss
    export LAB_PREFIX=rawt-${BATS_ROOT_PID}-${BATS_SUITE_TEST_NUMBER}
    RUNNER=$TOP/tests/readme-examples.sh
}

teardown() {
    LAB_PREFIX=$LAB_PREFIX "$TOP/tests/lab.sh" down >/dev/null 2>&1 || true
}

# half README 1|2: the numbers of the first or second half of its examples
# (two tests a chapter, so that each stays well inside BATS_TEST_TIMEOUT).
half() {
    local -a nums
    mapfile -t nums < <("$RUNNER" list "$1" | awk '{print $1}')
    local h=$(((${#nums[@]} + 1) / 2))
    if [ "$2" = 1 ]; then echo "${nums[@]:0:h}"; else echo "${nums[@]:h}"; fi
}

@test "part 1 README: examples of the first half print what the text shows" {
    run -0 "$RUNNER" run "$P1/README.md" $(half "$P1/README.md" 1)
}

@test "part 1 README: examples of the second half print what the text shows" {
    run -0 "$RUNNER" run "$P1/README.md" $(half "$P1/README.md" 2)
}

@test "part 2 README: examples of the first half print what the text shows" {
    run -0 "$RUNNER" run "$P2/README.md" $(half "$P2/README.md" 1)
}

@test "part 2 README: examples of the second half print what the text shows" {
    run -0 "$RUNNER" run "$P2/README.md" $(half "$P2/README.md" 2)
}

@test "the chapters keep their examples: 22 or more each, all run" {
    run -0 "$RUNNER" list "$P1/README.md"
    [ "${#lines[@]}" -ge 22 ]
    [[ $output != *" skip "* ]]
    run -0 "$RUNNER" list "$P2/README.md"
    [ "${#lines[@]}" -ge 22 ]
    [[ $output != *" skip "* ]]
}

@test "readme runner: a byte changed in the text fails the example; a varying field does not" {
    local copy=$BATS_TEST_TMPDIR/README.md n
    n=$("$RUNNER" list "$P1/README.md" | awk '$4 == "./03-ping" && $5 == "-n" {print $1}')
    [ -n "$n" ]
    # the checksum of 03-ping's fixed request, D9 C1, one bit off in the text
    sed 's/^08 00 D9 C1 12 34/08 00 D9 C0 12 34/' "$P1/README.md" >"$copy"
    ! cmp -s "$copy" "$P1/README.md"
    EXAMPLES_DIR=$P1 run -1 "$RUNNER" run "$copy" "$n"
    [[ $output == *"FAIL $n "* ]]
    [[ $output == *"-08 00 D9 C0 12 34"* ]]
    # an identifier of ping is masked (hex 5-6 in the 01-recv example): no failure
    n=$("$RUNNER" list "$P1/README.md" | awk '$4 == "./01-recv" && $5 == "-c" && $6 == "2" {print $1}')
    [ -n "$n" ]
    sed 's/^08 00 AA 59 09 9F 00 01/08 00 AA 59 12 34 00 01/' "$P1/README.md" >"$copy"
    ! cmp -s "$copy" "$P1/README.md"
    EXAMPLES_DIR=$P1 run -0 "$RUNNER" run "$copy" "$n"
}

@test "readme runner: a console example without its annotation is refused" {
    local copy=$BATS_TEST_TMPDIR/README.md
    printf '%s\n' '# t' '' '```console' '$ echo hi' 'hi' '```' >"$copy"
    run -2 "$RUNNER" list "$copy"
    [[ $output == *"without its <!-- example --> comment"* ]]
}

@test "the bare listings of both chapters compile without a warning" {
    local f n=0
    for f in "$P1/README.md" "$P2/README.md"; do
        awk -v out="$BATS_TEST_TMPDIR/listing" '
            /^```c$/ { n++; on = 1; next }
            /^```/ { on = 0 }
            on { print > (out n ".c") }' "$f"
        for c in "$BATS_TEST_TMPDIR"/listing*.c; do
            [ -e "$c" ] || continue
            cc -std=c11 -Wall -Wextra -Werror -o "${c%.c}" "$c"
            n=$((n + 1))
            rm "$c"
        done
    done
    [ "$n" -ge 4 ]
}
