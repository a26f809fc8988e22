/* print-ip.c - the IPv4 header and the dispatcher on its protocol field;
 * see print.h. */
#include "extract.h"
#include "print.h"

#include <string.h>

/* Part 1's entry: the bytes after an IPv4 header, all of them read. */
void transport_print(FILE *out, uint8_t proto, struct in_addr src,
                     struct in_addr dst, const uint8_t *p, size_t len)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

    switch (proto) {
    case IPPROTO_ICMP: icmp_print(out, src, dst, p, len); return;
    case IPPROTO_TCP: tcp_print(out, src, dst, p, len); return;
    case IPPROTO_UDP: udp_print(out, src, dst, p, len); return;
    }
    fprintf(out, "%s > %s: ip-proto-%u %zu", ipaddr_string(&src, s),
            ipaddr_string(&dst, d), proto, len);
    print_end(out);
}

/* Part 1's TCP and UDP entries: the pair for src and dst, 1; or, when
 * the IPv4 header leaves fewer than min bytes, part 1's one-line
 * "src > dst: [|tcp]" and 0. */
int part1_pair(FILE *out, struct in_addr src, struct in_addr dst, size_t len,
               size_t min, const char *proto, struct ip_pair *a)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

    if (len < min) {
        fprintf(out, "%s > %s: [|%s]", ipaddr_string(&src, s),
                ipaddr_string(&dst, d), proto);
        print_end(out);
        return 0;
    }
    memset(a, 0, sizeof *a);
    a->family = AF_INET;
    a->part1 = 1;
    memcpy(a->src, &src, 4);
    memcpy(a->dst, &dst, 4);
    return 1;
}

/* TCP's and UDP's start: "src.port > dst.port: " (the ports alone after
 * IPv6 extension headers, as tcpdump does). Returns 0, the line ended with
 * " [|proto]", when the ports or the min-byte header were not captured;
 * tcpdump writes "src > dst:" before that mark for TCP, "src > dst: " for
 * UDP (colon_space). */
int ports_print(FILE *out, const struct ip_pair *a, const uint8_t *p,
                size_t caplen, size_t len, size_t min, const char *proto,
                int colon_space)
{
    char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

    if (caplen < 4 || len < 4) {                /* not even the ports */
        fprintf(out, "%s > %s:%s", pair_src(a, s), pair_dst(a, d),
                colon_space ? " " : "");
        print_trunc(out, proto);
        return 0;
    }
    if (a->after_ext)
        fprintf(out, "%u > %u: ", get16(p), get16(p + 2));
    else
        fprintf(out, "%s.%u > %s.%u: ", pair_src(a, s), get16(p),
                pair_dst(a, d), get16(p + 2));
    if (caplen < min || len < min) {
        print_trunc(out, proto);
        return 0;
    }
    return 1;
}

/* The transport header after an IPv4 or IPv6 header (or its extension
 * headers): caplen bytes captured of the len the IP header declares. */
void ip_demux_print(FILE *out, uint8_t proto, const struct ip_pair *a,
                    const uint8_t *p, size_t caplen, size_t len)
{
    char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];

    if (proto == IPPROTO_ICMP && a->family == AF_INET) {
        icmp_print_cap(out, a, p, caplen, len);
        return;
    }
    if (proto == IPPROTO_ICMPV6 && a->family == AF_INET6) {
        icmp6_print(out, a, p, caplen, len);
        return;
    }
    if (proto == IPPROTO_TCP) {
        tcp_print_cap(out, a, p, caplen, len);
        return;
    }
    if (proto == IPPROTO_UDP) {
        udp_print_cap(out, a, p, caplen, len);
        return;
    }
    fprintf(out, "%s > %s:  ip-proto-%u %zu", pair_src(a, s), pair_dst(a, d),
            proto, len);
    print_end(out);
}

/* tcpdump's ip_print without -v: nothing of the header itself but the
 * addresses; a fragment other than the first shows only its protocol
 * (its transport header is in the first one). */
void ip_print(FILE *out, const uint8_t *p, size_t caplen, size_t len)
{
    char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
    struct ip_pair a = { .family = AF_INET };
    size_t hlen, total;
    uint16_t frag;

    if (caplen < 20 || len < 20) {              /* the fixed header */
        print_trunc(out, "ip");
        return;
    }
    if (p[0] >> 4 != 4) {                       /* byte 1, p[0]: version */
        if (p[0] >> 4 == 6)
            fputs("IP6, wrong link-layer encapsulation (invalid)", out);
        else
            fprintf(out, "IP%u (invalid)", p[0] >> 4);
        print_end(out);
        return;
    }
    hlen = (size_t)(p[0] & 0x0f) * 4;
    total = get16(p + 2);
    if (hlen < 20) {
        fprintf(out, "bad-hlen %zu", hlen);
        print_end(out);
        return;
    }
    if (total < hlen) {
        fprintf(out, "bad-len %zu", total);
        print_end(out);
        return;
    }
    if (len < total)
        fprintf(out, "truncated-ip - %zu bytes missing! ", total - len);
    if (caplen > len)                           /* not past the wire, */
        caplen = len;
    if (caplen > total)                         /* nor into the padding */
        caplen = total;
    len = total;                    /* lengths as the header says (tcpdump) */
    if (caplen < hlen) {                        /* options cut short */
        print_trunc(out, "ip");
        return;
    }
    memcpy(a.src, p + 12, 4);
    memcpy(a.dst, p + 16, 4);
    frag = get16(p + 6);
    a.fragmented = (frag & 0x2000) != 0;        /* More Fragments */
    if ((frag & 0x1fff) == 0) {                 /* offset 0: the header is here */
        ip_demux_print(out, p[9], &a, p + hlen, caplen - hlen, len - hlen);
        return;
    }
    fprintf(out, "%s > %s: ip-proto-%u", pair_src(&a, s), pair_dst(&a, d), p[9]);
    print_end(out);
}

const char *ipaddr_string(const void *p, char buf[INET_ADDRSTRLEN])
{
    return inet_ntop(AF_INET, p, buf, INET_ADDRSTRLEN);
}

const char *pair_src(const struct ip_pair *a, char buf[INET6_ADDRSTRLEN])
{
    return inet_ntop(a->family, a->src, buf, INET6_ADDRSTRLEN);
}

const char *pair_dst(const struct ip_pair *a, char buf[INET6_ADDRSTRLEN])
{
    return inet_ntop(a->family, a->dst, buf, INET6_ADDRSTRLEN);
}

void print_trunc(FILE *out, const char *proto)
{
    fprintf(out, " [|%s]", proto);
    print_end(out);
}

void print_end(FILE *out)
{
    fputc('\n', out);
    fflush(out);
}
