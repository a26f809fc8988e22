/*
 * 04-arping - ARP by hand: "who has IP? tell me", a whole Ethernet frame
 *             built byte by byte, and the answers as arping prints them.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. ARP (RFC
 * 826) is not IP, so no IP socket can send it; a packet socket can. The
 * request is an Ethernet header to the broadcast address with EtherType
 * 0x0806, then 28 bytes of ARP: hardware type 1 (Ethernet), protocol type
 * 0x0800 (IPv4), address lengths 6 and 4, opcode 1 (request), our MAC and
 * IPv4 address, a target MAC of zeros (the unknown) and the target IP.
 * That is 42 bytes; veth pads nothing, so we pad to 60, the shortest frame.
 * The owner of IP answers with opcode 2 and its MAC: the MAC that
 * 05-eth-ping needs. A request a second, always broadcast (arping -b).
 *
 * Usage:  04-arping -i IFACE [-c COUNT] [-t SECONDS] [-n] IP
 * Exit 0 when a reply came, 1 when nobody answered, 2 on error.
 *
 * Needs root or CAP_NET_RAW; root is given up once the socket is bound.
 * Not with -n: our MAC and address come from ioctls on a UDP socket,
 * which anyone may open.
 *
 * Try:  sudo ./04-arping -i eth0 -c 2 192.168.1.1      (your router)
 */
#include "errors.h"
#include "hexdump.h"
#include "link.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if_arp.h>
#include <netinet/if_ether.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ETH_MIN 60                      /* shortest frame, FCS not counted */
#define INTERVAL_MS 1000                /* between requests, as arping */

static uint8_t my_mac[6];
static struct in_addr my_ip, target;

