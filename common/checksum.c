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

uint32_t csum_pseudo4(struct in_addr src, struct in_addr dst,
                      uint8_t proto, uint16_t len)
{
    uint8_t ph[12];
    uint16_t nlen = htons(len);

    memcpy(ph, &src.s_addr, 4);        /* already network order */
    memcpy(ph + 4, &dst.s_addr, 4);
    ph[8] = 0;
    ph[9] = proto;
    memcpy(ph + 10, &nlen, 2);
    return csum_add(0, ph, sizeof ph);
}

uint32_t csum_pseudo6(const struct in6_addr *src, const struct in6_addr *dst,
                      uint8_t next_header, uint32_t len)
{
    uint8_t ph[40];
    uint32_t nlen = htonl(len);

    memcpy(ph, src, 16);
    memcpy(ph + 16, dst, 16);
    memcpy(ph + 32, &nlen, 4);
    ph[36] = ph[37] = ph[38] = 0;
    ph[39] = next_header;
    return csum_add(0, ph, sizeof ph);
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
