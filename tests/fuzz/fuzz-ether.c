/* fuzz-ether - ether_print (common/print-ether.c), part 3's printer, on any
 * bytes: all of them captured, and a capture cut short of the wire length.
 * parser: common/print-ether.c
 * corpus: tests/fuzz/corpus/frame */
#include "print.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    fuzz_printer(ether_print, in, size);
    return 0;
}
