#!/usr/bin/env bash
# privmatrix.sh NS ROW - the privilege matrix of tests/06-privilege.bats for
# one program, run as root in namespace NS. ROW is a "base" row of
# badargs.sh (ID, base, PROG, ARGS: its first form, valid, short). Prints
# "FAIL ..." lines; nothing when every case holds:
#   nobody, a copy without file capabilities: exit 2, EPERM, the CAP_NET_RAW hint
#   nobody with only CAP_NET_RAW: runs (exit 0 or 1), and after its last raw
#     or packet socket() clears every capability (strace: capset to 0); at
#     "listening on" /proc/PID/status has CapPrm and CapEff 0
#   root with SUDO_UID/SUDO_GID=65534 and groups 4,27: after the socket,
#     setgroups(0), setresgid and setresuid to 65534; at "listening on" Uid,
#     Gid 65534, no Groups, CapEff and CapPrm 0; a -w FILE is 65534's
#   only one of SUDO_UID/SUDO_GID, or a malformed one: exit 2, naming it
set -uo pipefail
ns=$1
IFS=$'\t' read -r _ _ prog rawargs <<<"$2"
name=${prog##*/}
top=$(mktemp -d)
chmod 755 "$top"
cp "$prog" "$top/$name"                  # a copy: no file capabilities
args=$rawargs
fail() { echo "FAIL $name $args: $*"; }

# The cases run at once, each in its own directory (its output, its strace
# log, its -w FILE): a case is mostly waiting for the program's -t.
# setup N: $work, the directory of case N; ARGS, the program's arguments
# (a -w FILE inside $work); TRACE, strace writing to $work/log
setup() {
    work=$top/$1
    mkdir -p "$work"
    chmod 755 "$work"
    mkdir -m 1777 "$work/w"              # as /tmp: the user's to write in
    args=${rawargs//@WFILE@/$work/w/w.pcap}
    eval "ARGS=($args)"
    # LeakSanitizer cannot run under ptrace (make check): leaks are checked
    # by every other run, not the traced ones
    TRACE=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f -qq -e trace=socket,capset,setresuid,setresgid,setgroups -o "$work/log")
}

# run CASE CMD...: in the background, bounded; sets pid, rc, and reads
# /proc/PID/status into $work/status at "listening on" (if it comes)
run_case() {
    local i
    rm -f "$work/log" "$work/status" "$work/w/w.pcap"
    : >"$work/err"
    timeout -k 1 10 "$@" >"$work/out" 2>"$work/err" </dev/null &
    local tpid=$! ppid="" lines tick
    # polled with builtins only (mapfile; read -t on a FIFO nobody writes
    # to is a sleep without a process): cases run 24 at a time
    mkfifo "$work/tick"
    exec {tick}<>"$work/tick"
    for ((i = 0; i < 250; i++)); do
        mapfile -t lines <"$work/err"
        if [[ ${lines[*]} == *'listening on'* ]]; then
            { read -r ppid _ <"$work/log"; } 2>/dev/null
            [ -n "$ppid" ] && cat "/proc/$ppid/status" >"$work/status" 2>/dev/null
            break
        fi
        kill -0 $tpid 2>/dev/null || break
        read -r -t 0.02 -u "$tick"
    done
    exec {tick}>&-
    rm -f "$work/tick"
    rc=0
    wait $tpid || rc=$?
}

# after_socket REGEX: a line of the log matching REGEX after the last raw
# or packet socket() that succeeded
after_socket() {
    awk -v re="$1" '
        /socket\((AF_PACKET|AF_INET6?, SOCK_RAW)/ && / += [0-9]+$/ { last = NR; seen = 0 }
        last && NR > last && $0 ~ re { seen = 1 }
        END { exit !(last && seen) }' "$work/log"
}

status_field() { awk -v f="$1:" '$1 == f { $1 = ""; sub(/^ /, ""); print }' "$work/status" 2>/dev/null; }

# 1. nobody, no capabilities
( setup 1
run_case ip netns exec "$ns" setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$top/$name" "${ARGS[@]}"
[ $rc -eq 2 ] || fail "as nobody: exit $rc, want 2: $(head -c 300 "$work/err")"
grep -q '(EPERM)' "$work/err" || fail "as nobody: no EPERM: $(head -c 300 "$work/err")"
grep -q "CAP_NET_RAW.*sudo ./$name" "$work/err" || fail "as nobody: no CAP_NET_RAW hint"
) >"$top/fail.1" &

# 2. nobody with only CAP_NET_RAW
( setup 2
run_case "${TRACE[@]}" ip netns exec "$ns" setpriv --reuid=nobody --regid=nogroup \
    --clear-groups --inh-caps +net_raw --ambient-caps +net_raw "$top/$name" "${ARGS[@]}"
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "with CAP_NET_RAW: exit $rc: $(head -c 300 "$work/err")"
after_socket 'capset\\(.*effective=0, permitted=0, inheritable=0\\}\\) += 0' ||
    fail "with CAP_NET_RAW: no capset to 0 after its socket: $(grep -E 'socket|capset' "$work/log" | tail -n 3 | tr '\n' '|')"
if [ -s "$work/status" ]; then
    [ "$(status_field CapPrm)$(status_field CapEff)" = 00000000000000000000000000000000 ] ||
        fail "with CAP_NET_RAW, listening: CapPrm $(status_field CapPrm) CapEff $(status_field CapEff)"
fi
) >"$top/fail.2" &

# 3. root, as sudo leaves it
( setup 3
run_case "${TRACE[@]}" ip netns exec "$ns" setpriv --groups 4,27 \
    env SUDO_UID=65534 SUDO_GID=65534 "$prog" "${ARGS[@]}"
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "under sudo: exit $rc: $(head -c 300 "$work/err")"
for call in 'setgroups\\(0, NULL\\) += 0' 'setresgid\\(65534, 65534, 65534\\) += 0' \
            'setresuid\\(65534, 65534, 65534\\) += 0'; do
    after_socket "$call" || fail "under sudo: no $call after its socket"
done
if [ -s "$work/status" ]; then              # read at "listening on"
    [ "$(status_field Uid)" = "65534 65534 65534 65534" ] || fail "under sudo, listening: Uid $(status_field Uid)"
    [ "$(status_field Gid)" = "65534 65534 65534 65534" ] || fail "under sudo, listening: Gid $(status_field Gid)"
    [ -z "$(status_field Groups)" ] || fail "under sudo, listening: Groups $(status_field Groups)"
    [ "$(status_field CapEff)" = 0000000000000000 ] || fail "under sudo, listening: CapEff $(status_field CapEff)"
    [ "$(status_field CapPrm)" = 0000000000000000 ] || fail "under sudo, listening: CapPrm $(status_field CapPrm)"
fi
if [[ $args == *"$work/w/w.pcap"* ]]; then
    [ "$(stat -c %u:%g "$work/w/w.pcap" 2>/dev/null)" = 65534:65534 ] ||
        fail "under sudo: -w file owned by $(stat -c %u:%g "$work/w/w.pcap" 2>&1)"
fi
) >"$top/fail.3" &

# 4. half or malformed sudo variables
k=4
for env in "SUDO_UID=65534" "SUDO_GID=65534" "SUDO_UID=abc SUDO_GID=65534"; do
    ( setup $k
    run_case ip netns exec "$ns" env -u SUDO_UID -u SUDO_GID $env "$prog" "${ARGS[@]}"
    [ $rc -eq 2 ] || fail "with $env: exit $rc, want 2"
    tail -n 1 "$work/err" | grep -q "^$name: .*SUDO_" || fail "with $env: last line does not name SUDO_: $(tail -n 1 "$work/err")"
    ) >"$top/fail.$k" &
    k=$((k + 1))
done
wait
cat "$top"/fail.*
rm -rf "$top"
