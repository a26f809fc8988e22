#!/usr/bin/env bats
# part3-physical/05-eth-ping: a whole frame by hand, Ethernet header first.
# Witnesses: the peer's kernel (it answers only a frame for its MAC with
# both checksums right, and counts it in nstat), tcpdump + tshark (MACs,
# EtherType, id, both checksums), iputils ping (the same lines), and
# replies forged on the peer with a packet socket.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark ping nstat perl setpriv
    PROG=$P3/05-eth-ping
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
    ns_pair
    MAC_A=$(nsx a ip -br link show veth0 | awk '{print $3}')
    MAC_B=$(nsx b ip -br link show veth0 | awk '{print $3}')
    NOBODY_MAC=02:00:00:00:00:99            # no interface has it
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# ping's lines with the times taken out, to compare two runs
no_times() { sed -E 's/time=[0-9.]+ ms/time=T ms/; s/time [0-9]+ms$/time Tms/; s/^rtt .*/rtt/'; }

@test "05-eth-ping: to the MAC 04-arping finds, b's kernel answers each request (nstat), lines as iputils ping's" {
    mac=$(nsx a "$P3/04-arping" -i veth0 -c 1 "$IP_B" | sed -n 's/^Unicast reply .*\[\(.*\)\].*/\1/p')
    [ "$mac" = "${MAC_B^^}" ]
    echos=$(nstat_get b IcmpInEchos)
    reps=$(nstat_get b IcmpOutEchoReps)
    capture_start b "$CAP" icmp
    run -0 --separate-stderr nsx a "$PROG" -i veth0 -m "$mac" -c 3 "$IP_B"
    capture_stop
    [ "$(nstat_get b IcmpInEchos)" -eq $((echos + 3)) ]
    [ "$(nstat_get b IcmpOutEchoReps)" -eq $((reps + 3)) ]
    [[ ${lines[1]} =~ ^"64 bytes from $IP_B: icmp_seq=1 ttl=64 time="[0-9]+\.[0-9]{3}" ms"$ ]]
    ours=$(no_times <<<"$output")
    run -0 nsx a ping -c 3 -i 0.2 "$IP_B"
    [ "$(no_times <<<"$output")" = "$ours" ]
    [ "$(sed -n 6p <<<"$ours")" = "--- $IP_B ping statistics ---" ]
    [ "$(sed -n 7p <<<"$ours")" = "3 packets transmitted, 3 received, 0% packet loss, time Tms" ]
    # the requests as built: our MACs and EtherType, our id (the sequence
    # number), DF, TTL 64, both checksums good as tshark verifies them
    run tshark_fields "$CAP" "icmp.type == 8" eth.src eth.dst eth.type ip.id \
        ip.flags.df ip.ttl ip.checksum.status icmp.checksum.status icmp.seq frame.len
    [ "$output" = "$(for s in 1 2 3; do printf '%s\t%s\t0x0800\t0x000%d\t1\t64\t1\t1\t%d\t98\n' \
        "$MAC_A" "$MAC_B" "$s" "$s"; done)" ]
}

