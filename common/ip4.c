/* ip4.c - see ip4.h. */
#include "ip4.h"
#include "checksum.h"
#include "errors.h"
#include "options.h"
#include "wait.h"

#include <netinet/ip.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

const char *ip4_check(const uint8_t *p, size_t n, size_t *hlen, size_t *total)
{
    struct iphdr ip;                    /* a copy: p may sit at any address */

    if (n < sizeof ip)
        return "shorter than an IPv4 header (20 bytes)";
    memcpy(&ip, p, sizeof ip);
    if (ip.version != 4)
        return "not IPv4 (version is not 4)";
    *hlen = (size_t)ip.ihl * 4;
    if (*hlen < sizeof ip)
        return "IHL below 5";
    if (*hlen > n)
        return "IHL runs past the bytes read";
    *total = ntohs(ip.tot_len);
    if (*total < *hlen)
        return "total length shorter than the header";
    if (*total > n)
        return "total length runs past the bytes read (truncated)";
    return NULL;
}

const char *ip4_check_cut(const uint8_t *p, size_t n, size_t wire,
                          size_t *hlen, size_t *total)
{
    uint16_t tot;

    *hlen = 20, *total = wire;
    if (n < 1)
        return NULL;
    if (p[0] >> 4 != 4)
        return "not IPv4 (version is not 4)";
    *hlen = (size_t)(p[0] & 0x0f) * 4;
    if (*hlen < 20)
        return "IHL below 5";
    if (*hlen > wire)
        return "IHL runs past the bytes on the wire";
    if (n < 4)
        return NULL;
    memcpy(&tot, p + 2, 2);
    *total = ntohs(tot);
    if (*total < *hlen)
        return "total length shorter than the header";
    if (*total > wire)
        return "total length runs past the bytes on the wire";
    return NULL;
}

size_t ip4_build(uint8_t *buf, size_t cap, const struct ip4_spec *s,
                 size_t payload_len)
{
    size_t hlen = 20 + (s->optlen + 3) / 4 * 4;
    struct iphdr ip;

    if (s->optlen > 40 || hlen > cap || hlen + payload_len > 65535)
        return 0;
    ip = (struct iphdr){
        .version = 4, .ihl = (unsigned)(hlen / 4) & 0xf, .tos = s->tos,
        .tot_len = htons((uint16_t)(hlen + payload_len)),
        .id = htons(s->id), .frag_off = htons(s->frag), .ttl = s->ttl,
        .protocol = s->proto, .check = 0,       /* 0 while summing */
        .saddr = s->src.s_addr, .daddr = s->dst.s_addr,  /* network order */
    };
    memset(buf, 0, hlen);                       /* options padded with EOL */
    memcpy(buf, &ip, sizeof ip);
    if (s->optlen)
        memcpy(buf + sizeof ip, s->opt, s->optlen);
    ip.check = htons(csum(buf, hlen));          /* over the options too */
    memcpy(buf, &ip, sizeof ip);
    return hlen;
}

void ip4_send(int fd, const uint8_t *pkt, size_t len, struct in_addr dst)
{
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr = dst };
    ssize_t n = sendto(fd, pkt, len, 0, (struct sockaddr *)&to, sizeof to);

    if (n < 0)
        die("sendto");
    if ((size_t)n != len)
        die_msg("sendto: sent %zd of %zu bytes", n, len);
}

void ip4_listening(uint8_t proto)
{
    char name[16];

    fprintf(stderr, "%s: listening on AF_INET SOCK_RAW, protocol %s (%u)\n",
            progname, proto_name(proto, name), proto);
}

int ip4_recv(int fd, uint8_t *buf, size_t cap, int64_t deadline_ms,
             size_t *hlen, size_t *total)
{
    while (wait_readable(fd, deadline_ms)) {
        ssize_t n = recv(fd, buf, cap, MSG_TRUNC);   /* n: the real length */
        const char *bad;

        if (n < 0)
            die("recv");
        if ((size_t)n > cap) {
            warn_msg("skipped a packet of %zd bytes: longer than the buffer", n);
            continue;
        }
        bad = ip4_check(buf, (size_t)n, hlen, total);
        if (!bad)
            return 1;
        warn_msg("skipped a packet of %zd bytes: %s", n, bad);
    }
    return 0;
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
