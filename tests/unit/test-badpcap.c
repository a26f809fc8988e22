/*
 * test-badpcap - writes malformed pcap files, one a case, for
 * tests/09-bad-pcap.bats (issue 11, section 3). Every file but the
 * "cooked" ones is Ethernet (link type 1), so every reader of frames
 * takes it.
 *
 *   test-badpcap DIR     writes DIR/NAME.pcap for each case and prints
 *                        "NAME KIND" a line: KIND is
 *     file   the file itself is bad: a reader refuses it, exit 2, in one
 *            line (after the frames before the damage, if any)
 *     frame  one bad frame, then a good ICMP echo request (IPv4 id 0x600d):
 *            the bad one decoded as far as its bytes go and marked, the
 *            good one decoded after it
 *
 *     cooked one bad Linux cooked (SLL, link type 113) frame, then the
 *            same good echo request behind a good cooked header: only
 *            02-decode reads these
 *
 * The frames are written out byte by byte (hex below, with what each field
 * says), not built by the code under test.
 */
#include "checksum.h"
#include "errors.h"
#include "icmp.h"
#include "ip4.h"
#include "unit.h"

#include <arpa/inet.h>
#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <string.h>

#define MACS "020000000001" "020000000002"    /* destination, source */
#define ETH_IP MACS "0800"
/* An IPv4 header, 20 bytes, 192.0.2.2 -> 192.0.2.1, protocol P (hex). */
#define IPH(len, p) "4500" len "00010000" "40" p "0000" "c0000202" "c0000201"

static const struct bad {
    const char *name, *hex;
} frames[] = {
    { "ihl-below-5",       ETH_IP "4400001c00010000400100 00c0000202c0000201" "0800f7ff00000000" },
    { "ihl-past-data",     ETH_IP "4f00001c00010000400100 00c0000202c0000201" "0800f7ff00000000" },
    { "total-below-ihl",   ETH_IP IPH("0010", "01") "0800f7ff00000000" },
    { "total-past-data",   ETH_IP IPH("05dc", "01") "0800f7ff00000000" },
    { "opt-len-past-hdr",  ETH_IP "4600002000010000400100 00c0000202c0000201" "07280400" "0800f7ff00000000" },
    { "opt-len-0",         ETH_IP "4600002000010000400100 00c0000202c0000201" "44000000" "0800f7ff00000000" },
    { "opt-len-1",         ETH_IP "4600002000010000400100 00c0000202c0000201" "07010000" "0800f7ff00000000" },
    /* ICMP port unreachable quoting 12 bytes of an IPv4 header */
    { "icmp-quote-cut",    ETH_IP IPH("0028", "01") "0303fcfc00000000" "450000300001000040110000" },
    /* ICMP time exceeded quoting a header whose IHL says 60 bytes */
    { "icmp-quote-ihl",    ETH_IP IPH("0030", "01") "0b00f4ff00000000" "4f000030000100004011000 0c0000201c0000202" },
    { "tcp-doff-below-5",  ETH_IP IPH("0028", "06") "a8b20050000003f70000000040020000aaaa0000" },
    { "tcp-doff-past",     ETH_IP IPH("0028", "06") "a8b20050000003f700000000f0020000aaaa0000" },
    { "tcp-opt-len-past",  ETH_IP IPH("0030", "06") "a8b20050000003f70000000070020000aaaa0000" "020405b4030a0101" },
    /* ARP request with hardware length 9 and protocol length 3 */
    { "arp-odd-lengths",   "ffffffffffff020000000002" "0806" "0001080009030001"
                           "020000000002aabbcc" "c00002" "000000000000000000" "c00001" },
    /* ARP claiming 255-byte addresses in a 42-byte frame */
    { "arp-lengths-past",  "ffffffffffff020000000002" "0806" "00010800ffff0001" "020000000002c0000202" },
    /* an 802.1Q tag on a 16-byte frame: no room for the inner EtherType */
    { "vlan-16-bytes",     MACS "8100" "0064" },
    /* 802.1Q, then IPv4 cut inside its header */
    { "vlan-ip-cut",       MACS "8100" "0064" "0800" "45000054" },
    /* IPv6, payload length 1000, 8 bytes there */
    { "ip6-plen-past",     MACS "86dd" "6000000003e83a40" "20010db8000000000000000000000002"
                           "20010db8000000000000000000000001" "8000000000000001" },
    /* IPv6 hop-by-hop -> destination options -> hop-by-hop ..., each saying
     * "256 bytes more": the chain runs past the data */
    { "ip6-ext-loop",      MACS "86dd" "6000000000180040" "20010db8000000000000000000000002"
                           "20010db8000000000000000000000001" "3c1f000000000000" "001f000000000000"
                           "3c1f000000000000" },
    /* IPv6 with a next header chain of 0 (hop-by-hop) with length 0, over
     * and over, to the end of the frame */
    { "ip6-ext-chain",     MACS "86dd" "6000000000200040" "20010db8000000000000000000000002"
                           "20010db8000000000000000000000001" "0000000000000000" "0000000000000000"
                           "0000000000000000" "0000000000000000" },
    /* IPv6, destination options, then hop-by-hop: hop-by-hop must come
     * first (RFC 8200 4.1) */
    { "ip6-hbh-not-first", MACS "86dd" "6000000000103c40" "20010db8000000000000000000000002"
                           "20010db8000000000000000000000001" "0000000000000000" "3b00000000000000" },
    /* ICMPv6 echo request of 2 bytes */
    { "icmp6-cut",         MACS "86dd" "6000000000023a40" "20010db8000000000000000000000002"
                           "20010db8000000000000000000000001" "8000" },
    /* 13 bytes: not even an Ethernet header */
    { "runt-13",           "02000000000102000000000208" },
};

