/*
 * 08-record-route - an IP option written by hand: Record Route (RFC 791)
 *                   asks every router on the way to write its address into
 *                   our header; the echo reply brings the list back.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015), which
 * wrote a 20-byte header: IHL 15, 40 bytes of options, the option
 * 07 | length 39 | pointer 4 | nine empty slots, then End of List.
 * Walkthrough: part2-link-layer/README.md, "08-record-route".
 *
 * Usage:  08-record-route [-t SECONDS] [-n] HOST
 * Exit 0 on the reply, 1 without. Needs root or CAP_NET_RAW; gives root
 * up once its sockets are open.
 *
 * Try: ./08-record-route -n 192.0.2.1 | cut -c1-90 -> 4F 00 00 44 ...;
 * then sudo ./08-record-route 192.0.2.1 next to ping -R -c 1 192.0.2.1.
 */
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "ip4.h"
#include "ipopt.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-t SECONDS] [-n] HOST\n"
            "  -t SECONDS  wait for the reply (default 2)\n"
            "  -n          print the request as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

static size_t build_request(uint8_t *buf, size_t cap, struct in_addr dst,
                            uint16_t ident);
static void print_route(const uint8_t *opt, size_t optlen);

int main(int argc, char **argv)
{
    static uint8_t buf[65536];
    uint8_t pkt[128];
    int timeout_ms = 2000, dry = 0, c, rfd, sfd;
    uint16_t ident = (uint16_t)getpid();
    struct icmp_reply r;
    struct in_addr dst;
    char addr[INET_ADDRSTRLEN];
    size_t len;
    double t0;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1)
        usage_error(usage);
    dst = opt_ipv4(argv[optind]);
    len = build_request(pkt, sizeof pkt, dst, ident);
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

    t0 = now_mono_ms();
    ip4_send(sfd, pkt, len, dst);
    if (!icmp_echo_wait(rfd, ident, 1, now_ms() + timeout_ms, buf, sizeof buf, &r)) {
        printf("no echo reply from %s\n", inet_ntop(AF_INET, &dst, addr, sizeof addr));
        return EXIT_NOANSWER;
    }
    printf("%zu bytes from %s: icmp_seq=1 ttl=%u time=%.3f ms\n", r.len,
           inet_ntop(AF_INET, &r.from, addr, sizeof addr), r.ttl, now_mono_ms() - t0);
    print_route(buf + 20, r.hlen - 20);
    close(rfd);
    close(sfd);
    return EXIT_GOT;
}

/* IPv4 header with the Record Route option (source and id 0: the kernel
 * fills them in), then an echo request, id ident, seq 1, no data. */
static size_t build_request(uint8_t *buf, size_t cap, struct in_addr dst,
                            uint16_t ident)
{
    uint8_t opt[40] = { 0 };               /* 36 empty slots, EOL: zeros */
    struct ip4_spec s = { .ttl = 64, .proto = IPPROTO_ICMP, .dst = dst,
                          .opt = opt, .optlen = sizeof opt };
    size_t hlen;

    opt[0] = IPOPT_RR;                      /* 7: copied flag 0, class 0 */
    opt[1] = 3 + 9 * 4;                     /* length: type, len, ptr, slots */
    opt[2] = 4;                             /* first free slot (1-based) */
    hlen = ip4_build(buf, cap, &s, 8);
    return hlen + icmp_echo_build(buf + hlen, cap - hlen, ICMP_ECHO, ident,
                                  1, NULL, 0);
}

/* Find Record Route among the reply's options (common/ipopt.c walks them,
 * trusting no length), print its addresses as ping -R does ("RR: \taddr",
 * then "\taddr" a line): the slots before the pointer. */
static void print_route(const uint8_t *opt, size_t optlen)
{
    size_t olen, used;
    const char *why;
    const uint8_t *rr = ip4_opt_find(opt, optlen, IPOPT_RR, &olen, &why);

    if (why)
        warn_msg("skipped the reply's options: %s", why);
    if (!rr) {
        printf("RR: (no Record Route option in the reply)\n");
        return;
    }
    used = olen >= 3 && rr[2] >= 4 ? (size_t)(rr[2] - 4) / 4 : 0;
    if (used > (olen - 3) / 4)
        used = (olen - 3) / 4;
    for (size_t k = 0; k < used; k++) {
        char addr[INET_ADDRSTRLEN];
        struct in_addr a;

        memcpy(&a.s_addr, rr + 3 + 4 * k, 4);
        printf("%s\t%s\n", k ? "" : "RR: ", inet_ntop(AF_INET, &a, addr, sizeof addr));
    }
    if (used == 0)
        printf("RR: (no address recorded)\n");
}
