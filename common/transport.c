/* transport.c - see transport.h. */
#include "transport.h"
#include "errors.h"

#include <arpa/inet.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint16_t get16(const uint8_t *p)
{
    uint16_t v;

    memcpy(&v, p, 2);
    return ntohs(v);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;

    memcpy(&v, p, 4);
    return ntohl(v);
}

/* An address from 4 bytes in network order (never inet_ntoa twice). */
static const char *addr(const uint8_t *p, char buf[INET_ADDRSTRLEN])
{
    return inet_ntop(AF_INET, p, buf, INET_ADDRSTRLEN);
}

static void end_line(FILE *out)
{
    fputc('\n', out);
    fflush(out);
}

void transport_print(FILE *out, uint8_t proto, struct in_addr src,
                     struct in_addr dst, const uint8_t *p, size_t len)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

    switch (proto) {
    case IPPROTO_ICMP: icmp_print(out, src, dst, p, len); return;
    case IPPROTO_TCP: tcp_print(out, src, dst, p, len); return;
    case IPPROTO_UDP: udp_print(out, src, dst, p, len); return;
    }
    fprintf(out, "%s > %s: ip-proto-%u %zu", addr((uint8_t *)&src.s_addr, s),
            addr((uint8_t *)&dst.s_addr, d), proto, len);
    end_line(out);
}

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
    addr(q + 16, d);
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

void icmp_print(FILE *out, struct in_addr src, struct in_addr dst,
                const uint8_t *p, size_t len)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], g[INET_ADDRSTRLEN];
    const char *name;
    int ok = 1;

    fprintf(out, "%s > %s: ", addr((uint8_t *)&src.s_addr, s),
            addr((uint8_t *)&dst.s_addr, d));
    if (len < 8) {                                /* type, code, checksum, 4 more */
        fprintf(out, "[|icmp]");
        end_line(out);
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
            addr(p + 8 + 16, d);
            addr(p + 4, g);
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
    end_line(out);
}

const char *tcp_flags_str(uint8_t flags, char buf[16])
{
    static const struct { uint8_t bit; char c; } f[] = {
        { TH_FIN, 'F' }, { TH_SYN, 'S' }, { TH_RST, 'R' }, { TH_PUSH, 'P' },
        { TH_ACK, '.' }, { TH_URG, 'U' }, { 0x40, 'E' }, { 0x80, 'W' },
    };
    size_t n = 0;

    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (flags & f[i].bit)
            buf[n++] = f[i].c;
    buf[n] = '\0';
    return n ? buf : strcpy(buf, "none");
}

/* The options between byte 20 and the data offset, as tcpdump lists them:
 * nothing after End of List (the rest is padding); an option whose length
 * does not fit its kind gets "[len N]"; one we do not know, its bytes. */
static void print_tcp_options(FILE *out, const uint8_t *o, size_t n)
{
    static const char *const name[9] = {
        [TCPOPT_MAXSEG] = "mss", [TCPOPT_WINDOW] = "wscale",
        [TCPOPT_SACK_PERMITTED] = "sackOK", [TCPOPT_SACK] = "sack",
        [TCPOPT_TIMESTAMP] = "TS",
    };
    const char *sep = "";

    fprintf(out, ", options [");
    for (size_t i = 0; i < n; ) {
        uint8_t kind = o[i], olen;

        fputs(sep, out);
        sep = ",";
        if (kind == TCPOPT_EOL) {
            fputs("eol", out);
            break;
        }
        if (kind == TCPOPT_NOP) {
            fputs("nop", out);
            i++;
            continue;
        }
        olen = i + 1 < n ? o[i + 1] : 0;
        if (olen < 2 || olen > n - i) {
            fputs("[bad opt]", out);
            break;
        }
        if (kind == TCPOPT_MAXSEG && olen == 4)
            fprintf(out, "mss %u", get16(o + i + 2));
        else if (kind == TCPOPT_WINDOW && olen == 3)
            fprintf(out, "wscale %u", o[i + 2]);
        else if (kind == TCPOPT_SACK_PERMITTED && olen == 2)
            fputs("sackOK", out);
        else if (kind == TCPOPT_TIMESTAMP && olen == 10)
            fprintf(out, "TS val %u ecr %u", get32(o + i + 2), get32(o + i + 6));
        else if (kind == TCPOPT_SACK && (olen - 2) % 8 == 0) {
            fprintf(out, "sack %u ", (olen - 2) / 8);
            for (size_t b = i + 2; b + 8 <= i + olen; b += 8)
                fprintf(out, "{%u:%u}", get32(o + b), get32(o + b + 4));
        } else if (kind < 9 && name[kind]) {
            fprintf(out, "%s[len %u]", name[kind], olen);
        } else {
            fprintf(out, "unknown-%u%s", kind, olen > 2 ? " 0x" : "");
            for (size_t b = i + 2; b < i + olen; b++)
                fprintf(out, "%02x", o[b]);
        }
        i += olen;
    }
    fputc(']', out);
}

