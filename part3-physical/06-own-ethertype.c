/*
 * 06-own-ethertype - text messages straight over Ethernet, EtherType
 *                    0x88B5: a protocol with no IP at all.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. Part 1's
 * 06-own-protocol rode on IP (protocol 253); this one rides on nothing but
 * the Ethernet header. IEEE keeps EtherTypes 0x88B5 and 0x88B6 for local
 * experiments, as IANA keeps IP protocols 253 and 254. The frame:
 *
 *   dst MAC (6) | src MAC (6) | 88 B5 | length (2) | message | zeros to 60
 *
 * Ethernet's minimum frame is 60 bytes (64 with the CRC the card adds):
 * a short message is padded with zeros, and the receiver gets the padding
 * too, since Ethernet has no length field of its own. So the message
 * carries its length, 2 bytes in network order, before it.
 *
 * The listener binds to htons(0x88B5): the kernel hands it only frames of
 * that EtherType. The sender asks the interface's MTU (SIOCGIFMTU) and
 * refuses a message that does not fit one frame.
 *
 * Usage:  06-own-ethertype listen -i IFACE [-c COUNT] [-t SECONDS]
 *         06-own-ethertype send -i IFACE [-n] MAC MESSAGE
 *   -n  print the frame as "% X", send nothing (no privilege needed)
 *
 * Needs root or CAP_NET_RAW (not with -n); root is given up once the
 * socket is open (and, to listen, bound).
 *
 * Try:  b# sudo ./06-own-ethertype listen -i eth0
 *       a# sudo ./06-own-ethertype send -i eth0 MAC-OF-B 'hello, b'
 *       -> b prints  MAC-OF-A: hello, b
 */
#include "errors.h"
#include "hexdump.h"
#include "link.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

enum { ETH_P_WB = 0x88B5,               /* IEEE 802 local experimental 1 */
       WB_HLEN = ETH_HLEN + 2,          /* Ethernet header + length field */
       FRAME_MIN = ETH_ZLEN };          /* 60: the shortest Ethernet frame */

static void usage(FILE *out)
{
    fprintf(out, "usage: %s listen -i IFACE [-c COUNT] [-t SECONDS]\n"
            "       %s send -i IFACE [-n] MAC MESSAGE\n"
            "  -i IFACE    the interface to listen on or send from\n"
            "  -c COUNT    stop after COUNT messages\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "  -n          print the frame that would be sent, send nothing\n"
            "Needs root or CAP_NET_RAW (not with -n).\n", progname, progname);
}

static size_t wb_build(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
                       const char *msg, size_t mlen);
