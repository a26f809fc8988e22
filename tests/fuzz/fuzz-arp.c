/* fuzz-arp - arp_print (common/print-arp.c), part 3's printer, on any
 * bytes: all of them captured, and a capture cut short of the wire length.
 * parser: common/print-arp.c
 * corpus: tests/fuzz/corpus/arp */
#include "print.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    fuzz_printer(arp_print, in, size);
    return 0;
}
