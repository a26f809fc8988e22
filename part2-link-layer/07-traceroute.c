/*
 * 07-traceroute - find the routers on the way to a host: echo requests
 *                 with TTL 1, 2, 3 ... written into our own IP header.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015): once we
 * write the IPv4 header (IPPROTO_RAW implies IP_HDRINCL), the TTL is byte
 * 9 of our buffer. The router that takes it to 0 drops the packet and
 * sends back ICMP time exceeded (type 11), quoting our IP header and the
 * 8 bytes after it: our echo request's type, id and sequence. The host
 * answers with an echo reply. A raw ICMP socket sees every ICMP message
 * for this host, so a quote counts only once checked: its lengths, ICMP,
 * our destination, an echo request with our id and this probe's sequence.
 *
 * Usage:  07-traceroute [-m MAXHOPS] [-q PROBES] [-t SECONDS] [-n] HOST
 *   -m MAXHOPS  highest TTL to try (default 30)
 *   -q PROBES   probes per hop (default 3)
 *   -t SECONDS  wait for each answer (default 2); no answer prints *
 *   -n          print the first probe (TTL 1, seq 1) as '% X', send nothing
 * Exit 0 when HOST answered, 1 when it did not within MAXHOPS.
 *
 * Needs root or CAP_NET_RAW (raw sockets IPPROTO_RAW to send, IPPROTO_ICMP
 * to receive); gives root up once they are open.
 *
 * Try: ./07-traceroute -n 192.0.2.1 -> 45 00 00 1C 00 00 00 00 01 01: TTL
 * 1 at byte 9; source 0.0.0.0 and id 0, which the kernel fills in. Then
 * compare sudo ./07-traceroute 1.1.1.1 with traceroute -n -I 1.1.1.1.
 */
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "ip4.h"
#include "options.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-m MAXHOPS] [-q PROBES] [-t SECONDS] [-n] HOST\n"
            "  -m MAXHOPS  highest TTL to try (default 30)\n"
            "  -q PROBES   probes per hop (default 3)\n"
            "  -t SECONDS  wait for each answer (default 2)\n"
            "  -n          print the first probe as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

enum answer { NONE, TIME_EXCEEDED, REACHED, UNREACHABLE };

static size_t build_probe(uint8_t *buf, size_t cap, struct in_addr dst,
                          uint8_t ttl, uint16_t ident, uint16_t seq);
static enum answer wait_answer(int fd, struct in_addr dst, uint16_t ident,
                               uint16_t seq, int64_t deadline,
                               struct in_addr *from, uint8_t *code);

int main(int argc, char **argv)
{
    static uint8_t pkt[64];
    long maxhops = 30, probes = 3;
    int timeout_ms = 2000, dry = 0, reached = 0, c, rfd, sfd;
    uint16_t ident = (uint16_t)getpid(), seq = 0;
    struct in_addr dst;
    size_t len;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "m:q:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'm': maxhops = opt_long(optarg, "hop count", 1, 255); break;
        case 'q': probes = opt_long(optarg, "probe count", 1, 10); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1)
        usage_error(usage);
    dst = opt_ipv4(argv[optind]);
    if (dry) {
        len = build_probe(pkt, sizeof pkt, dst, 1, ident, 1);
        hex_line(stdout, pkt, len);
        return EXIT_GOT;
    }

    sfd = ip4_raw_socket();            /* IPPROTO_RAW: we write the header */
    rfd = ip4_listen(IPPROTO_ICMP);     /* replies; then root is given up */
    printf("%s to %s, %ld hops max, %zu byte packets\n", progname,
           inet_ntoa(dst), maxhops, build_probe(pkt, sizeof pkt, dst, 1, 0, 0));

    for (long ttl = 1; ttl <= maxhops && !reached; ttl++) {
        struct in_addr last = { 0 };

        printf("%2ld ", ttl);
        for (long i = 0; i < probes; i++) {
            double t0 = now_mono(), ms;
            struct in_addr from;
            uint8_t code = 0;
            enum answer a;

            len = build_probe(pkt, sizeof pkt, dst, (uint8_t)ttl, ident, ++seq);
            ip4_send(sfd, pkt, len, dst);
            a = wait_answer(rfd, dst, ident, seq, now_ms() + timeout_ms,
                            &from, &code);
            ms = (now_mono() - t0) * 1e3;
            if (a == NONE)
                printf(" *");
            else if (from.s_addr != last.s_addr)
                printf(" %s  %.3f ms", inet_ntoa(from), ms);
            else
                printf("  %.3f ms", ms);
            if (a != NONE)
                last = from;
            if (a == UNREACHABLE)        /* !N network, !H host, !X other */
                printf(" !%c", code == 0 ? 'N' : code == 1 ? 'H' : 'X');
            if (a == REACHED || a == UNREACHABLE)
                reached = a == REACHED ? 1 : -1;
            fflush(stdout);
        }
        printf("\n");
    }
    return reached == 1 ? EXIT_GOT : EXIT_NOANSWER;
}

