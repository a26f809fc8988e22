/* fuzz-ip6 - ip6_print (common/print-ip6.c), part 3's printer, on any
 * bytes: all of them captured, and a capture cut short of the wire length.
 * parser: common/print-ip6.c
 * corpus: tests/fuzz/corpus/ip6 */
#include "print.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    fuzz_printer(ip6_print, in, size);
    return 0;
}
