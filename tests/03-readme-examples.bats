#!/usr/bin/env bats
# The chapter texts kept true: every ```console example of
# part1-ip-layer/README.md, part2-link-layer/README.md and
# part3-physical/README.md is run in the lab
# of `make lab-up` (tests/readme-examples.sh) and its output compared with
# the text, minus the fields the example marks as varying. The bare
# listings (```c) must compile.

# Parts 1 and 2 run their examples on one lab network, built once for the
# file (LAB_KEEP: the runner uses it as it is and leaves it up; the counters
# an example reads are compared as their increase, so no example needs a
# lab of its own; the runner tests below use it too). Part 3's run
# meanwhile on a second lab network, started by setup_file: the examples
# mostly wait (for a reply, a timeout, a capture to start). Two lanes, not
# more: on two CPUs a third lane made the file slower (90 s against 82).
setup_file() {
    load helpers/common
    local p as=
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null && sudo -n true 2>/dev/null || return 0
        as="sudo -n"
    fi
    export JOBS=$BATS_FILE_TMPDIR/job
    for p in 3; do
        (
            $as env LAB_PREFIX=rawt-${BATS_ROOT_PID}-ex$p "$TOP/tests/readme-examples.sh" run \
                "$(eval echo "\$P$p")/README.md" >"$JOBS$p.out" 2>&1 &
            echo $! >"$JOBS$p.pid"
            wait $!
            echo $? >"$JOBS$p.rc"
        ) 3>&- &
    done
}

# job 3: wait (bounded, 55 s more) for that part's examples; their diffs
# shown, their verdict in $status, the count of examples that passed in $ok
job() {
    local i
    [ -n "${JOBS:-}" ]      # setup_file started them (as root)
    for ((i = 0; i < 1100; i++)); do
        [ -s "$JOBS$1.rc" ] && break
        sleep 0.05
    done
    grep -v "^ok " "$JOBS$1.out" || true     # the diff of a failing example
    status=$(cat "$JOBS$1.rc" 2>/dev/null || echo 124)
    ok=$(grep -c '^ok ' "$JOBS$1.out")
}

setup() {
    load helpers/common
    require_root
    require_cmd tcpdump nc wget python3 ping setpriv ss tshark strace arping
    export LAB_PREFIX=rawt-${BATS_ROOT_PID}-${BATS_SUITE_TEST_NUMBER}
    RUNNER=$TOP/tests/readme-examples.sh
    EXLAB=rawt-${BATS_ROOT_PID}-ex
}

teardown() {
    LAB_PREFIX=$LAB_PREFIX "$TOP/tests/lab.sh" down >/dev/null 2>&1 || true
}

teardown_file() {
    load helpers/common
    local p
    for p in 3; do
        if [ -s "${JOBS:-/nonexistent}$p.pid" ]; then
            ${AS_ROOT:-} kill "$(cat "$JOBS$p.pid")" 2>/dev/null || true
        fi
    done
    load helpers/netns
    ns_cleanup_all
}

