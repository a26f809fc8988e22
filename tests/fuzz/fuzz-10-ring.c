/* fuzz-10-ring - the block walk inside part3-physical/10-ring.c (its own
 * code: the program is included with main renamed, and common/ring.c's
 * walk), on any bytes: the input is one ring block as the kernel would
 * have written it, block descriptor first, every offset and length in it
 * hostile (num_pkts, offset_to_first_pkt, each tpacket3_hdr's
 * tp_next_offset, tp_mac, tp_snaplen); the frames it finds are printed
 * as 10-ring prints them.
 * parser: part3-physical/10-ring.c common/ring.c common/link.c
 * corpus: tests/fuzz/corpus/ring
 * functions: read_block frame_at v3ring_first v3ring_next frame_line */
#define main prog_main
#include "../../part3-physical/10-ring.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct v3ring r = { .block_nr = 1, .block_size = size };
    uint8_t *block;

    fuzz_quiet_stdout();
    if (size < sizeof(struct tpacket_block_desc))       /* never, from the kernel */
        return 0;
    block = fuzz_copy(in, size);        /* malloc: aligned as mmap's pages */
    r.map = block;
    read_block(&r, (struct tpacket_block_desc *)(void *)block, "veth0", 0, 0);
    read_block(&r, (struct tpacket_block_desc *)(void *)block, "veth0", 2, 1);
    free(block);
    return 0;
}
