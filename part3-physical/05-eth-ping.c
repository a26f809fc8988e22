/*
 * 05-eth-ping - ping with every byte ours: Ethernet header, IPv4 header and
 *               ICMP echo request in one frame, sent on a packet socket.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. In part 1
 * the kernel wrote the IPv4 header; in part 2 we wrote it, and the kernel
 * still filled in a checksum and id left 0, and found the next hop's MAC.
 * Here nothing is filled in. The frame goes to the MAC we give (04-arping
 * finds it), from our own, with EtherType 0x0800; the IPv4 header carries
 * our id and our checksum; a wrong one leaves as it is and the peer's kernel
 * drops it. The reply comes back as a frame too, and we check it as a
 * kernel and ping would: EtherType, the IPv4 header and its checksum,
 * protocol, then ICMP type, id, sequence and checksum. Lines and summary as
 * ping prints them, "(BAD CHECKSUM!)" and "+N corrupted" included.
 *
 * Usage:  05-eth-ping -i IFACE -m MAC [-c COUNT] [-t SECONDS] [-n] IP
 * Exit 0 when a reply came, 1 when none did, 2 on error.
 *
 * Needs root or CAP_NET_RAW; root is given up once the socket is bound.
 * Not with -n: our MAC and address come from ioctls on a UDP socket.
 *
 * Try:  sudo ./04-arping -i eth0 -c 1 192.168.1.1       its MAC, then
 *       sudo ./05-eth-ping -i eth0 -m THAT-MAC 192.168.1.1
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "ip4.h"
#include "link.h"
#include "options.h"
#include "ping.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define DATA_LEN 56                     /* ping's default: 64-byte ICMP */
#define FRAME_LEN (ETH_HLEN + 20 + 8 + DATA_LEN)        /* 98 bytes */
#define INTERVAL_MS 1000

static uint8_t my_mac[6], peer_mac[6];
static struct in_addr my_ip, target;

static size_t build_frame(uint8_t *f, uint16_t id, uint16_t seq);
static int is_reply(const uint8_t *f, size_t n, uint16_t id, uint16_t seq,
                    struct ping_stats *st);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -i IFACE -m MAC [-c COUNT] [-t SECONDS] [-n] IP\n"
            "  -i IFACE    send on IFACE, from its own MAC and IPv4 address\n"
            "  -m MAC      the Ethernet destination: IP's MAC (04-arping IP)\n"
            "  -c COUNT    echo requests, one a second (default 4)\n"
            "  -t SECONDS  wait at most SECONDS for each reply (default 2)\n"
            "  -n          print the first frame as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];
    uint8_t frame[FRAME_LEN];
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 4;
    int timeout_ms = 2000, dry = 0, have_mac = 0, fd, c;
    uint16_t id = (uint16_t)getpid();
    struct sockaddr_ll sll, to;
    struct ping_stats st;
    socklen_t slen;
    char target_s[INET_ADDRSTRLEN];

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:m:c:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'm': opt_mac(optarg, peer_mac); have_mac = 1; break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1 || !ifname || !have_mac)
        usage_error(usage);
    target = opt_ipv4(argv[optind]);

    /* Who we are, as 04-arping asks it: SIOCGIFHWADDR, SIOCGIFADDR. */
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        die("socket(AF_INET, SOCK_DGRAM, 0)");
    if_addrs(fd, ifname, my_mac, &my_ip);
    close(fd);
    if (dry) {
        hex_line(stdout, frame, build_frame(frame, id, 1));
        return EXIT_GOT;
    }

    fd = socket(AF_PACKET, SOCK_RAW, 0);        /* nothing queued before bind */
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_IP);         /* IPv4 frames only */
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    catch_interrupt();                  /* Ctrl-C: the summary, as ping */

    memset(&to, 0, sizeof to);          /* the interface; the rest, as 04 */
    to.sll_family = AF_PACKET;
    to.sll_ifindex = (int)ifindex;
    to.sll_protocol = htons(ETH_P_IP);
    to.sll_halen = ETH_ALEN;
    memcpy(to.sll_addr, peer_mac, ETH_ALEN);

    inet_ntop(AF_INET, &target, target_s, sizeof target_s);
    printf("PING %s (%s) %d(%d) bytes of data.\n", argv[optind], target_s,
           DATA_LEN, DATA_LEN + 28);
    fflush(stdout);
    ping_stats_start(&st);
    for (long seq = 1; seq <= count && !got_sigint; seq++) {
        int64_t t0 = now_ms();
        size_t len = build_frame(frame, id, (uint16_t)seq);

        if (sendto(fd, frame, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
            die("sendto");
        st.sent++;
        while (wait_readable(fd, t0 + timeout_ms)) {
            ssize_t n;

            slen = sizeof sll;
            n = recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&sll, &slen);
            if (n < 0)
                die("recvfrom");
            /* A reply comes to our MAC: not otherhost frames (promiscuous
             * mode, veth). Outgoing ones never come to a socket bound to
             * ETH_P_IP (only ETH_P_ALL sockets get copies of those). */
            if (sll.sll_pkttype != PACKET_HOST || (size_t)n > sizeof buf)
                continue;
            if (is_reply(buf, (size_t)n, id, (uint16_t)seq, &st))
                break;
        }
        if (seq < count)
            ping_sleep_until(t0 + INTERVAL_MS);         /* keep the interval */
    }
    close(fd);
    return ping_summary(&st, argv[optind]);
}

