/*
 * 10-ring - capture through a TPACKET_V3 ring: memory shared with the
 *           kernel, handed over a block of frames at a time, with no
 *           system call and no copy per frame.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. recvfrom()
 * costs a system call and a copy for every frame. With PACKET_RX_RING the
 * kernel writes frames straight into memory we map, fills a block, marks
 * it ours (TP_STATUS_USER) and moves on to the next; we read the frames in
 * place and hand the block back. tcpdump (libpcap) and netsniff-ng capture
 * this way. Frames print as 01-recv-frames prints them; -q only counts.
 * At exit, on stderr, tcpdump's three statistics and the ring's freezes.
 *
 * Usage:  10-ring -i IFACE [-c COUNT] [-t SECONDS] [-q]
 *
 * Needs root or CAP_NET_RAW (sudo ./10-ring -i eth0); root is given up once
 * the socket is open, its ring set up and bound.
 *
 * Try:  sudo ./10-ring -i eth0 -q -t 10     (and, meanwhile, some traffic)
 */
#include "errors.h"
#include "link.h"
#include "options.h"
#include "privilege.h"
#include "ring.h"
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

#define RETIRE_MS 10            /* the block retire timeout, see below */

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { (void)sig; interrupted = 1; }

struct sums { unsigned long received, dropped, freezes; };
static void add_stats(int fd, struct sums *s);
static long read_block(const struct v3ring *r, struct tpacket_block_desc *b,
                       const char *ifname, long max, int quiet);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -i IFACE [-c COUNT] [-t SECONDS] [-q]\n"
            "  -i IFACE    capture on IFACE through a TPACKET_V3 ring\n"
            "  -c COUNT    stop after COUNT frames\n"
            "  -t SECONDS  stop after SECONDS (default 60)\n"
            "  -q          print no frames, only the statistics at exit\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    struct tpacket_req3 req;
    struct sockaddr_ll sll;
    struct v3ring ring;
    struct sums sums = { 0, 0, 0 };
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, got = 0;
    int timeout_ms = 60000, quiet = 0, version = TPACKET_V3, fd, c;
    int64_t deadline, next_stats, drain_end = 0;
    sigset_t block, orig;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:c:t:qh", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'q': quiet = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc || !ifname)
        usage_error(usage);

    /* Protocol 0: nothing is queued until bind(), after the ring exists. */
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    if (setsockopt(fd, SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0)
        die("setsockopt(PACKET_VERSION, TPACKET_V3)");
    /* The geometry. A block is the unit handed over: its size must be a
     * multiple of the page size (the kernel allocates it as pages; a power
     * of two wastes none), and it must hold the largest frame. V3 packs
     * frames of any length into a block, each at a 16-byte boundary
     * (TPACKET_ALIGNMENT); tp_frame_size is only checked: a multiple of 16,
     * and tp_frame_nr must equal frames per block x blocks. 8 blocks of
     * 256 KiB: 2 MiB, tcpdump's default buffer. A block is handed over when
     * full, or when its retire timeout passes with frames in it: at a low
     * rate a block may take minutes to fill, so ours is short (ms). */
    memset(&req, 0, sizeof req);
    req.tp_block_size = (unsigned)(page * (262144 / page));
    req.tp_block_nr = 8;
    req.tp_frame_size = 2048;
    req.tp_frame_nr = req.tp_block_size / req.tp_frame_size * req.tp_block_nr;
    req.tp_retire_blk_tov = RETIRE_MS;
    if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
        die("setsockopt(PACKET_RX_RING)");
    memset(&sll, 0, sizeof sll);        /* now frames come, into the ring */
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)ifindex;
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    /* The ring in our memory: mmap, the blocks read in order, each handed
     * back with a barrier (common/ring.c, shared with 11-fanout). */
    v3ring_map(&ring, fd, &req);

    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &orig);
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    fprintf(stderr, "%s: listening on %s, TPACKET_V3 ring of %u blocks of %u bytes\n",
            progname, ifname, req.tp_block_nr, req.tp_block_size);

    deadline = now_ms() + timeout_ms;
    next_stats = now_ms() + 1000;
    while (count == 0 || got < count) {
        struct tpacket_block_desc *b = v3ring_block(&ring);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int64_t now = now_ms(), until;

        if (b) {    /* a block is ours: its frames, read where they lie */
            got += read_block(&ring, b, ifname, count ? count - got : 0, quiet);
            v3ring_release(&ring, b);   /* hand it back: barrier, then status */
            continue;
        }
        if (now >= next_stats || drain_end) {
            add_stats(fd, &sums);       /* once a second, and at the end */
            next_stats = now + 1000;
        }
        if (!drain_end && (interrupted || now >= deadline)) {
            /* Stopping: the block being filled is handed over within its
             * retire timeout. Read what comes for a few of them, at most
             * 250 ms, so every frame counted above is read. */
            drain_end = now + 250;
        }
        if (drain_end && now >= drain_end)
            break;
        until = drain_end ? (drain_end < now + 3 * RETIRE_MS ? drain_end : now + 3 * RETIRE_MS)
                          : (deadline < next_stats ? deadline : next_stats);
        if (until < now)
            until = now;
        c = ppoll(&p, 1, &(struct timespec){ (until - now) / 1000,
                                             (until - now) % 1000 * 1000000 }, &orig);
        if (c < 0 && errno != EINTR)
            die("ppoll");
        if (c == 0 && drain_end && !v3ring_block(&ring))
            drain_end = now;    /* a quiet wait of 3 timeouts: all read */
    }
    add_stats(fd, &sums);
    fprintf(stderr, "%ld packets captured\n%lu packets received by filter\n"
            "%lu packets dropped by kernel\n%lu ring freezes (every block full)\n",
            got, sums.received, sums.dropped, sums.freezes);
    v3ring_unmap(&ring);
    close(fd);
    if (count)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}

