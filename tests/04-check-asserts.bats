#!/usr/bin/env bats
# tests/check-asserts.pl, which make test runs first: the suite has no
# `a && b` list on a non-final line, and a planted one is named file:line.

load helpers/common

@test "check-asserts: the suite itself is clean" {
    run -0 "$TOP/tests/check-asserts.pl"
    [ "$output" = "" ]
}

@test "check-asserts: a planted non-final && line fails, named file:line" {
    f=$BATS_TEST_TMPDIR/planted.bats
    printf '%s\n' '@test "x" {' '    x=1' '    [ "$x" = 2 ] && [ "$x" = 1 ]' \
        '    [ "$x" = 1 ]' '}' >"$f"
    run -1 "$TOP/tests/check-asserts.pl" "$f"
    [ "${lines[0]}" = "$f:3: && list on a line other than the body's last: [ \"\$x\" = 2 ] && [ \"\$x\" = 1 ]" ]
}

@test "check-asserts: a helper's loop body counts; conditions, control flow and the last line do not" {
    f=$BATS_TEST_TMPDIR/helper.bash
    printf '%s\n' 'ok() {' '    if [ -n "$1" ] && [ -n "$2" ]; then :; fi' \
        '    grep -q x "$1" && return 0' '    [[ $1 && $2 ]]' '    v=$(a && b)' \
        "    awk '\$1 && \$2' \"\$1\"" '    [ "$1" ] && [ "$2" ]' '}' \
        'loop() {' '    for i in 1 2; do' '        [ "$i" = 1 ] && [ "$i" = 2 ]' \
        '    done' '}' >"$f"
    run -1 "$TOP/tests/check-asserts.pl" "$f"
    [ "${#lines[@]}" -eq 2 ]
    [ "${lines[0]}" = "$f:11: && list on a line other than the body's last: [ \"\$i\" = 1 ] && [ \"\$i\" = 2 ]" ]
}

@test "check-asserts: a negated command on a non-final line fails; last line, if and run ! do not" {
    f=$BATS_TEST_TMPDIR/negated.bats
    printf '%s\n' '@test "x" {' '    run ! false' '    if ! grep -q x "$0"; then :; fi' \
        '    # a comment' '    ! grep -q x "$0"' '    for i in 1; do' '        ! [ "$i" = 1 ]' \
        '    done' '    ! grep -q y "$0"' '}' >"$f"
    run -1 "$TOP/tests/check-asserts.pl" "$f"
    [ "${#lines[@]}" -eq 3 ]
    [ "${lines[0]}" = "$f:5: negated command on a line other than the body's last: ! grep -q x \"\$0\"" ]
    [ "${lines[1]}" = "$f:7: negated command on a line other than the body's last: ! [ \"\$i\" = 1 ]" ]
}
