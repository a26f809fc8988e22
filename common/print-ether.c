/* print-ether.c - Ethernet II frames, their 802.1Q tags, and the dispatch
 * on the EtherType, as tcpdump -e -n prints them; see print.h. Also the
 * two other link types 02-decode reads from pcap files: Linux cooked
 * captures and raw IP. */
#include "extract.h"
#include "hexdump.h"
#include "link.h"
#include "print.h"

#include <stdlib.h>
#include <string.h>

static int is_vlan(uint16_t type)
{
    return type == 0x8100 || type == 0x88a8 || type == 0x9100 || type == 0x9200;
}

/* tcpdump's names for the EtherTypes 02-decode knows; the rest print as
 * "Unknown" and nothing follows the header. */
const char *ethertype_name(uint16_t type)
{
    switch (type) {
    case 0x0800: return "IPv4";
    case 0x0806: return "ARP";
    case 0x8035: return "Reverse ARP";
    case 0x86dd: return "IPv6";
    case 0x8100: return "802.1Q";
    case 0x88a8: return "802.1Q-QinQ";
    case 0x9100: return "802.1Q-9100";
    case 0x9200: return "802.1Q-9200";
    }
    return NULL;
}

/* "ethertype IPv4 (0x0800)" */
static void print_type(FILE *out, uint16_t type)
{
    const char *name = ethertype_name(type);

    fprintf(out, "ethertype %s (0x%04x)", name ? name : "Unknown", type);
}

void ether_print(FILE *out, const uint8_t *p, size_t caplen, size_t len)
{
    char s[18], d[18];
    size_t frame_len = len;
    uint16_t type, tci;
    int first = 1;

    if (caplen < 14 || len < 14) {          /* not a whole Ethernet header */
        print_trunc(out, "ether");
        return;
    }
    type = get16(p + 12);                   /* bytes 13-14, after the MACs */
    fprintf(out, "%s > %s, ", mac_str(p + 6, s), mac_str(p, d));
    if (type <= 1500) {                     /* an 802.3 length, not a type */
        fprintf(out, "802.3, length %u: ", type);
        print_end(out);
        return;
    }
    p += 14, caplen -= 14, len -= 14;
    while (is_vlan(type)) {                 /* an 802.1Q tag: TCI, then type */
        if (caplen < 4 || len < 4) {
            print_trunc(out, "vlan");
            return;
        }
        tci = get16(p);                     /* priority 3 bits, DEI 1, VLAN 12 */
        print_type(out, type);
        if (first)
            fprintf(out, ", length %zu: ", frame_len);
        else
            fputs(", ", out);
        first = 0;
        fprintf(out, "vlan %u, p %u%s, ", tci & 0x0fff, tci >> 13,
                tci & 0x1000 ? ", DEI" : "");
        type = get16(p + 2);
        p += 4, caplen -= 4, len -= 4;
    }
    print_type(out, type);
    if (first)
        fprintf(out, ", length %zu: ", frame_len);
    else
        fputs(", ", out);
    ethertype_print(out, type, p, caplen, len);
}

/* What tcpdump does with bytes it cannot decode: the -X dump (with
 * ascii) or the -x one (hex alone), each line after a newline and a tab. */
void unknown_print(FILE *out, const uint8_t *p, size_t caplen, int ascii)
{
    char *dump = NULL, *line, *save = NULL;
    size_t n = 0;
    FILE *m = open_memstream(&dump, &n);

    if (m) {
        hex_dump(m, p, caplen);
        fclose(m);
        for (line = strtok_r(dump, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            /* hex_dump's line: offset and hex in 48 columns, 2 spaces, the
             * ascii; tcpdump shows a space there as '.' */
            size_t l = strlen(line);

            for (size_t i = 50; i < l; i++)
                if (line[i] == ' ')
                    line[i] = '.';
            if (!ascii && l > 48) {
                l = 48;
                while (l > 0 && line[l - 1] == ' ')
                    l--;
                line[l] = '\0';
            }
            fprintf(out, "\n\t%s", line);
        }
        free(dump);
    }
    print_end(out);
}

void ethertype_print(FILE *out, uint16_t type, const uint8_t *p,
                     size_t caplen, size_t len)
{
    switch (type) {
    case 0x0800: ip_print(out, p, caplen, len); return;
    case 0x86dd: ip6_print(out, p, caplen, len); return;
    case 0x0806:
    case 0x8035: arp_print(out, p, caplen, len); return;
    }
    unknown_print(out, p, caplen, 1);
}

/* Linux cooked capture (SLL): packet type, ARPHRD type, address length,
 * 8 address bytes, protocol; tcpdump prints the direction, the source
 * (only a 6-byte one), the protocol: an EtherType, or at most 1500 one of
 * Linux's own (ETH_P_802_3 1, ETH_P_802_2 4: IPX, LLC; their contents as
 * bytes here) or a number. The ARPHRD type is not printed. */
void sll_print(FILE *out, const uint8_t *p, size_t caplen, size_t len)
{
    static const char *const dir[] = { "In", "B", "M", "P", "Out" };
    uint16_t pkttype, halen, proto;
    const char *name;

    if (caplen < 16 || len < 16) {
        print_trunc(out, "sll");
        return;
    }
    pkttype = get16(p);
    halen = get16(p + 4);
    proto = get16(p + 14);
    fprintf(out, "%3s ", pkttype < 5 ? dir[pkttype] : "?");
    if (halen == 6) {
        char mac[18];

        fprintf(out, "%s ", mac_str(p + 6, mac));
    }
    if (proto == 1 || proto == 4) {
        fprintf(out, "802.%c, length %zu: ", proto == 1 ? '3' : '2', len);
        unknown_print(out, p + 16, caplen - 16, 1);
        return;
    }
    name = proto > 1500 ? ethertype_name(proto) : NULL;
    fprintf(out, "ethertype %s (0x%04x), length %zu: ", name ? name : "Unknown",
            proto, len);
    ethertype_print(out, proto, p + 16, caplen - 16, len - 16);
}

/* Raw IP: no link header; the version nibble says which IP. */
void raw_ip_print(FILE *out, const uint8_t *p, size_t caplen, size_t len)
{
    fputs("ip: ", out);
    if (caplen >= 1 && p[0] >> 4 == 6)
        ip6_print(out, p, caplen, len);
    else
        ip_print(out, p, caplen, len);
}
