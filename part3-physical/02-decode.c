/*
 * 02-decode - every frame on a line, as tcpdump -t -n -e prints it:
 *             Ethernet, 802.1Q, ARP, IPv4, IPv6, ICMP, ICMPv6, TCP, UDP.
 *
 * Part 3 of "Raw sockets in Go", the post the series promised. A packet
 * socket hands us whole frames; the printers in common/ (print-ether.c,
 * print-arp.c, print-ip.c, print-ip6.c, print-icmp6.c, and part 1's
 * print-icmp.c, print-tcp.c, print-udp.c) read them layer by layer, as
 * tcpdump's own printers do. What this program teaches is the one thing
 * the kernel hides: it takes the 802.1Q tag out of a received frame and
 * hands it over beside the frame (PACKET_AUXDATA). We put it back, as
 * libpcap does, before printing or saving.
 *
 * Usage:  02-decode [-i IFACE | -r FILE] [-w FILE] [-c COUNT] [-t SECONDS]
 *
 * Live capture needs root or CAP_NET_RAW (sudo ./02-decode -i eth0); root
 * is given up once the socket is bound. -r FILE (pcap: Ethernet, raw IP
 * or Linux cooked) needs no privilege.
 *
 * Try:  sudo ./02-decode -i eth0 -c 5   next to   sudo tcpdump -t -n -e -i eth0 -c 5
 */
#include "errors.h"
#include "options.h"
#include "pcap.h"
#include "print.h"
#include "privilege.h"
#include "wait.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if_arp.h>
#include <net/ethernet.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define TAG_LEN 4                       /* an 802.1Q tag: TPID, then TCI */

static void usage(FILE *out)
{
    fprintf(out, "usage: %s [-i IFACE | -r FILE] [-w FILE] [-c COUNT] [-t SECONDS]\n"
            "  -i IFACE    capture on IFACE (default: every interface)\n"
            "  -r FILE     read a pcap file instead (no privilege needed)\n"
            "  -w FILE     also write the captured frames to FILE as pcap\n"
            "  -c COUNT    stop after COUNT frames\n"
            "  -t SECONDS  give up after SECONDS (default 60)\n"
            "Live capture needs root or CAP_NET_RAW.\n", progname);
}

static void print_frame(uint32_t linktype, const uint8_t *f, size_t caplen,
                        size_t len)
{
    /* A record that cannot be true (nothing captured, nothing on the
     * wire, more captured than was on it): tcpdump's words, no decoding. */
    if (caplen == 0 || len == 0 || len < caplen) {
        fputs("[Invalid header:", stdout);
        if (caplen == 0)
            fputs(" caplen==0", stdout);
        if (len == 0 || len < caplen)
            fputs(caplen == 0 ? "," : "", stdout);
        if (len == 0)
            fputs(" len==0", stdout);
        else if (len < caplen)
            printf(" len(%zu) < caplen(%zu)", len, caplen);
        fputc(']', stdout);
        print_end(stdout);
        return;
    }
    if (linktype == PCAP_LINKTYPE_RAW)
        raw_ip_print(stdout, f, caplen, len);
    else if (linktype == PCAP_LINKTYPE_LINUX_SLL)
        sll_print(stdout, f, caplen, len);
    else
        ether_print(stdout, f, caplen, len);
}

/* -r: every record of a pcap file, to its end or COUNT; no socket. */
static int read_file(const char *path, long count)
{
    static uint8_t buf[262144];
    struct pcap_file pf;
    struct pcap_record rec;
    long got = 0;
    int r = 0;

    if (pcap_open(&pf, path))
        die_msg("%s: %s", path, pf.err);
    if (pf.linktype != PCAP_LINKTYPE_ETHERNET && pf.linktype != PCAP_LINKTYPE_RAW &&
        pf.linktype != PCAP_LINKTYPE_LINUX_SLL)
        die_msg("%s: link type %u: only Ethernet (1), raw IP (101) and Linux "
                "cooked (113) are decoded", path, pf.linktype);
    while ((count == 0 || got < count) && (r = pcap_read(&pf, &rec, buf, sizeof buf)) == 1) {
        if (rec.cut)                    /* cut to the snap length: goes on */
            warn_msg("%s: %s", path, pf.err);
        print_frame(pf.linktype, buf, rec.caplen, rec.origlen);
        got++;
    }
    if (r < 0)
        die_msg("%s: %s", path, pf.err);
    pcap_close(&pf);
    return EXIT_GOT;
}

