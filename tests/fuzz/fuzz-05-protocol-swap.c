/* fuzz-05-protocol-swap - the parser inside part2-link-layer/05-protocol-swap.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part2-link-layer/05-protocol-swap.c common/print-ip.c
 * corpus: tests/fuzz/corpus/ip
 * functions: malformed reaction transport_print */
#define main prog_main
#include "../../part2-link-layer/05-protocol-swap.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct in_addr dst;
    size_t hl, tot;

    fuzz_quiet_stdout();
    if (ip4_check(in, size, &hl, &tot) || malformed(in, hl, tot))
        return 0;                               /* as main hands it over */
    memcpy(&dst, in + 12, 4);                   /* from HOST */
    reaction(in, hl, tot, IPPROTO_ICMP, dst);
    reaction(in, hl, tot, IPPROTO_TCP, dst);
    reaction(in, hl, tot, 253, dst);
    return 0;
}
