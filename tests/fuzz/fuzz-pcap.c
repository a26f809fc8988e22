/* fuzz-pcap - common/pcap.c's reader on any file: header, records, cuts.
 * parser: common/pcap.c
 * corpus: tests/fuzz/corpus/pcap
 * functions: pcap_fopen pcap_read skip_bytes */
#include "pcap.h"
#include "fuzz.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
    static uint8_t buf[PCAP_MAX_SNAPLEN];
    static const size_t caps[] = { sizeof buf, 64, 0 };   /* and small buffers */

    for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
        struct pcap_file pf;
        struct pcap_record rec;
        FILE *f = fmemopen((void *)(uintptr_t)in, size ? size : 1, "rb");
        int n = 0;

        if (!f)
            abort();
        if (size == 0)
            fgetc(f);                                     /* an empty file */
        if (pcap_fopen(&pf, f) == 0)
            while (n++ < 1000 && pcap_read(&pf, &rec, buf, caps[c]) == 1)
                if (rec.caplen > caps[c] || (rec.cut && !pf.err[0]))
                    abort();                              /* the contract */
        fclose(f);
    }
    return 0;
}