/* IPv4 header (TTL ttl, source and id 0: the kernel fills them in) and an
 * echo request with no data. Returns the packet's length. */
static size_t build_probe(uint8_t *buf, size_t cap, struct in_addr dst,
                          uint8_t ttl, uint16_t ident, uint16_t seq)
{
    struct ip4_spec s = { .ttl = ttl, .proto = IPPROTO_ICMP, .dst = dst };
    size_t hlen = ip4_build(buf, cap, &s, 8);

    return hlen + icmp_echo_build(buf + hlen, cap - hlen, ICMP_ECHO, ident,
                                  seq, NULL, 0);
}

/* Is the echo message at p (8 bytes checked by the caller) of this type,
 * with our id and this seq? */
static int is_echo(const uint8_t *p, uint8_t type, uint16_t ident, uint16_t seq)
{
    uint16_t id, sq;

    memcpy(&id, p + 4, 2);
    memcpy(&sq, p + 6, 2);
    return p[0] == type && ntohs(id) == ident && ntohs(sq) == seq;
}

/* Is q (qlen bytes quoted in an ICMP error) our probe? The quote is the
 * IP header (IHL*4 bytes, options included) and at least 8 bytes more. */
static int is_our_probe(const uint8_t *q, size_t qlen, struct in_addr dst,
                        uint16_t ident, uint16_t seq)
{
    size_t qhl;

    if (qlen < 20 || q[0] >> 4 != 4)
        return 0;
    qhl = (size_t)(q[0] & 0x0f) * 4;
    if (qhl < 20 || qhl + 8 > qlen)
        return 0;
    if (q[9] != IPPROTO_ICMP || memcmp(q + 16, &dst.s_addr, 4) != 0)
        return 0;
    return is_echo(q + qhl, ICMP_ECHO, ident, seq);
}

/* Wait for the answer to probe seq: time exceeded or unreachable quoting
 * it, or the echo reply from dst. NONE when the deadline passes. */
static enum answer wait_answer(int fd, struct in_addr dst, uint16_t ident,
                               uint16_t seq, int64_t deadline,
                               struct in_addr *from, uint8_t *code)
{
    static uint8_t buf[65536];
    size_t hlen, total;

    /* ip4_recv: MSG_TRUNC, and the IPv4 header checked (reported if bad) */
    while (ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total)) {
        const uint8_t *icmp = buf + hlen;
        size_t ilen = total - hlen;

        if (buf[9] != IPPROTO_ICMP || ilen < 8)
            continue;
        memcpy(&from->s_addr, buf + 12, 4);
        *code = icmp[1];
        if (from->s_addr == dst.s_addr && is_echo(icmp, ICMP_ECHOREPLY, ident, seq))
            return REACHED;
        if ((icmp[0] == ICMP_TIME_EXCEEDED || icmp[0] == ICMP_DEST_UNREACH)
            && is_our_probe(icmp + 8, ilen - 8, dst, ident, seq))
            return icmp[0] == ICMP_TIME_EXCEEDED ? TIME_EXCEEDED : UNREACHABLE;
    }
    return NONE;
}
