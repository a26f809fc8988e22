/* fuzz-ip4 - ip4_check and ip4_check_cut (common/ip4.c) on any bytes: what
 * they accept must be a header the bytes hold.
 * parser: common/ip4.c
 * corpus: tests/fuzz/corpus/ip
 * functions: ip4_check ip4_check_cut */
#include "ip4.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    size_t hlen, total, wire;

    if (!ip4_check(in, size, &hlen, &total) &&
        (hlen < 20 || hlen > total || total > size))
        abort();
    wire = size + (size ? in[size - 1] : 0);           /* a cut capture */
    if (!ip4_check_cut(in, size, wire, &hlen, &total) &&
        (hlen < 20 || total > wire))
        abort();
    return 0;
}
