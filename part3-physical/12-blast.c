/*
 * 12-blast - a fast frame sender: one frame built once, changed in place,
 *            sent in batches of 64 with sendmmsg() past the qdisc.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. A sender's
 * cost is per system call and per byte touched: this one builds the frame
 * once (Ethernet, IPv4, UDP to port 9, the discard port), and for each
 * frame changes only the IPv4 id and the 4-byte sequence at the start of
 * the payload, patching both checksums (RFC 1624) instead of recomputing
 * them. sendmmsg() hands 64 frames to the kernel per call, and
 * PACKET_QDISC_BYPASS sends them straight to the driver.
 *
 * Usage:  12-blast -i IFACE -m MAC -c COUNT [-s SIZE] [-R RATE] [-n] IP
 *   -m MAC    the destination's Ethernet address (04-arping tells it)
 *   -c COUNT  frames to send (always bounded)
 *   -s SIZE   bytes a frame, Ethernet header included (60-1514, default 64)
 *   -R RATE   pace to RATE frames/s (default: as fast as it can)
 *   -n        print the first COUNT frames (up to 100) as "% X", send nothing
 *
 * Needs root or CAP_NET_RAW (not for -n); root is given up once the socket
 * is open and bound.
 *
 * Try:  sudo ./12-blast -i veth0 -m 02:00:00:00:00:02 -c 100000 192.0.2.2
 */
#include "checksum.h"
#include "errors.h"
#include "extract.h"
#include "hexdump.h"
#include "link.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64                /* frames per sendmmsg() */
#define SRC_PORT 40000
#define OFF_IP 14               /* the IPv4 header after the Ethernet one */
#define OFF_UDP (OFF_IP + 20)
#define OFF_SEQ (OFF_UDP + 8)   /* payload: a 32-bit sequence, then zeros */

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { (void)sig; interrupted = 1; }

static void build(uint8_t *f, size_t size, const uint8_t dst[6], const uint8_t src[6],
                  struct in_addr saddr, struct in_addr daddr);
static void stamp(uint8_t *f, uint32_t seq);
static double seconds(void) { return now_mono_ms() / 1000; }     /* CLOCK_MONOTONIC */

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -i IFACE -m MAC -c COUNT [-s SIZE] [-R RATE] [-n] IP\n"
            "  -i IFACE  send on IFACE\n"
            "  -m MAC    destination Ethernet address\n"
            "  -c COUNT  frames to send (1-1000000000)\n"
            "  -s SIZE   frame size in bytes, Ethernet header included (60-1514, default 64)\n"
            "  -R RATE   frames per second (default: as fast as possible)\n"
            "  -n        print the frames (at most 100), send nothing\n"
            "UDP to port 9 (discard) of IP. Needs root or CAP_NET_RAW (not for -n).\n",
            progname);
}

int main(int argc, char **argv)
{
    static uint8_t frames[BATCH][1514];
    struct mmsghdr msgs[BATCH];
    struct iovec iov[BATCH];
    struct sockaddr_ll sll;
    uint8_t dst[6], src[6];
    struct in_addr saddr, daddr;
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, rate = 0, sent = 0, errors = 0;
    size_t size = 64;
    int dry = 0, have_mac = 0, fd, c, one = 1;
    double t0, t, last_progress;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:m:c:s:R:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'm': opt_mac(optarg, dst); have_mac = 1; break;
        case 'c': count = opt_long(optarg, "count", 1, 1000000000); break;
        case 's': size = (size_t)opt_long(optarg, "size", 60, 1514); break;
        case 'R': rate = opt_long(optarg, "rate", 1, 100000000); break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc - 1 || !ifname || !have_mac || !count)
        usage_error(usage);
    daddr = opt_ipv4(argv[optind]);

    if (dry) {      /* our addresses, asked through a socket anyone may open */
        fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (fd < 0)
            die("socket(AF_INET, SOCK_DGRAM)");
    } else {
        /* Protocol 0: a sender that never receives, so no frame is ever
         * queued to it (with ETH_P_ALL every frame on the machine would be). */
        fd = socket(AF_PACKET, SOCK_RAW, 0);
        if (fd < 0)
            die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
        /* Straight to the driver's transmit function: no queueing discipline,
         * no traffic control, and no copy to the machine's packet sockets
         * (a tcpdump on this host does not see these frames: count them at
         * the receiver). A full device queue is reported as ENOBUFS. */
        if (setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one) < 0)
            die("setsockopt(PACKET_QDISC_BYPASS)");
        memset(&sll, 0, sizeof sll);
        sll.sll_family = AF_PACKET;
        sll.sll_protocol = 0;           /* bound to the interface, receiving nothing */
        sll.sll_ifindex = (int)ifindex;
        if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
            die("bind");
        drop_privileges();
    }
    if (if_mac(fd, ifname, src) < 0)
        die("SIOCGIFHWADDR");
    if (if_ipv4(fd, ifname, &saddr) < 0)
        die("SIOCGIFADDR (does the interface have an IPv4 address?)");

    /* Built once, BATCH copies: each copy is re-stamped for its next frame. */
    for (int i = 0; i < BATCH; i++)
        build(frames[i], size, dst, src, saddr, daddr);
    if (dry) {
        for (long k = 0; k < count && k < 100; k++) {
            stamp(frames[0], (uint32_t)k);
            hex_line(stdout, frames[0], size);
        }
        return EXIT_GOT;
    }

    memset(&sll, 0, sizeof sll);        /* where every frame goes */
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_IP);
    sll.sll_ifindex = (int)ifindex;
    sll.sll_halen = 6;
    memcpy(sll.sll_addr, dst, 6);
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i] = (struct iovec){ .iov_base = frames[i], .iov_len = size };
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
        msgs[i].msg_hdr.msg_name = &sll;
        msgs[i].msg_hdr.msg_namelen = sizeof sll;
    }
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);

    t0 = last_progress = seconds();
    while (sent < count && !interrupted) {
        long n = count - sent < BATCH ? count - sent : BATCH;
        int k;

        if (rate) {     /* frame i is due at t0 + i/RATE: send what is due */
            double due_at = t0 + (double)sent / (double)rate;
            long due;

            t = seconds();
            if (t < due_at) {
                struct timespec ts = { (time_t)(due_at - t),
                                       (long)((due_at - t - (double)(time_t)(due_at - t)) * 1e9) };
                nanosleep(&ts, NULL);
                t = seconds();
            }
            due = (long)((t - t0) * (double)rate) + 1 - sent;
            if (due < 1)
                due = 1;
            if (n > due)
                n = due;
        }
        for (long i = 0; i < n; i++)    /* only the id, the sequence and */
            stamp(frames[i], (uint32_t)(sent + i));     /* the checksums */
        k = sendmmsg(fd, msgs, (unsigned)n, 0);
        if (k > 0) {
            sent += k;
            last_progress = seconds();
            continue;
        }
        if (k < 0 && errno != ENOBUFS && errno != EAGAIN && errno != EINTR)
            die("sendmmsg");
        /* ENOBUFS: the driver's queue (veth: the peer's backlog) was full and
         * the frame was dropped. Counted, and the same frame tried again. */
        if (k < 0 && errno != EINTR)
            errors++;
        if (seconds() - last_progress > 5.0) {
            warn_msg("no frame accepted for 5 s: giving up");
            break;
        }
    }
    t = seconds() - t0;
    printf("%ld frames sent in %.3f s: %.0f frames/s, %ld send errors (ENOBUFS)\n",
           sent, t, t > 0 ? (double)sent / t : 0.0, errors);
    close(fd);
    return sent == count ? EXIT_GOT : EXIT_NOANSWER;
}

