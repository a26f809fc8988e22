#!/usr/bin/env bats
# part3-physical/06-own-ethertype: messages over EtherType 0x88B5 across a
# veth pair; tshark decodes the capture; the MTU limit asked of the
# interface; -n bytes against a frame built here; forged frames with a
# wrong length field or escape sequences.

setup() {
    load helpers/common
    load helpers/netns
    require_root
    require_cmd tcpdump tshark perl setpriv
    PROG=$P3/06-own-ethertype
    OUT=$BATS_TEST_TMPDIR/out ERR=$BATS_TEST_TMPDIR/err
    CAP=$BATS_TEST_TMPDIR/cap.pcap
}

teardown() { ns_cleanup; }
teardown_file() { load helpers/common; load helpers/netns; ns_cleanup_all; }

# listen HOST NAME [ARGS...]: the listener on veth0 of HOST, output in
# $OUT.NAME, pid in pid_NAME, once it is listening
listen() {
    local host=$1 name=$2
    shift 2
    $AS_ROOT ip netns exec "$(ns_name "$host")" "$PROG" listen -i veth0 "$@" \
        >"$OUT.$name" 2>"$ERR.$name" 3>&- &
    printf -v "pid_$name" %s $!
    wait_for_line "$ERR.$name" 'listening on veth0, EtherType 0x88b5'
}

mac() { nsx "$1" cat /sys/class/net/veth0/address; }

# hex STRING: its bytes as "% X"
hex() { printf '%s' "$1" | od -An -v -tx1 | tr -s ' \n' '  ' | sed 's/^ //; s/ $//' | tr a-f A-F; }

@test "06-own-ethertype: the message crosses; tshark sees eth.type 0x88b5, 60 bytes, length and message; the sender's own listener hears nothing" {
    ns_pair
    A=$(mac a) B=$(mac b)
    capture_start b "$CAP"
    listen b b -c 1 -t 10
    # on the sender: outgoing frames reach only ETH_P_ALL sockets, not
    # one bound to 0x88B5
    listen a a -t 1.5
    run nsx a "$PROG" send -i veth0 "$B" 'hello, world'
    [ "$status" -eq 0 ]
    [ "$output" = "sent 60 bytes to $B on veth0: hello, world" ]
    reap "$pid_b" 5
    [ "$status" -eq 0 ]
    [ "$(cat "$OUT.b")" = "$A: hello, world" ]
    capture_stop
    reap "$pid_a" 5
    [ "$status" -eq 1 ]                 # nothing came
    [ "$(wc -l <"$OUT.a")" -eq 0 ]
    # tshark's decode: one frame, our EtherType, from A to B, padded to 60;
    # its data: the length (00 0C = 12), the message, then zeros
    run tshark_fields "$CAP" 'eth.type == 0x88b5' eth.src eth.dst eth.type frame.len data.data
    [ "$status" -eq 0 ]
    want="000c$(hex 'hello, world' | tr -d ' ' | tr A-F a-f)$(printf '0%.0s' {1..64})"
    [ "$output" = "$(printf '%s\t%s\t0x88b5\t60\t%s' "$A" "$B" "$want")" ]
}

@test "06-own-ethertype: MTU - 2 bytes cross in one frame of MTU + 14; one more is refused with exit 2, as the interface's MTU says" {
    ns_pair
    B=$(mac b)
    capture_start b "$CAP"
    listen b big -c 1 -t 10
    msg=$(head -c 1498 /dev/zero | tr '\0' x)
    run nsx a "$PROG" send -i veth0 "$B" "$msg"
    [ "$status" -eq 0 ]
    reap "$pid_big" 5
    [ "$status" -eq 0 ]
    [ "$(cut -d' ' -f2 "$OUT.big")" = "$msg" ]
    capture_stop
    [ "$(tshark_fields "$CAP" 'eth.type == 0x88b5' frame.len)" = 1514 ]
    # one byte more: refused before anything is sent, -n too
    run --separate-stderr nsx a "$PROG" send -i veth0 "$B" "${msg}x"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"message too long: 1499 bytes, at most 1498 on veth0 (MTU 1500"* ]]
    [ "$output" = "" ]
    run nsx a "$PROG" send -n -i veth0 "$B" "${msg}x"
    [ "$status" -eq 2 ]
    # the MTU is the interface's, not a constant 1500
    nsx a ip link set veth0 mtu 200
    run nsx a "$PROG" send -n -i veth0 "$B" "$(head -c 198 /dev/zero | tr '\0' x)"
    [ "$status" -eq 0 ]
    run --separate-stderr nsx a "$PROG" send -n -i veth0 "$B" "$(head -c 199 /dev/zero | tr '\0' x)"
    [ "$status" -eq 2 ]
    [[ "$stderr" == *"at most 198 on veth0 (MTU 200"* ]]
}