/* Linux cooked (SLL) headers: packet type, ARPHRD type, address length,
 * 8 address bytes, protocol; each then a few bytes of what it says. */
#define SLL_IN_ETHER "0000" "0001" "0006" "0200000000020000"
static const struct bad cooked[] = {
    /* 10 bytes: the header is 16 */
    { "sll-short",         "0000" "0001" "0006" "02000000" },
    /* an ARPHRD type nobody has (0xfffe), then a whole IPv4 ping */
    { "sll-hatype-unknown", "0000" "fffe" "0006" "0200000000020000" "0800" "GOODIP" },
    /* address lengths 4 and 20 (an sll_addr holds 8) */
    { "sll-halen-4",       "0000" "0001" "0004" "c000020200000000" "0800" "GOODIP" },
    { "sll-halen-20",      "0000" "0001" "0014" "0200000000020000" "0800" "GOODIP" },
    /* a packet type past Outgoing (4) */
    { "sll-pkttype-9",     "0009" "0001" "0006" "0200000000020000" "0800" "GOODIP" },
    /* protocols below 0x0600, Linux's own: 1 = 802.3 (IPX), 4 = 802.2
     * (LLC, here SNAP), 0x000c = CAN, and 1500, the largest 802.3 length */
    { "sll-proto-802-3",   SLL_IN_ETHER "0001" "ffff00200000000000000000" },
    { "sll-proto-802-2",   SLL_IN_ETHER "0004" "aaaa03000000080045000054" },
    { "sll-proto-000c",    SLL_IN_ETHER "000c" "0102030405060708" },
    { "sll-proto-05dc",    SLL_IN_ETHER "05dc" "0102030405060708" },
    /* IPv4 cut inside its header */
    { "sll-ip-cut",        SLL_IN_ETHER "0800" "45000054" },
};

static uint8_t buf[70000];

static void le32(FILE *f, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

    fwrite(b, 4, 1, f);
}

static void header_link(FILE *f, uint32_t snaplen, uint32_t linktype)
{
    le32(f, 0xa1b2c3d4);
    le32(f, 2 | 4u << 16);                       /* version 2.4 */
    le32(f, 0);
    le32(f, 0);
    le32(f, snaplen);
    le32(f, linktype);
}

static void header(FILE *f, uint32_t snaplen)
{
    header_link(f, snaplen, 1);                  /* Ethernet */
}

static void record(FILE *f, const uint8_t *p, uint32_t caplen, uint32_t origlen)
{
    le32(f, 1700000000);
    le32(f, 0);
    le32(f, caplen);
    le32(f, origlen);
    fwrite(p, 1, caplen, f);
}

/* The good frame that follows each bad one: an ICMP echo request,
 * 192.0.2.2 -> 192.0.2.1, IPv4 id 0x600d, both checksums right. */
static size_t good_frame(uint8_t *p)
{
    struct ip4_spec s = { .id = 0x600d, .ttl = 64, .proto = IPPROTO_ICMP };
    size_t hlen;

    unhex(ETH_IP, p, 14);
    inet_pton(AF_INET, "192.0.2.2", &s.src);
    inet_pton(AF_INET, "192.0.2.1", &s.dst);
    hlen = ip4_build(p + 14, 60, &s, 8 + 4);
    icmp_echo_build(p + 14 + hlen, 64, ICMP_ECHO, 0x77, 1, "good", 4);
    return 14 + hlen + 8 + 4;
}

static FILE *create(const char *dir, const char *name, const char *kind)
{
    char path[512];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s.pcap", dir, name);
    if (!(f = fopen(path, "wb")))
        die(path);
    printf("%s %s\n", name, kind);
    return f;
}

