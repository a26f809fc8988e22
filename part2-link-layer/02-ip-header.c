/*
 * 02-ip-header - every field of the IPv4 header, labelled, one a line; the
 *                header checksum verified by us; the options by name.
 *
 * Follows "Raw sockets in Go: Link layer" (Graham King, 2015), which reads
 * one header byte by byte ("First byte 45 is 4 for the IP version ...");
 * this program does it for every packet, through struct iphdr. Walkthrough:
 * part2-link-layer/README.md, "02-ip-header".
 *
 * Usage:  02-ip-header [-p PROTO] [-c COUNT] [-t SECONDS] [-r FILE]
 *   -r FILE     decode the IPv4 packets of a pcap file instead of listening
 * Exit 0 when COUNT packets (or any) were decoded, 1 otherwise. Needs root
 * or CAP_NET_RAW to listen (not with -r); then gives root up.
 *
 * Try:  sudo ./02-ip-header, and ping -c 1 -Q 0xb9 127.0.0.1 elsewhere
 *       (DSCP 46 "expedited forwarding", ECN 1)
 */
#include "checksum.h"
#include "errors.h"
#include "ip4.h"
#include "ipopt.h"
#include "options.h"
#include "pcap.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <net/ethernet.h>
#include <netinet/ip.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-p PROTO] [-c COUNT] [-t SECONDS] [-r FILE]\n"
            "  -p PROTO    protocol to receive: icmp (default), tcp, udp, or a number\n"
            "  -c COUNT    stop after COUNT packets\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "  -r FILE     decode a pcap file instead (no privilege needed)\n"
            "Needs root or CAP_NET_RAW to listen.\n", progname);
}

static int decode(const uint8_t *p, size_t n, size_t wire, long number);
static long read_file(const char *path, long count);

int main(int argc, char **argv)
{
    static uint8_t buf[65536];
    uint8_t proto = IPPROTO_ICMP;
    long count = 0, got = 0;
    int timeout_ms = 60000, fd, c;
    const char *file = NULL;
    size_t hlen, total;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "p:c:t:r:h", help_option, NULL)) != -1) {
        switch (c) {
        case 'p': proto = opt_proto(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'r': file = optarg; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc)
        usage_error(usage);
    if (file)
        return read_file(file, count) ? EXIT_GOT : EXIT_NOANSWER;

    fd = socket(AF_INET, SOCK_RAW, proto);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW)", SOCK_KIND_RAW);
    drop_privileges();
    ip4_listening(proto);             /* "listening on", as 01-recv */
    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) &&
           ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total))
        got += decode(buf, total, total, got + 1);
    close(fd);
    return (count ? got == count : got > 0) ? EXIT_GOT : EXIT_NOANSWER;
}

/* Print the header of the packet p: n bytes read (or kept in a capture) of
 * the wire bytes it had. A header cut short by the capture (tcpdump -s) is
 * printed as far as its bytes go and marked "[|ip]", as tcpdump marks it.
 * 1 if printed. */
