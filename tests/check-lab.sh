#!/usr/bin/env bash
# make check-lab EX=p1-1: check a lab exercise (the "Lab" section of each
# chapter README) against your modified program, on a throwaway copy of the
# lab network (namespaces rawcheck-PID-*, removed at the end). Prints pass,
# or what differs and a hint: never the answer.
#
#   tests/check-lab.sh list          the exercises that can be checked
#   tests/check-lab.sh EX [PROG]     check EX; PROG: the program to check
#                                    (default: the chapter's own, rebuilt by make)
# Exit 0 pass, 1 not yet, 2 usage or the lab could not be built.
# CHECK_LAB_PREFIX=P: check on the lab network already up as P-a ... instead
# (the tests build one for all their checks); it is left as it was.
set -uo pipefail
cd "$(dirname "$0")/.."
AS_ROOT=""
NS_PREFIX=${CHECK_LAB_PREFIX:-rawcheck-$$}
source tests/helpers/common.bash
source tests/helpers/netns.bash
lab_vars

declare -A PROGS=(
    [p1-1]=part1-ip-layer/01-recv       [p1-2]=part1-ip-layer/03-ping
    [p1-3]=part1-ip-layer/04-tcp-syn
    [p2-1]=part2-link-layer/01-recv-ip  [p2-2]=part2-link-layer/03-send-ip
    [p2-3]=part2-link-layer/07-traceroute
    [p3-1]=part3-physical/01-recv-frames [p3-2]=part3-physical/07-user-space-host
    [p3-3]=part3-physical/09-bpf        [p3-4]=part3-physical/12-blast
)
declare -A TITLES=(
    [p1-1]="01-recv prints only echo replies"
    [p1-2]="03-ping -T TTL sets the TTL of its requests"
    [p1-3]="04-tcp-syn scans a range of ports (PORT-PORT)"
    [p2-1]="01-recv-ip prints only packets that crossed a router (TTL below 64)"
    [p2-2]="03-send-ip -T TTL writes the TTL into its own header"
    [p2-3]="07-traceroute -f FIRST starts at TTL FIRST"
    [p3-1]="01-recv-frames ignores its own outgoing frames"
    [p3-2]="07-user-space-host answers a second address"
    [p3-3]="09-bpf's filter is 'udp port 53', written by hand"
    [p3-4]="12-blast -V VID: frames with an 802.1Q VLAN tag"
)

usage() {
    echo "usage: $0 list | EX [PROG]    (make check-lab EX=p1-1)" >&2
    exit 2
}

EX=${1:-}
[ -n "$EX" ] || usage
if [ "$EX" = list ]; then
    for ex in $(printf '%s\n' "${!TITLES[@]}" | sort); do
        printf '  %-5s %s\n' "$ex" "${TITLES[$ex]}"
    done
    exit 0
fi
[ -n "${PROGS[$EX]:-}" ] || { echo "check-lab: no exercise '$EX' (tests/check-lab.sh list)" >&2; exit 2; }
PROG=$(realpath -m "${2:-${PROGS[$EX]}}")
if [ "$(id -u)" -ne 0 ]; then
    echo "check-lab: the check builds a lab network: run 'sudo make check-lab EX=$EX'" >&2
    exit 2
fi
if [ ! -x "$PROG" ]; then
    echo "check-lab $EX: not yet: $PROG is not built (make; is the program in this checkout?)"
    exit 1
fi

