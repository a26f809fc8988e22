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

say "The end. Read part1-ip-layer/README.md next, with a terminal open."
