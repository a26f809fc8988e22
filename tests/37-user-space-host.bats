#!/usr/bin/env bats
# part3-physical/07-user-space-host: iputils arping and ping from the peer
# against an address that no kernel on the segment holds; the peer's
# neighbour table, tcpdump and tshark as witnesses; forged echo requests
# with bad checksums, answered by neither the kernel nor us.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark ping arping perl
    PROG=$P3/07-user-space-host
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
    IP_U=192.0.2.9 MAC_U=02:00:c0:00:02:09    # the default MAC: 02:00 + IP
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# start_host HOST [ARGS...]: 07-user-space-host on veth0 of HOST for IP_U
start_host() {
    local host=$1
    shift
    $AS_ROOT ip netns exec "$(ns_name "$host")" "$PROG" -i veth0 "$@" "$IP_U" \
        >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
}

stop_host() {
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 5
}

@test "07-user-space-host: iputils arping and ping succeed, the peer's ip neigh holds our MAC, no kernel holds the IP" {
    ns_pair
    capture_start b "$CAP"
    start_host a -t 30
    # ours for as long as it runs: veth has no unicast filter, so the
    # PACKET_MR_UNICAST membership makes it promiscuous
    nsx a ip -d link show veth0 | grep -q 'promiscuity 1'
    run nsx b arping -c 1 -w 3 -I veth0 "$IP_U"
    [ "$status" -eq 0 ]
    [[ "$output" == *"reply from $IP_U [${MAC_U^^}]"* ]]
    run nsx b ping -c 3 -i 0.2 -W 2 "$IP_U"
    [ "$status" -eq 0 ]
    [[ "$output" == *"3 packets transmitted, 3 received"* ]]
    [[ "$output" != *BAD* ]]
    nsx b ip neigh show "$IP_U" dev veth0 | grep -q "lladdr $MAC_U "
    capture_stop
    stop_host
    [ "$status" -eq 0 ]
    # nobody's kernel has the address
    [ "$(nsx a ip -4 addr | grep -c "$IP_U")" -eq 0 ]
    [ "$(nsx b ip -4 addr | grep -c "$IP_U")" -eq 0 ]
    [ "$(nsx a ip -d link show veth0 | grep -o 'promiscuity [0-9]*')" = "promiscuity 0" ]
    # our lines are tcpdump's lines for the frames we sent, one for one
    diff <(tcpdump -t -n -r "$CAP" "ether src $MAC_U" 2>/dev/null) "$OUT"
    [ "$(grep -c 'ICMP echo reply' "$OUT")" -eq 3 ]
    # every ARP reply padded to the 60-byte minimum; checksums good
    [ "$(tshark_fields "$CAP" "eth.src == $MAC_U && arp" frame.len | sort -u)" = 60 ]
    [ "$(tshark_fields "$CAP" "eth.src == $MAC_U && icmp" ip.checksum.status icmp.checksum.status | sort -u)" = "$(printf '1\t1')" ]   # 1: Good
}

@test "07-user-space-host -m: answers with the MAC it is given" {
    ns_pair
    start_host a -t 30 -m 02:12:34:56:78:9a
    run nsx b arping -c 1 -w 3 -I veth0 "$IP_U"
    [ "$status" -eq 0 ]
    [[ "$output" == *"reply from $IP_U [02:12:34:56:78:9A]"* ]]
    run nsx b ping -c 1 -W 2 "$IP_U"
    [ "$status" -eq 0 ]
    stop_host
}

@test "07-user-space-host: what a's own kernel sends out is not a question for us (outgoing frames ignored)" {
    ns_pair
    capture_start b "$CAP"
    start_host a -c 1 -t 3
    # a's kernel asks who-has IP_U: the request leaves a, outgoing; nothing
    # on the wire answers it
    run nsx a ping -c 1 -W 1 "$IP_U"
    [ "$status" -ne 0 ]
    reap "$pid" 10
    [ "$status" -eq 1 ]
    capture_stop
    [ "$(tcpdump -n -r "$CAP" arp 2>/dev/null | grep -c "who-has $IP_U")" -ge 1 ]
    [ "$(tcpdump -n -r "$CAP" "ether src $MAC_U" 2>/dev/null | wc -l)" -eq 0 ]
    [ "$(wc -l <"$OUT")" -eq 0 ]
}

