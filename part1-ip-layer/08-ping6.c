/*
 * 08-ping6 - ping over IPv6: ICMPv6 echo (RFC 4443) on a raw socket.
 *
 * The series stays with IPv4; the same raw socket exists for IPv6:
 * socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6). It behaves differently:
 *   - no IPv6 header on receive: recv() starts at the ICMPv6 type byte
 *     (an IPv6 raw socket never shows the header, see raw(7));
 *   - the checksum is the kernel's: ICMPv6's checksum covers an IPv6
 *     pseudo-header (source, destination, length, next header 58) and the
 *     whole message, and the source address is not known until the kernel
 *     routes the packet. For ICMPv6 the kernel always computes it (the
 *     IPV6_CHECKSUM option is fixed at offset 2), so we send 0 there;
 *   - the hop limit (IPv6's TTL) comes from IPV6_RECVHOPLIMIT: each
 *     recvmsg() carries an IPV6_HOPLIMIT ancillary (cmsg) integer;
 *   - ICMP6_FILTER (RFC 3542) lets only echo replies reach the socket,
 *     so our own request on ::1 and neighbour discovery stay out.
 * The message is the echo of 03-ping with types 128 (request) and 129
 * (reply); id is our pid, data as ping's (the send time, then byte i = i).
 *
 * Usage:  08-ping6 [-c COUNT] [-i INTERVAL] [-t SECONDS] [-n] HOST
 *   -c COUNT     send COUNT requests (default 4)
 *   -i INTERVAL  seconds between requests (default 1)
 *   -t SECONDS   wait at most SECONDS for each reply (default 2)
 *   -n           print the first request as '% X' (checksum 00 00: the
 *                kernel fills it in), send nothing
 * HOST may be link-local with its zone, fe80::1%eth0: every link has an
 * fe80::/64, so the zone (sin6_scope_id) says which one to send on.
 * Exit 0 when at least one reply came, 1 when none, 2 on error.
 *
 * Needs root or CAP_NET_RAW (not with -n); gives root up once the socket
 * is open and filtered.
 *
 * Try:  sudo ./08-ping6 -c 2 ::1
 *   64 bytes from ::1: icmp_seq=1 ttl=64 time=0.049 ms
 * and sudo tcpdump -n -vv -i lo icmp6: tcpdump finds the checksum correct.
 */
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "options.h"
#include "ping.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/icmp6.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { SIZE = 56 };                   /* data bytes, as ping's default */

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-c COUNT] [-i INTERVAL] [-t SECONDS] [-n] HOST\n"
            "  -c COUNT     number of echo requests (default 4)\n"
            "  -i INTERVAL  seconds between requests (default 1)\n"
            "  -t SECONDS   wait at most SECONDS for each reply (default 2)\n"
            "  -n           print the first request as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

static size_t build_request(uint8_t *pkt, size_t cap, uint16_t id, uint16_t seq);

int main(int argc, char **argv)
{
    struct sockaddr_in6 to;
    uint8_t pkt[8 + SIZE];
    char addr[INET6_ADDRSTRLEN];
    long count = 4;
    int interval_ms = 1000, timeout_ms = 2000, dry = 0, on = 1, fd, c;
    uint16_t id = (uint16_t)getpid();
    struct icmp6_filter filt;
    struct ping_stats st;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "c:i:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'c': count = opt_count(optarg); break;
        case 'i': interval_ms = opt_seconds_ms(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1)
        usage_error(usage);
    to = opt_ipv6_sa(argv[optind]);       /* fe80::1%eth0: the zone too */
    inet_ntop(AF_INET6, &to.sin6_addr, addr, sizeof addr);

    if (dry) {
        hex_line(stdout, pkt, build_request(pkt, sizeof pkt, id, 1));
        return EXIT_GOT;
    }

    fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
    if (fd < 0)
        die_socket("socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6)", SOCK_KIND_RAW);
    ICMP6_FILTER_SETBLOCKALL(&filt);
    ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filt);
    if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filt, sizeof filt) < 0)
        die("setsockopt(ICMP6_FILTER)");
    if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on, sizeof on) < 0)
        die("setsockopt(IPV6_RECVHOPLIMIT)");
    drop_privileges();

    printf("PING %s (%s) %d data bytes\n", argv[optind], addr, SIZE);
    fflush(stdout);                   /* seen at once, even with no reply */
    ping_stats_start(&st);
    for (long seq = 1; seq <= count; seq++) {
        int64_t t0 = now_ms();
        size_t len = build_request(pkt, sizeof pkt, id, (uint16_t)seq);

        if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
            die("sendto");
        st.sent++;
        ping_wait_reply(fd, &st, ICMP6_ECHO_REPLY, id, (uint16_t)seq, t0 + timeout_ms,
                        IPPROTO_IPV6, IPV6_HOPLIMIT);
        if (seq < count)
            ping_sleep_until(t0 + interval_ms);
    }
    close(fd);
    return ping_summary(&st, argv[optind]);
}

/* Type 128, code 0, checksum left 0 for the kernel, id, seq, ping's data. */
static size_t build_request(uint8_t *pkt, size_t cap, uint16_t id, uint16_t seq)
{
    uint8_t data[SIZE];
    size_t len;

    ping_data_fill(data, SIZE);
    len = icmp_echo_build(pkt, cap, ICMP6_ECHO_REQUEST, id, seq, data, SIZE);
    memset(pkt + 2, 0, 2);            /* icmp_echo_build's IPv4-style sum: gone */
    return len;
}
