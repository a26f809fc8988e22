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

double now_wall(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int wait_readable(int fd, int64_t deadline_ms)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };

    for (;;) {
        int64_t left = deadline_ms - now_ms();
        int rc;

        if (left < 0)
            left = 0;
        rc = poll(&p, 1, left > 86400000 ? 86400000 : (int)left);
        if (rc > 0)
            return 1;
        if (rc == 0) {
            if (left == 0 || now_ms() >= deadline_ms)
                return 0;
            continue;
        }
        if (errno != EINTR)
            die("poll");
    }
}
