/* fuzz-05-eth-ping - the parser inside part3-physical/05-eth-ping.c (its
 * own code: the program is included with main renamed), on any bytes: the
 * frame as it came, then made into our echo reply (id, sequence, the IPv4
 * header checksum right; the ICMP checksum right when the first byte is
 * even, so both "(BAD CHECKSUM!)" and the good line are reached: a
 * mutation does not find a checksum).
 * parser: part3-physical/05-eth-ping.c
 * corpus: tests/fuzz/corpus/frame
 * functions: is_reply */
#define main prog_main
#include "../../part3-physical/05-eth-ping.c"
#undef main
#include "fuzz.h"

#define ID 0x1234
#define SEQ 7

/* f (n bytes) as an echo reply to (ID, SEQ) in an IPv4 frame. */
static void make_reply(uint8_t *f, size_t n, int good_sum)
{
    size_t hl, tot;
    uint16_t v;

    if (n < ETH_HLEN + 20 + 8)
        return;
    f[12] = 0x08, f[13] = 0x00;
    f += ETH_HLEN, n -= ETH_HLEN;
    f[0] = (uint8_t)(0x40 | (f[0] & 0x0f));
    hl = (size_t)(f[0] & 0x0f) * 4;
    memcpy(&v, f + 2, 2);
    tot = ntohs(v);
    if (hl < 20 || tot < hl + 8 || tot > n)
        return;
    f[9] = IPPROTO_ICMP;
    memset(f + 10, 0, 2);
    v = htons(csum(f, hl));
    memcpy(f + 10, &v, 2);
    f[hl] = ICMP_ECHOREPLY, f[hl + 1] = 0;
    v = htons(ID), memcpy(f + hl + 4, &v, 2);
    v = htons(SEQ), memcpy(f + hl + 6, &v, 2);
    if (good_sum) {
        memset(f + hl + 2, 0, 2);
        v = htons(csum(f + hl, tot - hl));
        memcpy(f + hl + 2, &v, 2);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct ping_stats st;
    uint8_t *f = fuzz_copy(in, size);

    fuzz_quiet_stdout();
    ping_stats_start(&st);
    is_reply(f, size, ID, SEQ, &st);
    make_reply(f, size, size > 0 && in[0] % 2 == 0);
    is_reply(f, size, ID, SEQ, &st);
    free(f);
    return 0;
}
