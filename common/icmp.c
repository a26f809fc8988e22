/* icmp.c - see icmp.h. */
#include "icmp.h"
#include "checksum.h"

#include <arpa/inet.h>
#include <string.h>

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
