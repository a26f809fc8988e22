/* fuzz-06-own-ethertype - the parser inside part3-physical/06-own-ethertype.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part3-physical/06-own-ethertype.c
 * corpus: tests/fuzz/corpus/frame
 * functions: wb_print print_escaped */
#define main prog_main
#include "../../part3-physical/06-own-ethertype.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    fuzz_quiet_stdout();
    wb_print(in, size);
    return 0;
}
