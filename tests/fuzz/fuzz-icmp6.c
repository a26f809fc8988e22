/* fuzz-icmp6 - icmp6_print (common/print-icmp6.c), part 3's printer, on any
 * bytes: all of them captured, and a capture cut short of the wire length.
 * parser: common/print-icmp6.c
 * corpus: tests/fuzz/corpus/icmp6 */
#include "print.h"
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    uint8_t *cut;
    struct ip_pair a = { .family = AF_INET6 };

    memcpy(a.src, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x02", 16);
    memcpy(a.dst, "\xff\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
    icmp6_print(fuzz_out(), &a, in, size, size);
    cut = fuzz_copy(in, size / 2);            /* cut by a snap length */
    icmp6_print(fuzz_out(), &a, cut, size / 2, size);
    free(cut);
    return 0;
}
