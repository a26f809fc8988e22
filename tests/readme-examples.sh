#!/usr/bin/env bash
# readme-examples.sh: run the examples of a chapter README in the lab and
# compare what they print with what the text shows.
#
#   tests/readme-examples.sh list README        one line per example: N LINE what
#   tests/readme-examples.sh run README [N...]  run them (all, or those numbered)
#
# Needs root (it builds the lab network of `make lab-up` with tests/lab.sh,
# under its own prefix, and keeps it for every example it can). Exit 0 when
# every example printed what the text shows, 1 when one did not (a diff is
# printed), 2 on a malformed example.
#
# What an example is. A fence opened with ```console, directly after an
# HTML comment that starts with "example" (blank lines between are allowed;
# both may be indented alike, inside a list item):
#
#   <!-- example
#        setup b: sysctl -qw net.ipv4.icmp_echo_ignore_all=1
#        server a: nc -l 8080
#        bg 1
#        hex 3-4 5-6
#        mask seq [0-9]+
#   -->
#   ```console
#   a# ./02-recv-explained -c 1
#   IP 192.0.2.2 > 192.0.2.1: ICMP echo request, id 7091, seq 1, length 64
#   b# ping -c 1 192.0.2.1
#   ```
#
# In the fence, a line "a# CMD" is CMD run as root on host a of the lab
# network (a shell opened with `sudo make lab-shell HOST=a`; hosts a b c r r2
# d, and sw, the bridge's namespace), "b$ CMD" as an unprivileged user
# (nobody) on b, and "$ CMD" as an unprivileged user on a; the lines after
# it, up to the next command, are what it prints (stdout and stderr, except
# tcpdump's stderr). The command runs in the README's directory. "echo $?"
# prints the exit status of the command before it. The namespaces' prefix
# in what a command prints (rawt-...-a, a test's) is compared as "lab-"
# (lab-a, the reader's).
#
# The comment's directives, one a line:
#   setup HOST: CMD          run first, as root, output not compared (e.g.
#                            `ip neigh flush dev veth0`: an example that
#                            shows ARP starts from an empty neighbour table)
#   server HOST: CMD         a hidden background command (a server the text
#                            tells you to start); waited for until HOST has a
#                            listening socket, killed at the end
#   bg N...                  commands number N (1 = the fence's first) run in
#                            the background, as in a second terminal: the next
#                            command starts once they print "listening on";
#                            their output is compared once they end (bounded)
#   hex RANGE...             in lines of hex bytes ("08 00 AA ...", or after
#                            a "...: " as 01-recv-frames prints them), the
#                            bytes at these positions (counted from 1, as the
#                            series counts) vary from run to run: N or N-M;
#                            "hex K: RANGE..." in what command K prints only
#   mask REGEX               what matches this (extended) regex varies
#   fresh                    on a lab network built for it (the example
#                            before may have left state it would see)
#   continues                it reads what the example before left (a file):
#                            run with it, that one is run first
#   skip REASON              not run (the list says why)
# The lab is built again only before an example that says "fresh". What an
# nstat of an example prints is compared as the increase since the example
# began (the counters of a new lab start at 0, where the text's were
# recorded). The settings an example changes with
# sysctl -w are put back after it, and after one that made the bridge a hub
# (its ageing_time) it is made a switch again. Before each example the
# neighbour tables of the hosts on segment 1 are emptied (but for the
# silent addresses, which are permanent).
# Whatever is masked is replaced by "~" in both the text and the real output
# before they are compared. Always masked: times (time=0.079 ms, time 1001ms,
# the rtt line, traceroute's "0.042 ms").
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/.." && pwd)

