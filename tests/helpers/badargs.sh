#!/usr/bin/env bash
# badargs.sh - the bad-argument matrix of tests/05-bad-args.bats, derived
# from each program's own --help, so a new program is covered by being built.
#
#   badargs.sh rows PCAP      one row a line on stdout, for every program
#                             (part*/NN-*, executable): ID<TAB>KIND<TAB>PROG<TAB>ARGS
#   badargs.sh base PCAP      only the base rows (tests/06-privilege.bats)
#   badargs.sh check FILE     run each row of FILE (bounded by timeout) and
#                             judge it: "FAIL ..." lines, nothing if good.
#                             Both run inside a namespace (ip netns exec).
#
# KIND is base (the first form, valid, short: for tests/06-privilege.bats),
# bad:NEEDLE (exit 2, stdout empty, one stderr line "NAME: ..."
# holding NEEDLE), help (exit 0, usage on stdout, stderr empty), dry (exit 0,
# something printed), full (stdout on /dev/full: exit 2 and the write error).
# ARGS are shell-quoted (printf %q). A metavar the table below does not know
# is itself a failing row: the table grows with the programs.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/../.." && pwd)

# good META: a value the program accepts, in REPLY (empty: unknown metavar)
good() {
    case $1 in
    HOST) REPLY=$HOST ;;
    IP) REPLY=192.0.2.9 ;;
    SOURCE | SRC) REPLY=192.0.2.3 ;;
    PORT | SRCPORT) REPLY=9 ;;
    MESSAGE) REPLY=hi ;;
    IFACE) REPLY=${IFACE:-lo} ;;
    PROTO) REPLY=icmp ;;
    COUNT | PROBES | ID | SEQ) REPLY=1 ;;
    MAXHOPS | WORKERS) REPLY=2 ;;
    RATE) REPLY=100 ;;
    SECONDS | INTERVAL) REPLY=1 ;;
    SIZE) REPLY=100 ;;
    FRAGSIZE) REPLY=400 ;;
    MAC) REPLY=02:00:00:00:00:09 ;;
    FILE) REPLY=$PCAP ;;
    *'|'*) REPLY=${1%%|*} ;;              # -p icmp|udp|tcp|253
    *) REPLY= ;;
    esac
}

# bad META: the values each must refuse, one a line
bad() {
    case $1 in
    HOST | IP) printf '%s\n' 999.1.1.1 example.invalid ;;
    SOURCE | SRC) printf '%s\n' 999.1.1.1 example.invalid 0.0.0.0 \
        255.255.255.255 224.0.0.1 ;;
    PORT | SRCPORT) printf '%s\n' 0 65536 abc ;;
    COUNT | PROBES | MAXHOPS | RATE) printf '%s\n' 0 -1 x ;;
    WORKERS) printf '%s\n' 0 17 x ;;
    SECONDS | INTERVAL) printf '%s\n' -1 abc 1e9 ;;
    SIZE | FRAGSIZE) printf '%s\n' 99999999 -1 x ;;
    IFACE) printf '%s\n' nosuch0 aaaaaaaaaaaaaaaaaaaaaaaa ;;
    MESSAGE) printf "%070000d\n" 0 ;;
    PROTO) printf '%s\n' 256 nosuchproto ;;
    ID) printf '%s\n' 65536 abc -1 ;;
    SEQ) printf '%s\n' 4294967296 abc -1 ;;
    MAC) printf '%s\n' 02:00:zz:00:00:01 02:00:00:00:00 02:00:00:00:00:00:01 ;;
    FILE) echo /nonexistent/none.pcap ;;
    esac
}

