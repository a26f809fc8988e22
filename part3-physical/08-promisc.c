/*
 * 08-promisc - promiscuous mode that ends with the program: frames for
 *              other hosts too, printed as 01-recv-frames prints them.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. A network
 * card drops frames addressed to other MACs before any socket sees them,
 * unless it is promiscuous. PACKET_ADD_MEMBERSHIP with PACKET_MR_PROMISC
 * asks for that through our socket: the kernel counts it (ip -d link shows
 * "promiscuity 1") and takes it back when the socket closes, even when the
 * program is killed. "ip link set IFACE promisc on" stays on until undone.
 *
 * Usage:  08-promisc -i IFACE [-c COUNT] [-t SECONDS]
 *
 * Needs root or CAP_NET_RAW (sudo ./08-promisc -i eth0); root is given up
 * once the socket is open, promiscuous and bound.
 *
 * Try, while it runs:  ip -d link show eth0 | grep -o 'promiscuity [0-9]*'
 */
#include "errors.h"
#include "link.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
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
    fprintf(out, "usage: %s -i IFACE [-c COUNT] [-t SECONDS]\n"
            "  -i IFACE    make IFACE promiscuous while we run, print its frames\n"
            "  -c COUNT    stop after COUNT frames\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];     /* an offloaded frame can reach 64K */
    struct packet_mreq mr;
    struct sockaddr_ll sll;
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, got = 0;
    int timeout_ms = 60000, fd, c;
    socklen_t slen;
    sigset_t block, orig;
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
    if (optind != argc || !ifname)
        usage_error(usage);

    /* Protocol 0 until bind: nothing is queued from other interfaces. */
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    /* The membership belongs to this socket: the kernel adds 1 to the
     * interface's promiscuity now and subtracts it when the socket is
     * closed, however the program ends. */
    memset(&mr, 0, sizeof mr);
    mr.mr_ifindex = (int)ifindex;
    mr.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof mr) < 0)
        die("setsockopt(PACKET_ADD_MEMBERSHIP, PACKET_MR_PROMISC)");
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    /* Ctrl-C ends the wait (as 09-bpf: SIGINT only inside ppoll). */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &orig);
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    fprintf(stderr, "%s: listening on %s, promiscuous\n", progname, ifname);

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
        slen = sizeof sll;
        n = recvfrom(fd, buf, sizeof buf, MSG_TRUNC, (struct sockaddr *)&sll, &slen);
        if (n < 0)
            die("recvfrom");
        if ((size_t)n > sizeof buf)
            warn_msg("a frame of %zd bytes, cut to %zu", n, sizeof buf);
        /* otherhost: a frame for another MAC, here only because we asked */
        frame_line(stdout, ifname, sll.sll_pkttype, buf,
                   (size_t)n > sizeof buf ? sizeof buf : (size_t)n, 0);
        got++;
    }
    close(fd);                          /* promiscuity back down by one */
    if (count && !interrupted)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}
