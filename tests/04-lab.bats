#!/usr/bin/env bats
# make lab-up / lab-shell / lab-hub / lab-switch / lab-down: the classroom
# network, built once for this file under its own prefix (rawt-<pid>-lab-*),
# so a teacher's running lab (lab-*) is never touched. Witnesses: ping and
# tracepath (iputils) between the hosts, tcpdump -p on a third host, ip
# netns list and ip link.

setup_file() {
    load helpers/common
    export LAB_PREFIX=rawt-${BATS_ROOT_PID}-lab
    [ "$(id -u)" -eq 0 ] || return 0
    "$TOP/tests/lab.sh" up >"$BATS_FILE_TMPDIR/up" 2>&1 || true
}

setup() {
    load helpers/common
    require_root
    require_cmd ping tracepath tcpdump
    NS_PREFIX=$LAB_PREFIX
    load helpers/netns
    lab_vars
    LAB="$AS_ROOT env LAB_PREFIX=$LAB_PREFIX $TOP/tests/lab.sh"
}

teardown_file() {
    load helpers/common
    [ "$(id -u)" -eq 0 ] || return 0
    "$TOP/tests/lab.sh" down >/dev/null 2>&1 || true
}

@test "lab up: the map names every host with its interface, MAC and addresses" {
    cat "$BATS_FILE_TMPDIR/up"
    grep -q '^lab: up$' "$BATS_FILE_TMPDIR/up"
    grep -qE "^  $LAB_PREFIX-a +veth0 +02:00:c0:00:02:01 +192.0.2.1/24 2001:db8:1::1/64" "$BATS_FILE_TMPDIR/up"
    grep -qE "^  $LAB_PREFIX-r +veth1 +02:00:c6:33:64:01 +198.51.100.1/25 2001:db8:2::1/64" "$BATS_FILE_TMPDIR/up"
    grep -qE "^  $LAB_PREFIX-d +veth0 +02:00:c6:33:64:82 +198.51.100.130/25 2001:db8:3::2/64" "$BATS_FILE_TMPDIR/up"
    # the MACs printed are the ones the interfaces have
    [ "$(nsx b cat /sys/class/net/veth0/address)" = 02:00:c0:00:02:02 ]
    grep -q "sudo make lab-shell HOST=a" "$BATS_FILE_TMPDIR/up"
}

@test "lab up again: already up, nothing rebuilt (a host's state survives)" {
    nsx c ip addr add 192.0.2.33/32 dev lo
    run -0 $LAB up
    [ "${lines[0]}" = "lab: already up" ]
    nsx c ip -o addr show dev lo | grep -q 192.0.2.33/32
    nsx c ip addr del 192.0.2.33/32 dev lo
}

