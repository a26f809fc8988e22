/*
 * 07-user-space-host - a network stack in user space, in one file: it
 *                      answers ARP and ping for an address no kernel holds.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. With a
 * packet socket nobody fills anything in, and nobody answers for us: here
 * we are the host. For IP, with MAC (default 02:00 and the four bytes of
 * IP: locally administered, so it can clash with no card's), it answers
 * "who-has IP" with "IP is-at MAC", and an echo request to IP, whose
 * checksums are right, with an echo reply. One line an answer, as
 * tcpdump -n prints it. Our own answers come back to us as outgoing
 * frames: we skip them.
 *
 * Usage:  07-user-space-host -i IFACE [-m MAC] [-c COUNT] [-t SECONDS] IP
 *
 * Needs root or CAP_NET_RAW; root is given up once the socket is set up.
 *
 * Try, on a LAN of yours, with an address nobody uses:
 *   sudo ./07-user-space-host -i eth0 192.168.1.250    then, from another
 *   host, ping 192.168.1.250: the replies come from this program.
 */
#include "checksum.h"
#include "errors.h"
#include "icmp.h"
#include "ip4.h"
#include "link.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/if_ether.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define ETH_MIN 60                      /* shortest frame, FCS not counted */

static uint8_t my_mac[6];
static struct in_addr my_ip;
static char my_ip_str[INET_ADDRSTRLEN]; /* my_ip as text, for every line */
static uint16_t ip_id;                  /* our IPv4 identification counter */

