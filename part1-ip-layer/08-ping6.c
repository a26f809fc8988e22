/*
 * 08-ping6 - ping over IPv6: ICMPv6 echo (RFC 4443) on a raw socket,
 *           socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6).
 *
 * Goes past "Raw sockets in Go: IP layer" (Graham King, 2014), which stays
 * with IPv4. Walkthrough: part1-ip-layer/README.md, "08-ping6": no header
 * on receive, the kernel's checksum, ICMP6_FILTER, the hop limit by cmsg.
 *
 * Usage:  08-ping6 [-c COUNT] [-i INTERVAL] [-t SECONDS] [-n] HOST
 *   HOST may be link-local with its zone: fe80::1%eth0.
 * Exit 0 when a reply came, 1 when none, 2 on error; Ctrl-C stops it with
 * ping's summary. Needs root or CAP_NET_RAW (not -n); root is given up
 * once the socket is open and filtered.
 *
 * Try:  sudo ./08-ping6 -c 2 ::1
 *   64 bytes from ::1: icmp_seq=1 ttl=64 time=0.049 ms
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
static int wait_reply(int fd, uint16_t id, uint16_t seq, int64_t deadline,
                      struct ping_stats *st);

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
    catch_interrupt();                /* Ctrl-C: the summary, as ping */

    printf("PING %s (%s) %d data bytes\n", argv[optind], addr, SIZE);
    fflush(stdout);                   /* seen at once, even with no reply */
    ping_stats_start(&st);
    for (long seq = 1; seq <= count && !got_sigint; seq++) {
        int64_t t0 = now_ms();
        size_t len = build_request(pkt, sizeof pkt, id, (uint16_t)seq);

        if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
            die("sendto");
        st.sent++;
        wait_reply(fd, id, (uint16_t)seq, t0 + timeout_ms, &st);
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

/*
 * Wait until the deadline (or Ctrl-C) for the echo reply to seq. An IPv6
 * raw socket hands over the ICMPv6 message alone, from its type byte on;
 * the source comes in msg_name, the hop limit as the ancillary
 * IPV6_HOPLIMIT that IPV6_RECVHOPLIMIT asked for (07 reads IP_TTL the same
 * way). The kernel verifies the checksum (it always computes ICMPv6's):
 * a bad one never reaches us. Returns 1 on a reply.
 */
static int wait_reply(int fd, uint16_t id, uint16_t seq, int64_t deadline,
                      struct ping_stats *st)
{
    static uint8_t buf[65536];
    union { char space[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    char addr[INET6_ADDRSTRLEN];

    while (wait_readable(fd, deadline)) {
        struct sockaddr_in6 from;
        struct iovec iov = { buf, sizeof buf };
        struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from,
                            .msg_iov = &iov, .msg_iovlen = 1,
                            .msg_control = ctl.space,
                            .msg_controllen = sizeof ctl.space };
        ssize_t n = recvmsg(fd, &m, MSG_TRUNC);
        struct icmp6_hdr h;
        int hops = -1;

        if (n < 0)
            die("recvmsg");
        if ((size_t)n > sizeof buf) {
            warn_msg("skipped a reply of %zd bytes: longer than the buffer", n);
            continue;
        }
        if ((size_t)n < sizeof h)
            continue;                           /* not a whole echo header */
        memcpy(&h, buf, sizeof h);
        if (h.icmp6_type != ICMP6_ECHO_REPLY || h.icmp6_code != 0 ||
            ntohs(h.icmp6_id) != id || ntohs(h.icmp6_seq) != seq)
            continue;                           /* another ping's, or late */
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
            if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_HOPLIMIT &&
                cm->cmsg_len >= CMSG_LEN(sizeof(int)))
                memcpy(&hops, CMSG_DATA(cm), sizeof hops);
        inet_ntop(AF_INET6, &from.sin6_addr, addr, sizeof addr);
        ping_reply_line(st, (size_t)n, addr, seq, hops,
                        ping_data_rtt(buf + sizeof h, (size_t)n - sizeof h), 0);
        return 1;
    }
    return 0;
}
