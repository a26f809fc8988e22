/* icmp.c - see icmp.h. */
#include "icmp.h"
#include "checksum.h"
#include "errors.h"
#include "ip4.h"

#include <arpa/inet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>

size_t icmp_echo_build(uint8_t *buf, size_t cap, uint8_t type, uint16_t id,
                       uint16_t seq, const void *data, size_t len)
{
    struct icmphdr h = { .type = type, .code = 0 };  /* checksum 0 to sum */

    if (len > cap || cap - len < sizeof h)
        return 0;
    h.un.echo.id = htons(id);
    h.un.echo.sequence = htons(seq);
    memcpy(buf, &h, sizeof h);
    if (len)
        memcpy(buf + sizeof h, data, len);
    h.checksum = htons(csum(buf, sizeof h + len));
    memcpy(buf, &h, sizeof h);
    return sizeof h + len;
}

int icmp_quotes_echo(const uint8_t *q, size_t qlen, struct in_addr dst,
                     uint16_t id, uint16_t seq)
{
    struct iphdr ip;
    struct icmphdr h;

    if (qlen < sizeof ip)
        return 0;
    memcpy(&ip, q, sizeof ip);
    if (ip.version != 4 || ip.ihl < 5 || (size_t)ip.ihl * 4 + sizeof h > qlen)
        return 0;
    memcpy(&h, q + ip.ihl * 4, sizeof h);       /* after the options too */
    return ip.protocol == IPPROTO_ICMP && ip.daddr == dst.s_addr &&
           h.type == ICMP_ECHO && ntohs(h.un.echo.id) == id &&
           ntohs(h.un.echo.sequence) == seq;
}

int icmp_echo_wait(int fd, uint16_t id, uint16_t seq, int64_t deadline_ms,
                   uint8_t *buf, size_t cap, struct icmp_reply *r)
{
    size_t hlen, total;

    while (ip4_recv(fd, buf, cap, deadline_ms, &hlen, &total)) {
        struct iphdr ip;
        struct icmphdr h;
        char from[INET_ADDRSTRLEN];

        memcpy(&ip, buf, sizeof ip);
        if (ip.protocol != IPPROTO_ICMP || total - hlen < sizeof h)
            continue;                          /* not a whole ICMP header */
        memcpy(&h, buf + hlen, sizeof h);
        if (h.type != ICMP_ECHOREPLY || h.code != 0 ||
            ntohs(h.un.echo.id) != id || ntohs(h.un.echo.sequence) != seq)
            continue;                          /* e.g. our own request */
        if (csum(buf + hlen, total - hlen) != 0) {   /* sums to 0 if intact */
            inet_ntop(AF_INET, &ip.saddr, from, sizeof from);
            warn_msg("skipped an echo reply from %s, icmp_seq=%u: "
                     "(BAD CHECKSUM!)", from, seq);
            continue;
        }
        r->from.s_addr = ip.saddr;
        r->ttl = ip.ttl;
        r->hlen = hlen;
        r->len = total - hlen;
        return 1;
    }
    return 0;
}
