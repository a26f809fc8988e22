/*
 * wait.h - bounded waits. Every read in the workbook waits with poll() and
 * a deadline; none can block forever (DESIGN.md, pitfall 9).
 *
 *   int64_t end = now_ms() + timeout_ms;
 *   while (wait_readable(fd, end) == 1) { n = recv(...); ... }
 */
#ifndef COMMON_WAIT_H
#define COMMON_WAIT_H

#include <stdint.h>

int64_t now_ms(void);                    /* CLOCK_MONOTONIC, milliseconds */
double now_mono(void);                   /* CLOCK_MONOTONIC, seconds: durations */
double now_wall(void);                   /* CLOCK_REALTIME, seconds */

/* 1 when fd is readable, 0 when the deadline (now_ms() time) has passed;
 * exits 2 on a poll() error. EINTR is retried. */
int wait_readable(int fd, int64_t deadline_ms);
/* The same for n (1 to 8) descriptors at once: the index in fds of one that
 * is readable, or -1 when the deadline has passed. */
int wait_readable_any(const int *fds, int n, int64_t deadline_ms);

#endif
