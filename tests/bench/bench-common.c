/*
 * bench-common - figures for the helpers every program runs per packet:
 * building an echo request, the "% X" line and writing a pcap record.
 * (The checksum has its own, against the textbook loop: bench-checksum.)
 * Each loop is bounded by a count; it prints the rate it saw. No target is asserted here: this machine's figures are for
 * reading, not for passing (make bench).
 */
#include "hexdump.h"
#include "icmp.h"
#include "pcap.h"
#include "wait.h"

#include <netinet/ip_icmp.h>
#include <stdio.h>
#include <time.h>

static uint8_t buf[65536];
static volatile uint16_t sink;

static double seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, long n, size_t bytes, double t)
{
    printf("%-34s %9ld in %6.3f s  %10.0f /s", what, n, t, (double)n / t);
    if (bytes)
        printf("  %8.1f MB/s", (double)bytes * (double)n / t / 1e6);
    printf("\n");
}

int main(void)
{
    struct pcap_file pf;
    FILE *null = fopen("/dev/null", "w");
    double t;

    if (!null)
        return 2;
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (uint8_t)(i * 7 + 3);
    t = seconds();
    for (long i = 0; i < 2000000; i++)
        sink = (uint16_t)icmp_echo_build(buf, sizeof buf, ICMP_ECHO, 1, (uint16_t)i, buf + 100, 56);
    report("echo request built (64 bytes)", 2000000, 0, seconds() - t);

    t = seconds();
    for (long i = 0; i < 200000; i++)
        hex_line(null, buf, 84);
    report("'% X' line of 84 bytes", 200000, 0, seconds() - t);

    if (pcap_create(&pf, "/dev/null", PCAP_LINKTYPE_RAW, 65536))
        return 2;
    t = seconds();
    for (long i = 0; i < 500000; i++)
        pcap_write(&pf, 1.5, buf, 84, 84);
    report("pcap record of 84 bytes written", 500000, 0, seconds() - t);
    pcap_close(&pf);
    fclose(null);
    return 0;
}
