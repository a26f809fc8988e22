/* fuzz-07-user-space-host - the parser inside part3-physical/07-user-space-host.c
 * (its own code: the program is included with main renamed), on any bytes.
 * parser: part3-physical/07-user-space-host.c
 * corpus: tests/fuzz/corpus/frame
 * functions: answer arp_answer icmp_answer eth_header */
#define main prog_main
#include "../../part3-physical/07-user-space-host.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static uint8_t out[1514];              /* as main has them */
    static char line[160];

    my_ip.s_addr = htonl(0xc0000209);            /* 192.0.2.9 */
    memcpy(my_mac, "\x02\x00\xc0\x00\x02\x09", 6);
    answer(in, size, out, line);
    return 0;
}
