#!/usr/bin/env bats
# part1-ip-layer/04-tcp-syn: a SYN built by hand, judged by the peer's
# kernel (it answers SYN-ACK or RST only to a good checksum; TcpInCsumErrors)
# and by tshark; -n bytes against a SYN computed here from RFC 793.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark nc nstat ss perl
    PROG=$P1/04-tcp-syn
    OUT=$BATS_TEST_TMPDIR/out CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

@test "04-tcp-syn: nc -l on the peer -> open (SYN-ACK); tshark: checksum good; our kernel sends RST" {
    ns_pair
    listen_on a 8080
    err0=$(nstat_get a TcpInCsumErrors)
    capture_start b "$CAP" tcp
    run -0 --separate-stderr nsx b "$PROG" -s 40001 "$IP_A" 8080
    capture_stop
    [ "${lines[-1]}" = "8080 open (SYN-ACK)" ]
    [[ ${lines[0]} == "IP $IP_A.8080 > $IP_B.40001: Flags [S.], seq "* ]]
    [ "$(nstat_get a TcpInCsumErrors)" -eq "$err0" ]
    # our SYN on the wire: SYN only, window 64240, MSS 1460, checksum good
    run tshark_fields "$CAP" "ip.src == $IP_B && tcp.flags == 0x002" \
        tcp.srcport tcp.dstport tcp.window_size_value tcp.options.mss_val tcp.checksum.status
    [ "$output" = "$(printf '40001\t8080\t64240\t1460\t1')" ]
    # ... and then our own kernel's reset: it never knew the connection
    run tshark_fields "$CAP" "ip.src == $IP_B && tcp.flags.reset == 1" tcp.srcport
    [ "$output" = 40001 ]
    $AS_ROOT kill "$NC_PID" 2>/dev/null || true
}

@test "04-tcp-syn: a closed port -> closed (RST), exit 0" {
    ns_pair
    err0=$(nstat_get a TcpInCsumErrors)
    run -0 --separate-stderr nsx b "$PROG" "$IP_A" 8081
    [ "${lines[-1]}" = "8081 closed (RST)" ]
    [[ ${lines[0]} == "IP $IP_A.8081 > $IP_B."*": Flags [R.], seq 0, ack "*", win 0, length 0" ]]
    [ "$(nstat_get a TcpInCsumErrors)" -eq "$err0" ]
}

@test "04-tcp-syn: an address nobody holds -> no answer, exit 1 within -t" {
    ns_pair
    start=$(date +%s%N)
    run -1 --separate-stderr nsx b "$PROG" -t 1 192.0.2.99 80
    elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$elapsed" -ge 900 ]
    [ "$elapsed" -lt 2500 ]
    [ "$output" = "80: no answer" ]
}

# fake_rsts HOST SRC DST SPORT:DPORT:ACK...: from HOST, with a source address
# it does not hold (IP_HDRINCL), TCP RST+ACK segments (checksum good) from
# SRC:SPORT to DST:DPORT acknowledging ACK, every 0.1 s for 1.2 s (perl).
# SPORT:DPORT:ACK:bad sends that segment with its checksum off by one.
fake_rsts() {
    local host=$1
    shift
    nsx "$host" perl -MSocket -e '
        socket(my $s, PF_INET, SOCK_RAW, 255) or die "socket: $!";
        my ($src, $dst, @segs) = @ARGV;
        my ($s4, $d4) = (inet_aton($src), inet_aton($dst));
        for (1 .. 12) {
            for (@segs) {
                my ($sp, $dp, $ack, $bad) = split /:/;
                my $t = pack("nnNNCCnnn", $sp, $dp, 0, $ack, 0x50, 0x14, 0, 0, 0);
                my $sum = 0; $sum += $_ for unpack("n*", $s4 . $d4 . pack("nn", 6, 20) . $t);
                $sum = ($sum >> 16) + ($sum & 0xffff) while $sum >> 16;
                substr($t, 16, 2) = pack("n", (~$sum + ($bad ? 1 : 0)) & 0xffff);
                my $ip = pack("CCnnnCCn", 0x45, 0, 40, 0, 0, 64, 6, 0) . $s4 . $d4;
                send($s, $ip . $t, 0, pack_sockaddr_in(0, $d4)) or die "send: $!";
            }
            select(undef, undef, undef, 0.1);
        }' "$@"
}

