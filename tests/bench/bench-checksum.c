/*
 * bench-checksum - bytes/s of the common/ checksum against the textbook
 * loop (tests/unit/unit.h), same flags, same buffer, on 20 B (an IPv4
 * header), 64 B, 1500 B and 64 KiB. The two run in alternating trials and
 * the best trial of each counts: on a busy machine the best is the one the
 * other processes disturbed least. Called through volatile pointers, so
 * the compiler cannot hoist the work out of the loop.
 *
 * Prints one line per size:  SIZE COMMON-MB/s TEXTBOOK-MB/s
 */
#include "checksum.h"
#include "../unit/unit.h"

#include <stdio.h>
#include <time.h>

static uint8_t buf[65536 + 1];
static volatile uint16_t sink;
static uint16_t (*volatile fast)(const void *, size_t) = csum;
static uint16_t (*volatile textbook)(const void *, size_t) = csum_textbook;

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double trial(uint16_t (*f)(const void *, size_t), size_t size, long n)
{
    double t = seconds();

    for (long i = 0; i < n; i++)
        sink = f(buf, size);
    return seconds() - t;
}

int main(void)
{
    static const size_t sizes[] = { 20, 64, 1500, 65536 };
    uint32_t x = 1;

    for (size_t i = 0; i < sizeof buf; i++) {
        x = x * 1103515245u + 12345u;
        buf[i] = (uint8_t)(x >> 16);
    }
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        long n = (long)(4000000 / sizes[k]) + 1;     /* ~4 MB a trial */
        double best_f = 1e9, best_t = 1e9;

        if (fast(buf, sizes[k]) != textbook(buf, sizes[k]))
            return 1;
        for (int r = 0; r < 25; r++) {
            double tf = trial(fast, sizes[k], n), tt = trial(textbook, sizes[k], n);

            if (tf < best_f)
                best_f = tf;
            if (tt < best_t)
                best_t = tt;
        }
        printf("%zu %.0f %.0f\n", sizes[k], (double)sizes[k] * (double)n / best_f / 1e6,
               (double)sizes[k] * (double)n / best_t / 1e6);
    }
    return 0;
}
