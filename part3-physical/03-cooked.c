/*
 * 03-cooked - a SOCK_DGRAM packet socket: the kernel takes the link header
 *             off, and sockaddr_ll says what it held.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. 01-recv-
 * frames read the Ethernet header itself (SOCK_RAW). Here the kernel
 * removes it ("cooked" packets, as tcpdump calls them on "-i any"): the
 * buffer starts at the ARP or IP header, and the header's two useful
 * fields arrive in sockaddr_ll, sll_protocol (the EtherType) and sll_addr
 * (the source MAC). The destination MAC is gone; sll_pkttype tells what
 * it was for. One line a packet:
 *
 *   IFACE DIRECTION 0xPROTOCOL SRC-MAC LENGTH: the payload as "% X"
 *
 * Usage:  03-cooked [-i IFACE] [-c COUNT] [-t SECONDS]
 *
 * Needs root or CAP_NET_RAW (sudo ./03-cooked -i eth0); root is given up
 * once the socket is open and bound.
 *
 * Try:  sudo ./03-cooked -i eth0 -c 2   beside   sudo ./01-recv-frames -i
 *       eth0 -c 2: the same packets, 14 bytes shorter.
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
#include <sys/socket.h>
#include <unistd.h>

static void print_packet(const char *name, const struct sockaddr_ll *sll,
                         const uint8_t *buf, size_t len);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-i IFACE] [-c COUNT] [-t SECONDS]\n"
            "  -i IFACE    only packets of IFACE (default: every interface)\n"
            "  -c COUNT    stop after COUNT packets\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];     /* offloads can hand us 64K packets */
    struct sockaddr_ll sll;
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, got = 0;
    int timeout_ms = 60000, fd, c;
    socklen_t slen;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:c:t:h", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc)
        usage_error(usage);

    /* SOCK_DGRAM: the link header removed. Protocol 0: nothing queued yet,
     * from any interface, until bind() names one and the protocol. */
    fd = socket(AF_PACKET, SOCK_DGRAM, 0);
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_DGRAM, 0)", SOCK_KIND_PACKET);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)ifindex;     /* 0, without -i: every interface */
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    /* Ctrl-C ends the wait: 01-recv-frames' ppoll loop, from common/wait. */
    catch_interrupt();
    fprintf(stderr, "%s: listening on %s, cooked (SOCK_DGRAM)\n",
            progname, ifname ? ifname : "every interface");

    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) && wait_readable(fd, deadline) == 1) {
        char name[IF_NAMESIZE];
        size_t len;
        ssize_t n;

        slen = sizeof sll;
        n = recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&sll, &slen);
        if (n < 0)
            die("recvfrom");
        len = (size_t)n > sizeof buf ? sizeof buf : (size_t)n;
        if ((size_t)n > sizeof buf)
            warn_msg("a packet of %zd bytes, cut to %zu", n, sizeof buf);
        if (!if_indextoname((unsigned)sll.sll_ifindex, name))
            snprintf(name, sizeof name, "if%d", sll.sll_ifindex);
        print_packet(name, &sll, buf, len);
        got++;
    }
    close(fd);
    if (count && !got_sigint)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* One packet's line: what the Ethernet header said, now in sockaddr_ll
 * (the EtherType in sll_protocol, network order as on the wire; the source
 * MAC in sll_addr, sll_halen bytes of it, 6 for Ethernet), then its bytes. */
static void print_packet(const char *name, const struct sockaddr_ll *sll,
                         const uint8_t *buf, size_t len)
{
    char mac[18], tbuf[16];

    if (sll->sll_halen == ETH_ALEN)
        mac_str(sll->sll_addr, mac);
    else
        snprintf(mac, sizeof mac, "-");         /* no link address */
    printf("%s %s 0x%04x %s %zu: ", name, pkttype_name(sll->sll_pkttype, tbuf),
           ntohs(sll->sll_protocol), mac, len);
    hex_line(stdout, buf, len);         /* the ARP or IP header comes first */
}
