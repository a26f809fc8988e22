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

struct tpacket3_hdr *v3ring_first(struct tpacket_block_desc *b)
{
    return (void *)((uint8_t *)b + b->hdr.bh1.offset_to_first_pkt);
}

struct tpacket3_hdr *v3ring_next(struct tpacket3_hdr *f)
{
    return (void *)((uint8_t *)f + f->tp_next_offset);
}

void v3ring_unmap(struct v3ring *r)
{
    munmap(r->map, r->block_size * r->block_nr);
}
