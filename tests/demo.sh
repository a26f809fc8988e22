#!/usr/bin/env bash
# make demo: the whole workbook in a few minutes, one step per chapter stage,
# on the lab network (tests/helpers/netns.bash: ns_lab) built in throwaway
# namespaces (rawdemo-PID-*). Nothing touches the machine's own interfaces;
# the namespaces and what runs in them are removed at the end, and on Ctrl-C.
#
#   tests/demo.sh [STEP]     from step STEP (1-10) to the end (make demo STEP=N)
# DEMO_PREFIX names the namespaces instead (the tests: rawt-<pid>-demo).
set -euo pipefail
cd "$(dirname "$0")/.."
LAST=10
FIRST=${1:-1}
if ! [[ $FIRST =~ ^[0-9]+$ ]] || [ "$FIRST" -lt 1 ] || [ "$FIRST" -gt $LAST ]; then
    echo "usage: $0 [STEP]   (STEP 1-$LAST: start the tour there)" >&2
    exit 2
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "demo: the tour creates network namespaces and raw sockets: run 'sudo make demo'" >&2
    exit 2
fi
AS_ROOT=""
NS_PREFIX=${DEMO_PREFIX:-rawdemo-$$}    # the tests set their own
source tests/helpers/common.bash
source tests/helpers/netns.bash
TMP=$(mktemp -d)
trap 'ns_cleanup; rm -rf "$TMP"' EXIT
trap 'echo; echo "demo: interrupted; removing the namespaces"; exit 130' INT TERM

# step N TITLE README SECTION: the step's heading and where it is explained.
step() {
    local b="" n=""
    [ -t 1 ] && b=$'\033[1m' n=$'\033[0m'
    printf '\n%s[%d/%d] %s%s\n      (explained in %s, "%s")\n' "$b" "$1" $LAST "$2" "$n" "$3" "$4"
}
# say TEXT: what the reader is seeing, one sentence, wrapped.
say() { printf '%s\n' "$(echo "$*" | tr '\n' ' ' | sed 's/  */ /g' | fold -s -w 76 | sed 's/^/  /; s/ *$//')"; }
show() { printf '  %s$ %s\n' "$1" "$2"; }
indent() { sed 's/^/    /'; }
# have PROG: the program is built; else say so and skip the step.
have() {
    [ -x "$1" ] && return 0
    say "(skipped: $1 is not built in this checkout)"
    return 1
}

ns_lab
say "The lab network, in namespaces: a $IP_A, b $IP_B and c $IP_C on one
switch; router r ($IP_R) to a second segment, router r2 ($IP_R2), then d
($IP_D). It is the network of sudo make lab-up, made for this tour and
removed at its end."

s1() {
    step 1 "01-recv: a raw ICMP socket sees b's ping" part1-ip-layer/README.md "01-recv: a raw socket, and what it receives"
    show a "sudo ./part1-ip-layer/01-recv -c 1"
    show b "ping -c 1 $IP_A"
    nsx a part1-ip-layer/01-recv -c 1 -t 5 >"$TMP/out" 2>"$TMP/err" 3>&- &
    local pid=$!
    wait_for_line "$TMP/err" 'listening on'
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    indent <"$TMP/out"
    say "That is the ICMP message inside b's packet: 08 echo request, code 00, the
    checksum, ping's identifier and sequence number 00 01, then ping's data."
}

s2() {
    step 2 "03-ping: ping written by hand" part1-ip-layer/README.md "03-ping: ping, by hand"
    show a "sudo ./part1-ip-layer/03-ping -c 3 -i 0.2 $IP_B"
    nsx a part1-ip-layer/03-ping -c 3 -i 0.2 "$IP_B" | indent
    say "Each echo request was built byte by byte with our own checksum, and b's
    kernel answered all three, which it does only when that checksum is right."
}

s3() {
    step 3 "04-tcp-syn: one SYN by hand, to an open and to a closed port" part1-ip-layer/README.md "04-tcp-syn: a SYN by hand — open or closed?"
    show b "nc -l 8080"
    show a "sudo ./part1-ip-layer/04-tcp-syn $IP_B 8080"
    show a "sudo ./part1-ip-layer/04-tcp-syn $IP_B 80"
    $AS_ROOT ip netns exec "$NS_B" nc -l 8080 >/dev/null 2>&1 3>&- &
    local pid=$! i
    for ((i = 0; i < 100; i++)); do
        nsx b ss -Hltn 'sport = :8080' | grep -q . && break
        sleep 0.05
    done
    nsx a part1-ip-layer/04-tcp-syn -t 3 "$IP_B" 8080 | indent
    nsx a part1-ip-layer/04-tcp-syn -t 3 "$IP_B" 80 | indent
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    say "Where nc listens b's kernel answered our SYN with SYN-ACK (open); on
    port 80 it answered with RST (closed)."
}

s4() {
    step 4 "01-recv-ip: the same ping, IP header first" part2-link-layer/README.md "01-recv-ip: the packet, header first"
    show a "sudo ./part2-link-layer/01-recv-ip -c 1"
    show b "ping -c 1 $IP_A"
    nsx a part2-link-layer/01-recv-ip -c 1 -t 5 >"$TMP/out" 2>"$TMP/err" 3>&- &
    local pid=$!
    wait_for_line "$TMP/err" 'listening on'
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    indent <"$TMP/out"
    say "Now the line starts with the real IPv4 header: 45 is version 4 and 20
    header bytes, 00 54 the total length 84, 40 the TTL 64, 01 ICMP, then
    b's address C0 00 02 02 and ours C0 00 02 01."
}

