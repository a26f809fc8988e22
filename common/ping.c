/* ping.c - see ping.h. */
#include "ping.h"
#include "errors.h"
#include "wait.h"

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

void ping_data_fill(uint8_t *data, size_t size)
{
    struct timespec ts;
    uint32_t v;

    for (size_t i = 0; i < size; i++)
        data[i] = (uint8_t)i;
    if (size < PING_STAMP)
        return;
    clock_gettime(CLOCK_REALTIME, &ts);
    v = htonl((uint32_t)ts.tv_sec);
    memcpy(data, &v, 4);
    v = htonl((uint32_t)(ts.tv_nsec / 1000));
    memcpy(data + 4, &v, 4);
}

double ping_data_rtt(const uint8_t *data, size_t len)
{
    struct timespec now;
    uint32_t sec, usec;

    if (len < PING_STAMP)
        return -1;
    memcpy(&sec, data, 4);
    memcpy(&usec, data + 4, 4);
    clock_gettime(CLOCK_REALTIME, &now);
    return (double)((uint32_t)now.tv_sec - ntohl(sec)) * 1000.0 +
           ((double)now.tv_nsec / 1000.0 - (double)ntohl(usec)) / 1000.0;
}

void ping_stats_start(struct ping_stats *s)
{
    memset(s, 0, sizeof *s);
    s->start = now_ms();
}

void ping_reply_line(struct ping_stats *s, size_t bytes, const char *addr,
                     long seq, int ttl, double rtt)
{
    s->got++;
    printf("%zu bytes from %s: icmp_seq=%ld", bytes, addr, seq);
    if (ttl >= 0)
        printf(" ttl=%d", ttl);
    if (rtt >= 0) {
        printf(" time=%.3f ms", rtt);
        s->min = s->timed == 0 || rtt < s->min ? rtt : s->min;
        s->max = rtt > s->max ? rtt : s->max;
        s->sum += rtt;
        s->sum2 += rtt * rtt;
        s->timed++;
    }
    printf("\n");
    fflush(stdout);
}

void ping_sleep_until(int64_t when_ms)
{
    int64_t left = when_ms - now_ms();
    struct timespec ts;

    if (left <= 0)
        return;
    ts.tv_sec = (time_t)(left / 1000);
    ts.tv_nsec = (long)(left % 1000) * 1000000;
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;                                   /* interrupted: sleep the rest */
}

int ping_summary(const struct ping_stats *s, const char *host)
{
    printf("\n--- %s ping statistics ---\n", host);
    printf("%ld packets transmitted, %ld received, %g%% packet loss, time %lldms\n",
           s->sent, s->got,                     /* %g as ping's: 66.6667% */
           s->sent ? (double)(s->sent - s->got) * 100.0 / (double)s->sent : 0.0,
           (long long)(now_ms() - s->start));
    if (s->timed) {
        double avg = s->sum / (double)s->timed;

        printf("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", s->min, avg,
               s->max, sqrt(fmax(s->sum2 / (double)s->timed - avg * avg, 0)));
    }
    fflush(stdout);
    return s->got ? EXIT_GOT : EXIT_NOANSWER;
}

int ping_wait_reply(int fd, struct ping_stats *s, uint8_t reply_type,
                    uint16_t id, uint16_t seq, int64_t deadline_ms,
                    int cm_level, int cm_type)
{
    static uint8_t buf[65536];
    union { char space[CMSG_SPACE(sizeof(int))]; struct cmsghdr align; } ctl;
    char addr[INET6_ADDRSTRLEN];

    while (wait_readable(fd, deadline_ms)) {
        struct sockaddr_storage from;
        struct iovec iov = { buf, sizeof buf };
        struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from,
                            .msg_iov = &iov, .msg_iovlen = 1,
                            .msg_control = ctl.space,
                            .msg_controllen = sizeof ctl.space };
        ssize_t n = recvmsg(fd, &m, MSG_TRUNC);
        const void *ip;
        int ttl = -1;
        uint16_t v;

        if (n < 0)
            die("recvmsg");
        if ((size_t)n > sizeof buf || (m.msg_flags & MSG_TRUNC)) {
            warn_msg("skipped a reply of %zd bytes: longer than the buffer", n);
            continue;
        }
        if (n < 8 || buf[0] != reply_type || buf[1] != 0)
            continue;                           /* not a whole echo reply */
        memcpy(&v, buf + 4, 2);
        if (ntohs(v) != id)
            continue;                           /* another ping's */
        memcpy(&v, buf + 6, 2);
        if (ntohs(v) != seq)
            continue;                           /* late: an earlier seq */
        for (struct cmsghdr *cm = CMSG_FIRSTHDR(&m); cm; cm = CMSG_NXTHDR(&m, cm))
            if (cm->cmsg_level == cm_level && cm->cmsg_type == cm_type &&
                cm->cmsg_len >= CMSG_LEN(sizeof(int)))
                memcpy(&ttl, CMSG_DATA(cm), sizeof ttl);
        ip = from.ss_family == AF_INET6
             ? (const void *)&((struct sockaddr_in6 *)(void *)&from)->sin6_addr
             : (const void *)&((struct sockaddr_in *)(void *)&from)->sin_addr;
        inet_ntop(from.ss_family, ip, addr, sizeof addr);
        ping_reply_line(s, (size_t)n, addr, seq, ttl,
                        ping_data_rtt(buf + 8, (size_t)n - 8));
        return 1;
    }
    return 0;
}
