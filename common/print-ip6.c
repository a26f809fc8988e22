/* print-ip6.c - the IPv6 header (RFC 8200), its hop-by-hop, destination
 * options and fragment headers, then the upper layer, as tcpdump -n
 * prints them without -v; see print.h. */
#include "extract.h"
#include "print.h"

#include <string.h>

/*
 *  bytes 0-3   version 4 bits, traffic class 8, flow label 20
 *  bytes 4-5   payload length (what follows these 40 bytes)
 *  byte  6     next header, byte 7 hop limit
 *  bytes 8-23  source, 24-39 destination
 */
void ip6_print(FILE *out, const uint8_t *p, size_t caplen, size_t len)
{
    char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
    struct ip_pair a = { .family = AF_INET6 };
    size_t plen, hlen;
    uint8_t nh;
    int found_hbh = 0;

    if (caplen < 40 || len < 40) {
        print_trunc(out, "ip6");
        return;
    }
    if (p[0] >> 4 != 6) {
        fprintf(out, "version error: %u != 6", p[0] >> 4);
        print_end(out);
        return;
    }
    plen = get16(p + 4);
    nh = p[6];
    if (len < 40 + plen)
        fprintf(out, "truncated-ip6 - %zu bytes missing!", 40 + plen - len);
    if (caplen > len)                       /* not past the wire, */
        caplen = len;
    if (caplen > 40 + plen)                 /* nor into Ethernet padding */
        caplen = 40 + plen;
    len = 40 + plen;                /* lengths as the header says (tcpdump) */
    memcpy(a.src, p + 8, 16);
    memcpy(a.dst, p + 24, 16);
    p += 40, caplen -= 40, len -= 40;
    if (nh != IPPROTO_TCP && nh != IPPROTO_UDP)
        fprintf(out, "%s > %s: ", pair_src(&a, s), pair_dst(&a, d));
    for (;;) {
        switch (nh) {
        case IPPROTO_HOPOPTS:               /* first after the IPv6 header, */
            if (a.after_ext) {              /* or not at all (RFC 8200 4.1) */
                fprintf(out, "[The Hop-by-Hop Options header %s] (invalid)",
                        found_hbh ? "was already found" : "don't follow the IPv6 header");
                print_end(out);
                return;
            }
            found_hbh = 1;
            /* fall through */
        case IPPROTO_DSTOPTS:               /* next header, length in 8s - 1 */
            hlen = caplen >= 2 ? ((size_t)p[1] + 1) * 8 : 8;
            if (caplen < hlen || len < hlen) {
                print_trunc(out, nh == IPPROTO_HOPOPTS ? "hbhopt" : "dstopt");
                return;
            }
            fputs(nh == IPPROTO_HOPOPTS ? "HBH " : "DSTOPT ", out);
            break;
        case IPPROTO_FRAGMENT:              /* next, 0, offset|M, id */
            hlen = 8;
            if (caplen < 4 || len < hlen) {
                print_trunc(out, "frag6");
                return;
            }
            fprintf(out, "frag (%u|%zu)", get16(p + 2) & 0xfff8, len - hlen);
            /* not the first (its header is in the first): nothing more;
             * the first: a space, and the rest if it was captured */
            if (get16(p + 2) & 0xfff8) {
                print_end(out);
                return;
            }
            fputc(' ', out);
            if (caplen <= hlen) {
                print_end(out);
                return;
            }
            a.fragmented = 1;
            break;
        case IPPROTO_NONE:
            fputs("no next header", out);
            print_end(out);
            return;
        case IPPROTO_ICMPV6:
            icmp6_print(out, &a, p, caplen, len);
            return;
        case IPPROTO_TCP:
            tcp_print_cap(out, &a, p, caplen, len);
            return;
        case IPPROTO_UDP:
            udp_print_cap(out, &a, p, caplen, len);
            return;
        default:
            fprintf(out, " ip-proto-%u %zu", nh, len);
            print_end(out);
            return;
        }
        nh = p[0];
        a.after_ext = 1;
        p += hlen, caplen -= hlen, len -= hlen;
    }
}