@test "06-own-ethertype send -n: the frame built here, byte for byte, padded to 60 or not; needs no privilege" {
    ns_pair
    A=$(mac a)
    src=$(echo "$A" | tr a-f: A-F' ')
    run --separate-stderr nsx a setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$PROG" send -n -i veth0 02:00:00:00:00:99 'hi'
    [ "$status" -eq 0 ]
    # destination, source, 88 B5, length 2 in network order, "hi", 42 zeros
    want="02 00 00 00 00 99 $src 88 B5 00 02 68 69$(printf ' 00%.0s' {1..42})"
    [ "$output" = "$want" ]
    # 300 bytes: no padding, the length 0x012C high byte first
    msg=$(head -c 300 /dev/zero | tr '\0' y)
    run --separate-stderr nsx a setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$PROG" send -n -i veth0 02-00-00-00-00-99 "$msg"
    [ "$status" -eq 0 ]
    [ "$output" = "02 00 00 00 00 99 $src 88 B5 01 2C $(hex "$msg")" ]
    # without -n, as nobody: no packet socket, the hint
    run nsx a setpriv --reuid=nobody --regid=nogroup --clear-groups \
        "$PROG" send -i veth0 02:00:00:00:00:99 'hi'
    [ "$status" -eq 2 ]
    [[ "$output" == *"(EPERM)"* ]]
    [[ "$output" == *"CAP_NET_RAW"* ]]
}

@test "06-own-ethertype listen: a wrong length field and a runt are reported and skipped; escape sequences are shown, not obeyed" {
    ns_pair
    A=$(mac a) B=$(mac b)
    hdr="${B//:/}${A//:/}88b5"
    listen b forged -c 2 -t 10
    send_frames a 1 "${hdr}0100616263$(printf '00%.0s' {1..41})"  # says 256, 44 follow
    send_frames a 1 "${hdr}ff"                                    # 15 bytes: no length
    send_frames a 1 "${hdr}0006411b5b324a5c$(printf '00%.0s' {1..38})"   # A ESC [2J \ (6)
    send_frames a 1 "${hdr}0002$(printf '00%.0s' {1..44})"        # 2 NULs, then padding
    reap "$pid_forged" 5
    [ "$status" -eq 0 ]
    cat "$ERR.forged"
    grep -qx "06-own-ethertype: ignored a frame from $A: its length field says 256 bytes, 44 follow" "$ERR.forged"
    grep -qx "06-own-ethertype: ignored a frame of 15 bytes: too short for a message" "$ERR.forged"
    [ "$(sed -n 1p "$OUT.forged")" = "$A: A\\x1b[2J\\x5c" ]
    [ "$(sed -n 2p "$OUT.forged")" = "$A: \\x00\\x00" ]
    [ "$(wc -l <"$OUT.forged")" -eq 2 ]
}

@test "06-own-ethertype listen -t with nothing: exit 1 in time" {
    ns_pair
    start=$(date +%s%N)
    run --separate-stderr nsx a "$PROG" listen -i veth0 -t 1
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    [ "$status" -eq 1 ]
    [ "$output" = "" ]
    [ "$ms" -lt 4000 ]
}

@test "06-own-ethertype: --help exits 0; bad usage, a bad MAC and an unknown interface exit 2" {
    run "$PROG" --help
    [ "$status" -eq 0 ]
    [[ "$output" == usage:* ]]
    run "$PROG"
    [ "$status" -eq 2 ]
    run "$PROG" listen
    [ "$status" -eq 2 ]
    run "$PROG" send -i lo 02:00:00:00:00:01
    [ "$status" -eq 2 ]
    run "$PROG" send -i lo -t 1 02:00:00:00:00:01 hi
    [ "$status" -eq 2 ]
    run "$PROG" listen -n -i lo
    [ "$status" -eq 2 ]
    run "$PROG" send -n -i lo 02:00:00:00:01 hi
    [ "$status" -eq 2 ]
    [[ "$output" == *"bad MAC address"* ]]
    run "$PROG" send -n -i nosuch0 02:00:00:00:00:01 hi
    [ "$status" -eq 2 ]
}
