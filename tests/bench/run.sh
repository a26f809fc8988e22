#!/usr/bin/env bash
# make bench: figures measured side by side in one run, one table, also
# written to test-output/bench.txt. Not pass/fail: speed targets live here,
# never in timed tests.
#
#   capture  the same 12-blast flood of 64-byte frames at several offered
#            rates, into 01-recv-frames, a bare recvfrom loop (no printing),
#            10-ring, 11-fanout -j 2, tcpdump -w /dev/null, netsniff-ng;
#            frames captured, missed (the receiving veth's rx_packets minus
#            captured) and CPU seconds per million frames (the capturer's
#            user+sys, its children included); ratios against tcpdump
#   send     the same 64-byte frame from 12-blast, trafgen, hping3 --flood
#            and scapy's sendp, counted at the peer (rx_packets); ratios
#            against trafgen (one process per CPU; and -P 1, one process);
#            12-blast and trafgen best of three runs
#   checksum common/ against the textbook loop (tests/bench/bench-checksum)
#   ceiling  the most 64-byte frames/s any sender moved across the pair
#
# Bounded: a pair of namespaces made here (rawt-<PID>-bench-a/b, removed at
# exit), fixed frame counts (hping3 --flood has none: 2 s of it), every
# wait with a limit. Installs hping3, netsniff-ng and python3-scapy when
# missing and root. About two minutes on two busy CPUs, 80 s when idle.
set -uo pipefail
cd "$(dirname "$0")/../.."
TOP=$PWD
. tests/helpers/common.bash
AS_ROOT=""
NS_PREFIX=rawt-$$-bench
. tests/helpers/netns.bash
mkdir -p test-output
OUTFILE=test-output/bench.txt
TMP=$(mktemp -d)
BLAST=$P3/12-blast
t_start=$(date +%s)

cleanup() { ns_cleanup; rm -rf "$TMP"; }
trap cleanup EXIT

row() { printf '%-8s %-22s %12s %12s %10s %10s  %s\n' "$@"; }
fmt() { printf "%'.0f" "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

# checksum first: it needs no privilege and no network
mapfile -t CK < <(tests/bench/bench-checksum)

if [ "$(id -u)" -ne 0 ]; then
    echo "bench: the capture and send figures need root (namespaces, packet sockets)" >&2
    NOROOT=1
else
    NOROOT=0
    missing=()
    command -v hping3 >/dev/null || missing+=(hping3)
    command -v netsniff-ng >/dev/null || missing+=(netsniff-ng)
    command -v trafgen >/dev/null || missing+=(netsniff-ng)
    /usr/bin/python3 -c 'import scapy.all' 2>/dev/null || missing+=(python3-scapy)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "bench: installing ${missing[*]}" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null 2>&1 ||
            { apt-get update -qq >/dev/null 2>&1 &&
              DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                  $(printf '%s\n' "${missing[@]}" | sort -u) >/dev/null 2>&1; } ||
            echo "bench: could not install ${missing[*]}: their rows are skipped" >&2
    fi
fi

rx_b() { ns_rx b; }

# --- send -------------------------------------------------------------------
# send_run NAME CMD...: rx of b during CMD, over CMD's wall time (or over
# the seconds CMD prints on its last line as "elapsed S", for scapy, whose
# import takes a second before the first frame).
declare -A SEND
send_run() {
    local name=$1 rx0 rx1 t0 t1 secs
    shift
    rx0=$(rx_b)
    t0=$(date +%s%N)
    bash -c '"$@" >"$0" 2>&1; times >"$0.times"' "$TMP/send.out" "$@"
    t1=$(date +%s%N)
    rx1=$(rx_b)
    secs=$(sed -n 's/^elapsed \([0-9.]*\)$/\1/p' "$TMP/send.out")
    [ -n "$secs" ] || secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1e9 }')
    SEND[$name]=$(awk -v n=$((rx1 - rx0)) -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
    SEND_N[$name]=$((rx1 - rx0))
    SEND_CPU[$name]=$(cpu_of "$TMP/send.out.times" $((rx1 - rx0)))
}
declare -A SEND_N SEND_CPU
# cpu_of TIMES-FILE FRAMES: user+sys seconds of the children (bash's
# `times`, second line) per million frames
cpu_of() {
    sed -n 2p "$1" | awk -v n="$2" '{
        split($1, u, "m"); split($2, s, "m"); sub("s", "", u[2]); sub("s", "", s[2])
        c = u[1] * 60 + u[2] + s[1] * 60 + s[2]
        if (n > 0) printf "%.2f", c / n * 1e6; else print "-" }'
}

