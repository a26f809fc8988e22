/* fuzz-01-recv-frames - the parser inside part3-physical/01-recv-frames.c
 * (its own code: the program is included with main renamed), on any bytes:
 * the first 2 bytes are the packet type and a flag for the canonical dump.
 * parser: part3-physical/01-recv-frames.c
 * corpus: tests/fuzz/corpus/frame
 * functions: print_frame */
#define main prog_main
#include "../../part3-physical/01-recv-frames.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = 1 };

    fuzz_quiet_stdout();
    if (size < 2)
        return 0;
    sll.sll_pkttype = in[0];
    print_frame(&sll, in + 2, size - 2, in[1] & 1);
    return 0;
}
