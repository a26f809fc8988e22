#!/usr/bin/perl
# frames.pl - hand-made frames for tests/32-decode.bats, written
# independently of the C code (perl pack, network order spelled out).
#
#   frames.pl pcap FILE          Ethernet pcap of the crafted frames below
#   frames.pl rawip FILE         the same IP packets, pcap link type 101
#   frames.pl sll FILE           the same, Linux cooked (link type 113)
#   frames.pl send IFACE HEX...  each HEX frame out of IFACE (AF_PACKET)
use strict;
use warnings;
use Socket;

my $A = pack('H12', '024a00000001');
my $B = pack('H12', '024a00000002');
my ($ipa, $ipb) = (inet_aton('192.0.2.1'), inet_aton('192.0.2.2'));
my ($ll_a, $ll_b) = (pack('H32', 'fe80000000000000004a00fffe000001'),
                     pack('H32', 'fe80000000000000004a00fffe000002'));

sub csum {
    my $s = 0;
    my $d = shift;
    $d .= "\0" if length($d) % 2;
    $s += $_ for unpack('n*', $d);
    $s = ($s >> 16) + ($s & 0xffff) while $s >> 16;
    return ~$s & 0xffff;
}
sub ip4 {    # proto, payload, [frag field], [total length override]
    my ($p, $pl, $frag, $tot) = @_;
    my $h = pack('CCnnnCCn', 0x45, 0, $tot // 20 + length($pl), 7, $frag // 0,
                 64, $p, 0) . $ipa . $ipb;
    substr($h, 10, 2) = pack('n', csum($h));
    return $h . $pl;
}
sub ip6 {    # next header, payload
    my ($nh, $pl) = @_;
    return pack('NnCC', 0x60000000, length($pl), $nh, 255) . $ll_a . $ll_b . $pl;
}
sub eth { my ($type, $pl) = @_; return $B . $A . pack('n', $type) . $pl }
sub tag { my ($tci, $type) = @_; return pack('nn', $tci, $type) }   # TCI, then the type
sub pad { my $f = shift; return $f . "\0" x (60 - length $f) if length $f < 60; $f }

my $echo = pack('CCnnn', 8, 0, 0, 0x1234, 1) . 'abcdefgh';
substr($echo, 2, 2) = pack('n', csum($echo));
my $udp = pack('nnnn', 40001, 40002, 13, 0) . 'hello';
my $tcp_syn = pack('nnNNCCnnn', 40003, 40004, 1000, 0, 0x60, 0x02, 1024, 0, 0)
            . pack('CCn', 2, 4, 1460);
my $arp_req = pack('nnCCn', 1, 0x0800, 6, 4, 1) . $A . $ipa . "\0" x 6 . $ipb;
my $arp_rep = pack('nnCCn', 1, 0x0800, 6, 4, 2) . $B . $ipb . $A . $ipa;
my $ra = pack('CCnCCnNN', 134, 0, 0, 64, 0, 1800, 0, 0)
       . pack('CC', 1, 1) . $A;                     # source link-layer option
my $rs = pack('CCnN', 133, 0, 0, 0);
my $echo6 = pack('CCnnn', 128, 0, 0, 0x4321, 2) . 'xyz';

