/* fuzz-06-own-protocol - the parser inside part1-ip-layer/06-own-protocol.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part1-ip-layer/06-own-protocol.c
 * corpus: tests/fuzz/corpus/ip
 * functions: own_print */
#define main prog_main
#include "../../part1-ip-layer/06-own-protocol.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    size_t hlen, total;

    fuzz_quiet_stdout();
    if (!ip4_check(in, size, &hlen, &total))  /* as ip4_recv hands it over */
        own_print(in, hlen, total);
    return 0;
}
