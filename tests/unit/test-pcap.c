/*
 * test-pcap - drives common/pcap.c for tests/00-common.bats.
 *
 *   test-pcap write FILE raw|ether COUNT   COUNT ICMP echo requests
 *       192.0.2.1 -> 192.0.2.2, id 0x1234, seq 1..COUNT, as raw IPv4 (link
 *       type 101) or in Ethernet frames 02:00:00:00:00:01 -> :02 (type 1);
 *       prints each packet's bytes as a "% X" line
 *   test-pcap read FILE [CAP]   "linktype L snaplen S fcs F", then per
 *       record "CAPLEN ORIGLEN SEC.FRACTION" and its bytes as a "% X" line; a record
 *       cut (to the snap length, or to a buffer of CAP bytes) warns on
 *       stderr; errors exit 2
 */
#include "hexdump.h"
#include "icmp.h"
#include "ip4.h"
#include "options.h"
#include "pcap.h"
#include "unit.h"

#include <arpa/inet.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>

static uint8_t buf[PCAP_MAX_SNAPLEN];

static size_t echo_packet(uint8_t *p, int ether, uint16_t seq)
{
    static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
    struct ip4_spec s = { .id = seq, .ttl = 64, .proto = IPPROTO_ICMP };
    uint8_t *ip = p + (ether ? 14 : 0);
    size_t hlen;

    if (ether) {
        memcpy(p, macs, 12);            /* destination, then source */
        p[12] = 0x08;                   /* EtherType 0x0800: IPv4 */
        p[13] = 0x00;
    }
    inet_pton(AF_INET, "192.0.2.1", &s.src);
    inet_pton(AF_INET, "192.0.2.2", &s.dst);
    hlen = ip4_build(ip, 60, &s, 8 + 5);
    icmp_echo_build(ip + hlen, 64, ICMP_ECHO, 0x1234, seq, "hello", 5);
    return (size_t)(ip - p) + hlen + 8 + 5;
}

int main(int argc, char **argv)
{
    struct pcap_file pf;
    struct pcap_record rec;
    int rc;

    prog_init(argv[0]);
    if (argc == 5 && !strcmp(argv[1], "write")) {
        int ether = !strcmp(argv[3], "ether");
        long count = opt_count(argv[4]);

        if (pcap_create(&pf, argv[2], ether ? PCAP_LINKTYPE_ETHERNET
                                            : PCAP_LINKTYPE_RAW, 65535))
            die_msg("%s", pf.err);
        for (long i = 1; i <= count; i++) {
            size_t n = echo_packet(buf, ether, (uint16_t)i);

            if (pcap_write(&pf, 1700000000.0 + (double)i / 8, buf,
                           (uint32_t)n, (uint32_t)n))
                die_msg("%s", pf.err);
            hex_line(stdout, buf, n);
        }
        if (pcap_close(&pf))
            die_msg("%s", pf.err);
    } else if ((argc == 3 || argc == 4) && !strcmp(argv[1], "read")) {
        size_t cap = argc == 4 ? (size_t)opt_long(argv[3], "buffer", 0,
                                                   (long)sizeof buf) : sizeof buf;

        if (pcap_open(&pf, argv[2]))
            die_msg("%s", pf.err);
        printf("linktype %u snaplen %u fcs %u\n", pf.linktype, pf.snaplen,
               pf.fcs_len);
        while ((rc = pcap_read(&pf, &rec, buf, cap)) == 1) {
            if (rec.cut)
                warn_msg("%s", pf.err);
            printf("%u %u %u.%0*u\n", rec.caplen, rec.origlen, rec.sec,
                   pf.nsec ? 9 : 6, rec.usec);
            hex_line(stdout, buf, rec.caplen);
        }
        if (rc < 0)
            die_msg("%s", pf.err);
        pcap_close(&pf);
    } else {
        fprintf(stderr, "usage: see the header of tests/unit/test-pcap.c\n");
        return 2;
    }
    return 0;
}
