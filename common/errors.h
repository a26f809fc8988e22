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

/* prog_init(argv[0]) as the first line of main: progname = the basename of
 * argv[0]; getopt's own messages off (usage_error says what was wrong, in
 * one line); and at exit, stdout flushed and checked, so output lost to a
 * full disk or a closed pipe is exit 2 with "prog: writing to stdout: ...",
 * never a silent exit 0. It is a macro so that usage_error can see argv. */
#define prog_init(argv0) prog_init_argv(&(argv0))
void prog_init_argv(char **argv);

/* "prog: what: strerror (ENAME)" from errno, then exit 2. */
noreturn void die(const char *what);
/* The same for a failed socket(), with the EPERM/EACCES hint. */
noreturn void die_socket(const char *what, enum sock_kind kind);
/* "prog: message" (printf format), then exit 2. */
noreturn void die_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "prog: message" on stderr, and returns. */
void warn_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Bad command line: one line on stderr, "prog: what was wrong; usage: the
 * synopsis" (an unknown option, an option without its value, a missing or
 * an unexpected argument, read from getopt's state and from the synopsis
 * usage() prints), then exit 2. The whole usage is for --help, on stdout. */
noreturn void usage_error(void (*usage)(FILE *));

#endif
