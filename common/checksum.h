/*
 * checksum.h - the Internet checksum (RFC 1071), with a running sum.
 *
 * The data is read as big-endian 16-bit words, whatever the host's byte
 * order, and the result is a host-order number: store it with htons().
 *
 *   uint16_t c = csum(hdr, 20);               one buffer
 *   uint32_t s = csum_add(0, part1, 20);       several parts in a row
 *   s = csum_add(s, part2, len);
 *   uint16_t c = csum_fold(s);
 *   uint16_t c = csum_udp4(src, dst, udp, len);  pseudo-header + datagram
 *
 * csum_add() may be called any number of times; every part but the last
 * must have an even length (the pseudo-header does). An odd last byte is
 * padded with a zero byte, as RFC 1071 says. Any length up to SIZE_MAX is
 * safe. The sum is computed with RFC 1071's speed-ups (wide words in the
 * host's byte order, carries deferred): see checksum.c, and part 1's
 * chapter, "Why the fast checksum is right".
 */
#ifndef COMMON_CHECKSUM_H
#define COMMON_CHECKSUM_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

uint32_t csum_add(uint32_t sum, const void *data, size_t len);
uint16_t csum_fold(uint32_t sum);               /* ~(folded sum), 16 bits */
uint16_t csum(const void *data, size_t len);    /* csum_fold(csum_add(0,...)) */

/* UDP over IPv4: the checksum of pseudo-header + segment, with a computed 0
 * sent as 0xFFFF (RFC 768: 0 means "no checksum"). The segment's own
 * checksum field must be zero when this is called. */
uint16_t csum_udp4(struct in_addr src, struct in_addr dst,
                   const void *udp, uint16_t len);
/* TCP over IPv4: the same pseudo-header, no 0xFFFF rule. */
uint16_t csum_tcp4(struct in_addr src, struct in_addr dst,
                   const void *tcp, uint16_t len);

#endif