static size_t answer(const uint8_t *f, size_t n, uint8_t *out, char *line);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -i IFACE [-m MAC] [-c COUNT] [-t SECONDS] IP\n"
            "  -i IFACE    the link to live on\n"
            "  -m MAC      our hardware address (default 02:00 + the 4 bytes of IP)\n"
            "  -c COUNT    stop after COUNT answers (ARP and echo replies)\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18], out[1514];
    const char *ifname = NULL;
    unsigned ifindex = 0;
    int have_mac = 0, timeout_ms = 60000, fd, c;
    long count = 0, got = 0;
    struct packet_mreq mr;
    struct sockaddr_ll sll, to;
    char line[160], mbuf[18];
    socklen_t slen;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:m:c:t:h", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'm': opt_mac(optarg, my_mac); have_mac = 1; break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1 || !ifname)
        usage_error(usage);
    my_ip = opt_ipv4_source(argv[optind], "address");
    inet_ntop(AF_INET, &my_ip, my_ip_str, sizeof my_ip_str);
    if (!have_mac) {                    /* 02: locally administered, unicast */
        my_mac[0] = 0x02;
        my_mac[1] = 0x00;
        memcpy(my_mac + 2, &my_ip.s_addr, 4);
    }
    if (my_mac[0] & 1)
        die_msg("%s is a multicast address: a host's MAC must be unicast",
                mac_str(my_mac, mbuf));

    fd = socket(AF_PACKET, SOCK_RAW, 0);        /* nothing queued before bind */
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    /* A card keeps only frames for its own MAC (and broadcast, and the
     * multicast it joined). Ours is not its own: add it to the card's
     * unicast filter for as long as the socket lives. A card without such
     * a filter is made promiscuous instead (veth: ip -d link shows it). */
    memset(&mr, 0, sizeof mr);
    mr.mr_ifindex = (int)ifindex;
    mr.mr_type = PACKET_MR_UNICAST;
    mr.mr_alen = 6;
    memcpy(mr.mr_address, my_mac, 6);
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0)
        die("setsockopt(PACKET_ADD_MEMBERSHIP, PACKET_MR_UNICAST)");
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);        /* ARP and IPv4 alike */
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    catch_interrupt();                  /* Ctrl-C ends the wait at once */
    fprintf(stderr, "%s: listening on %s as %s at %s\n", progname, ifname,
            my_ip_str, mac_str(my_mac, mbuf));

    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) && wait_readable(fd, deadline) == 1) {
        size_t len;
        ssize_t n;

        slen = sizeof sll;
        n = recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&sll, &slen);
        if (n < 0)
            die("recvfrom");
        /* Every frame a's kernel sends reaches this ETH_P_ALL socket as
         * outgoing (our own are not looped back to the socket that sent
         * them): they are questions from a, not from the wire. */
        if (sll.sll_pkttype == PACKET_OUTGOING || (size_t)n > sizeof buf)
            continue;
        len = answer(buf, (size_t)n, out, line);
        if (len == 0)
            continue;
        memset(&to, 0, sizeof to);      /* where the answer goes */
        to.sll_family = AF_PACKET;
        to.sll_ifindex = (int)ifindex;
        memcpy(&to.sll_protocol, out + 12, 2);  /* its EtherType, as sent */
        to.sll_halen = 6;
        memcpy(to.sll_addr, out, 6);    /* its Ethernet destination */
        if (sendto(fd, out, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
            die("sendto");
        printf("%s\n", line);
        fflush(stdout);
        got++;
    }
    close(fd);
    if (count && !got_sigint)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* The Ethernet header: destination, source (ours), EtherType. */
static size_t eth_header(uint8_t *out, const uint8_t dst[6], uint16_t type)
{
    struct ether_header eh;

    memcpy(eh.ether_dhost, dst, 6);
    memcpy(eh.ether_shost, my_mac, 6);
    eh.ether_type = htons(type);
    memcpy(out, &eh, sizeof eh);
    return sizeof eh;
}

/* An ARP request for my_ip -> the reply frame, padded to 60 bytes. */
static size_t arp_answer(const uint8_t *f, size_t n, uint8_t *out, char *line)
{
    struct ether_arp req, rep;
    char mbuf[18];

    if (n < ETH_HLEN + sizeof req)
        return 0;
    memcpy(&req, f + ETH_HLEN, sizeof req);
    if (ntohs(req.arp_hrd) != ARPHRD_ETHER || ntohs(req.arp_pro) != ETHERTYPE_IP ||
        req.arp_hln != 6 || req.arp_pln != 4 || ntohs(req.arp_op) != ARPOP_REQUEST ||
        memcmp(req.arp_tpa, &my_ip.s_addr, 4) != 0)
        return 0;                       /* not a question about us */
    rep = req;                          /* hrd, pro, hln, pln as asked */
    rep.arp_op = htons(ARPOP_REPLY);
    memcpy(rep.arp_sha, my_mac, 6);     /* the answer: IP is-at MAC */
    memcpy(rep.arp_spa, &my_ip.s_addr, 4);
    memcpy(rep.arp_tha, req.arp_sha, 6);        /* to whoever asked */
    memcpy(rep.arp_tpa, req.arp_spa, 4);
    memset(out, 0, ETH_MIN);            /* veth pads nothing: we do */
    eth_header(out, req.arp_sha, ETHERTYPE_ARP);
    memcpy(out + ETH_HLEN, &rep, sizeof rep);
    snprintf(line, 160, "ARP, Reply %s is-at %s, length %d", my_ip_str,
             mac_str(my_mac, mbuf), ETH_MIN - ETH_HLEN);
    return ETH_MIN;
}

/* An echo request to my_ip, both checksums good -> the reply frame. */
static size_t icmp_answer(const uint8_t *f, size_t n, uint8_t *out, char *line)
{
    const uint8_t *ip = f + ETH_HLEN, *icmp;
    struct ip4_spec s;
    struct iphdr h;
    struct icmphdr q;
    size_t hlen, total, len, iplen;
    const char *why;
    char from[INET_ADDRSTRLEN];

    if ((why = ip4_check(ip, n - ETH_HLEN, &hlen, &total)) != NULL) {
        warn_msg("skipped an IPv4 packet: %s", why);
        return 0;
    }
    memcpy(&h, ip, sizeof h);
    if (h.daddr != my_ip.s_addr || h.protocol != IPPROTO_ICMP)
        return 0;
    inet_ntop(AF_INET, &h.saddr, from, sizeof from);
    if (csum(ip, hlen) != 0) {          /* a kernel drops these silently */
        warn_msg("ignored a packet from %s: bad IPv4 header checksum", from);
        return 0;
    }
    if (ntohs(h.frag_off) & (IP_MF | IP_OFFMASK)) {
        warn_msg("ignored a fragment from %s: we do not reassemble", from);
        return 0;
    }
    icmp = ip + hlen;
    len = total - hlen;
    if (len < sizeof q)
        return 0;
    memcpy(&q, icmp, sizeof q);
    if (q.type != ICMP_ECHO || q.code != 0)
        return 0;
    if (csum(icmp, len) != 0) {
        warn_msg("ignored an echo request from %s: bad ICMP checksum", from);
        return 0;
    }
    if (ETH_HLEN + 20 + len > 1514)
        return 0;                       /* bigger than our MTU allows */
    /* The reply: same id, sequence and data; a fresh IPv4 header. */
    memset(out, 0, ETH_MIN);
    eth_header(out, f + ETH_ALEN, ETHERTYPE_IP); /* to the frame's source */
    len = icmp_echo_build(out + ETH_HLEN + 20, 1514 - ETH_HLEN - 20, ICMP_ECHOREPLY,
                          ntohs(q.un.echo.id), ntohs(q.un.echo.sequence),
                          icmp + sizeof q, len - sizeof q);
    memset(&s, 0, sizeof s);
    s.tos = h.tos;
    s.id = ip_id++;
    s.ttl = 64;
    s.proto = IPPROTO_ICMP;
    s.src = my_ip;
    s.dst.s_addr = h.saddr;
    iplen = ip4_build(out + ETH_HLEN, 20, &s, len);
    snprintf(line, 160, "IP %s > %s: ICMP echo reply, id %u, seq %u, length %zu",
             my_ip_str, from, ntohs(q.un.echo.id),
             ntohs(q.un.echo.sequence), len);
    len += ETH_HLEN + iplen;
    return len < ETH_MIN ? ETH_MIN : len;
}

/* What a frame asks of us, if anything: the answer in out, its length. */
static size_t answer(const uint8_t *f, size_t n, uint8_t *out, char *line)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    struct ether_header eh;

    if (n < ETH_HLEN)
        return 0;
    memcpy(&eh, f, sizeof eh);
    if (memcmp(eh.ether_dhost, my_mac, 6) != 0 &&
        memcmp(eh.ether_dhost, bcast, 6) != 0)
        return 0;                       /* for another host */
    switch (ntohs(eh.ether_type)) {
    case ETHERTYPE_ARP: return arp_answer(f, n, out, line);
    case ETHERTYPE_IP:  return icmp_answer(f, n, out, line);
    }
    return 0;
}