# examples README [K/N]: run the examples of README (the K-th of N equal
# shares of them) on the file's lab network; the diff of a failing one shown
examples() {
    local -a nums
    mapfile -t nums < <("$RUNNER" list "$1" | awk '{print $1}')
    local k=${2%/*} n=${2#*/} size
    [ -n "${2:-}" ] || k=1 n=1
    size=$(((${#nums[@]} + n - 1) / n))
    run $AS_ROOT env LAB_KEEP=1 LAB_PREFIX="$EXLAB" "$RUNNER" run "$1" "${nums[@]:$(((k - 1) * size)):size}"
    echo "$output" | grep -v "^ok " || true
}

@test "part 1 README: examples of the first half print what the text shows" {
    examples "$P1/README.md" 1/2
    [ "$status" -eq 0 ]
}

@test "part 1 README: examples of the second half print what the text shows" {
    examples "$P1/README.md" 2/2
    [ "$status" -eq 0 ]
}

@test "part 2 README: its examples print what the text shows" {
    examples "$P2/README.md"
    [ "$status" -eq 0 ]
}

@test "part 3 README: its examples print what the text shows" {
    job 3
    [ "$status" -eq 0 ]
    [ "$ok" -ge 30 ]
}

@test "the chapters keep their examples: 22 or more each, all run in parts 1 and 2; 30 run in part 3" {
    run -0 "$RUNNER" list "$P1/README.md"
    [ "${#lines[@]}" -ge 22 ]
    [[ $output != *" skip "* ]]
    run -0 "$RUNNER" list "$P2/README.md"
    [ "${#lines[@]}" -ge 22 ]
    [[ $output != *" skip "* ]]
    run -0 "$RUNNER" list "$P3/README.md"
    [ "$(grep -c '^[0-9]* [0-9]* run ' <<<"$output")" -ge 30 ]
    # every command shown with its output is an example: no "a# " line
    # left in an indented block of the chapter
    [ "$(grep -cE '^    +(a|b|c|d|r|r2|sw)?[#$] ' "$P3/README.md")" -eq 0 ]
}

@test "readme runner: a byte changed in the text fails the example; a varying field does not" {
    local copy=$BATS_TEST_TMPDIR/README.md n
    n=$("$RUNNER" list "$P1/README.md" | awk '$4 == "./03-ping" && $5 == "-n" {print $1}')
    [ -n "$n" ]
    # the checksum of 03-ping's fixed request, D9 C1, one bit off in the text
    sed 's/^08 00 D9 C1 12 34/08 00 D9 C0 12 34/' "$P1/README.md" >"$copy"
    run -1 cmp -s "$copy" "$P1/README.md"      # the edit applied
    run -1 $AS_ROOT env EXAMPLES_DIR=$P1 LAB_KEEP=1 LAB_PREFIX=$EXLAB "$RUNNER" run "$copy" "$n"
    [[ $output == *"FAIL $n "* ]]
    [[ $output == *"-08 00 D9 C0 12 34"* ]]
    # an identifier of ping is masked (hex 5-6 in the 01-recv example): no failure
    n=$("$RUNNER" list "$P1/README.md" | awk '$4 == "./01-recv" && $5 == "-c" && $6 == "2" {print $1}')
    [ -n "$n" ]
    sed 's/^08 00 AA 59 09 9F 00 01/08 00 AA 59 12 34 00 01/' "$P1/README.md" >"$copy"
    run -1 cmp -s "$copy" "$P1/README.md"      # the edit applied
    run -0 $AS_ROOT env EXAMPLES_DIR=$P1 LAB_KEEP=1 LAB_PREFIX=$EXLAB "$RUNNER" run "$copy" "$n"
}

@test "readme runner: counters are compared as their increase: an nstat example passes twice in a row, a wrong count fails" {
    local copy=$BATS_TEST_TMPDIR/README.md n
    n=$("$RUNNER" list "$P1/README.md" | awk '$4 == "./05-udp-send" && $5 == "-s" {print $1}')
    [ -n "$n" ]
    # the second run starts with a's UdpInDatagrams at 1 (or more), not 0
    run -0 $AS_ROOT env EXAMPLES_DIR=$P1 LAB_KEEP=1 LAB_PREFIX=$EXLAB "$RUNNER" run "$P1/README.md" "$n" "$n"
    [ "$(grep -c "^ok $n " <<<"$output")" -eq 2 ]
    sed 's/^UdpInDatagrams                  1 /UdpInDatagrams                  2 /' "$P1/README.md" >"$copy"
    run -1 cmp -s "$copy" "$P1/README.md"      # the edit applied
    run -1 $AS_ROOT env EXAMPLES_DIR=$P1 LAB_KEEP=1 LAB_PREFIX=$EXLAB "$RUNNER" run "$copy" "$n"
    [[ $output == *"-UdpInDatagrams                  2 "* ]]
    [[ $output == *"+UdpInDatagrams                  1 "* ]]
}

@test "readme runner: a console example without its annotation is refused" {
    local copy=$BATS_TEST_TMPDIR/README.md
    printf '%s\n' '# t' '' '```console' '$ echo hi' 'hi' '```' >"$copy"
    run -2 "$RUNNER" list "$copy"
    [[ $output == *"without its <!-- example --> comment"* ]]
}

# listings DIR: the ```c fences of both chapters compiled into DIR as
# listing-1 ... (part 1's first), warnings refused; prints how many.
listings() {
    local f c n=0 out=$1
    for f in "$P1/README.md" "$P2/README.md"; do
        awk -v out="$out/src" '
            /^```c$/ { n++; on = 1; next }
            /^```/ { on = 0 }
            on { print > (out n ".c") }' "$f"
        for c in "$out"/src*.c; do
            [ -e "$c" ] || continue
            n=$((n + 1))
            cc -std=c11 -Wall -Wextra -Werror -o "$out/listing-$n" "$c" || return 1
            rm "$c"
        done
    done
    echo "$n"
}

# raw_open NS PROTO: wait (bounded) until NS has a raw socket of PROTO open.
raw_open() {
    local i
    for ((i = 0; i < 100; i++)); do
        nsx "$1" awk -v p="$(printf ':%04X' "$2")" 'NR > 1 && substr($2, 9) == p { f = 1 } END { exit !f }' /proc/net/raw && return 0
        sleep 0.05
    done
    return 1
}

@test "the bare listings compile without a warning, and do what the text says" {
    load helpers/netns
    local d=$BATS_TEST_TMPDIR
    run -0 listings "$d"
    [ "$output" -eq 4 ]
    ns_add a
    # part 1's listener: one echo request of a ping of loopback, from its type on
    nsx a "$d/listing-1" >"$d/recv.out" 3>&- &
    pid=$!
    raw_open a 1
    nsx a ping -c 1 -W 2 127.0.0.1 >/dev/null
    reap "$pid" 5
    grep -qE '^08 00 ([0-9A-F]{2} ){61}37$' "$d/recv.out"
    # part 2's listener and sender: the packet of the text, header first, and
    # the fields the kernel filled in
    nsx a "$d/listing-3" >"$d/recvip.out" 3>&- &
    pid=$!
    raw_open a 1
    nsx a "$d/listing-4"
    reap "$pid" 5
    grep -qE '^45 00 00 1E [0-9A-F ]{5} 00 00 40 01 [0-9A-F ]{5} 7F 00 00 01 7F 00 00 01 08 00 37 21 00 00 00 00 C0 DE$' "$d/recvip.out"
    # part 1's SYN on a connected socket: a listener on 80 answers SYN-ACK
    nsx a nc -l 80 >/dev/null 3>&- &
    npid=$!
    nsx a "$P1/02-recv-explained" -p tcp -c 2 -t 5 >"$d/syn.out" 2>"$d/syn.err" 3>&- &
    pid=$!
    wait_for_line "$d/syn.err" 'listening on'
    for ((i = 0; i < 100; i++)); do
        [ -n "$(nsx a ss -Hltn 'sport = :80')" ] && break
        sleep 0.05
    done
    nsx a "$d/listing-2"
    reap "$pid" 5
    kill "$npid" 2>/dev/null || true
    grep -q '^IP 127.0.0.1.40000 > 127.0.0.1.80: Flags \[S\], seq 1, win 64240, length 0$' "$d/syn.out"
    grep -q '^IP 127.0.0.1.80 > 127.0.0.1.40000: Flags \[S.\], seq [0-9]*, ack 2, ' "$d/syn.out"
}