@test "lab: every host reaches every other, over IPv4 and IPv6" {
    local from to pids=() d=$BATS_TEST_TMPDIR
    for from in a b c d; do
        for to in $IP_A $IP_B $IP_C $IP_D $IP6_A $IP6_B $IP6_C $IP6_D; do
            $AS_ROOT ip netns exec "$(ns_name $from)" ping -c 1 -W 2 "$to" \
                >"$d/$from-$to" 2>&1 3>&- &
            pids+=($!)
        done
    done
    for p in "${pids[@]}"; do wait "$p" || true; done
    [ "$(ls "$d" | wc -l)" -eq 32 ]
    ! grep -L ' 1 received' "$d"/* | grep .
}

@test "lab: tracepath from a to d shows the hops r, r2, d (IPv4 and IPv6)" {
    run -0 nsx a tracepath -n -m 5 "$IP_D"
    echo "$output"
    hops=$(awk '$1 ~ /^[0-9]+:$/ && $2 !~ /LOCALHOST/ { if (!seen[$1]++) print $1, $2 }' <<<"$output" | paste -sd' ')
    [ "$hops" = "1: $IP_R 2: $IP_R2 3: $IP_D" ]
    run -0 nsx a tracepath -6 -n -m 5 "$IP6_D"
    echo "$output"
    hops=$(awk '$1 ~ /^[0-9]+:$/ && $2 !~ /LOCALHOST/ { if (!seen[$1]++) print $1, $2 }' <<<"$output" | paste -sd' ')
    [ "$hops" = "1: $IP6_R 2: 2001:db8:2::2 3: $IP6_D" ]
}

# seen_by_c: how many ICMP packets between a and b c's tcpdump -p (no
# promiscuous mode) sees while a pings b three times. Then a pings c: once
# c has seen that, it has seen all that came before it on its port.
seen_by_c() {
    local out=$BATS_TEST_TMPDIR/c.txt pid
    nsx a ping -c 1 -W 2 "$IP_B" >/dev/null      # ARP done, MACs learned
    $AS_ROOT ip netns exec "$NS_C" tcpdump -l -p -n -i veth0 icmp \
        >"$out" 2>"$out.err" 3>&- &
    pid=$!
    wait_for_line "$out.err" 'listening on' 10 || return 1
    nsx a ping -c 3 -i 0.2 -W 2 "$IP_B" >/dev/null
    nsx a ping -c 1 -W 2 "$IP_C" >/dev/null
    wait_for_line "$out" "IP $IP_C > $IP_A: ICMP echo reply" 10 || return 1
    $AS_ROOT kill "$pid"
    reap "$pid" 5 || return 1
    grep -cE "IP $IP_A > $IP_B: ICMP echo request|IP $IP_B > $IP_A: ICMP echo reply" "$out" || true
}

@test "lab-switch / lab-hub: c sees a's pings to b only when the bridge is a hub" {
    run -0 $LAB switch
    n=$(seen_by_c)
    [ "$n" = 0 ]
    run -0 $LAB hub
    [[ $output == *"br0 is a hub"* ]]
    n=$(seen_by_c)
    echo "c saw $n"
    [ "$n" = 6 ]
    run -0 $LAB map
    [[ $output == *"now a hub"* ]]
    run -0 $LAB switch
    n=$(seen_by_c)
    [ "$n" = 0 ]
}

@test "lab: the silent addresses answer nothing, not even an error, on both segments" {
    # -W 4 outlasts ARP's 3 s: an address missing from the neighbour tables
    # would bring "Destination Host Unreachable"
    local d=$BATS_TEST_TMPDIR p1 p2 p3
    nsx b ping -c 1 -W 4 "$IP_SILENT" >"$d/1" 2>&1 3>&- & p1=$!
    nsx a ping -c 1 -W 4 "$IP_SILENT2" >"$d/2" 2>&1 3>&- & p2=$!
    nsx a ping -6 -c 1 -W 4 2001:db8:1::99 >"$d/3" 2>&1 3>&- & p3=$!
    for p in $p1 $p2 $p3; do
        reap "$p" 10
        [ "$status" -eq 1 ]
    done
    cat "$d"/[123]
    for f in 1 2 3; do
        grep -q "1 packets transmitted, 0 received, 100% packet loss" "$d/$f"
        [ "$(grep -c Unreachable "$d/$f")" -eq 0 ]
    done
}

@test "lab-shell HOST=b: a shell in b, its prompt naming the host" {
    run -0 bash -c "echo 'ip -br -4 addr show veth0; exit' | $LAB shell b 2>&1"
    echo "$output"
    [[ $output == *"$LAB_PREFIX-b# "* ]]
    [[ $output == *"192.0.2.2/24"* ]]
    run -2 $LAB shell z
    [[ $output == *"no host 'z'"* ]]
}

@test "lab as a user: refused with exit 2 and the sudo hint" {
    local top=$TOP d
    # a checkout nobody may enter (make mutants' scratch copies): a copy
    # of the script and its helpers where nobody can read them
    if ! setpriv --reuid=nobody --regid=nogroup --clear-groups test -r "$TOP/tests/lab.sh"; then
        d=$(mktemp -d /tmp/rawt-lab-user.XXXXXX)
        chmod 755 "$d"
        mkdir "$d/tests"
        cp -r "$TOP/tests/lab.sh" "$TOP/tests/helpers" "$d/tests/"
        top=$d
    fi
    run -2 setpriv --reuid=nobody --regid=nogroup --clear-groups \
        env LAB_PREFIX="$LAB_PREFIX" "$top/tests/lab.sh" up
    [ "$top" = "$TOP" ] || rm -rf "$top"
    [[ $output == *"run 'sudo make lab-up'"* ]]
}

@test "lab up routed / pair / segment: aliases of the one lab network; anything else refused" {
    local p=rawt-${BATS_ROOT_PID}-alias
    run -0 $AS_ROOT env LAB_PREFIX=$p "$TOP/tests/lab.sh" up routed
    [[ $output == *"LAB=routed is an alias"* ]]
    [[ $output == *"$p-d "*"198.51.100.130/25"* ]]
    run -0 $AS_ROOT ip netns exec "$p-a" tracepath -n -m 5 198.51.100.130
    [[ $output == *" 1:  192.0.2.254 "* ]]
    [[ $output == *" 2:  198.51.100.2 "* ]]
    # pair and segment: the same network, kept as it is (already up)
    run -0 $AS_ROOT env LAB_PREFIX=$p "$TOP/tests/lab.sh" up pair
    [[ $output == *"lab: already up"* ]]
    run -0 $AS_ROOT env LAB_PREFIX=$p "$TOP/tests/lab.sh" up segment
    [[ $output == *"lab: already up"* ]]
    run -0 $AS_ROOT ip netns exec "$p-a" ping -c 1 -W 2 2001:db8:1::2
    run -2 $AS_ROOT env LAB_PREFIX=$p "$TOP/tests/lab.sh" up ring
    [[ $output == *"unknown LAB 'ring'"* ]]
    run -0 $AS_ROOT env LAB_PREFIX=$p "$TOP/tests/lab.sh" down
    [ -z "$($AS_ROOT ip netns list | grep "^$p-")" ]
    # the lab network of this file was left alone
    nsx a ping -c 1 -W 2 "$IP_D" >/dev/null
}

@test "readme runner: an example runs on c, d, r and sw of the lab network; a wrong line fails" {
    local md=$BATS_TEST_TMPDIR/README.md
    printf '%s\n' '# t' '' '<!-- example -->' '```console' \
        'd# ping -c 1 -q 192.0.2.3' 'PING 192.0.2.3 (192.0.2.3) 56(84) bytes of data.' '' \
        '--- 192.0.2.3 ping statistics ---' \
        '1 packets transmitted, 1 received, 0% packet loss, time 0ms' \
        'rtt min/avg/max/mdev = 0.050/0.050/0.050/0.000 ms' \
        'c# cat /sys/class/net/veth0/address' '02:00:c0:00:02:03' \
        "r# ip -4 -o addr show veth1 | awk '{print \$4}'" '198.51.100.1/25' \
        "sw# ip -o link show a | grep -o 'master br0\\|link-netns .*'" \
        'master br0' 'link-netns lab-a' '```' >"$md"
    run -0 $AS_ROOT env LAB_PREFIX=rawt-${BATS_ROOT_PID}-rdx "$TOP/tests/readme-examples.sh" run "$md"
    [[ $output == "ok 1 (line 4): ping -c 1 -q 192.0.2.3" ]]
    # it removed the lab it built
    [ -z "$($AS_ROOT ip netns list | grep "^rawt-${BATS_ROOT_PID}-rdx-")" ]
    # on this file's lab, kept up (LAB_KEEP, as tests/03 runs it)
    sed -i 's|^198.51.100.1/25$|198.51.100.1/24|' "$md"
    run -1 $AS_ROOT env LAB_KEEP=1 LAB_PREFIX=$LAB_PREFIX "$TOP/tests/readme-examples.sh" run "$md"
    [[ $output == *"-198.51.100.1/24"* ]]
    nsx a ping -c 1 -W 2 "$IP_D" >/dev/null
}

@test "lab down: no namespace, no interface left; safe to run twice" {
    run -0 $LAB down
    [ -z "$($AS_ROOT ip netns list | grep "^$LAB_PREFIX-")" ]
    # no veth end nor bridge port fell back into the machine's namespace
    run -0 ip -o link
    [[ $output != *"02:00:c0:00:02:"* ]]
    [[ $output != *"02:00:c6:33:64:"* ]]
    [ "$(grep -cE '^[0-9]+: (a|b|c|r|br0)[:@]' <<<"$output")" -eq 0 ]
    run -0 $LAB down
    [ "$output" = "lab: down" ]
    run -1 $LAB map
}
