/* print-udp.c - UDP (RFC 768) as tcpdump -n prints it; see print.h. */
#include "extract.h"
#include "print.h"

#include <string.h>

void udp_print(FILE *out, struct in_addr src, struct in_addr dst,
               const uint8_t *p, size_t len)
{
    struct ip_pair a;

    if (part1_pair(out, src, dst, len, 8, "udp", &a))
        udp_print_cap(out, &a, p, len, len);
}

void udp_print_cap(FILE *out, const struct ip_pair *a, const uint8_t *p,
                   size_t caplen, size_t len)
{
    uint16_t ulen;

    if (!ports_print(out, a, p, caplen, len, 8, "udp", 1))
        return;
    ulen = get16(p + 4);
    if (a->part1 && (ulen < 8 || ulen > len))   /* part 1's own words */
        fprintf(out, "UDP, bad length %u %s %zu", ulen, ulen < 8 ? "<" : ">",
                ulen < 8 ? (size_t)8 : len);
    else if (ulen < 8)
        fprintf(out, "truncated-udplength %u", ulen);
    else if (ulen > len && !a->fragmented)      /* both without the header */
        fprintf(out, "UDP, bad length %u > %zu", ulen - 8, len - 8);
    else
        fprintf(out, "UDP, length %u", ulen - 8);
    print_end(out);
}
