#!/usr/bin/env bats
# part1-ip-layer/02-recv-explained: every line is rebuilt here, field by
# field, from tshark's decode of a capture of the same packets (ping, a TCP
# connection to an open and to a closed port, a UDP datagram, ICMP errors);
# malformed packets sent with perl's raw sockets are reported, never a crash.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark ping nc perl
    PROG=$P1/02-recv-explained
    ns_pair
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# send_raw HOST DST PROTO PERL-STRING: one packet from HOST's raw socket.
send_raw() {
    nsx "$1" perl -MSocket -e 'socket(my $s, PF_INET, SOCK_RAW, $ARGV[1]) or die "socket: $!";
        send($s, eval $ARGV[2], 0, pack_sockaddr_in(0, inet_aton($ARGV[0]))) or die "send: $!"' \
        "$2" "$3" "$4"
}

# The TCP flags byte in tcpdump's letters, from tshark's hex value.
flags_of() {
    local v=$(( $1 )) s="" i
    local -a bit=(1 2 4 8 16 32 64 128) ch=(F S R P . U E W)
    for i in "${!bit[@]}"; do if (( v & bit[i] )); then s+=${ch[i]}; fi; done
    echo "${s:-none}"
}

# tshark's fields are tab-separated; empty ones matter, so the tests turn the
# tabs into '|' (read with IFS=tab would merge neighbouring empty fields).

# first VALUE-LIST: the first of tshark's comma-separated values.
first() { echo "${1%%,*}"; }

# tcp_equal_tshark FILTER: each line in got[] is the line tcpdump -n -S
# would print, rebuilt from tshark's decode of the packets FILTER picks.
tcp_equal_tshark() {
    local dec i src sport dst dport fl seq ack win len kinds mss ws tsv tse f want opts k
    mapfile -t dec < <(tshark_fields "$CAP" "$1" ip.src tcp.srcport ip.dst \
        tcp.dstport tcp.flags tcp.seq_raw tcp.ack_raw tcp.window_size_value tcp.len \
        tcp.option_kind tcp.options.mss_val tcp.options.wscale.shift \
        tcp.options.timestamp.tsval tcp.options.timestamp.tsecr | tr '\t' '|')
    [ "${#got[@]}" -eq "${#dec[@]}" ] || return 1
    for i in "${!dec[@]}"; do
        IFS='|' read -r src sport dst dport fl seq ack win len kinds mss ws tsv tse <<<"${dec[i]}"
        f=$(flags_of "$fl")
        want="IP $src.$sport > $dst.$dport: Flags [$f]"
        if (( len )); then want+=", seq $seq:$((seq + len))"
        elif (( fl & 7 )); then want+=", seq $seq"; fi
        if (( fl & 16 )); then want+=", ack $ack"; fi
        want+=", win $win"
        if [ -n "$kinds" ]; then
            opts=()
            for k in ${kinds//,/ }; do
                case $k in
                0) opts+=(eol) ;; 1) opts+=(nop) ;; 2) opts+=("mss $mss") ;;
                3) opts+=("wscale $ws") ;; 4) opts+=(sackOK) ;;
                8) opts+=("TS val $tsv ecr $tse") ;; *) opts+=("?$k") ;;
                esac
            done
            want+=", options [$(IFS=,; echo "${opts[*]}")]"
        fi
        want+=", length $len"
        echo "got:  ${got[i]}"; echo "want: $want"
        [ "${got[i]}" = "$want" ] || return 1
    done
}

@test "02-recv-explained: ICMP request, reply and port unreachable equal tshark's decode" {
    capture_start b "$CAP" icmp
    nsx b "$PROG" -c 3 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx a ping -c 1 -W 2 "$IP_B" >/dev/null           # b sees the request
    nsx b ping -c 1 -W 2 "$IP_A" >/dev/null           # b sees the reply
    echo -n hello | nsx b nc -u -w 1 "$IP_A" 9 || true # b sees port 9 unreachable
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    mapfile -t got <"$OUT"
    mapfile -t dec < <(tshark_fields "$CAP" "ip.dst == $IP_B" ip.src ip.dst ip.len \
        ip.hdr_len icmp.type icmp.code icmp.ident icmp.seq udp.dstport | tr '\t' '|')
    [ "${#got[@]}" -eq 3 ]
    [ "${#dec[@]}" -eq 3 ]
    for i in 0 1 2; do
        IFS='|' read -r src dst len hl type code id seq dport <<<"${dec[i]}"
        n=$(( $(first "$len") - $(first "$hl") ))
        case $type/$code in
        8/0) what="echo request, id $id, seq $seq" ;;
        0/0) what="echo reply, id $id, seq $seq" ;;
        3/3) what="${dst#*,} udp port $dport unreachable" ;;   # the quoted datagram's
        *) false ;;
        esac
        want="IP $(first "$src") > $(first "$dst"): ICMP $what, length $n"
        echo "got:  ${got[i]}"; echo "want: $want"
        [ "${got[i]}" = "$want" ]
    done
    [[ ${got[0]} == *"echo request"* && ${got[1]} == *"echo reply"* ]]
    [[ ${got[2]} == "IP $IP_A > $IP_B: ICMP $IP_A udp port 9 unreachable, length 41" ]]
}