s5() {
    step 5 "03-send-ip: a header of our own, and the kernel's reply" part2-link-layer/README.md "03-send-ip: a header of our own"
    show a "sudo ./part2-link-layer/03-send-ip $IP_B"
    nsx a part2-link-layer/03-send-ip -t 3 "$IP_B" 2>&1 | indent
    say "We wrote the IPv4 header ourselves with id, source and checksum left 0;
    a's kernel filled them in, and b's kernel answered our C0 DE with an echo
    reply whose header names b as source and us as destination."
}

s6() {
    step 6 "05-protocol-swap: one header, four protocols, four answers" part2-link-layer/README.md "05-protocol-swap: one header, four reactions"
    show a "for p in icmp udp tcp 253; do sudo ./part2-link-layer/05-protocol-swap -p \$p $IP_B; done"
    local p
    for p in icmp udp tcp 253; do
        nsx a part2-link-layer/05-protocol-swap -t 3 -p $p "$IP_B" 2>/dev/null | indent
    done
    say "Only byte 10, the protocol, changed: b's kernel sent an echo reply, a
    port unreachable, a RST and a protocol unreachable."
}

s7() {
    step 7 "07-traceroute: TTL 1, 2, 3 through two routers" part2-link-layer/README.md "07-traceroute: TTL 1, 2, 3 ... in our own header"
    show a "sudo ./part2-link-layer/07-traceroute $IP_D"
    nsx a part2-link-layer/07-traceroute -t 1 "$IP_D" 2>/dev/null | indent
    say "Each router that found our TTL run out sent a time exceeded, so r and r2
    show up in turn; d itself answered the echo request with TTL 3."
}

s8() {
    step 8 "04-arping and 05-eth-ping: whole Ethernet frames by hand" part3-physical/README.md "04-arping"
    have part3-physical/04-arping || return 0
    show a "sudo ./part3-physical/04-arping -i veth0 -c 1 $IP_B"
    nsx a part3-physical/04-arping -i veth0 -c 1 -t 2 "$IP_B" >"$TMP/arp" || true
    indent <"$TMP/arp"
    local mac
    mac=$(sed -n 's/^Unicast reply .*\[\(.*\)\].*/\1/p' "$TMP/arp")
    say "a asked who has $IP_B in an ARP request it built itself, a whole frame
    to the broadcast address, and b's kernel answered with its MAC, $mac."
    have part3-physical/05-eth-ping || return 0
    show a "sudo ./part3-physical/05-eth-ping -i veth0 -m $mac -c 2 $IP_B"
    nsx a part3-physical/05-eth-ping -i veth0 -m "$mac" -c 2 -t 2 "$IP_B" | indent
    say "Then echo requests to that MAC with every byte ours, Ethernet and IPv4
    headers included: b's kernel checked both checksums before it answered
    (section \"05-eth-ping\")."
}

s9() {
    step 9 "07-user-space-host: a host that no kernel knows, answering a real ping" part3-physical/README.md "07-user-space-host"
    have part3-physical/07-user-space-host || return 0
    show a "sudo ./part3-physical/07-user-space-host -i veth0 192.0.2.9"
    show b "ping -c 3 -i 0.2 192.0.2.9"
    $AS_ROOT ip netns exec "$NS_A" part3-physical/07-user-space-host -i veth0 -t 10 \
        192.0.2.9 >"$TMP/out" 2>"$TMP/err" 3>&- &
    local pid=$!
    wait_for_line "$TMP/err" 'listening on'
    nsx b ping -c 3 -i 0.2 -W 2 192.0.2.9 | indent
    show b "ip neigh show 192.0.2.9"
    nsx b ip neigh show 192.0.2.9 | indent
    kill -INT "$pid"
    reap "$pid" 5 || true
    printf '  07-user-space-host printed, in a:\n'
    indent <"$TMP/out"
    say "b's ping got its replies and b's kernel lists 192.0.2.9 at
    $(lab_mac 192.0.2.9), yet no kernel holds that address: the ARP reply and
    the echo replies were built in user space."
}

s10() {
    step 10 "10-ring: capture through a memory-mapped ring, with its statistics" part3-physical/README.md "10-ring"
    have part3-physical/10-ring || return 0
    show b "sudo ./part3-physical/10-ring -i veth0 -q -c 6"
    show a "ping -c 3 -i 0.2 $IP_B"
    $AS_ROOT ip netns exec "$NS_B" part3-physical/10-ring -i veth0 -q -c 6 -t 10 \
        >"$TMP/out" 2>"$TMP/err" 3>&- &
    local pid=$!
    wait_for_line "$TMP/err" 'listening on'
    nsx a ping -c 3 -i 0.2 -W 2 "$IP_B" >/dev/null
    reap "$pid" 15 || true
    indent <"$TMP/err"
    say "b's ring took the six frames of three pings (requests in, replies out)
    with no system call per frame; the statistics are tcpdump's three lines
    and the count of times the ring was full."
}

for ((n = FIRST; n <= LAST; n++)); do
    "s$n"
done
printf '\nThe end. Read part1-ip-layer/README.md next, with a terminal open;\n'
printf 'sudo make lab-up builds this network to keep (sudo make lab-down removes it).\n'
