/*
 * ring.h - walking a TPACKET_V3 receive ring, block by block, for
 * 10-ring (which teaches it: see its comments at each call) and
 * 11-fanout (one ring per worker). The socket, PACKET_VERSION,
 * PACKET_RX_RING and bind stay lines of each program's own main.
 *
 *   struct v3ring r;
 *   v3ring_map(&r, fd, &req);              after setsockopt(PACKET_RX_RING)
 *   while ((b = v3ring_block(&r))) {       a block the kernel handed over
 *       ... walk b's num_pkts frames ...
 *       v3ring_release(&r, b);             give it back, move to the next
 *   }
 */
#ifndef COMMON_RING_H
#define COMMON_RING_H

#include <linux/if_packet.h>
#include <stddef.h>
#include <stdint.h>

struct v3ring {
    uint8_t *map;           /* block_nr blocks of block_size bytes */
    size_t block_size;
    unsigned block_nr, cur; /* cur: the next block to read, in order */
};

/* mmap the ring the kernel made for PACKET_RX_RING; exits 2 on failure. */
void v3ring_map(struct v3ring *r, int fd, const struct tpacket_req3 *req);
/* The current block when it belongs to us (TP_STATUS_USER), read after an
 * acquire barrier so its frames are seen as the kernel wrote them; NULL
 * while the kernel still fills it. */
struct tpacket_block_desc *v3ring_block(struct v3ring *r);
/* Hand the block back (TP_STATUS_KERNEL) after a release barrier, so no
 * read of its frames can move past the moment the kernel may overwrite
 * them; then the next block becomes current. */
void v3ring_release(struct v3ring *r, struct tpacket_block_desc *b);
/* First frame of block b, and the frame after f (tp_next_offset): NULL
 * when there is none, or when its header, its sockaddr_ll or its
 * tp_snaplen bytes at tp_mac would not lie whole inside the block. The
 * kernel never writes such a frame; the check costs a few compares, and a
 * kernel bug or a wrong geometry then ends the block instead of reading
 * past it, as libpcap stops at a "corrupted frame on kernel ring". */
struct tpacket3_hdr *v3ring_first(const struct v3ring *r, struct tpacket_block_desc *b);
struct tpacket3_hdr *v3ring_next(const struct v3ring *r, struct tpacket_block_desc *b,
                                 struct tpacket3_hdr *f);
void v3ring_unmap(struct v3ring *r);

#endif
