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
 *   ping_reply_line(&st, len, "192.0.2.2", seq, ttl, ping_data_rtt(d, n), 0);
 *   return ping_summary(&st, host);           exit code: 0 if any reply
 *
 * Lines as iputils ping prints them (stdout, flushed after each):
 *   64 bytes from 192.0.2.2: icmp_seq=1 ttl=64 time=0.050 ms
 *   64 bytes from 192.0.2.2: icmp_seq=2 ttl=64 time=0.041 ms (BAD CHECKSUM!)
 *   From 192.0.2.254 icmp_seq=3 Destination Host Unreachable
 *
 *   --- 192.0.2.2 ping statistics ---
 *   2 packets transmitted, 1 received, +1 corrupted, 50% packet loss, time 1001ms
 *   rtt min/avg/max/mdev = 0.050/0.050/0.050/0.000 ms
 *
 * A reply with a bad checksum is printed, marked, and not counted as
 * received (nor its time); an ICMP error for one of our requests counts
 * in errors, "+N errors" (03-ping). Both as iputils ping does.
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
    long corrupted, errors;           /* bad checksums, ICMP errors */
    double min, max, sum, sum2;       /* round-trip times, ms */
    int64_t start;                    /* now_ms() at the start */
};

void ping_stats_start(struct ping_stats *s);
/* Print one reply line and count it; ttl < 0 leaves "ttl=" out, rtt < 0
 * leaves "time=" out (data too short to carry a time); bad_sum marks it
 * "(BAD CHECKSUM!)" and counts it as corrupted, not received. */
void ping_reply_line(struct ping_stats *s, size_t bytes, const char *addr,
                     long seq, int ttl, double rtt, int bad_sum);
/* An ICMP error about request seq, as iputils ping prints it, and count it:
 * "From 192.0.2.254 icmp_seq=1 Destination Host Unreachable". type and
 * code are the error's, info its 4 bytes after the checksum (host order:
 * the MTU of "need to frag" in the low 16 bits, the pointer of a parameter
 * problem in the high 8). 03-ping matches the error to its request. */
void ping_error_line(struct ping_stats *s, const char *addr, long seq,
                     uint8_t type, uint8_t code, uint32_t info);
/* Sleep until now_ms() reaches when_ms (no sleep if it has passed), or
 * until Ctrl-C (wait.h: catch_interrupt). */
void ping_sleep_until(int64_t when_ms);
/* The closing lines; returns EXIT_GOT if any reply came, else EXIT_NOANSWER. */
int ping_summary(const struct ping_stats *s, const char *host);

#endif
