/* fuzz-07-traceroute - the parser inside part2-link-layer/07-traceroute.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part2-link-layer/07-traceroute.c
 * corpus: tests/fuzz/corpus/ip
 * functions: is_our_probe is_echo */
#define main prog_main
#include "../../part2-link-layer/07-traceroute.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct in_addr dst;

    if (size < 20)
        return 0;
    memcpy(&dst, in + 16, 4);                 /* the quoted destination */
    is_our_probe(in, size, dst, 0x1234, 1);
    return 0;
}
