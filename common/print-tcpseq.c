/* print-tcpseq.c - TCP sequence numbers relative to a conversation's
 * first, as tcpdump prints them without -S; see print.h. */
#include "print.h"

#include <netinet/tcp.h>
#include <string.h>

static int relative;

void tcp_relative_seq(int on)
{
    relative = on;
}

/* Without -S tcpdump prints sequence numbers relative to the first ones
 * it saw in a conversation: a packet carrying an ACK whose conversation
 * is new (or a SYN-ACK, which starts it again) is printed absolute and
 * remembered; later ones print seq and ack minus what was remembered.
 * One entry per conversation, both directions (the side with the lower
 * port, or address when the ports are equal, first). A fixed table: the
 * oldest entry makes room when it is full. */
struct conv {
    int family;
    uint8_t a[16], b[16];
    uint32_t ports;
    uint32_t seq, ack;
};

void tcp_seq_relative(const struct ip_pair *ip, uint16_t sport,
                      uint16_t dport, uint8_t flags, uint32_t *seq,
                      uint32_t *ack)
{
    static struct conv tab[256];
    static size_t used, next;
    size_t alen = ip->family == AF_INET6 ? 16 : 4, i;
    int rev = sport > dport || (sport == dport && memcmp(ip->src, ip->dst, alen) > 0);
    struct conv key = { .family = ip->family };
    struct conv *c = NULL;

    if (!relative)
        return;

    memcpy(key.a, rev ? ip->dst : ip->src, alen);
    memcpy(key.b, rev ? ip->src : ip->dst, alen);
    key.ports = rev ? (uint32_t)dport << 16 | sport : (uint32_t)sport << 16 | dport;
    for (i = 0; i < used && !c; i++)
        if (tab[i].family == key.family && tab[i].ports == key.ports &&
            !memcmp(tab[i].a, key.a, 16) && !memcmp(tab[i].b, key.b, 16))
            c = &tab[i];
    if (!c || (flags & TH_SYN)) {               /* remember this one */
        if (!c) {
            c = &tab[used < 256 ? used++ : next];
            next = (next + (used == 256)) % 256;
        }
        *c = key;
        c->seq = rev ? *ack - 1 : *seq;
        c->ack = rev ? *seq : *ack - 1;
        return;
    }
    *seq -= rev ? c->ack : c->seq;
    *ack -= rev ? c->seq : c->ack;
}
