/* fuzz-02-recv-explained - the decoder inside part1-ip-layer/02-recv-explained.c
 * (its own code: the program is included with main renamed), on any bytes,
 * against common/'s printers: the program keeps its own copy of the lines
 * transport_print() prints, so the two must print the same line for every
 * packet. A difference aborts, with both lines on stderr.
 * parser: part1-ip-layer/02-recv-explained.c
 * corpus: tests/fuzz/corpus/ip
 * functions: explain_packet explain_icmp explain_tcp explain_udp */
#define main prog_main
#include "../../part1-ip-layer/02-recv-explained.c"
#undef main
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    FILE *quiet = fuzz_out(), *f;
    char *ours = NULL, *common = NULL;
    size_t hlen, total, n1 = 0, n2 = 0;
    struct iphdr ip;

    if (ip4_check(in, size, &hlen, &total))     /* as ip4_recv hands it over */
        return 0;
    if (!(stdout = open_memstream(&ours, &n1)))
        abort();
    explain_packet(in, hlen, total);            /* prints on stdout */
    fclose(stdout);
    stdout = quiet;
    if (!(f = open_memstream(&common, &n2)))
        abort();
    memcpy(&ip, in, sizeof ip);
    fputs("IP ", f);
    transport_print(f, ip.protocol, (struct in_addr){ ip.saddr },
                    (struct in_addr){ ip.daddr }, in + hlen, total - hlen);
    fclose(f);
    if (n1 != n2 || memcmp(ours, common, n1)) {
        fprintf(stderr, "02-recv-explained: %scommon/:           %s", ours, common);
        abort();
    }
    free(ours);
    free(common);
    return 0;
}
