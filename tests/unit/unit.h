/* unit.h - argument helpers shared by the unit drivers of common/. */
#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include "errors.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* "00 01 f2" or "0001f2" -> bytes; exits 2 on a bad digit or odd count. */
static inline size_t unhex(const char *s, uint8_t *out, size_t cap)
{
    size_t n = 0;
    int hi = -1;

    for (; *s; s++) {
        const char *digits = "0123456789abcdef", *d;
        char ch = (char)(*s | 0x20);

        if (*s == ' ' || *s == ':')
            continue;
        d = strchr(digits, ch);
        if (!d)
            die_msg("bad hex digit '%c'", *s);
        if (hi < 0) {
            hi = (int)(d - digits);
            continue;
        }
        if (n == cap)
            die_msg("too many bytes");
        out[n++] = (uint8_t)(hi << 4 | (int)(d - digits));
        hi = -1;
    }
    if (hi >= 0)
        die_msg("odd number of hex digits");
    return n;
}

/* The textbook Internet checksum, the reference the fast one in common/ is
 * compared with (tests/unit/test-checksum, tests/bench/bench-checksum):
 * big-endian 16-bit words summed into 32 bits, an odd last byte padded
 * with zero, the carries folded at the end. Exact up to 128 KiB. */
static inline uint16_t csum_textbook(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint32_t sum = 0;
    size_t i;

    for (i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    if (len & 1)
        sum += (uint32_t)(p[len - 1] << 8);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

#endif