my $quoted6 = ip6(17, pack('nnnn', 40001, 40002, 8, 0));   # an IPv6 packet, quoted
my @icmp6 = (   # ICMPv6 messages: type, code, 4 bytes, body
    pack('CCnN', 1, 4, 0, 0) . $quoted6,           # port unreachable
    pack('CCnN', 1, 3, 0, 0) . $quoted6,           # address unreachable
    pack('CCnN', 1, 9, 0, 0) . $quoted6,           # an unknown code
    pack('CCnN', 2, 0, 0, 1280) . $quoted6,        # packet too big
    pack('CCnN', 3, 0, 0, 0) . $quoted6,           # time exceeded in transit
    pack('CCnN', 3, 1, 0, 0) . $quoted6,           # reassembly time exceeded
    pack('CCnN', 4, 0, 0, 42) . $quoted6,          # parameter problem
    pack('CCnnn', 129, 0, 0, 7, 8),                # echo reply
    pack('CCnnn', 130, 0, 0, 1000, 0) . "\0" x 16, # MLDv1 query
    pack('CCnnn', 130, 0, 0, 1000, 0) . "\0" x 16 . pack('CCn', 2, 125, 0),  # MLDv2 query
    pack('CCnnn', 131, 0, 0, 0, 0) . $ll_b,        # MLDv1 report
    pack('CCnnn', 132, 0, 0, 0, 0) . $ll_b,        # MLDv1 done
    pack('CCnN', 136, 0, 0, 0xe0000000) . $ll_a,   # NA, router solicited override
    pack('CCnN', 137, 0, 0, 0) . $ll_a . $ll_b,    # redirect
    pack('CCnN', 250, 0, 0, 0),                    # an unknown type
    pack('CCnnn', 143, 0, 0, 0, 2),                # MLDv2 report, records cut
    pack('CC', 128, 0),                            # echo request, 2 bytes
);
my $tcp_bad_off = pack('nnNNCCnnn', 40003, 40004, 1, 0, 0x40, 0x02, 1024, 0, 0);
my $tcp_long_off = pack('nnNNCCnnn', 40003, 40004, 1, 0, 0xf0, 0x02, 1024, 0, 0);
my $tcp_opts = pack('nnNNCCnnn', 40003, 40004, 1, 2, 0x80, 0x10, 1024, 0, 0)
             . pack('CCCC', 1, 1, 4, 2) . pack('CCNN', 5, 10, 5, 9) . pack('CCCC', 30, 4, 0xab, 0xcd);
my $tcp_urg = pack('nnNNCCnnn', 40003, 40004, 1, 2, 0x50, 0x39, 1024, 0, 3) . 'data';
my $udp_bad = pack('nnnn', 40001, 40002, 200, 0) . 'x';
my $udp_short = pack('nnnn', 40001, 40002, 4, 0);
my $hbh_udp = pack('CCnN', 17, 0, 0x0502, 0) . $udp;  # hop-by-hop, then UDP
my $dst_tcp = pack('CCnN', 6, 0, 0x0100, 0) . $tcp_syn;  # destination options, TCP
my @extra = (
    (map { ip6(58, $_) } @icmp6),
    ip6(0, $hbh_udp),
    ip6(60, $dst_tcp),
    ip6(44, pack('CCnN', 17, 0, 0x0001, 99) . $udp),        # first fragment (M)
    ip4(6, $tcp_bad_off),
    ip4(6, $tcp_long_off),
    ip4(6, $tcp_opts),
    ip4(6, $tcp_urg),
    ip4(17, $udp_bad),
    ip4(17, $udp_short),
    ip4(1, pack('CCnN', 3, 1, 0, 0) . ip4(17, $udp)),       # host unreachable
    ip4(1, pack('CCnN', 11, 0, 0, 0) . ip4(17, $udp)),      # time exceeded
    ip4(1, pack('CCnnn', 13, 0, 0, 5, 6) . "\0" x 12),      # timestamp
    ip4(1, pack('CCn', 8, 0, 0)),                           # echo, 4 bytes
);
my @ip = (   # IP packets, for every link type
    ip4(1, $echo),
    ip4(17, $udp),
    ip4(6, $tcp_syn),
    ip4(253, 'proto'),                             # a protocol not decoded
    ip4(1, substr($echo, 0, 8), 0x2000),           # first fragment (MF)
    ip4(1, 'rest of it', 1),                       # a later fragment
    ip6(58, $echo6),
    ip6(58, $ra),
    ip6(58, $rs),
    ip6(253, 'proto6'),                            # IPv6, unknown next header
    @extra,
);
my @eth = (
    (map { pad(eth(substr($_, 0, 1) eq "\x45" ? 0x0800 : 0x86dd, $_)) } @ip),
    pad(eth(0x0806, $arp_req)),                    # ARP padded to 60 bytes
    eth(0x0806, $arp_rep),                         # ARP unpadded, 42 bytes
    eth(0x8100, tag(5, 0x0806) . $arp_req),        # VLAN 5, priority 0
    eth(0x8100, tag(0xa00a, 0x0800) . ip4(1, $echo)),  # VLAN 10, priority 5
    eth(0x8100, tag(0x1000, 0x86dd) . ip6(58, $echo6)), # VLAN 0 with DEI
    eth(0x88a8, tag(100, 0x8100) . tag(200, 0x0800) . ip4(17, $udp)),  # QinQ
    pad(eth(0x88b5, 'our own protocol')),          # an unknown EtherType
    eth(0x0800, substr(ip4(6, $tcp_syn), 0, 30)),  # cut inside TCP
    eth(0x0806, substr($arp_req, 0, 20)),          # cut inside ARP
    eth(0x8100, "\0"),                             # cut inside the tag
    substr(eth(0x0800, ''), 0, 10),                # not even a MAC header
    eth(0x86dd, substr(ip6(58, $echo6), 0, 30)),   # cut inside IPv6
    eth(0x0806, pack('nnCCn', 1, 0x0800, 6, 4, 3) . $A . $ipa . $B . $ipb),  # RARP request
    eth(0x0806, pack('nnCCn', 1, 0x0800, 6, 4, 4) . $A . $ipa . $B . $ipb),  # RARP reply
    eth(0x0806, pack('nnCCn', 1, 0x0800, 6, 4, 9) . $A . $ipa . $B . $ipb),  # InARP reply
    eth(0x0806, pack('nnCCn', 6, 0x0800, 6, 4, 1) . $A . $ipa . $B . $ipb),  # IEEE 802 hardware
    eth(0x0806, pack('nnCCn', 1, 0x86dd, 6, 16, 1) . $A . $ll_a . $B . $ll_b),  # ARP for IPv6?
    eth(0x0806, pack('nnCCn', 1, 0x0800, 6, 4, 1) . $A . $ipa . $B . $ipb),  # who-has, target MAC set
    eth(0x0800, pack('CCnnnCCn', 0x55, 0, 20, 0, 0, 64, 1, 0) . $ipa . $ipb),  # IPv4 version 5
    eth(0x0800, pack('CCnnnCCn', 0x44, 0, 20, 0, 0, 64, 1, 0) . $ipa . $ipb),  # IHL 4
    eth(0x0800, pack('CCnnnCCn', 0x45, 0, 10, 0, 0, 64, 1, 0) . $ipa . $ipb),  # total length 10
    eth(0x86dd, pack('NnCC', 0x40000000, 0, 59, 1) . $ll_a . $ll_b),  # IPv6 version 4
    eth(0x86dd, pack('NnCC', 0x60000000, 0, 59, 1) . $ll_a . $ll_b),  # no next header
);

