/*
 * 03-ping - ping by hand: an ICMP echo request whose every byte we write,
 *           its reply matched by type, identifier, sequence and checksum.
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014), the part that
 * sends. Walkthrough: part1-ip-layer/README.md, "03-ping".
 *
 * Usage:  03-ping [-c COUNT] [-i INTERVAL] [-s SIZE] [-t SECONDS] [-e ID] [-n] HOST
 * Exit 0 when a reply came, 1 when none, 2 on error; Ctrl-C: ping's summary.
 * Needs root or CAP_NET_RAW (not -n), given up once the socket is filtered.
 *
 * Try:  sudo ./03-ping -c 2 127.0.0.1
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "ip4.h"
#include "options.h"
#include "ping.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <linux/icmp.h>       /* struct icmphdr, ICMP_FILTER, ICMP_ECHO, ... */
#include <netinet/ip.h>
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

static size_t build_request(uint8_t *pkt, uint16_t id, uint16_t seq,
                            const uint8_t *data, size_t size);
static int wait_reply(int fd, struct in_addr to, uint16_t id, uint16_t seq,
                      int64_t deadline, struct ping_stats *st);

int main(int argc, char **argv)
{
    static uint8_t pkt[8 + MAX_SIZE], data[MAX_SIZE];
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
        hex_line(stdout, pkt, build_request(pkt, id, 1, data, (size_t)size));
        return EXIT_GOT;
    }

    fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", SOCK_KIND_RAW);
    /* A set bit blocks that type: let through replies and errors only. */
    filt.data = ~(1u << ICMP_ECHOREPLY | 1u << ICMP_DEST_UNREACH |
                  1u << ICMP_TIME_EXCEEDED | 1u << ICMP_PARAMETERPROB);
    if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &filt, sizeof filt) < 0)
        die("setsockopt(ICMP_FILTER)");
    drop_privileges();
    catch_interrupt();                /* Ctrl-C: the summary, as ping */

    inet_ntop(AF_INET, &to.sin_addr, addr, sizeof addr);
    printf("PING %s (%s) %ld(%ld) bytes of data.\n", argv[optind], addr,
           size, size + 28);
    fflush(stdout);                   /* seen at once, even with no reply */
    ping_stats_start(&st);
    for (long seq = 1; seq <= count && !got_sigint; seq++) {
        int64_t t0 = now_ms();
        size_t len;

        ping_data_fill(data, (size_t)size);   /* the send time, then i */
        len = build_request(pkt, id, (uint16_t)seq, data, (size_t)size);
        if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to) < 0)
            die("sendto");
        st.sent++;
        wait_reply(fd, to.sin_addr, id, (uint16_t)seq, t0 + timeout_ms, &st);
        if (seq < count)                       /* keep the interval */
            ping_sleep_until(t0 + interval_ms);
    }
    close(fd);
    return ping_summary(&st, argv[optind]);
}

/* Type 8, code 0, the checksum over the whole message (summed with the
 * field 0), id and seq high byte first, then the data. The same as
 * icmp_echo_build() in common/icmp.c, which later programs call. */
static size_t build_request(uint8_t *pkt, uint16_t id, uint16_t seq,
                            const uint8_t *data, size_t size)
{
    struct icmphdr h = { .type = ICMP_ECHO, .code = 0, .checksum = 0 };

    h.un.echo.id = htons(id);
    h.un.echo.sequence = htons(seq);
    memcpy(pkt, &h, sizeof h);
    memcpy(pkt + sizeof h, data, size);
    h.checksum = htons(csum(pkt, sizeof h + size));
    memcpy(pkt, &h, sizeof h);                 /* now with its checksum */
    return sizeof h + size;
}

/* Does the IPv4 header + 8 bytes quoted in an ICMP error (q, qlen bytes)
 * hold our echo request to 'to' with id and seq? The same check as
 * icmp_quotes_echo() in common/icmp.c, which 07-traceroute calls. */
static int quotes_ours(const uint8_t *q, size_t qlen, struct in_addr to,
                       uint16_t id, uint16_t seq)
{
    struct iphdr ip;
    struct icmphdr h;

    if (qlen < sizeof ip)
        return 0;
    memcpy(&ip, q, sizeof ip);
    if (ip.version != 4 || ip.ihl < 5 || (size_t)ip.ihl * 4 + sizeof h > qlen)
        return 0;
    memcpy(&h, q + ip.ihl * 4, sizeof h);
    return ip.protocol == IPPROTO_ICMP && ip.daddr == to.s_addr &&
           h.type == ICMP_ECHO && ntohs(h.un.echo.id) == id &&
           ntohs(h.un.echo.sequence) == seq;
}

/*
 * Wait until the deadline (or Ctrl-C) for the answer to request seq: its
 * echo reply (type, id, seq; a wrong checksum is printed "(BAD CHECKSUM!)"
 * and not counted, as iputils does), or an ICMP error quoting it. 1 when
 * answered. Later programs call common/icmp.c's icmp_echo_wait().
 */
static int wait_reply(int fd, struct in_addr to, uint16_t id, uint16_t seq,
                      int64_t deadline, struct ping_stats *st)
{
    static uint8_t buf[65536];
    char from[INET_ADDRSTRLEN];
    size_t hlen, total;

    while (ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total)) {
        const uint8_t *icmp = buf + hlen;
        size_t len = total - hlen;
        struct iphdr ip;
        struct icmphdr h;
        int bad;

        memcpy(&ip, buf, sizeof ip);
        if (ip.protocol != IPPROTO_ICMP || len < sizeof h)
            continue;                           /* not a whole ICMP header */
        memcpy(&h, icmp, sizeof h);
        bad = csum(icmp, len) != 0;             /* an intact message sums to 0 */
        inet_ntop(AF_INET, &ip.saddr, from, sizeof from);
        if (h.type == ICMP_ECHOREPLY && h.code == 0 &&
            ntohs(h.un.echo.id) == id && ntohs(h.un.echo.sequence) == seq) {
            ping_reply_line(st, len, from, seq, ip.ttl,
                            ping_data_rtt(icmp + sizeof h, len - sizeof h), bad);
            if (!bad)
                return 1;
        } else if (h.type != ICMP_ECHOREPLY && !bad &&
                   quotes_ours(icmp + sizeof h, len - sizeof h, to, id, seq)) {
            ping_error_line(st, from, seq, h.type, h.code, ntohl(h.un.gateway));
            return 1;
        }
    }
    return 0;
}
