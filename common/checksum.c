/* checksum.c - see checksum.h. */
#include "checksum.h"

#include <string.h>

/*
 * RFC 1071's techniques (sections 2 and 4), each one why this is fast:
 *
 * - Deferred carries: 32-bit words are added into 64-bit accumulators, and
 *   the carries that pile up above bit 31 are folded back once, at the end
 *   (an accumulator takes 2^32 words before it could overflow: a chunk of
 *   at most 1 GiB is summed, then folded). No test or fold in the loop, so
 *   the compiler can unroll and vectorise it.
 * - Wider words: 4 bytes per addition (16 per step, in four independent
 *   accumulators), not 2. In one's-complement arithmetic a 32-bit word is
 *   two 16-bit words: 2^16 is congruent to 1 modulo 0xffff, so folding the
 *   wide sum to 16 bits gives the same result as adding 16-bit words.
 * - Byte-order independence: the words are read in the host's own order
 *   (memcpy: any alignment, no aliasing trouble). On a little-endian host
 *   every 16-bit word is then byte-swapped, and the one's-complement sum of
 *   swapped words is the swapped sum: one ntohs() at the end puts it right.
 *   An odd last byte is the first byte of a word padded with zero, built as
 *   bytes {b, 0} and read the same way.
 */
uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t acc = 0;
    uint16_t w16;

    while (len >= 64) {
        uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        size_t n = len < ((size_t)1 << 30) ? len / 16 : ((size_t)1 << 26);

        for (size_t i = 0; i < n; i++, p += 16) {
            uint32_t w[4];

            memcpy(w, p, 16);
            a0 += w[0];
            a1 += w[1];
            a2 += w[2];
            a3 += w[3];
        }
        len -= n * 16;
        a0 = (a0 & 0xffffffffu) + (a0 >> 32) + (a1 & 0xffffffffu) + (a1 >> 32);
        a2 = (a2 & 0xffffffffu) + (a2 >> 32) + (a3 & 0xffffffffu) + (a3 >> 32);
        acc += (a0 & 0xffffffffu) + (a0 >> 32) + (a2 & 0xffffffffu) + (a2 >> 32);
    }
    while (len >= 8) {
        uint32_t w[2];

        memcpy(w, p, 8);
        acc += (uint64_t)w[0] + w[1];
        p += 8;
        len -= 8;
    }
    if (len >= 4) {
        uint32_t w;

        memcpy(&w, p, 4);
        acc += w;
        p += 4;
        len -= 4;
    }
    if (len >= 2) {
        memcpy(&w16, p, 2);
        acc += w16;
        p += 2;
        len -= 2;
    }
    if (len == 1) {
        uint8_t last[2] = { p[0], 0 };      /* pad with a zero byte */

        memcpy(&w16, last, 2);
        acc += w16;
    }
    /* The deferred carries, folded: 64 bits to 32, to 16 (each step can
     * carry once more, hence the repeats). */
    acc = (acc & 0xffffffffu) + (acc >> 32);
    acc = (acc & 0xffffffffu) + (acc >> 32);
    acc = (acc & 0xffffu) + (acc >> 16);
    acc = (acc & 0xffffu) + (acc >> 16);
    acc = (acc & 0xffffu) + (acc >> 16);
    sum = (sum & 0xffffu) + (sum >> 16);        /* room for one more word */
    return sum + ntohs((uint16_t)acc);          /* host order -> big-endian */
}

uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffffu) + (sum >> 16);
    return (uint16_t)~sum;
}

uint16_t csum(const void *data, size_t len)
{
    return csum_fold(csum_add(0, data, len));
}

/* The sum of the IPv4 pseudo-header (RFC 768, RFC 793): source,
 * destination, zero, protocol, and the TCP/UDP length (header + payload). */
static uint32_t csum_pseudo4(struct in_addr src, struct in_addr dst,
                             uint8_t proto, uint16_t len)
{
    struct {
        uint32_t src, dst;                 /* already network order */
        uint8_t zero, proto;
        uint16_t len;
    } ph = { src.s_addr, dst.s_addr, 0, proto, htons(len) };

    _Static_assert(sizeof ph == 12, "the pseudo-header is 12 bytes");
    return csum_add(0, &ph, sizeof ph);
}

uint16_t csum_udp4(struct in_addr src, struct in_addr dst,
                   const void *udp, uint16_t len)
{
    uint16_t c = csum_fold(csum_add(csum_pseudo4(src, dst, IPPROTO_UDP, len),
                                    udp, len));
    return c == 0 ? 0xffff : c;
}

uint16_t csum_tcp4(struct in_addr src, struct in_addr dst,
                   const void *tcp, uint16_t len)
{
    return csum_fold(csum_add(csum_pseudo4(src, dst, IPPROTO_TCP, len),
                              tcp, len));
}
