/*
 * extract.h - reading big-endian fields out of packet bytes, as tcpdump's
 * extract.h does: memcpy into a variable, then ntohs/ntohl. Never a cast
 * of p to a wider pointer: p may sit at any address.
 *
 *   uint16_t port = get16(tcp + 2);        bytes 2-3, destination port
 */
#ifndef COMMON_EXTRACT_H
#define COMMON_EXTRACT_H

#include <arpa/inet.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t get16(const uint8_t *p)
{
    uint16_t v;

    memcpy(&v, p, 2);
    return ntohs(v);
}

static inline uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return ntohl(v);
}

#endif
