/* fuzz-ether - ether_print (common/print-ether.c), part 3's printer, on any
 * bytes: all of them captured, and a capture cut short of the wire length.
 * parser: common/print-ether.c
 * corpus: tests/fuzz/corpus/frame */
#include "print.h"
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    uint8_t *cut;
    ether_print(fuzz_out(), in, size, size);
    cut = fuzz_copy(in, size / 2);            /* cut by a snap length */
    ether_print(fuzz_out(), cut, size / 2, size);
    free(cut);
    return 0;
}
