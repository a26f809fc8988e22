/*
 * 05-protocol-swap - one IPv4 header, four protocols: change the protocol
 *                    byte (and the payload that goes with it) and watch how
 *                    the kernel of HOST reacts.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015), which sent
 * one echo request in a hand-made header: with IP_HDRINCL the header is the
 * same whatever it carries. Byte 10 (offset 9) tells the receiver which of
 * its protocol handlers gets the rest:
 *   -p icmp  an echo request       -> an echo reply
 *   -p udp   a datagram to port 33434, where nothing listens
 *                                  -> ICMP port unreachable (type 3 code 3)
 *   -p tcp   a SYN to port 33434   -> a RST: no one listens
 *   -p 253   two bytes of protocol 253 (RFC 3692, experiments), which no
 *            handler knows        -> ICMP protocol unreachable (type 3 code 2)
 *
 * The header comes from ip4_build() (03-send-ip taught its layout). Here
 * the source address cannot be left 0 for the kernel: the UDP and TCP
 * checksums cover a pseudo-header holding it. transport_source_for() asks
 * the routing table which source it would use (no packet is sent), and we
 * write it in.
 *
 * The reactions are read on two raw sockets opened before sending: ICMP
 * (echo reply, the errors, which quote our header: id and protocol say they
 * are ours) and TCP (the RST). On loopback our own packet shows up on them
 * first, and is passed over. The reaction is printed as tcpdump -n prints
 * it (common/print-*.c).
 *
 * Usage:  05-protocol-swap -p icmp|udp|tcp|253 [-t SECONDS] [-n] HOST
 *   -t SECONDS  wait this long for the reaction (default 5; exit 1 without)
 *   -n          print the packet as "% X" and send nothing (no privilege)
 * Needs root or CAP_NET_RAW (sudo ./05-protocol-swap -p udp 127.0.0.1).
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
#include <netinet/ip_icmp.h>
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
static int reaction(const uint8_t *p, size_t n, uint8_t proto, struct in_addr dst);

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

        if (n < 0)
            die("recv");
        if ((size_t)n <= sizeof buf && reaction(buf, (size_t)n, proto, dst))
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
    uint8_t pl[32] = { 0 }, *p = pl;
    uint16_t v;
    uint32_t w;
    size_t n, hlen;

    if (proto == IPPROTO_ICMP) {
        n = icmp_echo_build(pl, sizeof pl, ICMP_ECHO, ID, 1, data, sizeof data);
    } else if (proto == IPPROTO_UDP) {          /* RFC 768 */
        n = 8 + sizeof data;
        v = htons(SPORT), memcpy(p, &v, 2);
        v = htons(DPORT), memcpy(p + 2, &v, 2);
        v = htons((uint16_t)n), memcpy(p + 4, &v, 2);
        memcpy(p + 8, data, sizeof data);       /* checksum 0 while summing */
        v = htons(csum_udp4(src, dst, pl, (uint16_t)n)), memcpy(p + 6, &v, 2);
    } else if (proto == IPPROTO_TCP) {          /* RFC 793: a bare SYN */
        n = 20;
        v = htons(SPORT), memcpy(p, &v, 2);
        v = htons(DPORT), memcpy(p + 2, &v, 2);
        w = htonl(SEQ), memcpy(p + 4, &w, 4);
        p[12] = 5 << 4;                          /* data offset: 5 words */
        p[13] = 0x02;                            /* SYN */
        v = htons(64240), memcpy(p + 14, &v, 2); /* window */
        v = htons(csum_tcp4(src, dst, pl, (uint16_t)n)), memcpy(p + 16, &v, 2);
    } else {
        n = sizeof data;
        memcpy(pl, data, n);
    }
    hlen = ip4_build(pkt, 60, &s, n);           /* the same for all four */
    memcpy(pkt + hlen, pl, n);
    return hlen + n;
}

/* If p (n bytes, from a raw socket) is HOST's reaction to our packet, print
 * it as tcpdump -n does and return 1. */
static int reaction(const uint8_t *p, size_t n, uint8_t proto, struct in_addr dst)
{
    struct in_addr from, to;
    size_t hl, tot;
    const uint8_t *m;
    uint16_t v, port;

    if (ip4_check(p, n, &hl, &tot) || memcmp(p + 12, &dst.s_addr, 4))
        return 0;
    m = p + hl;
    if (p[9] == IPPROTO_TCP) {
        if (proto != IPPROTO_TCP || tot - hl < 20)
            return 0;
        memcpy(&v, m, 2), memcpy(&port, m + 2, 2);
        if (ntohs(v) != DPORT || ntohs(port) != SPORT || !(m[13] & 0x04))
            return 0;                            /* not a RST to our SYN */
    } else if (p[9] != IPPROTO_ICMP || tot - hl < 8) {
        return 0;
    } else if (m[0] == ICMP_ECHOREPLY) {
        memcpy(&v, m + 4, 2);
        if (proto != IPPROTO_ICMP || ntohs(v) != ID)
            return 0;
    } else {
        /* An error quotes our header (and 8 bytes or more; the quote may be
         * cut short, so its total length is not checked): is it ours? */
        if (m[0] != ICMP_DEST_UNREACH || tot - hl < 8 + 20 || m[8] >> 4 != 4
            || m[8 + 9] != proto)
            return 0;
        memcpy(&v, m + 8 + 4, 2);
        if (ntohs(v) != ID)
            return 0;
    }
    memcpy(&from.s_addr, p + 12, 4);
    memcpy(&to.s_addr, p + 16, 4);
    transport_print(stdout, p[9], from, to, m, tot - hl);
    return 1;
}
