/* fuzz-frame - frame_line (common/link.c), the line 08-promisc and 09-bpf
 * print for every frame, plain and canonical, on any bytes.
 * parser: common/link.c common/hexdump.c
 * corpus: tests/fuzz/corpus/frame
 * functions: frame_line pkttype_name hex_line hex_dump */
#include "link.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    frame_line(fuzz_out(), "veth0", size ? in[0] : 0, in, size, 0);
    frame_line(fuzz_out(), "veth0", 4, in, size, 1);
    return 0;
}
