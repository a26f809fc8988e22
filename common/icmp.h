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

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/* Write an echo message of type (ICMP_ECHO or ICMP_ECHOREPLY) with id, seq
 * and len bytes of data at buf; returns its length (8 + len), or 0 if it
 * does not fit cap. The checksum is computed (for ICMPv6, type 128, the
 * kernel computes it over the IPv6 pseudo-header instead: set it to 0).
 * 03-ping teaches this message and keeps its own copy (build_request). */
size_t icmp_echo_build(uint8_t *buf, size_t cap, uint8_t type, uint16_t id,
                       uint16_t seq, const void *data, size_t len);

/*
 * Does q, the qlen bytes an ICMP error quotes after its own 8, hold our
 * echo request to dst with id and seq? The quote is the IPv4 header
 * (IHL*4 bytes, options included: checked to be within qlen) and at least
 * 8 bytes after it. 03-ping teaches this check and keeps its own copy
 * (quotes_ours); 07-traceroute calls this one.
 */
int icmp_quotes_echo(const uint8_t *q, size_t qlen, struct in_addr dst,
                     uint16_t id, uint16_t seq);

/* An echo reply that matched, as icmp_echo_wait() found it. */
struct icmp_reply {
    struct in_addr from;              /* the IPv4 source */
    uint8_t ttl;                      /* from its IPv4 header */
    size_t hlen;                      /* IPv4 header length in buf */
    size_t len;                       /* ICMP message length (after hlen) */
};

/*
 * Wait on a raw AF_INET/IPPROTO_ICMP socket (which hands us the IPv4
 * header) for the echo reply with this id and seq, until deadline_ms
 * (now_ms() time). Everything else is passed over: on loopback our own
 * echo request arrives first, and other programs' pings arrive too.
 * A matching reply whose checksum is wrong is reported on stderr
 * ("(BAD CHECKSUM!)", as iputils ping marks it) and not taken; malformed
 * packets are reported on stderr and skipped. 03-ping teaches this
 * matching and keeps its own copy (wait_reply), which also prints errors. Returns 1 with the
 * packet in buf and *r filled in, 0 when the deadline passes.
 */
int icmp_echo_wait(int fd, uint16_t id, uint16_t seq, int64_t deadline_ms,
                   uint8_t *buf, size_t cap, struct icmp_reply *r);

#endif
