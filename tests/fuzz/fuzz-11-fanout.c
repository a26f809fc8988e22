/* fuzz-11-fanout - the block walk and flow key inside
 * part3-physical/11-fanout.c (its own code: the program is included with
 * main renamed), on any bytes: the input is one ring block as the kernel
 * would have written it, every offset and length in it hostile (see
 * fuzz-10-ring); each frame found is counted and its flow looked up.
 * parser: part3-physical/11-fanout.c common/ring.c
 * corpus: tests/fuzz/corpus/ring
 * functions: count_block flow_key frame_at v3ring_first v3ring_next */
#define main prog_main
#include "../../part3-physical/11-fanout.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static struct shared counters;
    struct v3ring r = { .block_nr = 1, .block_size = size };
    uint8_t *block;

    if (size < sizeof(struct tpacket_block_desc))       /* never, from the kernel */
        return 0;
    sh = &counters;
    block = fuzz_copy(in, size);
    r.map = block;
    count_block(0, &r, (struct tpacket_block_desc *)(void *)block, 0);
    atomic_store(&sh->taken, 0);
    count_block(1, &r, (struct tpacket_block_desc *)(void *)block, 2);
    free(block);
    return 0;
}
