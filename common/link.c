/* link.c - see link.h. */
#include "link.h"

#include "errors.h"
#include "hexdump.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

const char *pkttype_name(unsigned char pkttype, char buf[16])
{
    switch (pkttype) {
    case PACKET_HOST:      return "host";
    case PACKET_BROADCAST: return "broadcast";
    case PACKET_MULTICAST: return "multicast";
    case PACKET_OTHERHOST: return "otherhost";
    case PACKET_OUTGOING:  return "outgoing";
    case PACKET_LOOPBACK:  return "loopback";
    case PACKET_USER:      return "user";
    case PACKET_KERNEL:    return "kernel";
    }
    snprintf(buf, 16, "type-%u", pkttype);
    return buf;
}

char *mac_str(const uint8_t mac[6], char buf[18])
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
             mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
    return buf;
}

int mac_parse(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    char sep, tail;
    int i;

    if (strlen(s) > 17)
        return -1;
    sep = strchr(s, '-') ? '-' : ':';
    char fmt[] = "%2x:%2x:%2x:%2x:%2x:%2x%c";
    for (i = 3; i < (int)sizeof fmt; i += 4)   /* the separators of the format */
        if (fmt[i] == ':')
            fmt[i] = sep;
    if (sscanf(s, fmt, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &tail) != 6)
        return -1;
    for (i = 0; i < 6; i++)
        mac[i] = (uint8_t)v[i];
    return 0;
}

void opt_mac(const char *s, uint8_t mac[6])
{
    if (mac_parse(s, mac) < 0)
        die_msg("bad MAC address '%s' (want six hex bytes, 02:00:00:00:00:01)", s);
}

int if_mac(int fd, const char *ifname, uint8_t mac[6])
{
    struct ifreq ifr;

    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
        return -1;
    memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
    return 0;
}

int if_ipv4(int fd, const char *ifname, struct in_addr *addr)
{
    struct ifreq ifr;
    struct sockaddr_in sin;

    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
    if (ioctl(fd, SIOCGIFADDR, &ifr) < 0)
        return -1;
    memcpy(&sin, &ifr.ifr_addr, sizeof sin);
    *addr = sin.sin_addr;
    return 0;
}

void if_addrs(int fd, const char *ifname, uint8_t mac[6], struct in_addr *addr)
{
    if (if_mac(fd, ifname, mac) < 0)
        die("ioctl(SIOCGIFHWADDR)");
    if (if_ipv4(fd, ifname, addr) == 0)
        return;
    if (errno != EADDRNOTAVAIL)                 /* the kernel's "none" */
        die("ioctl(SIOCGIFADDR)");
    die_msg("%s has no IPv4 address (ioctl(SIOCGIFADDR): %s)", ifname,
            strerror(errno));
}

void frame_line(FILE *out, const char *ifname, unsigned char pkttype,
                const uint8_t *frame, size_t len, int canonical)
{
    char tbuf[16];
    uint16_t type;

    fprintf(out, "%s %s ", ifname, pkttype_name(pkttype, tbuf));
    if (len >= 14) {
        memcpy(&type, frame + 12, 2);    /* EtherType: bytes 13-14, p[12] */
        fprintf(out, "0x%04x %zu:", ntohs(type), len);
    } else {
        fprintf(out, "0x???? %zu:", len);
    }
    if (canonical) {
        fputc('\n', out);
        hex_dump(out, frame, len);
    } else {
        fputc(' ', out);
        hex_line(out, frame, len);
    }
}
