/* print-ip.c - the dispatcher on the IPv4 protocol field; see print.h. */
#include "print.h"

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

const char *ipaddr_string(const void *p, char buf[INET_ADDRSTRLEN])
{
    return inet_ntop(AF_INET, p, buf, INET_ADDRSTRLEN);
}

void print_end(FILE *out)
{
    fputc('\n', out);
    fflush(out);
}
