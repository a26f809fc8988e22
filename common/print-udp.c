/* print-udp.c - UDP (RFC 768) as tcpdump -n prints it; see print.h. */
#include "extract.h"
#include "print.h"

void udp_print(FILE *out, struct in_addr src, struct in_addr dst,
               const uint8_t *p, size_t len)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
    uint16_t ulen;

    fprintf(out, "%s", ipaddr_string(&src, s));
    if (len < 8) {
        fprintf(out, " > %s: [|udp]", ipaddr_string(&dst, d));
        print_end(out);
        return;
    }
    fprintf(out, ".%u > %s.%u: ", get16(p), ipaddr_string(&dst, d),
            get16(p + 2));
    ulen = get16(p + 4);
    if (ulen < 8 || ulen > len)
        fprintf(out, "UDP, bad length %u %s %zu", ulen, ulen < 8 ? "<" : ">",
                ulen < 8 ? (size_t)8 : len);
    else
        fprintf(out, "UDP, length %u", ulen - 8);
    print_end(out);
}

