/*
 * fuzz-parsers - feeds mutated packets and pcap files to the parsers in
 * common/ that read untrusted bytes: ip4_check, the IPv4 options walk, the
 * transport printers, hex_dump and the pcap reader. Built with ASan + UBSan by make fuzz; any
 * out-of-bounds read or undefined behaviour stops it with exit 86.
 *
 * Usage: fuzz-parsers [ITERATIONS [SEED]]   (default 200000, seed 1)
 *
 * Inputs start from valid packets (ICMP echo, an ICMP error quoting a UDP
 * header, a TCP SYN with options, UDP, IPv4 with options) and are mutated:
 * random bytes flipped, lengths and IHL rewritten, cut short anywhere.
 * Deterministic for a seed, so a failure can be replayed.
 */
#include "errors.h"
#include "hexdump.h"
#include "ip4.h"
#include "ipopt.h"
#include "options.h"
#include "pcap.h"
#include "print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng;

static uint32_t rnd(uint32_t n)          /* xorshift64*, 0 .. n-1 */
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545F4914F6CDD1Dull) >> 32) % n;
}

static const char *const seeds[] = {
    /* ICMP echo request */
    "45000054abcd40004001f6f6c0000202c000020108009c3b0d0600011011121314151617",
    /* ICMP port unreachable quoting IPv4 + UDP */
    "450000384d2e0000400112f0c0000201c00002020303b9ee00000000"
    "4500001c0001000040016ad9c0000202c00002019c400009000833d6",
    /* TCP SYN with MSS, SACK-permitted, timestamps, NOP, window scale */
    "4500003c000040004006b6b8c0000202c0000201a8b20050000003f700000000a002faf0"
    "2f6e0000020405b40402080a0000000100000000",
    /* UDP, 5 bytes */
    "450000210001000040116ad1c0000201c00002029c4000090000d8cf68656c6c6f",
    /* IPv4 with a Record Route option, ICMP echo */
    "4f00005c0001000040010000c0000201c0000202010728040000000000000000000000"
    "000000000000000000000000000000000000000000000000000000000000000000"
    "080000000001000100",
};

int main(int argc, char **argv)
{
    static uint8_t pkt[512], file[1024], out[65536];
    long iters = argc > 1 ? opt_long(argv[1], "iterations", 1, 100000000) : 200000;
    FILE *null = fopen("/dev/null", "w");
    long shown = 0;

    prog_init(argv[0]);
    rng = argc > 2 ? (uint64_t)opt_long(argv[2], "seed", 1, 1L << 40) : 1;
    if (!null)
        die("/dev/null");
    for (long it = 0; it < iters; it++) {
        const char *hex = seeds[rnd(sizeof seeds / sizeof *seeds)];
        size_t n = 0, hlen, total, olen;
        const char *why;

        for (; hex[2 * n] && n < sizeof pkt; n++) {
            unsigned v;
            sscanf(hex + 2 * n, "%2x", &v);
            pkt[n] = (uint8_t)v;
        }
        for (uint32_t k = rnd(6); k > 0; k--)          /* flip bytes */
            pkt[rnd((uint32_t)n)] = (uint8_t)rnd(256);
        if (rnd(4) == 0)                               /* rewrite IHL */
            pkt[0] = (uint8_t)(0x40 | rnd(16));
        if (rnd(4) == 0)                               /* cut short */
            n = rnd((uint32_t)n + 1);
        /* An allocation of exactly n bytes: ASan sees a read past the end. */
        uint8_t *exact = malloc(n ? n : 1);
        if (!exact)
            die("malloc");
        memcpy(exact, pkt, n);
        if (!ip4_check(exact, n, &hlen, &total)) {
            struct in_addr src, dst;

            memcpy(&src, exact + 12, 4);
            memcpy(&dst, exact + 16, 4);
            transport_print(null, exact[9], src, dst, exact + hlen, total - hlen);
            ip4_opt_print(null, exact + 20, hlen - 20);
            (void)ip4_opt_find(exact + 20, hlen - 20, 7, &olen, &why);
            shown++;
        }
        hex_dump(null, exact, n);
        free(exact);

        /* the same bytes as a pcap file, its header and record mutated */
        {
            static const uint8_t hdr[24] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 101, 0, 0, 0 };
            uint8_t rec[16] = { 0 };
            struct pcap_file pf;
            struct pcap_record r;
            size_t fl;
            FILE *f;

            rec[8] = rec[12] = (uint8_t)n;
            memcpy(file, hdr, 24);
            memcpy(file + 24, rec, 16);
            memcpy(file + 40, pkt, n);
            fl = 40 + n;
            for (uint32_t k = rnd(3); k > 0; k--)
                file[rnd((uint32_t)fl)] = (uint8_t)rnd(256);
            if (rnd(4) == 0)
                fl = rnd((uint32_t)fl + 1);
            f = fmemopen(file, fl ? fl : 1, "rb");
            if (!f)
                die("fmemopen");
            if (fl == 0)
                fgetc(f);                              /* an empty stream */
            if (pcap_fopen(&pf, f) == 0)
                while (pcap_read(&pf, &r, out, sizeof out) == 1)
                    ;
            fclose(f);
        }
    }
    fclose(null);
    printf("fuzz-parsers: %ld inputs, %ld passed ip4_check and were decoded, "
           "no sanitizer report\n", iters, shown);
    return 0;
}