TMP=$(mktemp -d)
PID= NCPID=
# cleanup: what the check started; the namespaces too, unless borrowed
cleanup() {
    local p
    for p in $PID $NCPID ${CAP_PID:-}; do kill -9 "$p" 2>/dev/null; done
    [ -n "${CHECK_LAB_PREFIX:-}" ] || ns_cleanup
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

pass() { echo "check-lab $EX (${TITLES[$EX]}): pass: $*"; exit 0; }
# differ WHAT HINT: what the program did that the exercise does not want.
differ() {
    echo "check-lab $EX (${TITLES[$EX]}): not yet: $1"
    echo "  hint: $2"
    exit 1
}
# start HOST ARGS...: the program in the background, its stdout in $TMP/out,
# stderr in $TMP/err; wait for its "listening on".
start() {
    local host=$1
    shift
    ip netns exec "$(ns_name "$host")" "$PROG" "$@" >"$TMP/out" 2>"$TMP/err" 3>&- &
    PID=$!
    if ! wait_for_line "$TMP/err" 'listening on' 5 2>/dev/null; then
        reap "$PID" 1 2>/dev/null || true
        [ "${status:-0}" -ne 2 ] || differ "'${PROG##*/} $*' is refused (exit 2): $(head -1 "$TMP/err")" \
            "the exercise's command line must be accepted: options with getopt, the rest from argv[optind]"
        differ "it never printed 'listening on' ($(head -1 "$TMP/err"))" \
            "run it by hand with the same options: does it start?"
    fi
}
# takes ARGS...: the program accepts these options (-n where it can).
takes() {
    local rc=0
    "$PROG" "$@" >"$TMP/usage" 2>&1 </dev/null || rc=$?
    [ $rc -ne 2 ] || return 1
}

if [ -z "${CHECK_LAB_PREFIX:-}" ]; then
    ns_lab >/dev/null 2>&1 || { echo "check-lab: could not build the lab network" >&2; exit 2; }
fi

case $EX in
p1-1)
    start a -c 1 -t 5
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null     # a request arrives at a
    nsx a ping -c 1 -W 2 "$IP_B" >/dev/null     # then a reply
    reap "$PID" 10 || true
    line=$(head -1 "$TMP/out")
    case $line in
    "00 00 "*) pass "b's echo request was skipped, the echo reply printed" ;;
    "08 00 "*) differ "it printed b's echo request (the line starts 08 00)" \
        "the first byte of the ICMP message is its type: which value is an echo reply? (RFC 792, or <netinet/ip_icmp.h>)" ;;
    "") differ "it printed nothing, not even the echo reply a got from b" \
        "are you reading the type at the right offset, after the IP header?" ;;
    *) differ "its first line starts '${line:0:5}', not an echo reply" \
        "print only packets whose ICMP type and code are those of an echo reply" ;;
    esac
    ;;
p1-2)
    takes -T 2 -n "$IP_D" || differ "03-ping -T 2 is refused as bad usage" \
        "add the option to getopt and to the usage text"
    before=$(nstat_get r2 IcmpOutTimeExcds)
    nsx a "$PROG" -T 2 -c 1 -t 1 "$IP_D" >"$TMP/out" 2>&1 || true
    after=$(nstat_get r2 IcmpOutTimeExcds)
    [ "$((after - before))" -eq 1 ] || differ "with -T 2 to d ($IP_D), r2 sent $((after - before)) time exceeded (1 expected: TTL 2 runs out at the second router)" \
        "after socket(), setsockopt(fd, IPPROTO_IP, IP_TTL, ...) with an int"
    nsx a "$PROG" -T 3 -c 1 -t 2 "$IP_D" >"$TMP/out" 2>&1 ||
        differ "with -T 3, d did not answer: $(grep -m1 transmitted "$TMP/out")" \
            "three hops: r, r2, then d. Is the TTL set before every request?"
    pass "TTL 2 ran out at r2 (one time exceeded), TTL 3 reached d"
    ;;
p1-3)
    ip netns exec "$NS_B" nc -l 8080 >/dev/null 2>&1 3>&- &
    NCPID=$!
    disown $NCPID
    for ((i = 0; i < 100; i++)); do
        nsx b ss -Hltn 'sport = :8080' | grep -q . && break
        sleep 0.05
    done
    nsx a "$PROG" -t 1 "$IP_B" 8079-8081 >"$TMP/out" 2>&1 || true
    for want in "8079 closed (RST)" "8080 open (SYN-ACK)" "8081 closed (RST)"; do
        grep -qx "$want" "$TMP/out" || differ "no line '$want' for 8079-8081 on b, where nc listens on 8080 (it printed: $(head -3 "$TMP/out" | paste -sd'|'))" \
            "parse PORT-PORT with strtol (check the end pointer), then one SYN and one wait per port"
    done
    pass "8079 closed, 8080 open, 8081 closed"
    ;;
