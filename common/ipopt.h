/*
 * ipopt.h - the options of an IPv4 header (RFC 791, 3.1), the bytes from
 * offset 20 up to IHL*4, walked without trusting a byte of them.
 *
 * End of List (0) and No Operation (1) are one byte. Every other option is
 *
 *   | type | length (all of it, >= 2) | data: length - 2 bytes |
 *
 * Record Route (7) and the source routes (131, 137) carry a pointer: 1-based
 * from the option's first byte, 4 for the first 4-byte address slot, and
 * past the last slot filled in. 02-ip-header prints every option with
 * ip4_opt_print; 08-record-route finds its Record Route with ip4_opt_find.
 */
#ifndef COMMON_IPOPT_H
#define COMMON_IPOPT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* One line an option, as 02-ip-header shows them:
 *   "  option:          Record Route (7), 39 bytes, pointer 8: 192.0.2.2"
 * the addresses recorded so far, a Timestamp's pointer, overflow and flag,
 * a Router Alert's value; a malformed option ends the list with why. */
void ip4_opt_print(FILE *out, const uint8_t *o, size_t len);
/* The first option of this type before End of List, with *olen its
 * length; NULL when there is none (*why NULL) or the list is malformed
 * before it (*why says so). */
const uint8_t *ip4_opt_find(const uint8_t *o, size_t len, uint8_t type,
                            size_t *olen, const char **why);
#endif
