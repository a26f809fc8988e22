/*
 * 05-protocol-swap - one IPv4 header, four protocols: change the protocol
 *                    byte (and the payload that goes with it) and watch how
 *                    the kernel of HOST reacts.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015): byte 10
 * (offset 9) of the header says which protocol handler gets the rest.
 * Walkthrough: part2-link-layer/README.md, "05-protocol-swap". The
 * reactions: echo reply, port unreachable, RST, protocol unreachable.
 *
 * Usage:  05-protocol-swap -p icmp|udp|tcp|253 [-t SECONDS] [-n] HOST
 * Exit 0 on the reaction, 1 without (default 5 s); packets that are not
 * whole are reported and skipped. Needs root or CAP_NET_RAW, not with -n.
 * Try: sudo ./05-protocol-swap -p udp 127.0.0.1
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "print.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { ID = 0x0505, SPORT = 40000, DPORT = 33434, SEQ = 0x01020304 };
static const uint8_t data[] = { 0xC0, 0xDE };

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -p icmp|udp|tcp|253 [-t SECONDS] [-n] HOST\n"
            "  -p PROTO    what the one header carries (any number is accepted)\n"
            "  -t SECONDS  wait this long for the reaction (default 5)\n"
            "  -n          print the packet, send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

static size_t build(uint8_t *pkt, uint8_t proto, struct in_addr src,
                    struct in_addr dst);
static int reaction(const uint8_t *p, size_t hl, size_t tot, uint8_t proto,
                    struct in_addr dst);
static const char *malformed(const uint8_t *p, size_t hl, size_t tot);

int main(int argc, char **argv)
{
    static uint8_t buf[65536];
    uint8_t pkt[80], proto = 0;
    int timeout_ms = 5000, dry = 0, c, raw, i, have_proto = 0, fds[2];
    struct in_addr src, dst;
    int64_t deadline;
    size_t len;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "p:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'p': proto = opt_proto(optarg); have_proto = 1; break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (!have_proto || argc - optind != 1)
        usage_error(usage);
    dst = opt_ipv4(argv[optind]);
    src = transport_source_for(dst);
    len = build(pkt, proto, src, dst);
    if (dry) {
        hex_line(stdout, pkt, len);
        return EXIT_GOT;
    }

    raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);     /* we write the header */
    if (raw < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", SOCK_KIND_RAW);
    fds[0] = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    fds[1] = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
    if (fds[0] < 0 || fds[1] < 0)
        die_socket("socket(AF_INET, SOCK_RAW)", SOCK_KIND_RAW);
    drop_privileges();
    ip4_send(raw, pkt, len, dst);
    fprintf(stderr, "%s: sent %zu bytes, protocol %u, to %s\n", progname, len,
            proto, argv[optind]);

    deadline = now_ms() + timeout_ms;
    while ((i = wait_readable_any(fds, 2, deadline)) >= 0) {
        ssize_t n = recv(fds[i], buf, sizeof buf, MSG_TRUNC);
        size_t hl, tot;
        const char *bad;

        if (n < 0)
            die("recv");
        if ((size_t)n > sizeof buf) {
            warn_msg("skipped a packet of %zd bytes: longer than the buffer", n);
            continue;
        }
        bad = ip4_check(buf, (size_t)n, &hl, &tot);     /* as 01-recv */
        if (!bad)
            bad = malformed(buf, hl, tot);      /* and what it carries */
        if (bad) {
            warn_msg("skipped a packet of %zd bytes: %s", n, bad);
            continue;
        }
        if (reaction(buf, hl, tot, proto, dst))
            return EXIT_GOT;
    }
    fprintf(stderr, "%s: no reaction within the timeout\n", progname);
    return EXIT_NOANSWER;
}

/* The one header, then what goes with the protocol. Returns the length. */
static size_t build(uint8_t *pkt, uint8_t proto, struct in_addr src,
                    struct in_addr dst)
{
    struct ip4_spec s = { .id = ID, .ttl = 64, .proto = proto,
                          .src = src, .dst = dst };
    uint8_t pl[32] = { 0 };
    size_t n, hlen;

