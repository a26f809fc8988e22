/*
 * 02-recv-explained - 01-recv's bytes, read the way the series reads them:
 *           one line a packet, modelled on tcpdump -n.
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014), where the
 * series explains its hex dump by hand ("the first byte is 8", "byte 14 is
 * 02"). The header is checked as 01-recv does; the rest goes to the
 * tcpdump-style printers, common/print-*.c. Walkthrough:
 * part1-ip-layer/README.md, "02-recv-explained".
 *
 * Usage:  02-recv-explained [-p icmp|tcp|udp|N] [-c COUNT] [-t SECONDS]
 * Exit 0 when COUNT packets (or any, without -c) came, 1 at the timeout
 * (default 60 s). Needs root or CAP_NET_RAW; opens its socket, then gives
 * root up.
 *
 * Try:  sudo ./02-recv-explained, and ping -c 1 127.0.0.1 elsewhere:
 *   IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 3542, seq 1, length 64
 */
#include "errors.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "print.h"
#include "wait.h"

#include <netinet/ip.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-p PROTO] [-c COUNT] [-t SECONDS]\n"
            "  -p PROTO    protocol to receive: icmp (default), tcp, udp, or a number\n"
            "  -c COUNT    stop after COUNT packets\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

static void explain_packet(const uint8_t *buf, size_t hlen, size_t total);

int main(int argc, char **argv)
{
    static uint8_t buf[65536];          /* loopback's MTU is 65536 */
    uint8_t proto = IPPROTO_ICMP;
    long count = 0, got = 0;
    int timeout_ms = 60000, fd, c;
    size_t hlen, total;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "p:c:t:h", help_option, NULL)) != -1) {
        switch (c) {
        case 'p': proto = opt_proto(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
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
    ip4_listening(proto);             /* "listening on", as 01-recv */

    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) &&
           ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total)) {
        explain_packet(buf, hlen, total);
        got++;
    }
    close(fd);
    if (count)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* A checked IPv4 packet: print "IP " and the decoded rest, as tcpdump -n. */
static void explain_packet(const uint8_t *buf, size_t hlen, size_t total)
{
    struct iphdr ip;                    /* a copy: buf may sit anywhere */
    struct in_addr src, dst;

    memcpy(&ip, buf, sizeof ip);
    src.s_addr = ip.saddr;              /* already network order */
    dst.s_addr = ip.daddr;
    fputs("IP ", stdout);
    transport_print(stdout, ip.protocol, src, dst, buf + hlen, total - hlen);
}
