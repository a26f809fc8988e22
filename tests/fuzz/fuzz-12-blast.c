/* fuzz-12-blast - 12-blast receives nothing (a sender bound to protocol 0):
 * no parser of received bytes. What it computes from untrusted-looking
 * input is each frame's checksums, patched in place (RFC 1624) instead of
 * recomputed: here its own build() and stamp() (the program is included
 * with main renamed) on any size, addresses and sequence numbers, and the
 * patched frame checked against a full recomputation; a mismatch aborts.
 * The input: 2 bytes of size (60-1514), 8 of addresses, then sequence
 * numbers of 4 bytes, stamped one after the other into the same frame.
 * parser: part3-physical/12-blast.c
 * corpus: tests/fuzz/corpus/frame
 * functions: build stamp csum_replace put16 */
#define main prog_main
#include "../../part3-physical/12-blast.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static uint8_t f[1514];
    static const uint8_t dst[6] = { 2, 0, 0, 0, 0, 2 }, src[6] = { 2, 0, 0, 0, 0, 1 };
    struct in_addr s, d;
    size_t len;

    if (size < 10)
        return 0;
    len = 60 + (size_t)(in[0] << 8 | in[1]) % (1514 - 60 + 1);
    memcpy(&s.s_addr, in + 2, 4);
    memcpy(&d.s_addr, in + 6, 4);
    build(f, len, dst, src, s, d);
    for (size_t i = 10; i + 4 <= size; i += 4) {
        uint32_t seq = (uint32_t)in[i] << 24 | (uint32_t)in[i + 1] << 16 |
                       (uint32_t)in[i + 2] << 8 | in[i + 3];
        uint16_t udpck, want;

        stamp(f, seq);
        udpck = get16(f + OFF_UDP + 6);
        if (csum(f + OFF_IP, 20) != 0)          /* the header sums to 0 */
            abort();
        if (get16(f + OFF_IP + 4) != (uint16_t)seq || get16(f + OFF_SEQ) != (uint16_t)(seq >> 16))
            abort();
        memset(f + OFF_UDP + 6, 0, 2);          /* recomputed from scratch */
        want = csum_udp4(s, d, f + OFF_UDP, (uint16_t)(len - OFF_UDP));
        if (!want)
            want = 0xffff;
        put16(f + OFF_UDP + 6, udpck);
        if (udpck != want)
            abort();
    }
    return 0;
}
