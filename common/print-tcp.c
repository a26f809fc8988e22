/* print-tcp.c - TCP (RFC 793) as tcpdump -n -S prints it; see print.h. */
#include "extract.h"
#include "print.h"

#include <netinet/tcp.h>
#include <string.h>

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

    fprintf(out, "%s", ipaddr_string(&src, s));
    if (len < 20) {
        fprintf(out, " > %s: [|tcp]", ipaddr_string(&dst, d));
        print_end(out);
        return;
    }
    fprintf(out, ".%u > %s.%u: ", get16(p), ipaddr_string(&dst, d),
            get16(p + 2));
    doff = (size_t)(p[12] >> 4) * 4;
    if (doff < 20 || doff > len) {
        fprintf(out, "[bad hdr length %zu - too %s, %s %zu]", doff,
                doff < 20 ? "short" : "long", doff < 20 ? "<" : ">",
                doff < 20 ? (size_t)20 : len);
        print_end(out);
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
    print_end(out);
}

