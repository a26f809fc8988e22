/*
 * 07-ping-unprivileged - ping without root: the ICMP "ping socket",
 *           socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP) (Linux 3.0 and later).
 *
 * Goes past "Raw sockets in Go: IP layer" (Graham King, 2014), where every
 * socket needs root. Walkthrough: part1-ip-layer/README.md, "07-ping-
 * unprivileged": the kernel's identifier and checksum, recvmsg() and IP_TTL.
 *
 * Usage:  07-ping-unprivileged [-c COUNT] [-i INTERVAL] [-t SECONDS] HOST
 * Exit 0 when a reply came, 1 when none, 2 on error; Ctrl-C stops it with
 * ping's summary. Needs no privilege, only the group in
 * net.ipv4.ping_group_range (else EACCES, and we say which sysctl to set).
 *
 * Try:  ./07-ping-unprivileged -c 2 127.0.0.1
 *   PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data, id 3 (the kernel's).
 *   64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.061 ms
 */
#include "errors.h"
#include "icmp.h"
#include "options.h"
#include "ping.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { SIZE = 56 };                   /* data bytes, as ping's default */

static int wait_reply(int fd, uint16_t id, uint16_t seq, int64_t deadline,
                      struct ping_stats *st);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-c COUNT] [-i INTERVAL] [-t SECONDS] HOST\n"
            "  -c COUNT     number of echo requests (default 4)\n"
            "  -i INTERVAL  seconds between requests (default 1)\n"
            "  -t SECONDS   wait at most SECONDS for each reply (default 2)\n"
            "Needs the group in net.ipv4.ping_group_range, not root.\n",
            progname);
}

int main(int argc, char **argv)
{
    struct sockaddr_in to = { .sin_family = AF_INET }, me = { .sin_family = AF_INET };
    socklen_t melen = sizeof me;
    long count = 4;
    int interval_ms = 1000, timeout_ms = 2000, on = 1, fd, c;
    struct ping_stats st;
    char addr[INET_ADDRSTRLEN];
    uint16_t id;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "c:i:t:h", help_option, NULL)) != -1) {
        switch (c) {
        case 'c': count = opt_count(optarg); break;
        case 'i': interval_ms = opt_seconds_ms(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1)
        usage_error(usage);
    to.sin_addr = opt_ipv4(argv[optind]);

    fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP)", SOCK_KIND_PING);
    if (setsockopt(fd, IPPROTO_IP, IP_RECVTTL, &on, sizeof on) < 0)
        die("setsockopt(IP_RECVTTL)");
    /* bind() with port 0: the kernel picks a free identifier now. */
    if (bind(fd, (struct sockaddr *)&me, sizeof me) < 0)
        die("bind");
    if (getsockname(fd, (struct sockaddr *)&me, &melen) < 0)
        die("getsockname");
    id = ntohs(me.sin_port);
    drop_privileges();                /* nothing to drop unless run as root */
    catch_interrupt();                /* Ctrl-C: the summary, as ping */

    inet_ntop(AF_INET, &to.sin_addr, addr, sizeof addr);
    printf("PING %s (%s) %d(%d) bytes of data, id %u (the kernel's).\n",
           argv[optind], addr, SIZE, SIZE + 28, id);
    fflush(stdout);                   /* seen at once, even with no reply */
    ping_stats_start(&st);
    for (long seq = 1; seq <= count && !got_sigint; seq++) {
        uint8_t data[SIZE], pkt[8 + SIZE];
        int64_t t0 = now_ms();
        size_t len;

        ping_data_fill(data, SIZE);
        /* id 0 and a checksum over id 0: the kernel rewrites both. */
        len = icmp_echo_build(pkt, sizeof pkt, ICMP_ECHO, 0, (uint16_t)seq,
                              data, SIZE);
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

/*
 * Wait until the deadline (or Ctrl-C) for the echo reply to seq. A ping
 * socket hands over the ICMP message alone, from its type byte on, and
 * only those meant for its identifier; the kernel has verified the
 * checksum (icmp_rcv drops a bad one, counted in IcmpInCsumErrors). The
 * TTL comes beside it: the ancillary IP_TTL that IP_RECVTTL asked for.
 * 08-ping6 does the same with IPV6_HOPLIMIT. Returns 1 on a reply.
 */
static int wait_reply(int fd, uint16_t id, uint16_t seq, int64_t deadline,
                      struct ping_stats *st)
{
    static uint8_t buf[65536];
    union { char space[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    char addr[INET_ADDRSTRLEN];

    while (wait_readable(fd, deadline)) {
        struct sockaddr_in from;
        struct iovec iov = { buf, sizeof buf };
        struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from,
                            .msg_iov = &iov, .msg_iovlen = 1,
                            .msg_control = ctl.space,
                            .msg_controllen = sizeof ctl.space };
        ssize_t n = recvmsg(fd, &m, MSG_TRUNC);
        struct icmphdr h;
        int ttl = -1;

        if (n < 0)
            die("recvmsg");
        if ((size_t)n > sizeof buf) {
            warn_msg("skipped a reply of %zd bytes: longer than the buffer", n);
            continue;
        }
        if ((size_t)n < sizeof h)
            continue;                           /* not a whole echo header */
        memcpy(&h, buf, sizeof h);
        if (h.type != ICMP_ECHOREPLY || h.code != 0 ||
            ntohs(h.un.echo.id) != id || ntohs(h.un.echo.sequence) != seq)
            continue;                           /* late: an earlier seq */
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
            if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_TTL &&
                cm->cmsg_len >= CMSG_LEN(sizeof(int)))
                memcpy(&ttl, CMSG_DATA(cm), sizeof ttl);
        inet_ntop(AF_INET, &from.sin_addr, addr, sizeof addr);
        ping_reply_line(st, (size_t)n, addr, seq, ttl,
                        ping_data_rtt(buf + sizeof h, (size_t)n - sizeof h), 0);
        return 1;
    }
    return 0;
}
