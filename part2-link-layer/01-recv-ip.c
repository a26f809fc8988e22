/*
 * 01-recv-ip - read packets from a raw IP socket and print all of each,
 *              IPv4 header first, one "% X" line a packet.
 *
 * Follows "Raw sockets in Go: Link layer" (Graham King, 2015), whose first
 * program prints what each read of an AF_INET/SOCK_RAW/IPPROTO_ICMP socket
 * returns: this time nothing is skipped, the line starts with the header
 * (45 00 ...). It is still checked (ip4_recv: 01-recv's check, common/).
 * Walkthrough: part2-link-layer/README.md, "01-recv-ip".
 *
 * Usage:  01-recv-ip [-p PROTO] [-c COUNT] [-t SECONDS] [-x]
 * Exit 0 when COUNT packets (or any, without -c) came, 1 at the timeout
 * (default 60 s). Needs root or CAP_NET_RAW; opens its socket, then gives
 * root up.
 *
 * Try:  sudo ./01-recv-ip, and ping -c 1 127.0.0.1 elsewhere: 45 00 00 54 ..
 */
#include "errors.h"
#include "hexdump.h"
#include "ip4.h"
#include "options.h"
#include "privilege.h"
#include "wait.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-p PROTO] [-c COUNT] [-t SECONDS] [-x]\n"
            "  -p PROTO    protocol to receive: icmp (default), tcp, udp, or a number\n"
            "  -c COUNT    stop after COUNT packets\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "  -x          canonical dump (offset, hex, ASCII) instead of '%% X'\n"
            "Needs root or CAP_NET_RAW.\n", progname);
}

int main(int argc, char **argv)
{
    static uint8_t buf[65536];          /* loopback's MTU is 65536 */
    uint8_t proto = IPPROTO_ICMP;
    long count = 0, got = 0;
    int timeout_ms = 60000, canonical = 0, fd, c;
    size_t hlen, total;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "p:c:t:xh", help_option, NULL)) != -1) {
        switch (c) {
        case 'p': proto = opt_proto(optarg); break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'x': canonical = 1; break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc)
        usage_error(usage);
    if (proto == IPPROTO_RAW)   /* raw(7): an IPPROTO_RAW socket is send-only */
        die_msg("protocol 255 (IPPROTO_RAW) cannot receive: raw(7) calls it "
                "send-only; give the protocol you want to see");

    fd = socket(AF_INET, SOCK_RAW, proto);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW)", SOCK_KIND_RAW);
    drop_privileges();
    ip4_listening(proto);             /* "listening on", as 01-recv */

    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) &&
           ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total)) {
        if (canonical)          /* the whole packet, up to its total length */
            hex_dump(stdout, buf, total);
        else
            hex_line(stdout, buf, total);
        got++;
    }
    close(fd);
    if (count)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}