@test "02-recv-explained -p tcp: SYN-ACK, FIN and RST equal tshark's decode, options too" {
    capture_start b "$CAP" tcp
    listen_on a 8080
    nsx b "$PROG" -p tcp -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b nc -z -w 2 "$IP_A" 8080       # open: b sees [S.] ...
    nsx b nc -z -w 2 "$IP_A" 8081 || true   # closed: b sees [R.]
    capture_stop
    $AS_ROOT kill "$pid"; reap "$pid" 5 || true
    $AS_ROOT kill "$NC_PID" 2>/dev/null || true
    mapfile -t got <"$OUT"
    [ "${#got[@]}" -ge 2 ]
    tcp_equal_tshark "ip.dst == $IP_B"
    [[ ${got[0]} == "IP $IP_A.8080 > $IP_B."*": Flags [S.], seq "*", options [mss 1460,"* ]]
    [[ ${got[-1]} == "IP $IP_A.8081 > $IP_B."*": Flags [R.], seq 0, ack "*", win 0, length 0" ]]
}

@test "02-recv-explained -p tcp on the listening side: SYN without ack, data as seq A:B, bare ACK without seq" {
    capture_start a "$CAP" tcp
    listen_on a 8080
    nsx a "$PROG" -p tcp -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    printf 'hello' | nsx b nc -N -w 2 "$IP_A" 8080 || true
    capture_stop
    $AS_ROOT kill "$pid"; reap "$pid" 5 || true
    $AS_ROOT kill "$NC_PID" 2>/dev/null || true
    mapfile -t got <"$OUT"
    tcp_equal_tshark "ip.dst == $IP_A"
    [[ ${got[0]} == "IP $IP_B."*" > $IP_A.8080: Flags [S], seq "*", win "* ]]
    [[ ${got[0]} != *", ack "* ]]
    [[ ${got[1]} =~ ^"IP $IP_B."[0-9]+" > $IP_A.8080: Flags [.], ack "[0-9]+", win " ]]
    printf '%s\n' "${got[@]}" | grep -qE "Flags \[P\.\], seq ([0-9]+):[0-9]+, ack .*, length 5$"
}

@test "02-recv-explained -p udp: ports and length equal tshark's decode (odd length)" {
    capture_start a "$CAP" udp
    nsx a "$PROG" -p udp -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    echo -n 'hello, raw' | nsx b nc -u -w 1 -p 40000 "$IP_A" 9 || true
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    IFS=$'\t' read -r src sport dst dport ulen < <(tshark_fields "$CAP" 'udp' \
        ip.src udp.srcport ip.dst udp.dstport udp.length)
    [ "$(cat "$OUT")" = "IP $src.$sport > $dst.$dport: UDP, length $((ulen - 8))" ]
    [ "$(cat "$OUT")" = "IP $IP_B.40000 > $IP_A.9: UDP, length 10" ]
}

@test "02-recv-explained: protocol 253 unreachable, named as tcpdump names it" {
    nsx b "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    send_raw b "$IP_A" 253 '"x" x 20'
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(cat "$OUT")" = "IP $IP_A > $IP_B: ICMP $IP_A protocol 253 unreachable, length 48" ]
}

@test "02-recv-explained: malformed ICMP, TCP and UDP are reported; the next packet still prints" {
    nsx a "$PROG" -c 2 -t 10 >"$OUT.icmp" 2>"$ERR.icmp" 3>&- &
    p1=$!
    nsx a "$PROG" -p tcp -c 1 -t 10 >"$OUT.tcp" 2>"$ERR.tcp" 3>&- &
    p2=$!
    nsx a "$PROG" -p udp -c 1 -t 10 >"$OUT.udp" 2>"$ERR.udp" 3>&- &
    p3=$!
    for f in icmp tcp udp; do wait_for_line "$ERR.$f" 'listening on'; done
    # a port unreachable that quotes nothing; then a good echo request
    send_raw b "$IP_A" 1 '"\x03\x03\x00\x00\x00\x00\x00\x00"'
    send_raw b "$IP_A" 1 '"\x08\x00\xf7\xfe\x00\x01\x00\x00"'
    # a TCP header whose data offset says 60 bytes, in 20
    send_raw b "$IP_A" 6 '"\x9c\x40\x00\x50" . "\x00" x 8 . "\xf0\x02" . "\x00" x 6'
    # a UDP header whose length says 200, in 8
    send_raw b "$IP_A" 17 '"\x9c\x40\x00\x09\x00\xc8\x00\x00"'
    for p in $p1 $p2 $p3; do reap "$p" 10; [ "$status" -eq 0 ]; done
    [ "$(sed -n 1p "$OUT.icmp")" = "IP $IP_B > $IP_A: ICMP [|icmp]" ]
    [ "$(sed -n 2p "$OUT.icmp")" = "IP $IP_B > $IP_A: ICMP echo request, id 1, seq 0, length 8" ]
    [ "$(cat "$OUT.tcp")" = "IP $IP_B.40000 > $IP_A.80: [bad hdr length 60 - too long, > 20]" ]
    [ "$(cat "$OUT.udp")" = "IP $IP_B.40000 > $IP_A.9: UDP, bad length 200 > 8" ]
}

