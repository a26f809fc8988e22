/*
 * 09-fragments - one echo request cut by hand into IP fragments; the
 *                peer's kernel puts it back together and answers once.
 *
 * Goes past "Raw sockets in Go: Link layer" (Graham King, 2015): the same
 * identification on every piece, MF on all but the last, the offset in
 * 8-byte units in bytes 7-8; the ICMP checksum over the whole message.
 * Walkthrough: part2-link-layer/README.md, "09-fragments".
 *
 * Usage:  09-fragments [-s SIZE] [-f FRAGSIZE] [-t SECONDS] [-n] HOST
 * Exit 0 on the reply with our data, 1 without. Needs root or CAP_NET_RAW;
 * gives root up once its sockets are open.
 *
 * Try: ./09-fragments -n -s 20 -f 16 192.0.2.1 -> two lines, bytes 7-8
 * 20 00 (MF, offset 0) then 00 02; then sudo ./09-fragments 192.0.2.1 and
 * nstat -az IpReasmOKs on the peer.
 */
#include "errors.h"
#include "hexdump.h"
#include "icmp.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-s SIZE] [-f FRAGSIZE] [-t SECONDS] [-n] HOST\n"
            "  -s SIZE      echo data bytes (default 1000)\n"
            "  -f FRAGSIZE  message bytes a fragment, a multiple of 8 (default 400)\n"
            "  -t SECONDS   wait for the reply (default 2)\n"
            "  -n           print each fragment as '%% X', send nothing\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

static size_t build_fragment(uint8_t *pkt, size_t cap, const uint8_t *msg,
                             size_t msglen, size_t off, size_t fragsize,
                             uint16_t ipid, struct in_addr dst);

int main(int argc, char **argv)
{
    static uint8_t msg[65536], data[65536], buf[65536], pkt[65536];
    size_t size = 1000, fragsize = 400, msglen, len, off, count = 0;
    int timeout_ms = 2000, dry = 0, c, rfd = -1, sfd = -1;
    uint16_t ident = (uint16_t)getpid(), ipid = ident ? ident : 1;
    struct icmp_reply r;
    char addr[INET_ADDRSTRLEN];
    struct in_addr dst;
    double t0;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "s:f:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 's': size = (size_t)opt_long(optarg, "size", 0, 65535 - 20 - 8); break;
        case 'f': fragsize = (size_t)opt_long(optarg, "fragment size", 8, 65512);
            if (fragsize % 8)
                die_msg("bad fragment size '%s': not a multiple of 8 (the "
                        "offset field counts 8-byte units)", optarg);
            break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1)
        usage_error(usage);
    dst = opt_ipv4(argv[optind]);
    for (size_t i = 0; i < size; i++)
        data[i] = (uint8_t)i;
    /* The whole message first: its checksum covers every fragment's part. */
    msglen = icmp_echo_build(msg, sizeof msg, ICMP_ECHO, ident, 1, data, size);

    if (!dry) {
        sfd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);   /* we write the header */
        if (sfd < 0)
            die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", SOCK_KIND_RAW);
        rfd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);  /* the replies */
        if (rfd < 0)
            die_socket("socket(AF_INET, SOCK_RAW, IPPROTO_ICMP)", SOCK_KIND_RAW);
        drop_privileges();
        ip4_listening(IPPROTO_ICMP);
    }
    t0 = now_mono_ms();
    for (off = 0; off < msglen; off += fragsize, count++) {
        len = build_fragment(pkt, sizeof pkt, msg, msglen, off, fragsize, ipid, dst);
        if (dry)
            hex_line(stdout, pkt, len);
        else
            ip4_send(sfd, pkt, len, dst);
    }
    if (dry)
        return EXIT_GOT;
    printf("%s: sent %zu bytes of ICMP to %s in %zu fragment%s, IP id %u\n",
           progname, msglen, inet_ntop(AF_INET, &dst, addr, sizeof addr), count, count == 1 ? "" : "s", ipid);

    if (!icmp_echo_wait(rfd, ident, 1, now_ms() + timeout_ms, buf, sizeof buf, &r)) {
        printf("no echo reply from %s\n", inet_ntop(AF_INET, &dst, addr, sizeof addr));
        return EXIT_NOANSWER;
    }
    printf("%zu bytes from %s: icmp_seq=1 ttl=%u time=%.3f ms\n", r.len,
           inet_ntop(AF_INET, &r.from, addr, sizeof addr), r.ttl, now_mono_ms() - t0);
    /* The reply echoes our data: proof the pieces went back in order. */
    if (r.len != msglen || memcmp(buf + r.hlen + 8, data, size) != 0) {
        printf("the reply's data is not the data we sent\n");
        return EXIT_NOANSWER;
    }
    close(rfd);
    close(sfd);
    return EXIT_GOT;
}

/* The fragment holding msg[off .. off+fragsize) (or up to the end): IPv4
 * header with id ipid, MF unless it is the last, offset off/8 (off is a
 * multiple of 8), then those bytes. Source 0: the kernel fills it in. */
static size_t build_fragment(uint8_t *pkt, size_t cap, const uint8_t *msg,
                             size_t msglen, size_t off, size_t fragsize,
                             uint16_t ipid, struct in_addr dst)
{
    size_t chunk = msglen - off < fragsize ? msglen - off : fragsize;
    int more = off + chunk < msglen;
    struct ip4_spec s = { .id = ipid, .ttl = 64, .proto = IPPROTO_ICMP,
                          .dst = dst };
    size_t hlen;

    s.frag = (uint16_t)((more ? IP_MF : 0) | off / 8);
    hlen = ip4_build(pkt, cap, &s, chunk);
    if (hlen == 0)
        die_msg("fragment at offset %zu does not fit a packet", off);
    memcpy(pkt + hlen, msg + off, chunk);
    return hlen + chunk;
}
