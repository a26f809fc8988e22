/*
 * fuzz.h - what every tests/fuzz/fuzz-*.c target shares. A target defines
 *
 *   int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
 *
 * calling one parser of untrusted bytes, the code the programs run (a
 * program's own parser is reached by including its .c with main renamed).
 * Its "parser:" comment names the files whose coverage make fuzz reports
 * ("functions:", when there, the functions of those files that parse: a
 * program's main and its socket code are not the fuzzer's to reach).
 *
 * Built by clang with -DLIBFUZZER -fsanitize=fuzzer,address,undefined by
 * make fuzz (tests/fuzz/run.sh). Built by make (with cc, and the sanitizers
 * under make check) without LIBFUZZER, the same file is a replay driver:
 * fuzz-X FILE... runs each file through the target once, each in a buffer
 * of exactly its size, so a read past its end is a sanitizer report. The
 * regressions (tests/fuzz/regressions/) and the corpus replay that way in
 * make test.
 */
#ifndef TESTS_FUZZ_H
#define TESTS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size);

/* Where the parsers print: /dev/null, opened once. */
static inline FILE *fuzz_out(void)
{
    static FILE *null;

    if (!null && !(null = fopen("/dev/null", "w")))
        abort();
    return null;
}

/* The first n bytes of in, in a buffer of exactly n bytes (to free): a
 * parser told that only n bytes were captured must not read the rest. */
static inline uint8_t *fuzz_copy(const uint8_t *in, size_t n)
{
    uint8_t *p = malloc(n ? n : 1);

    if (!p)
        abort();
    for (size_t i = 0; i < n; i++)
        p[i] = in[i];
    return p;
}

/* A part 3 printer (bytes captured, length on the wire) on all of in, then
 * on a capture cut to its first half. */
static inline void fuzz_printer(void (*print)(FILE *, const uint8_t *, size_t, size_t),
                                const uint8_t *in, size_t size)
{
    uint8_t *cut = fuzz_copy(in, size / 2);

    print(fuzz_out(), in, size, size);
    print(fuzz_out(), cut, size / 2, size);
    free(cut);
}

/* A program's parser prints on stdout: there, /dev/null. */
static inline void fuzz_quiet_stdout(void)
{
    stdout = fuzz_out();
}

#ifndef LIBFUZZER
int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        uint8_t *buf;
        long n;

        if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
            perror(argv[i]);
            return 2;
        }
        buf = malloc(n ? (size_t)n : 1);
        if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
            perror(argv[i]);
            return 2;
        }
        fclose(f);
        LLVMFuzzerTestOneInput(buf, (size_t)n);
        free(buf);
    }
    return 0;
}
#endif

#endif