@test "04-tcp-syn: an RST to another port or with another ack is not the answer; the right one is" {
    ns_pair
    # 192.0.2.99 answers nothing (nobody holds it); a fakes its answers
    nsx b "$PROG" -s 40001 -q 1000 -t 1 192.0.2.99 80 >"$OUT" 2>/dev/null 3>&- &
    pid=$!
    fake_rsts a 192.0.2.99 "$IP_B" 80:40002:1001 80:40001:1000 81:40001:1001
    reap "$pid" 5
    [ "$status" -eq 1 ]
    [ "$(cat "$OUT")" = "80: no answer" ]
    # the control: the same, and the one that acknowledges our SYN (1000 + 1)
    nsx b "$PROG" -s 40001 -q 1000 -t 1 192.0.2.99 80 >"$OUT" 2>/dev/null 3>&- &
    pid=$!
    fake_rsts a 192.0.2.99 "$IP_B" 80:40002:1001 80:40001:1000 81:40001:1001 80:40001:1001
    reap "$pid" 5
    [ "$status" -eq 0 ]
    [ "$(sed -n 1p "$OUT")" = "IP 192.0.2.99.80 > $IP_B.40001: Flags [R.], seq 0, ack 1001, win 0, length 0" ]
    [ "$(sed -n 2p "$OUT")" = "80 closed (RST)" ]
}

@test "04-tcp-syn: the witness TcpInCsumErrors moves: 12 segments with a bad checksum count 12" {
    # the tests above judge our checksums by this counter staying put: it
    # must be able to move. rx checksum offload is off on the veth (ns_link)
    ns_pair
    err0=$(nstat_get a TcpInCsumErrors)
    fake_rsts b "$IP_B" "$IP_A" 80:40001:1:bad
    [ "$(nstat_get a TcpInCsumErrors)" -eq $((err0 + 12)) ]
    # and the same segments with a good checksum count none
    err0=$(nstat_get a TcpInCsumErrors) in0=$(nstat_get a TcpInSegs)
    fake_rsts b "$IP_B" "$IP_A" 80:40001:1
    [ "$(nstat_get a TcpInCsumErrors)" -eq "$err0" ]
    [ "$(nstat_get a TcpInSegs)" -ge $((in0 + 12)) ]
}

@test "04-tcp-syn -n: bytes equal a SYN computed here (pseudo-header checksum)" {
    run -0 --separate-stderr "$PROG" -n -s 40000 -q 305419896 127.0.0.1 80
    # ports 40000 (9C 40), 80 (00 50); seq 0x12345678; ack 0; offset 6, SYN;
    # window 64240 (FA F0); checksum; urgent 0; MSS 1460 (02 04 05 B4)
    seg=(9C 40 00 50 12 34 56 78 00 00 00 00 60 02 FA F0 00 00 00 00 02 04 05 B4)
    pseudo=(7F 00 00 01 7F 00 00 01 00 06 00 18)      # src, dst, 0, 6, length 24
    ck=$(inet_csum "${pseudo[@]}" "${seg[@]}")
    seg[16]=${ck% *} seg[17]=${ck#* }
    [ "$output" = "${seg[*]}" ]
}

@test "04-tcp-syn -n as nobody: no privilege needed; without -n: EPERM and the hint" {
    require_cmd setpriv
    dir=$(mktemp -d)
    chmod 755 "$dir"
    cp "$PROG" "$dir/"
    run -0 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/04-tcp-syn" -n -s 1 -q 1 127.0.0.1 1
    [ "$(bytes_at "$output" 1 14)" = "00 01 00 01 00 00 00 01 00 00 00 00 60 02" ]
    run -2 --separate-stderr $AS_ROOT setpriv --reuid=nobody --regid=nogroup \
        --clear-groups "$dir/04-tcp-syn" 127.0.0.1 1
    rm -rf "$dir"
    [ "${stderr_lines[0]}" = "04-tcp-syn: socket(AF_INET, SOCK_RAW, IPPROTO_TCP): Operation not permitted (EPERM)" ]
    [[ ${stderr_lines[1]} == *"CAP_NET_RAW"* ]]
}

@test "04-tcp-syn: bad usage exits 2 (no port, port 0)" {
    run -2 --separate-stderr "$PROG" 127.0.0.1
    [[ $stderr == "04-tcp-syn: missing PORT; usage: 04-tcp-syn "* ]]
    run -2 --separate-stderr "$PROG" 127.0.0.1 0
    [ "$stderr" = "04-tcp-syn: bad port '0': expected a whole number from 1 to 65535" ]
}
