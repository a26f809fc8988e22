/* wait.c - see wait.h. */
#include "wait.h"
#include "errors.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

volatile sig_atomic_t got_sigint;
static sigset_t unblocked;               /* the mask inside ppoll() */
static int caught;

int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

double now_mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void on_interrupt(int sig)
{
    (void)sig;
    got_sigint = 1;
}

void catch_interrupt(void)
{
    sigset_t block;
    struct sigaction sa = { .sa_handler = on_interrupt };

    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    if (sigprocmask(SIG_BLOCK, &block, &unblocked) != 0)
        die("sigprocmask");
    sigdelset(&unblocked, SIGINT);
    if (sigaction(SIGINT, &sa, NULL) != 0)
        die("sigaction(SIGINT)");
    caught = 1;
}

int wait_readable(int fd, int64_t deadline_ms)
{
    return wait_readable_any(&fd, 1, deadline_ms) == 0;
}

int wait_readable_any(const int *fds, int n, int64_t deadline_ms)
{
    struct pollfd p[8];
    int i;

    if (n < 0 || n > 8)
        die_msg("wait_readable_any: %d descriptors (0 to 8)", n);
    for (i = 0; i < n; i++)
        p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
    while (!got_sigint) {
        int64_t left = deadline_ms - now_ms();
        struct timespec ts;
        int rc;

        if (left < 0)
            left = 0;
        ts.tv_sec = (time_t)(left / 1000);
        ts.tv_nsec = (long)(left % 1000) * 1000000;
        rc = ppoll(p, (nfds_t)n, &ts, caught ? &unblocked : NULL);
        if (rc > 0) {
            for (i = 0; i < n; i++)
                if (p[i].revents)         /* POLLIN, or an error to read */
                    return i;
        }
        if (rc == 0 && (left == 0 || now_ms() >= deadline_ms))
            return -1;
        if (rc < 0 && errno != EINTR)
            die("ppoll");
    }
    return -1;
}
