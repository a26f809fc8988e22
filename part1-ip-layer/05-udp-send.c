/*
 * 05-udp-send - a UDP datagram built by hand; with -k, a wrong checksum,
 *               and the receiver's kernel throws the datagram away.
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014): after ICMP and
 * TCP, the simplest transport, on socket(AF_INET, SOCK_RAW, IPPROTO_UDP):
 * the 8-byte header of RFC 768, the message, the checksum over the
 * pseudo-header (a computed 0 is sent as 0xFFFF). Walkthrough:
 * part1-ip-layer/README.md, "05-udp-send".
 *
 * Usage:  05-udp-send [-s SRCPORT] [-k] [-n] HOST PORT MESSAGE
 * Exit 0 once sent, 2 on error. Needs root or CAP_NET_RAW (not with -n);
 * opens its socket, then gives root up.
 *
 * Try:  peer: nc -u -l 9999          here: sudo ./05-udp-send HOST 9999 hello
 *       then with -k, and nstat -az UdpInCsumErrors on the peer.
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "print.h"

#include <arpa/inet.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_MSG = 65535 - 20 - 8 };

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-s SRCPORT] [-k] [-n] HOST PORT MESSAGE\n"
            "  -s SRCPORT  source port (default: random)\n"
            "  -k          send a wrong checksum (the receiver drops it)\n"
            "  -n          print the datagram as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

static size_t build_udp(uint8_t *dgram, struct in_addr src, struct in_addr dst,
                        uint16_t sport, uint16_t dport, const char *msg,
                        size_t len);

int main(int argc, char **argv)
{
    static uint8_t dgram[8 + MAX_MSG];
    uint16_t sport = 0, dport, right, v;
    int wrong = 0, dry = 0, fd, c;
    struct sockaddr_in to = { .sin_family = AF_INET };
    struct in_addr src;
    const char *msg;
    size_t mlen, len;
    ssize_t n;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "s:knh", help_option, NULL)) != -1) {
        switch (c) {
        case 's': sport = opt_port(optarg); break;
        case 'k': wrong = 1; break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 3)
        usage_error(usage);
    to.sin_addr = opt_ipv4(argv[optind]);
    dport = opt_port(argv[optind + 1]);
    msg = argv[optind + 2];
    mlen = strlen(msg);
    if (mlen > MAX_MSG)
        die_msg("message of %zu bytes: at most %d fit in one datagram", mlen, MAX_MSG);
    if (!sport) {
        uint32_t r;

        if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
            die("getrandom");
        sport = (uint16_t)(32768 + r % 28232);
    }

    src = transport_source_for(to.sin_addr);
    len = build_udp(dgram, src, to.sin_addr, sport, dport, msg, mlen);
    memcpy(&v, dgram + 6, 2);
    right = ntohs(v);
    if (wrong) {                  /* one off, and never 0: 0 means "none" */
        v = htons(right == 0xffff ? 1 : (uint16_t)(right + 1));
        memcpy(dgram + 6, &v, 2);
    }
    if (dry) {
        hex_line(stdout, dgram, len);
        return EXIT_GOT;
    }

    fd = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_UDP)", SOCK_KIND_RAW);
    drop_privileges();
    n = sendto(fd, dgram, len, 0, (struct sockaddr *)&to, sizeof to);
    if (n < 0)
        die("sendto");
    close(fd);
    fputs("IP ", stdout);
    udp_print(stdout, src, to.sin_addr, dgram, len);
    memcpy(&v, dgram + 6, 2);
    if (wrong)
        printf("checksum 0x%04x: wrong on purpose (the right one is 0x%04x)\n",
               ntohs(v), right);
    else
        printf("checksum 0x%04x\n", right);
    return EXIT_GOT;
}

/* Header, message and checksum at dgram; returns the datagram's length. */
static size_t build_udp(uint8_t *dgram, struct in_addr src, struct in_addr dst,
                        uint16_t sport, uint16_t dport, const char *msg,
                        size_t len)
{
    uint16_t total = (uint16_t)(8 + len), v;

    v = htons(sport);
    memcpy(dgram, &v, 2);
    v = htons(dport);
    memcpy(dgram + 2, &v, 2);
    v = htons(total);
    memcpy(dgram + 4, &v, 2);
    memset(dgram + 6, 0, 2);                   /* 0 while summing */
    memcpy(dgram + 8, msg, len);
    v = htons(csum_udp4(src, dst, dgram, total));   /* a sum of 0 goes out as 0xFFFF */
    memcpy(dgram + 6, &v, 2);
    return total;
}
