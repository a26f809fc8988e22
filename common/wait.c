/* wait.c - see wait.h. */
#include "wait.h"
#include "errors.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Round-trip times on this clock: the wall clock can jump (NTP, date -s). */
double now_mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double now_wall(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int wait_readable(int fd, int64_t deadline_ms)
{
    return wait_readable_any(&fd, 1, deadline_ms) == 0;
}

int wait_readable_any(const int *fds, int n, int64_t deadline_ms)
{
    struct pollfd p[8];
    int i;

    if (n < 1 || n > 8)
        die_msg("wait_readable_any: %d descriptors (1 to 8)", n);
    for (i = 0; i < n; i++)
        p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
    for (;;) {
        int64_t left = deadline_ms - now_ms();
        int rc;

        if (left < 0)
            left = 0;
        rc = poll(p, (nfds_t)n, left > 86400000 ? 86400000 : (int)left);
        if (rc > 0) {
            for (i = 0; i < n; i++)
                if (p[i].revents)         /* POLLIN, or an error to read */
                    return i;
        }
        if (rc == 0) {
            if (left == 0 || now_ms() >= deadline_ms)
                return -1;
            continue;
        }
        if (rc < 0 && errno != EINTR)
            die("poll");
    }
}
