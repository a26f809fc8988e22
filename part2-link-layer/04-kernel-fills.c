/*
 * 04-kernel-fills - which fields of an IP_HDRINCL header does the kernel
 *                   rewrite? The experiment raw(7) describes, measured.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015). One packet
 * a row, each a correct header with ONE field zeroed or wrong, sent to an
 * address of ours and read back on a raw socket bound to protocol 253:
 * what we wrote, what arrived, who wrote it, and what raw(7)'s table says.
 * Walkthrough: part2-link-layer/README.md, "04-kernel-fills".
 *
 * Usage:  04-kernel-fills [-n] [HOST]   (HOST: ours; default 127.0.0.1)
 * Exit 0 when every row arrived. Needs root or CAP_NET_RAW (not with -n);
 * binds, then gives root up.
 *
 * Try:  sudo tcpdump -n -v -i lo 'ip proto 253'  while it runs: tcpdump's
 *       id, length, checksum and source are the "arrived" column.
 */
#include "checksum.h"
#include "errors.h"
#include "hexdump.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Protocol 253 (RFC 3692, experiments), and the fields tried, named by
 * their offset in the header (RFC 791). */
enum { PROTO_TEST = 253, F_LEN = 2, F_ID = 4, F_CSUM = 10, F_SRC = 12 };

/* One row: the field changed, the value we write there, whether DF is
 * set, and who raw(7) says will have written what arrives (1: the kernel). */
static const struct trial {
    const char *name;
    int field;
    uint32_t value;                   /* host order; an address for F_SRC */
    int df, kernel;
} trials[] = {
    { "checksum",     F_CSUM, 0, 0, 1 },          /* always filled in */
    { "checksum",     F_CSUM, 0xdead, 0, 1 },
    { "total length", F_LEN,  0, 0, 1 },          /* always filled in */
    { "total length", F_LEN,  1000, 0, 1 },
    { "id",           F_ID,   0, 0, 1 },          /* filled in when zero */
    { "id",           F_ID,   0xbeef, 0, 0 },
    { "id (DF set)",  F_ID,   0, 1, 1 },
    { "source",       F_SRC,  0, 0, 1 },          /* filled in when zero */
    { "source",       F_SRC,  0xc6336407, 0, 0 }, /* 198.51.100.7, not ours */
};
enum { NTRIALS = sizeof trials / sizeof trials[0] };

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-n] [HOST]\n"
            "  HOST   an address of this machine (default 127.0.0.1)\n"
            "  -n     print the packets, send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname);
}

static size_t build(uint8_t *pkt, const struct trial *t, struct in_addr host);
static int arrival(int fd, unsigned row, uint8_t *hdr);
static void field(char *out, size_t cap, int f, const uint8_t *hdr);

int main(int argc, char **argv)
{
    struct sockaddr_in me = { .sin_family = AF_INET };
    uint8_t pkt[64], got[60];
    char wrote[32], arrived[32];
    int raw, rx, c, missing = 0, kernel, dry = 0;
    const char *host;
    unsigned i;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (argc - optind > 1)
        usage_error(usage);
    host = optind < argc ? argv[optind] : "127.0.0.1";
    me.sin_addr = opt_ipv4(host);
    if (dry) {
        for (i = 0; i < NTRIALS; i++)
            hex_line(stdout, pkt, build(pkt, &trials[i], me.sin_addr));
        return EXIT_GOT;
    }

    raw = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);   /* sending: our header */
    if (raw < 0)
        die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", SOCK_KIND_RAW);
    rx = socket(AF_INET, SOCK_RAW, PROTO_TEST);     /* the witness */
    if (rx < 0)
        die_socket("socket(AF_INET, SOCK_RAW)", SOCK_KIND_RAW);
    /* bind() a raw socket to an address only works for one of ours. */
    if (bind(rx, (struct sockaddr *)&me, sizeof me) < 0) {
        if (errno == EADDRNOTAVAIL)
            die_msg("%s is not an address of this machine: the packets must "
                    "come back to us", host);
        die("bind");
    }
    drop_privileges();
    ip4_listening(PROTO_TEST);

    printf("%-14s %-15s %-15s %-10s %s\n", "field", "we wrote", "arrived",
           "written by", "raw(7) says");
    for (i = 0; i < NTRIALS; i++) {
        const struct trial *t = &trials[i];
        size_t len = build(pkt, t, me.sin_addr);

        ip4_send(raw, pkt, len, me.sin_addr);
        field(wrote, sizeof wrote, t->field, pkt);
        if (!arrival(rx, i, got)) {
            printf("%-14s %-15s %-15s %s\n", t->name, wrote, "-",
                   "nothing arrived");
            missing++;
            continue;
        }
        field(arrived, sizeof arrived, t->field, got);
        kernel = strcmp(wrote, arrived) != 0;
        printf("%-14s %-15s %-15s %-10s %s%s\n", t->name, wrote, arrived,
               kernel ? "kernel" : "us", t->kernel ? "kernel" : "us",
               kernel == t->kernel ? "" : "   <- not as raw(7) says");
    }
    close(raw);
    close(rx);
    return missing ? EXIT_NOANSWER : EXIT_GOT;
}

/* A correct header to HOST from HOST, id 0x1111, then the trial's change;
 * the checksum is recomputed after the change (unless it IS the change),
 * so only one field is off. Payload: "KF" and the row number. */
static size_t build(uint8_t *pkt, const struct trial *t, struct in_addr host)
{
    const uint8_t data[4] = { 'K', 'F', 0, (uint8_t)(t - trials) };
    struct ip4_spec s = { .id = 0x1111, .ttl = 64, .proto = PROTO_TEST,
                          .src = host, .dst = host, .frag = t->df ? IP_DF : 0 };
    uint16_t v = htons((uint16_t)t->value);
    uint32_t a = htonl(t->value);
    size_t hlen = ip4_build(pkt, 60, &s, sizeof data);

    memcpy(pkt + hlen, data, sizeof data);
    if (t->field == F_SRC)                  /* the field, at its offset */
        memcpy(pkt + F_SRC, &a, 4);
    else
        memcpy(pkt + t->field, &v, 2);
    if (t->field != F_CSUM) {               /* the sum, for this header */
        memset(pkt + F_CSUM, 0, 2);
        v = htons(csum(pkt, hlen));
        memcpy(pkt + F_CSUM, &v, 2);
    }
    return hlen + sizeof data;
}

/* Wait (1 s at most) for our packet of this row; copy its header to hdr. */
static int arrival(int fd, unsigned row, uint8_t *hdr)
{
    static uint8_t buf[65536];
    int64_t deadline = now_ms() + 1000;
    size_t hlen, total;

    while (ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total))
        if (total - hlen == 4 && buf[hlen] == 'K' && buf[hlen + 1] == 'F'
            && buf[hlen + 3] == row) {
            memcpy(hdr, buf, hlen);
            return 1;
        }
    return 0;
}

/* The value of field f (its offset) in the header, as text. */
static void field(char *out, size_t cap, int f, const uint8_t *hdr)
{
    uint16_t v;

    memcpy(&v, hdr + f, 2);
    if (f == F_SRC)
        inet_ntop(AF_INET, hdr + f, out, (socklen_t)cap);
    else if (f == F_LEN)
        snprintf(out, cap, "%u", ntohs(v));
    else
        snprintf(out, cap, "0x%04x", ntohs(v));
}
