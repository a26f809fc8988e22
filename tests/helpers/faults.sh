#!/usr/bin/env bash
# faults.sh NS ROW - pitfall 8 of DESIGN.md (an unchecked setuid, setsockopt,
# ...) for one program, run as root in namespace NS, found from the program
# itself. ROW is a "base" row of badargs.sh (ID, base, PROG, ARGS: its first
# form, valid, short).
#
# 1. One traced run (strace -f, under sudo's variables, so that the privilege
#    drop runs too) lists the calls the main process makes whose failure
#    must stop it: setsockopt, bind, the interface ioctls (SIOC*),
#    setgroups, setresgid, setresuid, capset, and mmap of shared memory
#    (a ring, counters shared with workers).
# 2. Each of them in turn is made to fail, alone, by strace's fault
#    injection (-e inject=CALL:error=ENOTRECOVERABLE:when=N, the Nth call
#    of that name). The program must stop at once with exit 2 and say so
#    in the usual form, naming the call:
#        NAME: ...CALL...: State not recoverable (ENOTRECOVERABLE)
#    (an errno no kernel gives for these calls: it can only be ours; an
#    ioctl need not be named: if_nametoindex's reads "interface 'eth0'").
#
# Prints "FAIL ..." lines, and one "calls NAME N" line (how many faults
# were injected); nothing else.
set -uo pipefail
ns=$1
IFS=$'\t' read -r _ _ prog args <<<"$2"
name=${prog##*/}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
mkdir -m 1777 "$work/w"                  # as /tmp: the user's to write in
args=${args//@WFILE@/$work/w/w.pcap}
eval "set -- $args"
fail() { echo "FAIL $name $args: $*"; }
# LeakSanitizer cannot run under ptrace (make check)
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
CALLS=setsockopt,bind,ioctl,setgroups,setresgid,setresuid,capset,mmap

# 1. the traced run: "pid call(args) = ret" lines
rc=0
timeout -k 1 10 ip netns exec "$ns" env SUDO_UID=65534 SUDO_GID=65534 \
    strace -f -qq -e trace=$CALLS -o "$work/log" "$prog" "$@" \
    >/dev/null 2>"$work/err" </dev/null || rc=$?
[ $rc -le 1 ] || fail "traced run: exit $rc: $(head -c 300 "$work/err")"
main=$(head -n 1 "$work/log" | cut -d' ' -f1)
# The faults to inject, "CALL N" a line: N counts the main process's calls
# of that name (strace's when= counts per process), loader and libc's own
# included; only those whose failure must stop the program are listed.
awk -v main="$main" '
    $1 != main || $2 ~ /^(---|\+\+\+)/ { next }     # signals, exits
    { call = $2; sub(/\(.*/, "", call); n[call]++ }
    call == "ioctl" && $3 !~ /^SIOC/ { next }         # stdio asking "a tty?"
    call == "ioctl" && $3 ~ /^SIOCGIFNAME/ { next }   # a name to print: the
                                                      # index will do
    call == "mmap" && $0 !~ /MAP_SHARED/ { next }     # the loader, malloc
    $0 ~ /= -1 / { next }                             # failed already
    { print call, n[call] }' "$work/log" >"$work/faults"
echo "calls $name $(wc -l <"$work/faults")"

# 2. each fault alone
while read -r call n; do
    rc=0
    timeout -k 1 10 ip netns exec "$ns" env SUDO_UID=65534 SUDO_GID=65534 \
        strace -qq -o /dev/null -e trace=$call \
        -e inject=$call:error=ENOTRECOVERABLE:when=$n "$prog" "$@" \
        >/dev/null 2>"$work/err" </dev/null || rc=$?
    [ $rc -eq 2 ] || fail "$call #$n failing: exit $rc, want 2"
    what=$call
    [ "$call" = ioctl ] && what=''        # if_nametoindex's: "interface 'eth0'"
    grep -q "^$name: .*$what.*: State not recoverable (ENOTRECOVERABLE)\$" "$work/err" ||
        fail "$call #$n failing: no '$name: ...$what...: State not recoverable (ENOTRECOVERABLE)' line: $(head -c 300 "$work/err")"
done <"$work/faults"
