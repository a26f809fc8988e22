/* print-arp.c - ARP (RFC 826) as tcpdump -e -n prints it; see print.h. */
#include "extract.h"
#include "link.h"
#include "print.h"

#include <string.h>

/* A hardware address of n bytes: "02:4a:00:00:00:01" for Ethernet's 6. */
static void print_hw(FILE *out, const uint8_t *a, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%02x", i ? ":" : "", a[i]);
}

static void print_pa(FILE *out, const uint8_t *a, size_t n)
{
    char s[INET_ADDRSTRLEN];

    if (n != 4)
        fputs("<wrong proto addr len>", out);
    else
        fputs(ipaddr_string(a, s), out);
}

/*
 * hardware type (2), protocol type (2), hardware length (1), protocol
 * length (1), operation (2), then sender hardware and protocol address,
 * target hardware and protocol address, of those lengths.
 */
void arp_print(FILE *out, const uint8_t *p, size_t caplen, size_t len)
{
    static const char *const opname[] = {
        [1] = "Request", [2] = "Reply", [3] = "Reverse Request",
        [4] = "Reverse Reply", [8] = "Inverse Request", [9] = "Inverse Reply",
        [10] = "NACK Reply",
    };
    const uint8_t *sha, *spa, *tha, *tpa;
    uint16_t hrd, pro, op;
    size_t hln, pln;
    static const uint8_t zero[255];

    if (caplen < 8) {
        print_trunc(out, "arp");
        return;
    }
    hrd = get16(p), pro = get16(p + 2), op = get16(p + 6);
    hln = p[4], pln = p[5];
    sha = p + 8, spa = sha + hln, tha = spa + pln, tpa = tha + hln;
    if (caplen < 8 + 2 * hln + 2 * pln) {   /* up to the target address */
        print_trunc(out, "arp");
        return;
    }
    if (pro != 0x0800 || pln != 4 || hln == 0) {
        if (hrd == 1)
            fprintf(out, "Ethernet (len %zu), ", hln);
        else
            fprintf(out, "Unknown Hardware (%u) (len %zu), ", hrd, hln);
        if (ethertype_name(pro))
            fprintf(out, "%s (len %zu)", ethertype_name(pro), pln);
        else
            fprintf(out, "Unknown Protocol (0x%04x) (len %zu)", pro, pln);
        fprintf(out, ", length %zu", len);
        print_end(out);
        return;
    }
    if (op < sizeof opname / sizeof *opname && opname[op])
        fprintf(out, "%s ", opname[op]);
    else
        fprintf(out, "Unknown (%u) ", op);
    switch (op) {
    case 1:                                 /* who has tpa? tell spa */
        fputs("who-has ", out);
        print_pa(out, tpa, pln);
        if (memcmp(tha, zero, hln)) {
            fputs(" (", out);
            print_hw(out, tha, hln);
            fputc(')', out);
        }
        fputs(" tell ", out);
        print_pa(out, spa, pln);
        break;
    case 2:                                 /* spa is at sha */
        print_pa(out, spa, pln);
        fputs(" is-at ", out);
        print_hw(out, sha, hln);
        break;
    case 3:
    case 8:
        fputs("who-is ", out);
        print_hw(out, tha, hln);
        fputs(" tell ", out);
        if (op == 3)
            print_hw(out, sha, hln);
        else
            print_pa(out, spa, pln);
        break;
    case 4:
        print_hw(out, tha, hln);
        fputs(" at ", out);
        print_pa(out, tpa, pln);
        break;
    case 9:
        print_hw(out, sha, hln);
        fputs(" at ", out);
        print_pa(out, spa, pln);
        break;
    default:
        print_end(out);
        return;
    }
    fprintf(out, ", length %zu", len);
    print_end(out);
}
