/* errors.c - see errors.h. */
#include "errors.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *progname = "prog";

void prog_init(const char *argv0)
{
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

    if (argv0 && *argv0)
        progname = slash ? slash + 1 : argv0;
}

static void report(const char *what, int err)
{
    const char *name = strerrorname_np(err);    /* glibc >= 2.32 */

    fprintf(stderr, "%s: %s: %s (%s)\n", progname, what, strerror(err),
            name ? name : "?");
}

noreturn void die(const char *what)
{
    report(what, errno);
    exit(EXIT_TROUBLE);
}

noreturn void die_socket(const char *what, enum sock_kind kind)
{
    int err = errno;

    report(what, err);
    if (err == EPERM || err == EACCES) {
        if (kind == SOCK_KIND_PING)
            fprintf(stderr, "%s: hint: an ICMP ping socket needs your group "
                    "in net.ipv4.ping_group_range, e.g. "
                    "sudo sysctl -w net.ipv4.ping_group_range='0 2147483647'\n",
                    progname);
        else
            fprintf(stderr, "%s: hint: %s sockets need root or CAP_NET_RAW: "
                    "run 'sudo ./%s'\n", progname,
                    kind == SOCK_KIND_PACKET ? "packet" : "raw", progname);
    }
    exit(EXIT_TROUBLE);
}

static void vmsg(const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: ", progname);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

noreturn void die_msg(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    exit(EXIT_TROUBLE);
}

void warn_msg(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
}

noreturn void usage_error(void (*usage)(FILE *))
{
    usage(stderr);
    exit(EXIT_TROUBLE);
}
