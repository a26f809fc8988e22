/*
 * test-link - drives common/link.c for tests/02-link.bats.
 *
 *   test-link mac STRING           parse a MAC; print it back or "bad"
 *   test-link frame IF TYPE HEX    frame_line() of the bytes, sll_pkttype TYPE
 *   test-link xframe IF TYPE HEX   the same with the canonical dump
 *   test-link pcap FILE HEX        the bytes as one Ethernet pcap record
 */
#include "link.h"
#include "pcap.h"
#include "unit.h"

static uint8_t buf[65536];

int main(int argc, char **argv)
{
    struct pcap_file pf;
    uint8_t mac[6];
    char s[18];
    size_t n;

    prog_init(argv[0]);
    if (argc == 3 && !strcmp(argv[1], "mac")) {
        if (mac_parse(argv[2], mac) < 0)
            puts("bad");
        else
            puts(mac_str(mac, s));
    } else if (argc == 5 && (!strcmp(argv[1], "frame") || !strcmp(argv[1], "xframe"))) {
        n = unhex(argv[4], buf, sizeof buf);
        frame_line(stdout, argv[2], (unsigned char)atoi(argv[3]), buf, n,
                   argv[1][0] == 'x');
    } else if (argc == 4 && !strcmp(argv[1], "pcap")) {
        n = unhex(argv[3], buf, sizeof buf);
        if (pcap_create(&pf, argv[2], PCAP_LINKTYPE_ETHERNET, 65535) ||
            pcap_write(&pf, 1700000000.0, buf, (uint32_t)n, (uint32_t)n) ||
            pcap_close(&pf))
            die_msg("%s", pf.err);
    } else {
        fprintf(stderr, "usage: see the header of tests/unit/test-link.c\n");
        return 2;
    }
    return 0;
}
