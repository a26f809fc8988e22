/*
 * 11-fanout - one capture spread over WORKERS processes by the kernel:
 *             PACKET_FANOUT in hash mode, a flow always to the same one.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. One reader
 * is one CPU. Sockets that join the same fanout group share the frames of
 * their interface: in hash mode the kernel hashes each frame's flow
 * (addresses, protocol, ports) and gives it to one member, so every frame
 * of a TCP connection or a UDP flow reaches the same worker, in order.
 * Each worker is a forked process with its own socket and TPACKET_V3 ring
 * (set up as in 10-ring). At exit, one line per worker and the total.
 *
 * Usage:  11-fanout -i IFACE -j WORKERS [-c COUNT] [-t SECONDS]
 *   -j WORKERS  processes, each with its own socket (1-16)
 *   -c COUNT    stop when the workers together have COUNT frames
 *
 * Needs root or CAP_NET_RAW; root is given up once every socket is open,
 * bound and in the group, before the workers start.
 *
 * Try:  sudo ./11-fanout -i eth0 -j 2 -t 10    (and open a few connections)
 */
#include "errors.h"
#include "options.h"
#include "privilege.h"
#include "ring.h"
#include "wait.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <netinet/ip.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_WORKERS 16
#define MAX_FLOWS 4096          /* per worker; flows beyond are not counted */

struct shared {                 /* one page shared by every process */
    atomic_long taken;          /* frames counted by all, against COUNT */
    atomic_int stop;            /* COUNT reached, Ctrl-C or the timeout */
    long frames[MAX_WORKERS], flows[MAX_WORKERS];
};
static struct shared *sh;
static void on_signal(int sig) { (void)sig; atomic_store(&sh->stop, 1); }

static void worker(int k, int fd, const struct tpacket_req3 *req, long count,
                   int64_t deadline);

