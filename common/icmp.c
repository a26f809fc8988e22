/* icmp.c - see icmp.h. */
#include "icmp.h"
#include "checksum.h"
#include "errors.h"
#include "ip4.h"

#include <arpa/inet.h>
#include <netinet/ip_icmp.h>
#include <string.h>
#include <sys/socket.h>

size_t icmp_echo_build(uint8_t *buf, size_t cap, uint8_t type, uint16_t id,
                       uint16_t seq, const void *data, size_t len)
{
    uint16_t v;

    if (len > cap || cap - len < 8)
        return 0;
    buf[0] = type;
    buf[1] = 0;                                   /* code */
    memset(buf + 2, 0, 2);                        /* checksum: 0 while summing */
    v = htons(id);
    memcpy(buf + 4, &v, 2);
    v = htons(seq);
    memcpy(buf + 6, &v, 2);
    if (len)
        memcpy(buf + 8, data, len);
    v = htons(csum(buf, 8 + len));
    memcpy(buf + 2, &v, 2);
    return 8 + len;
}

int icmp_echo_wait(int fd, uint16_t id, uint16_t seq, int64_t deadline_ms,
                   uint8_t *buf, size_t cap, struct icmp_reply *r)
{
    size_t hlen, total;

    while (ip4_recv(fd, buf, cap, deadline_ms, &hlen, &total)) {
        uint16_t v;

        if (buf[9] != IPPROTO_ICMP || total - hlen < 8)
            continue;                          /* not a whole ICMP header */
        if (buf[hlen] != ICMP_ECHOREPLY || buf[hlen + 1] != 0)
            continue;                          /* e.g. our own request */
        memcpy(&v, buf + hlen + 4, 2);
        if (ntohs(v) != id)
            continue;
        memcpy(&v, buf + hlen + 6, 2);
        if (ntohs(v) != seq)
            continue;
        memcpy(&r->from.s_addr, buf + 12, 4);
        r->ttl = buf[8];
        r->hlen = hlen;
        r->len = total - hlen;
        return 1;
    }
    return 0;
}
