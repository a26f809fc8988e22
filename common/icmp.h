/*
 * icmp.h - the ICMP echo message (RFC 792), built by hand.
 *
 *  | Type (8 request, 0 reply) | Code 0 |        Checksum        |
 *  |        Identifier         |          Sequence Number         |
 *  | Data ...
 *
 * The checksum covers the whole message (header and data) with no
 * pseudo-header; at the IP layer the kernel does not fill it in for us.
 */
#ifndef COMMON_ICMP_H
#define COMMON_ICMP_H

#include <stddef.h>
#include <stdint.h>

/* Write an echo message of type (ICMP_ECHO or ICMP_ECHOREPLY) with id, seq
 * and len bytes of data at buf; returns its length (8 + len), or 0 if it
 * does not fit cap. The checksum is computed (for ICMPv6, type 128, the
 * kernel computes it over the IPv6 pseudo-header instead: set it to 0). */
size_t icmp_echo_build(uint8_t *buf, size_t cap, uint8_t type, uint16_t id,
                       uint16_t seq, const void *data, size_t len);

#endif