p2-1)
    start a -c 1 -t 5
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null     # TTL 64: same segment
    nsx d ping -c 1 -W 2 "$IP_A" >/dev/null     # TTL 62: two routers
    reap "$PID" 10 || true
    line=$(head -1 "$TMP/out")
    src=$(bytes_at "$line" 13 4) ttl=$(bytes_at "$line" 9 1)
    [ -n "$line" ] || differ "it printed nothing: d's ping did not come through" \
        "which byte is the TTL (count from 1, as the series does)?"
    [ "$src" = "C6 33 64 82" ] || differ "its first line is from $src with TTL $ttl: b's ping, from the same segment" \
        "byte 9 of the IPv4 header is the TTL; compare it before printing"
    pass "b's ping (TTL 64) skipped, d's (TTL $((16#$ttl)), after r2 and r) printed"
    ;;
p2-2)
    takes -T 1 -n "$IP_D" || differ "03-send-ip -T 1 is refused as bad usage" \
        "add the option to getopt and pass the value to build_packet()"
    line=$("$PROG" -T 7 -n "$IP_D" 2>/dev/null | head -1)
    [ "$(bytes_at "$line" 9 1)" = 07 ] || differ "-n -T 7 prints byte 9 (the TTL) as '$(bytes_at "$line" 9 1)'" \
        "the TTL is byte 9 of the header, p[8]"
    before=$(nstat_get r IcmpOutTimeExcds)
    nsx a "$PROG" -T 1 -t 1 "$IP_D" >/dev/null 2>&1 || true
    after=$(nstat_get r IcmpOutTimeExcds)
    [ "$((after - before))" -eq 1 ] || differ "with -T 1, r sent $((after - before)) time exceeded (1 expected)" \
        "is the TTL you print with -n the one you send?"
    nsx a "$PROG" -T 3 -t 2 "$IP_D" >"$TMP/out" 2>&1 ||
        differ "with -T 3, no echo reply from d" "d is three hops away: r, r2, d"
    pass "TTL 7 in byte 9; TTL 1 ran out at r; TTL 3 reached d"
    ;;
p2-3)
    nsx a "$PROG" -f 2 -q 1 -t 1 "$IP_D" >"$TMP/out" 2>&1
    rc=$?
    [ $rc -ne 2 ] || differ "07-traceroute -f 2 is refused as bad usage" \
        "add the option to getopt; check it is between 1 and the maximum"
    hops=$(awk '/^ *[0-9]+  / { print $1, $2 }' "$TMP/out" | paste -sd' ')
    [ "$hops" = "2 $IP_R2 3 $IP_D" ] || differ "with -f 2 the hops are '$hops'" \
        "the first probe's TTL is where the loop starts; the line numbers are the TTLs"
    pass "-f 2 began at r2 and ended at d, line numbers = TTLs"
    ;;
p3-1)
    start a -i veth0 -t 2
    nsx a ping -c 3 -i 0.2 -W 2 "$IP_B" >/dev/null
    reap "$PID" 10 || true
    out=$(grep -c ' outgoing ' "$TMP/out")
    host=$(grep -c ' host ' "$TMP/out")
    [ "$out" -eq 0 ] || differ "it printed $out outgoing frames" \
        "there is a socket option for this in packet(7); set it between socket() and bind()"
    [ "$host" -ge 3 ] || differ "only $host frames came in for a (b's three replies at least)" \
        "ignore the frames a sends, not those it receives"
    pass "no outgoing frame, $host incoming"
    ;;
