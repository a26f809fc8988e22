/* errors.c - see errors.h. */
#include "errors.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *progname = "prog";

static void report(const char *what, int err)
{
    const char *name = strerrorname_np(err);    /* glibc >= 2.32 */

    fprintf(stderr, "%s: %s: %s (%s)\n", progname, what, strerror(err),
            name ? name : "?");
}
static char **prog_argv;                /* for usage_error's message */
static int prog_argc;

/* At exit: what is still buffered for stdout must reach it. */
static void check_stdout(void)
{
    if (fflush(stdout) == 0 && !ferror(stdout))
        return;
    if (errno == 0)
        errno = EIO;
    report("writing to stdout", errno);
    _exit(EXIT_TROUBLE);
}

void prog_init_argv(char **argv)
{
    const char *argv0 = argv[0];
    const char *slash = argv0 ? strrchr(argv0, '/') : NULL;

    if (argv0 && *argv0)
        progname = slash ? slash + 1 : argv0;
    prog_argv = argv;
    for (prog_argc = 0; argv[prog_argc]; prog_argc++)
        ;
    opterr = 0;                         /* usage_error reports, in one line */
    optopt = 0;                         /* set by getopt on a bad option */
    atexit(check_stdout);
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

/* The synopsis usage() prints: its "usage: " line and the lines of other
 * forms under it, one a line. */
static char *synopsis(void (*usage)(FILE *))
{
    char *text = NULL, *out, *line, *save;
    size_t len = 0, n = 0;
    FILE *m = open_memstream(&text, &len);

    if (!m)
        return NULL;
    usage(m);
    if (fclose(m) || !text || !(out = calloc(1, len + 1)))
        return free(text), NULL;
    for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        const char *form = line + strspn(line, " ");

        if (!strncmp(line, "usage: ", 7))
            form = line + 7;
        else if (!n || strncmp(form, progname, strlen(progname)))
            break;
        n += (size_t)sprintf(out + n, "%s%s", n ? "\n" : "", form);
    }
    free(text);
    return out;
}

/* Was option letter o given before optind? */
static int given(char o)
{
    for (int i = 1; i < optind && i < prog_argc; i++)
        if (prog_argv[i][0] == '-' && prog_argv[i][1] != '-' &&
            strchr(prog_argv[i] + 1, o))
            return 1;
    return 0;
}

/* What is wrong with the positional arguments or the required options,
 * judged by one form of the synopsis ("-p PROTO [-t SECONDS] [-n] HOST"),
 * into why. 0 when this form finds nothing wrong. */
static int check_form(const char *form, char *why, size_t cap)
{
    char buf[512], *tok, *save;
    const char *need[8];
    int depth = 0, nneed = 0, nopt = 0, after_opt = 0, args = prog_argc - optind;

    snprintf(buf, sizeof buf, "%s", form);
    tok = strtok_r(buf, " ", &save);              /* the program's name */
    while ((tok = strtok_r(NULL, " ", &save))) {
        int top = depth == 0 && tok[0] != '[';

        if (top && tok[0] == '-') {               /* a required option */
            if (!given(tok[1])) {
                snprintf(why, cap, "missing option %s", tok);
                return 1;
            }
            after_opt = 1;
        } else if (top && after_opt) {
            after_opt = 0;                        /* that option's value */
        } else if (top && nneed < 8) {
            need[nneed++] = tok;
        } else if (depth == 0 && tok[1] != '-') {
            nopt++;                               /* [HOST] */
        }
        for (char *p = tok; *p; p++)
            depth += *p == '[' ? 1 : *p == ']' ? -1 : 0;
    }
    if (args < nneed)
        snprintf(why, cap, "missing %s", need[args]);
    else if (args > nneed + nopt)
        snprintf(why, cap, "unexpected argument '%s'",
                 prog_argv[optind + nneed + nopt]);
    else
        return 0;
    return 1;
}

noreturn void usage_error(void (*usage)(FILE *))
{
    char why[160] = "bad arguments", *syn = synopsis(usage), *form, *save;
    const char *last = optind > 0 && optind <= prog_argc ? prog_argv[optind - 1] : "";

    if (optopt) {                               /* getopt: a short option */
        char probe[4] = { '-', (char)optopt, ' ', 0 };
        int known = syn && (strstr(syn, probe) || (probe[2] = ']', strstr(syn, probe)));

        snprintf(why, sizeof why, known ? "option -%c needs a value"
                                        : "unknown option -%c", optopt);
        if (!isprint(optopt))
            snprintf(why, sizeof why, "unknown option");
    } else if (!strncmp(last, "--", 2) && last[2]) {
        snprintf(why, sizeof why, "unknown option '%s'", last);
    } else if (prog_argc <= 1) {
        snprintf(why, sizeof why, "no arguments");
    } else if (syn) {
        char *copy = strdup(syn), *w, *sub, first[160] = "";

        if (optind < prog_argc)         /* e.g. a subcommand no form has */
            snprintf(why, sizeof why, "unexpected argument '%s'",
                     prog_argv[optind]);
        for (form = copy ? strtok_r(copy, "\n", &save) : NULL; form;
             form = strtok_r(NULL, "\n", &save)) {
            w = form + strspn(form, " ");
            /* a form for a subcommand ("listen", "send") only if it is given */
            sub = strchr(w, ' ');
            if (sub && islower((unsigned char)sub[1]) && optind < prog_argc &&
                strncmp(sub + 1, prog_argv[optind], strlen(prog_argv[optind])))
                continue;
            if (!check_form(w, why, sizeof why)) {
                snprintf(why, sizeof why, "bad arguments");
                break;
            }
            if (strncmp(why, "missing option", 14))
                break;
            if (!*first)                /* another form may not need it */
                snprintf(first, sizeof first, "%s", why);
        }
        if (!form && *first)
            snprintf(why, sizeof why, "%s", first);
        free(copy);
    }
    fprintf(stderr, "%s: %s; usage: ", progname, why);
    form = syn ? strtok_r(syn, "\n", &save) : NULL;
    for (int k = 0; form; form = strtok_r(NULL, "\n", &save))
        fprintf(stderr, "%s%s", k++ ? " | " : "", form);  /* the forms, one line */
    fputs(syn ? "\n" : "see --help\n", stderr);
    free(syn);
    exit(EXIT_TROUBLE);
}
