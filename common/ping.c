/* ping.c - see ping.h. */
#include "ping.h"
#include "errors.h"
#include "wait.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <string.h>
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
                     long seq, int ttl, double rtt, int bad_sum)
{
    if (bad_sum)
        s->corrupted++;
    else
        s->got++;
    printf("%zu bytes from %s: icmp_seq=%ld", bytes, addr, seq);
    if (ttl >= 0)
        printf(" ttl=%d", ttl);
    if (rtt >= 0)
        printf(" time=%.3f ms", rtt);
    if (rtt >= 0 && !bad_sum) {
        s->min = s->timed == 0 || rtt < s->min ? rtt : s->min;
        s->max = rtt > s->max ? rtt : s->max;
        s->sum += rtt;
        s->sum2 += rtt * rtt;
        s->timed++;
    }
    printf(bad_sum ? " (BAD CHECKSUM!)\n" : "\n");
    fflush(stdout);
}

void ping_error_line(struct ping_stats *s, const char *addr, long seq,
                     uint8_t type, uint8_t code, uint32_t info)
{
    static const char *const unreach[16] = {
        "Destination Net Unreachable", "Destination Host Unreachable",
        "Destination Protocol Unreachable", "Destination Port Unreachable",
        NULL, "Source Route Failed", "Destination Net Unknown",
        "Destination Host Unknown", "Source Host Isolated",
        "Destination Net Prohibited", "Destination Host Prohibited",
        "Destination Net Unreachable for Type of Service",
        "Destination Host Unreachable for Type of Service",
        "Packet filtered", "Precedence Violation", "Precedence Cutoff",
    };

    s->errors++;
    printf("From %s icmp_seq=%ld ", addr, seq);
    if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
        printf("Frag needed and DF set (mtu = %u)\n", info & 0xffff);
    else if (type == ICMP_DEST_UNREACH && code < 16)
        puts(unreach[code]);
    else if (type == ICMP_DEST_UNREACH)
        printf("Dest Unreachable, Bad Code: %u\n", code);
    else if (type == ICMP_TIME_EXCEEDED && code <= ICMP_EXC_FRAGTIME)
        puts(code == ICMP_EXC_TTL ? "Time to live exceeded"
                                  : "Frag reassembly time exceeded");
    else if (type == ICMP_TIME_EXCEEDED)
        printf("Time exceeded, Bad Code: %u\n", code);
    else if (type == ICMP_PARAMETERPROB)    /* the pointer: ICMP byte 5 */
        printf("Parameter problem: pointer = %u\n", info >> 24);
    else                /* types 32 and up pass every ICMP_FILTER */
        printf("Bad ICMP type: %u\n", type);
    fflush(stdout);
}

void ping_sleep_until(int64_t when_ms)
{
    wait_readable_any(NULL, 0, when_ms);
}

int ping_summary(const struct ping_stats *s, const char *host)
{
    printf("\n--- %s ping statistics ---\n", host);
    printf("%ld packets transmitted, %ld received", s->sent, s->got);
    if (s->corrupted)
        printf(", +%ld corrupted", s->corrupted);
    if (s->errors)
        printf(", +%ld errors", s->errors);
    printf(", %g%% packet loss, time %lldms\n", /* %g as ping's: 66.6667% */
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
