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

#endif