static void usage(FILE *out)
{
    fprintf(out, "usage: %s -i IFACE -j WORKERS [-c COUNT] [-t SECONDS]\n"
            "  -i IFACE    capture on IFACE\n"
            "  -j WORKERS  spread the frames over WORKERS processes (1-16)\n"
            "  -c COUNT    stop after COUNT frames in all\n"
            "  -t SECONDS  stop after SECONDS (default 60)\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    int fds[MAX_WORKERS], version = TPACKET_V3, timeout_ms = 60000, c, k;
    int group = getpid() & 0xffff;      /* fanout group ids are per namespace */
    int fanout = group | PACKET_FANOUT_HASH << 16;
    pid_t pids[MAX_WORKERS];
    struct tpacket_req3 req;
    struct sockaddr_ll sll;
    const char *ifname = NULL;
    unsigned ifindex = 0;
    long count = 0, workers = 0, frames = 0, flows = 0;
    int64_t deadline;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:j:c:t:h", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'j': workers = opt_long(optarg, "workers", 1, MAX_WORKERS); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc || !ifname || !workers)
        usage_error(usage);
    sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (sh == MAP_FAILED)
        die("mmap of the shared counters");

    /* 10-ring's ring, 8 blocks of 256 KiB, for each worker's socket. */
    memset(&req, 0, sizeof req);
    req.tp_block_size = (unsigned)(page * (262144 / page));
    req.tp_block_nr = 8;
    req.tp_frame_size = 2048;
    req.tp_frame_nr = req.tp_block_size / req.tp_frame_size * req.tp_block_nr;
    req.tp_retire_blk_tov = 10;
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)ifindex;
    for (k = 0; k < workers; k++) {
        fds[k] = socket(AF_PACKET, SOCK_RAW, 0);
        if (fds[k] < 0)
            die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
        if (setsockopt(fds[k], SOL_PACKET, PACKET_VERSION, &version, sizeof version) < 0)
            die("setsockopt(PACKET_VERSION, TPACKET_V3)");
        if (setsockopt(fds[k], SOL_PACKET, PACKET_RX_RING, &req, sizeof req) < 0)
            die("setsockopt(PACKET_RX_RING)");
        if (bind(fds[k], (struct sockaddr *)&sll, sizeof sll) < 0)
            die("bind");
        /* Joined after bind (the kernel insists: every member bound alike).
         * The first socket creates group 'group'; the others join it, and
         * from now on each frame goes to one member only, by its flow hash. */
        if (setsockopt(fds[k], SOL_PACKET, PACKET_FANOUT, &fanout, sizeof fanout) < 0)
            die("setsockopt(PACKET_FANOUT)");
    }
    drop_privileges();
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    sigaction(SIGTERM, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    fprintf(stderr, "%s: listening on %s, fanout group %d (hash), %ld workers\n",
            progname, ifname, group, workers);
    fflush(stderr);

    deadline = now_ms() + timeout_ms;
    for (k = 0; k < workers; k++) {
        pids[k] = fork();
        if (pids[k] < 0)
            die("fork");
        if (pids[k] == 0) {
            for (int j = 0; j < workers; j++)
                if (j != k)
                    close(fds[j]);
            worker(k, fds[k], &req, count, deadline);
            _exit(0);
        }
    }
    for (k = 0; k < workers; k++)
        close(fds[k]);
    for (k = 0; k < workers; k++) {
        int st;

        while (waitpid(pids[k], &st, 0) < 0)
            if (errno != EINTR)
                die("waitpid");
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            die_msg("worker %d failed", k);
    }
    for (k = 0; k < workers; k++) {
        printf("worker %d: %ld frames, %ld flows\n", k, sh->frames[k], sh->flows[k]);
        frames += sh->frames[k];
        flows += sh->flows[k];
    }
    printf("total: %ld frames, %ld flows\n", frames, flows);
    if (count && !atomic_load(&sh->stop))
        return EXIT_NOANSWER;
    if (count)
        return frames == count ? EXIT_GOT : EXIT_NOANSWER;
    return frames ? EXIT_GOT : EXIT_NOANSWER;
}

/* A flow: for IPv4, addresses, protocol and (TCP, UDP) ports; for any
 * other EtherType, the EtherType and both MACs. */
struct flow { uint8_t key[16]; int used; };

static void flow_key(const uint8_t *f, uint32_t len, uint8_t key[16])
{
    struct iphdr ip;

    memset(key, 0, 16);
    if (len >= 14 + sizeof ip && f[12] == 0x08 && f[13] == 0x00) {
        memcpy(&ip, f + 14, sizeof ip);
        memcpy(key, &ip.saddr, 4);
        memcpy(key + 4, &ip.daddr, 4);
        key[8] = ip.protocol;
        if ((ip.protocol == IPPROTO_TCP || ip.protocol == IPPROTO_UDP) &&
            !(ntohs(ip.frag_off) & 0x3fff) && len >= 14u + ip.ihl * 4u + 4)
            memcpy(key + 9, f + 14 + ip.ihl * 4, 4);       /* both ports */
        key[15] = 4;
    } else if (len >= 14) {
        memcpy(key, f, 14);             /* both MACs and the EtherType */
        key[15] = 1;
    }
}

/* Worker k's count of the frames of block b, and of their flows, until the
 * workers together have COUNT (count, 0: no limit). */
static void count_block(int k, const struct v3ring *r, struct tpacket_block_desc *b,
                        long count)
{
    static struct flow table[MAX_FLOWS];
    struct tpacket3_hdr *f = v3ring_first(r, b);

    for (uint32_t i = 0; i < b->hdr.bh1.num_pkts && f; i++, f = v3ring_next(r, b, f)) {
        uint8_t key[16];
        unsigned h = 0, n;

        if (count && atomic_fetch_add(&sh->taken, 1) >= count) {
            atomic_store(&sh->stop, 1);     /* COUNT reached */
            break;
        }
        sh->frames[k]++;
        flow_key((uint8_t *)f + f->tp_mac, f->tp_snaplen, key);
        for (int j = 0; j < 16; j++)
            h = h * 31 + key[j];
        for (n = 0; n < MAX_FLOWS; n++) {   /* open addressing */
            struct flow *e = &table[(h + n) % MAX_FLOWS];

            if (!e->used) {
                memcpy(e->key, key, 16);
                e->used = 1;
                sh->flows[k]++;
                break;
            }
            if (!memcmp(e->key, key, 16))
                break;
        }
    }
}

static void worker(int k, int fd, const struct tpacket_req3 *req, long count,
                   int64_t deadline)
{
    struct v3ring ring;
    int64_t drain_end = 0;

    v3ring_map(&ring, fd, req);
    for (;;) {
        struct tpacket_block_desc *b = v3ring_block(&ring);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int64_t now = now_ms(), until;
        int r;

        if (b) {
            count_block(k, &ring, b, count);
            v3ring_release(&ring, b);
            if (count && atomic_load(&sh->taken) >= count)
                break;
            continue;
        }
        if (!drain_end && (atomic_load(&sh->stop) || now >= deadline))
            drain_end = now + 250;      /* read what the last blocks hold */
        if (drain_end && (now >= drain_end || (count && atomic_load(&sh->taken) >= count)))
            break;
        until = drain_end ? now + 30 : (deadline < now + 50 ? deadline : now + 50);
        do
            r = poll(&p, 1, (int)(until > now ? until - now : 0));
        while (r < 0 && errno == EINTR);
        if (r < 0)
            die("poll");
        if (r == 0 && drain_end && !v3ring_block(&ring))
            break;      /* three retire timeouts with nothing: all read */
    }
    v3ring_unmap(&ring);
}
