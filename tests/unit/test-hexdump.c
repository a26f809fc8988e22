/*
 * test-hexdump - drives common/hexdump.c for tests/00-common.bats.
 *
 *   test-hexdump line HEX     the "% X" line of the bytes
 *   test-hexdump dump HEX     the canonical dump of the bytes
 *   test-hexdump pcap FILE HEX  the bytes as one raw-IPv4 pcap record, so
 *                             tcpdump -X can dump the same bytes
 */
#include "hexdump.h"
#include "pcap.h"
#include "unit.h"

static uint8_t buf[65536];

int main(int argc, char **argv)
{
    struct pcap_file pf;
    size_t n;

    prog_init(argv[0]);
    if (argc == 3 && !strcmp(argv[1], "line")) {
        hex_line(stdout, buf, unhex(argv[2], buf, sizeof buf));
    } else if (argc == 3 && !strcmp(argv[1], "dump")) {
        hex_dump(stdout, buf, unhex(argv[2], buf, sizeof buf));
    } else if (argc == 4 && !strcmp(argv[1], "pcap")) {
        n = unhex(argv[3], buf, sizeof buf);
        if (pcap_create(&pf, argv[2], PCAP_LINKTYPE_RAW, 65535) ||
            pcap_write(&pf, 1700000000.0, buf, (uint32_t)n, (uint32_t)n) ||
            pcap_close(&pf))
            die_msg("%s", pf.err);
    } else {
        fprintf(stderr, "usage: see the header of tests/unit/test-hexdump.c\n");
        return 2;
    }
    return 0;
}
