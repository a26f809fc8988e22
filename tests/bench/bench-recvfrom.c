/*
 * bench-recvfrom - a bare capture loop for make bench, beside
 * 01-recv-frames: one recvfrom() per frame and no
 * printing, counting until Ctrl-C, so the cost of the call alone shows.
 * Not a workbook program: a yardstick.
 *
 * Usage:  bench-recvfrom IFACE      (root; "listening on" on stderr, the
 *                                    count on stdout at SIGINT)
 */
#include "errors.h"
#include "options.h"

#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;
static void on_signal(int sig) { (void)sig; interrupted = 1; }

int main(int argc, char **argv)
{
    static uint8_t buf[65535 + 18];
    struct sockaddr_ll sll;
    long got = 0;
    int fd;

    prog_init(argv[0]);
    if (argc != 2)
        die_msg("usage: %s IFACE", progname);
    fd = socket(AF_PACKET, SOCK_RAW, 0);
    if (fd < 0)
        die_socket("socket", SOCK_KIND_PACKET);
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)opt_iface(argv[1]);
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    /* no SA_RESTART: SIGINT interrupts the blocking recvfrom(); and no
     * wait is longer than 100 ms (a signal just before the call) */
    if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &(struct timeval){ 0, 100000 },
                   sizeof(struct timeval)) < 0)
        die("setsockopt(SO_RCVTIMEO)");
    sigaction(SIGINT, &(struct sigaction){ .sa_handler = on_signal }, NULL);
    fprintf(stderr, "%s: listening on %s\n", progname, argv[1]);
    while (!interrupted) {
        if (recvfrom(fd, buf, sizeof buf, 0, NULL, NULL) >= 0)
            got++;
        else if (errno != EINTR && errno != EAGAIN)
            die("recvfrom");
    }
    printf("%ld packets captured\n", got);
    return 0;
}
