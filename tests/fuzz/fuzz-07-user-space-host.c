/* fuzz-07-user-space-host - the parser inside part3-physical/07-user-space-host.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part3-physical/07-user-space-host.c
 * corpus: tests/fuzz/corpus/frame
 * functions: answer arp_answer icmp_answer eth_header */
#define main prog_main
#include "../../part3-physical/07-user-space-host.c"
#undef main
#include "fuzz.h"

/* The same bytes made into an echo request for us: our address as the
 * destination, protocol ICMP, both checksums right (a fuzzer does not find
 * a checksum by mutation, and without one the reply code is never reached).
 * Returns a buffer of exactly size bytes, to free. */
static uint8_t *for_us(const uint8_t *in, size_t size)
{
    uint8_t *f = malloc(size ? size : 1);
    size_t hl, tot;
    uint16_t v;

    if (!f)
        abort();
    memcpy(f, in, size);
    if (size < 14 + 20 || f[12] != 0x08 || f[13] != 0x00 || f[14] >> 4 != 4)
        return f;
    hl = (size_t)(f[14] & 0x0f) * 4;
    if (hl < 20 || 14 + hl > size)
        return f;
    memcpy(f + 14 + 16, &my_ip.s_addr, 4);
    f[14 + 9] = IPPROTO_ICMP;
    memset(f + 14 + 10, 0, 2);
    v = htons(csum(f + 14, hl));
    memcpy(f + 14 + 10, &v, 2);
    memcpy(&v, f + 14 + 2, 2);
    tot = ntohs(v);
    if (tot >= hl + 4 && 14 + tot <= size) {
        memset(f + 14 + hl + 2, 0, 2);
        v = htons(csum(f + 14 + hl, tot - hl));
        memcpy(f + 14 + hl + 2, &v, 2);
    }
    return f;
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static uint8_t out[1514];              /* as main has them */
    static char line[160];
    uint8_t *f;

    my_ip.s_addr = htonl(0xc0000209);            /* 192.0.2.9 */
    memcpy(my_mac, "\x02\x00\xc0\x00\x02\x09", 6);
    answer(in, size, out, line);
    f = for_us(in, size);
    answer(f, size, out, line);
    free(f);
    return 0;
}