# echo_frame DST-MAC DST-IP SEQ IPBAD ICMPBAD: an echo request from b, hex,
# its checksums computed here (inet_csum) and spoilt on request (+1)
echo_frame() {
    local mac_b ip icmp ic hc
    mac_b=$(nsx b cat /sys/class/net/veth0/address | tr -d ':')
    icmp="08 00 00 00 12 34 $(printf '%02X %02X' 0 "$3") 61 62 63 64 65 66 67 68"
    ic=$(inet_csum $icmp | tr -d ' ')
    [ "$5" = 1 ] && ic=$(printf '%04X' $(( (16#$ic + 1) & 0xffff )))
    icmp="08 00 ${ic:0:2} ${ic:2:2} ${icmp:12}"
    ip="45 00 00 24 00 07 00 00 40 01 00 00 C0 00 02 02 $(printf '%02X ' ${2//./ })"
    hc=$(inet_csum $ip | tr -d ' ')
    [ "$4" = 1 ] && hc=$(printf '%04X' $(( (16#$hc + 1) & 0xffff )))
    ip="${ip:0:30}${hc:0:2} ${hc:2:2}${ip:35}"
    echo "${1//:/}${mac_b}0800${ip// /}${icmp// /}" | tr -d ' '
}

@test "07-user-space-host: a forged echo request with a bad ICMP or IPv4 checksum gets no answer, as from a's kernel" {
    ns_pair
    mac_a=$(nsx a cat /sys/class/net/veth0/address)
    capture_start b "$CAP" icmp
    start_host a -t 30
    # seq 1: good; 2: bad ICMP checksum; 3: bad IPv4 header checksum;
    # each to us, and (seq 11-13) the same to a's kernel as the reference
    for s in 1 2 3; do
        send_frames b 1 "$(echo_frame "$MAC_U" "$IP_U" "$s" $((s == 3)) $((s == 2)))"
        send_frames b 1 "$(echo_frame "$mac_a" "$IP_A" $((s + 10)) $((s == 3)) $((s == 2)))"
    done
    wait_for_line "$ERR" 'bad IPv4 header checksum'
    capture_stop
    stop_host
    tcpdump -n -r "$CAP" 2>/dev/null
    # the good ones answered, by us and by the kernel; the bad ones by neither
    replies=$(tshark_fields "$CAP" 'icmp.type == 0' ip.src icmp.seq | tr '\t' ' ' | sort)
    [ "$replies" = "$(printf '%s 11\n%s 1' "$IP_A" "$IP_U")" ]
    # 14 + 20 + 16 = 50 bytes: the kernel's reply stays 50 on a veth, ours
    # is padded to the 60-byte minimum
    [ "$(tshark_fields "$CAP" 'icmp.type == 0 && icmp.seq == 11' frame.len)" = 50 ]
    [ "$(tshark_fields "$CAP" 'icmp.type == 0 && icmp.seq == 1' frame.len)" = 60 ]
    # what the requests were, as tshark judged their checksums: 1 good, 0 bad
    [ "$(tshark_fields "$CAP" 'icmp.type == 8 && icmp.seq == 1' ip.checksum.status icmp.checksum.status)" = "$(printf '1\t1')" ]
    [ "$(tshark_fields "$CAP" 'icmp.type == 8 && icmp.seq == 2' ip.checksum.status icmp.checksum.status)" = "$(printf '1\t0')" ]
    [ "$(tshark_fields "$CAP" 'icmp.type == 8 && icmp.seq == 3' ip.checksum.status icmp.checksum.status)" = "$(printf '0\t1')" ]
    [ "$(cat "$OUT")" = "IP $IP_U > $IP_B: ICMP echo reply, id 4660, seq 1, length 16" ]
    grep -q "ignored an echo request from $IP_B: bad ICMP checksum" "$ERR"
}

@test "07-user-space-host on a bridge's own interface: the unicast membership lets echo requests to our MAC in" {
    # br0 is where the kernel filters by MAC: a frame flooded through the
    # bridge reaches br0 only for br0's address, broadcast, or when br0 is
    # promiscuous (which the membership makes it: a bridge has no filter)
    ns_segment3
    $AS_ROOT ip netns exec "$NS_SW" "$PROG" -i br0 -t 30 "$IP_U" >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    [ "$(nsx sw ip -4 addr show br0 | grep -c inet)" -eq 0 ]
    run nsx a ping -c 2 -i 0.2 -W 2 "$IP_U"
    [ "$status" -eq 0 ]
    [[ "$output" == *"2 packets transmitted, 2 received"* ]]
    stop_host
    [ "$(grep -c 'ICMP echo reply' "$OUT")" -eq 2 ]
}

@test "07-user-space-host: -c 1 exits 0 after one answer; -t with no question exits 1 in time; Ctrl-C at once" {
    ns_pair
    start_host a -c 1 -t 10
    nsx b arping -c 1 -w 3 -I veth0 "$IP_U" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(wc -l <"$OUT")" -eq 1 ]
    start=$(date +%s%N)
    run nsx a "$PROG" -i veth0 -t 1 "$IP_U"
    [ "$status" -eq 1 ]
    [ $(( ($(date +%s%N) - start) / 1000000 )) -lt 4000 ]
    ERR=$ERR.2 start_host a -t 60
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 3
    [ "$status" -eq 1 ]
}

@test "07-user-space-host: --help exits 0; no IP, no interface, a bad or multicast MAC: exit 2" {
    run "$PROG" --help
    [ "$status" -eq 0 ]
    [[ "$output" == usage:* ]]
    run "$PROG" -i lo
    [ "$status" -eq 2 ]
    run "$PROG" 192.0.2.9
    [ "$status" -eq 2 ]
    run "$PROG" -i lo -m 02:00:zz:00:00:01 192.0.2.9
    [ "$status" -eq 2 ]
    run "$PROG" -i lo -m 01:00:5e:00:00:01 192.0.2.9
    [ "$status" -eq 2 ]
}