/* Ethernet, IPv4 and UDP headers with every multi-byte field in network
 * order, the payload zero, both checksums for sequence 0. */
static void build(uint8_t *f, size_t size, const uint8_t dst[6], const uint8_t src[6],
                  struct in_addr saddr, struct in_addr daddr)
{
    struct ether_header eth;
    struct iphdr ip;
    struct udphdr udp;
    uint16_t ulen = (uint16_t)(size - OFF_UDP), sum;

    memset(f, 0, size);
    memcpy(eth.ether_dhost, dst, 6);
    memcpy(eth.ether_shost, src, 6);
    eth.ether_type = htons(ETHERTYPE_IP);
    memcpy(f, &eth, sizeof eth);
    memset(&ip, 0, sizeof ip);
    ip.version = 4;
    ip.ihl = 5;
    ip.tot_len = htons((uint16_t)(size - OFF_IP));
    ip.id = htons(0);
    ip.frag_off = htons(IP_DF);
    ip.ttl = 64;
    ip.protocol = IPPROTO_UDP;
    ip.saddr = saddr.s_addr;
    ip.daddr = daddr.s_addr;
    ip.check = htons(csum(&ip, sizeof ip));
    memcpy(f + OFF_IP, &ip, sizeof ip);
    udp.source = htons(SRC_PORT);
    udp.dest = htons(9);
    udp.len = htons(ulen);
    udp.check = 0;
    memcpy(f + OFF_UDP, &udp, sizeof udp);
    sum = csum_udp4(saddr, daddr, f + OFF_UDP, ulen);
    udp.check = htons(sum);
    memcpy(f + OFF_UDP, &udp, sizeof udp);
}

/* RFC 1624, equation 3: a checksum HC over data where one 16-bit word
 * changes from m to m' becomes HC' = ~(~HC + ~m + m'). All host order. */
static uint16_t csum_replace(uint16_t hc, uint16_t m, uint16_t m2)
{
    uint32_t s = (uint32_t)(uint16_t)~hc + (uint16_t)~m + m2;

    s = (s & 0xffff) + (s >> 16);
    s = (s & 0xffff) + (s >> 16);
    return (uint16_t)~s;
}

static void put16(uint8_t *p, uint16_t v) { v = htons(v); memcpy(p, &v, 2); }

/* Frame number seq: IPv4 id = its low 16 bits (bytes 5-6 of the IPv4
 * header), payload bytes 1-4 = seq; both checksums patched, not redone. */
static void stamp(uint8_t *f, uint32_t seq)
{
    uint16_t ipck = get16(f + OFF_IP + 10), udpck = get16(f + OFF_UDP + 6);
    uint16_t hi = (uint16_t)(seq >> 16), lo = (uint16_t)seq;

    ipck = csum_replace(ipck, get16(f + OFF_IP + 4), lo);
    put16(f + OFF_IP + 4, lo);
    put16(f + OFF_IP + 10, ipck);
    udpck = csum_replace(udpck, get16(f + OFF_SEQ), hi);
    udpck = csum_replace(udpck, get16(f + OFF_SEQ + 2), lo);
    put16(f + OFF_SEQ, hi);
    put16(f + OFF_SEQ + 2, lo);
    put16(f + OFF_UDP + 6, udpck ? udpck : 0xffff);  /* RFC 768: 0 is "none" */
}
