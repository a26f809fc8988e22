/*
 * ip4.h - the IPv4 header (RFC 791): checking one that arrived, building
 * one to send.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |Version|  IHL  |    DSCP   |ECN|          Total Length         |
 * |         Identification        |Flags|     Fragment Offset     |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * |                    Options (IHL > 5)                          |
 */
#ifndef COMMON_IP4_H
#define COMMON_IP4_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Check the IPv4 header at p, of which n bytes were read: at least 20
 * bytes, version 4, IHL >= 5, IHL*4 <= n, total length >= IHL*4 and <= n.
 * On success returns NULL and sets *hlen (IHL*4) and *total (the total
 * length field: bytes past it, such as Ethernet padding, are not the
 * packet's). On failure returns what is wrong, for a "skipped: ..." line.
 * 01-recv teaches this check and keeps its own copy (check_header).
 */
const char *ip4_check(const uint8_t *p, size_t n, size_t *hlen, size_t *total);
/*
 * The same for a packet of wire bytes of which a capture kept only n (a
 * record cut by the snap length, tcpdump -s 96): the header is judged by
 * what the wire had, for the caller to print as far as the n bytes go and
 * mark the cut as tcpdump does ("[|ip]"). Reads only the bytes there:
 * *hlen and *total fall back to 20 and wire when their fields were cut.
 */
const char *ip4_check_cut(const uint8_t *p, size_t n, size_t wire,
                          size_t *hlen, size_t *total);

/* What to put in a header we build. frag is the flags and fragment offset
 * field in host order: IP_DF, IP_MF (from <netinet/ip.h>) | offset / 8. */
struct ip4_spec {
    uint8_t tos;
    uint16_t id;
    uint16_t frag;
    uint8_t ttl;
    uint8_t proto;
    struct in_addr src, dst;
    const uint8_t *opt;               /* options, optlen bytes (<= 40) */
    size_t optlen;                    /* padded with zeros (End of List) */
};

/*
 * Write the header for a payload of payload_len bytes at buf (cap bytes):
 * every multi-byte field in network order, total length = header +
 * payload, checksum over the header only (IHL*4 bytes, options included).
 * Returns the header length, or 0 if it does not fit cap, options are
 * longer than 40 bytes or the total is over 65535. 03-send-ip teaches this
 * layout and keeps its own copy (build_packet).
 */
size_t ip4_build(uint8_t *buf, size_t cap, const struct ip4_spec *s,
                 size_t payload_len);

/* sendto() the whole packet (its IPv4 header ours: a socket of
 * AF_INET, SOCK_RAW, IPPROTO_RAW, 03-send-ip) to dst; exits 2 on failure. */
void ip4_send(int fd, const uint8_t *pkt, size_t len, struct in_addr dst);

/*
 * Receiving, as 01-recv teaches it (01-recv has its own copy of both):
 * ip4_listening(): the "prog: listening on AF_INET SOCK_RAW, protocol NAME
 * (N)" line on stderr, once the socket is open and root given up.
 * ip4_recv(): wait (until deadline_ms, now_ms() time) for the next packet
 * whose IPv4 header passes ip4_check. It reads with MSG_TRUNC, so a packet
 * longer than cap is reported, never silently cut; malformed packets are
 * reported on stderr ("skipped a packet of N bytes: why") and skipped.
 * Returns 1 with the packet in buf and *hlen, *total set; 0 at the deadline.
 */
void ip4_listening(uint8_t proto);
int ip4_recv(int fd, uint8_t *buf, size_t cap, int64_t deadline_ms,
             size_t *hlen, size_t *total);

/* The source address the kernel will give a packet to dst, for the
 * pseudo-header of a TCP or UDP checksum we compute ourselves: connect() a
 * UDP socket to dst (that sends nothing, it only chooses the route) and
 * read the address back with getsockname(). Needs no privilege; exits 2
 * when there is no route. */
struct in_addr transport_source_for(struct in_addr dst);

#endif