@test "02-recv-explained: a port unreachable quoting a header with options: the port is read after IHL*4 bytes" {
    nsx a "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    # quoted: IHL 6 (24 bytes: 4 bytes of NOP options), UDP, to 198.51.100.7;
    # then UDP source 40000, destination port 4660 (12 34), length 8
    send_raw b "$IP_A" 1 '"\x03\x03\x00\x00\x00\x00\x00\x00" .
        "\x46\x00\x00\x20\x00\x00\x00\x00\x40\x11\x00\x00\xc0\x00\x02\x01\xc6\x33\x64\x07" .
        "\x01\x01\x01\x01" . "\x9c\x40\x12\x34\x00\x08\x00\x00"'
    reap "$pid" 10
    [ "$status" -eq 0 ]
    [ "$(cat "$OUT")" = "IP $IP_B > $IP_A: ICMP 198.51.100.7 udp port 4660 unreachable, length 40" ]
}

@test "02-recv-explained -p tcp: options tcpdump lists its own way (sack blocks, eol then padding, unknown kinds) equal tcpdump -n -S -r" {
    capture_start a "$CAP" tcp
    nsx a "$PROG" -p tcp -c 3 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    # ports 40000 -> 81, seq 7, ack 9, then data offset, flags ACK, window 512
    hdr='"\x9c\x40\x00\x51\x00\x00\x00\x07\x00\x00\x00\x09"'
    send_raw b "$IP_A" 6 "$hdr"' . "\xa0\x10\x02\x00\x00\x00\x00\x00" .
        "\x01\x01\x05\x12" . "\x00\x00\x00\x01\x00\x00\x00\x05\x00\x00\x00\x07\x00\x00\x00\x09"'
    send_raw b "$IP_A" 6 "$hdr"' . "\x70\x10\x02\x00\x00\x00\x00\x00" . "\x02\x04\x05\xb4\x00\x01\x01\x01"'
    send_raw b "$IP_A" 6 "$hdr"' . "\x70\x10\x02\x00\x00\x00\x00\x00" . "\x63\x04\x01\x02\x01\x01\x01\x01"'
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    tcpdump -n -S -t -r "$CAP" 2>/dev/null >"$OUT.tcpdump"
    echo "ours:"; cat "$OUT"; echo "tcpdump:"; cat "$OUT.tcpdump"
    [ "$(cat "$OUT")" = "$(cat "$OUT.tcpdump")" ]
    [ "$(wc -l <"$OUT")" -eq 3 ]
}

@test "02-recv-explained: ICMP codes tcpdump words its own way (unreachable #17, redirect #4) equal tcpdump -n -r" {
    capture_start a "$CAP" icmp
    nsx a "$PROG" -c 2 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    # each quotes a UDP datagram 192.0.2.1 -> 198.51.100.7 (header and 8 bytes)
    quote='"\x45\x00\x00\x1c\x00\x00\x00\x00\x40\x11\x00\x00\xc0\x00\x02\x01\xc6\x33\x64\x07" .
        "\x9c\x40\x00\x09\x00\x08\x00\x00"'
    send_raw b "$IP_A" 1 '"\x03\x11\x00\x00\x00\x00\x00\x00" . '"$quote"
    send_raw b "$IP_A" 1 '"\x05\x04\x00\x00\xc0\x00\x02\xfe" . '"$quote"
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    tcpdump -n -t -r "$CAP" 2>/dev/null >"$OUT.tcpdump"
    echo "ours:"; cat "$OUT"; echo "tcpdump:"; cat "$OUT.tcpdump"
    [ "$(cat "$OUT")" = "$(cat "$OUT.tcpdump")" ]
    [ "$(wc -l <"$OUT")" -eq 2 ]
}

@test "02-recv-explained: a ping with IP options (ping -R, IHL 15) is read after IHL*4 bytes, as tshark reads it" {
    capture_start a "$CAP" icmp
    nsx a "$PROG" -c 1 -t 10 >"$OUT" 2>"$ERR" 3>&- &
    pid=$!
    wait_for_line "$ERR" 'listening on'
    nsx b ping -R -c 1 -W 2 "$IP_A" >/dev/null
    reap "$pid" 10
    [ "$status" -eq 0 ]
    capture_stop
    IFS=$'\t' read -r hl id seq < <(tshark_fields "$CAP" 'icmp.type == 8' ip.hdr_len icmp.ident icmp.seq)
    [ "$hl" -eq 60 ]
    [ "$(cat "$OUT")" = "IP $IP_B > $IP_A: ICMP echo request, id $id, seq $seq, length 64" ]
}

@test "02-recv-explained -t 1: no traffic, exit 1; bad -p: exit 2" {
    run -1 --separate-stderr nsx a "$PROG" -t 1
    [ -z "$output" ]
    run -2 --separate-stderr "$PROG" -p nosuchproto
    [ "$stderr" = "02-recv-explained: bad protocol 'nosuchproto': not a number and not in /etc/protocols" ]
}
