/*
 * 06-spoof - an echo request whose source address is another host's: the
 *            reply goes to that host, not to us.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015): once we
 * write the header, bytes 13-16 are whatever we put there, and the peer
 * answers them. The defences (rp_filter, BCP 38) and a lab to watch it:
 * part2-link-layer/README.md, "06-spoof".
 *
 * Usage:  06-spoof -s SOURCE [-t SECONDS] [-n] HOST
 * Exit 1 when no reply came back to us - the expected case, it went to
 * SOURCE; exit 0 when one did (SOURCE is one of our own addresses).
 * Needs root or CAP_NET_RAW; gives root up once its sockets are open.
 *
 * Try (tests/lab.sh, hosts a, b, c): on c, tcpdump -n icmp; on a,
 *     sudo ./06-spoof -s C B. c sees "B > C: ICMP echo reply".
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
#include <sys/socket.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -s SOURCE [-t SECONDS] [-n] HOST\n"
            "  -s SOURCE   source address to write into the IP header\n"
            "  -t SECONDS  watch for a reply to us this long (default 1)\n"
            "  -n          print the request as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65536];
    uint8_t pkt[64];
    int timeout_ms = 1000, dry = 0, have_src = 0, c, rfd, sfd;
    uint16_t ident = (uint16_t)getpid();
    struct ip4_spec s = { .ttl = 64, .proto = IPPROTO_ICMP };
    char src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];
    struct icmp_reply r;
    size_t len;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "s:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 's': s.src = opt_ipv4_source(optarg, "source"); have_src = 1; break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1 || !have_src)
        usage_error(usage);
    s.dst = opt_ipv4(argv[optind]);
    inet_ntop(AF_INET, &s.src, src, sizeof src);
    inet_ntop(AF_INET, &s.dst, dst, sizeof dst);

    /* IP header with SOURCE in bytes 13-16 (id 0: the kernel fills it
     * in), then an echo request, id ident, seq 1, no data. */
    len = ip4_build(pkt, sizeof pkt, &s, 8);
    len += icmp_echo_build(pkt + len, sizeof pkt - len, ICMP_ECHO, ident, 1,
                           NULL, 0);
    if (dry) {
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

    ip4_send(sfd, pkt, len, s.dst);
    printf("%s > %s: ICMP echo request, id %u, seq 1, length 8 (sent by us)\n",
           src, dst, ident);
    fflush(stdout);
    if (icmp_echo_wait(rfd, ident, 1, now_ms() + timeout_ms, buf, sizeof buf, &r)) {
        printf("%s > us: ICMP echo reply, id %u, seq 1: %s is one of our "
               "addresses\n", inet_ntop(AF_INET, &r.from, dst, sizeof dst), ident, src);
        return EXIT_GOT;
    }
    printf("no reply came back to us, as expected: it went to %s\n", src);
    close(rfd);
    close(sfd);
    return EXIT_NOANSWER;
}
