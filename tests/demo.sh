#!/usr/bin/env bash
# make demo: a short guided tour of the workbook, in two throwaway network
# namespaces joined by a veth pair. Nothing touches the machine's own
# interfaces; the namespaces are removed at the end, even on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -ne 0 ]; then
    echo "demo: the tour creates network namespaces and raw sockets: run 'sudo make demo'" >&2
    exit 2
fi
AS_ROOT=""
NS_PREFIX=rawdemo-$$
source tests/helpers/common.bash
source tests/helpers/netns.bash
TMP=$(mktemp -d)
trap 'ns_cleanup; rm -rf "$TMP"' EXIT

# say TEXT: one paragraph, wrapped; bold on a terminal.
say() {
    local b="" n=""
    [ -t 1 ] && b=$'\033[1m' n=$'\033[0m'
    printf '\n%s%s%s\n' "$b" "$(echo "$*" | tr '\n' ' ' | fold -s -w 76)" "$n"
}
show() { printf '  $ %s\n' "$*"; }

ns_pair
say "Two network namespaces, a ($IP_A) and b ($IP_B), joined by a veth pair:
two small computers inside this one. Everything below happens between them."

# --- part 1 ---------------------------------------------------------------
say "Part 1, 01-recv: a raw ICMP socket in a. Then b pings a once."
show "sudo ./part1-ip-layer/01-recv -c 1      (in a)"
show "ping -c 1 $IP_A                          (in b)"
nsx a part1-ip-layer/01-recv -c 1 -t 5 >"$TMP/out" 2>"$TMP/err" 3>&- &
pid=$!
wait_for_line "$TMP/err" 'listening on'
nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
reap "$pid" 10
sed 's/^/  /' "$TMP/out"
say "That line is the ICMP message inside the IP packet: 08 is type 8, echo
request; 00 the code; then the checksum, ping's identifier and sequence
number (00 01), and ping's data. The kernel hands a C raw socket the IP header
too; 01-recv checked it and skipped it, so you see what the series printed."

say "Part 1, 03-ping: ping written by hand. a builds each echo request byte by
byte (type 8, identifier, sequence, its own checksum) and matches b's replies
by identifier and sequence number."
show "sudo ./part1-ip-layer/03-ping -c 3 -i 0.2 $IP_B      (in a)"
nsx a part1-ip-layer/03-ping -c 3 -i 0.2 "$IP_B" | sed 's/^/  /'
say "b's kernel answered every request, which it does only when the checksum
we computed is right. ttl=64 is b's default TTL: the reply came straight
across the link."

# --- part 2 ---------------------------------------------------------------
say "Part 2, 03-send-ip: now we write the IP header too (IPPROTO_RAW). a sends
an echo request carrying the two bytes C0 DE, its header built field by field
with id, source and checksum left 0, and waits for b's reply."
show "sudo ./part2-link-layer/03-send-ip $IP_B      (in a)"
nsx a part2-link-layer/03-send-ip -t 3 "$IP_B" 2>&1 | sed 's/^/  /'
say "The reply's header starts 45: version 4, header length 5 words. Bytes
13-16 are b's address ($IP_B) and 17-20 ours: the source we left 0 was filled
in by a's kernel on the way out, so b knew where to answer. The last two bytes
are our C0 DE, echoed back."

# --- part 3: ARP and a ping, whole frames by hand --------------------------
say "Part 3, 04-arping: below IP now. To send b a frame, a needs b's MAC
address, and no IP socket can ask for it: ARP is not IP. a builds the ARP
request itself, a whole Ethernet frame to the broadcast address, padded to
60 bytes, and sends it on a packet socket (AF_PACKET)."
show "sudo ./part3-physical/04-arping -i veth0 -c 1 $IP_B      (in a)"
nsx a part3-physical/04-arping -i veth0 -c 1 "$IP_B" >"$TMP/arp"
sed 's/^/  /' "$TMP/arp"
mac=$(sed -n 's/^Unicast reply .*\[\(.*\)\].*/\1/p' "$TMP/arp")
say "b's kernel answered: $IP_B is at $mac, the address b's network card
answers to. a's kernel took no part: the request was the program's, byte
for byte."

say "Part 3, 05-eth-ping: a ping where a writes every byte of the frame: the
Ethernet header to that MAC, the IPv4 header with its own id and checksum,
the ICMP echo request. At this layer nobody fills anything in."
show "sudo ./part3-physical/05-eth-ping -i veth0 -m $mac -c 2 $IP_B      (in a)"
nsx a part3-physical/05-eth-ping -i veth0 -m "$mac" -c 2 "$IP_B" | sed 's/^/  /'
say "b's kernel checked both our checksums before it answered, and sent the
replies to the MAC our frames came from. a read them back as whole frames,
Ethernet header first, and checked them the same way."

# --- part 3: a host in user space -----------------------------------------
say "Part 3, 07-user-space-host: a host that no kernel knows about. In a, a
program with a packet socket claims 192.0.2.9, an address neither kernel
holds, with a MAC it makes up, and answers ARP and ping for it itself.
Then b pings 192.0.2.9."
show "sudo ./part3-physical/07-user-space-host -i veth0 192.0.2.9   (in a)"
show "ping -c 3 -i 0.2 192.0.2.9                                    (in b)"
$AS_ROOT ip netns exec "$NS_A" part3-physical/07-user-space-host -i veth0 -t 10 \
    192.0.2.9 >"$TMP/out" 2>"$TMP/err" 3>&- &
pid=$!
wait_for_line "$TMP/err" 'listening on'
nsx b ping -c 3 -i 0.2 -W 2 192.0.2.9 | sed 's/^/  /'
show "ip neigh show 192.0.2.9                                     (in b)"
nsx b ip neigh show 192.0.2.9 | sed 's/^/  /'
kill -INT "$pid"
reap "$pid" 5
printf '  07-user-space-host printed, in a:\n'
sed 's/^/  /' "$TMP/out"
say "b's ping got its three replies, and b's kernel now lists 192.0.2.9 at
02:00:c0:00:02:09, yet no kernel holds that address: the ARP reply and the
echo replies printed in a were built byte by byte in user space, Ethernet
header first."

say "The end. Read part1-ip-layer/README.md next, with a terminal open."
