# The raw sockets workbook. One Makefile; the flags live here and only here.
# A program is added by dropping NN-name.c into a chapter: no edit needed.

CC      ?= cc
CFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wshadow \
           -Wconversion -Werror -O2 -g -Icommon
LDLIBS  := -lm
ifeq ($(SAN),1)   # make check: AddressSanitizer + UndefinedBehaviorSanitizer
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
CFLAGS  += $(SANFLAGS)
LDFLAGS += $(SANFLAGS)
endif

COMMON_SRC := $(wildcard common/*.c)
COMMON_OBJ := $(COMMON_SRC:.c=.o)
COMMON_HDR := $(wildcard common/*.h)
COMMON_LIB := common/libcommon.a
PART1 := $(patsubst %.c,%,$(wildcard part1-ip-layer/[0-9][0-9]-*.c))
PART2 := $(patsubst %.c,%,$(wildcard part2-link-layer/[0-9][0-9]-*.c))
PART3 := $(patsubst %.c,%,$(wildcard part3-physical/[0-9][0-9]-*.c))
UNIT  := $(patsubst %.c,%,$(wildcard tests/unit/test-*.c))
BENCH := $(patsubst %.c,%,$(wildcard tests/bench/bench-*.c))
FUZZ  := $(patsubst %.c,%,$(wildcard tests/fuzz/fuzz-*.c))
PROGS := $(PART1) $(PART2) $(PART3) $(UNIT) $(BENCH) $(FUZZ)

.PHONY: all part1 part2 part3 unit test check deps demo bench fuzz \
        lab-up lab-down mutants lab-shell lab-hub lab-switch check-lab clean FORCE
all: part1 part2 part3 unit
part1: $(PART1)
part2: $(PART2)
part3: $(PART3)
unit: $(UNIT) $(FUZZ)

# Rebuild everything when the flags change (make check <-> make).
.build-flags: FORCE
	@echo '$(CC) $(CFLAGS) $(LDFLAGS)' | cmp -s - $@ || \
	    echo '$(CC) $(CFLAGS) $(LDFLAGS)' > $@

common/%.o: common/%.c $(COMMON_HDR) .build-flags
	$(CC) $(CFLAGS) -c $< -o $@

# common/ built once into a static library, as TLPI builds libtlpi.a: each
# program links only the members it uses. Rebuilt whole, so a removed
# common/*.c leaves no stale member behind.
$(COMMON_LIB): $(COMMON_OBJ)
	rm -f $@
	$(AR) rcs $@ $(COMMON_OBJ)

$(PROGS): %: %.c $(COMMON_LIB) $(COMMON_HDR) .build-flags
	$(CC) $(CFLAGS) $< $(COMMON_LIB) $(LDFLAGS) $(LDLIBS) -o $@

# A fuzz target built by cc is its replay driver (tests/fuzz/fuzz.h); it
# includes a program's .c when it fuzzes that program's parser.
$(FUZZ): tests/fuzz/fuzz.h $(wildcard part*/[0-9][0-9]-*.c)

deps:
	tests/deps.sh

# The build takes one job per CPU; the tests then run two files at a time.
test: deps
	$(MAKE) -j$$(nproc) all
	tests/run.sh

# The whole suite against a sanitizer build; the next plain make rebuilds.
check: deps
	$(MAKE) SAN=1 all
	ASAN_OPTIONS=exitcode=86:detect_leaks=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=86 tests/run.sh

# Figures, not pass/fail: speed targets never live in timed tests.
# One table of capture, send and checksum figures side by side, also in
# test-output/bench.txt (tests/bench/run.sh); then the helpers' own figures.
bench: all $(BENCH)
	tests/bench/run.sh
	@echo "== tests/bench/bench-common"; tests/bench/bench-common

# Coverage-guided fuzzing (libFuzzer, clang from Debian, installed when
# missing): each tests/fuzz/fuzz-*.c target FUZZ_SECONDS seconds, then its
# executions, crashes and the line and branch coverage of its parser files.
FUZZ_SECONDS ?= 30
fuzz:
	tests/fuzz/run.sh $(FUZZ_SECONDS)

# One small bug a patch (tests/mutants/*.patch), each on a scratch copy,
# against the bats files that cover it: every one must be killed. Minutes,
# so outside make test.
mutants: deps all
	tests/mutants.sh

# The tour; STEP=N starts at step N.
demo: deps all
	tests/demo.sh $(STEP)

# The classroom network, one for all three chapters (tests/lab.sh says what
# is where); LAB=pair|segment|routed are aliases of it, from older versions.
lab-up: all
	tests/lab.sh up $(LAB)

lab-shell:
	tests/lab.sh shell $(HOST)

lab-hub lab-switch:
	tests/lab.sh $(@:lab-%=%)

lab-down:
	tests/lab.sh down

# A lab exercise checked on the lab network: make check-lab EX=p3-4
check-lab: all
	tests/check-lab.sh $(EX)

clean:
	rm -f $(PROGS) common/*.o $(COMMON_LIB) .build-flags
	rm -rf test-output
