/* fuzz-07-traceroute - the check part2-link-layer/07-traceroute.c runs on
 * what an ICMP error quotes (icmp_quotes_echo, common/icmp.c: is it our
 * probe?), on any bytes; the program is included with main renamed, so the
 * target builds what it runs.
 * parser: common/icmp.c
 * corpus: tests/fuzz/corpus/ip
 * functions: icmp_quotes_echo */
#define main prog_main
#include "../../part2-link-layer/07-traceroute.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct in_addr dst;

    if (size < 20)
        return 0;
    memcpy(&dst, in + 16, 4);                 /* the quoted destination */
    icmp_quotes_echo(in, size, dst, 0x1234, 1);
    return 0;
}
