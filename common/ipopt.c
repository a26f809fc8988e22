/* ipopt.c - see ipopt.h. */
#include "ipopt.h"

#include <arpa/inet.h>
#include <netinet/ip.h>

/* "Record Route", "Timestamp", ... or "unknown". */
static const char *ip4_opt_name(uint8_t type)
{
    switch (type) {
    case IPOPT_EOL: return "End of List";
    case IPOPT_NOP: return "No Operation";
    case IPOPT_RR: return "Record Route";
    case IPOPT_TS: return "Timestamp";
    case IPOPT_RA: return "Router Alert";
    case IPOPT_SEC: return "Security";
    case IPOPT_LSRR: return "Loose Source Route";
    case IPOPT_SSRR: return "Strict Source Route";
    }
    return "unknown";
}

/* The length of the option at o[i] (o holds len bytes, i < len): 1 for End
 * of List and No Operation, else its length byte; 0 when that byte is
 * missing, below 2, or runs past len (malformed: the walk stops there). */
static size_t ip4_opt_len(const uint8_t *o, size_t len, size_t i)
{
    if (o[i] == IPOPT_EOL || o[i] == IPOPT_NOP)
        return 1;
    if (len - i < 2 || o[i + 1] < 2 || o[i + 1] > len - i)
        return 0;
    return o[i + 1];
}

void ip4_opt_print(FILE *out, const uint8_t *o, size_t len)
{
    size_t i = 0, olen, k;
    char a[INET_ADDRSTRLEN];

    for (; i < len; i += olen) {
        const char *name = ip4_opt_name(o[i]);

        olen = ip4_opt_len(o, len, i);
        if (o[i] == IPOPT_EOL) {
            fprintf(out, "  option:          %s (0)%s\n", name,
                    len - i > 1 ? ", then padding" : "");
            return;
        }
        if (o[i] == IPOPT_NOP) {
            fprintf(out, "  option:          %s (1)\n", name);
            continue;
        }
        if (olen == 0) {
            fprintf(out, "  option:          %s (%u), malformed: ", name, o[i]);
            if (len - i < 2)
                fprintf(out, "no length byte\n");
            else
                fprintf(out, "length %u, %zu bytes left\n", o[i + 1], len - i);
            return;
        }
        fprintf(out, "  option:          %s (%u), %zu bytes", name, o[i], olen);
        if ((o[i] == IPOPT_RR || o[i] == IPOPT_LSRR || o[i] == IPOPT_SSRR)
            && olen >= 3) {                   /* pointer: 1-based, first slot 4 */
            fprintf(out, ", pointer %u:", o[i + 2]);
            for (k = 3; k + 4 <= olen && k + 5 <= o[i + 2]; k += 4)
                fprintf(out, " %s", inet_ntop(AF_INET, o + i + k, a, sizeof a));
        } else if (o[i] == IPOPT_TS && olen >= 4) {
            fprintf(out, ", pointer %u, overflow %u, flag %u", o[i + 2],
                    o[i + 3] >> 4, o[i + 3] & 0x0fu);
        } else if (o[i] == IPOPT_RA && olen == 4) {
            fprintf(out, ", value %u", o[i + 2] << 8 | o[i + 3]);
        }
        fprintf(out, "\n");
    }
}

const uint8_t *ip4_opt_find(const uint8_t *o, size_t len, uint8_t type,
                            size_t *olen, const char **why)
{
    size_t i;

    *why = NULL;
    for (i = 0; i < len && o[i] != IPOPT_EOL; i += *olen) {
        *olen = ip4_opt_len(o, len, i);
        if (*olen == 0) {
            *why = "an option runs past the header";
            return NULL;
        }
        if (o[i] == type)
            return o + i;
    }
    return NULL;
}
