/*
 * 02-recv-explained - 01-recv's bytes, read the way the series reads them:
 *           one line a packet, modelled on tcpdump -n.
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014), which reads
 * its hex dump by hand ("the first byte is 8", "byte 14 is 02"). The IPv4
 * header is checked as 01-recv does; ICMP, TCP and UDP are read here.
 * Walkthrough: part1-ip-layer/README.md, "02-recv-explained".
 *
 * Usage:  02-recv-explained [-p icmp|tcp|udp|N] [-c COUNT] [-t SECONDS]
 * Exit 0 when COUNT packets (or any, without -c) came, 1 at the timeout
 * (default 60 s). Needs root or CAP_NET_RAW; gives root up once it is open.
 *
 * Try:  sudo ./02-recv-explained, and ping -c 1 127.0.0.1 elsewhere:
 *   IP 127.0.0.1 > 127.0.0.1: ICMP echo request, id 3542, seq 1, length 64
 */
#include "errors.h"
#include "extract.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "print.h"
#include "wait.h"

#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
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
static int explain_icmp(const char *s, const char *d, const uint8_t *p, size_t len);
static int explain_tcp(const char *s, const char *d, const uint8_t *p, size_t len);
static void explain_udp(const char *s, const char *d, const uint8_t *p, size_t len);

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
    return got && (count == 0 || got == count) ? EXIT_GOT : EXIT_NOANSWER;
}

/* A checked IPv4 packet, one line as tcpdump -n prints it. The same lines
 * as common/print-ip.c's transport_print(), which later programs call. */
static void explain_packet(const uint8_t *buf, size_t hlen, size_t total)
{
    struct iphdr ip;                    /* a copy: buf may sit anywhere */
    const uint8_t *p = buf + hlen;      /* what it carries, after IHL*4 bytes */
    size_t len = total - hlen;
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];    /* one buffer each */

    memcpy(&ip, buf, sizeof ip);
    inet_ntop(AF_INET, &ip.saddr, s, sizeof s);
    inet_ntop(AF_INET, &ip.daddr, d, sizeof d);
    fputs("IP ", stdout);
    if (ip.protocol == IPPROTO_ICMP && !explain_icmp(s, d, p, len)) {
        icmp_print(stdout, (struct in_addr){ ip.saddr },    /* prints the */
                   (struct in_addr){ ip.daddr }, p, len);   /* whole line */
        return;
    }
    if (ip.protocol == IPPROTO_TCP && explain_tcp(s, d, p, len))
        return;                         /* options cut short: " [|tcp]" ended it */
    if (ip.protocol == IPPROTO_UDP)
        explain_udp(s, d, p, len);
    else if (ip.protocol != IPPROTO_ICMP && ip.protocol != IPPROTO_TCP)
        printf("%s > %s: ip-proto-%u %zu", s, d, ip.protocol, len);
    print_end(stdout);                  /* '\n', then a flush for | grep */
}

/* ICMP (RFC 792): type, code, checksum, 4 bytes that depend on the type.
 * Echo request and reply and port unreachable are read here; 0 for what
 * common/print-icmp.c words as tcpdump does: other types, malformed ones. */
