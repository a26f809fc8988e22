/*
 * 04-tcp-syn - a TCP SYN built by hand, and the answer read by hand:
 *              is the port open (SYN-ACK) or closed (RST)?
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014), the series'
 * TCP example, on socket(AF_INET, SOCK_RAW, IPPROTO_TCP): the kernel writes
 * the IPv4 header, we write the 24-byte TCP header (MSS option included)
 * and its checksum over the pseudo-header - Linux does not fill it in.
 * Walkthrough: part1-ip-layer/README.md, "04-tcp-syn".
 *
 * Usage:  04-tcp-syn [-s SRCPORT] [-t SECONDS] [-q SEQ] [-n] HOST PORT
 * Exit 0 with "PORT open (SYN-ACK)" or "PORT closed (RST)", 1 no answer.
 * Needs root or CAP_NET_RAW (not with -n); opens its sockets, then gives
 * root up.
 *
 * Try:  sudo ./04-tcp-syn 127.0.0.1 22   (and tcpdump -n -i lo tcp, to see
 *       the SYN, the answer, and our kernel's RST)
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "print.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <unistd.h>

enum { SYN_LEN = 24 };

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-s SRCPORT] [-t SECONDS] [-q SEQ] [-n] HOST PORT\n"
            "  -s SRCPORT  source port (default: random)\n"
            "  -t SECONDS  wait at most SECONDS for the answer (default 3)\n"
            "  -q SEQ      sequence number (default: random)\n"
            "  -n          print the SYN as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

static void build_syn(uint8_t *seg, struct in_addr src, struct in_addr dst,
                      uint16_t sport, uint16_t dport, uint32_t seq);
static int await_answer(int fd, struct in_addr dst, uint16_t sport,
                        uint16_t dport, uint32_t seq, int64_t deadline);

int main(int argc, char **argv)
{
    uint8_t seg[SYN_LEN];
    uint16_t sport = 0, dport;
    uint32_t seq = 0, rnd[2];
    int timeout_ms = 3000, dry = 0, have_seq = 0, fd, c, answer;
    struct sockaddr_in to = { .sin_family = AF_INET };
    struct in_addr src;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "s:t:q:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 's': sport = opt_port(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'q': seq = (uint32_t)opt_long(optarg, "sequence number", 0, 4294967295L);
                  have_seq = 1; break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 2)
        usage_error(usage);
    to.sin_addr = opt_ipv4(argv[optind]);
    dport = opt_port(argv[optind + 1]);
    if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
        die("getrandom");
    if (!have_seq)
        seq = rnd[0];
    if (!sport)
        sport = (uint16_t)(32768 + rnd[1] % 28232);

    src = transport_source_for(to.sin_addr);
    build_syn(seg, src, to.sin_addr, sport, dport, seq);
    if (dry) {
        hex_line(stdout, seg, sizeof seg);
        return EXIT_GOT;
    }

    fd = socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_TCP)", SOCK_KIND_RAW);
    drop_privileges();
    if (sendto(fd, seg, sizeof seg, 0, (struct sockaddr *)&to, sizeof to) < 0)
        die("sendto");
    answer = await_answer(fd, to.sin_addr, sport, dport, seq, now_ms() + timeout_ms);
    close(fd);
    if (answer == TH_SYN)
        printf("%u open (SYN-ACK)\n", dport);
    else if (answer == TH_RST)
        printf("%u closed (RST)\n", dport);
    else
        printf("%u: no answer\n", dport);
    return answer ? EXIT_GOT : EXIT_NOANSWER;
}

static void build_syn(uint8_t *seg, struct in_addr src, struct in_addr dst,
                      uint16_t sport, uint16_t dport, uint32_t seq)
{
    struct tcphdr t = { .th_sport = htons(sport), .th_dport = htons(dport),
                        .th_seq = htonl(seq),          /* ack stays 0 */
                        .th_off = SYN_LEN / 4,         /* in 32-bit words */
                        .th_flags = TH_SYN, .th_win = htons(64240) };
    uint8_t *opt = seg + sizeof t;             /* byte 21 on: the options */
    uint16_t mss = htons(1460);

    memcpy(seg, &t, sizeof t);                 /* checksum 0 while summing */
    opt[0] = TCPOPT_MAXSEG;                    /* option: kind 2, length 4 */
    opt[1] = TCPOLEN_MAXSEG;
    memcpy(opt + 2, &mss, 2);
    t.th_sum = htons(csum_tcp4(src, dst, seg, SYN_LEN));
    memcpy(seg, &t, sizeof t);
}

/* Read TCP packets until the one from dst:dport to our sport that
 * acknowledges seq + 1; print it. TH_SYN (SYN-ACK), TH_RST, or 0 (none).
 * ip4_recv (01-recv) checks each IPv4 header and reports what it skips. */
static int await_answer(int fd, struct in_addr dst, uint16_t sport,
                        uint16_t dport, uint32_t seq, int64_t deadline)
{
    static uint8_t buf[65536];
    size_t hlen, total;

    while (ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total)) {
        struct in_addr from, me;
        struct iphdr ip;
        struct tcphdr t;

        if (total - hlen < sizeof t)
            continue;                          /* not a whole TCP header */
        memcpy(&ip, buf, sizeof ip);
        memcpy(&t, buf + hlen, sizeof t);
        if (ip.saddr != dst.s_addr || ntohs(t.th_sport) != dport)
            continue;
        if (ntohs(t.th_dport) != sport || !(t.th_flags & TH_ACK) ||
            ntohl(t.th_ack) != seq + 1)
            continue;                          /* not the answer to our SYN */
        if ((t.th_flags & (TH_SYN | TH_RST)) == 0)
            continue;
        from.s_addr = ip.saddr;
        me.s_addr = ip.daddr;
        fputs("IP ", stdout);
        tcp_print(stdout, from, me, buf + hlen, total - hlen);
        return t.th_flags & TH_RST ? TH_RST : TH_SYN;
    }
    return 0;
}