    if (proto == IPPROTO_ICMP) {
        n = icmp_echo_build(pl, sizeof pl, ICMP_ECHO, ID, 1, data, sizeof data);
    } else if (proto == IPPROTO_UDP) {          /* RFC 768 */
        struct udphdr u = { .source = htons(SPORT), .dest = htons(DPORT) };

        n = sizeof u + sizeof data;
        u.len = htons((uint16_t)n);
        memcpy(pl, &u, sizeof u);               /* checksum 0 while summing */
        memcpy(pl + sizeof u, data, sizeof data);
        u.check = htons(csum_udp4(src, dst, pl, (uint16_t)n));
        memcpy(pl, &u, sizeof u);
    } else if (proto == IPPROTO_TCP) {          /* RFC 793: a bare SYN */
        struct tcphdr t = { .th_sport = htons(SPORT), .th_dport = htons(DPORT),
                            .th_seq = htonl(SEQ), .th_off = 5,  /* 5 words */
                            .th_flags = TH_SYN, .th_win = htons(64240) };

        n = sizeof t;
        memcpy(pl, &t, sizeof t);               /* checksum 0 while summing */
        t.th_sum = htons(csum_tcp4(src, dst, pl, (uint16_t)n));
        memcpy(pl, &t, sizeof t);
    } else {
        n = sizeof data;
        memcpy(pl, data, n);
    }
    hlen = ip4_build(pkt, 60, &s, n);           /* the same for all four */
    memcpy(pkt + hlen, pl, n);
    return hlen + n;
}

/* If the checked packet p (header hl bytes, tot in all) is HOST's reaction
 * to our packet, print it as tcpdump -n does and return 1. */
static int reaction(const uint8_t *p, size_t hl, size_t tot, uint8_t proto,
                    struct in_addr dst)
{
    const uint8_t *m = p + hl;
    struct iphdr ip, q;
    struct icmphdr h;
    struct tcphdr t;

    memcpy(&ip, p, sizeof ip);              /* malformed() passed it */
    if (ip.saddr != dst.s_addr)
        return 0;
    if (ip.protocol == IPPROTO_TCP) {
        memcpy(&t, m, sizeof t);
        if (proto != IPPROTO_TCP || ntohs(t.th_sport) != DPORT ||
            ntohs(t.th_dport) != SPORT || !(t.th_flags & TH_RST))
            return 0;                            /* not a RST to our SYN */
    } else if (ip.protocol == IPPROTO_ICMP) {
        /* An error quotes our header (maybe cut: its length is not checked). */
        memcpy(&h, m, sizeof h);
        if (h.type == ICMP_DEST_UNREACH) {
            memcpy(&q, m + sizeof h, sizeof q);
            if (q.protocol != proto || ntohs(q.id) != ID)
                return 0;
        } else if (h.type != ICMP_ECHOREPLY || proto != IPPROTO_ICMP ||
                   ntohs(h.un.echo.id) != ID) {
            return 0;
        }
    } else {
        return 0;
    }
    transport_print(stdout, ip.protocol, (struct in_addr){ ip.saddr },
                    (struct in_addr){ ip.daddr }, m, tot - hl);
    return 1;
}

/* The kernel checked the IPv4 header, not what it carries: a raw socket
 * gets whatever a peer put after a good header, however short. What is
 * wrong with the part of it that reaction() reads, or NULL. */
static const char *malformed(const uint8_t *p, size_t hl, size_t tot)
{
    struct iphdr ip, q;
    struct icmphdr h;

    memcpy(&ip, p, sizeof ip);
    if (ip.protocol == IPPROTO_TCP && tot - hl < sizeof(struct tcphdr))
        return "TCP segment shorter than its header (20 bytes)";
    if (ip.protocol != IPPROTO_ICMP)
        return NULL;
    if (tot - hl < sizeof h)
        return "ICMP message shorter than its header (8 bytes)";
    memcpy(&h, p + hl, sizeof h);
    if (h.type != ICMP_DEST_UNREACH)
        return NULL;
    if (tot - hl < sizeof h + sizeof q)
        return "ICMP error quoting less than an IPv4 header (20 bytes)";
    memcpy(&q, p + hl + sizeof h, sizeof q);
    return q.version == 4 ? NULL : "ICMP error quoting a header that is not IPv4";
}
