/* fuzz-02-ip-header - the parser inside part2-link-layer/02-ip-header.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part2-link-layer/02-ip-header.c common/ip4.c common/ipopt.c
 * corpus: tests/fuzz/corpus/ip
 * functions: decode ip4_check ip4_check_cut ip4_opt_print */
#define main prog_main
#include "../../part2-link-layer/02-ip-header.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    fuzz_quiet_stdout();
    decode(in, size, size, 1);                  /* as read */
    decode(in, size / 2, size, 2);              /* cut by a snap length */
    return 0;
}