static int decode(const uint8_t *p, size_t n, size_t wire, long number)
{
    static const char *ecn[] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };
    size_t hlen, total;
    const char *bad = ip4_check(p, n, &hlen, &total);
    struct iphdr ip = { 0 };                  /* a copy: p may sit anywhere */
    uint16_t frag, want;
    uint8_t hdr[60];
    char pbuf[16], src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];

    if (bad && n < wire)                      /* cut by a snap length */
        bad = ip4_check_cut(p, n, wire, &hlen, &total);  /* common/ip4.c */
    if (bad) {
        warn_msg("skipped a packet of %zu bytes: %s", n, bad);
        return 0;
    }
    memcpy(&ip, p, n < sizeof ip ? n : sizeof ip);
    frag = ntohs(ip.frag_off);                /* bytes 7-8: flags, offset */
    inet_ntop(AF_INET, &ip.saddr, src, sizeof src);   /* two buffers, not one */
    inet_ntop(AF_INET, &ip.daddr, dst, sizeof dst);   /* static (inet_ntoa) */

    if (n < total)
        printf("packet %ld: %zu bytes, %zu captured\n", number, total, n);
    else
        printf("packet %ld: %zu bytes\n", number, total);
    if (n < 1)
        goto cut;
    printf("  version:         %u\n", ip.version);        /* byte 1, high half */
    printf("  IHL:             %u (%zu bytes)\n", ip.ihl, hlen); /* low half */
    if (n < 2)
        goto cut;
    printf("  DSCP:            %u\n", ip.tos >> 2);        /* byte 2 */
    printf("  ECN:             %u %s\n", ip.tos & 3u, ecn[ip.tos & 3]);
    if (n < 4)
        goto cut;
    printf("  total length:    %zu\n", total);             /* bytes 3-4 */
    if (n < 6)
        goto cut;
    printf("  id:              0x%04x (%u)\n", ntohs(ip.id), ntohs(ip.id));
    if (n < 8)
        goto cut;
    printf("  flags:          %s%s%s%s\n", frag & IP_RF ? " reserved(evil)" : "",
           frag & IP_DF ? " DF" : "", frag & IP_MF ? " MF" : "",
           frag & (IP_RF | IP_DF | IP_MF) ? "" : " none");
    printf("  fragment offset: %u bytes\n", (frag & IP_OFFMASK) * 8u);
    if (n < 9)
        goto cut;
    printf("  TTL:             %u\n", ip.ttl);             /* byte 9 */
    if (n < 10)
        goto cut;
    printf("  protocol:        %s (%u)\n", proto_name(ip.protocol, pbuf),
           ip.protocol);                                  /* byte 10 */
    if (n < 12)
        goto cut;
    /* The ones'-complement sum of a correct header, its checksum field
     * included, is 0xFFFF (-0); csum() returns its complement: 0. */
    if (n < hlen) {                                       /* bytes 11-12 */
        printf("  checksum:        0x%04x [|ip]\n", ntohs(ip.check));
    } else if (csum(p, hlen) == 0) {
        printf("  checksum:        0x%04x correct\n", ntohs(ip.check));
    } else {
        memcpy(hdr, p, hlen);                 /* the sum with the field at 0 */
        memset(hdr + offsetof(struct iphdr, check), 0, 2);
        want = csum(hdr, hlen);
        printf("  checksum:        0x%04x WRONG, should be 0x%04x\n",
               ntohs(ip.check), want);
    }
    if (n < 16)
        goto cut;
    printf("  source:          %s\n", src);                /* bytes 13-16 */
    if (n < 20)
        goto cut;
    printf("  destination:     %s\n", dst);                /* bytes 17-20 */
    if (n < hlen)
        goto cut;
    if (hlen == sizeof ip)
        printf("  options:         none\n");
    else
        ip4_opt_print(stdout, p + sizeof ip, hlen - sizeof ip); /* common/ipopt.c */
    fflush(stdout);
    return 1;
cut:
    printf("  [|ip]\n");                     /* the capture ends here */
    fflush(stdout);
    return 1;
}

/* -r: decode each IPv4 packet of a pcap file (raw IP, or Ethernet with
 * EtherType 0x0800), as far as the capture kept it. Returns how many were
 * decoded. */
static long read_file(const char *path, long count)
{
    static uint8_t buf[PCAP_MAX_SNAPLEN];
    struct pcap_file pf;
    struct pcap_record rec;
    long got = 0;
    int r = 0;

    if (pcap_open(&pf, path))
        die_msg("%s: %s", path, pf.err);
    if (pf.linktype != PCAP_LINKTYPE_RAW && pf.linktype != PCAP_LINKTYPE_ETHERNET)
        die_msg("%s: link type %u: only raw IP (101) and Ethernet (1) are read",
                path, pf.linktype);
    while ((count == 0 || got < count)
           && (r = pcap_read(&pf, &rec, buf, sizeof buf)) == 1) {
        size_t skip = pf.linktype == PCAP_LINKTYPE_ETHERNET ? ETH_HLEN : 0;
        struct ether_header eh;

        if (rec.cut)                           /* kept going, as libpcap */
            warn_msg("%s: %s", path, pf.err);
        if (skip && rec.caplen < ETH_HLEN) {
            warn_msg("skipped a frame of %u bytes: [|ether]", rec.caplen);
            continue;
        }
        if (skip)
            memcpy(&eh, buf, sizeof eh);
        if (skip && ntohs(eh.ether_type) != ETHERTYPE_IP)
            continue;                          /* not an IPv4 frame */
        got += decode(buf + skip, rec.caplen - skip,
                      (rec.origlen > rec.caplen ? rec.origlen : rec.caplen) - skip,
                      got + 1);
    }
    if (r < 0)
        die_msg("%s: %s", path, pf.err);
    pcap_close(&pf);
    return got;
}
