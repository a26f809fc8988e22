/* fuzz-08-record-route - the parser inside part2-link-layer/08-record-route.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part2-link-layer/08-record-route.c common/ipopt.c
 * corpus: tests/fuzz/corpus/ipopt
 * functions: print_route ip4_opt_find */
#define main prog_main
#include "../../part2-link-layer/08-record-route.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    fuzz_quiet_stdout();
    print_route(in, size > 40 ? 40 : size);   /* the options, IHL allows 40 */
    return 0;
}
