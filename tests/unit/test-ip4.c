/*
 * test-ip4 - drives ip4_check (common/ip4.c) for tests/00-common.bats.
 *
 *   test-ip4 check HEX    "ok hlen H total T", or "bad: REASON" (exit 1)
 */
#include "ip4.h"
#include "unit.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    static uint8_t buf[65536];
    size_t n, hlen = 0, total = 0;
    const char *bad;

    prog_init(argv[0]);
    if (argc != 3 || strcmp(argv[1], "check")) {
        fprintf(stderr, "usage: test-ip4 check HEX\n");
        return 2;
    }
    n = unhex(argv[2], buf, sizeof buf);
    /* an allocation of exactly n bytes, so ASan sees any read past it */
    uint8_t *exact = malloc(n ? n : 1);
    if (!exact)
        die("malloc");
    memcpy(exact, buf, n);
    bad = ip4_check(exact, n, &hlen, &total);
    free(exact);
    if (bad) {
        printf("bad: %s\n", bad);
        return 1;
    }
    printf("ok hlen %zu total %zu\n", hlen, total);
    return 0;
}