static void build_request(uint8_t frame[ETH_MIN]);
static int is_reply(const uint8_t *f, size_t n, struct ether_arp *a);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -i IFACE [-c COUNT] [-t SECONDS] [-n] IP\n"
            "  -i IFACE    ask on IFACE, from its own MAC and IPv4 address\n"
            "  -c COUNT    send COUNT requests, one a second (default 3)\n"
            "  -t SECONDS  give up after SECONDS (default: COUNT seconds)\n"
            "  -n          print the request as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];
    uint8_t frame[ETH_MIN];
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 3, sent = 0, got = 0, bcast = 0;
    int timeout_ms = 0, dry = 0, fd, c;
    struct sockaddr_ll sll, to;
    struct ether_arp a;
    socklen_t slen;
    int64_t next, end;
    double last = 0;
    char target_s[INET_ADDRSTRLEN], my_s[INET_ADDRSTRLEN];

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:c:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1 || !ifname)
        usage_error(usage);
    target = opt_ipv4(argv[optind]);

    /* Who we are: the interface's MAC (SIOCGIFHWADDR) and IPv4 address
     * (SIOCGIFADDR). Any socket can carry these ioctls; a UDP one needs
     * no privilege, so -n works for anyone. */
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (fd < 0)
        die("socket(AF_INET, SOCK_DGRAM, 0)");
    if_addrs(fd, ifname, my_mac, &my_ip);
    close(fd);
    build_request(frame);
    if (dry) {
        hex_line(stdout, frame, sizeof frame);
        return EXIT_GOT;
    }

    fd = socket(AF_PACKET, SOCK_RAW, 0);        /* nothing queued before bind */
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ARP);        /* ARP frames only */
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    catch_interrupt();                  /* Ctrl-C: the summary, as arping */

    /* Where the frame goes. With SOCK_RAW the Ethernet header is ours, in
     * the buffer: the kernel takes the interface from sll_ifindex and the
     * protocol from sll_protocol; sll_addr is read by SOCK_DGRAM only, but
     * a filled address costs nothing and shows where the frame goes. */
    memset(&to, 0, sizeof to);
    to.sll_family = AF_PACKET;
    to.sll_ifindex = (int)ifindex;
    to.sll_protocol = htons(ETH_P_ARP);
    to.sll_halen = ETH_ALEN;
    memset(to.sll_addr, 0xff, ETH_ALEN);        /* broadcast */

    inet_ntop(AF_INET, &target, target_s, sizeof target_s);
    inet_ntop(AF_INET, &my_ip, my_s, sizeof my_s);
    printf("ARPING %s from %s %s\n", target_s, my_s, ifname);
    fflush(stdout);
    next = now_ms();
    end = next + (timeout_ms ? timeout_ms : count * INTERVAL_MS);
    while (!got_sigint) {
        int64_t t = now_ms();
        ssize_t n;

        /* Done at the deadline, or once every request is out and each has
         * had its answer, or its second to get one. */
        if (t >= end || (sent == count && (got >= sent || t >= next)))
            break;
        if (sent < count && t >= next) {
            last = now_mono_ms();       /* the time is taken before */
            if (sendto(fd, frame, sizeof frame, 0, (struct sockaddr *)&to, sizeof to) < 0)
                die("sendto");
            sent++;
            next += INTERVAL_MS;
            continue;
        }
        if (!wait_readable(fd, next < end ? next : end))
            continue;                   /* time to send, the end, or Ctrl-C */
        slen = sizeof sll;
        n = recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&sll, &slen);
        if (n < 0)
            die("recvfrom");
        /* Only frames that came in for us: to our MAC or to everyone.
         * Frames for other MACs come too, as otherhost (promiscuous mode,
         * veth). Outgoing ones never reach a socket bound to ETH_P_ARP:
         * the kernel copies those only to ETH_P_ALL sockets. */
        if ((sll.sll_pkttype != PACKET_HOST && sll.sll_pkttype != PACKET_BROADCAST) ||
            (size_t)n > sizeof buf || !is_reply(buf, (size_t)n, &a))
            continue;
        printf("%s reply from %s [%02X:%02X:%02X:%02X:%02X:%02X]  %.3fms\n",
               sll.sll_pkttype == PACKET_HOST ? "Unicast" : "Broadcast",
               target_s, a.arp_sha[0], a.arp_sha[1], a.arp_sha[2],
               a.arp_sha[3], a.arp_sha[4], a.arp_sha[5], now_mono_ms() - last);
        fflush(stdout);
        got++;
        bcast += sll.sll_pkttype != PACKET_HOST;
    }
    close(fd);
    printf("Sent %ld probes (%ld broadcast(s))\nReceived %ld response(s)", sent,
           sent, got);
    if (bcast)
        printf(" (%ld broadcast(s))", bcast);
    printf("\n");
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* The request, field by field, every multi-byte field in network order. */
static void build_request(uint8_t frame[ETH_MIN])
{
    struct ether_header eh;
    struct ether_arp req;

    memset(frame, 0, ETH_MIN);          /* the padding: zeros */
    memset(eh.ether_dhost, 0xff, ETH_ALEN);     /* everyone on the link */
    memcpy(eh.ether_shost, my_mac, ETH_ALEN);
    eh.ether_type = htons(ETHERTYPE_ARP);       /* 0x0806 */
    memcpy(frame, &eh, sizeof eh);      /* bytes 1-14 */

    req.arp_hrd = htons(ARPHRD_ETHER);  /* 1: Ethernet addresses */
    req.arp_pro = htons(ETHERTYPE_IP);  /* 0x0800: IPv4 addresses */
    req.arp_hln = ETH_ALEN;             /* 6 bytes each */
    req.arp_pln = 4;                    /* 4 bytes each */
    req.arp_op = htons(ARPOP_REQUEST);  /* 1: request (2: reply) */
    memcpy(req.arp_sha, my_mac, ETH_ALEN);      /* sender: us */
    memcpy(req.arp_spa, &my_ip.s_addr, 4);
    memset(req.arp_tha, 0, ETH_ALEN);   /* target MAC: what we ask for */
    memcpy(req.arp_tpa, &target.s_addr, 4);
    memcpy(frame + ETH_HLEN, &req, sizeof req);  /* bytes 15-42 */
}

/* Is this frame target's ARP reply to us? Lengths first, then every field
 * we rely on; the reply's sender MAC is the answer. */
static int is_reply(const uint8_t *f, size_t n, struct ether_arp *a)
{
    struct ether_header eh;

    if (n < ETH_HLEN + sizeof *a)
        return 0;
    memcpy(&eh, f, sizeof eh);
    if (ntohs(eh.ether_type) != ETHERTYPE_ARP)
        return 0;
    memcpy(a, f + ETH_HLEN, sizeof *a);
    return ntohs(a->arp_hrd) == ARPHRD_ETHER && ntohs(a->arp_pro) == ETHERTYPE_IP &&
           a->arp_hln == ETH_ALEN && a->arp_pln == 4 &&
           ntohs(a->arp_op) == ARPOP_REPLY &&
           memcmp(a->arp_spa, &target.s_addr, 4) == 0 &&      /* from IP */
           memcmp(a->arp_tpa, &my_ip.s_addr, 4) == 0 &&       /* to us */
           memcmp(a->arp_tha, my_mac, ETH_ALEN) == 0;
}
