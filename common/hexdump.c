/* hexdump.c - see hexdump.h. */
#include "hexdump.h"

void hex_line(FILE *out, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++)
        fprintf(out, i ? " %02X" : "%02X", buf[i]);
    fputc('\n', out);
    fflush(out);
}

void hex_dump(FILE *out, const uint8_t *buf, size_t len)
{
    for (size_t off = 0; off < len; off += 16) {
        size_t n = len - off < 16 ? len - off : 16;
        int col = fprintf(out, "0x%04zx: ", off);

        for (size_t i = 0; i < n; i += 2)
            col += i + 1 < n ? fprintf(out, " %02x%02x", buf[off + i], buf[off + i + 1])
                             : fprintf(out, " %02x", buf[off + i]);
        fprintf(out, "%*s  ", col < 48 ? 48 - col : 0, "");   /* pad short lines */
        for (size_t i = 0; i < n; i++) {
            uint8_t c = buf[off + i];
            fputc(c >= 0x20 && c <= 0x7e ? c : '.', out);
        }
        fputc('\n', out);
    }
    fflush(out);
}