static int explain_icmp(const char *s, const char *d, const uint8_t *p, size_t len)
{
    struct icmphdr h;
    struct iphdr q = { 0 };             /* an error's quote: its header */
    char qd[INET_ADDRSTRLEN];
    size_t qhl = 0;

    if (len < sizeof h)                 /* not even the 8-byte header: */
        return 0;                       /* common/'s "[|icmp]" */
    memcpy(&h, p, sizeof h);            /* type: byte 1, p[0] */
    if (h.type == ICMP_ECHO || h.type == ICMP_ECHOREPLY) {
        printf("%s > %s: ICMP echo %s, id %u, seq %u, length %zu", s, d,
               h.type == ICMP_ECHO ? "request" : "reply",
               ntohs(h.un.echo.id), ntohs(h.un.echo.sequence), len);
        return 1;
    }
    if (h.type != ICMP_DEST_UNREACH || h.code != ICMP_PORT_UNREACH)
        return 0;
    /* It quotes the IPv4 header of the datagram that failed, and 8 bytes or
     * more after it: the ports of a TCP or UDP datagram. */
    if (len >= sizeof h + sizeof q) {
        memcpy(&q, p + sizeof h, sizeof q);
        qhl = (size_t)q.ihl * 4;        /* the ports come after its options */
    }
    if (qhl < sizeof q || len < sizeof h + qhl + 4 ||
        (q.protocol != IPPROTO_TCP && q.protocol != IPPROTO_UDP))
        return 0;                       /* cut short, or neither TCP nor UDP */
    inet_ntop(AF_INET, &q.daddr, qd, sizeof qd);    /* where it was going */
    printf("%s > %s: ICMP %s %s port %u unreachable, length %zu", s, d, qd,
           q.protocol == IPPROTO_TCP ? "tcp" : "udp",
           get16(p + sizeof h + qhl + 2), len);    /* destination port */
    return 1;
}

/* TCP (RFC 793): the 20 bytes of struct tcphdr, options up to the data
 * offset, then data. Numbers absolute, as tcpdump -S prints them. 1 when
 * the options printer ended the line. */
static int explain_tcp(const char *s, const char *d, const uint8_t *p, size_t len)
{
    static const char letter[] = "FSRP.UEW";        /* flag bits 0 to 7 */
    struct tcphdr t;
    char flags[9] = { 0 };
    size_t doff, n = 0;

    if (len < sizeof t) {
        printf("%s > %s: [|tcp]", s, d);
        return 0;
    }
    memcpy(&t, p, sizeof t);
    printf("%s.%u > %s.%u: ", s, ntohs(t.th_sport), d, ntohs(t.th_dport));
    doff = (size_t)t.th_off * 4;        /* byte 13, p[12]: top 4 bits, words */
    if (doff < sizeof t || doff > len) {          /* a length that lies */
        printf("[bad hdr length %zu - too %s %zu]", doff, doff < sizeof t ?
               "short, <" : "long, >", doff < sizeof t ? sizeof t : len);
        return 0;
    }
    for (int i = 0; i < 8; i++)         /* byte 14, p[13]: 02 is SYN */
        if (t.th_flags >> i & 1)
            flags[n++] = letter[i];
    printf("Flags [%s]", n ? flags : "none");
    if (len > doff)                     /* data: the sequence numbers it takes */
        printf(", seq %u:%u", ntohl(t.th_seq),
               (uint32_t)(ntohl(t.th_seq) + (len - doff)));
    else if (t.th_flags & (TH_SYN | TH_FIN | TH_RST))
        printf(", seq %u", ntohl(t.th_seq));
    if (t.th_flags & TH_ACK)
        printf(", ack %u", ntohl(t.th_ack));
    printf(", win %u", ntohs(t.th_win));
    if (t.th_flags & TH_URG)
        printf(", urg %u", ntohs(t.th_urp));
    if (doff > sizeof t &&              /* listed by common/print-tcp.c */
        !tcp_options_print(stdout, p + sizeof t, doff - sizeof t))
        return 1;
    printf(", length %zu", len - doff);
    return 0;
}

/* UDP (RFC 768): ports, length (its own 8 bytes included) and checksum. */
static void explain_udp(const char *s, const char *d, const uint8_t *p, size_t len)
{
    struct udphdr u;
    size_t ulen;

    if (len < sizeof u) {
        printf("%s > %s: [|udp]", s, d);
        return;
    }
    memcpy(&u, p, sizeof u);
    ulen = ntohs(u.len);
    printf("%s.%u > %s.%u: ", s, ntohs(u.source), d, ntohs(u.dest));
    if (ulen < sizeof u || ulen > len)          /* a length that lies */
        printf("UDP, bad length %zu %s %zu", ulen, ulen < sizeof u ? "<" : ">",
               ulen < sizeof u ? sizeof u : len);
    else
        printf("UDP, length %zu", ulen - sizeof u);
}