int main(int argc, char **argv)
{
    /* TAG_LEN spare bytes in front: room to put a VLAN tag back */
    static uint8_t buf[TAG_LEN + 65535 + 18];
    union { struct cmsghdr h; char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))]; } ctl;
    const char *ifname = NULL, *rpath = NULL, *wpath = NULL;
    struct pcap_file w = { 0 };
    struct sockaddr_ll sll;
    unsigned ifindex = 0;
    long count = 0, got = 0;
    int timeout_ms = 60000, fd, c, one = 1;
    int64_t deadline;

    prog_init(argv[0]);
    while ((c = getopt_long(argc, argv, "i:r:w:c:t:h", help_option, NULL)) != -1) {
        switch (c) {
        case 'i': ifname = optarg; ifindex = opt_iface(optarg); break;
        case 'r': rpath = optarg; break;
        case 'w': wpath = optarg; break;
        case 'c': count = opt_count(optarg); break;
        case 't': timeout_ms = opt_seconds_ms(optarg); break;
        case 'h': usage(stdout); return EXIT_GOT;
        default: usage_error(usage);
        }
    }
    if (optind != argc || (rpath && (ifname || wpath)))
        usage_error(usage);
    tcp_relative_seq(1);                /* tcpdump's default, without -S */
    if (rpath)
        return read_file(rpath, count);

    fd = socket(AF_PACKET, SOCK_RAW, 0);    /* protocol 0 until bind */
    if (fd < 0)
        die_socket("socket(AF_PACKET, SOCK_RAW, 0)", SOCK_KIND_PACKET);
    /* With each frame, a struct tpacket_auxdata: the VLAN tag the kernel
     * took out of it (tp_vlan_tci, tp_vlan_tpid) and whether there was one
     * (TP_STATUS_VLAN_VALID in tp_status: a TCI of 0 is a valid tag). */
    if (setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0)
        die("setsockopt(PACKET_AUXDATA)");
    memset(&sll, 0, sizeof sll);
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = (int)ifindex;         /* 0: every interface */
    if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
        die("bind");
    drop_privileges();
    if (wpath && pcap_create(&w, wpath, PCAP_LINKTYPE_ETHERNET, 65535 + 18 + TAG_LEN))
        die_msg("%s: %s", wpath, w.err);
    catch_interrupt();                      /* Ctrl-C ends the wait at once */
    fprintf(stderr, "%s: listening on %s, link-type EN10MB (Ethernet)\n", progname,
            ifname ? ifname : "every interface");

    deadline = now_ms() + timeout_ms;
    while (count == 0 || got < count) {
        struct iovec iov = { buf + TAG_LEN, sizeof buf - TAG_LEN };
        struct sockaddr_ll from;
        struct msghdr msg = { .msg_name = &from, .msg_namelen = sizeof from,
                              .msg_iov = &iov, .msg_iovlen = 1,
                              .msg_control = &ctl, .msg_controllen = sizeof ctl };
        uint8_t *frame = buf + TAG_LEN;
        struct cmsghdr *cm;
        size_t caplen, len;
        ssize_t n;

        if (wait_readable(fd, deadline) != 1)
            break;                          /* the deadline, or Ctrl-C */
        n = recvmsg(fd, &msg, MSG_TRUNC);
        if (n < 0)
            die("recvmsg");
        if (from.sll_hatype != ARPHRD_ETHER && from.sll_hatype != ARPHRD_LOOPBACK)
            continue;                       /* without -i: no Ethernet header */
        len = (size_t)n;                    /* the frame's real length */
        caplen = len < iov.iov_len ? len : iov.iov_len;
        for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
            struct tpacket_auxdata aux;

            if (cm->cmsg_level != SOL_PACKET || cm->cmsg_type != PACKET_AUXDATA)
                continue;
            memcpy(&aux, CMSG_DATA(cm), sizeof aux);
            if (!(aux.tp_status & TP_STATUS_VLAN_VALID) && aux.tp_vlan_tci == 0)
                continue;                   /* no tag was taken out */
            if (caplen < 12)
                continue;
            /* Put the tag back after the two MACs: move them 4 bytes to
             * the front, then TPID and TCI in network order. */
            uint16_t tpid = htons(aux.tp_status & TP_STATUS_VLAN_TPID_VALID
                                  ? aux.tp_vlan_tpid : ETH_P_8021Q);
            uint16_t tci = htons(aux.tp_vlan_tci);
            memmove(buf, frame, 12);
            memcpy(buf + 12, &tpid, 2);
            memcpy(buf + 14, &tci, 2);
            frame = buf;
            caplen += TAG_LEN;
            len += TAG_LEN;
        }
        print_frame(PCAP_LINKTYPE_ETHERNET, frame, caplen, len);
        if (w.f) {                          /* stamped with the wall clock */
            struct timespec now;

            clock_gettime(CLOCK_REALTIME, &now);
            if (pcap_write(&w, (double)now.tv_sec + (double)now.tv_nsec / 1e9, frame,
                           (uint32_t)caplen, (uint32_t)len))
                die_msg("%s: %s", wpath, w.err);
        }
        got++;
    }
    close(fd);
    if (w.f)
        pcap_close(&w);
    if (count && !got_sigint)
        return got == count ? EXIT_GOT : EXIT_NOANSWER;
    return got ? EXIT_GOT : EXIT_NOANSWER;
}
