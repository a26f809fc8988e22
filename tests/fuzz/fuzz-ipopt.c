/* fuzz-ipopt - the IPv4 options walk (common/ipopt.c): print every option,
 * find each type, on any bytes (0 to 40 of them, as IHL allows).
 * parser: common/ipopt.c
 * corpus: tests/fuzz/corpus/ipopt */
#include "ipopt.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static const uint8_t types[] = { 7, 68, 130, 131, 137, 148, 0, 1 };
    size_t len = size > 40 ? 40 : size, olen;
    const char *why;

    ip4_opt_print(fuzz_out(), in, len);
    for (size_t i = 0; i < sizeof types; i++) {
        const uint8_t *o = ip4_opt_find(in, len, types[i], &olen, &why);

        if (o && (o < in || o + olen > in + len))
            abort();
    }
    return 0;
}
