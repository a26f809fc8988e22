/*
 * wait.h - bounded waits. Every read in the workbook waits with poll() and
 * a deadline; none can block forever (DESIGN.md, pitfall 9).
 *
 *   int64_t end = now_ms() + timeout_ms;
 *   while (wait_readable(fd, end) == 1) { n = recv(...); ... }
 *
 * Ctrl-C: a program that prints a summary calls catch_interrupt() once.
 * It blocks SIGINT and installs a handler that sets 'got_sigint'; from
 * then on the waits below unblock SIGINT only inside ppoll(), so a Ctrl-C
 * ends the wait at once and cannot slip in between a test of 'got_sigint'
 * and the wait (part3-physical/09-bpf.c does the same by hand). A wait
 * ended that way returns as at its deadline, with 'got_sigint' set.
 */
#ifndef COMMON_WAIT_H
#define COMMON_WAIT_H

#include <signal.h>
#include <stdint.h>

int64_t now_ms(void);                    /* CLOCK_MONOTONIC, milliseconds */
double now_mono_ms(void);                /* CLOCK_MONOTONIC, ms with fraction:
                                            round-trip times */

extern volatile sig_atomic_t got_sigint;
void catch_interrupt(void);

/* 1 when fd is readable, 0 when the deadline (now_ms() time) has passed
 * or Ctrl-C came (after catch_interrupt); exits 2 on a poll() error. */
int wait_readable(int fd, int64_t deadline_ms);
/* The same for n (0 to 8) descriptors at once: the index in fds of one that
 * is readable, or -1 at the deadline or on Ctrl-C. With n = 0 it sleeps
 * until then. */
int wait_readable_any(const int *fds, int n, int64_t deadline_ms);

#endif
