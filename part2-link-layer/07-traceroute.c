/*
 * 07-traceroute - find the routers on the way to a host: echo requests
 *                 with TTL 1, 2, 3 ... written into our own IP header.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015): once we
 * write the IPv4 header, the TTL is byte 9 of our buffer. Walkthrough:
 * part2-link-layer/README.md, "07-traceroute".
 *
 * Usage:  07-traceroute [-m MAXHOPS] [-q PROBES] [-t SECONDS] [-n] HOST
 * Exit 0 when HOST answered, 1 when it did not within MAXHOPS. An
 * unreachable is marked as traceroute(8) marks it: !N !H !P !F-MTU !S !X
 * !V !C, or !<code>. Needs root or CAP_NET_RAW (sockets IPPROTO_RAW to
 * send, IPPROTO_ICMP to receive); gives root up once they are open.
 *
 * Try: ./07-traceroute -n 192.0.2.1 -> 45 00 00 1C 00 00 00 00 01 01: TTL
 * 1 at byte 9. Then sudo ./07-traceroute 1.1.1.1 beside traceroute -n -I.
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
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
                               struct in_addr *from, uint8_t *code,
                               uint16_t *mtu);
static void unreachable_mark(uint8_t code, uint16_t mtu);

int main(int argc, char **argv)
{
    static uint8_t pkt[64];
    long maxhops = 30, probes = 3;
    int timeout_ms = 2000, dry = 0, reached = 0, c, rfd, sfd;
    uint16_t ident = (uint16_t)getpid(), seq = 0;
    char addr[INET_ADDRSTRLEN];
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

    sfd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);   /* we write the header */
    if (sfd < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", SOCK_KIND_RAW);
    rfd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);  /* the replies */
    if (rfd < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", SOCK_KIND_RAW);
    drop_privileges();
    ip4_listening(IPPROTO_ICMP);
    printf("%s to %s, %ld hops max, %zu byte packets\n", progname,
           inet_ntop(AF_INET, &dst, addr, sizeof addr), maxhops,
           build_probe(pkt, sizeof pkt, dst, 1, 0, 0));

    for (long ttl = 1; ttl <= maxhops && !reached; ttl++) {
        struct in_addr last = { 0 };

        printf("%2ld ", ttl);
        for (long i = 0; i < probes; i++) {
            double t0 = now_mono_ms(), ms;
            struct in_addr from;
            uint16_t mtu = 0;
            uint8_t code = 0;
            enum answer a;

            len = build_probe(pkt, sizeof pkt, dst, (uint8_t)ttl, ident, ++seq);
            ip4_send(sfd, pkt, len, dst);
            a = wait_answer(rfd, dst, ident, seq, now_ms() + timeout_ms,
                            &from, &code, &mtu);
            ms = now_mono_ms() - t0;
            if (a == NONE)
                printf(" *");
            else if (from.s_addr != last.s_addr)
                printf(" %s  %.3f ms", inet_ntop(AF_INET, &from, addr, sizeof addr), ms);
            else
                printf("  %.3f ms", ms);
            if (a != NONE)
                last = from;
            if (a == UNREACHABLE)
                unreachable_mark(code, mtu);
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

/* Wait for the answer to probe seq: time exceeded or unreachable quoting
 * it, or the echo reply from dst. NONE when the deadline passes. */
static enum answer wait_answer(int fd, struct in_addr dst, uint16_t ident,
                               uint16_t seq, int64_t deadline,
                               struct in_addr *from, uint8_t *code,
                               uint16_t *mtu)
{
    static uint8_t buf[65536];
    size_t hlen, total;

    /* ip4_recv: MSG_TRUNC, and the IPv4 header checked (reported if bad) */
    while (ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total)) {
        const uint8_t *icmp = buf + hlen;
        size_t ilen = total - hlen;
        char addr[INET_ADDRSTRLEN];
        struct iphdr ip;
        struct icmphdr h;

        memcpy(&ip, buf, sizeof ip);
        if (ip.protocol != IPPROTO_ICMP || ilen < sizeof h)
            continue;
        memcpy(&h, icmp, sizeof h);
        from->s_addr = ip.saddr;
        if (csum(icmp, ilen) != 0) {            /* an intact one sums to 0 */
            warn_msg("skipped an ICMP message from %s: bad checksum",
                     inet_ntop(AF_INET, from, addr, sizeof addr));
            continue;
        }
        *code = h.code;
        *mtu = ntohs(h.un.frag.mtu);            /* next-hop MTU, RFC 1191 */
        if (from->s_addr == dst.s_addr && h.type == ICMP_ECHOREPLY &&
            ntohs(h.un.echo.id) == ident && ntohs(h.un.echo.sequence) == seq)
            return REACHED;
        /* An error about our probe quotes it: our echo request to dst, our
         * id, this seq (common/icmp.c; 03-ping teaches the same check). */
        if ((h.type == ICMP_TIME_EXCEEDED || h.type == ICMP_DEST_UNREACH) &&
            icmp_quotes_echo(icmp + sizeof h, ilen - sizeof h, dst, ident, seq))
            return h.type == ICMP_TIME_EXCEEDED ? TIME_EXCEEDED : UNREACHABLE;
    }
    return NONE;
}

/* traceroute(8)'s mark after an unreachable, by its code (RFC 792, 1812):
 * !N network, !H host, !P protocol, none for port (a UDP traceroute's
 * host answers so), !F-MTU, !S source route, !X prohibited, !V and !C
 * precedence; other codes !<code>. */
static void unreachable_mark(uint8_t code, uint16_t mtu)
{
    static const char *const mark[16] = { "!N", "!H", "!P", "", "!F", "!S",
        "!N", "!H", "!N", "!X", "!X", "!N", "!H", "!X", "!V", "!C" };

    if (code == ICMP_FRAG_NEEDED)
        printf(" !F-%u", mtu);
    else if (code < 16 && code != ICMP_PORT_UNREACH)
        printf(" %s", mark[code]);
    else if (code >= 16)
        printf(" !<%u>", code);
}
