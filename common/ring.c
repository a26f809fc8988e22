/* ring.c - see ring.h. */
#include "ring.h"
#include "errors.h"

#include <stdatomic.h>
#include <sys/mman.h>

void v3ring_map(struct v3ring *r, int fd, const struct tpacket_req3 *req)
{
    void *m;

    r->block_size = req->tp_block_size;
    r->block_nr = req->tp_block_nr;
    r->cur = 0;
    m = mmap(NULL, r->block_size * r->block_nr, PROT_READ | PROT_WRITE,
             MAP_SHARED, fd, 0);
    if (m == MAP_FAILED)
        die("mmap of the ring");
    r->map = m;
}

struct tpacket_block_desc *v3ring_block(struct v3ring *r)
{
    struct tpacket_block_desc *b =
        (void *)(r->map + (size_t)r->cur * r->block_size);
    volatile uint32_t *status = &b->hdr.bh1.block_status;

    if (!(*status & TP_STATUS_USER))
        return NULL;
    atomic_thread_fence(memory_order_acquire);
    return b;
}

void v3ring_release(struct v3ring *r, struct tpacket_block_desc *b)
{
    volatile uint32_t *status = &b->hdr.bh1.block_status;

    atomic_thread_fence(memory_order_release);
    *status = TP_STATUS_KERNEL;
    r->cur = (r->cur + 1) % r->block_nr;
}

#define SLL_AT ((sizeof(struct tpacket3_hdr) + TPACKET_ALIGNMENT - 1) & \
                ~(size_t)(TPACKET_ALIGNMENT - 1))

/* The frame at offset off of b, if all of it lies inside the block: its
 * header, then (16-byte aligned) its sockaddr_ll, and tp_snaplen bytes at
 * tp_mac. */
static struct tpacket3_hdr *frame_at(const struct v3ring *r, struct tpacket_block_desc *b,
                                     size_t off)
{
    struct tpacket3_hdr *f;
    size_t room;

    if (off % _Alignof(struct tpacket3_hdr) || off > r->block_size ||
        r->block_size - off < SLL_AT + sizeof(struct sockaddr_ll))
        return NULL;
    f = (void *)((uint8_t *)b + off);
    room = r->block_size - off;
    if (f->tp_mac > room || f->tp_snaplen > room - f->tp_mac)
        return NULL;
    return f;
}

struct tpacket3_hdr *v3ring_first(const struct v3ring *r, struct tpacket_block_desc *b)
{
    return frame_at(r, b, b->hdr.bh1.offset_to_first_pkt);
}

struct tpacket3_hdr *v3ring_next(const struct v3ring *r, struct tpacket_block_desc *b,
                                 struct tpacket3_hdr *f)
{
    if (f->tp_next_offset == 0)         /* the last frame of the block */
        return NULL;
    return frame_at(r, b, (size_t)((uint8_t *)f - (uint8_t *)b) + f->tp_next_offset);
}

void v3ring_unmap(struct v3ring *r)
{
    munmap(r->map, r->block_size * r->block_nr);
}
