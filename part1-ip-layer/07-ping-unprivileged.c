/*
 * 07-ping-unprivileged - ping without root: the ICMP "ping socket".
 *
 * The series needs root for every socket. Linux (since 3.0) has one ICMP
 * socket that does not: socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP). It may
 * only send echo requests and only receive the echo replies (and errors)
 * meant for it, so the kernel lets any process whose group id is in
 * net.ipv4.ping_group_range open it; that range is per network namespace,
 * and "1 0" (no group at all) is the default on many systems.
 * Compared with 03-ping's raw socket:
 *   - the kernel chooses the identifier: it treats it as the socket's
 *     "port", writes it over ours and shows it as getsockname()'s sin_port;
 *   - the kernel computes the checksum (we build the request with
 *     icmp_echo_build, id 0, and the checksum on the wire is not ours);
 *   - a reply arrives without its IPv4 header: recv() starts at the ICMP
 *     type byte. The TTL is still there if we ask: with IP_RECVTTL set,
 *     each recvmsg() carries an ancillary (cmsg) IP_TTL with it.
 *
 * Usage:  07-ping-unprivileged [-c COUNT] [-i INTERVAL] [-t SECONDS] HOST
 *   -c COUNT     send COUNT requests (default 4)
 *   -i INTERVAL  seconds between requests (default 1)
 *   -t SECONDS   wait at most SECONDS for each reply (default 2)
 * Exit 0 when at least one reply came, 1 when none, 2 on error.
 *
 * Needs no privilege: only the group in net.ipv4.ping_group_range
 * (sudo sysctl -w net.ipv4.ping_group_range='0 2147483647'); otherwise
 * socket() fails with EACCES and we say which sysctl to change.
 *
 * Try:  ./07-ping-unprivileged -c 2 127.0.0.1
 *   PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data, id 3 (the kernel's).
 *   64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.061 ms
 * and compare the id with what tcpdump -n -i lo icmp shows.
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

    printf("PING %s (%s) %d(%d) bytes of data, id %u (the kernel's).\n",
           argv[optind], inet_ntoa(to.sin_addr), SIZE, SIZE + 28, id);
    fflush(stdout);                   /* seen at once, even with no reply */
    ping_stats_start(&st);
    for (long seq = 1; seq <= count; seq++) {
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
        ping_wait_reply(fd, &st, ICMP_ECHOREPLY, id, (uint16_t)seq, t0 + timeout_ms,
                        IPPROTO_IP, IP_TTL);
        if (seq < count)
            ping_sleep_until(t0 + interval_ms);
    }
    close(fd);
    return ping_summary(&st, argv[optind]);
}
