#!/usr/bin/env bash
# make-corpus.sh - the seed corpus of the fuzz targets (tests/fuzz/corpus/),
# from a capture of the traffic the tests make, between two namespaces made
# here: ARP, ping (plain, -R Record Route, 3000 bytes in fragments), a TCP
# SYN answered by RST and one by SYN-ACK, a UDP datagram answered by ICMP
# port unreachable, tracepath's probes, our 06-own-protocol and 07-traceroute.
# Run as root from the top directory after make; the files are small and
# committed, so this runs only to refresh them.
set -euo pipefail
cd "$(dirname "$0")/../.."
BATS_ROOT_PID=$$ BATS_SUITE_TEST_NUMBER=corpus
load() { source "tests/$1.bash"; }
skip() { echo "$*" >&2; exit 1; }
load helpers/common
load helpers/netns
require_root
trap ns_cleanup EXIT
ns_pair
out=tests/fuzz/corpus
tmp=$(mktemp -d)
cap=$tmp/cap.pcap
capture_start a "$cap"
nsx b ping -c 1 -W 2 "$IP_A" >/dev/null
nsx b ping -c 1 -W 2 -R "$IP_A" >/dev/null
nsx b ping -c 1 -W 2 -s 3000 "$IP_A" >/dev/null
nsx b nc -z -w 1 "$IP_A" 9 || true                       # RST
nsx a nc -l -p 8080 >/dev/null 3>&- & srv=$!
sleep 0.2
echo hi | nsx b nc -N -w 1 "$IP_A" 8080 || true            # SYN-ACK, options
kill "$srv" 2>/dev/null || true
nsx b nc -u -z -w 1 "$IP_A" 9 || true                     # port unreachable
nsx b tracepath -n -m 2 "$IP_A" >/dev/null || true
nsx b part1-ip-layer/06-own-protocol send "$IP_A" seed >/dev/null
nsx b part2-link-layer/07-traceroute -m 2 -q 1 -t 1 "$IP_A" >/dev/null || true
capture_stop

rm -rf "$out"
mkdir -p "$out"/{pcap,frame,ip,icmp,tcp,udp,ipopt,arp,ip6,icmp6,ring}
# the file itself, and as editcap rewrites it: nanoseconds, cut by -s 40, modified
cp "$cap" "$out/pcap/capture"
editcap -F nsecpcap "$cap" "$out/pcap/nsec"
editcap -F pcap -s 40 "$cap" "$out/pcap/snap40"
editcap -F modpcap -r "$cap" "$out/pcap/modified" 1-4
# each record: the frame, its IPv4 packet, what the IPv4 header carries
i=0
tests/unit/test-pcap read "$cap" | sed -n '3~2p' | while read -r line; do
    i=$((i + 1))
    f=$(printf '%02d' $i)
    xxd -r -p <<<"${line// /}" >"$out/frame/$f"
    [ "${line:36:5}" = "08 06" ] && tail -c +15 "$out/frame/$f" >"$out/arp/$f"
    [ "${line:36:5}" = "08 00" ] || continue
    tail -c +15 "$out/frame/$f" >"$out/ip/$f"
    ihl=$(( (0x${line:43:1}) * 4 ))
    proto=$((0x${line:69:2}))
    [ $ihl -gt 20 ] && tail -c +21 "$out/ip/$f" | head -c $((ihl - 20)) >"$out/ipopt/$f"
    case $proto in
    1) dir=icmp ;; 6) dir=tcp ;; 17) dir=udp ;; *) continue ;;
    esac
    tail -c +$((ihl + 1)) "$out/ip/$f" >"$out/$dir/$f"
done
# our own EtherType (06-own-ethertype -n: the frame it would send)
part3-physical/06-own-ethertype send -i lo -n 02:00:00:00:00:01 'hi \x1b[31m' |
    tr -d ' ' | xxd -r -p >"$out/frame/own-ethertype"
# TPACKET_V3 ring blocks (10-ring, 11-fanout) laid out as the kernel lays
# them out: the 48-byte block descriptor, then each frame's tpacket3_hdr
# (48 bytes), its sockaddr_ll (20), the frame at tp_mac 82 (so that the
# IPv4 header is 16-byte aligned), the next header 8-aligned after it.
ring_block() {
    perl -e '
        my $out = shift; my ($body, $n) = ("", 0);
        for my $file (@ARGV) {
            open my $f, "<:raw", $file or die; local $/; my $d = <$f>;
            my $len = 82 + length $d; $len += (8 - $len % 8) % 8;
            my $next = $file eq $ARGV[-1] ? 0 : $len;
            $body .= pack("VVVVVVvvVVvvx8", $next, 1, 0, length $d, length $d, 1, 82, 96, 0, 0, 0, 0);
            $body .= pack("vnlvCCa8", 17, unpack("n", substr($d, 12, 2)), 2, 1, 0, 6, substr($d, 6, 6));
            $body .= "\0" x (82 - 68) . $d . "\0" x ($len - 82 - length $d);
            $n++;
        }
        open my $o, ">:raw", $out or die;
        print $o pack("VVVVVVQVVVV", 3, 0, 1, $n, 48, 48 + length $body, 1, 0, 0, 0, 0), $body;
    ' "$@"
}
mkdir -p "$out/ring"
ring_block "$out/ring/arp-ping" "$out"/frame/0[1-4]
ring_block "$out/ring/tcp" "$out"/frame/1[0-5]
ring_block "$out/ring/one" "$out/frame/own-ethertype"
# IPv6 and ICMPv6, written out here (the capture has IPv6 off): 08-ping6's
# echo request, neighbour and router discovery, MLDv2 behind hop-by-hop, a
# fragment header, TCP and UDP over IPv6, an error quoting our request
SRC=20010db8000000000000000000000002 DST=20010db8000000000000000000000001
LL=fe800000000000000000000000000002 MC=ff020000000000000000000000000001
e6() { echo -n "$2" | xxd -r -p >"$out/$1"; }
ping6=$(part1-ip-layer/08-ping6 -n ::1 | tr -d ' ' | head -c 128)
len=$(( ${#ping6} / 2 ))
e6 icmp6/echo "$ping6"
e6 icmp6/router-solicit 8500f0c200000000
e6 icmp6/neighbour-solicit "8700000000000000${DST}0101020000000002"
e6 icmp6/neighbour-advert "8800000060000000${SRC}0201020000000002"
e6 icmp6/router-advert "860000004000070800000000000000000101020000000002030440c000000e1000000e100000000020010db8000000000000000000000000"
e6 icmp6/mld2-report 8f0000000000000104000000${MC}
e6 icmp6/dest-unreach "0100000000000000${ping6:0:16}6000000000283a40${SRC}${DST}${ping6}"
e6 ip6/echo "60000000$(printf %04x $len)3a40${SRC}${DST}${ping6}"
e6 ip6/hbh-mld "6000000000240001${LL}${MC}3a000502000001008f0000000000000104000000${MC}"
e6 ip6/fragment "60000000$(printf %04x $((len + 8)))2c40${SRC}${DST}3a00000100000001${ping6}"
e6 ip6/tcp "60000000001c0640${SRC}${DST}a8b20050000003f70000000050022000aaaa0000"
e6 ip6/udp "6000000000101140${SRC}${DST}9c4000090010000068656c6c6f212121"
rm -rf "$tmp"
du -sh "$out"; find "$out" -type f | wc -l
