/* fuzz-03-cooked - the parser inside part3-physical/03-cooked.c (its own
 * code: the program is included with main renamed), on any bytes: the
 * first 2 are sll_pkttype and sll_halen, the rest an Ethernet frame that
 * the kernel cooks as it would (source MAC into sll_addr, EtherType into
 * sll_protocol, the header taken off).
 * parser: part3-physical/03-cooked.c
 * corpus: tests/fuzz/corpus/frame
 * functions: print_packet */
#define main prog_main
#include "../../part3-physical/03-cooked.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = 1 };
    uint8_t *p;

    fuzz_quiet_stdout();
    if (size < 2 + ETH_HLEN)
        return 0;
    sll.sll_pkttype = in[0];
    sll.sll_halen = in[1];
    memcpy(sll.sll_addr, in + 2 + ETH_ALEN, ETH_ALEN);
    memcpy(&sll.sll_protocol, in + 2 + 12, 2);
    p = fuzz_copy(in + 2 + ETH_HLEN, size - 2 - ETH_HLEN);
    print_packet("veth0", &sll, p, size - 2 - ETH_HLEN);
    free(p);
    return 0;
}
