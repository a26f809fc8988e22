/* print-icmp.c - ICMP (RFC 792) as tcpdump -n prints it; see print.h. */
#include "extract.h"
#include "print.h"

#include <netinet/ip_icmp.h>
#include <string.h>

/* tcpdump's wording for destination unreachable codes other than 2, 3, 4;
 * %s is the destination of the datagram quoted in the error. */
static const char *const unreach_fmt[16] = {
    [0] = "net %s unreachable",
    [1] = "host %s unreachable",
    [5] = "%s unreachable - source route failed",
    [6] = "net %s unreachable - unknown",
    [7] = "host %s unreachable - unknown",
    [8] = "%s unreachable - source host isolated",
    [9] = "net %s unreachable - admin prohibited",
    [10] = "host %s unreachable - admin prohibited",
    [11] = "net %s unreachable - tos prohibited",
    [12] = "host %s unreachable - tos prohibited",
    [13] = "host %s unreachable - admin prohibited filter",
    [14] = "host %s unreachable - host precedence violation",
    [15] = "host %s unreachable - precedence cutoff",
};

/* Destination unreachable: the error quotes the IPv4 header (and at least
 * 8 bytes) of the datagram that failed, from byte 8 on. */
static int print_unreach(FILE *out, const uint8_t *p, size_t len)
{
    const uint8_t *q = p + 8;                     /* the quoted IPv4 header */
    char d[INET_ADDRSTRLEN];
    uint8_t code = p[1];
    size_t qhl;

    if (len < 8 + 20)
        return 0;
    ipaddr_string(q + 16, d);
    switch (code) {
    case ICMP_PROT_UNREACH:
        fprintf(out, "%s protocol %u unreachable", d, q[9]);
        return 1;
    case ICMP_PORT_UNREACH:
        qhl = (size_t)(q[0] & 0x0f) * 4;
        if (qhl < 20 || len < 8 + qhl + 4)
            return 0;
        if (q[9] == IPPROTO_TCP || q[9] == IPPROTO_UDP)
            fprintf(out, "%s %s port %u unreachable", d,
                    q[9] == IPPROTO_TCP ? "tcp" : "udp", get16(q + qhl + 2));
        else
            fprintf(out, "%s protocol %u port %u unreachable", d, q[9],
                    get16(q + qhl + 2));
        return 1;
    case ICMP_FRAG_NEEDED:
        if (get16(p + 6))
            fprintf(out, "%s unreachable - need to frag (mtu %u)", d, get16(p + 6));
        else
            fprintf(out, "%s unreachable - need to frag", d);
        return 1;
    }
    if (code < 16 && unreach_fmt[code])
        fprintf(out, unreach_fmt[code], d);
    else
        fprintf(out, "%s unreachable - #%u", d, code);
    return 1;
}

static const char *icmp_type_name(uint8_t type)
{
    switch (type) {
    case ICMP_ECHOREPLY: return "echo reply";
    case ICMP_SOURCE_QUENCH: return "source quench";
    case ICMP_ECHO: return "echo request";
    case 9: return "router advertisement";
    case 10: return "router solicitation";
    case ICMP_INFO_REQUEST: return "information request";
    case ICMP_INFO_REPLY: return "information reply";
    case ICMP_ADDRESS: return "address mask request";
    }
    return NULL;
}

/* How many bytes tcpdump reads to print this message: it prints nothing
 * of it when fewer were captured. */
static size_t icmp_need(const uint8_t *p, size_t caplen)
{
    size_t qhl;

    if (caplen < 2)
        return 8;
    switch (p[0]) {
    case ICMP_DEST_UNREACH:
        if (p[1] == ICMP_PORT_UNREACH && caplen >= 8 + 1) {
            qhl = (size_t)(p[8] & 0x0f) * 4;
            return 8 + (qhl > 20 ? qhl : 20) + 4;
        }
        return 8 + 20;          /* each names the quoted destination */
    case ICMP_REDIRECT:
        return 8 + 20;
    case ICMP_ADDRESSREPLY:
        return 12;
    }
    return 8;
}

void icmp_print_cap(FILE *out, const struct ip_pair *a, const uint8_t *p,
                    size_t caplen, size_t len)
{
    struct in_addr src, dst;
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
    size_t need = icmp_need(p, caplen);

    memcpy(&src, a->src, 4);
    memcpy(&dst, a->dst, 4);
    if (caplen < need) {                        /* the capture ends early */
        fprintf(out, "%s > %s: ", ipaddr_string(&src, s), ipaddr_string(&dst, d));
        print_trunc(out, "icmp");
        return;
    }
    /* every read is within need bytes: the length printed is len */
    icmp_print(out, src, dst, p, caplen < need ? caplen : len);
}

void icmp_print(FILE *out, struct in_addr src, struct in_addr dst,
                const uint8_t *p, size_t len)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
    const char *name;
    int ok = 1;

    fprintf(out, "%s > %s: ", ipaddr_string(&src, s),
            ipaddr_string(&dst, d));
    if (len < 8) {                                /* type, code, checksum, 4 more */
        fprintf(out, "[|icmp]");
        print_end(out);
        return;
    }
    fprintf(out, "ICMP ");
    switch (p[0]) {
    case ICMP_ECHO:
    case ICMP_ECHOREPLY:
        fprintf(out, "echo %s, id %u, seq %u", p[0] == ICMP_ECHO ? "request" : "reply",
                get16(p + 4), get16(p + 6));
        break;
    case ICMP_DEST_UNREACH:
        ok = print_unreach(out, p, len);
        break;
    case ICMP_TIME_EXCEEDED:
        if (p[1] == ICMP_EXC_TTL)
            fprintf(out, "time exceeded in-transit");
        else if (p[1] == ICMP_EXC_FRAGTIME)
            fprintf(out, "ip reassembly time exceeded");
        else
            fprintf(out, "time exceeded-#%u", p[1]);
        break;
    case ICMP_REDIRECT:
        if ((ok = len >= 8 + 20)) {
            ipaddr_string(p + 8 + 16, d);
            ipaddr_string(p + 4, g);
            if (p[1] < 4)
                fprintf(out, "redirect%s %s to %s %s", p[1] < 2 ? "" : "-tos", d,
                        p[1] % 2 ? "host" : "net", g);
            else
                fprintf(out, "redirect-#%u %s to %s", p[1], d, g);
        }
        break;
    case ICMP_PARAMETERPROB:
        if (p[1])
            fprintf(out, "parameter problem - code %u", p[1]);
        else
            fprintf(out, "parameter problem - octet %u", p[4]);
        break;
    case ICMP_TIMESTAMP:
    case ICMP_TIMESTAMPREPLY:
        fprintf(out, "time stamp %s id %u seq %u",
                p[0] == ICMP_TIMESTAMP ? "query" : "reply", get16(p + 4), get16(p + 6));
        break;
    case ICMP_ADDRESSREPLY:
        if ((ok = len >= 12))
            fprintf(out, "address mask is 0x%08x", get32(p + 8));
        break;
    default:
        name = icmp_type_name(p[0]);
        if (name)
            fprintf(out, "%s", name);
        else
            fprintf(out, "type-#%u", p[0]);
    }
    if (ok)
        fprintf(out, ", length %zu", len);
    else
        fprintf(out, "[|icmp]");
    print_end(out);
}

