/*
 * 01-recv - read packets from a raw IP socket; print what the IP header
 *           carries, one "% X" line a packet.
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014): its first
 * program listens with net.ListenIP("ip4:icmp", ...) and prints each
 * packet with fmt.Printf("% X\n", buf[:n]). A C raw socket hands us the
 * IPv4 header too, so we check it and skip its IHL*4 bytes. Walkthrough:
 * part1-ip-layer/README.md, "01-recv".
 *
 * Usage:  01-recv [-p PROTO] [-c COUNT] [-t SECONDS] [-x]
 * Exit 0 when COUNT packets (or any, without -c) came, 1 at the timeout
 * (default 60 s). Needs root or CAP_NET_RAW; root is given up once the
 * socket is open.
 *
 * Try:  sudo ./01-recv, and ping -c 1 127.0.0.1 in a second terminal:
 *       08 00 .. (type 8, echo request), then the reply, 00 00 ..
 */
#include "errors.h"
#include "hexdump.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *check_header(const uint8_t *p, size_t n, size_t *hlen,
                                size_t *total);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-p PROTO] [-c COUNT] [-t SECONDS] [-x]\n"
            "  -p PROTO    protocol to receive: icmp (default), tcp, udp, or a number\n"
            "  -c COUNT    stop after COUNT packets\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "  -x          canonical dump (offset, hex, ASCII) instead of '%% X'\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65536];          /* loopback's MTU is 65536 */
    uint8_t proto = IPPROTO_ICMP;
    long count = 0, got = 0;
    int timeout_ms = 60000, canonical = 0, fd, c;
    char pbuf[16];
    size_t hlen, total;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "p:c:t:xh", help_option, NULL)) != -1) {
        switch (c) {
        case 'p': proto = opt_proto(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'x': canonical = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc)
        usage_error(usage);

    fd = socket(AF_INET, SOCK_RAW, proto);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW)", SOCK_KIND_RAW);
    drop_privileges();
    fprintf(stderr, "%s: listening on AF_INET SOCK_RAW, protocol %s (%u)\n",
            progname, proto_name(proto, pbuf), proto);

    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) && wait_readable(fd, deadline)) {
        ssize_t n = recv(fd, buf, sizeof buf, MSG_TRUNC); /* n: the real length */
        const char *bad;

        if (n < 0)
            die("recv");
        if ((size_t)n > sizeof buf) {
            warn_msg("skipped a packet of %zd bytes: longer than the buffer", n);
            continue;
        }
        bad = check_header(buf, (size_t)n, &hlen, &total);
        if (bad) {                      /* reported and skipped, never trusted */
            warn_msg("skipped a packet of %zd bytes: %s", n, bad);
            continue;
        }
        if (canonical)                  /* skip the IP header: IHL*4 bytes */
            hex_dump(stdout, buf + hlen, total - hlen);
        else
            hex_line(stdout, buf + hlen, total - hlen);
        got++;
    }
    close(fd);
    if (count)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/*
 * The IPv4 header at p, n bytes read: never trust a length we did not
 * check. At least 20 bytes, version 4, IHL (32-bit words) at least 5 and
 * within what was read, the total length at least IHL*4 and within what
 * was read (bytes past it are not the packet's). NULL when good, with
 * *hlen = IHL*4 and *total; else what is wrong. Later programs call the
 * same check from common/ip4.c: ip4_check(), inside ip4_recv().
 */
static const char *check_header(const uint8_t *p, size_t n, size_t *hlen,
                                size_t *total)
{
    struct iphdr ip;                    /* a copy: p may sit at any address */

    if (n < sizeof ip)
        return "shorter than an IPv4 header (20 bytes)";
    memcpy(&ip, p, sizeof ip);
    if (ip.version != 4)
        return "not IPv4 (version is not 4)";
    *hlen = (size_t)ip.ihl * 4;
    if (*hlen < sizeof ip)
        return "IHL below 5";
    if (*hlen > n)
        return "IHL runs past the bytes read";
    *total = ntohs(ip.tot_len);         /* bytes 3-4, network order */
    if (*total < *hlen)
        return "total length shorter than the header";
    if (*total > n)
        return "total length runs past the bytes read (truncated)";
    return NULL;
}