# --- capture ----------------------------------------------------------------
# cap_run NAME RATE COUNT READY-FILE READY-REGEX CMD...: CMD capturing on b
# while 12-blast sends COUNT frames at RATE (0: as fast as it can).
# Sets CAP_CAPTURED CAP_RX CAP_CPU CAP_OFFERED.
cap_run() {
    local name=$1 rate=$2 count=$3 ready=$4 re=$5 pid i
    shift 5
    rm -f "$TMP"/cap.*
    bash -c 'o=$1 e=$2 p=$3 t=$4; shift 4; "$@" >"$o" 2>"$e" & echo $! >"$p"; wait $!; times >"$t"' \
        _ "$TMP/cap.out" "$TMP/cap.err" "$TMP/cap.pid" "$TMP/cap.times" "$@" &
    local wrapper=$!
    for ((i = 0; i < 100; i++)); do [ -s "$TMP/cap.pid" ] && break; sleep 0.05; done
    pid=$(cat "$TMP/cap.pid")
    if ! wait_for_line "$TMP/cap.$ready" "$re" 10 2>/dev/null; then
        kill -9 "$pid" 2>/dev/null; wait "$wrapper" 2>/dev/null
        CAP_CAPTURED=- CAP_RX=- CAP_CPU=- CAP_OFFERED=-
        return
    fi
    sleep 0.1        # the capturer's first poll (netsniff-ng prints before it)
    local rx0 rx1 args=(-i veth0 -m "$MAC_B" -c "$count")
    [ "$rate" -gt 0 ] && args+=(-R "$rate")
    rx0=$(rx_b)
    nsx a "$BLAST" "${args[@]}" 192.0.2.9 >"$TMP/blast.out"
    rx1=$(rx_b)
    sleep 0.2        # the last blocks retire, the queues drain
    kill -INT "$pid" 2>/dev/null
    for ((i = 0; i < 100; i++)); do kill -0 "$wrapper" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null
    wait "$wrapper" 2>/dev/null
    CAP_RX=$((rx1 - rx0))
    CAP_OFFERED=$(sed -n 's/.* s: \([0-9]*\) frames\/s.*/\1/p' "$TMP/blast.out")
    CAP_CPU=$(sed -n 2p "$TMP/cap.times" | awk '{
        split($1, u, "m"); split($2, s, "m"); sub("s", "", u[2]); sub("s", "", s[2])
        print u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
    case $name in
    01-recv-frames) sleep 0.2; CAP_CAPTURED=$(cat "$TMP/cap.count" 2>/dev/null) ;;
    11-fanout*) CAP_CAPTURED=$(sed -n 's/^total: \([0-9]*\) frames.*/\1/p' "$TMP/cap.out") ;;
    netsniff-ng) CAP_CAPTURED=$(tr '\r' '\n' <"$TMP/cap.out" |
                     sed -n 's/^ *\([0-9]*\)  packets passed filter.*/\1/p') ;;
    *) CAP_CAPTURED=$(sed -n 's/^\([0-9]*\) packets captured.*/\1/p' "$TMP/cap.err" "$TMP/cap.out" | head -1) ;;
    esac
    [ -n "$CAP_CAPTURED" ] || CAP_CAPTURED=-
}

