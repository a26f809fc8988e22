/*
 * 01-recv-frames - a packet socket: every frame the interface sends or
 *                  receives, whole, Ethernet header first.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised: part 2
 * quoted raw(7), "Receiving of all IP protocols via IPPROTO_RAW is not
 * possible using raw sockets", and left it "for the next post, at the
 * physical / device driver layer". socket(AF_PACKET, SOCK_RAW,
 * htons(ETH_P_ALL)) is that layer: ARP, IPv6, any EtherType, and our own
 * outgoing frames too. One line a frame:
 *
 *   IFACE DIRECTION 0xETHERTYPE LENGTH: the whole frame as "% X"
 *   veth0 host 0x0800 98: 02 4A ...
 *
 * DIRECTION is sockaddr_ll's sll_pkttype by name. common/link.c's
 * frame_line() prints this same line for 08-promisc and 10-ring: the two
 * overlap, keep them alike.
 *
 * Usage:  01-recv-frames [-i IFACE] [-c COUNT] [-t SECONDS] [-x]
 *   -i IFACE  only IFACE's frames (default: every interface)
 *   -x        the canonical dump (offset, hex, ASCII) instead of "% X"
 *
 * Needs root or CAP_NET_RAW (sudo ./01-recv-frames -i eth0); root is
 * given up once the socket is open and bound.
 *
 * Try:  sudo ./01-recv-frames -i eth0 -c 4   and, elsewhere, ping your
 *       gateway after "ip neigh flush dev eth0": ARP (0x0806) comes first.
 */
#include "errors.h"
#include "hexdump.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { (void)sig; interrupted = 1; }

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-i IFACE] [-c COUNT] [-t SECONDS] [-x]\n"
            "  -i IFACE    only frames of IFACE (default: every interface)\n"
            "  -c COUNT    stop after COUNT frames\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "  -x          canonical dump (offset, hex, ASCII) of each frame\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

static void print_frame(const struct sockaddr_ll *sll, const uint8_t *frame,
                        size_t len, int canonical);

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];     /* offloads can hand us 64K frames */
    struct sockaddr_ll sll;
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, got = 0;
    int timeout_ms = 60000, canonical = 0, fd, c;
    socklen_t slen;
    sigset_t block, orig;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:c:t:xh", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'x': canonical = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc)
        usage_error(usage);

    /* SOCK_RAW: frames with their link header. ETH_P_ALL (in network
     * order, like every protocol number here): every EtherType. From this
     * line on the socket queues the frames of every interface. */
    fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL))", SOCK_KIND_PACKET);
    /* bind narrows it to one interface (index 0, without -i: all). */
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    /* Ctrl-C ends the wait (SIGINT is let in only inside ppoll, as 09-bpf
     * explains), set up before "listening on". */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &orig);
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    fprintf(stderr, "%s: listening on %s, every EtherType (ETH_P_ALL)\n",
            progname, ifname ? ifname : "every interface");

    deadline = now_ms() + timeout_ms;
    while (!interrupted && (count == 0 || got < count)) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int64_t left = deadline - now_ms();
        ssize_t n;

        if (left <= 0)
            break;
        if (ppoll(&p, 1, &(struct timespec){ left / 1000, left % 1000 * 1000000 },
                  &orig) < 0) {
            if (errno == EINTR)
                continue;
            die("ppoll");
        }
        if (!(p.revents & POLLIN))
            continue;
        /* The frame into buf; who sent it, from where, in sll. MSG_TRUNC:
         * the return value is the frame's real length, even if longer. */
        slen = sizeof sll;
        n = recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&sll, &slen);
        if (n < 0)
            die("recvfrom");
        /* Queued between socket() and bind(): another interface's frame. */
        if (ifindex && sll.sll_ifindex != (int)ifindex)
            continue;
        if ((size_t)n > sizeof buf)
            warn_msg("a frame of %zd bytes, cut to %zu", n, sizeof buf);
        print_frame(&sll, buf, (size_t)n > sizeof buf ? sizeof buf : (size_t)n,
                    canonical);
        got++;
    }
    close(fd);
    if (count && !interrupted)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* "IFACE DIRECTION 0xETHERTYPE LENGTH: " and the frame. */
static void print_frame(const struct sockaddr_ll *sll, const uint8_t *frame,
                        size_t len, int canonical)
{
    char ifname[IF_NAMESIZE], other[16];
    const char *dir;
    uint16_t type;
    size_t i;

    /* sll_ifindex: the interface the frame crossed, by number. */
    if (!if_indextoname((unsigned)sll->sll_ifindex, ifname))
        snprintf(ifname, sizeof ifname, "if%d", sll->sll_ifindex);
    /* sll_pkttype: which way, and for whom, as the kernel judged it from
     * the destination MAC (or: we sent it). <linux/if_packet.h>. */
    switch (sll->sll_pkttype) {
    case PACKET_HOST:      dir = "host"; break;      /* to our MAC */
    case PACKET_BROADCAST: dir = "broadcast"; break; /* to ff:ff:ff:ff:ff:ff */
    case PACKET_MULTICAST: dir = "multicast"; break; /* group bit set */
    case PACKET_OTHERHOST: dir = "otherhost"; break; /* another host's MAC */
    case PACKET_OUTGOING:  dir = "outgoing"; break;  /* sent from this host */
    default:
        snprintf(other, sizeof other, "type-%u", sll->sll_pkttype);
        dir = other;
    }
    printf("%s %s ", ifname, dir);
    /* The EtherType: bytes 13-14 (p[12]), after the destination and source
     * MACs, big-endian on the wire. memcpy: frame + 12 may be unaligned. */
    if (len >= ETH_HLEN) {
        memcpy(&type, frame + 12, 2);
        printf("0x%04x %zu:", ntohs(type), len);
    } else {
        printf("0x???? %zu:", len);     /* a runt: no EtherType to read */
    }
    if (canonical) {
        putchar('\n');
        hex_dump(stdout, frame, len);   /* part 1's canonical dump */
        return;
    }
    for (i = 0; i < len; i++)           /* the series' fmt.Printf("% X") */
        printf(" %02X", frame[i]);
    putchar('\n');
    fflush(stdout);                     /* a line a frame, at once */
}