void tcp_print(FILE *out, struct in_addr src, struct in_addr dst,
               const uint8_t *p, size_t len)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN], fl[16];
    size_t doff, data;
    uint32_t seq;
    uint8_t flags;

    fprintf(out, "%s", addr((uint8_t *)&src.s_addr, s));
    if (len < 20) {
        fprintf(out, " > %s: [|tcp]", addr((uint8_t *)&dst.s_addr, d));
        end_line(out);
        return;
    }
    fprintf(out, ".%u > %s.%u: ", get16(p), addr((uint8_t *)&dst.s_addr, d),
            get16(p + 2));
    doff = (size_t)(p[12] >> 4) * 4;
    if (doff < 20 || doff > len) {
        fprintf(out, "[bad hdr length %zu - too %s, %s %zu]", doff,
                doff < 20 ? "short" : "long", doff < 20 ? "<" : ">",
                doff < 20 ? (size_t)20 : len);
        end_line(out);
        return;
    }
    flags = p[13];
    seq = get32(p + 4);
    data = len - doff;
    fprintf(out, "Flags [%s]", tcp_flags_str(flags, fl));
    if (data)
        fprintf(out, ", seq %u:%u", seq, (uint32_t)(seq + data));
    else if (flags & (TH_SYN | TH_FIN | TH_RST))
        fprintf(out, ", seq %u", seq);
    if (flags & TH_ACK)
        fprintf(out, ", ack %u", get32(p + 8));
    fprintf(out, ", win %u", get16(p + 14));
    if (flags & TH_URG)
        fprintf(out, ", urg %u", get16(p + 18));
    if (doff > 20)
        print_tcp_options(out, p + 20, doff - 20);
    fprintf(out, ", length %zu", data);
    end_line(out);
}

void udp_print(FILE *out, struct in_addr src, struct in_addr dst,
               const uint8_t *p, size_t len)
{
    char s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];
    uint16_t ulen;

    fprintf(out, "%s", addr((uint8_t *)&src.s_addr, s));
    if (len < 8) {
        fprintf(out, " > %s: [|udp]", addr((uint8_t *)&dst.s_addr, d));
        end_line(out);
        return;
    }
    fprintf(out, ".%u > %s.%u: ", get16(p), addr((uint8_t *)&dst.s_addr, d),
            get16(p + 2));
    ulen = get16(p + 4);
    if (ulen < 8 || ulen > len)
        fprintf(out, "UDP, bad length %u %s %zu", ulen, ulen < 8 ? "<" : ">",
                ulen < 8 ? (size_t)8 : len);
    else
        fprintf(out, "UDP, length %u", ulen - 8);
    end_line(out);
}

struct in_addr transport_source_for(struct in_addr dst)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = dst,
                              .sin_port = htons(9) };
    socklen_t len = sizeof sa;
    int fd = socket(AF_INET, SOCK_DGRAM, 0);

    if (fd < 0)
        die("socket(AF_INET, SOCK_DGRAM)");
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
        die("connect (finding our source address)");
    if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
        die("getsockname");
    close(fd);
    return sa.sin_addr;
}