if [ "$NOROOT" -eq 0 ]; then
    ns_pair
    MAC_B=$(ns_mac b)
    # 192.0.2.9: reached with b's MAC, held by nobody: b takes every frame
    # in and drops it quietly (no ARP, no ICMP answer to count as well)
    nsx a ip neigh add 192.0.2.9 lladdr "$MAC_B" dev veth0
    FRAME=$(nsx a "$BLAST" -n -i veth0 -m "$MAC_B" -c 1 192.0.2.9)

    # send: the same 64-byte frame (UDP 40000 -> 9, 22 bytes of payload).
    # 12-blast and trafgen take turns, three runs each, the best counting
    # (on a shared machine the best run is the least disturbed one)
    if command -v trafgen >/dev/null; then
        echo "$FRAME" | awk '{ printf "{ "; for (i = 1; i <= NF; i++)
            printf "0x%s%s", $i, (i < NF ? ", " : ""); print " }" }' >"$TMP/frame.cfg"
    fi
    declare -A BEST BEST_N BEST_CPU
    keep_best() {
        [ "${SEND[$1]}" -gt "${BEST[$1]:-0}" ] || return 0
        BEST[$1]=${SEND[$1]} BEST_N[$1]=${SEND_N[$1]} BEST_CPU[$1]=${SEND_CPU[$1]}
    }
    for round in 1 2 3; do
        send_run 12-blast ip netns exec "$NS_A" "$BLAST" -i veth0 -m "$MAC_B" -c 300000 192.0.2.9
        keep_best 12-blast
        if command -v trafgen >/dev/null; then
            send_run trafgen ip netns exec "$NS_A" trafgen -o veth0 -i "$TMP/frame.cfg" -n 300000
            keep_best trafgen
            send_run "trafgen -P 1" ip netns exec "$NS_A" trafgen -o veth0 -i "$TMP/frame.cfg" -n 300000 -P 1
            keep_best "trafgen -P 1"
        fi
    done
    for k in "${!BEST[@]}"; do
        SEND[$k]=${BEST[$k]} SEND_N[$k]=${BEST_N[$k]} SEND_CPU[$k]=${BEST_CPU[$k]}
    done
    if command -v hping3 >/dev/null; then
        send_run "hping3 --flood" ip netns exec "$NS_A" timeout -s INT 2 hping3 --flood --udp -s 40000 -k \
            -p 9 -d 22 -I veth0 192.0.2.9
    fi
    if /usr/bin/python3 -c 'import scapy.all' 2>/dev/null; then
        cat >"$TMP/sendp_bench.py" <<'EOF'
import sys, time
from scapy.all import Ether, sendp
frame = Ether(bytes.fromhex(sys.argv[1]))
t = time.monotonic()
sendp(frame, iface="veth0", count=int(sys.argv[2]), verbose=0)
print("elapsed %.6f" % (time.monotonic() - t))
EOF
        send_run "scapy sendp" ip netns exec "$NS_A" /usr/bin/python3 "$TMP/sendp_bench.py" "$(echo "$FRAME" | tr -d ' ')" 3000
    fi
    CEILING=0 CEIL_BY=none
    for k in "${!SEND[@]}"; do [ "${SEND[$k]}" -gt "$CEILING" ] && CEILING=${SEND[$k]} && CEIL_BY=$k; done

    # capture: three offered rates, the last as fast as 12-blast goes
    # 01-recv-frames prints every frame; the bare recvfrom loop (no
    # printing) shows what the system call per frame costs alone
    CAPTURERS=()
    [ -x "$P3/01-recv-frames" ] && CAPTURERS+=(01-recv-frames)
    CAPTURERS+=(recvfrom-loop 10-ring "11-fanout -j 2" "tcpdump -w /dev/null")
    command -v netsniff-ng >/dev/null && CAPTURERS+=(netsniff-ng)
    declare -A C_CAP C_MISS C_CPU C_OFF
    for spec in "50000 50000" "200000 200000" "0 500000"; do
        set -- $spec
        rate=$1 count=$2
        for c in "${CAPTURERS[@]}"; do
            case $c in
            01-recv-frames)
                rm -f "$TMP/fifo"; mkfifo "$TMP/fifo"
                (wc -l <"$TMP/fifo" >"$TMP/cap.count.tmp"; mv "$TMP/cap.count.tmp" "$TMP/cap.count") &
                cap_run "$c" "$rate" "$count" err 'listening on' \
                    sh -c 'exec ip netns exec "$0" "$1" -i veth0 -t 60 >"$2"' "$NS_B" "$P3/01-recv-frames" "$TMP/fifo"
                wait ;;
            recvfrom-loop)
                cap_run "$c" "$rate" "$count" err 'listening on' \
                    ip netns exec "$NS_B" tests/bench/bench-recvfrom veth0 ;;
            10-ring)
                cap_run "$c" "$rate" "$count" err 'listening on' \
                    ip netns exec "$NS_B" "$P3/10-ring" -i veth0 -q -t 60 ;;
            11-fanout*)
                cap_run "$c" "$rate" "$count" err 'listening on' \
                    ip netns exec "$NS_B" "$P3/11-fanout" -i veth0 -j 2 -t 60 ;;
            tcpdump*)
                cap_run "$c" "$rate" "$count" err 'listening on' \
                    ip netns exec "$NS_B" tcpdump -n -i veth0 -w /dev/null ;;
            netsniff-ng)
                # its ring as 10-ring's and tcpdump's (2 MiB); -A: leave the
                # machine's socket memory limits alone
                cap_run "$c" "$rate" "$count" out 'Running' \
                    ip netns exec "$NS_B" netsniff-ng -i veth0 -s -A -S 2MiB ;;
            esac
            key="$rate/$c"
            C_CAP[$key]=$CAP_CAPTURED C_OFF[$key]=$CAP_OFFERED C_CPU[$key]=$CAP_CPU
            if [ "$CAP_CAPTURED" != - ]; then C_MISS[$key]=$((CAP_RX - CAP_CAPTURED)); else C_MISS[$key]=-; fi
        done
    done