@test "05-eth-ping -n: the 98 bytes of the frame the test builds, printed as nobody" {
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -0 --separate-stderr nsx a setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/05-eth-ping" -n -i veth0 -m "$MAC_B" "$IP_B"
    got=$output
    # what the program chose: the ICMP id (bytes 39-40), the send time (43-50)
    id=$(bytes_at "$got" 39 2) stamp=$(bytes_at "$got" 43 8)
    secs=$(( 16#$(tr -d ' ' <<<"${stamp:0:11}") ))
    [ $(( $(date +%s) - secs )) -ge -5 ]
    [ $(( $(date +%s) - secs )) -le 5 ]
    # the rest computed here, checksums by inet_csum
    mac() { tr 'a-f:' 'A-F ' <<<"$1"; }
    data="$stamp $(printf '%02X ' $(seq 8 55))"
    icmp="08 00 00 00 $id 00 01 ${data% }"
    icmp="08 00 $(inet_csum $icmp) ${icmp:12}"
    ip="45 00 00 54 00 01 40 00 40 01 00 00 C0 00 02 01 C0 00 02 02"
    ip="${ip:0:30}$(inet_csum $ip)${ip:35}"
    [ "$got" = "$(mac "$MAC_B") $(mac "$MAC_A") 08 00 $ip $icmp" ]
    # without -n, as nobody: EPERM and the hint
    run -2 --separate-stderr nsx a setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/05-eth-ping" -c 1 -i veth0 -m "$MAC_B" "$IP_B"
    rm -rf "$dir"
    [ "${stderr_lines[0]}" = "05-eth-ping: socket(AF_PACKET, SOCK_RAW, 0): Operation not permitted (EPERM)" ]
    [[ ${stderr_lines[1]} == *CAP_NET_RAW* ]]
}

# reply_frame ID SEQ IPBAD ICMPBAD DATA...: an echo reply from b to a (to
# the MAC in DST, hex without colons, when set), hex,
# padded to 60 bytes with AA (not zeros: padding summed in would show);
# each checksum computed here, and spoilt (+1) on request
reply_frame() {
    local id=$1 seq=$2 ipbad=$3 icmpbad=$4 icmp ip ic hc
    shift 4
    icmp="00 00 00 00 $(printf '%02X %02X %02X %02X' $((id >> 8)) $((id & 255)) \
        $((seq >> 8)) $((seq & 255))) $*"
    ic=$(inet_csum $icmp | tr -d ' ')
    if [ "$icmpbad" = 1 ]; then ic=$(printf '%04X' $(( (16#$ic + 1) & 0xffff ))); fi
    icmp="00 00 ${ic:0:2} ${ic:2:2} ${icmp:12}"
    ip="45 00 00 $(printf '%02X' $((20 + 8 + $#))) 00 07 00 00 40 01 00 00 C0 00 02 02 C0 00 02 01"
    hc=$(inet_csum $ip | tr -d ' ')
    if [ "$ipbad" = 1 ]; then hc=$(printf '%04X' $(( (16#$hc + 1) & 0xffff ))); fi
    ip="${ip:0:30}${hc:0:2} ${hc:2:2}${ip:35}"
    printf '%s%s0800%s%s' "${DST:-${MAC_A//:/}}" "${MAC_B//:/}" "${ip// /}" "${icmp// /}"
    printf 'AA%.0s' $(seq $((60 - 14 - 20 - 8 - $#)))
}

@test "05-eth-ping: forged replies with a bad ICMP or IPv4 checksum, another id, seq or MAC, are not counted" {
    # requests to a MAC nobody has: b's kernel never sees them, so the only
    # replies are those b forges with a packet socket
    echos=$(nstat_get b IcmpInEchos)
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -m $NOBODY_MAC -c 1 -t 10 "$IP_B" \
        >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    id=$((pid & 0xffff))
    wait_for_line "$OUT" '^PING'
    # five wrong replies of 6 data bytes, then a right one of 4; the second
    # is right but for another MAC (veth hands it up as otherhost)
    send_frames b 1 "$(reply_frame $id 1 0 1 61 62 63 64 65 66)" \
        "$(DST=020000000001 reply_frame $id 1 0 0 61 62 63 64 65 66)" \
        "$(reply_frame $id 1 1 0 61 62 63 64 65 66)" \
        "$(reply_frame $(( (id + 1) & 0xffff )) 1 0 0 61 62 63 64 65 66)" \
        "$(reply_frame $id 2 0 0 61 62 63 64 65 66)" \
        "$(reply_frame $id 1 0 0 61 62 63 64)"
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(nstat_get b IcmpInEchos)" -eq "$echos" ]
    # the bad ICMP checksum printed and marked as ping does, not counted;
    # the bad IPv4 header, which a kernel drops unseen, reported on stderr
    [ "$(no_times <"$OUT")" = "PING $IP_B ($IP_B) 56(84) bytes of data.
14 bytes from $IP_B: icmp_seq=1 ttl=64 (BAD CHECKSUM!)
12 bytes from $IP_B: icmp_seq=1 ttl=64

--- $IP_B ping statistics ---
1 packets transmitted, 1 received, +1 corrupted, 0% packet loss, time Tms" ]
    [ "$(cat "$ERR")" = "05-eth-ping: ignored a packet from $IP_B: bad IPv4 header checksum" ]
}

@test "05-eth-ping: to a MAC nobody has, b never sees a request; exit 1 after COUNT waits" {
    echos=$(nstat_get b IcmpInEchos)
    start=$(date +%s%N)
    run -1 --separate-stderr nsx a "$PROG" -i veth0 -m $NOBODY_MAC -c 2 -t 0.5 "$IP_B"
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$ms" -ge 1400 ]
    [ "$ms" -lt 4000 ]
    [ "$(nstat_get b IcmpInEchos)" -eq "$echos" ]
    [ "$(no_times <<<"$output")" = "PING $IP_B ($IP_B) 56(84) bytes of data.

--- $IP_B ping statistics ---
2 packets transmitted, 0 received, 100% packet loss, time Tms" ]
}

@test "05-eth-ping: Ctrl-C ends it at once with ping's summary" {
    $AS_ROOT ip netns exec "$NS_A" "$PROG" -i veth0 -m "$MAC_B" -c 100 "$IP_B" \
        >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$OUT" 'icmp_seq=1 '
    $AS_ROOT kill -INT "$pid"
    reap "$pid" 2
    [ "$status" -eq 0 ]
    grep -qE '^([12]) packets transmitted, \1 received, 0% packet loss' "$OUT"
    grep -q '^rtt min/avg/max/mdev = ' "$OUT"
}

@test "05-eth-ping: --help exits 0; no -m, a bad MAC, no interface or no IP exit 2" {
    run -0 "$PROG" --help
    [[ $output == usage:* ]]
    run -2 --separate-stderr nsx a "$PROG" -i veth0 "$IP_B"
    [ "$stderr" = "05-eth-ping: missing option -m; usage: 05-eth-ping -i IFACE -m MAC [-c COUNT] [-t SECONDS] [-n] IP" ]
    run -2 --separate-stderr nsx a "$PROG" -i veth0 -m 02:00:zz:00:00:01 "$IP_B"
    [[ $stderr == "05-eth-ping: bad MAC address '02:00:zz:00:00:01'"* ]]
    run -2 --separate-stderr nsx a "$PROG" -m "$MAC_B" "$IP_B"
    run -2 --separate-stderr nsx a "$PROG" -i veth0 -m "$MAC_B"
    run -2 --separate-stderr nsx a "$PROG" -i veth0 -m "$MAC_B" -t 0 "$IP_B"
}
