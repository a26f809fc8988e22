/* fuzz-tcp - tcp_print (common/print-tcp.c) on any bytes after an IPv4
 * header, as the programs call it: the bytes up to the total length.
 * parser: common/print-tcp.c
 * corpus: tests/fuzz/corpus/tcp */
#include "print.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct in_addr src = { htonl(0xc0000201) }, dst = { htonl(0xc0000202) };

    tcp_print(fuzz_out(), src, dst, in, size);
    return 0;
}