sub write_pcap {
    my ($file, $linktype, @frames) = @_;
    open(my $f, '>:raw', $file) or die "$file: $!";
    print $f pack('VvvVVVV', 0xa1b2c3d4, 2, 4, 0, 0, 65535, $linktype);
    my $t = 1700000000;
    for (@frames) {
        print $f pack('VVVV', $t++, 0, length, length), $_;
    }
    close $f or die "$file: $!";
}

my $mode = shift // '';
if ($mode eq 'pcap') {
    write_pcap(shift, 1, @eth);
} elsif ($mode eq 'rawip') {
    write_pcap(shift, 101, @ip);
} elsif ($mode eq 'sll') {   # packet type 0 (to us), ARPHRD_ETHER, 6-byte address
    write_pcap(shift, 113, map {
        pack('nnn', 0, 1, 6) . $A . "\0\0" .
        pack('n', substr($_, 0, 1) eq "\x45" ? 0x0800 : 0x86dd) . $_ } @ip);
} elsif ($mode eq 'send') {
    my $ifname = shift;
    socket(my $s, 17, SOCK_RAW, 0) or die "socket(AF_PACKET): $!";   # 17: AF_PACKET
    my $ifindex = (split ' ', `cat /sys/class/net/$ifname/ifindex`)[0];
    for (@ARGV) {
        my $frame = pack('H*', $_);
        my $sll = pack('SnIx12', 17, 0, $ifindex);   # sockaddr_ll, sll_halen 0
        send($s, $frame, 0, $sll) or die "send: $!";
    }
} else {
    die "usage: frames.pl pcap|rawip|sll FILE | send IFACE HEX...\n";
}
