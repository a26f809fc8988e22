/* fuzz-02-decode - the parser inside part3-physical/02-decode.c
 * (its own code: the program is included with main renamed), on any bytes:
 * the first byte picks the link type (Ethernet, Linux cooked, raw IP), the
 * second how much of the frame the capture kept.
 * parser: part3-physical/02-decode.c common/print-ether.c common/print-ip.c common/print-ip6.c common/print-arp.c common/print-icmp6.c
 * corpus: tests/fuzz/corpus/frame
 * functions: print_frame ether_print sll_print raw_ip_print ethertype_print ip_print ip6_print arp_print icmp6_print */
#define main prog_main
#include "../../part3-physical/02-decode.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static const uint32_t types[] = { PCAP_LINKTYPE_ETHERNET,
        PCAP_LINKTYPE_LINUX_SLL, PCAP_LINKTYPE_RAW };
    size_t keep;
    uint8_t *f;

    fuzz_quiet_stdout();
    if (size < 2)
        return 0;
    keep = (size - 2) * in[1] / 255;            /* 0 .. all of it */
    f = fuzz_copy(in + 2, keep);                /* what the capture kept */
    print_frame(types[in[0] % 3], f, keep, size - 2);
    free(f);
    return 0;
}