static int wb_print(const uint8_t *frame, size_t len);
static void print_escaped(const uint8_t *p, size_t len);

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];     /* offloads can hand us 64K frames */
    struct sockaddr_ll sll;
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, got = 0;
    int timeout_ms = 60000, dry = 0, timed = 0, fd, c;
    socklen_t slen;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:c:t:nh", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'c': count = opt_count(optarg); timed = 1; break;
        case 't': timeout_ms = opt_seconds_ms(optarg); timed = 1; break;
        case 'n': dry = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (ifname && argc - optind == 3 && strcmp(argv[optind], "send") == 0 && !timed) {
        const char *msg = argv[optind + 2];
        size_t mlen = strlen(msg), len;
        uint8_t dst[6], src[6];
        struct ifreq ifr;
        int q;

        opt_mac(argv[optind + 1], dst);
        /* Our MAC and the MTU, asked through an ordinary socket: these
         * ioctls need no privilege, so -n works as any user. */
        q = socket(AF_INET, SOCK_DGRAM, 0);
        if (q < 0)
            die("socket(AF_INET, SOCK_DGRAM, 0)");
        if (if_mac(q, ifname, src) < 0)
            die("ioctl(SIOCGIFHWADDR)");
        memset(&ifr, 0, sizeof ifr);
        snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ifname);
        if (ioctl(q, SIOCGIFMTU, &ifr) < 0)
            die("ioctl(SIOCGIFMTU)");
        close(q);
        /* The MTU counts what follows the 14-byte header: length field and
         * message. Past it the kernel says EMSGSIZE; we say it first. */
        if (ifr.ifr_mtu < 2 || mlen > (size_t)ifr.ifr_mtu - 2)
            die_msg("message too long: %zu bytes, at most %d on %s (MTU %d, "
                    "less 2 for the length)", mlen, ifr.ifr_mtu - 2, ifname,
                    ifr.ifr_mtu);
        len = wb_build(buf, dst, src, msg, mlen);
        if (dry) {
            hex_line(stdout, buf, len);
            return EXIT_GOT;
        }
        /* Protocol 0: a sender that receives nothing. */
        fd = socket(AF_PACKET, SOCK_RAW, 0);
        if (fd < 0)
            die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
        drop_privileges();
        /* Where to: the interface, and (for the driver) the destination
         * MAC and EtherType, which our frame already holds. */
        memset(&sll, 0, sizeof sll);
        sll.sll_family = AF_PACKET;
        sll.sll_ifindex = (int)ifindex;
        sll.sll_protocol = htons(ETH_P_WB);
        sll.sll_halen = ETH_ALEN;
        memcpy(sll.sll_addr, dst, ETH_ALEN);
        if (sendto(fd, buf, len, 0, (struct sockaddr *)&sll, sizeof sll) < 0)
            die("sendto");
        printf("sent %zu bytes to %s on %s: ", len, argv[optind + 1], ifname);
        print_escaped((const uint8_t *)msg, mlen);
        close(fd);
        return EXIT_GOT;
    }
    if (!ifname || argc - optind != 1 || strcmp(argv[optind], "listen") != 0 || dry)
        usage_error(usage);

    /* Protocol 0 until bind: then only EtherType 0x88B5, only IFACE. */
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_WB);
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    fprintf(stderr, "%s: listening on %s, EtherType 0x%04x\n", progname, ifname,
            ETH_P_WB);

    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) && wait_readable(fd, deadline) == 1) {
        ssize_t n;

        slen = sizeof sll;
        n = recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&sll, &slen);
        if (n < 0)
            die("recvfrom");
        /* No PACKET_OUTGOING check: the kernel copies outgoing frames
         * only to ETH_P_ALL sockets (dev_queue_xmit_nit), never to one
         * bound to a single EtherType, so our host's own never come. */
        got += wb_print(buf, (size_t)n > sizeof buf ? sizeof buf : (size_t)n);
    }
    close(fd);
    if (count)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* The whole frame into buf (room for WB_HLEN + mlen and FRAME_MIN bytes);
 * returns its length: WB_HLEN + mlen, at least 60. */
static size_t wb_build(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
                       const char *msg, size_t mlen)
{
    uint16_t v;
    size_t len = WB_HLEN + mlen;

    memcpy(buf, dst, ETH_ALEN);                 /* bytes 1-6 */
    memcpy(buf + 6, src, ETH_ALEN);             /* bytes 7-12 */
    v = htons(ETH_P_WB);                        /* bytes 13-14: 88 B5 */
    memcpy(buf + 12, &v, 2);
    v = htons((uint16_t)mlen);                  /* bytes 15-16: the length */
    memcpy(buf + 14, &v, 2);
    memcpy(buf + WB_HLEN, msg, mlen);
    if (len < FRAME_MIN) {                      /* veth would not pad it */
        memset(buf + len, 0, FRAME_MIN - len);
        len = FRAME_MIN;
    }
    return len;
}

/* A received frame: check it, print "SRC-MAC: MESSAGE". 1 when printed. */
static int wb_print(const uint8_t *frame, size_t len)
{
    char mac[18];
    uint16_t type, mlen;

    if (len < WB_HLEN) {
        warn_msg("ignored a frame of %zu bytes: too short for a message", len);
        return 0;
    }
    mac_str(frame + 6, mac);
    memcpy(&type, frame + 12, 2);
    memcpy(&mlen, frame + 14, 2);
    if (ntohs(type) != ETH_P_WB) {
        warn_msg("ignored a frame from %s: EtherType 0x%04x", mac, ntohs(type));
        return 0;
    }
    if (ntohs(mlen) > len - WB_HLEN) {          /* never read past the frame */
        warn_msg("ignored a frame from %s: its length field says %u bytes, "
                 "%zu follow", mac, ntohs(mlen), len - WB_HLEN);
        return 0;
    }
    printf("%s: ", mac);
    print_escaped(frame + WB_HLEN, ntohs(mlen));    /* the padding stays out */
    return 1;
}

/* The message as text, shown and never obeyed: bytes outside 0x20-0x7e
 * (and the backslash itself) as \xNN, so no escape sequence reaches the
 * terminal. The same as part 1's 06-own-protocol prints its messages. */
static void print_escaped(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] >= 0x20 && p[i] <= 0x7e && p[i] != '\\')
            putchar(p[i]);
        else
            printf("\\x%02x", p[i]);
    }
    putchar('\n');
    fflush(stdout);
}