fi

{
echo "make bench, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(uname -r), other load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
row section tool offered/s result missed CPU/Mfr "ratio against the peer"
row ------- ---- --------- ------ ------ ------- ----------------------
if [ "$NOROOT" -eq 0 ]; then
    for rate in 50000 200000 0; do
        peer="$rate/tcpdump -w /dev/null"
        for c in "${CAPTURERS[@]}"; do
            key="$rate/$c"
            cap=${C_CAP[$key]} cpu=${C_CPU[$key]} off=${C_OFF[$key]}
            cpum=$(awk -v c="$cpu" -v n="$cap" 'BEGIN { if (n > 0) printf "%.2f", c / n * 1e6; else print "-" }')
            pcpum=$(awk -v c="${C_CPU[$peer]}" -v n="${C_CAP[$peer]}" 'BEGIN { if (n > 0) printf "%.4f", c / n * 1e6; else print 0 }')
            row capture "$c" "$(fmt "$off")" "$cap fr" "${C_MISS[$key]}" "$cpum" \
                "frames $(ratio "$cap" "${C_CAP[$peer]}"), CPU/frame $(ratio "$cpum" "$pcpum") of tcpdump's"
        done
    done
    for k in 12-blast trafgen "trafgen -P 1" "hping3 --flood" "scapy sendp"; do
        [ -n "${SEND[$k]:-}" ] || { row send "$k" - "not run" - - "(not installed)"; continue; }
        row send "$k" - "$(fmt "${SEND[$k]}")/s" - "${SEND_CPU[$k]}" \
            "$(ratio "${SEND[$k]}" "${SEND[trafgen]:-0}") of trafgen's rate, CPU/frame $(ratio "${SEND_CPU[$k]}" "${SEND_CPU[trafgen]:-0}") ($((SEND_N[$k])) at the peer)"
    done
fi
for l in "${CK[@]}"; do
    set -- $l
    row checksum "common/ ${1} B" - "$(fmt "$2") MB/s" - - "$(ratio "$2" "$3") of the textbook loop's $(fmt "$3") MB/s"
done
if [ "$NOROOT" -eq 0 ]; then
    row ceiling "64-byte frames/s" - "$(fmt "$CEILING")/s" - - "by $CEIL_BY, across one veth pair"
fi
echo
echo "capture: 01-recv-frames prints each frame (to a pipe); recvfrom-loop only counts."
echo "offered = 12-blast's own rate (rows at 50,000/s, 200,000/s and unpaced: 50,000 /"
echo "200,000 / 500,000 frames); result = frames captured; missed = b's rx_packets - captured;"
echo "CPU/Mfr = the capturer's user+sys seconds per million frames captured. send: frames/s"
echo "counted at the peer, CPU/Mfr the sender's user+sys seconds per million of them (12-blast,"
echo "trafgen: best of 3 runs). Took $(( $(date +%s) - t_start )) s."
} | tee "$OUTFILE"