/* The whole frame for echo request seq: 14 + 20 + 8 + 56 = 98 bytes. */
static size_t build_frame(uint8_t *f, uint16_t id, uint16_t seq)
{
    struct ether_header eh;
    struct ip4_spec s;
    uint8_t data[DATA_LEN];
    size_t len;

    memcpy(eh.ether_dhost, peer_mac, ETH_ALEN);  /* to the MAC given */
    memcpy(eh.ether_shost, my_mac, ETH_ALEN);    /* from ours */
    eh.ether_type = htons(ETHERTYPE_IP);         /* 0x0800: IPv4 follows */
    memcpy(f, &eh, sizeof eh);                   /* bytes 1-14 */

    /* ICMP, as 03-ping builds it: id, seq, ping's data, our checksum. */
    ping_data_fill(data, sizeof data);
    len = icmp_echo_build(f + ETH_HLEN + 20, 8 + DATA_LEN, ICMP_ECHO, id, seq,
                          data, sizeof data);

    /* IPv4, as 03-send-ip builds it (ip4_build is that code), but with
     * nothing left for the kernel: the id is ours (the sequence number;
     * with DF set no fragment will ever need it), and so is the checksum. */
    memset(&s, 0, sizeof s);
    s.id = seq;
    s.frag = IP_DF;
    s.ttl = 64;
    s.proto = IPPROTO_ICMP;
    s.src = my_ip;
    s.dst = target;
    len += ip4_build(f + ETH_HLEN, 20, &s, len);  /* bytes 15-34 */
    return ETH_HLEN + len;
}

/* Is this frame the echo reply to (id, seq)? Checked as the kernel checks
 * a frame before its IP layer takes it, then as ping checks a reply. When
 * it is, print ping's line and count it. */
static int is_reply(const uint8_t *f, size_t n, uint16_t id, uint16_t seq,
                    struct ping_stats *st)
{
    struct ether_header eh;
    struct iphdr h;
    struct icmphdr e;
    size_t hlen, total;
    const char *why;
    char from[INET_ADDRSTRLEN];
    int bad;

    if (n < ETH_HLEN)
        return 0;
    memcpy(&eh, f, sizeof eh);
    if (ntohs(eh.ether_type) != ETHERTYPE_IP)
        return 0;
    f += ETH_HLEN, n -= ETH_HLEN;       /* past the padding: total length */
    if ((why = ip4_check(f, n, &hlen, &total)) != NULL) {
        warn_msg("skipped a frame: %s", why);
        return 0;
    }
    memcpy(&h, f, sizeof h);
    inet_ntop(AF_INET, &h.saddr, from, sizeof from);
    if (csum(f, hlen) != 0) {           /* the kernel drops these silently */
        warn_msg("ignored a packet from %s: bad IPv4 header checksum", from);
        return 0;
    }
    if (h.protocol != IPPROTO_ICMP || total - hlen < sizeof e)
        return 0;
    memcpy(&e, f + hlen, sizeof e);
    if (e.type != ICMP_ECHOREPLY || e.code != 0 ||
        ntohs(e.un.echo.id) != id || ntohs(e.un.echo.sequence) != seq)
        return 0;                       /* another ping's, or a late one */
    /* The ICMP checksum, over the IPv4 total length (not to the end of the
     * frame: its tail can be Ethernet padding). A bad one is printed and
     * marked, not counted, and we wait on, as ping does. */
    bad = csum(f + hlen, total - hlen) != 0;
    ping_reply_line(st, total - hlen, from, seq, h.ttl,
                    ping_data_rtt(f + hlen + 8, total - hlen - 8), bad);
    return !bad;
}
