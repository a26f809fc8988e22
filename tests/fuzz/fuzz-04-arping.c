/* fuzz-04-arping - the parser inside part3-physical/04-arping.c (its own
 * code: the program is included with main renamed), on any bytes: the
 * frame as it came, then the same frame made into a reply from the target
 * to us (the addresses a mutation rarely finds), so every check is reached.
 * parser: part3-physical/04-arping.c
 * corpus: tests/fuzz/corpus/frame
 * functions: is_reply */
#define main prog_main
#include "../../part3-physical/04-arping.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct ether_arp a;
    uint8_t *f;

    my_ip.s_addr = htonl(0xc0000201);                    /* 192.0.2.1 */
    target.s_addr = htonl(0xc0000202);                   /* 192.0.2.2 */
    memcpy(my_mac, "\x02\x00\xc0\x00\x02\x01", 6);
    is_reply(in, size, &a);
    if (size < ETH_HLEN + sizeof a)
        return 0;
    f = fuzz_copy(in, size);                    /* the reply we wait for */
    memcpy(f + ETH_HLEN + offsetof(struct ether_arp, arp_spa), &target.s_addr, 4);
    memcpy(f + ETH_HLEN + offsetof(struct ether_arp, arp_tha), my_mac, 6);
    memcpy(f + ETH_HLEN + offsetof(struct ether_arp, arp_tpa), &my_ip.s_addr, 4);
    is_reply(f, size, &a);
    free(f);
    return 0;
}
