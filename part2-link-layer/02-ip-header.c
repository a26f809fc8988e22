/*
 * 02-ip-header - every field of the IPv4 header, labelled, one a line; the
 *                header checksum verified by us; the options by name.
 *
 * Follows "Raw sockets in Go: Link layer" (Graham King, 2015), which reads
 * the header of one packet byte by byte ("First byte 45 is 4 for the IP
 * version ..."). This program does that reading for every packet, with the
 * layout of RFC 791 (see common/ip4.h): the fields that are not whole bytes
 * are taken apart with shifts and masks, the 16-bit ones with memcpy and
 * ntohs. The checksum is checked the RFC 1071 way: summed over the whole
 * header, checksum field included, a correct header gives 0. The options
 * (IHL > 5) are printed by common/ipopt.c, whose header draws their layout.
 *
 * Usage:  02-ip-header [-p PROTO] [-c COUNT] [-t SECONDS] [-r FILE]
 *   -p PROTO    icmp (default), tcp, udp, ... or a number
 *   -c COUNT    stop after COUNT packets (exit 0)
 *   -t SECONDS  stop after SECONDS (default 60; exit 1 if nothing, or fewer
 *               than COUNT, arrived)
 *   -r FILE     decode the IPv4 packets of a pcap file (raw IP or Ethernet)
 *               instead of listening: needs no privilege
 *
 * Needs root or CAP_NET_RAW to listen (sudo ./02-ip-header).
 *
 * Try:  ping -c 1 127.0.0.1     (two packets: the request, then the reply)
 *       ping -c 1 -R 127.0.0.1  (Record Route. The checksum shows WRONG: our
 *                               kernel wrote its address into the option on
 *                               receipt, before the raw socket, and did not
 *                               redo the sum. -r on a capture: correct.)
 *       ping -c 1 -Q 0xb9 ...   (DSCP 46 "expedited forwarding", ECN 1)
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
#include <netinet/ip.h>
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

    fd = ip4_listen(proto);             /* as 01-recv: socket, drop root */
    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) &&
           ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total))
        got += decode(buf, total, total, got + 1);
    close(fd);
    return (count ? got == count : got > 0) ? EXIT_GOT : EXIT_NOANSWER;
}

/* Print the header of the packet p: n bytes read (or kept in a capture) of
 * the wire bytes it had. A header cut short by the capture is printed as
 * far as its bytes go and marked "[|ip]", as tcpdump marks it. 1 if
 * printed. */
static int decode(const uint8_t *p, size_t n, size_t wire, long number)
{
    static const char *ecn[] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };
    size_t hlen, total;
    const char *bad = ip4_check(p, n, &hlen, &total);
    uint16_t id, frag, sum, want;
    uint8_t hdr[60];
    char pbuf[16], src[INET_ADDRSTRLEN], dst[INET_ADDRSTRLEN];

    if (bad && n < wire)
        bad = ip4_check_cut(p, n, wire, &hlen, &total);   /* common/ip4.c */
    if (bad) {
        warn_msg("skipped a packet of %zu bytes: %s", n, bad);
        return 0;
    }
    if (n < total)
        printf("packet %ld: %zu bytes, %zu captured\n", number, total, n);
    else
        printf("packet %ld: %zu bytes\n", number, total);
    if (n < 1)
        goto cut;
    printf("  version:         %u\n", p[0] >> 4);
    printf("  IHL:             %u (%zu bytes)\n", p[0] & 0x0fu, hlen);
    if (n < 2)
        goto cut;
    printf("  DSCP:            %u\n", p[1] >> 2);
    printf("  ECN:             %u %s\n", p[1] & 3u, ecn[p[1] & 3]);
    if (n < 4)
        goto cut;
    printf("  total length:    %zu\n", total);
    if (n < 6)
        goto cut;
    memcpy(&id, p + 4, 2);
    id = ntohs(id);
    printf("  id:              0x%04x (%u)\n", id, id);
    if (n < 8)
        goto cut;
    memcpy(&frag, p + 6, 2);
    frag = ntohs(frag);
    printf("  flags:          %s%s%s%s\n", frag & IP_RF ? " reserved(evil)" : "",
           frag & IP_DF ? " DF" : "", frag & IP_MF ? " MF" : "",
           frag & (IP_RF | IP_DF | IP_MF) ? "" : " none");
    printf("  fragment offset: %u bytes\n", (frag & IP_OFFMASK) * 8u);
    if (n < 9)
        goto cut;
    printf("  TTL:             %u\n", p[8]);
    if (n < 10)
        goto cut;
    printf("  protocol:        %s (%u)\n", proto_name(p[9], pbuf), p[9]);
    if (n < 12)
        goto cut;
    memcpy(&sum, p + 10, 2);
    sum = ntohs(sum);
    if (n < hlen)                             /* cannot be verified */
        printf("  checksum:        0x%04x [|ip]\n", sum);
    else if (csum(p, hlen) == 0)
        printf("  checksum:        0x%04x correct\n", sum);
    else {
        memcpy(hdr, p, hlen);                 /* the sum with the field at 0 */
        memset(hdr + 10, 0, 2);
        want = csum(hdr, hlen);
        printf("  checksum:        0x%04x WRONG, should be 0x%04x\n", sum, want);
    }
    if (n < 16)
        goto cut;
    inet_ntop(AF_INET, p + 12, src, sizeof src);   /* two buffers, not one */
    printf("  source:          %s\n", src);
    if (n < 20)
        goto cut;
    inet_ntop(AF_INET, p + 16, dst, sizeof dst);   /* static (inet_ntoa) */
    printf("  destination:     %s\n", dst);
    if (n < hlen)
        goto cut;
    if (hlen == 20)
        printf("  options:         none\n");
    else
        ip4_opt_print(stdout, p + 20, hlen - 20);   /* common/ipopt.c */
    fflush(stdout);
    return 1;
cut:
    printf("  [|ip]\n");                          /* the capture ends here */
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
        size_t skip = pf.linktype == PCAP_LINKTYPE_ETHERNET ? 14 : 0;

        if (rec.cut)                           /* kept going, as libpcap */
            warn_msg("%s: %s", path, pf.err);
        if (rec.caplen < skip) {
            warn_msg("skipped a frame of %u bytes: [|ether]", rec.caplen);
            continue;
        }
        if (skip && (buf[12] != 0x08 || buf[13] != 0x00))
            continue;                          /* not an IPv4 frame */
        got += decode(buf + skip, rec.caplen - skip,
                      rec.origlen > rec.caplen ? rec.origlen - skip
                                               : rec.caplen - skip, got + 1);
    }
    if (r < 0)
        die_msg("%s: %s", path, pf.err);
    pcap_close(&pf);
    return got;
}
