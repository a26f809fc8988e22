/* print-icmp6.c - ICMPv6 (RFC 4443), neighbour and router discovery
 * (RFC 4861) and MLD (RFC 2710, 3810) as tcpdump -n prints them without
 * -v; see print.h. ip6_print has printed the addresses. */
#include "extract.h"
#include "print.h"

#include <netinet/icmp6.h>

static const char *icmp6_name(uint8_t type)
{
    switch (type) {
    case ICMP6_DST_UNREACH: return "destination unreachable";
    case ICMP6_PACKET_TOO_BIG: return "packet too big";
    case ICMP6_TIME_EXCEEDED: return "time exceeded in-transit";
    case 200: return "mtrace response";
    case 201: return "mtrace message";
    case ICMP6_PARAM_PROB: return "parameter problem";
    case ICMP6_ECHO_REQUEST: return "echo request";
    case ICMP6_ECHO_REPLY: return "echo reply";
    case MLD_LISTENER_QUERY: return "multicast listener query";
    case MLD_LISTENER_REPORT: return "multicast listener report";
    case MLD_LISTENER_REDUCTION: return "multicast listener done";
    case ND_ROUTER_SOLICIT: return "router solicitation";
    case ND_ROUTER_ADVERT: return "router advertisement";
    case ND_NEIGHBOR_SOLICIT: return "neighbor solicitation";
    case ND_NEIGHBOR_ADVERT: return "neighbor advertisement";
    case ND_REDIRECT: return "redirect";
    case 143: return "multicast listener report v2";
    }
    return NULL;
}

static const char *const unreach[] = {
    "unreachable route", "unreachable prohibited", "unreachable beyond scope",
    "unreachable address", "unreachable port",
};

/* A destination unreachable quotes the IPv6 packet that failed (from byte
 * 8): its destination, and for "port" the transport header's port. Returns
 * 0 when the capture ends first. */
static int print_unreach(FILE *out, const uint8_t *p, size_t caplen)
{
    const uint8_t *q = p + 8;
    char d[INET6_ADDRSTRLEN], s[INET6_ADDRSTRLEN];
    uint8_t code = p[1];

    if (code >= sizeof unreach / sizeof *unreach)
        return 1;                           /* the caller dumps it */
    fprintf(out, ", %s", unreach[code]);
    if (caplen < 8 + 40)
        return 0;
    inet_ntop(AF_INET6, q + 24, d, sizeof d);
    if (code == 2) {
        fprintf(out, " %s, source address %s", d, inet_ntop(AF_INET6, q + 8, s, sizeof s));
        return 1;
    }
    if (code != 4) {
        fprintf(out, " %s", d);
        return 1;
    }
    if (caplen < 8 + 40 + 4)
        return 0;
    if (q[6] == IPPROTO_TCP || q[6] == IPPROTO_UDP)
        fprintf(out, ", %s %s port %u", d, q[6] == IPPROTO_TCP ? "tcp" : "udp",
                get16(q + 42));
    else
        fprintf(out, ", %s protocol %u port %u unreachable", d, q[6], get16(q + 42));
    return 1;
}

void icmp6_print(FILE *out, const struct ip_pair *a, const uint8_t *p,
                 size_t caplen, size_t len)
{
    char t[INET6_ADDRSTRLEN], t2[INET6_ADDRSTRLEN];
    const char *name;
    int ok = 1;

    (void)a;
    if (caplen < 2 || len < 2) {
        print_trunc(out, "icmp6");
        return;
    }
    name = icmp6_name(p[0]);
    if (name)
        fprintf(out, "ICMP6, %s", name);
    else
        fprintf(out, "ICMP6, unknown icmp6 type (%u)", p[0]);
    switch (p[0]) {
    case ICMP6_ECHO_REQUEST:
    case ICMP6_ECHO_REPLY:                  /* id at bytes 4-5, seq at 6-7 */
        if ((ok = caplen >= 8))
            fprintf(out, ", id %u, seq %u", get16(p + 4), get16(p + 6));
        break;
    case ND_NEIGHBOR_SOLICIT:               /* the target at bytes 8-23 */
    case ND_NEIGHBOR_ADVERT:
        if ((ok = caplen >= 24))
            fprintf(out, ", %s %s", p[0] == ND_NEIGHBOR_SOLICIT ? "who has" : "tgt is",
                    inet_ntop(AF_INET6, p + 8, t, sizeof t));
        break;
    case 143:                               /* MLDv2: records at bytes 6-7 */
        if (len < 8) {
            fprintf(out, " [invalid len %zu]", len);
            print_end(out);
            return;
        }
        if ((ok = caplen >= 8))
            fprintf(out, ", %u group record(s)", get16(p + 6));
        break;
    case ICMP6_DST_UNREACH:
        if (p[1] >= sizeof unreach / sizeof *unreach) {
            fprintf(out, ", unknown unreach code (%u)", p[1]);
            unknown_print(out, p, caplen < len ? caplen : len, 0);  /* no length */
            return;
        }
        ok = print_unreach(out, p, caplen);
        break;
    case ICMP6_PACKET_TOO_BIG:
        if ((ok = caplen >= 8))
            fprintf(out, ", mtu %u", get32(p + 4));
        break;
    case ICMP6_TIME_EXCEEDED:               /* the quoted destination */
        if (p[1] == 0 && (ok = caplen >= 8 + 40))
            fprintf(out, " for %s", inet_ntop(AF_INET6, p + 8 + 24, t, sizeof t));
        else if (p[1] == 1)
            fputs(" (reassembly)", out);
        else if (p[1] > 1)
            fprintf(out, ", unknown code (%u)", p[1]);
        break;
    case ICMP6_PARAM_PROB:                  /* the offset of the trouble */
        if ((ok = caplen >= 8)) {
            if (p[1] < 3)
                fprintf(out, ", %s - octet %u", p[1] == 0 ? "erroneous" :
                        p[1] == 1 ? "next header" : "option", get32(p + 4));
            else
                fprintf(out, ", code-#%u", p[1]);
        }
        break;
    case MLD_LISTENER_QUERY:                /* v1: 24 bytes, v2: 28 or more */
        if (len >= 28) {
            if ((ok = caplen >= 28)) {
                fprintf(out, " v2 [gaddr %s", inet_ntop(AF_INET6, p + 8, t, sizeof t));
                if (get16(p + 26))
                    fprintf(out, ", %u source(s)", get16(p + 26));
                fputc(']', out);
            }
            break;
        }
        /* fall through */
    case MLD_LISTENER_REPORT:
    case MLD_LISTENER_REDUCTION:            /* tcpdump writes no space here */
        if ((ok = caplen >= 24))
            fprintf(out, "max resp delay: %u addr: %s", get16(p + 4),
                    inet_ntop(AF_INET6, p + 8, t, sizeof t));
        break;
    case ND_REDIRECT:                       /* destination, then the target */
        if ((ok = caplen >= 40))
            fprintf(out, ", %s to %s", inet_ntop(AF_INET6, p + 24, t, sizeof t),
                    inet_ntop(AF_INET6, p + 8, t2, sizeof t2));
        break;
    }
    if (!ok) {
        print_trunc(out, "icmp6");
        return;
    }
    fprintf(out, ", length %zu", len);
    if (!name)                              /* tcpdump: and its bytes */
        unknown_print(out, p, caplen < len ? caplen : len, 0);
    else
        print_end(out);
}
