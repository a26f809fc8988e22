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
# a copy (no file capabilities); a directory a case, its w/ as /tmp is
mkdir -p "$top"/{1..6}/w
cp "$prog" "$top/$name"
chmod 755 "$top" "$top"/{1..6}
chmod 1777 "$top"/{1..6}/w
args=$rawargs
fail() { echo "FAIL $name $args: $*"; }

# The six cases run at once, each in its own directory (its output, its
# strace log, its -w FILE): a case is mostly waiting for the program's -t.
# What a case reads it reads with builtins (mapfile, [[ =~ ]]), so that
# 24 cases at a time cost little more than the programs themselves.
# setup N: $work, the directory of case N; ARGS, the program's arguments
# (a -w FILE inside $work); TRACE, strace writing to $work/log
setup() {
    work=$top/$1
    args=${rawargs//@WFILE@/$work/w/w.pcap}
    eval "ARGS=($args)"
    # LeakSanitizer cannot run under ptrace (make check): leaks are checked
    # by every other run, not the traced ones. --seccomp-bpf: the program
    # stops only at the calls traced (an ASan build makes thousands more)
    TRACE=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace -f --seccomp-bpf -qq -e trace=socket,capset,setresuid,setresgid,setgroups -o "$work/log")
}

# run_case CMD...: in the background, bounded; sets rc, ERR (its stderr
# lines), LOG (strace's), and STATUS (/proc/PID/status as FIELD -> value,
# read at "listening on", if it comes)
run_case() {
    local i tpid ppid="" tick k v line
    ERR=() LOG=() STATUS=()
    : >"$work/err"
    timeout -k 1 10 "$@" >"$work/out" 2>"$work/err" </dev/null &
    tpid=$!
    # read -t on a FIFO nobody writes to: a sleep without a process
    mkfifo "$work/tick"
    exec {tick}<>"$work/tick"
    for ((i = 0; i < 250; i++)); do
        mapfile -t ERR <"$work/err"
        if [[ ${ERR[*]} == *'listening on'* ]]; then
            { read -r ppid _ <"$work/log"; } 2>/dev/null
            if [ -n "$ppid" ] && { mapfile -t lines <"/proc/$ppid/status"; } 2>/dev/null; then
                for line in "${lines[@]}"; do
                    IFS=$' \t' read -r k v <<<"$line"
                    STATUS[${k%:}]=${v//$'\t'/ }
                done
            fi
            break
        fi
        kill -0 $tpid 2>/dev/null || break
        read -r -t 0.02 -u "$tick"
    done
    exec {tick}>&-
    rc=0
    wait $tpid || rc=$?
    mapfile -t ERR <"$work/err"
    [ -e "$work/log" ] && mapfile -t LOG <"$work/log"
}
declare -A STATUS

# after_socket REGEX: a line of the strace log matching REGEX (bash's)
# after the last raw or packet socket() that succeeded
after_socket() {
    local line seen=0 last=0
    for line in "${LOG[@]}"; do
        if [[ $line =~ socket\((AF_PACKET|AF_INET6?,\ SOCK_RAW) && $line =~ \ +=\ [0-9]+$ ]]; then
            last=1 seen=0
        elif [ $last = 1 ] && [[ $line =~ $1 ]]; then
            seen=1
        fi
    done
    [ $seen = 1 ]
}

# the first 300 characters of its stderr, on one line
errtext() { local e="${ERR[*]}"; echo "${e:0:300}"; }

pids=()
# 1. nobody, no capabilities
( setup 1
run_case ip netns exec "$ns" setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$top/$name" "${ARGS[@]}"
[ $rc -eq 2 ] || fail "as nobody: exit $rc, want 2: $(errtext)"
[[ ${ERR[*]} == *'(EPERM)'* ]] || fail "as nobody: no EPERM: $(errtext)"
[[ ${ERR[*]} =~ CAP_NET_RAW.*sudo\ \./$name ]] || fail "as nobody: no CAP_NET_RAW hint"
) >"$top/fail.1" &
pids+=($!)

# 2. nobody with only CAP_NET_RAW
( setup 2
run_case "${TRACE[@]}" ip netns exec "$ns" setpriv --reuid=nobody --regid=nogroup \
    --clear-groups --inh-caps +net_raw --ambient-caps +net_raw "$top/$name" "${ARGS[@]}"
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "with CAP_NET_RAW: exit $rc: $(errtext)"
after_socket 'capset\(.*effective=0, permitted=0, inheritable=0\}\) += 0' ||
    fail "with CAP_NET_RAW: no capset to 0 after its socket: $(printf '%s|' "${LOG[@]: -3}")"
if [ ${#STATUS[@]} -gt 0 ]; then
    [ "${STATUS[CapPrm]:-}${STATUS[CapEff]:-}" = 00000000000000000000000000000000 ] ||
        fail "with CAP_NET_RAW, listening: CapPrm ${STATUS[CapPrm]:-} CapEff ${STATUS[CapEff]:-}"
fi
) >"$top/fail.2" &
pids+=($!)

# 3. root, as sudo leaves it
( setup 3
run_case "${TRACE[@]}" ip netns exec "$ns" setpriv --groups 4,27 \
    env SUDO_UID=65534 SUDO_GID=65534 "$prog" "${ARGS[@]}"
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "under sudo: exit $rc: $(errtext)"
for call in 'setgroups\(0, NULL\) += 0' 'setresgid\(65534, 65534, 65534\) += 0' \
            'setresuid\(65534, 65534, 65534\) += 0'; do
    after_socket "$call" || fail "under sudo: no $call after its socket"
done
if [ ${#STATUS[@]} -gt 0 ]; then            # read at "listening on"
    [ "${STATUS[Uid]:-}" = "65534 65534 65534 65534" ] || fail "under sudo, listening: Uid ${STATUS[Uid]:-}"
    [ "${STATUS[Gid]:-}" = "65534 65534 65534 65534" ] || fail "under sudo, listening: Gid ${STATUS[Gid]:-}"
    [ -z "${STATUS[Groups]:-}" ] || fail "under sudo, listening: Groups ${STATUS[Groups]}"
    [ "${STATUS[CapEff]:-}" = 0000000000000000 ] || fail "under sudo, listening: CapEff ${STATUS[CapEff]:-}"
    [ "${STATUS[CapPrm]:-}" = 0000000000000000 ] || fail "under sudo, listening: CapPrm ${STATUS[CapPrm]:-}"
fi
if [[ $args == *"$work/w/w.pcap"* ]]; then
    [ "$(stat -c %u:%g "$work/w/w.pcap" 2>/dev/null)" = 65534:65534 ] ||
        fail "under sudo: -w file owned by $(stat -c %u:%g "$work/w/w.pcap" 2>&1)"
fi
) >"$top/fail.3" &
pids+=($!)

# 4. half or malformed sudo variables
k=4
for env in "SUDO_UID=65534" "SUDO_GID=65534" "SUDO_UID=abc SUDO_GID=65534"; do
    ( setup $k
    run_case ip netns exec "$ns" env -u SUDO_UID -u SUDO_GID $env "$prog" "${ARGS[@]}"
    [ $rc -eq 2 ] || fail "with $env: exit $rc, want 2"
    [[ ${ERR[-1]:-} =~ ^$name:\ .*SUDO_ ]] || fail "with $env: last line does not name SUDO_: ${ERR[-1]:-}"
    ) >"$top/fail.$k" &
    pids+=($!)
    k=$((k + 1))
done
# a case whose shell died (set -u, a failed setup) wrote nothing: say so
for k in "${!pids[@]}"; do
    wait "${pids[k]}" || echo "FAIL $name case $((k + 1)): its shell exited $?"
done
cat "$top"/fail.*
rm -rf "$top"
