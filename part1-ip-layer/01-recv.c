/*
 * 01-recv - read packets from a raw IP socket; print what the IP header
 *           carries, one "% X" line a packet.
 *
 * Follows "Raw sockets in Go: IP layer" (Graham King, 2014): its first
 * program listens with net.ListenIP("ip4:icmp", ...) and prints each
 * packet with fmt.Printf("% X\n", buf[:n]). In C that is
 * socket(AF_INET, SOCK_RAW, IPPROTO_ICMP): the kernel gives this socket a
 * copy of every ICMP packet that arrives for the host. One difference: Go
 * strips the IPv4 header, a C raw socket hands it to us. So we check the
 * header (never trust a length we did not check) and skip its IHL*4 bytes,
 * and the output is exactly what the series printed.
 *
 * Usage:  01-recv [-p PROTO] [-c COUNT] [-t SECONDS] [-x]
 *   -p PROTO    icmp (default), tcp, udp, ... or a number (/etc/protocols)
 *   -c COUNT    stop after COUNT packets (exit 0)
 *   -t SECONDS  stop after SECONDS (default 60; exit 1 if COUNT, or any
 *               packet when there is no -c, has not arrived)
 *   -x          a canonical dump (offset, hex, ASCII) instead of one line
 *
 * Needs root or CAP_NET_RAW (sudo ./01-recv); it opens its socket, then
 * gives root up (back to the sudo user).
 *
 * Try, in a second terminal:
 *   ping -c 1 127.0.0.1   ->  08 00 ..  (type 8, echo request; on loopback
 *                             the reply, 00 00 .., arrives too)
 *   with -p tcp: nc -z 127.0.0.1 80  ->  bytes 3-4 are 00 50 (port 80) and
 *                             byte 14 is 02: the SYN flag.
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
    char pbuf[16];
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

    fd = socket(AF_INET, SOCK_RAW, proto);
    if (fd < 0)
        die_socket("socket(AF_INET, SOCK_RAW)", SOCK_KIND_RAW);
    drop_privileges();
    fprintf(stderr, "%s: listening on AF_INET SOCK_RAW, protocol %s (%u)\n",
            progname, proto_name(proto, pbuf), proto);

    /* ip4_recv (common/ip4.h) waits with poll() until the deadline, reads
     * with MSG_TRUNC (so a packet longer than buf is reported, not cut),
     * and passes only packets whose header ip4_check accepts: at least 20
     * bytes, version 4, IHL >= 5, IHL*4 and the total length within what
     * was read. Anything else is reported on stderr and skipped. */
    deadline = now_ms() + timeout_ms;
    while ((count == 0 || got < count) &&
           ip4_recv(fd, buf, sizeof buf, deadline, &hlen, &total)) {
        if (canonical)                  /* skip the IP header: IHL*4 bytes */
            hex_dump(stdout, buf + hlen, total - hlen);
        else
            hex_line(stdout, buf + hlen, total - hlen);
        got++;
    }
    close(fd);
    if (count)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}