p3-2)
    start a -i veth0 -t 10 192.0.2.9 192.0.2.10
    ok=0
    for ip in 192.0.2.9 192.0.2.10; do
        nsx b ping -c 1 -W 2 "$ip" >/dev/null && ok=$((ok + 1))
    done
    kill -INT "$PID" 2>/dev/null
    reap "$PID" 5 || true
    [ $ok -eq 2 ] || differ "b's ping was answered for $ok of 192.0.2.9 and 192.0.2.10 ($(head -c 200 "$TMP/err"))" \
        "take the addresses after the options (argv[optind] ...); answer ARP and echo for each"
    pass "b's pings to 192.0.2.9 and 192.0.2.10 were both answered"
    ;;
p3-3)
    start b -i veth0 -t 5 -c 2
    nsx a ping -c 1 -W 2 "$IP_B" >/dev/null
    printf x | nsx a nc -u -w 0 -p 40001 "$IP_B" 54 >/dev/null 2>&1 || true
    printf x | nsx a nc -u -w 0 -p 40002 "$IP_B" 53 >/dev/null 2>&1 || true
    printf x | nsx a nc -u -w 0 -p 53 "$IP_B" 9 >/dev/null 2>&1 || true
    printf x | nsx a nc -6 -u -w 0 -p 40003 "$IP6_B" 53 >/dev/null 2>&1 || true
    reap "$PID" 10 || true
    # UDP in IPv4 (0x0800, protocol 11) or IPv6 (0x86dd, next header 11)
    got=$(awk '/^veth0 / { sub(/^[^:]*: /, ""); print }' "$TMP/out" |
        awk '{ if ($13 $14 == "0800") print "4:" $24 ":" $35 $36 ":" $37 $38;
               else if ($13 $14 == "86DD") print "6:" $21 ":" $55 $56 ":" $57 $58;
               else print "?:" $13 $14 }' | paste -sd' ')
    if [ "$got" != "4:11:9C42:0035 4:11:0035:0009" ]; then
        case $got in
        *"4:01:"*) differ "an ICMP frame passed your filter" "check the protocol byte (offset 23 of the frame) for UDP, 17" ;;
        *"9C41:0036"*) differ "the datagram to port 54 passed" "the destination port is at the IP header's length + 2" ;;
        *) differ "the frames that passed were '$got' (EtherType:protocol:ports), expected the UDP datagrams to or from port 53" \
            "compare your program with 'tcpdump -d udp port 53': a source port of 53 counts too" ;;
        esac
    fi
    pass "of ICMP, UDP to 54, UDP to 53 and UDP from 53, only the two of port 53 passed"
    ;;
p3-4)
    takes -V 5 -n -i lo -m 02:00:00:00:00:01 -c 1 "$IP_B" ||
        differ "12-blast -V 5 is refused as bad usage" "add the option to getopt"
    line=$(nsx a "$PROG" -V 5 -n -i veth0 -m "$(lab_mac "$IP_B")" -c 1 "$IP_B" 2>/dev/null | head -1)
    line=${line#*: }
    [ "$(bytes_at "$line" 13 4)" = "81 00 00 05" ] || differ "bytes 13-16 of the frame are '$(bytes_at "$line" 13 4)'" \
        "IEEE 802.1Q: the tag goes after the two MAC addresses: TPID, then TCI (priority, DEI, VLAN id)"
    [ "$(bytes_at "$line" 17 2)" = "08 00" ] || differ "after the tag, bytes 17-18 are '$(bytes_at "$line" 17 2)'" \
        "the EtherType of what is carried comes after the tag"
    capture_start b "$TMP/b.pcap" vlan 5 2>/dev/null
    nsx a "$PROG" -V 5 -i veth0 -m "$(lab_mac "$IP_B")" -c 3 "$IP_B" >/dev/null 2>&1 || true
    capture_stop
    n=$(tcpdump -n -r "$TMP/b.pcap" 2>/dev/null | wc -l)
    [ "$n" -eq 3 ] || differ "-n prints the tag, but b's tcpdump saw $n of the 3 frames sent in VLAN 5" \
        "is the frame that -n prints the one that is sent? (its length grew by 4)"
    pass "bytes 13-18 are the tag for VLAN 5, then the IPv4 EtherType; b received the 3 frames in VLAN 5"
    ;;
esac
