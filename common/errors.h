/*
 * errors.h - how every program reports failure, and its exit codes.
 *
 * Exit codes are ping's: 0 got what it waited for, 1 timed out or no answer,
 * 2 usage or system error.
 *
 * Errors print as "prog: what failed: strerror text (ENAME)". When socket()
 * fails with EPERM or EACCES, die_socket() adds a line on what to do.
 */
#ifndef COMMON_ERRORS_H
#define COMMON_ERRORS_H

#include <stdio.h>
#include <stdnoreturn.h>

enum { EXIT_GOT = 0, EXIT_NOANSWER = 1, EXIT_TROUBLE = 2 };

/* What kind of socket failed to open, for the hint. */
enum sock_kind { SOCK_KIND_RAW, SOCK_KIND_PACKET, SOCK_KIND_PING };

extern const char *progname;

void prog_init(const char *argv0);      /* progname = basename of argv0 */

/* "prog: what: strerror (ENAME)" from errno, then exit 2. */
noreturn void die(const char *what);
/* The same for a failed socket(), with the EPERM/EACCES hint. */
noreturn void die_socket(const char *what, enum sock_kind kind);
/* "prog: message" (printf format), then exit 2. */
noreturn void die_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: message" on stderr, and returns. */
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* usage(stderr), exit 2: bad command line. */
noreturn void usage_error(void (*usage)(FILE *));

#endif
