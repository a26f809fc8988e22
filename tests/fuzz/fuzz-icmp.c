/* fuzz-icmp - icmp_print (common/print-icmp.c) on any bytes after an IPv4
 * header, as the programs call it: the bytes up to the total length.
 * parser: common/print-icmp.c
 * corpus: tests/fuzz/corpus/icmp */
#include "print.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct in_addr src = { htonl(0xc0000201) }, dst = { htonl(0xc0000202) };

    icmp_print(fuzz_out(), src, dst, in, size);
    return 0;
}
