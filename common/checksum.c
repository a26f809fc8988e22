/* checksum.c - see checksum.h. */
#include "checksum.h"

#include <string.h>

uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
    const uint8_t *p = data;

    while (len > 1) {
        sum += (uint32_t)((p[0] << 8) | p[1]);   /* big-endian word */
        p += 2;
        len -= 2;
        if (sum & 0xffff0000u)                   /* fold as we go */
            sum = (sum & 0xffffu) + (sum >> 16);
    }
    if (len == 1) {
        sum += (uint32_t)(p[0] << 8);            /* pad with a zero byte */
        sum = (sum & 0xffffu) + (sum >> 16);
    }
    return sum;
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
