/*
 * ping.h - what every ping in the workbook shares once 03-ping has taught
 * it: the data of an echo request, and ping's lines.
 *
 * The data is filled as iputils ping fills it: byte i is i, and when there
 * are at least 8 bytes, the first 8 are the send time (seconds and
 * microseconds of CLOCK_REALTIME, 32-bit big-endian each). The peer echoes
 * the data back, so the round-trip time is read from the reply itself.
 *
 *   struct ping_stats st;
 *   ping_stats_start(&st);
 *   ... st.sent++; ping_data_fill(data, 56); send ...
 *   ping_reply_line(&st, len, "192.0.2.2", seq, ttl, ping_data_rtt(d, n));
 *   return ping_summary(&st, host);           exit code: 0 if any reply
 *
 * Lines as iputils ping prints them (stdout, flushed after each):
 *   64 bytes from 192.0.2.2: icmp_seq=1 ttl=64 time=0.050 ms
 *
 *   --- 192.0.2.2 ping statistics ---
 *   2 packets transmitted, 2 received, 0% packet loss, time 1001ms
 *   rtt min/avg/max/mdev = 0.041/0.045/0.050/0.004 ms
 */
#ifndef COMMON_PING_H
#define COMMON_PING_H

#include <stddef.h>
#include <stdint.h>

enum { PING_STAMP = 8 };              /* bytes of send time in the data */

void ping_data_fill(uint8_t *data, size_t size);
/* Milliseconds since the send time in data; -1 when len < PING_STAMP. */
double ping_data_rtt(const uint8_t *data, size_t len);

struct ping_stats {
    long sent, got, timed;            /* requests, replies, replies with a time */
    double min, max, sum, sum2;       /* round-trip times, ms */
    int64_t start;                    /* now_ms() at the start */
};

void ping_stats_start(struct ping_stats *s);
/* Print one reply line and count it; ttl < 0 leaves "ttl=" out, rtt < 0
 * leaves "time=" out (data too short to carry a time). */
void ping_reply_line(struct ping_stats *s, size_t bytes, const char *addr,
                     long seq, int ttl, double rtt);
/*
 * Wait, until deadline_ms (now_ms() time), on a socket that hands over the
 * ICMP message alone, without its IP header: an ICMP ping socket (07) or a
 * raw ICMPv6 socket (08). Matches the echo reply of reply_type (0, or 129
 * for ICMPv6) with id and seq; the TTL or hop limit comes beside it as
 * ancillary data (cm_level, cm_type): IPPROTO_IP/IP_TTL with IP_RECVTTL
 * set, IPPROTO_IPV6/IPV6_HOPLIMIT with IPV6_RECVHOPLIMIT set. Prints the
 * reply line and counts it in s. Returns 1, or 0 at the deadline.
 */
int ping_wait_reply(int fd, struct ping_stats *s, uint8_t reply_type,
                    uint16_t id, uint16_t seq, int64_t deadline_ms,
                    int cm_level, int cm_type);
/* Sleep until now_ms() reaches when_ms (no sleep if it has passed). */
void ping_sleep_until(int64_t when_ms);
/* The closing lines; returns EXIT_GOT if any reply came, else EXIT_NOANSWER. */
int ping_summary(const struct ping_stats *s, const char *host);

#endif