# parse README: writes $EX/N/{line,meta,cmds,out.K} for every example.
parse() {
    local readme=$1 dir=$2
    awk -v dir="$dir" '
    function flush_out() { }
    /^[ \t]*<!-- example/ { inmeta = 1; meta = ""; sub(/^[ \t]*<!-- example/, ""); }
    inmeta {
        line = $0
        done = sub(/-->.*/, "", line)
        meta = meta line "\n"
        if (done) { inmeta = 0; pending = 1 }
        next
    }
    /^[ \t]*```console/ {
        ind = match($0, /[^ \t]/) - 1       # a fence indented in a list item
        if (!pending) { unannotated++; printf "unannotated %d\n", NR > (dir "/unannotated"); infence = 2; next }
        pending = 0; n++; infence = 1; k = 0
        d = dir "/" n
        printf "%d\n", NR > (d ".line")
        printf "%s", meta > (d ".meta")
        st = meta ~ /(^|\n)[ \t]*skip/ ? "skip" : "run"; fline = NR
        close(d ".line"); close(d ".meta")
        next
    }
    /^[ \t]*```/ && infence { if (infence == 1) close(d ".cmds"); infence = 0; next }
    infence == 1 {
        if (substr($0, 1, ind) ~ /^[ \t]*$/) $0 = substr($0, ind + 1)
        if (match($0, /^(a|b|c|d|r|r2|sw)?[#$] /)) {
            k++
            p = substr($0, 1, RLENGTH - 1)
            host = substr(p, 1, length(p) - 1); if (host == "") host = "a"
            priv = substr(p, length(p), 1) == "#" ? "root" : "user"
            printf "%s\t%s\t%s\n", host, priv, substr($0, RLENGTH + 1) > (d ".cmds")
            if (k == 1) print n, fline, st, substr($0, RLENGTH + 1) > (dir "/index")
            printf "" > (d ".out." k); close(d ".out." k)
        } else if (k > 0) {
            print $0 >> (d ".out." k); close(d ".out." k)
        }
        next
    }
    /^[^ \t<]/ && pending && $0 != "" { pending = 0 }
    ' "$readme"
}

# normalize MASKFILE [K]: stdin (what command K printed) to stdout with the
# variable fields masked.
normalize() {
    local meta=$1 k=${2:-0} hexr re
    local -a MASKS=()
    while IFS= read -r re; do
        MASKS+=(-e "s"$'\x01'"$re"$'\x01'"~"$'\x01'"g")
    done < <(sed -n 's/^[[:space:]]*mask //p' "$meta")
    hexr=$(awk -v k="$k" '$1 == "hex" { i = 2; if ($2 ~ /:$/) { if ($2 != k ":") next; i = 3 }
                                  for (; i <= NF; i++) printf "%s ", $i }' "$meta")
    awk -v ranges="$hexr" '
    BEGIN { n = split(ranges, r, " ") }
    n > 0 && match($0, /([0-9A-F][0-9A-F] )*[0-9A-F][0-9A-F]( \.\.\.)?$/) &&
    (RSTART == 1 || substr($0, RSTART - 2, 2) == ": ") {
        pre = substr($0, 1, RSTART - 1)
        m = split(substr($0, RSTART), b, " ")
        for (i = 1; i <= n; i++) {
            lo = r[i]; hi = r[i]
            if (index(r[i], "-")) { split(r[i], lr, "-"); lo = lr[1]; hi = lr[2] }
            for (j = lo + 0; j <= hi + 0 && j <= m; j++) if (b[j] != "...") b[j] = ".."
        }
        s = b[1]; for (j = 2; j <= m; j++) s = s " " b[j]
        print pre s; next
    }
    { print }' |
    sed -E -e 's/time=[0-9.]+ ms/time=~ ms/g' -e 's/time [0-9]+ms/time ~ms/' \
        -e 's|= [0-9.]+/[0-9.]+/[0-9.]+/[0-9.]+ ms|= ~ ms|' \
        -e 's/  [0-9]+\.[0-9]+ ms/  ~ ms/g' -e 's/ *[0-9]+\.[0-9]+ms/ ~ms/g' -e 's/[[:space:]]+$//' \
        "${MASKS[@]}"
}

ns() { echo "$PREFIX-$1"; }

# nap: 50 ms, without a process (the waits below poll often: a sleep each
# time cost more CPU than the examples themselves)
exec {NAPFD}<> <(:)
nap() { read -rt 0.05 -u "$NAPFD" || true; }

# sysctl_save EXAMPLE: "HOST NAME=VALUE" now, for each setting the example
# writes (sysctl -w in a command or a setup line), to put back after it
sysctl_save() {
    local d=$1 host rest kv
    { cut -f1,3 "$d.cmds"; sed -n 's/^[[:space:]]*setup \([a-z0-9]*\): /\1\t/p' "$d.meta"; } |
    while IFS=$'\t' read -r host rest; do
        [[ $rest == *sysctl\ -*w* ]] || continue
        grep -oE "[a-z0-9_.]+=" <<<"${rest#*sysctl}" | while read -r kv; do
            echo "$host ${kv%=}=$(ip netns exec "$(ns "$host")" sysctl -n "${kv%=}" 2>/dev/null)"
        done
    done
}

# run_cmd HOST PRIV CMD: run one command of the fence, output merged.
run_cmd() {
    local host=$1 priv=$2 cmd=$3 drop=
    local -a as=()
    case $cmd in tcpdump*) drop=1 ;; esac
    [ "$priv" = root ] || as=("${UNPRIV[@]}")
    if [ -n "$drop" ]; then
        ip netns exec "$(ns "$host")" "${as[@]}" bash -c "cd '$CHDIR' && $cmd" 2>"$ERRFILE"
    else
        ip netns exec "$(ns "$host")" "${as[@]}" bash -c "cd '$CHDIR' && $cmd" 2>&1
    fi
}

run_example() {
    local d=$1 meta=$1.meta lab k host priv cmd st=0 last=0 fail=0
    local -a bgs=() bgpid=() hosts=() privs=() cmds=() spids=()
    if grep -qE '^[[:space:]]*skip' "$meta"; then
        echo "skip $(basename "$d") (line $(cat "$d.line")): $(sed -n 's/^[[:space:]]*skip //p' "$meta")"
        return 0
    fi
    read -r -a bgs < <(sed -n 's/^[[:space:]]*bg //p' "$meta")
    if [ -z "$LAB_UP" ] || grep -qE '^[[:space:]]*fresh' "$meta"; then
        LAB_PREFIX=$PREFIX "$TOP/tests/lab.sh" down >/dev/null
        LAB_QUIET=1 LAB_PREFIX=$PREFIX "$TOP/tests/lab.sh" up >/dev/null || return 2
        LAB_UP=1
    elif [ -n "$LAB_HUB" ]; then    # the example before made the bridge a hub
        LAB_PREFIX=$PREFIX "$TOP/tests/lab.sh" switch >/dev/null || return 2
    fi
    LAB_HUB=
    grep -q 'ageing_time\|lab-hub' "$d.cmds" "$meta" && LAB_HUB=1
    # no neighbour entry left by the example before: it would be probed
    # (a unicast ARP request) in the middle of this one's capture
    for host in a b c r; do ip -n "$(ns "$host")" neigh flush dev veth0 2>/dev/null; done
    sysctl_save "$d" >"$d.restore"
    while IFS= read -r line; do
        host=${line%%:*}; cmd=${line#*: }
        ip netns exec "$(ns "$host")" bash -c "cd '$CHDIR' && $cmd" >/dev/null 2>&1 3>&- || true
    done < <(sed -n 's/^[[:space:]]*setup //p' "$meta")
    while IFS= read -r line; do
        host=${line%%:*}; cmd=${line#*: }
        ip netns exec "$(ns "$host")" bash -c "cd '$CHDIR' && exec $cmd" >/dev/null 2>&1 3>&- &
        spids+=($!)
        for ((i = 0; i < 200; i++)); do
            [ -n "$(ip netns exec "$(ns "$host")" ss -Hltun 2>/dev/null)" ] && break
            nap
        done
    done < <(sed -n 's/^[[:space:]]*server //p' "$meta")
    k=0
    while IFS=$'\t' read -r host priv cmd; do
        k=$((k + 1)); hosts[k]=$host privs[k]=$priv cmds[k]=$cmd
    done <"$d.cmds"
    # the counters an nstat of the example reads, as they are before it
    : >"$d.base"
    for ((k = 1; k <= ${#cmds[@]}; k++)); do
        [[ ${cmds[k]} == nstat* ]] || continue
        ip netns exec "$(ns "${hosts[k]}")" nstat -az $(grep -oE '\b[A-Z][A-Za-z0-9]+\b' <<<"${cmds[k]}") 2>/dev/null |
            awk -v h="${hosts[k]}" 'NF == 3 && $2 ~ /^[0-9]+$/ { print h, $1, $2 }' >>"$d.base"
    done
    for ((k = 1; k <= ${#cmds[@]}; k++)); do
        if [[ " ${bgs[*]} " == *" $k "* ]]; then
            ERRFILE=$d.err.$k run_cmd "${hosts[k]}" "${privs[k]}" "${cmds[k]}" >"$d.got.$k" 2>&1 3>&- &
            bgpid[k]=$!
            for ((i = 0; i < 200; i++)); do
                grep -q 'listening on' "$d.got.$k" "$d.err.$k" 2>/dev/null && break
                nap
            done
        elif [ "${cmds[k]}" = 'echo $?' ]; then
            echo "$last" >"$d.got.$k"
        else
            st=0
            ERRFILE=/dev/null run_cmd "${hosts[k]}" "${privs[k]}" "${cmds[k]}" >"$d.got.$k" 2>&1 3>&- </dev/null || st=$?
            last=$st
        fi
    done
    for k in "${!bgpid[@]}"; do
        for ((i = 0; i < 200; i++)); do
            kill -0 "${bgpid[k]}" 2>/dev/null || break
            nap
        done
        if kill -0 "${bgpid[k]}" 2>/dev/null; then
            echo "example $(basename "$d"): background command $k still running after 10 s" >&2
            fail=1
        fi
    done
    for p in "${spids[@]}"; do kill "$p" 2>/dev/null; done
    for k in "${!bgpid[@]}"; do kill -9 "${bgpid[k]}" 2>/dev/null; wait "${bgpid[k]}" 2>/dev/null; done
    for p in "${spids[@]}"; do wait "$p" 2>/dev/null; done
    # the settings the example changed, as they were
    while read -r host kv; do
        ip netns exec "$(ns "$host")" sysctl -qw "$kv" >/dev/null 2>&1
    done <"$d.restore"
    for ((k = 1; k <= ${#cmds[@]}; k++)); do
        sed -i "s/$PREFIX-/lab-/g" "$d.got.$k"
        if [[ ${cmds[k]} == nstat* ]]; then     # the increase, as on a new lab
            awk -v h="${hosts[k]}" 'NR == FNR { if ($1 == h) base[$2] = $3; next }
                NF == 3 && ($1 in base) && match($0, /[0-9]+ +/) && substr($0, RSTART - 1, 1) == " " {
                    w = RLENGTH; v = sprintf("%d", substr($0, RSTART) - base[$1])
                    $0 = substr($0, 1, RSTART - 1) sprintf("%-*s", (w > length(v) ? w : length(v) + 1), v) substr($0, RSTART + w)
                } { print }' "$d.base" "$d.got.$k" >"$d.got.$k.n" && mv "$d.got.$k.n" "$d.got.$k"
        fi
        if ! diff -u --label "text ($k: ${cmds[k]})" --label "real run" \
            <(normalize "$meta" "$k" <"$d.out.$k") <(normalize "$meta" "$k" <"$d.got.$k") >"$d.diff.$k"; then
            fail=1
        fi
    done
    if [ $fail -eq 0 ]; then
        echo "ok $(basename "$d") (line $(cat "$d.line")): $(head -1 "$d.cmds" | cut -f3)"
    else
        echo "FAIL $(basename "$d") (line $(cat "$d.line")): $(head -1 "$d.cmds" | cut -f3)"
        cat "$d".diff.* 2>/dev/null
        if [ -n "${RECORD_DIR:-}" ]; then    # the real output, one file a command
            for ((k = 1; k <= ${#cmds[@]}; k++)); do
                cp "$d.got.$k" "$RECORD_DIR/$(basename "$d").$k"
            done
        fi
        if [ -n "${SHOW:-}" ]; then          # SHOW=1: the real output, to paste
            for ((k = 1; k <= ${#cmds[@]}; k++)); do
                echo "${hosts[k]}${privs[k]/root/#} ${cmds[k]}"; cat "$d.got.$k"
            done
        fi
    fi
    return $fail
}

mode=${1:-}; readme=${2:-}
[ -f "$readme" ] || { echo "usage: $0 list|run README [N...]" >&2; exit 2; }
shift 2
# EXAMPLES_DIR: where the commands run (default: the README's directory)
CHDIR=$(cd "${EXAMPLES_DIR:-$(dirname "$readme")}" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
parse "$readme" "$WORK"
if [ -s "$WORK/unannotated" ]; then
    echo "$readme: a console fence without its <!-- example --> comment:" >&2
    cat "$WORK/unannotated" >&2
    exit 2
fi
case $mode in
list)
    cat "$WORK/index" 2>/dev/null
    ;;
run)
    [ "$(id -u)" -eq 0 ] || { echo "$0: needs root (the lab)" >&2; exit 2; }
    # "$" commands run as nobody; when nobody cannot reach the programs (a
    # checkout under a private home), as root with every capability dropped
    UNPRIV=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
    if ! "${UNPRIV[@]}" test -x "$CHDIR/." 2>/dev/null; then
        UNPRIV=(setpriv --inh-caps=-all --ambient-caps=-all --bounding-set=-all)
    fi
    PREFIX=${LAB_PREFIX:-rdx$$}
    nums=("$@")
    [ ${#nums[@]} -gt 0 ] || mapfile -t nums < <(ls "$WORK" | sed -n 's/\.cmds$//p' | sort -n)
    rc=0 LAB_UP= LAB_HUB=
    # LAB_KEEP=1: a lab network of this prefix that is up is used as it is,
    # and left up at the end (a test file runs every chapter on one)
    if [ -n "${LAB_KEEP:-}" ] && ip netns list | grep -q "^$PREFIX-sw\b"; then
        LAB_UP=1
    fi
    done_n=" "
    for n in "${nums[@]}"; do
        t0=$EPOCHREALTIME
        if grep -qE '^[[:space:]]*continues' "$WORK/$n.meta" &&
            [[ $done_n != *" $((n - 1)) "* ]] && [ -e "$WORK/$((n - 1)).cmds" ]; then
            run_example "$WORK/$((n - 1))" || rc=1
        fi
        run_example "$WORK/$n" || rc=1
        done_n+="$n "
        [ -z "${TIMES:-}" ] || echo "  $n: $(echo "$EPOCHREALTIME - $t0" | bc) s"
    done
    [ -n "${LAB_KEEP:-}" ] || LAB_PREFIX=$PREFIX "$TOP/tests/lab.sh" down >/dev/null
    exit $rc
    ;;
*) echo "usage: $0 list|run README [N...]" >&2; exit 2 ;;
esac
