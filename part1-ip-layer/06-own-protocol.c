/*
 * 06-own-protocol - text messages over IP protocol 253: a protocol of our
 *                   own, next to ICMP, TCP and UDP.
 *
 * The series opens by saying raw IP sockets are for "protocols other than
 * TCP or UDP". 253 is kept for experiments (RFC 3692); our messages carry
 * a magic number, a length and their own checksum:
 *   | 'W' | 'B' | ver 1 | type 1 | message length | checksum | message ..
 * Walkthrough: part1-ip-layer/README.md, "06-own-protocol".
 *
 * Usage:  06-own-protocol listen [-c COUNT] [-t SECONDS]
 *         06-own-protocol send [-n] HOST MESSAGE
 * Needs root or CAP_NET_RAW (not with -n); gives root up once the socket
 * is open.
 *
 * Try:  sudo ./06-own-protocol listen, and elsewhere
 *       sudo ./06-own-protocol send 127.0.0.1 'hello'
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { PROTO_OWN = 253, OWN_HLEN = 8, OWN_VERSION = 1, OWN_TEXT = 1,
       OWN_MAX = 65535 - 20 - OWN_HLEN };   /* what fits one IPv4 packet */

static void usage(FILE *out)
{
    fprintf(out, "usage: %s listen [-c COUNT] [-t SECONDS]\n"
            "       %s send [-n] HOST MESSAGE\n"
            "  -c COUNT    stop after COUNT messages\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "  -n          print the bytes that would be sent, send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname, progname);
}

static size_t own_build(uint8_t *buf, size_t cap, const char *msg);
static int own_print(const uint8_t *buf, size_t hlen, size_t total);

int main(int argc, char **argv)
{
    static uint8_t buf[65536];          /* loopback's MTU is 65536 */
    long count = 0, got = 0;
    int timeout_ms = 60000, dry = 0, timed = 0, fd, c;
    size_t hlen, total;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "c:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'c': count = opt_count(optarg); timed = 1; break;
        case 't': timeout_ms = opt_seconds_ms(optarg); timed = 1; break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (argc - optind == 3 && strcmp(argv[optind], "send") == 0 && !timed) {
        struct sockaddr_in to = { .sin_family = AF_INET };
        char addr[INET_ADDRSTRLEN];
        const char *msg = argv[optind + 2];
        size_t len;

        to.sin_addr = opt_ipv4(argv[optind + 1]);
        len = own_build(buf, sizeof buf, msg);
        if (dry) {
            hex_line(stdout, buf, len);
            return EXIT_GOT;
        }
        fd = socket(AF_INET, SOCK_RAW, PROTO_OWN);
        if (fd < 0)
            die_socket("socket(AF_INET, SOCK_RAW, 253)", SOCK_KIND_RAW);
        drop_privileges();
        if (sendto(fd, buf, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
            die("sendto");
        printf("sent %zu bytes to %s over ip-proto-253: %s\n", len,
               inet_ntop(AF_INET, &to.sin_addr, addr, sizeof addr), msg);
        close(fd);
        return EXIT_GOT;
    }
    if (argc - optind != 1 || strcmp(argv[optind], "listen") != 0 || dry)
        usage_error(usage);

    fd = socket(AF_INET, SOCK_RAW, PROTO_OWN);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW)", SOCK_KIND_RAW);
    drop_privileges();
    ip4_listening(PROTO_OWN);             /* "listening on", as 01-recv */

    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) &&
           ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total))
        got += own_print(buf, hlen, total);
    close(fd);
    if (count)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* Header and message at buf (cap >= OWN_HLEN + OWN_MAX); returns the length. */
static size_t own_build(uint8_t *buf, size_t cap, const char *msg)
{
    size_t mlen = strlen(msg);
    uint16_t v;

    if (cap < OWN_HLEN || mlen > cap - OWN_HLEN || mlen > OWN_MAX)
        die_msg("message too long: %zu bytes, at most %d", mlen, OWN_MAX);
    buf[0] = 'W';
    buf[1] = 'B';                                 /* magic: "workbook" */
    buf[2] = OWN_VERSION;
    buf[3] = OWN_TEXT;
    v = htons((uint16_t)mlen);
    memcpy(buf + 4, &v, 2);
    memset(buf + 6, 0, 2);                        /* checksum: 0 while summing */
    memcpy(buf + OWN_HLEN, msg, mlen);
    v = htons(csum(buf, OWN_HLEN + mlen));
    memcpy(buf + 6, &v, 2);
    return OWN_HLEN + mlen;
}

/* A checked IPv4 packet: check our header, print the message. 1 printed. */
static int own_print(const uint8_t *buf, size_t hlen, size_t total)
{
    char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
    size_t len, i;
    const uint8_t *p;
    const char *bad = NULL;
    uint16_t mlen;

    inet_ntop(AF_INET, buf + 12, src, sizeof src);
    inet_ntop(AF_INET, buf + 16, dst, sizeof dst);
    p = buf + hlen;
    len = total - hlen;
    if (len >= OWN_HLEN)
        memcpy(&mlen, p + 4, 2);
    if (len < OWN_HLEN || p[0] != 'W' || p[1] != 'B')
        bad = "not ours (no 'WB' magic)";
    else if (p[2] != OWN_VERSION || p[3] != OWN_TEXT)
        bad = "unknown version or type";
    else if (ntohs(mlen) != len - OWN_HLEN)
        bad = "message length does not match the IP length";
    else if (csum(p, len) != 0)
        bad = "bad checksum";
    if (bad) {
        warn_msg("skipped a packet from %s, %zu bytes: %s", src, len, bad);
        return 0;
    }
    printf("IP %s > %s: ip-proto-253, message %zu bytes: ", src, dst,
           len - OWN_HLEN);
    for (i = OWN_HLEN; i < len; i++) {          /* shown, never obeyed */
        if (p[i] >= 0x20 && p[i] <= 0x7e && p[i] != '\\')
            putchar(p[i]);
        else
            printf("\\x%02x", p[i]);
    }
    putchar('\n');
    fflush(stdout);
    return 1;
}
