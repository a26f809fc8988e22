/*
 * test-checksum - drives common/checksum.c for tests/00-common.bats.
 *
 *   test-checksum bytes HEX        "sum 0xSSSS checksum 0xCCCC" of the bytes
 *   test-checksum pattern LEN OFF  checksum of LEN bytes (i*7+3)&0xff placed
 *                                  OFF bytes into the buffer (alignment)
 *   test-checksum ff LEN           checksum of LEN bytes of 0xff
 *   test-checksum split HEX K      checksum of the bytes summed as the first
 *                                  K (even) bytes then the rest
 *   test-checksum random SEED       common/ checksum = the textbook loop
 *                                  (unit.h) for every length 0-2048 at
 *                                  every offset 0-7 (odd and even
 *                                  addresses), random bytes, all-0xff
 *                                  bytes (the most carries), and summed in
 *                                  two parts split at each even point of
 *                                  a few lengths; "ok N comparisons"
 *   test-checksum udp4 FILE PAYLOAD [bad]  an IPv4/UDP packet 192.0.2.1:40000
 *                                  -> 192.0.2.2:9 with our checksum (or
 *                                  that plus one), written to a pcap;
 *                                  PAYLOAD "hex:..." gives it as hex bytes
 */
#include "checksum.h"
#include "errors.h"
#include "ip4.h"
#include "options.h"
#include "pcap.h"
#include "unit.h"

#include <arpa/inet.h>
#include <stdio.h>

static uint8_t buf[70000];

static int udp4(const char *file, const char *payload, int bad)
{
    uint8_t pkt[1500], *udp, data[1400];
    size_t plen, hlen;
    uint16_t ulen, v, c;
    struct ip4_spec s = { .id = 1, .ttl = 64, .proto = IPPROTO_UDP };
    struct pcap_file pf;

    if (!strncmp(payload, "hex:", 4)) {
        plen = unhex(payload + 4, data, sizeof data);
    } else {
        plen = strlen(payload);
        if (plen > sizeof data)
            die_msg("payload too long");
        memcpy(data, payload, plen);
    }
    ulen = (uint16_t)(8 + plen);
    inet_pton(AF_INET, "192.0.2.1", &s.src);
    inet_pton(AF_INET, "192.0.2.2", &s.dst);
    hlen = ip4_build(pkt, sizeof pkt, &s, ulen);
    udp = pkt + hlen;
    v = htons(40000); memcpy(udp, &v, 2);
    v = htons(9);     memcpy(udp + 2, &v, 2);
    v = htons(ulen);  memcpy(udp + 4, &v, 2);
    memset(udp + 6, 0, 2);
    memcpy(udp + 8, data, plen);
    c = csum_udp4(s.src, s.dst, udp, ulen);
    v = htons((uint16_t)(c + bad));
    memcpy(udp + 6, &v, 2);
    if (pcap_create(&pf, file, PCAP_LINKTYPE_RAW, 65535) ||
        pcap_write(&pf, 1700000000.0, pkt, (uint32_t)(hlen + ulen),
                   (uint32_t)(hlen + ulen)) || pcap_close(&pf))
        die_msg("%s", pf.err);
    printf("udp checksum 0x%04x\n", c);
    return 0;
}

/* xorshift32: the same bytes for the same seed, everywhere. */
static uint32_t rnd(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

static int compare(uint32_t seed)
{
    long n = 0;
    uint32_t x = seed ? seed : 1;

    for (int fill = 0; fill < 2; fill++) {
        for (size_t i = 0; i < 2048 + 8; i++)
            buf[i] = fill ? 0xff : (uint8_t)rnd(&x);
        for (size_t off = 0; off < 8; off++) {
            for (size_t len = 0; len <= 2048; len++, n++) {
                uint16_t want = csum_textbook(buf + off, len), got = csum(buf + off, len);

                if (got != want) {
                    printf("length %zu at offset %zu (%s): 0x%04x, textbook 0x%04x\n",
                           len, off, fill ? "0xff" : "random", got, want);
                    return 1;
                }
            }
        }
    }
    for (size_t len = 1; len <= 2048; len = len * 3 + 1) {     /* 1 4 13 40 .. 1093 */
        for (size_t k = 0; k <= len; k += 2, n++) {
            uint16_t want = csum_textbook(buf + 1, len);
            uint16_t got = csum_fold(csum_add(csum_add(0, buf + 1, k), buf + 1 + k, len - k));

            if (got != want) {
                printf("length %zu split at %zu: 0x%04x, textbook 0x%04x\n", len, k, got, want);
                return 1;
            }
        }
    }
    printf("ok %ld comparisons\n", n);
    return 0;
}

int main(int argc, char **argv)
{
    prog_init(argv[0]);
    if (argc == 3 && !strcmp(argv[1], "bytes")) {
        size_t n = unhex(argv[2], buf, sizeof buf);
        uint32_t sum = csum_add(0, buf, n);

        printf("sum 0x%04x checksum 0x%04x\n", (uint16_t)~csum_fold(sum), csum(buf, n));
    } else if (argc == 4 && !strcmp(argv[1], "pattern")) {
        size_t len = (size_t)opt_long(argv[2], "length", 0, 65536);
        size_t off = (size_t)opt_long(argv[3], "offset", 0, 7);

        for (size_t i = 0; i < len; i++)
            buf[off + i] = (uint8_t)((i * 7 + 3) & 0xff);
        printf("checksum 0x%04x\n", csum(buf + off, len));
    } else if (argc == 3 && !strcmp(argv[1], "ff")) {
        size_t len = (size_t)opt_long(argv[2], "length", 0, 65536);

        memset(buf, 0xff, len);
        printf("checksum 0x%04x\n", csum(buf, len));
    } else if (argc == 4 && !strcmp(argv[1], "split")) {
        size_t n = unhex(argv[2], buf, sizeof buf);
        size_t k = (size_t)opt_long(argv[3], "split point", 0, (long)n);

        printf("checksum 0x%04x\n", csum_fold(csum_add(csum_add(0, buf, k), buf + k, n - k)));
    } else if (argc == 3 && !strcmp(argv[1], "random")) {
        return compare((uint32_t)opt_long(argv[2], "seed", 0, 0x7fffffff));
    } else if ((argc == 4 || argc == 5) && !strcmp(argv[1], "udp4")) {
        return udp4(argv[2], argv[3], argc == 5);
    } else {
        fprintf(stderr, "usage: see the header of tests/unit/test-checksum.c\n");
        return 2;
    }
    return 0;
}
