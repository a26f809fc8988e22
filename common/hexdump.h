/*
 * hexdump.h - printing packet bytes.
 *
 * hex_line: the series' fmt.Printf("% X\n", buf): two upper-case hex digits
 * a byte, single spaces, one packet a line ("45 00 00 54").
 *
 * hex_dump: the canonical dump, laid out like tcpdump -X so the two can be
 * held side by side: offset, 16 bytes as 8 groups of 4 hex digits, then the
 * bytes as ASCII with only 0x20-0x7e printable and '.' for the rest.
 *
 *   0x0000:  4500 0054 1c46 4000 4001 a05a c000 0201  E..T.F@.@..Z....
 *
 * Both flush the stream, so `| head` and `| grep` see each packet at once.
 */
#ifndef COMMON_HEXDUMP_H
#define COMMON_HEXDUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void hex_line(FILE *out, const uint8_t *buf, size_t len);
void hex_dump(FILE *out, const uint8_t *buf, size_t len);

#endif