int main(int argc, char **argv)
{
    uint8_t good[128];
    size_t glen, n;
    FILE *f;

    prog_init(argv[0]);
    if (argc != 2)
        die_msg("usage: test-badpcap DIR");
    glen = good_frame(good);

    for (size_t i = 0; i < sizeof frames / sizeof *frames; i++) {
        n = unhex(frames[i].hex, buf, sizeof buf);
        f = create(argv[1], frames[i].name, "frame");
        header(f, 65535);
        record(f, buf, (uint32_t)n, (uint32_t)n);
        record(f, good, (uint32_t)glen, (uint32_t)glen);
        fclose(f);
    }
    /* caplen 0 and 1 (the wire had 60), then the good frame */
    for (uint32_t c = 0; c < 2; c++) {
        f = create(argv[1], c ? "caplen-1" : "caplen-0", "frame");
        header(f, 65535);
        record(f, good, c, 60);
        record(f, good, (uint32_t)glen, (uint32_t)glen);
        fclose(f);
    }
    /* nothing on the wire (len 0), and less on the wire than captured */
    for (uint32_t c = 0; c < 2; c++) {
        f = create(argv[1], c ? "len-below-caplen" : "len-0", "frame");
        header(f, 65535);
        record(f, good, (uint32_t)glen, c ? 20 : 0);
        record(f, good, (uint32_t)glen, (uint32_t)glen);
        fclose(f);
    }
    /* the cooked ones: GOODIP is the good frame's IPv4 packet */
    for (size_t i = 0; i < sizeof cooked / sizeof *cooked; i++) {
        char hex[512], *at;
        uint8_t sll[16 + 64];
        size_t slen;

        snprintf(hex, sizeof hex, "%s", cooked[i].hex);
        if ((at = strstr(hex, "GOODIP")))        /* the good packet there */
            *at = '\0';
        n = unhex(hex, buf, sizeof buf);
        if (at) {
            memcpy(buf + n, good + 14, glen - 14);
            n += glen - 14;
        }
        unhex(SLL_IN_ETHER "0800", sll, 16);
        memcpy(sll + 16, good + 14, glen - 14);
        slen = 16 + glen - 14;
        f = create(argv[1], cooked[i].name, "cooked");
        header_link(f, 65535, 113);
        record(f, buf, (uint32_t)n, (uint32_t)n);
        record(f, sll, (uint32_t)slen, (uint32_t)slen);
        fclose(f);
    }
    /* caplen 0 in a cooked file */
    f = create(argv[1], "sll-caplen-0", "cooked");
    header_link(f, 65535, 113);
    record(f, good, 0, 60);
    unhex(SLL_IN_ETHER "0800", buf, 16);
    memcpy(buf + 16, good + 14, glen - 14);
    record(f, buf, (uint32_t)(16 + glen - 14), (uint32_t)(16 + glen - 14));
    fclose(f);
    /* snap length 0 in the header: libpcap reads it as no limit */
    f = create(argv[1], "snaplen-0", "frame");
    header(f, 0);
    unhex(frames[0].hex, buf, sizeof buf);
    record(f, buf, 42, 42);
    record(f, good, (uint32_t)glen, (uint32_t)glen);
    fclose(f);

    /* the file-level damage */
    f = create(argv[1], "bad-magic", "file");
    fwrite("\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c\x2b\x1a\x01\x00\x00\x00"
           "\xff\xff\xff\xff\xff\xff\xff\xff", 24, 1, f);        /* pcapng */
    fclose(f);
    f = create(argv[1], "header-cut", "file");
    fwrite("\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00", 10, 1, f);
    fclose(f);
    f = create(argv[1], "record-header-cut", "file");
    header(f, 65535);
    record(f, good, (uint32_t)glen, (uint32_t)glen);
    fwrite("\x00\x00\x00\x00\x00\x00\x00\x00", 8, 1, f);
    fclose(f);
    f = create(argv[1], "record-past-file", "file");
    header(f, 65535);
    record(f, good, (uint32_t)glen, (uint32_t)glen);
    le32(f, 1700000000), le32(f, 0), le32(f, 1000), le32(f, 1000);
    fwrite(good, 1, glen, f);                                /* 1000 promised */
    fclose(f);
    f = create(argv[1], "caplen-ffffffff", "file");
    header(f, 65535);
    record(f, good, (uint32_t)glen, (uint32_t)glen);
    le32(f, 1700000000), le32(f, 0), le32(f, 0xffffffff), le32(f, 0xffffffff);
    fwrite(good, 1, glen, f);
    fclose(f);
    return 0;
}
