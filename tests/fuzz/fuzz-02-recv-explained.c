/* fuzz-02-recv-explained - the parser inside part1-ip-layer/02-recv-explained.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part1-ip-layer/02-recv-explained.c common/print-ip.c
 * corpus: tests/fuzz/corpus/ip
 * functions: explain_packet transport_print */
#define main prog_main
#include "../../part1-ip-layer/02-recv-explained.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    size_t hlen, total;

    fuzz_quiet_stdout();
    if (!ip4_check(in, size, &hlen, &total))  /* as ip4_recv hands it over */
        explain_packet(in, hlen, total);
    return 0;
}
