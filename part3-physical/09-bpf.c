/*
 * 09-bpf - a classic BPF program for "icmp", written by hand, run by the
 *          kernel on every frame before it is copied to us.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised: tcpdump's
 * filters are small programs for a virtual machine in the kernel (BPF).
 * This one is tcpdump's own "icmp", instruction by instruction, attached
 * with SO_ATTACH_FILTER before bind(): a frame it rejects never reaches
 * our queue. At exit, PACKET_STATISTICS: what the filter passed, and drops.
 *
 * Usage:  09-bpf -i IFACE [-c COUNT] [-t SECONDS]  |  09-bpf -d
 *   -d  print the program as tcpdump -dd prints it, and exit (no privilege)
 *
 * Needs root or CAP_NET_RAW (sudo ./09-bpf -i eth0); root is given up once
 * the socket is open, filtered and bound.
 *
 * Try:  diff <(./09-bpf -d) <(tcpdump -dd -y EN10MB icmp)    (no output)
 */
#include "errors.h"
#include "link.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* "icmp" for an Ethernet frame. The accumulator A holds one value; an
 * absolute load reads the frame from its first byte (the destination MAC).
 * A jump's jt/jf count instructions to skip: 0 is the next one. */
static struct sock_filter icmp_prog[] = {
    /* (000) ldh [12]: A = the 16-bit EtherType, bytes 13-14 (p[12]). */
    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
    /* (001) jeq #0x800: IPv4 goes on to (002); anything else skips 3,
     * to (005), the reject. */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETHERTYPE_IP, 0, 3),
    /* (002) ldb [23]: A = the IPv4 protocol byte: 14 bytes of Ethernet
     * header + 9 into the IPv4 header. */
    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
    /* (003) jeq #1: ICMP goes on to (004), the rest skips 1, to (005). */
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMP, 0, 1),
    /* (004) ret #262144: accept, up to 262144 bytes (tcpdump's snap
     * length). The return value is how much of the frame to keep. */
    BPF_STMT(BPF_RET | BPF_K, 262144),
    /* (005) ret #0: keep 0 bytes: the frame is dropped, uncopied. */
    BPF_STMT(BPF_RET | BPF_K, 0),
};
#define PROG_LEN (sizeof icmp_prog / sizeof icmp_prog[0])

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { (void)sig; interrupted = 1; }

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -i IFACE [-c COUNT] [-t SECONDS]\n"
            "       %s -d\n"
            "  -i IFACE    capture on IFACE, through the filter 'icmp'\n"
            "  -c COUNT    stop after COUNT frames\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "  -d          print the filter as 'tcpdump -dd' does, and exit\n"
            "Needs root or CAP_NET_RAW (not for -d).\n", progname, progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];     /* an offloaded frame can reach 64K */
    struct sock_fprog prog = { .len = PROG_LEN, .filter = icmp_prog };
    struct sockaddr_ll sll;
    struct tpacket_stats st;
    unsigned long packets = 0, drops = 0;
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, got = 0;
    int timeout_ms = 60000, dump = 0, fd, c;
    socklen_t slen;
    sigset_t block, orig;
    int64_t deadline;
    size_t i;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:c:t:dh", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'd': dump = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc || (!dump && !ifname))
        usage_error(usage);
    if (dump) {                         /* libpcap's bpf_dump() format */
        for (i = 0; i < PROG_LEN; i++)
            printf("{ 0x%x, %u, %u, 0x%08x },\n", icmp_prog[i].code,
                   icmp_prog[i].jt, icmp_prog[i].jf, icmp_prog[i].k);
        return EXIT_GOT;
    }

    /* Protocol 0: the socket receives nothing yet. Opened with ETH_P_ALL
     * it would queue every frame of every interface from this line on, and
     * those queued before SO_ATTACH_FILTER would pass unfiltered. */
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) < 0)
        die("setsockopt(SO_ATTACH_FILTER)");
    memset(&sll, 0, sizeof sll);        /* now frames may come: filtered */
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    /* Ctrl-C ends the wait. SIGINT is blocked except inside ppoll(), so it
     * cannot slip in between the test of 'interrupted' and the wait; set
     * up before "listening on", which tells the user Ctrl-C now works. */
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &orig);
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    fprintf(stderr, "%s: listening on %s, filter icmp (%zu BPF instructions)\n",
            progname, ifname, PROG_LEN);

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
        frame_line(stdout, ifname, sll.sll_pkttype, buf,
                   (size_t)n > sizeof buf ? sizeof buf : (size_t)n, 0);
        got++;
    }

    /* Each read returns the counts since the last one and resets them:
     * a program that reads more than once must add them up. tp_packets is
     * what the filter passed (dropped ones included), tp_drops what found
     * the queue full. What the filter rejected is counted nowhere. */
    slen = sizeof st;
    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &slen) < 0)
        die("getsockopt(PACKET_STATISTICS)");
    packets += st.tp_packets;
    drops += st.tp_drops;
    fprintf(stderr, "%lu packets received by filter\n%lu packets dropped by kernel\n",
            packets, drops);
    close(fd);
    if (count && !interrupted)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}