/* The frames of block b, at most max (0: all), printed as 01-recv-frames
 * prints them (not with quiet); returns how many were read. */
static long read_block(const struct v3ring *r, struct tpacket_block_desc *b,
                       const char *ifname, long max, int quiet)
{
    struct tpacket3_hdr *f = v3ring_first(r, b);
    uint32_t i;
    long got = 0;

    for (i = 0; i < b->hdr.bh1.num_pkts && f && (!max || got < max);
         i++, f = v3ring_next(r, b, f)) {
        /* after each frame's header, at a 16-byte boundary, its
         * sockaddr_ll; the frame itself starts tp_mac bytes in */
        const struct sockaddr_ll *a = (const void *)((uint8_t *)f +
            ((sizeof *f + TPACKET_ALIGNMENT - 1) & ~(size_t)(TPACKET_ALIGNMENT - 1)));

        if (!quiet)
            frame_line(stdout, ifname, a->sll_pkttype,
                       (uint8_t *)f + f->tp_mac, f->tp_snaplen, 0);
        got++;
    }
    if (!f && i < b->hdr.bh1.num_pkts)     /* never, from a sane kernel */
        warn_msg("a frame past its block's end: %u of the block's frames skipped",
                 b->hdr.bh1.num_pkts - i);
    return got;
}

/* PACKET_STATISTICS returns the counts since the last reading and resets
 * them: a program that reads it more than once adds them up. tp_packets
 * is every frame the socket took in, the dropped ones included; tp_drops
 * those that found the ring full; tp_freeze_q_cnt (V3) how many times
 * every block was ours and the kernel had nowhere to write. */
static void add_stats(int fd, struct sums *s)
{
    struct tpacket_stats_v3 st;
    socklen_t len = sizeof st;

    if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) < 0)
        die("getsockopt(PACKET_STATISTICS)");
    s->received += st.tp_packets;
    s->dropped += st.tp_drops;
    s->freezes += st.tp_freeze_q_cnt;
}
