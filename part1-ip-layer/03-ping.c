/*
 * 03-ping - ping by hand: an ICMP echo request whose every byte we write,
 *           and the echo reply matched by identifier and sequence number.
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014), the part that
 * sends: the series builds an ICMP echo request (type 8, code 0), sums the
 * checksum itself and writes it to an "ip4:icmp" socket. At this layer the
 * kernel writes the IPv4 header for us, and nothing else: a wrong checksum
 * goes out as it is, and the peer's kernel silently drops the request.
 *
 * Each request carries id (our pid, or -e ID), a sequence number counting
 * from 1, and SIZE data bytes: byte i of the data is i (as iputils ping
 * fills it), and when SIZE >= 8 the first 8 bytes are the send time
 * (seconds and microseconds, 32-bit big-endian each). The reply echoes the
 * data back, so the round-trip time is read from the reply itself; with
 * SIZE < 8 there is no room for a time and, like ping, none is shown.
 * An ICMP_FILTER on the socket lets only echo replies and errors wake us;
 * without it, on loopback, we would also read our own requests. (An error,
 * say host unreachable, is then passed over: icmp_echo_wait() waits for
 * the reply alone, and the request counts as lost.)
 *
 * Usage:  03-ping [-c COUNT] [-i INTERVAL] [-s SIZE] [-t SECONDS] [-e ID] [-n] HOST
 *   -c COUNT     send COUNT requests (default 4)
 *   -i INTERVAL  seconds between requests (default 1)
 *   -s SIZE      data bytes after the 8-byte ICMP header (default 56)
 *   -t SECONDS   wait at most SECONDS for each reply (default 2)
 *   -e ID        the identifier (iputils ping's -e); default the pid
 *   -n           print the first request as '% X' and send nothing
 * Exit 0 when at least one reply came, 1 when none, 2 on error.
 *
 * Needs root or CAP_NET_RAW (not with -n); the socket is opened and
 * filtered, then root is given up.
 *
 * Try:  sudo ./03-ping -c 2 127.0.0.1
 *       64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.050 ms
 *       ./03-ping -n -e 1 -s 7 127.0.0.1  ->  08 00 EB F4 00 01 00 01 00 01 ..
 */
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "options.h"
#include "ping.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <linux/icmp.h>       /* ICMP_FILTER, struct icmp_filter, ICMP_ECHO */
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_SIZE = 65535 - 20 - 8 };

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-c COUNT] [-i INTERVAL] [-s SIZE] [-t SECONDS] [-e ID] [-n] HOST\n"
            "  -c COUNT     number of echo requests (default 4)\n"
            "  -i INTERVAL  seconds between requests (default 1)\n"
            "  -s SIZE      data bytes (default 56, at most %d)\n"
            "  -t SECONDS   wait at most SECONDS for each reply (default 2)\n"
            "  -e ID        ICMP identifier (default: the process id)\n"
            "  -n           print the first request as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname, MAX_SIZE);
}

int main(int argc, char **argv)
{
    static uint8_t pkt[65536], buf[65536], data[MAX_SIZE];
    long count = 4, size = 56;
    int interval_ms = 1000, timeout_ms = 2000, dry = 0, fd, c;
    uint16_t id = (uint16_t)getpid();
    struct sockaddr_in to = { .sin_family = AF_INET };
    struct icmp_filter filt;
    struct ping_stats st;
    char addr[INET_ADDRSTRLEN];

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "c:i:s:t:e:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'c': count = opt_count(optarg); break;
        case 'i': interval_ms = opt_seconds_ms(optarg); break;
        case 's': size = opt_long(optarg, "size", 0, MAX_SIZE); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'e': id = (uint16_t)opt_long(optarg, "identifier", 0, 65535); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1)
        usage_error(usage);
    to.sin_addr = opt_ipv4(argv[optind]);

    if (dry) {
        ping_data_fill(data, (size_t)size);
        hex_line(stdout, pkt, icmp_echo_build(pkt, sizeof pkt, ICMP_ECHO, id, 1,
                                              data, (size_t)size));
        return EXIT_GOT;
    }

    fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", SOCK_KIND_RAW);
    /* A set bit blocks that type: let through replies and errors only. */
    filt.data = ~(1u << ICMP_ECHOREPLY | 1u << ICMP_DEST_UNREACH |
                  1u << ICMP_SOURCE_QUENCH | 1u << ICMP_TIME_EXCEEDED |
                  1u << ICMP_PARAMETERPROB);
    if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt) < 0)
        die("setsockopt(ICMP_FILTER)");
    drop_privileges();

    inet_ntop(AF_INET, &to.sin_addr, addr, sizeof addr);
    printf("PING %s (%s) %ld(%ld) bytes of data.\n", argv[optind], addr,
           size, size + 28);
    fflush(stdout);                   /* seen at once, even with no reply */
    ping_stats_start(&st);
    for (long seq = 1; seq <= count; seq++) {
        int64_t t0 = now_ms();
        struct icmp_reply r;
        size_t len;

        /* data byte i is i, the send time over the first 8 (ping.h) */
        ping_data_fill(data, (size_t)size);
        len = icmp_echo_build(pkt, sizeof pkt, ICMP_ECHO, id, (uint16_t)seq,
                              data, (size_t)size);
        if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
            die("sendto");
        st.sent++;
        if (icmp_echo_wait(fd, id, (uint16_t)seq, t0 + timeout_ms, buf, sizeof buf, &r)) {
            inet_ntop(AF_INET, &r.from, addr, sizeof addr);
            ping_reply_line(&st, r.len, addr, (uint16_t)seq, r.ttl,
                            ping_data_rtt(buf + r.hlen + 8, r.len - 8));
        }
        if (seq < count)                       /* keep the interval */
            ping_sleep_until(t0 + interval_ms);
    }
    close(fd);
    return ping_summary(&st, argv[optind]);
}
