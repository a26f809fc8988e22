/*
 * 03-send-ip - write the IPv4 header ourselves (IPPROTO_RAW, which implies
 *              IP_HDRINCL), send an echo request in it, and watch the
 *              kernel of HOST answer.
 *
 * Follows the sending half of "Raw sockets in Go: Link layer" (Graham King,
 * 2015). The header is built here field by field (build_packet), in RFC
 * 791's order: this program teaches its layout, later ones call
 * ip4_build(). Id, source and header checksum are left 0 for the kernel.
 * Walkthrough: part2-link-layer/README.md, "03-send-ip".
 *
 * Usage:  03-send-ip [-t SECONDS] [-n] [HOST]     (HOST: 127.0.0.1)
 * Exit 0 on the echo reply, 1 without. Needs root or CAP_NET_RAW (not
 * with -n); opens both sockets, then gives root up.
 *
 * Try:  ./03-send-ip -n (the 30 bytes), then sudo ./03-send-ip next to
 *       sudo tcpdump -n -v -i lo icmp: the kernel's id, source and sum.
 */
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
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The series' echo request: identifier 0, sequence 0, data C0 DE. */
enum { ECHO_ID = 0, ECHO_SEQ = 0 };
static const uint8_t payload[] = { 0xC0, 0xDE };

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-t SECONDS] [-n] [HOST]\n"
            "  HOST        where to send the echo request (default 127.0.0.1)\n"
            "  -t SECONDS  wait this long for the reply (default 5)\n"
            "  -n          print the packet, send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

static size_t build_packet(uint8_t *buf, size_t cap, struct in_addr dst);

int main(int argc, char **argv)
{
    static uint8_t reply[65536];
    uint8_t pkt[64];
    struct in_addr dst = { htonl(INADDR_LOOPBACK) };
    struct icmp_reply r;
    int timeout_ms = 5000, dry = 0, raw, icmp, c;
    char from[INET_ADDRSTRLEN];
    size_t len;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (argc - optind > 1)
        usage_error(usage);
    if (optind < argc)
        dst = opt_ipv4(argv[optind]);

    len = build_packet(pkt, sizeof pkt, dst);
    if (dry) {
        hex_line(stdout, pkt, len);
        return EXIT_GOT;
    }

    /* IPPROTO_RAW: send-only, and the header is ours (IP_HDRINCL is on). */
    raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    if (raw < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", SOCK_KIND_RAW);
    icmp = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);   /* to see the reply */
    if (icmp < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", SOCK_KIND_RAW);
    drop_privileges();

    ip4_send(raw, pkt, len, dst);
    fprintf(stderr, "%s: sent %zu bytes to %s, waiting for the echo reply\n",
            progname, len, inet_ntop(AF_INET, &dst, from, sizeof from));
    if (!icmp_echo_wait(icmp, ECHO_ID, ECHO_SEQ, now_ms() + timeout_ms,
                        reply, sizeof reply, &r)) {
        fprintf(stderr, "%s: no echo reply within the timeout\n", progname);
        return EXIT_NOANSWER;
    }
    printf("echo reply from %s: %zu bytes, ttl %u\n",
           inet_ntop(AF_INET, &r.from, from, sizeof from), r.hlen + r.len, r.ttl);
    hex_line(stdout, reply, r.hlen + r.len);
    close(raw);
    close(icmp);
    return EXIT_GOT;
}

/* The IPv4 header, by offset (RFC 791), then the ICMP echo request.
 * Returns the packet's length. */
static size_t build_packet(uint8_t *buf, size_t cap, struct in_addr dst)
{
    size_t icmp_len = icmp_echo_build(buf + 20, cap - 20, ICMP_ECHO, ECHO_ID,
                                      ECHO_SEQ, payload, sizeof payload);
    struct iphdr ip = {
        .version = 4, .ihl = 5,       /* byte 1: version 4, IHL 5 words = 20 */
        .tos = 0,                     /* byte 2: DSCP 0, ECN 0 */
        .tot_len = htons((uint16_t)(20 + icmp_len)),  /* bytes 3-4 */
        .id = 0,                      /* bytes 5-6: 0, the kernel picks one */
        .frag_off = 0,                /* bytes 7-8: flags 0 (no DF), offset 0 */
        .ttl = 64,                    /* byte 9 */
        .protocol = IPPROTO_ICMP,     /* byte 10: 1 */
        .check = 0,                   /* bytes 11-12: the kernel's */
        .saddr = 0,                   /* bytes 13-16: 0.0.0.0, the kernel's */
        .daddr = dst.s_addr,          /* bytes 17-20, network order */
    };

    memcpy(buf, &ip, sizeof ip);
    return sizeof ip + icmp_len;
}