row_id=0
row() {                                  # row KIND PROG ARG...
    local kind=$1 prog=$2
    shift 2
    printf '%d\t%s\t%s\t' $((++row_id)) "$kind" "$prog"
    [ $# -gt 0 ] && printf '%q ' "$@"
    echo
}

# One program: its options from the "  -X META  text" lines, its forms
# from the synopsis, then the rows.
program_rows() {
    local prog=$1 name help line letter meta desc f tok depth top after
    local -A takes=() text=()
    local -a forms=()
    name=${prog##*/}
    help=$(timeout 5 "$prog" --help 2>/dev/null) || {
        printf '0\tbroken\t%s\t\n' "$prog"; return; }
    # an IPv6 program refuses 127.0.0.1: its dry run says so
    HOST=${HOST4:-127.0.0.1}
    if grep -q '^ *-n ' <<<"$help" &&
       [[ $(timeout 5 "$prog" -n "$HOST" 2>&1 >/dev/null) == *"bad host '$HOST'"* ]]; then
        HOST=::1
    fi
    row help "$prog" --help
    row full "$prog" --help
    while IFS= read -r line; do
        [[ $line =~ ^\ +-([A-Za-z0-9])(\ ([A-Za-z][A-Za-z0-9_|]*))?(\ \ +(.*))?$ ]] || continue
        letter=${BASH_REMATCH[1]} meta=${BASH_REMATCH[3]} desc=${BASH_REMATCH[5]}
        takes[$letter]=$meta text[$letter]=$desc
    done <<<"$help"
    while IFS= read -r line; do
        case $line in
        "usage: $name"*) forms+=("${line#usage: $name}") ;;
        *" $name "* | *" $name") [ ${#forms[@]} -gt 0 ] && forms+=("${line#*$name}") ;;
        *) [ ${#forms[@]} -gt 0 ] && break ;;
        esac
    done <<<"$help"

    local first=1 form
    for form in "${forms[@]}"; do
        # base: what this form requires, as "-X VALUE" and positionals;
        # pos: the metavars of positionals; opt: the optional ones; flags:
        # the options of this form
        local -a base=() pos=() posval=() optpos=() flags=()
        depth=0 after=""
        for tok in $form; do
            top=0
            [ $depth -eq 0 ] && [[ $tok != \[* ]] && top=1
            local bare=${tok//[\[\]]/}
            if [ $top = 1 ] && [[ $tok == -? ]]; then
                flags+=("${tok:1}")
                base+=("$tok")
                after=${takes[${tok:1}]:-}
                if [ -n "$after" ]; then
                    good "$after"
                    base+=("$REPLY")
                    [ -z "$REPLY" ] && printf '0\tunknown-meta %s\t%s\t\n' "$after" "$prog"
                fi
            elif [ -n "$after" ] && [ $top = 1 ]; then
                after=""                      # that option's value
            elif [ $top = 1 ]; then
                pos+=("$tok")
                if [[ $tok =~ ^[a-z]+$ ]]; then posval+=("$tok")   # subcommand
                else
                    good "$tok"
                    posval+=("$REPLY")
                    [ -z "$REPLY" ] && printf '0\tunknown-meta %s\t%s\t\n' "$tok" "$prog"
                fi
            elif [[ $tok == \[-* ]]; then
                flags+=("${bare:1:1}")
            elif [ $depth -eq 0 ] && [[ $bare =~ ^[A-Z]+$ ]]; then
                optpos+=("$bare")
            fi
            local opens=${tok//[^\[]/} closes=${tok//[^\]]/}
            depth=$((depth + ${#opens} - ${#closes}))
        done
        local -a all=("${base[@]}" "${posval[@]}")
        # nothing at all, where this (first) form requires something
        if [ $first = 1 ] && [ ${#all[@]} -gt 0 ]; then
            row "bad:no arguments" "$prog"
        fi
        # the first form run for real, short (for the privilege matrix):
        # what it requires, one packet, one second, a file to write
        if [ $first = 1 ]; then
            local -a short=()
            for letter in "${flags[@]}"; do
                case ${takes[$letter]:-} in
                COUNT) short+=("-$letter" 1) ;;
                SECONDS) short+=("-$letter" 0.5) ;;
                FILE) [ "$letter" = w ] && short+=(-w @WFILE@) ;;
                esac
            done
            row base "$prog" "${base[@]}" "${short[@]}" "${posval[@]}"
            [ -n "${BASE_ONLY:-}" ] && return
        fi
        first=0
        # an unknown option, a bad long option, an extra argument
        local z
        for z in Z Y W Q; do [ -z "${takes[$z]+x}" ] && break; done
        row "bad:unknown option -$z" "$prog" "-$z" "${all[@]}"
        row "bad:unknown option '--bogus'" "$prog" --bogus "${all[@]}"
        local -a extra=("${all[@]}")
        for tok in "${optpos[@]}"; do good "$tok"; extra+=("$REPLY"); done
        row "bad:unexpected argument 'extra-arg'" "$prog" "${extra[@]}" extra-arg
        # each option of the form with each bad value, the rest good
        for letter in "${flags[@]}"; do
            meta=${takes[$letter]:-}
            local -a rest=() skip=0 i
            for ((i = 0; i < ${#base[@]}; i++)); do
                if [ "${base[i]}" = "-$letter" ]; then
                    [ -n "$meta" ] && ((i++))
                    continue
                fi
                rest+=("${base[i]}")
            done
            if [ -z "$meta" ]; then
                # a flag that prints and sends nothing / exits: a dry run
                if [[ ${text[$letter]:-} == *print* ]] &&
                   [[ ${text[$letter]} == *"send nothing"* || ${text[$letter]} == *"and exit"* ]]; then
                    row dry "$prog" "${rest[@]}" "-$letter" "${posval[@]}"
                    row full "$prog" "${rest[@]}" "-$letter" "${posval[@]}"
                fi
                continue
            fi
            good "$meta"
            if [ -z "$REPLY" ]; then
                printf '0\tunknown-meta %s\t%s\t\n' "$meta" "$prog"
                continue
            fi
            local v needle
            while IFS= read -r v; do
                needle=$v
                [ ${#v} -gt 100 ] && needle=message
                row "bad:$needle" "$prog" "${rest[@]}" "-$letter" "$v" "${posval[@]}"
            done < <(bad "$meta")
            # a file read is a printing mode: its output on /dev/full
            if [ "$meta" = FILE ] && [[ ${text[$letter]} == *decode* || ${text[$letter]} == *read* ]]; then
                row full "$prog" "${rest[@]}" "-$letter" "$PCAP" "${posval[@]}"
            fi
        done
        # each positional with each bad value, the others good
        for ((i = 0; i < ${#pos[@]}; i++)); do
            [[ ${pos[i]} =~ ^[a-z]+$ ]] && continue
            while IFS= read -r v; do
                local -a pv=("${posval[@]}")
                pv[i]=$v
                needle=$v
                [ ${#v} -gt 100 ] && needle=message
                row "bad:$needle" "$prog" "${base[@]}" "${pv[@]}"
            done < <(bad "${pos[i]}")
        done
    done
}

# check_row ROW: run it (bounded) and judge; "FAIL ..." lines, else nothing
check_row() {
    local id kind prog args name rc show nerr needle want
    IFS=$'\t' read -r id kind prog args <<<"$1"
    name=${prog##*/}
    [ "$id" = 0 ] && { echo "FAIL $name: $kind (the table in badargs.sh needs it)"; return; }
    eval "set -- $args"
    if [ "$kind" = full ]; then
        timeout -k 1 5 "$prog" "$@" >/dev/full 2>"$WORK/err"
    else
        timeout -k 1 5 "$prog" "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
    fi
    rc=$?
    show="row $id: $name ${args:0:120} [$kind]"
    mapfile -t errl <"$WORK/err"
    nerr=${#errl[@]}
    case $kind in
    bad:*)
        needle=${kind#bad:}
        if [ $rc -ne 2 ]; then echo "FAIL $show: exit $rc (want 2): $(head -c 300 "$WORK/err")"
        elif [ -s "$WORK/out" ]; then echo "FAIL $show: printed on stdout: $(head -c 200 "$WORK/out")"
        elif [ "$nerr" -ne 1 ]; then echo "FAIL $show: $nerr lines on stderr (want 1): $(head -c 300 "$WORK/err" | tr '\n' '|')"
        elif [[ ${errl[0]} != "$name: "* ]]; then echo "FAIL $show: stderr does not start with '$name: ': ${errl[0]:0:300}"
        elif [[ ${errl[0],,} != *"${needle,,}"* ]]; then echo "FAIL $show: stderr does not say '$needle': ${errl[0]:0:300}"
        fi ;;
    help)
        if [ $rc -ne 0 ]; then echo "FAIL $show: exit $rc (want 0)"
        elif [ -s "$WORK/err" ]; then echo "FAIL $show: stderr not empty: $(head -c 200 "$WORK/err")"
        elif [[ $(head -n 1 "$WORK/out") != "usage: $name"* ]]; then echo "FAIL $show: stdout does not start with 'usage: $name'"
        fi ;;
    dry)
        if [ $rc -ne 0 ]; then echo "FAIL $show: exit $rc (want 0): $(head -c 300 "$WORK/err")"
        elif [ ! -s "$WORK/out" ]; then echo "FAIL $show: printed nothing"
        fi ;;
    full)
        want="$name: writing to stdout: No space left on device (ENOSPC)"
        if [ $rc -ne 2 ]; then echo "FAIL $show: exit $rc (want 2): $(head -c 300 "$WORK/err")"
        elif [ "${errl[nerr-1]:-}" != "$want" ]; then
            echo "FAIL $show: no write error: $(head -c 300 "$WORK/err")"
        fi ;;
    *) echo "FAIL $show: $kind" ;;
    esac
}

case ${1:-} in
rows | base)
    # every program's rows at once (each is a few hundred ms of bash),
    # then in program order, numbered from 1 (0 stays: a broken row)
    PCAP=$2
    [ "$1" = base ] && BASE_ONLY=1
    out=$(mktemp -d)
    n=0 pids=() broken=0
    for prog in "$TOP"/part*/[0-9][0-9]-*; do
        [[ $prog == *.c ]] && continue
        [ -x "$prog" ] || continue
        n=$((n + 1))
        program_rows "$prog" >"$out/$(printf %03d $n)" &
        pids+=($!)
    done
    for p in "${pids[@]}"; do           # a program's rows lost: no table
        wait "$p" || broken=1
    done
    cat "$out"/* 2>/dev/null | awk -F '\t' -v OFS='\t' '$1 != 0 { $1 = ++id } { print }'
    rm -rf "$out"
    if [ $broken -ne 0 ]; then
        echo "badargs.sh: making a program's rows failed" >&2
        exit 1
    fi
    ;;
check)
    # every row of FILE, here (the caller runs this under ip netns exec)
    WORK=$(mktemp -d)
    while IFS= read -r r; do check_row "$r"; done <"$2"
    rm -rf "$WORK"
    ;;
*)
    echo "usage: badargs.sh rows PCAP | check ROWFILE" >&2
    exit 2
    ;;
esac
